/**
 * Seeded random sequences of consumer-group commands (small ID and name
 * spaces so they collide), compared reply by reply with real Redis. Idle
 * times are masked; min-idle arguments are 0 or huge so results do not
 * depend on timing.
 */
import { it, expect } from 'vitest';
import { pairSuite, runCase } from '../helpers/diff.js';

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

function maskTimes(r: string): string {
  return r
    .replace(/(\*4\r\n\$\d+\r\n[^\r]*\r\n\$\d+\r\n[^\r]*\r\n):\d+\r\n/g, '$1:T\r\n')
    .replace(/(\$4\r\nidle\r\n):\d+\r\n/g, '$1:T\r\n');
}

function script(seed: number, n: number): string[][] {
  const r = rng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const keys = ['s', 's', 's', 't'];
  const groups = ['g', 'g', 'h'];
  const cons = ['c1', 'c2', 'c3'];
  const id = () => `${1 + Math.floor(r() * 12)}-${Math.floor(r() * 2)}`;
  const anyId = () => pick(['-', '+', '0', id(), `(${id()}`, '$']);
  const idle = () => pick(['0', '0', '99999999']);
  let next = 1;
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const k = pick(keys);
    const g = pick(groups);
    const c = pick(cons);
    const x = r();
    if (x < 0.2) out.push(['XADD', k, `${next++}-${Math.floor(r() * 2)}`, 'f', String(i)]);
    else if (x < 0.25) out.push(['XDEL', k, id()]);
    else if (x < 0.32) out.push(['XGROUP', 'CREATE', k, g, pick(['0', '$', id()]), ...(r() < 0.3 ? ['MKSTREAM'] : []), ...(r() < 0.3 ? ['ENTRIESREAD', pick(['0', '1', '3', '-1'])] : [])]);
    else if (x < 0.35) out.push(['XGROUP', 'SETID', k, g, pick(['0', '$', id()]), ...(r() < 0.3 ? ['ENTRIESREAD', pick(['0', '2', '-1'])] : [])]);
    else if (x < 0.37) out.push(['XGROUP', 'DESTROY', k, g]);
    else if (x < 0.39) out.push(['XGROUP', pick(['CREATECONSUMER', 'DELCONSUMER']), k, g, c]);
    else if (x < 0.55) out.push(['XREADGROUP', 'GROUP', g, c, ...(r() < 0.5 ? ['COUNT', pick(['1', '2', '0'])] : []), ...(r() < 0.2 ? ['NOACK'] : []), 'STREAMS', k, pick(['>', '>', '0', id()])]);
    else if (x < 0.62) out.push(['XACK', k, g, id(), ...(r() < 0.5 ? [id()] : [])]);
    else if (x < 0.7) out.push(['XPENDING', k, g, ...(r() < 0.6 ? [...(r() < 0.3 ? ['IDLE', idle()] : []), anyId(), anyId(), pick(['1', '3', '10']), ...(r() < 0.4 ? [c] : [])] : [])]);
    else if (x < 0.8) out.push(['XCLAIM', k, g, c, idle(), id(), ...(r() < 0.5 ? [id()] : []), ...(r() < 0.3 ? ['JUSTID'] : []), ...(r() < 0.2 ? ['FORCE'] : []), ...(r() < 0.2 ? ['RETRYCOUNT', '5'] : []), ...(r() < 0.2 ? ['LASTID', id()] : [])]);
    else if (x < 0.88) out.push(['XAUTOCLAIM', k, g, c, idle(), pick(['0', '-', id(), `(${id()}`]), ...(r() < 0.5 ? ['COUNT', pick(['1', '2', '5'])] : []), ...(r() < 0.3 ? ['JUSTID'] : [])]);
    else if (x < 0.94) out.push(['XINFO', 'GROUPS', k]);
    else out.push(['XINFO', 'CONSUMERS', k, g]);
  }
  return out;
}

pairSuite('stream consumer groups (seeded random sequences)', {}, (pair) => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`seed ${seed}`, async () => {
      const cmds = script(seed * 7919, 60);
      const dc = { name: `seed ${seed}`, cmds };
      const expected = await runCase(pair().redis.port, dc);
      const actual = await runCase(pair().respd.port, dc);
      for (let i = 0; i < cmds.length; i++) {
        expect(maskTimes(actual[i]), `reply ${i} to ${cmds[i].join(' ')}`).toBe(maskTimes(expected[i]));
      }
    });
  }
});
