/**
 * Exact expiry times. The expiry index stores absolute ms as JS numbers,
 * exact up to 2^53 ms (year 287396) — every real TTL. Redis accepts any
 * int64 though, and `PEXPIREAT k 9223372036854775807` must read back
 * exactly through PEXPIRETIME / PTTL. Such far-future times keep their
 * exact bigint in a small side table, consulted only when the stored
 * number is itself beyond 2^53 and still equal to the rounded bigint (so a
 * stale side entry, left when something else changed the TTL, is ignored).
 */
import type { Database } from './database.js';
import type { Keyspace } from './keyspace.js';

export type ExpireTime = number | bigint;

const exact = new WeakMap<Database, Map<string, bigint>>();

/** Sets `key`'s absolute expiry (ms), keeping full int64 precision. */
export function setExpireExact(ks: Keyspace, db: Database, key: string, when: ExpireTime): void {
  if (typeof when === 'number' || (when <= BigInt(Number.MAX_SAFE_INTEGER) && when >= -BigInt(Number.MAX_SAFE_INTEGER))) {
    ks.setExpire(db, key, Number(when));
    exact.get(db)?.delete(key);
    return;
  }
  ks.setExpire(db, key, Number(when));
  let side = exact.get(db);
  if (side === undefined) exact.set(db, (side = new Map()));
  side.set(key, when);
}

/** `key`'s absolute expiry in ms (a bigint only beyond 2^53), or undefined. */
export function getExpireExact(ks: Keyspace, db: Database, key: string): ExpireTime | undefined {
  const n = ks.getExpire(db, key);
  if (n === undefined || Number.isSafeInteger(n)) return n;
  const side = exact.get(db);
  const big = side?.get(key);
  if (big !== undefined && Number(big) === n) return big;
  if (big !== undefined) side!.delete(key);
  return BigInt(n);
}
