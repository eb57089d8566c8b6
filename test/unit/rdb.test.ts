import { describe, it, expect } from 'vitest';
import { crc64 } from '../../src/persistence/rdb/crc64.js';
import { lzfCompress, lzfDecompress } from '../../src/persistence/rdb/lzf.js';
import { writeRdb, defaultAux, Snapshot, type RdbOptions } from '../../src/persistence/rdb/snapshot.js';
import { RdbFileReader, DEFAULT_LIMITS } from '../../src/persistence/rdb/decode.js';
import { Keyspace } from '../../src/keyspace/keyspace.js';
import { Stats } from '../../src/server/stats.js';
import { RHash } from '../../src/keyspace/hash.js';
import type { Value } from '../../src/keyspace/value.js';

const OPTS: RdbOptions = { compress: true, checksum: true, aux: defaultAux(0), functions: [] };

/** Every key of a file as "db/key=value(ttl)" lines, sorted (hash values flattened). */
function readAll(buf: Buffer): string[] {
  const r = new RdbFileReader(buf, DEFAULT_LIMITS);
  r.header();
  const out: string[] = [];
  const show = (v: Value) => (typeof v === 'string' ? v : v instanceof RHash ? v.flat().join(',') : v.type);
  while (!r.step({ key: (db, k, v, exp) => out.push(`${db}/${k}=${show(v)}${exp === undefined ? '' : `@${exp}`}`) }, 100));
  return out.sort();
}

describe('crc64 (Redis crc64.c, Jones polynomial)', () => {
  it('matches the check value of Redis crc64 test', () => {
    expect(crc64(Buffer.from('123456789')).toString(16)).toBe('e9c6d914c4b8d9ca');
  });
});

describe('lzf', () => {
  it('round-trips text, runs and random bytes, and refuses what does not shrink', () => {
    const inputs = [Buffer.from('abcabcabcabcabcabcabcabcabcabc'), Buffer.alloc(5000, 7), Buffer.from('x'.repeat(21))];
    for (const b of inputs) {
      const out = Buffer.alloc(b.length);
      const n = lzfCompress(b, b.length, out, b.length - 4);
      expect(n).toBeGreaterThan(0);
      expect(lzfDecompress(out.subarray(0, n), b.length)).toEqual(b);
    }
    const rnd = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 149 + 17) & 255));
    expect(lzfCompress(rnd, rnd.length, Buffer.alloc(64), 60)).toBe(0);
  });
});

describe('fork-less snapshot', () => {
  it('writes the dataset as it was when it started, whatever clients do meanwhile', async () => {
    const ks = new Keyspace(2, new Stats());
    const [db0, db1] = ks.dbs;
    for (let i = 0; i < 5000; i++) ks.set(db0, `k${i}`, `v${i}`);
    const h = new RHash();
    h.set('f', 'old', 512);
    ks.set(db0, 'hash', h);
    ks.set(db1, 'other', 'x');
    ks.setExpire(db0, 'k1', 4102444800000);
    const expected = readAll(writeRdb(ks.dbs, OPTS));

    const chunks: Buffer[] = [];
    let done!: (e: Error | null) => void;
    const finished = new Promise<Error | null>((r) => (done = r));
    const snap = new Snapshot(ks.dbs, OPTS, { write: (c) => chunks.push(c), end: (e) => done(e) });
    snap.sliceMs = 0.05; // many small slices, so writes land between them
    ks.snapshot = snap;
    snap.start();
    let round = 0;
    while (snap.active) {
      // overwrite, delete, create, mutate in place, expire and flush, between slices
      const i = (round * 97) % 5000;
      ks.set(db0, `k${i}`, 'changed');
      ks.delete(db0, `k${(i + 1) % 5000}`);
      ks.set(db0, `new${round}`, 'fresh');
      const hv = ks.lookupWrite(db0, 'hash') as RHash | undefined; // absent while db0/db1 are swapped
      hv?.set('f', `mutated${round}`, 512);
      ks.setExpire(db0, `k${(i + 2) % 5000}`, 1);
      if (round === 3) ks.flushDb(db1);
      if (round === 5) ks.swapDatabases(db0, db1);
      if (round === 6) ks.swapDatabases(db0, db1);
      round++;
      await new Promise((r) => setImmediate(r));
    }
    ks.snapshot = null;
    expect(await finished).toBeNull();
    expect(round).toBeGreaterThan(10);
    expect(snap.stats.copiedBeforeWrite).toBeGreaterThan(0);
    expect(readAll(Buffer.concat(chunks))).toEqual(expected);
  });
});
