/**
 * Differential harness for the propagation layer: the same commands go to a
 * real redis-server 7.0 running with `appendonly yes` + `appendfsync always`
 * and to respd with a command-stream tap attached; what Redis appended to its
 * `appendonlydir/*.incr.aof` during the case is compared with what the tap
 * recorded. Timestamps that depend on "now" (PXAT, PEXPIREAT, XADD's `*` ID)
 * are compared within a tolerance; everything else byte for byte.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RawClient } from './raw-client.js';
import { startRedis, startRespd, type Oracle } from './servers.js';
import { CommandTap, TO_AOF } from '../../src/server/propagation.js';
import type { RunningServer } from '../../src/index.js';

export type PCmd = string | string[];

export interface PropCase {
  name: string;
  /** Commands; a string is split on spaces. `SLEEP n` waits n ms on both sides. `@n` switches to connection n. */
  cmds: PCmd[];
  /** CONFIG SET pairs applied on both before the case (and reset after). */
  config?: [string, string, string][];
}

export interface PropPair {
  redis: Oracle;
  respd: RunningServer;
  dir: string;
  tap: CommandTap;
}

export async function startPropPair(): Promise<PropPair> {
  const dir = mkdtempSync(join(tmpdir(), 'respd-prop-'));
  const [redis, respd] = await Promise.all([
    startRedis(['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--enable-debug-command', 'yes']),
    startRespd({ 'enable-debug-command': 'yes' }),
  ]);
  const tap = new CommandTap(TO_AOF);
  respd.server.propagation.attach(tap);
  return { redis, respd, dir, tap };
}

export async function stopPropPair(p: PropPair | undefined): Promise<void> {
  if (!p) return;
  await Promise.all([p.redis.stop(), p.respd.close()]);
  rmSync(p.dir, { recursive: true, force: true });
}

function incrFile(dir: string): string {
  const d = join(dir, 'appendonlydir');
  const f = readdirSync(d).filter((n) => n.endsWith('.incr.aof')).sort();
  return join(d, f[f.length - 1]);
}

function toArgv(c: PCmd): string[] {
  return typeof c === 'string' ? c.split(' ') : c;
}

async function runOn(port: number, cmds: PCmd[]): Promise<void> {
  const conns: RawClient[] = [await RawClient.connect(port)];
  let cur = conns[0];
  const pendingReplies = new Map<RawClient, number>();
  try {
    for (const c of cmds) {
      const argv = toArgv(c);
      if (argv[0] === 'SLEEP') {
        await new Promise((r) => setTimeout(r, Number(argv[1])));
        continue;
      }
      if (argv[0].startsWith('@')) {
        const n = Number(argv[0].slice(1));
        while (conns.length <= n) conns.push(await RawClient.connect(port));
        cur = conns[n];
        continue;
      }
      if (argv[0] === 'ASYNC') {
        // Sent without waiting for the reply (a command that blocks).
        cur.send(argv.slice(1));
        pendingReplies.set(cur, (pendingReplies.get(cur) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      cur.send(argv);
      await cur.reply();
    }
    for (const [cl, n] of pendingReplies) for (let i = 0; i < n; i++) await cl.reply();
  } finally {
    for (const cl of conns) cl.close();
  }
}

async function admin(port: number, ...argvs: string[][]): Promise<void> {
  const cl = await RawClient.connect(port);
  try {
    for (const a of argvs) {
      cl.send(a);
      await cl.reply();
    }
  } finally {
    cl.close();
  }
}

/** Runs one case on both; returns [redis stream, respd stream] as latin1 strings. */
export async function runPropCase(p: PropPair, pc: PropCase): Promise<[string, string]> {
  const prep: string[][] = [['FLUSHALL'], ['FUNCTION', 'FLUSH'], ['SCRIPT', 'FLUSH'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '0']];
  for (const [k, v] of pc.config ?? []) prep.push(['CONFIG', 'SET', k, v]);
  await Promise.all([admin(p.redis.port, ...prep), admin(p.respd.port, ...prep)]);
  const file = incrFile(p.dir);
  const start = readFileSync(file).length;
  p.tap.take();
  await Promise.all([runOn(p.redis.port, pc.cmds), runOn(p.respd.port, pc.cmds)]);
  const redisOut = readFileSync(file).subarray(start).toString('latin1');
  const respdOut = p.tap.take();
  const reset = (pc.config ?? []).map(([k, , v]) => ['CONFIG', 'SET', k, v]);
  if (reset.length) await Promise.all([admin(p.redis.port, ...reset), admin(p.respd.port, ...reset)]);
  return [redisOut, respdOut];
}

/** Splits a propagated stream into command argvs. */
export function parseStream(s: string): string[][] {
  const out: string[][] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] !== '*') throw new Error(`bad stream at ${i}: ${JSON.stringify(s.slice(i, i + 40))}`);
    let e = s.indexOf('\r\n', i);
    const n = Number(s.slice(i + 1, e));
    i = e + 2;
    const argv: string[] = [];
    for (let k = 0; k < n; k++) {
      e = s.indexOf('\r\n', i);
      const len = Number(s.slice(i + 1, e));
      argv.push(s.slice(e + 2, e + 2 + len));
      i = e + 2 + len + 2;
    }
    out.push(argv);
  }
  return out;
}

const NEAR_NOW_MS = 10 * 365 * 86400 * 1000;

/** Replaces "now"-dependent millisecond timestamps (alone or as a stream ID's ms part) by a marker, after checking both sides agree within `tolMs`. */
export function compareStreams(redis: string, respd: string, tolMs = 3000): { redis: string; respd: string } {
  const a = parseStream(redis);
  const b = parseStream(respd);
  const now = Date.now();
  const norm = (x: string, y: string | undefined): [string, string | undefined] => {
    const mx = /^(\d{13})(-\d+)?$/.exec(x);
    const my = y === undefined ? null : /^(\d{13})(-\d+)?$/.exec(y);
    if (mx === null || my === null) return [x, y];
    const tx = Number(mx[1]);
    const ty = Number(my[1]);
    if (Math.abs(tx - now) > NEAR_NOW_MS || Math.abs(tx - ty) > tolMs) return [x, y];
    // Stream IDs made by `*` differ in their sequence only when ms differ; compare shape.
    const seqX = mx[2] ?? '';
    const seqY = my[2] ?? '';
    return [`<ms>${tx === ty ? seqX : seqX === '' ? '' : '-s'}`, `<ms>${tx === ty ? seqY : seqY === '' ? '' : '-s'}`];
  };
  const ra: string[] = [];
  const rb: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? [];
    const y = b[i] ?? [];
    const nx: string[] = [];
    const ny: string[] = [];
    for (let k = 0; k < Math.max(x.length, y.length); k++) {
      const [p, q] = norm(x[k] ?? '<none>', y[k]);
      nx.push(p);
      ny.push(q ?? '<none>');
    }
    ra.push(JSON.stringify(nx));
    rb.push(JSON.stringify(ny));
  }
  return { redis: ra.join('\n'), respd: rb.join('\n') };
}
