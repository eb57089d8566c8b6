import { describe, it, expect } from 'vitest';
import { MapSampler, samplerFor, MAX_SKIP } from '../../src/keyspace/sampler.js';
import { deepClone, dupValue } from '../../src/keyspace/dup.js';
import { parseCursor } from '../../src/keyspace/scan-cursors.js';
import { AccessTracker, sharedIntegerIndex } from '../../src/keyspace/access.js';
import { Database } from '../../src/keyspace/database.js';
import type { RObject } from '../../src/keyspace/value.js';

describe('MapSampler', () => {
  it('returns undefined for an empty map and the only key of a single-key map', () => {
    const m = new Map<string, number>();
    const s = new MapSampler(m);
    expect(s.next()).toBeUndefined();
    m.set('a', 1);
    for (let i = 0; i < 10; i++) expect(s.next()).toBe('a');
    m.delete('a');
    expect(s.next()).toBeUndefined();
  });

  it('visits every key over time, roughly evenly', () => {
    const m = new Map<string, number>();
    for (let i = 0; i < 100; i++) m.set(`k${i}`, i);
    const s = new MapSampler(m);
    const counts = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const k = s.next()!;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(100);
    for (const n of counts.values()) expect(n).toBeGreaterThan(300); // mean 1000
  });

  it('never returns deleted keys and sees new ones', () => {
    const m = new Map<string, number>();
    for (let i = 0; i < 50; i++) m.set(`k${i}`, i);
    const s = samplerFor(m);
    expect(samplerFor(m)).toBe(s);
    for (let i = 0; i < 25; i++) m.delete(`k${i}`);
    m.set('new', 1);
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(s.next()!);
    for (let i = 0; i < 25; i++) expect(seen.has(`k${i}`)).toBe(false);
    expect(seen.has('new')).toBe(true);
  });

  it('is cheap on a large map (not O(n) per sample)', () => {
    const m = new Map<string, number>();
    for (let i = 0; i < 300_000; i++) m.set(`key:${i}`, i);
    const s = new MapSampler(m);
    const t0 = performance.now();
    for (let i = 0; i < 100_000; i++) s.next();
    // 100k samples of at most MAX_SKIP steps each: far below one full pass per sample
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(MAX_SKIP).toBeLessThan(100);
  });

  it('sample() returns up to count keys', () => {
    const m = new Map([['a', 1], ['b', 2]]);
    expect(new MapSampler(m).sample(5).length).toBe(2);
  });
});

describe('dupValue', () => {
  class Node {
    next: Node | null = null;
    prev: Node | null = null;
    constructor(public v: string) {}
  }
  class FakeList implements RObject {
    readonly type = 'list' as const;
    head: Node | null = null;
    tail: Node | null = null;
    index = new Map<string, Node>();
    tags = new Set(['x']);
    buf = Buffer.from('ab');
    nums = new Float64Array([1.5, 2.5]);
    arr = [1, [2, 3]];
    encoding(): string {
      return 'quicklist';
    }
    push(v: string): void {
      const n = new Node(v);
      n.prev = this.tail;
      if (this.tail) this.tail.next = n;
      else this.head = n;
      this.tail = n;
      this.index.set(v, n);
    }
    values(): string[] {
      const out: string[] = [];
      for (let n = this.head; n; n = n.next) out.push(n.v);
      return out;
    }
  }

  it('strings are shared as is', () => {
    expect(dupValue('abc')).toBe('abc');
  });

  it('uses dup() when the type provides it', () => {
    const o: RObject = { type: 'set', encoding: () => 'intset', dup: () => ({ type: 'set', encoding: () => 'copied' }) };
    expect((dupValue(o) as RObject).encoding()).toBe('copied');
  });

  it('clones an object graph with cycles, keeping prototypes and independence', () => {
    const l = new FakeList();
    for (let i = 0; i < 100_000; i++) l.push(`v${i}`); // long chain: the clone must not recurse
    const c = dupValue(l) as FakeList;
    // (booleans only: vitest would try to print a 100k-node chain)
    expect(c instanceof FakeList).toBe(true);
    expect(c.encoding()).toBe('quicklist');
    expect(c.values().length).toBe(100_000);
    expect(c.head !== l.head).toBe(true);
    expect(c.head!.next!.prev === c.head).toBe(true); // back pointers stay inside the copy
    expect(c.index.get('v5') === c.head!.next!.next!.next!.next!.next).toBe(true);
    c.push('extra');
    c.tags.add('y');
    c.buf[0] = 0;
    c.nums[0] = 9;
    (c.arr[1] as number[])[0] = 7;
    expect(l.values().length).toBe(100_000);
    expect(l.tags.has('y')).toBe(false);
    expect(l.buf[0]).toBe(97);
    expect(l.nums[0]).toBe(1.5);
    expect((l.arr[1] as number[])[0]).toBe(2);
  });

  it('deepClone keeps shared sub-objects shared', () => {
    const shared = { n: 1 };
    const c = deepClone({ a: shared, b: shared }) as { a: object; b: object };
    expect(c.a).toBe(c.b);
    expect(c.a).not.toBe(shared);
  });
});

