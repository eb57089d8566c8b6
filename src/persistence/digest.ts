/**
 * DEBUG DIGEST / DIGEST-VALUE: Redis's order-independent SHA1 digest of the
 * dataset (debug.c), so a dataset can be compared with Redis's for the same
 * data — after a reload, a restore or a file exchanged with real Redis.
 *
 * Per key: mix(key), mix(type as big-endian u32), then the value — strings
 * and list elements mixed in order, set members xored (order-free), hash
 * fields and zset members as per-element digests xored, stream entries
 * mixed in ID order; "!!expire!!" xored when the key has a TTL. Per
 * database: mix(db id), then every key digest xored in.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../keyspace/database.js';
import type { Value } from '../keyspace/value.js';
import type { ListValue } from '../keyspace/list.js';
import type { RSet } from '../keyspace/set.js';
import type { ZSet } from '../keyspace/zset.js';
import type { RHash } from '../keyspace/hash.js';
import { MIN_ID, MAX_ID, type Stream } from '../keyspace/stream.js';
import { formatDouble17g } from '../protocol/doubles.js';

const TYPE_CODE: Record<string, number> = { string: 0, list: 1, set: 2, zset: 3, hash: 4, stream: 6 };

function sha1(data: Buffer): Buffer {
  return createHash('sha1').update(data).digest();
}

function bytes(s: string | Buffer): Buffer {
  return typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
}

/** xorDigest: digest ^= sha1(data). */
function xor(digest: Buffer, data: string | Buffer): void {
  const h = sha1(bytes(data));
  for (let i = 0; i < 20; i++) digest[i] ^= h[i];
}

/** mixDigest: digest = sha1(digest ^ sha1(data)). */
function mix(digest: Buffer, data: string | Buffer): void {
  xor(digest, data);
  sha1(digest).copy(digest);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** xorObjectDigest: folds one value (and whether it expires) into `digest`. */
export function valueDigest(digest: Buffer, v: Value, expires: boolean): void {
  const type = typeof v === 'string' ? 'string' : v.type;
  mix(digest, u32(TYPE_CODE[type]));
  if (typeof v === 'string') {
    mix(digest, v);
  } else if (v.type === 'list') {
    const l = v as ListValue;
    for (let i = 0; i < l.length; i++) mix(digest, l.at(i));
  } else if (v.type === 'set') {
    const s = v as RSet;
    for (let i = 0; i < s.size; i++) xor(digest, s.at(i));
  } else if (v.type === 'zset') {
    const z = v as ZSet;
    for (let cur = z.at(0); cur.valid; cur.next()) {
      const ele = Buffer.alloc(20);
      mix(ele, cur.member);
      mix(ele, formatDouble17g(cur.score));
      xor(digest, ele);
    }
  } else if (v.type === 'hash') {
    (v as RHash).forEach((f, val) => {
      const ele = Buffer.alloc(20);
      mix(ele, f);
      mix(ele, val);
      xor(digest, ele);
    });
  } else if (v.type === 'stream') {
    (v as Stream).range(MIN_ID, MAX_ID, false, -1, (ms, seq, fv) => {
      mix(digest, `${ms}.${seq}`);
      for (const x of fv) mix(digest, x);
    });
  }
  if (expires) xor(digest, '!!expire!!');
}

function hex(d: Buffer): string {
  return d.toString('hex');
}

/** DEBUG DIGEST: the whole dataset, 40 zeros when empty. */
export function datasetDigest(dbs: readonly Database[]): string {
  const final = Buffer.alloc(20);
  for (const db of dbs) {
    if (db.dict.size === 0) continue;
    mix(final, u32(db.id));
    for (const [k, v] of db.dict) {
      const d = Buffer.alloc(20);
      mix(d, k);
      valueDigest(d, v, db.expires.size !== 0 && db.expires.has(k));
      xor(final, d);
    }
  }
  return hex(final);
}

/** DEBUG DIGEST-VALUE for one key: zeros when missing. */
export function keyDigest(db: Database, key: string): string {
  const d = Buffer.alloc(20);
  const v = db.dict.get(key);
  if (v !== undefined) valueDigest(d, v, db.expires.size !== 0 && db.expires.has(key));
  return hex(d);
}
