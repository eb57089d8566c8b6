#!/usr/bin/env node
/**
 * Sorted set scaling: per-operation cost of ZADD, ZRANK and ZRANGE as the
 * set grows from 10k to 1M members, on respd and on real Redis. With
 * O(log n) structures the cost per operation stays nearly flat while n
 * grows 100x (an O(n) structure would slow down ~100x).
 *
 *   npx tsc -p tsconfig.json && node bench/zset-scaling.mjs [sizes...]
 *
 * Needs redis-server on PATH (skipped when missing). Commands are sent
 * pipelined in batches over one connection; times are wall-clock.
 */
import net from 'node:net';
import { freePort, waitPort } from './lib.mjs';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (SIZES.length === 0) SIZES.push(10_000, 100_000, 1_000_000);
const QUERIES = 20_000;
const BATCH = 1000;
const ROUNDS = 3;



/** End offset of the RESP reply at `pos`, or -1 when incomplete. */
function frameEnd(buf, pos) {
  if (pos >= buf.length) return -1;
  const cr = buf.indexOf('\r\n', pos);
  if (cr < 0) return -1;
  const t = buf[pos];
  const next = cr + 2;
  if (t === 0x24) {
    const n = parseInt(buf.toString('latin1', pos + 1, cr), 10);
    if (n < 0) return next;
    return next + n + 2 <= buf.length ? next + n + 2 : -1;
  }
  if (t === 0x2a) {
    const n = parseInt(buf.toString('latin1', pos + 1, cr), 10);
    let p = next;
    for (let i = 0; i < n; i++) {
      p = frameEnd(buf, p);
      if (p < 0) return -1;
    }
    return p;
  }
  return next;
}

function encode(argv) {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
  return s;
}

class Conn {
  constructor(sock) {
    this.sock = sock;
    this.buf = Buffer.alloc(0);
    this.want = 0;
    this.done = null;
    sock.on('data', (d) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      let p = 0;
      for (;;) {
        const e = frameEnd(this.buf, p);
        if (e < 0) break;
        if (this.buf[p] === 0x2d) throw new Error(this.buf.toString('latin1', p, e));
        p = e;
        if (--this.want === 0) break;
      }
      this.buf = this.buf.subarray(p);
      if (this.want === 0 && this.done) {
        const d2 = this.done;
        this.done = null;
        d2();
      }
    });
  }
  static open(port) {
    return new Promise((res, rej) => {
      const s = net.connect({ port, host: '127.0.0.1' }, () => {
        s.setNoDelay(true);
        res(new Conn(s));
      });
      s.once('error', rej);
    });
  }
  /** Sends commands and resolves when every reply arrived. */
  run(cmds) {
    return new Promise((res) => {
      this.want = cmds.length;
      this.done = res;
      this.sock.write(cmds.map(encode).join(''));
    });
  }
  async runBatched(make, total) {
    for (let i = 0; i < total; i += BATCH) {
      const cmds = [];
      for (let j = i; j < Math.min(total, i + BATCH); j++) cmds.push(make(j));
      await this.run(cmds);
    }
  }
  close() {
    this.sock.destroy();
  }
}

// Deterministic pseudo-random sequence, identical for both servers.
function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 4294967296;
}

/** Best of ROUNDS timings of QUERIES commands made by `make`, in µs per command. */
async function timed(c, make) {
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const t = performance.now();
    await c.runBatched(make, QUERIES);
    best = Math.min(best, ((performance.now() - t) * 1000) / QUERIES);
  }
  return best;
}

async function measure(port, n) {
  const c = await Conn.open(port);
  // A fresh key per size; removed with a sorted set command so only this family is needed.
  const key = 'bench:' + n;
  const r = rng(7);
  let t = performance.now();
  await c.runBatched((i) => ['ZADD', key, String(Math.floor(r() * n * 10)), 'member:' + i], n);
  const build = (performance.now() - t) / 1000;
  // Inserting into (and then removing from) a set that already holds n members.
  let extra = 0;
  const zadd = await timed(c, () => ['ZADD', key, String(Math.floor(r() * n * 10)), 'extra:' + extra++]);
  const zrank = await timed(c, () => ['ZRANK', key, 'member:' + Math.floor(r() * n)]);
  const zrange = await timed(c, () => {
    const start = Math.floor(r() * (n - 10));
    return ['ZRANGE', key, String(start), String(start + 9)];
  });
  const byscore = await timed(c, () => ['ZRANGEBYSCORE', key, String(Math.floor(r() * n * 10)), '+inf', 'LIMIT', '0', '10']);
  await c.run([['ZREMRANGEBYRANK', key, '0', '-1']]);
  c.close();
  return { build, zadd, zrank, zrange, byscore };
}

async function main() {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) {
    console.error('build first: npx tsc -p tsconfig.json');
    process.exit(1);
  }
  const servers = [];
  const respdPort = await freePort();
  const respd = spawn(process.execPath, ['--max-old-space-size=4096', join(ROOT, 'bin/respd'), '--port', String(respdPort), '--bind', '127.0.0.1', '--save', ''], { stdio: 'ignore' });
  servers.push({ name: 'respd', port: respdPort, proc: respd });
  let haveRedis = true;
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    haveRedis = false;
  }
  if (haveRedis) {
    const redisPort = await freePort();
    const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    servers.push({ name: 'redis', port: redisPort, proc: redis });
  }
  try {
    for (const s of servers) await waitPort(s.port);
    console.log('µs per command at size n: best of %d runs of %d pipelined commands (batches of %d); build = seconds to ZADD n members', ROUNDS, QUERIES, BATCH);
    console.log('server       n  build(s)   ZADD  ZRANK  ZRANGE(10)  ZRANGEBYSCORE(LIMIT 10)');
    for (const n of SIZES) {
      for (const s of servers) {
        const m = await measure(s.port, n);
        console.log(
          `${s.name.padEnd(6)} ${String(n).padStart(8)} ${m.build.toFixed(2).padStart(9)} ${m.zadd.toFixed(2).padStart(6)} ${m.zrank.toFixed(2).padStart(6)} ${m.zrange.toFixed(2).padStart(11)} ${m.byscore.toFixed(2).padStart(24)}`,
        );
      }
    }
  } finally {
    for (const s of servers) s.proc.kill('SIGKILL');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
