/**
 * The consumer-group structures: the skip list against a sorted-array
 * model under random operations, and PEL bookkeeping shared between a
 * group and its consumers.
 */
import { describe, it, expect } from 'vitest';
import { SkipList, CGroup, compareBytes } from '../../src/keyspace/stream-groups.js';
import { compareID, type StreamID } from '../../src/keyspace/stream-id.js';

describe('SkipList', () => {
  it('matches a sorted array model under random inserts, deletes and seeks', () => {
    const sl = new SkipList<number, number>((a, b) => a - b);
    const model: number[] = [];
    let x = 12345;
    const rnd = (n: number) => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % n;
    };
    for (let i = 0; i < 5000; i++) {
      const k = rnd(500);
      const op = rnd(3);
      const at = model.indexOf(k);
      if (op === 0) {
        expect(sl.insert(k, k * 2)).toBe(at === -1);
        if (at === -1) {
          model.push(k);
          model.sort((a, b) => a - b);
        }
      } else if (op === 1) {
        expect(sl.delete(k)).toBe(at !== -1);
        if (at !== -1) model.splice(at, 1);
      } else {
        const n = sl.seek(k);
        const want = model.find((m) => m >= k);
        expect(n === null ? undefined : n.key).toBe(want);
        expect(sl.get(k)).toBe(at === -1 ? undefined : k * 2);
      }
      expect(sl.size).toBe(model.length);
      expect(sl.first()?.key).toBe(model[0]);
      expect(sl.last()?.key).toBe(model[model.length - 1]);
    }
    const keys: number[] = [];
    for (let n = sl.first(); n !== null; n = n.next[0]) keys.push(n.key);
    expect(keys).toEqual(model);
  });

  it('orders names by bytes', () => {
    const sl = new SkipList<string, null>(compareBytes);
    for (const k of ['b', 'a\xff', 'a', 'B', '', 'a\x00']) sl.insert(k, null);
    const keys: string[] = [];
    for (let n = sl.first(); n !== null; n = n.next[0]) keys.push(n.key);
    expect(keys).toEqual(['', 'B', 'a', 'a\x00', 'a\xff', 'b']);
  });
});

describe('CGroup', () => {
  const id = (ms: number): StreamID => ({ ms, seq: 0 });

  it('shares pending entries between the group and its consumers', () => {
    const g = new CGroup(id(0), 0);
    const a = g.createConsumer('a')!;
    const b = g.createConsumer('b')!;
    expect(g.createConsumer('a')).toBeNull();
    g.deliver(id(1), a, 10);
    g.deliver(id(2), a, 10);
    g.deliver(id(3), b, 10);
    expect([g.pel.size, a.pel.size, b.pel.size]).toEqual([3, 2, 1]);
    // A redelivery to another consumer moves it and resets the count.
    g.pel.get(id(2))!.deliveryCount = 5;
    g.deliver(id(2), b, 20);
    expect([a.pel.size, b.pel.size]).toEqual([1, 2]);
    expect(g.pel.get(id(2))).toEqual({ deliveryTime: 20, deliveryCount: 1, consumer: b });
    expect(b.pel.get(id(2))).toBe(g.pel.get(id(2)));
    expect(g.ack(id(2))).toBe(true);
    expect(g.ack(id(2))).toBe(false);
    expect([g.pel.size, b.pel.size]).toEqual([2, 1]);
    g.deleteConsumer(a);
    expect(g.pel.size).toBe(1);
    expect(g.consumers.size).toBe(1);
    expect(compareID(g.pel.first()!.key, id(3))).toBe(0);
  });
});