describe('parseCursor', () => {
  it('follows strtoul', () => {
    expect(parseCursor('')).toBe('0');
    expect(parseCursor('0')).toBe('0');
    expect(parseCursor('00')).toBe('0');
    expect(parseCursor('+7')).toBe('7');
    expect(parseCursor('-0')).toBe('0');
    expect(parseCursor('-1')).toBe('18446744073709551615');
    expect(parseCursor('18446744073709551615')).toBe('18446744073709551615');
    expect(parseCursor('18446744073709551616')).toBeNull();
    expect(parseCursor('-18446744073709551616')).toBeNull();
    expect(parseCursor('000000000000000000000000042')).toBe('42');
    for (const bad of ['+', '-', ' 1', '1 ', 'x', '1.5', '0x1', '+-1', '--1']) expect(parseCursor(bad), bad).toBeNull();
  });
});

describe('AccessTracker', () => {
  it('shared integer index', () => {
    expect(sharedIntegerIndex('0')).toBe(0);
    expect(sharedIntegerIndex('9999')).toBe(9999);
    expect(sharedIntegerIndex('10000')).toBe(-1);
    expect(sharedIntegerIndex('01')).toBe(-1);
    expect(sharedIntegerIndex('-1')).toBe(-1);
    expect(sharedIntegerIndex('')).toBe(-1);
  });

  it('idle time from the LRU clock, including wrap-around', () => {
    const t = new AccessTracker();
    const base = 1_700_000_000_000;
    t.tick(base);
    t.configure({ enabled: true, lfu: false, lfuLogFactor: 10, lfuDecayTime: 1, noSharedIntegers: false });
    const db = new Database(0);
    t.created(db, 'k', 'hello');
    t.tick(base + 5_000);
    expect(t.idleMs(db, 'k', 'hello')).toBe(5_000);
    t.touch(db, 'k', 'hello');
    expect(t.idleMs(db, 'k', 'hello')).toBe(0);
  });

  it('LFU counter decays by lfu-decay-time minutes', () => {
    const t = new AccessTracker();
    const base = 1_700_000_000_000;
    t.tick(base);
    t.configure({ enabled: true, lfu: true, lfuLogFactor: 0, lfuDecayTime: 1, noSharedIntegers: true });
    const db = new Database(0);
    t.created(db, 'k', 'v');
    for (let i = 0; i < 10; i++) t.touch(db, 'k', 'v');
    expect(t.freq(db, 'k', 'v')).toBe(15);
    t.tick(base + 3 * 60_000);
    expect(t.freq(db, 'k', 'v')).toBe(12);
    t.tick(base + 100 * 60_000);
    expect(t.freq(db, 'k', 'v')).toBe(0);
  });
});
