#!/usr/bin/env node
// EVALSHA throughput, respd vs real Redis: SCRIPT LOAD of
// `return redis.call('INCR', KEYS[1])` on both, then
// `redis-benchmark -n N -P 1 -c 50 evalsha <sha> 1 k`, alternating servers,
// ROUNDS rounds, medians. Needs `npm run build` first (runs bin/respd).
//
//   node bench/evalsha.mjs            # N=100000 ROUNDS=3
import { spawn, execFileSync } from 'node:child_process';
import net from 'node:net';
import { root, freePort, waitPort, median, geomean } from './lib.mjs';
import { join } from 'node:path';

const N = Number(process.env.N ?? 100000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SCRIPT = "return redis.call('INCR', KEYS[1])";



function cli(port, ...args) {
  return execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).trim();
}

function benchOnce(port, sha) {
  const out = execFileSync('redis-benchmark', ['-p', String(port), '-n', String(N), '-c', '50', '-P', '1', '--csv', 'evalsha', sha, '1', 'k'], { encoding: 'utf8' });
  const line = out.trim().split('\n').find((l) => !l.startsWith('"test"'));
  return Number(JSON.parse(`[${line}]`)[1]);
}


async function main() {
  const [rp, mp] = await Promise.all([freePort(), freePort()]);
  const redis = spawn('redis-server', ['--port', String(rp), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const respd = spawn(process.execPath, [join(root, 'bin/respd'), '--port', String(mp), '--save', ''], { stdio: 'ignore' });
  try {
    await Promise.all([waitPort(rp), waitPort(mp)]);
    const sha = cli(rp, 'SCRIPT', 'LOAD', SCRIPT);
    if (cli(mp, 'SCRIPT', 'LOAD', SCRIPT) !== sha) throw new Error('sha mismatch');
    const r = [];
    const m = [];
    for (let i = 0; i < ROUNDS; i++) {
      r.push(benchOnce(rp, sha));
      m.push(benchOnce(mp, sha));
      console.log(`round ${i + 1}: redis ${r[i]} rps, respd ${m[i]} rps`);
    }
    const rm = median(r);
    const mm = median(m);
    console.log(`evalsha INCR (n=${N}, c=50, P=1): redis ${rm} rps, respd ${mm} rps, ratio ${(mm / rm).toFixed(2)}`);
  } finally {
    redis.kill('SIGKILL');
    respd.kill('SIGKILL');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
