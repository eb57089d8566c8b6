import { describe, expect, it } from 'vitest';
import { Stream, parseStreamID, formatID, incrID, decrID, compareID, parseU64, U64_MAX } from '../../src/keyspace/stream.js';
import type { StreamID } from '../../src/keyspace/stream.js';

const id = (ms: number | bigint, seq: number | bigint = 0): StreamID => ({ ms, seq });
function ids(s: Stream, start = id(0), end: StreamID = { ms: U64_MAX, seq: U64_MAX }, rev = false, count = 0): string[] {
  const out: string[] = [];
  s.range(start, end, rev, count, (ms, seq) => { out.push(`${ms}-${seq}`); });
  return out;
}

describe('stream ids', () => {
  it('parses like Redis string2ull', () => {
    expect(parseU64('18446744073709551615')).toBe(U64_MAX);
    expect(parseU64('18446744073709551616')).toBeNull();
    expect(parseU64('9007199254740991')).toBe(9007199254740991);
    expect(parseU64('9007199254740992')).toBe(9007199254740992n);
    expect(parseU64(' +007')).toBe(7);
    expect(parseU64('-1')).toBeNull();
    expect(parseU64('-01')).toBe(U64_MAX);
    expect(parseU64('')).toBeNull();
    expect(parseU64('1x')).toBeNull();
    expect(parseStreamID('5', 0, true)!.id).toEqual(id(5, 0));
    expect(parseStreamID('5-*', 0, true, true)!.seqGiven).toBe(false);
    expect(parseStreamID('-', 0, true)).toBeNull();
    expect(parseStreamID('+', 0, false)!.id).toEqual({ ms: U64_MAX, seq: U64_MAX });
    expect(parseStreamID('1\0xyz', 7, false)!.id).toEqual(id(1, 7));
    expect(formatID(incrID(id(1, U64_MAX))!)).toBe('2-0');
    expect(incrID({ ms: U64_MAX, seq: U64_MAX })).toBeNull();
    expect(formatID(decrID(id(2, 0))!)).toBe('1-18446744073709551615');
    expect(compareID(id(9007199254740993n), id(9007199254740991))).toBe(1);
  });
});

describe('Stream', () => {
  it('appends, ranges, deletes and trims across nodes', () => {
    const s = new Stream();
    for (let i = 1; i <= 250; i++) s.append(id(i), ['f', String(i)], 4096, 100);
    expect(s.nodeCount()).toBe(3);
    expect(ids(s, id(99), id(101))).toEqual(['99-0', '100-0', '101-0']);
    expect(ids(s, id(0), id(1000), true, 3)).toEqual(['250-0', '249-0', '248-0']);
    expect(ids(s, id(150), id(149))).toEqual([]);
    expect(s.delete(id(100))).toBe(true);
    expect(s.delete(id(100))).toBe(false);
    expect(ids(s, id(99), id(101))).toEqual(['99-0', '101-0']);
    expect(ids(s, id(0), id(101), true, 2)).toEqual(['101-0', '99-0']);
    expect(s.trim({ strategy: 'maxlen', maxlen: 200, approx: true, minid: id(0), limit: 0 })).toBe(0);
    expect(s.trim({ strategy: 'maxlen', maxlen: 140, approx: true, minid: id(0), limit: 0 })).toBe(99);
    expect(s.length).toBe(150);
    expect(s.trim({ strategy: 'maxlen', maxlen: 140, approx: false, minid: id(0), limit: 0 })).toBe(10);
    expect(formatID(s.firstId)).toBe('111-0');
    expect(s.trim({ strategy: 'minid', maxlen: 0, approx: false, minid: id(240), limit: 0 })).toBe(129);
    expect(ids(s)[0]).toBe('240-0');
    expect(s.nodeCount()).toBe(1);
  });
  it('keeps huge ids exact', () => {
    const s = new Stream();
    s.append({ ms: U64_MAX, seq: 1 }, ['a', 'b'], 4096, 100);
    s.append({ ms: U64_MAX, seq: U64_MAX }, ['a', 'b'], 4096, 100);
    expect(ids(s)).toEqual(['18446744073709551615-1', '18446744073709551615-18446744073709551615']);
    expect(s.radixTreeNodes()).toBe(2);
  });
});

describe('sealed nodes', () => {
  it('read, delete and unseal packed nodes', () => {
    const s = new Stream();
    for (let i = 1; i <= 12; i++) s.append(id(i), i % 3 === 0 ? ['other', `v${i}`, 'x', ''] : ['f', `v${i}`], 4096, 5);
    s.append({ ms: 2n ** 60n, seq: 0 }, ['f', 'big'], 4096, 5);
    const all: string[] = [];
    s.range(id(0), { ms: U64_MAX, seq: U64_MAX }, false, 0, (ms, seq, fv) => { all.push(`${ms}-${seq}:${fv.join(',')}`); });
    expect(all.slice(0, 3)).toEqual(['1-0:f,v1', '2-0:f,v2', '3-0:other,v3,x,']);
    expect(all[12]).toBe('1152921504606846976-0:f,big');
    expect(s.get(id(6))).toEqual(['other', 'v6', 'x', '']);
    expect(s.delete(id(6))).toBe(true);
    expect(s.get(id(6))).toBeNull();
    expect(s.delete(id(6))).toBe(false);
    expect(ids(s, id(5), id(7))).toEqual(['5-0', '7-0']);
    // Emptying the tail node makes a sealed node the tail again; a raised limit appends to it.
    expect(s.delete({ ms: 2n ** 60n, seq: 0 })).toBe(true);
    for (const i of [11, 12]) s.delete(id(i));
    expect(s.nodeCount()).toBe(2);
    s.append(id(2000), ['f', 'again'], 4096, 100);
    expect(s.nodeCount()).toBe(2);
    expect(s.get(id(2000))).toEqual(['f', 'again']);
    expect(s.get(id(7))).toEqual(['f', 'v7']);
    expect(ids(s, id(6), id(2000))).toEqual(['7-0', '8-0', '9-0', '10-0', '2000-0']);
  });
});
