#!/usr/bin/env node
// EVALSHA per-call cost without the network: dispatches
// `EVALSHA <sha> 1 key` (script `return redis.call('INCR', KEYS[1])`)
// on an in-process server's client, replies discarded, and prints ns/call
// of CPU time (median and best of ROUNDS rounds of N calls: the best round
// is the least disturbed on a shared machine). Needs `npm run build` first.
//
//   node bench/evalsha-inproc.mjs          # N=200000 ROUNDS=7
import { startServer } from '../dist/index.js';
import { Client } from '../dist/server/client.js';
import { dispatch } from '../dist/server/dispatcher.js';
import { median } from './lib.mjs';

const N = Number(process.env.N ?? 200000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const SCRIPT = process.env.SCRIPT ?? "return redis.call('INCR', KEYS[1])";

const srv = await startServer({ port: 0 });
const sink = { write() { return true; }, cork() {}, uncork() {}, writableLength: 0, remoteAddress: '127.0.0.1', remotePort: 1, localAddress: '127.0.0.1', localPort: 2, destroy() {}, end() {} };
const c = new Client(srv.server, sink);
c.authenticated = true;
dispatch(c, ['SCRIPT', 'LOAD', SCRIPT]); // starts loading the engine and holds the client
await new Promise((r) => setTimeout(r, 500));
c.flush();
const { sha1hex } = await import('../dist/scripting/engine.js');
const argv = ['EVALSHA', sha1hex(SCRIPT), '1', 'key'];
const times = [];
for (let r = 0; r < ROUNDS; r++) {
  const t0 = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    dispatch(c, argv);
    if ((i & 63) === 63) c.flush();
  }
  c.flush();
  const t = process.cpuUsage(t0);
  times.push(((t.user + t.system) * 1000) / N);
}
console.log(`evalsha in-process: median ${median(times).toFixed(0)} ns/call, best ${Math.min(...times).toFixed(0)} (rounds: ${times.map((t) => t.toFixed(0)).join(' ')})`);
await srv.close();
