#!/usr/bin/env node
// BGSAVE under write load, respd vs real Redis: longest stall seen by a client
// (max PING round trip while the snapshot runs), snapshot duration, RSS growth,
// and time to load the file back.  usage: node scripts/bgsave-bench.mjs [keys] [redis|respd]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import Redis from 'ioredis';

const KEYS = Number(process.argv[2] ?? 1_000_000);
const ROOT = new URL('..', import.meta.url).pathname;

function wait(ms) { return new Promise((r) => setTimeout(r, ms)); }
async function waitPort(port) {
  for (;;) {
    const ok = await new Promise((res) => { const s = net.connect(port, '127.0.0.1', () => { s.destroy(); res(true); }); s.on('error', () => res(false)); });
    if (ok) return;
    await wait(50);
  }
}
import { readFileSync } from 'node:fs';
function rss(pid) { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024; }

async function run(name, cmd, args, dir, port) {
  const proc = spawn(cmd, args, { stdio: 'ignore' });
  await waitPort(port);
  const r = new Redis({ port });
  await r.call('DEBUG', 'POPULATE', String(KEYS), 'key', '32');
  const rssBefore = rss(proc.pid);
  const writer = new Redis({ port });
  let writing = true;
  let writes = 0;
  const writeLoop = (async () => { while (writing) { const p = writer.pipeline(); for (let i = 0; i < 100; i++) p.set(`key:${Math.floor(Math.random() * KEYS)}`, 'x'.repeat(32)); await p.exec(); writes += 100; } })();
  const pinger = new Redis({ port });
  let maxPing = 0;
  let peakRss = rssBefore;
  const t0 = Date.now();
  await r.bgsave();
  for (;;) {
    const a = performance.now();
    await pinger.ping();
    const d = performance.now() - a;
    if (d > maxPing) maxPing = d;
    peakRss = Math.max(peakRss, rss(proc.pid));
    const info = await r.info('persistence');
    if (/rdb_bgsave_in_progress:0/.test(info) && Date.now() - t0 > 50) break;
    await wait(1);
  }
  const saveMs = Date.now() - t0;
  writing = false;
  await writeLoop;
  const size = statSync(join(dir, 'dump.rdb')).size;
  writer.disconnect();
  pinger.disconnect();
  proc.kill('SIGKILL');
  await new Promise((res) => proc.once('exit', res));
  r.disconnect();
  // load time: restart on the file and wait until it answers without -LOADING
  const t1 = Date.now();
  const proc2 = spawn(cmd, args, { stdio: 'ignore' });
  await waitPort(port);
  const r2 = new Redis({ port, maxRetriesPerRequest: null, lazyConnect: true });
  r2.on('error', () => {});
  for (;;) { try { await r2.dbsize(); break; } catch { await wait(5); } }
  const loadMs = Date.now() - t1;
  r2.disconnect();
  proc2.kill('SIGKILL');
  await new Promise((res) => proc2.once('exit', res));
  console.log(`${name}: ${KEYS} keys, file ${(size / 1e6).toFixed(1)} MB, BGSAVE ${saveMs} ms with ${writes} writes meanwhile, max PING ${maxPing.toFixed(1)} ms, RSS ${(rssBefore / 1e6).toFixed(0)} -> peak ${(peakRss / 1e6).toFixed(0)} MB (parent only), load ${loadMs} ms`);
}

function freePort() {
  return new Promise((res) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });
}

const sides = process.argv[3] ? [process.argv[3]] : ['redis', 'respd'];
for (const side of sides) {
  const dir = mkdtempSync(join(tmpdir(), `bench-${side}-`));
  const port = await freePort();
  const common = ['--port', String(port), '--dir', dir, '--save', '', '--enable-debug-command', 'yes'];
  if (side === 'redis') await run(side, 'redis-server', common, dir, port);
  else await run(side, process.execPath, [join(ROOT, 'bin/respd'), ...common], dir, port);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
