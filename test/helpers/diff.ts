/**
 * The differential harness: the same command sequence is sent to a real
 * redis-server 7.0 and to respd over raw sockets, and every reply is
 * compared byte for byte (errors included).
 *
 *   diffSuite('strings', [
 *     { name: 'set and get', cmds: ['SET k v', 'GET k'] },
 *     { name: 'binary', cmds: [['SET', 'k', '\x00\xff'], ['GET', 'k']] },
 *   ]);
 *
 * A command is either a string split on single spaces, or an argv array
 * (strings are latin1: one char per byte). Each case runs on a fresh
 * connection after FLUSHALL on both servers.
 */
import { describe, it, beforeAll, afterAll, expect } from 'vitest';
import { RawClient } from './raw-client.js';
import { startRedis, startRespd, haveRedis, type Oracle } from './servers.js';
import type { RunningServer } from '../../src/index.js';

export type Cmd = string | (string | Buffer)[];

export interface DiffCase {
  name: string;
  /** Commands to send; absent when the case sends `raw` bytes. */
  cmds?: Cmd[];
  /** Compare replies after this transformation (e.g. mask ids or sort unordered arrays). */
  normalize?: (reply: string, index: number) => string;
  /** Start the connection with HELLO 3 (the HELLO reply itself is not compared). */
  resp3?: boolean;
  /** Send all commands at once (pipelined) instead of one by one. */
  pipeline?: boolean;
  /** Raw bytes to send instead of commands; compared until both close or `replies` arrive. */
  raw?: string;
  replies?: number;
}

export interface Pair {
  redis: Oracle;
  respd: RunningServer;
}

export async function startPair(redisArgs: string[] = [], respdConfig: Record<string, string | number> = {}): Promise<Pair> {
  const [redis, respd] = await Promise.all([startRedis(redisArgs), startRespd(respdConfig)]);
  return { redis, respd };
}

export async function stopPair(p: Pair | undefined): Promise<void> {
  if (!p) return;
  await Promise.all([p.redis.stop(), p.respd.close()]);
}

function toArgv(c: Cmd): (string | Buffer)[] {
  return typeof c === 'string' ? c.split(' ') : c;
}

/** Runs a case against one server, returning the replies as latin1 strings. */
export async function runCase(port: number, dc: DiffCase): Promise<string[]> {
  const admin = await RawClient.connect(port);
  await admin.call('FLUSHALL');
  admin.close();
  const cl = await RawClient.connect(port);
  try {
    if (dc.resp3) await cl.call('HELLO', '3');
    const out: string[] = [];
    if (dc.raw !== undefined) {
      cl.write(dc.raw);
      const n = dc.replies ?? 1;
      for (let i = 0; i < n; i++) {
        const r = await cl.reply(3000);
        if (r === null) {
          out.push('<closed>');
          break;
        }
        out.push(r.toString('latin1'));
      }
      return out;
    }
    const cmds = dc.cmds ?? [];
    if (dc.pipeline) {
      for (const c of cmds) cl.send(toArgv(c));
      for (let i = 0; i < cmds.length; i++) {
        const r = await cl.reply();
        out.push(r === null ? '<closed>' : r.toString('latin1'));
      }
      return out;
    }
    for (const c of cmds) {
      const r = await cl.call(...toArgv(c));
      out.push(r === null ? '<closed>' : r.toString('latin1'));
    }
    return out;
  } finally {
    cl.close();
  }
}

/**
 * Declares a vitest suite comparing respd with real Redis on every case.
 * Skipped (with a note) when redis-server is not installed.
 */
export interface PairOptions {
  redisArgs?: string[];
  respdConfig?: Record<string, string | number>;
}

/**
 * A vitest suite with a real Redis and a respd started for it (skipped when
 * redis-server is not installed); `body` declares the tests and reads the
 * running pair through `pair()`.
 */
export function pairSuite(title: string, opts: PairOptions, body: (pair: () => Pair) => void): void {
  const d = haveRedis() ? describe : describe.skip;
  d(`differential: ${title}`, () => {
    let pair: Pair;
    beforeAll(async () => {
      pair = await startPair(opts.redisArgs, opts.respdConfig);
    }, 20000);
    afterAll(async () => {
      await stopPair(pair);
    });
    body(() => pair);
  });
}

export function diffSuite(title: string, cases: DiffCase[], opts: PairOptions = {}): void {
  pairSuite(title, opts, (pair) => {
    for (const dc of cases) {
      it(dc.name, async () => {
        const expected = await runCase(pair().redis.port, dc);
        const actual = await runCase(pair().respd.port, dc);
        const norm = dc.normalize ?? ((s: string) => s);
        const cmds = dc.raw !== undefined ? [JSON.stringify(dc.raw)] : (dc.cmds ?? []).map((c) => (typeof c === 'string' ? c : c.map(String).join(' ')));
        const label = (i: number) => `reply ${i} to ${JSON.stringify(cmds[i] ?? '?').slice(0, 200)}`;
        for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
          expect(norm(actual[i] ?? '<missing>', i), label(i)).toBe(norm(expected[i] ?? '<missing>', i));
        }
      });
    }
  });
}

/** Normalizer: sorts the elements of a flat array reply of bulk strings (for unordered replies). */
export function sortedArray(reply: string): string {
  if (!reply.startsWith('*') && !reply.startsWith('~')) return reply;
  const lines = reply.split('\r\n');
  const head = lines[0];
  const items: string[] = [];
  for (let i = 1; i + 1 < lines.length; i += 2) items.push(lines[i] + '\r\n' + lines[i + 1]);
  items.sort();
  return [head.replace('~', '*'), ...items].join('\r\n') + '\r\n';
}
