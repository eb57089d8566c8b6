#!/usr/bin/env node
// Side-by-side benchmark: redis-benchmark against real redis-server and respd,
// alternating servers in every round (machines here are noisy), 3 rounds,
// medians. Prints requests/s per test, the ratio respd/redis, the geometric
// mean, and server CPU time per request (utime+stime from /proc/PID/stat).
//
//   npm run bench                       # defaults
//   N=200000 ROUNDS=3 TESTS=set,get PIPELINES=1,16 npm run bench
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { root, freePort, waitPort, median, geomean } from './lib.mjs';
import { join } from 'node:path';

const N = Number(process.env.N ?? 200000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CLIENTS = Number(process.env.CLIENTS ?? 50);
const TESTS = (process.env.TESTS ?? 'ping_inline,ping_mbulk,set,get,incr').split(',');
const PIPELINES = (process.env.PIPELINES ?? '1,16').split(',').map(Number);
const EXTRA = process.env.EXTRA ? process.env.EXTRA.split(' ') : [];



function cpuTicks(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return Number(parts[11]) + Number(parts[12]); // utime + stime (fields 14, 15)
}
const HZ = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

function benchOnce(port, test, pipeline) {
  const out = execFileSync('redis-benchmark', ['-p', String(port), '-t', test, '-n', String(N), '-c', String(CLIENTS), '-P', String(pipeline), '--csv', ...EXTRA], { encoding: 'utf8' });
  const line = out.trim().split('\n').find((l) => !l.startsWith('"test"'));
  return Number(JSON.parse(`[${line}]`)[1]);
}


async function main() {
  const rport = await freePort();
  const dport = await freePort();
  const redis = spawn('redis-server', ['--port', String(rport), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
  const respd = spawn(process.execPath, ['--max-semi-space-size=2', join(root, 'bin/respd'), '--port', String(dport), '--save', '', '--bind', '127.0.0.1', '--loglevel', 'warning'], { stdio: 'ignore' });
  try {
    await waitPort(rport);
    await waitPort(dport);
    const servers = [['redis', rport, redis.pid], ['respd', dport, respd.pid]];
    for (const pipeline of PIPELINES) {
      const rps = { redis: {}, respd: {} };
      const cpu = { redis: {}, respd: {} };
      for (let r = 0; r < ROUNDS; r++) {
        for (const test of TESTS) {
          const order = r % 2 === 0 ? servers : [...servers].reverse();
          for (const [name, port, pid] of order) {
            const t0 = cpuTicks(pid);
            const v = benchOnce(port, test, pipeline);
            const ticks = cpuTicks(pid) - t0;
            (rps[name][test] ??= []).push(v);
            (cpu[name][test] ??= []).push((ticks / HZ) * 1e6 / N);
          }
        }
      }
      console.log(`\nredis-benchmark -c ${CLIENTS} -P ${pipeline} -n ${N}, ${ROUNDS} rounds, medians`);
      console.log('test'.padEnd(14) + 'redis rps'.padStart(12) + 'respd rps'.padStart(12) + 'ratio'.padStart(8) + '  cpu µs/req redis/respd');
      const ratios = [];
      const cpuRatios = [];
      for (const test of TESTS) {
        const a = median(rps.redis[test]);
        const b = median(rps.respd[test]);
        const ca = median(cpu.redis[test]);
        const cb = median(cpu.respd[test]);
        ratios.push(b / a);
        if (ca > 0 && cb > 0) cpuRatios.push(ca / cb);
        console.log(test.toUpperCase().padEnd(14) + a.toFixed(0).padStart(12) + b.toFixed(0).padStart(12) + (b / a).toFixed(2).padStart(8) + `  ${ca.toFixed(2)} / ${cb.toFixed(2)}`);
      }
      console.log('GEOMEAN'.padEnd(38) + geomean(ratios).toFixed(2).padStart(8) + (cpuRatios.length ? `  cpu efficiency ${geomean(cpuRatios).toFixed(2)}x of redis` : ''));
    }
  } finally {
    redis.kill('SIGKILL');
    respd.kill('SIGKILL');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
