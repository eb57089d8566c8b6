import { describe, it, expect } from 'vitest';
import { RHash } from '../../src/keyspace/hash.js';
import { RSet } from '../../src/keyspace/set.js';


/** Deterministic pseudo-random numbers (mulberry32). */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('RSet against a reference Set', () => {
  for (const [seed, intsOnly] of [[1, true], [2, false], [3, true], [4, false]] as const) {
    it(`random operations, seed ${seed}${intsOnly ? ', integers' : ''}`, () => {
      const r = prng(seed);
      const member = () => {
        const n = Math.floor(r() * 200) - 100;
        if (r() < 0.05) return String(BigInt(n) * 123456789012345n);
        return intsOnly || r() < 0.7 ? String(n) : `m${n}`;
      };
      const ref = new Set<string>();
      let s = RSet.forMember('1');
      for (let step = 0; step < 5000; step++) {
        const m = member();
        const op = r();
        if (op < 0.55) {
          expect(s.add(m, 64)).toBe(!ref.has(m));
          ref.add(m);
        } else if (op < 0.9) {
          expect(s.delete(m)).toBe(ref.has(m));
          ref.delete(m);
        } else if (op < 0.95 && s.size > 0) {
          expect(ref.delete(s.popRandom())).toBe(true);
        } else {
          expect(s.has(m)).toBe(ref.has(m));
        }
        expect(s.size).toBe(ref.size);
        if (s.size === 0) s = RSet.forMember(member());
      }
      const all = Array.from({ length: s.size }, (_, i) => s.at(i));
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort()).toEqual([...ref].sort());
      if (s.ints !== null) {
        const nums = all.map((x) => BigInt(x));
        for (let i = 1; i < nums.length; i++) expect(nums[i - 1] < nums[i]).toBe(true);
      }
      if (s.index !== null) for (const [m, i] of s.index) expect(s.members![i]).toBe(m);
    });
  }
});

describe('RHash against a reference Map', () => {
  it('keeps insertion order while listpack-encoded', () => {
    const r = prng(7);
    const ref = new Map<string, string>();
    const h = new RHash();
    for (let step = 0; step < 3000; step++) {
      const f = `f${Math.floor(r() * 40)}`;
      if (r() < 0.6) {
        expect(h.set(f, String(step), 1000)).toBe(!ref.has(f));
        ref.set(f, String(step));
      } else {
        expect(h.delete(f)).toBe(ref.has(f));
        ref.delete(f);
      }
      expect(h.size).toBe(ref.size);
    }
    expect(h.encoding()).toBe('listpack');
    expect(h.flat()).toEqual([...ref].flat());
  });
  it('clones keep the encoding and are independent', () => {
    const h = new RHash();
    h.set('a', '1', 8);
    const hc = h.clone();
    hc.set('b', '2', 8);
    expect([h.size, hc.size, hc.encoding()]).toEqual([1, 2, 'listpack']);
    const s = RSet.forMember('1');
    for (let i = 0; i < 40; i++) s.add(`x${i}`, 512);
    const sc = s.clone();
    sc.delete('x0');
    expect([s.size, sc.size, sc.encoding(), sc.has('x39'), sc.has('x0')]).toEqual([40, 39, 'hashtable', true, false]);
    const i = RSet.forMember('5');
    i.add('5', 512);
    expect(i.clone().encoding()).toBe('intset');
  });
  it('converts past the entry limit and keeps every field', () => {
    const h = new RHash();
    for (let i = 0; i < 10; i++) h.set(`f${i}`, `v${i}`, 8);
    expect(h.encoding()).toBe('hashtable');
    expect(h.size).toBe(10);
    expect(h.get('f9')).toBe('v9');
  });
});
