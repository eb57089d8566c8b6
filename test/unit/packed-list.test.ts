import { describe, it, expect } from 'vitest';
import { PackedList } from '../../src/keyspace/packed-list.js';
import { ListValue } from '../../src/keyspace/list.js';

function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/** Elements of every framing size: empty, 1-byte lengths, 2- and 3-byte lengths, bigger than a chunk. */
function element(r: () => number, i: number): string {
  const kind = r();
  const len = kind < 0.5 ? Math.floor(r() * 20) : kind < 0.8 ? 100 + Math.floor(r() * 200) : kind < 0.97 ? Math.floor(r() * 3000) : 9000 + Math.floor(r() * 20000);
  let s = '';
  for (let j = 0; j < len; j++) s += String.fromCharCode((i * 31 + j * 7) & 255);
  return s;
}

describe('PackedList', () => {
  it('matches an array model under random pushes, pops, drops, edits and scans', () => {
    const r = rng(5);
    const p = new PackedList();
    const model: string[] = [];
    for (let step = 0; step < 6000; step++) {
      const op = r();
      if (op < 0.3 || model.length === 0) {
        const s = element(r, step);
        if (r() < 0.5) { p.pushTail(s); model.push(s); } else { p.pushHead(s); model.unshift(s); }
      } else if (op < 0.45) {
        expect(p.popHead()).toBe(model.shift());
      } else if (op < 0.6) {
        expect(p.popTail()).toBe(model.pop());
      } else if (op < 0.65) {
        const n = Math.floor(r() * Math.min(model.length, 50));
        p.dropHead(n); model.splice(0, n);
      } else if (op < 0.7) {
        const n = Math.floor(r() * Math.min(model.length, 50));
        p.dropTail(n); model.splice(model.length - n, n);
      } else if (op < 0.75) {
        const i = Math.floor(r() * model.length);
        const s = element(r, step);
        p.setAt(i, s); model[i] = s;
      } else if (op < 0.8) {
        const i = Math.floor(r() * (model.length + 1));
        const s = element(r, step);
        p.insertAt(i, s); model.splice(i, 0, s);
      } else if (op < 0.82) {
        const s = model[Math.floor(r() * model.length)];
        const limit = Math.floor(r() * 3);
        const fromTail = r() < 0.5;
        let removed = 0;
        if (fromTail) {
          for (let i = model.length - 1; i >= 0; i--) if (model[i] === s && (limit === 0 || removed < limit)) { model.splice(i, 1); removed++; }
        } else {
          for (let i = 0; i < model.length; i++) if (model[i] === s && (limit === 0 || removed < limit)) { model.splice(i, 1); removed++; i--; }
        }
        expect(p.removeEqual(s, limit, fromTail)).toBe(removed);
      } else if (op < 0.84) {
        const s = model[Math.floor(r() * model.length)];
        expect(p.indexOf(s)).toBe(model.indexOf(s));
      } else {
        // random access, then scans forwards and backwards from a random point
        const i = Math.floor(r() * model.length);
        expect(p.at(i)).toBe(model[i]);
        for (let k = i; k < Math.min(model.length, i + 20); k++) expect(p.at(k)).toBe(model[k]);
        for (let k = Math.min(model.length - 1, i + 19); k >= Math.max(0, i - 20); k--) expect(p.at(k)).toBe(model[k]);
      }
      expect(p.length).toBe(model.length);
    }
    expect(p.toArray()).toEqual(model);
  });

  it('a ListValue switches to packed past 128 elements and keeps its elements and order', () => {
    const l = new ListValue();
    const model: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const s = `e${i}`;
      if (i % 3 === 0) { l.pushHead(s); model.unshift(s); } else { l.pushTail(s); model.push(s); }
    }
    l.insertAt(500, 'mid'); model.splice(500, 0, 'mid');
    expect(l.length).toBe(1001);
    for (let i = 0; i < model.length; i++) expect(l.at(i)).toBe(model[i]);
    const copy = l.dup();
    expect(copy.popTail()).toBe(model[model.length - 1]);
    expect(l.length).toBe(1001);
    l.keepRange(10, 20);
    expect(Array.from({ length: l.length }, (_, i) => l.at(i))).toEqual(model.slice(10, 30));
  });
});
