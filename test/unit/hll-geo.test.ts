import { describe, it, expect } from 'vitest';
import { murmurHash64A, HllEditor, EMPTY_HLL, HLL_DENSE, HLL_SPARSE, HLL_REGISTERS, isHll } from '../../src/keyspace/hll.js';
import { pqsort } from '../../src/keyspace/pqsort.js';
import { scoreOf, decodeScore, geohashString } from '../../src/keyspace/geohash.js';

/** MurmurHash64A written plainly with BigInt: the reference for the 32-bit-halves version. */
function murmurRef(s: string, seed = 0xadc83b19n): bigint {
  const M = 0xc6a4a7935bd1e995n;
  const mask = (1n << 64n) - 1n;
  const len = s.length;
  let h = (seed ^ (BigInt(len) * M)) & mask;
  const blocks = len - (len & 7);
  for (let i = 0; i < blocks; i += 8) {
    let k = 0n;
    for (let b = 7; b >= 0; b--) k = (k << 8n) | BigInt(s.charCodeAt(i + b));
    k = (k * M) & mask;
    k ^= k >> 47n;
    k = (k * M) & mask;
    h ^= k;
    h = (h * M) & mask;
  }
  const rest = len & 7;
  if (rest) {
    for (let b = rest - 1; b >= 0; b--) h ^= BigInt(s.charCodeAt(blocks + b)) << BigInt(8 * b);
    h = (h * M) & mask;
  }
  h ^= h >> 47n;
  h = (h * M) & mask;
  h ^= h >> 47n;
  return h;
}

function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x >>> 8;
  };
}

describe('MurmurHash64A', () => {
  it('matches the BigInt reference on every length and byte value', () => {
    const next = lcg(7);
    for (let n = 0; n < 2000; n++) {
      const len = n % 70;
      let s = '';
      for (let i = 0; i < len; i++) s += String.fromCharCode(next() & 0xff);
      expect(murmurHash64A(s)).toBe(murmurRef(s));
    }
  });
});

describe('HllEditor', () => {
  it('starts sparse and promotes to dense past hll-sparse-max-bytes, with the same count both ways', () => {
    const sparse = new HllEditor();
    const dense = new HllEditor();
    sparse.load(EMPTY_HLL);
    dense.load(EMPTY_HLL);
    expect(dense.toDense()).toBe(true);
    for (let i = 0; i < 5000; i++) {
      sparse.add(`x${i}`, 3000);
      dense.add(`x${i}`, 3000);
      if (i % 500 === 0) expect(sparse.count()).toBe(dense.count());
    }
    expect(sparse.encoding).toBe(HLL_DENSE);
    // Registers equal; headers differ only in the cache bit sparse edits set.
    expect(sparse.toString().slice(16)).toBe(dense.toString().slice(16));
    const s = sparse.toString();
    expect(isHll(s)).toBe(true);
    expect(s.length).toBe(16 + (HLL_REGISTERS * 6) / 8);
  });

  it('keeps a small set sparse and refuses corrupt opcodes', () => {
    const e = new HllEditor();
    e.load(EMPTY_HLL);
    expect(e.add('a', 3000)).toBe(1);
    expect(e.add('a', 3000)).toBe(0);
    expect(e.encoding).toBe(HLL_SPARSE);
    expect(e.count()).toBe(1);
    e.load(EMPTY_HLL.slice(0, 16) + '\x7f\x00'); // covers 16128 registers, not 16384
    expect(e.count()).toBe(-1);
    expect(e.toDense()).toBe(false);
  });
});

describe('pqsort', () => {
  it('puts the smallest k first, sorted, like a full sort does', () => {
    const next = lcg(3);
    for (let n = 1; n < 200; n += 7) {
      for (const k of [1, 2, 5, 40, n]) {
        if (k > n) continue;
        const a = Array.from({ length: n }, () => next() % 50);
        const want = a.slice().sort((x, y) => x - y).slice(0, k);
        pqsort(a, n, (x, y) => (x > y ? 1 : x === y ? 0 : -1), 0, k - 1);
        expect(a.slice(0, k)).toEqual(want);
      }
    }
  });
});

describe('geohash', () => {
  it('encodes the documentation points to Redis scores and back', () => {
    expect(scoreOf(13.361389, 38.115556)).toBe(3479099956230698);
    expect(scoreOf(15.087269, 37.502669)).toBe(3479447370796909);
    const xy = [0, 0];
    decodeScore(3479099956230698, xy);
    expect(xy[0]).toBeCloseTo(13.361389, 5);
    expect(xy[1]).toBeCloseTo(38.115556, 5);
    expect(geohashString(xy[0], xy[1])).toBe('sqc8b49rny0');
  });
});
