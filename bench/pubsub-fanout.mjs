#!/usr/bin/env node
// Pub/sub fan-out, side by side: SUBS subscribers on one channel, one
// publisher sending MSGS messages (pipelined in chunks); measures messages
// delivered per second (MSGS * SUBS / elapsed) for real Redis and respd.
//   node bench/pubsub-fanout.mjs            # SUBS=1000 MSGS=2000
import { spawn } from 'node:child_process';
import net from 'node:net';
import { root, freePort, waitPort, median, geomean } from './lib.mjs';
import { join } from 'node:path';

const SUBS = Number(process.env.SUBS ?? 1000);
const MSGS = Number(process.env.MSGS ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);


const PAYLOAD = 'x'.repeat(32);
// each delivered message is "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$32\r\n<32>\r\n"
const FRAME = `*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$${PAYLOAD.length}\r\n${PAYLOAD}\r\n`.length;

async function run(port) {
  const subs = [];
  let doneCount = 0;
  let resolveAll;
  const all = new Promise((r) => (resolveAll = r));
  for (let i = 0; i < SUBS; i++) {
    const s = net.connect(port, '127.0.0.1');
    let bytes = 0;
    let ready = false;
    const state = { ready: null };
    state.ready = new Promise((r) => s.on('data', (d) => {
      if (!ready) { ready = true; r(); return; } // the subscribe confirmation
      bytes += d.length;
      if (bytes >= MSGS * FRAME) { doneCount++; if (doneCount === SUBS) resolveAll(); }
    }));
    s.write('*2\r\n$9\r\nSUBSCRIBE\r\n$2\r\nch\r\n');
    subs.push({ s, state });
  }
  await Promise.all(subs.map((x) => x.state.ready));
  const pub = net.connect(port, '127.0.0.1');
  await new Promise((r) => pub.on('connect', r));
  pub.on('data', () => {});
  const t0 = performance.now();
  const cmd = `*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$${PAYLOAD.length}\r\n${PAYLOAD}\r\n`;
  for (let i = 0; i < MSGS; i += 100) pub.write(cmd.repeat(Math.min(100, MSGS - i)));
  await all;
  const ms = performance.now() - t0;
  pub.destroy();
  for (const x of subs) x.s.destroy();
  return (MSGS * SUBS) / (ms / 1000);
}

const rport = await freePort();
const dport = await freePort();
const redis = spawn('redis-server', ['--port', String(rport), '--save', '', '--bind', '127.0.0.1', '--maxclients', '20000', '--client-output-buffer-limit', 'pubsub', '0', '0', '0'], { stdio: 'ignore' });
const respd = spawn(process.execPath, ['--max-semi-space-size=2', join(root, 'bin/respd'), '--port', String(dport), '--save', '', '--bind', '127.0.0.1', '--loglevel', 'warning', '--maxclients', '20000', '--client-output-buffer-limit', 'pubsub', '0', '0', '0'], { stdio: 'ignore' });
try {
  await waitPort(rport);
  await waitPort(dport);
  const r = [];
  const d = [];
  for (let i = 0; i < ROUNDS; i++) {
    r.push(await run(rport));
    d.push(await run(dport));
  }
  const a = median(r);
  const b = median(d);
  console.log(`fan-out: ${SUBS} subscribers, ${MSGS} messages, ${ROUNDS} rounds (median messages delivered/s)`);
  console.log(`redis ${a.toFixed(0)}  respd ${b.toFixed(0)}  ratio ${(b / a).toFixed(2)}`);
} finally {
  redis.kill('SIGKILL');
  respd.kill('SIGKILL');
}
