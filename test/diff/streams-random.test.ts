import { diffSuite, type DiffCase } from '../helpers/diff.js';

// Seeded random stream workloads compared with real Redis 7.0: appends with
// varied field sets and value sizes (strings, integers, long values) under
// several node limits, XDEL, exact and `~` trimming by MAXLEN and MINID,
// ranges and XINFO. They pin down the node layout emulation (listpack byte
// sizes decide where `~` can cut and what XINFO reports), also with IDs past
// 2^53 and near 2^64.

function workload(seed: number, base: bigint): DiffCase {
  let state = seed;
  const rnd = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const id = (ms: number, seq: number | string): string => `${base + BigInt(ms)}-${seq}`;
  const val = (): string => {
    const k = rnd(10);
    if (k < 3) return String(rnd(100000) - 50000);
    if (k < 5) return 'x'.repeat(rnd(70));
    if (k < 6) return 'y'.repeat(rnd(5000));
    if (k < 7) return String(rnd(2 ** 31) * 1000);
    return `v${rnd(1000)}`;
  };
  const entries = [0, 1, 5, 100, 100, 100][rnd(6)];
  const bytes = [0, 100, 4096, 4096, 300][rnd(5)];
  const cmds: string[][] = [
    ['CONFIG', 'SET', 'stream-node-max-entries', String(entries)],
    ['CONFIG', 'SET', 'stream-node-max-bytes', String(bytes)],
  ];
  let ms = 1;
  for (let op = 0; op < 400; op++) {
    const k = rnd(100);
    if (k < 70) {
      ms += rnd(3);
      const nf = 1 + rnd(3);
      const same = rnd(3) > 0;
      const fv: string[] = [];
      for (let i = 0; i < nf; i++) fv.push(same ? `f${i}` : `g${rnd(5)}`, val());
      const trim = rnd(10) === 0 ? ['MAXLEN', '~', String(rnd(300))] : rnd(20) === 0 ? ['MINID', '~', id(ms - rnd(200), 0)] : [];
      cmds.push(['XADD', 's', ...trim, id(ms, '*'), ...fv]);
    } else if (k < 85) {
      const ids: string[] = [];
      for (let i = 0, n = 1 + rnd(5); i < n; i++) ids.push(id(1 + rnd(ms), rnd(3)));
      cmds.push(['XDEL', 's', ...ids]);
    } else if (k < 90) {
      cmds.push(['XTRIM', 's', 'MAXLEN', ...(rnd(2) ? ['~'] : []), String(rnd(400))]);
    } else if (k < 93) {
      cmds.push(['XTRIM', 's', 'MINID', ...(rnd(2) ? ['~'] : []), id(rnd(ms), 0)]);
    } else if (k < 96) {
      cmds.push(['XINFO', 'STREAM', 's']);
    } else {
      const x = rnd(ms);
      cmds.push(['XRANGE', 's', id(x, 0), '+', 'COUNT', String(1 + rnd(20))]);
      cmds.push(['XREVRANGE', 's', id(x + rnd(50), 0), '-', 'COUNT', String(1 + rnd(20))]);
    }
  }
  cmds.push(['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0']);
  cmds.push(['CONFIG', 'SET', 'stream-node-max-entries', '100'], ['CONFIG', 'SET', 'stream-node-max-bytes', '4096']);
  return { name: `seed ${seed} base ${base}`, cmds, pipeline: true };
}

const cases: DiffCase[] = [];
for (let seed = 1; seed <= 12; seed++) cases.push(workload(seed, 0n));
for (let seed = 1; seed <= 4; seed++) cases.push(workload(seed, 9007199254740000n), workload(seed, 18446744073709000000n));

diffSuite('streams (random workloads)', cases);
