import { describe, it, expect } from 'vitest';
import { ZSet } from '../../src/keyspace/zset.js';
import { ZTree, Bound } from '../../src/keyspace/zset-tree.js';

const LIMITS = { entries: 128, value: 64 };

function cmp(a: [number, string], b: [number, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** Deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function check(z: ZSet, model: Map<string, number>): void {
  const sorted = [...model].map(([m, s]) => [s, m] as [number, string]).sort(cmp);
  expect(z.size).toBe(sorted.length);
  expect(z.tree.size).toBe(sorted.length);
  const fwd: [number, string][] = [];
  for (const cur = z.at(0); cur.valid; cur.next()) fwd.push([cur.score, cur.member]);
  expect(fwd).toEqual(sorted);
  const back: string[] = [];
  for (const cur = z.at(sorted.length - 1); cur.valid; cur.prev()) back.push(cur.member);
  expect(back).toEqual(sorted.map((e) => e[1]).reverse());
  const step = Math.max(1, sorted.length >> 6);
  const ranks: number[] = [];
  const want: number[] = [];
  for (let i = 0; i < sorted.length; i += step) {
    ranks.push(z.rank(sorted[i][1]), z.at(i).member === sorted[i][1] ? i : -1);
    want.push(i, i);
  }
  expect(ranks).toEqual(want);
}

describe('sorted set tree', () => {
  it('random inserts, updates and deletes agree with a sorted model', () => {
    const r = rng(42);
    const z = new ZSet();
    const model = new Map<string, number>();
    for (let step = 0; step < 20000; step++) {
      const m = 'm' + Math.floor(r() * 3000);
      const op = r();
      const s = Math.floor(r() * 50);
      if (op < 0.55) {
        const cur = model.get(m);
        if (cur === undefined) z.insert(m, s, LIMITS);
        else z.update(m, cur, s);
        model.set(m, s);
      } else {
        expect(z.remove(m)).toBe(model.delete(m));
      }
      if (step % 2500 === 0) check(z, model);
    }
    check(z, model);
    // drain completely: exercises merges down to a single leaf
    for (const m of [...model.keys()]) {
      z.remove(m);
      model.delete(m);
      if (model.size % 700 === 0) check(z, model);
    }
    check(z, model);
  });

  it('range counts by score and lex', () => {
    const z = new ZSet();
    for (let i = 0; i < 1000; i++) z.insert('k' + String(i).padStart(4, '0'), i % 10, LIMITS);
    expect(z.scoreRanks({ min: 3, max: 5, minex: false, maxex: false })).toEqual([300, 600]);
    expect(z.scoreRanks({ min: 3, max: 5, minex: true, maxex: true })).toEqual([400, 500]);
    expect(z.scoreRanks({ min: 5, max: 3, minex: false, maxex: false })).toEqual([500, 500]);
    expect(z.scoreRanks({ min: -Infinity, max: Infinity, minex: false, maxex: false })).toEqual([0, 1000]);
    const lex = new ZSet();
    for (let i = 0; i < 1000; i++) lex.insert('k' + String(i).padStart(4, '0'), 0, LIMITS);
    expect(lex.lexRanks({ min: 'k0100', max: 'k0200', minex: false, maxex: true, minInf: 0, maxInf: 0 })).toEqual([100, 200]);
    expect(lex.lexRanks({ min: '', max: '', minex: false, maxex: false, minInf: -1, maxInf: 1 })).toEqual([0, 1000]);
    expect(lex.tree.countBelow(Bound.LexLe, 0, 'k0999')).toBe(1000);
  });

  it('bulk load matches incremental build and stays editable', () => {
    for (const n of [0, 1, 64, 65, 100, 5000, 70000]) {
      const scores: number[] = [];
      const members: string[] = [];
      for (let i = 0; i < n; i++) {
        scores.push(Math.floor(i / 3));
        members.push('e' + String(i).padStart(6, '0'));
      }
      const z = ZSet.fromSorted(members.slice(), scores.slice(), LIMITS);
      const model = new Map(members.map((m, i) => [m, scores[i]]));
      check(z, model);
      for (let i = 0; i < n; i += 7) {
        z.remove(members[i]);
        model.delete(members[i]);
      }
      z.insert('zzz', -1, LIMITS);
      model.set('zzz', -1);
      check(z, model);
    }
  });

  it('depth stays logarithmic', () => {
    const t = new ZTree();
    for (let i = 0; i < 200000; i++) t.insert(i, '');
    expect(t.rank(123456, '')).toBe(123456);
    for (let i = 0; i < 200000; i += 2) t.delete(i, '');
    expect(t.size).toBe(100000);
    expect(t.rank(123457, '')).toBe(61728);
  });
});
