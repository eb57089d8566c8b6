import { describe, it, expect } from 'vitest';
import { ListValue } from '../../src/keyspace/list.js';

function contents(l: ListValue): string[] {
  const out: string[] = [];
  for (let i = 0; i < l.length; i++) out.push(l.at(i));
  return out;
}

/** Small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('ListValue ring buffer', () => {
  it('reports quicklist like Redis 7.0', () => {
    expect(new ListValue().encoding()).toBe('quicklist');
    expect(new ListValue().type).toBe('list');
  });

  it('pushes and pops at both ends across wrap-around and growth', () => {
    const l = new ListValue();
    for (let i = 0; i < 20; i++) {
      l.pushTail(`t${i}`);
      l.pushHead(`h${i}`);
    }
    expect(l.length).toBe(40);
    expect(l.at(0)).toBe('h19');
    expect(l.at(39)).toBe('t19');
    expect(l.popHead()).toBe('h19');
    expect(l.popTail()).toBe('t19');
    expect(l.length).toBe(38);
  });

  it('matches an array model under random operations', () => {
    const rand = rng(42);
    const l = new ListValue();
    const model: string[] = [];
    for (let step = 0; step < 20000; step++) {
      const op = Math.floor(rand() * 11);
      const v = String(Math.floor(rand() * 20));
      switch (op) {
        case 0: case 1:
          l.pushTail(v); model.push(v); break;
        case 2: case 3:
          l.pushHead(v); model.unshift(v); break;
        case 4:
          if (model.length) expect(l.popHead()).toBe(model.shift()); break;
        case 5:
          if (model.length) expect(l.popTail()).toBe(model.pop()); break;
        case 6: {
          const i = Math.floor(rand() * (model.length + 1));
          l.insertAt(i, v);
          model.splice(i, 0, v);
          break;
        }
        case 7: {
          const limit = Math.floor(rand() * 3);
          const fromTail = rand() < 0.5;
          let removed = 0;
          if (!fromTail) {
            for (let i = 0; i < model.length;) {
              if (model[i] === v && (limit === 0 || removed < limit)) { model.splice(i, 1); removed++; } else i++;
            }
          } else {
            for (let i = model.length - 1; i >= 0; i--) {
              if (model[i] === v && (limit === 0 || removed < limit)) { model.splice(i, 1); removed++; }
            }
          }
          expect(l.removeEqual(v, limit, fromTail)).toBe(removed);
          break;
        }
        case 8: {
          if (!model.length) break;
          const start = Math.floor(rand() * model.length);
          const count = Math.floor(rand() * (model.length - start + 1));
          l.keepRange(start, count);
          model.splice(0, model.length, ...model.slice(start, start + count));
          break;
        }
        case 9: {
          const n = Math.floor(rand() * (model.length + 1));
          if (rand() < 0.5) { l.dropHead(n); model.splice(0, n); } else { l.dropTail(n); model.splice(model.length - n, n); }
          break;
        }
        case 10:
          if (model.length) {
            const i = Math.floor(rand() * model.length);
            l.setAt(i, v);
            model[i] = v;
          }
          expect(l.indexOf(v)).toBe(model.indexOf(v));
          break;
      }
      expect(l.length).toBe(model.length);
    }
    expect(contents(l)).toEqual(model);
  });

  it('shrinks after draining so memory is given back', () => {
    const l = new ListValue();
    for (let i = 0; i < 100000; i++) l.pushTail('x');
    l.dropHead(99990);
    const cap = (l as unknown as { buf: unknown[] }).buf.length;
    expect(cap).toBeLessThanOrEqual(64);
    expect(contents(l)).toEqual(Array(10).fill('x'));
  });
});
