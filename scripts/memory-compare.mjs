#!/usr/bin/env node
// Memory side by side with Redis, in one run:
//   1. bytes per element of one 1M-element list, hash, set and zset (RSS growth
//      after MEMORY PURGE, divided by the element count), and the ratio to Redis;
//   2. RSS under `maxmemory 50mb` (allkeys-lru) after writing ~200 MB of keys,
//      against the target: 2 x the limit + the idle baseline.
// Usage: npm run build && node scripts/memory-compare.mjs [--elements 1000000]
// Needs redis-server on PATH. Ports 7901/7902 (override with --port-base).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('--elements', 1_000_000);
const BASE = arg('--port-base', 7901);

function rssOf(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
  return Number(m[1]) * 1024;
}

/** A minimal pipelining RESP client: send many commands, wait for as many replies. */
class Conn {
  constructor(sock) {
    this.sock = sock;
    this.pending = 0;
    this.buf = '';
    this.waiter = null;
    sock.on('data', (d) => {
      this.buf += d.toString('latin1');
      this.consume();
    });
  }
  static open(port) {
    return new Promise((res, rej) => {
      const s = net.connect(port, '127.0.0.1', () => res(new Conn(s)));
      s.once('error', rej);
    });
  }
  consume() {
    // Replies here are simple lines (+OK, :n, -ERR) or one bulk for INFO: count line-level replies.
    for (;;) {
      if (this.buf.length === 0) break;
      if (this.buf[0] === '$') {
        const nl = this.buf.indexOf('\r\n');
        if (nl < 0) break;
        const n = Number(this.buf.slice(1, nl));
        if (this.buf.length < nl + 2 + n + 2) break;
        this.last = this.buf.slice(nl + 2, nl + 2 + n);
        this.buf = this.buf.slice(nl + 2 + n + 2);
      } else {
        const nl = this.buf.indexOf('\r\n');
        if (nl < 0) break;
        this.last = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 2);
      }
      this.pending--;
    }
    if (this.pending === 0 && this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w(this.last);
    }
  }
  send(cmds) {
    let out = '';
    for (const argv of cmds) out += `*${argv.length}\r\n` + argv.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('');
    this.pending += cmds.length;
    return new Promise((res) => {
      this.waiter = res;
      this.sock.write(out);
    });
  }
  close() {
    this.sock.destroy();
  }
}

async function waitPort(port) {
  for (let i = 0; i < 200; i++) {
    try {
      const c = await Conn.open(port);
      c.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`port ${port} never opened`);
}

async function startServer(kind, port, extra = []) {
  const args = ['--port', String(port), '--save', '', '--bind', '127.0.0.1', ...extra];
  const proc = kind === 'redis'
    ? spawn('redis-server', args, { stdio: 'ignore' })
    : spawn(join(ROOT, 'bin/respd'), [...args, '--loglevel', 'warning'], { stdio: 'ignore' });
  await waitPort(port);
  return proc;
}

async function settle(conn, pid) {
  await conn.send([['MEMORY', 'PURGE']]);
  await new Promise((r) => setTimeout(r, 300));
  return rssOf(pid);
}

/** Element i of each type, as redis-benchmark-like short values. */
const FILL = {
  list: (key, lo, hi) => [['RPUSH', key, ...range(lo, hi, (i) => `element:${i}`)]],
  hash: (key, lo, hi) => [['HSET', key, ...range(lo, hi, (i) => [`field:${i}`, `value:${i}`]).flat()]],
  set: (key, lo, hi) => [['SADD', key, ...range(lo, hi, (i) => `member:${i}`)]],
  zset: (key, lo, hi) => [['ZADD', key, ...range(lo, hi, (i) => [String(i), `member:${i}`]).flat()]],
};

function range(lo, hi, f) {
  const out = [];
  for (let i = lo; i < hi; i++) out.push(f(i));
  return out;
}

async function bytesPerElement(kind, port, type) {
  const proc = await startServer(kind, port);
  const c = await Conn.open(port);
  const before = await settle(c, proc.pid);
  const BATCH = 1000;
  for (let lo = 0; lo < N; lo += BATCH * 20) {
    const cmds = [];
    for (let b = lo; b < Math.min(N, lo + BATCH * 20); b += BATCH) cmds.push(...FILL[type]('k', b, Math.min(N, b + BATCH)));
    await c.send(cmds);
  }
  const after = await settle(c, proc.pid);
  c.close();
  proc.kill('SIGKILL');
  return (after - before) / N;
}

async function underMaxmemory(kind, port) {
  const proc = await startServer(kind, port, ['--maxmemory', '50mb', '--maxmemory-policy', 'allkeys-lru']);
  const c = await Conn.open(port);
  const idle = await settle(c, proc.pid);
  const value = 'x'.repeat(100);
  let peak = 0;
  for (let i = 0; i < 2_000_000; i += 10_000) {
    await c.send(range(i, i + 10_000, (j) => ['SET', `key:${j}`, value]));
    if (i % 200_000 === 0) peak = Math.max(peak, rssOf(proc.pid));
  }
  peak = Math.max(peak, rssOf(proc.pid));
  const settled = await settle(c, proc.pid);
  c.close();
  proc.kill('SIGKILL');
  return { idle, peak, settled };
}

const MB = (n) => (n / 1048576).toFixed(1);
console.log(`bytes per element, ${N} elements in one key (RSS growth after MEMORY PURGE)`);
console.log('type   respd    redis    ratio');
for (const type of ['list', 'hash', 'set', 'zset']) {
  const r = await bytesPerElement('respd', BASE, type);
  const o = await bytesPerElement('redis', BASE + 1, type);
  console.log(`${type.padEnd(6)} ${r.toFixed(1).padStart(6)}   ${o.toFixed(1).padStart(6)}   ${(r / o).toFixed(2)}x`);
}
console.log('\nRSS with maxmemory 50mb, allkeys-lru, 2M SETs of 100-byte values (MB)');
console.log('server  idle    peak    settled  target(2x limit + idle)');
for (const [kind, port] of [['respd', BASE], ['redis', BASE + 1]]) {
  const m = await underMaxmemory(kind, port);
  console.log(`${kind.padEnd(7)} ${MB(m.idle).padStart(5)}  ${MB(m.peak).padStart(6)}  ${MB(m.settled).padStart(7)}  ${MB(100 * 1048576 + m.idle)}`);
}
