/**
 * Expiry commands: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX/XX/GT/LT),
 * TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST.
 *
 * Times are int64 milliseconds as in Redis. Ordinary values stay JS
 * numbers; only arguments or results beyond 2^53 take the bigint path, so
 * the overflow checks ("invalid expire time") and far-future times are
 * exact (see keyspace/expiry.ts).
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { parseI64, INT64_MAX, INT64_MIN } from '../protocol/ints.js';
import { propagateAsLazy, deletionCommand } from './propagate.js';
import { getExpireExact, setExpireExact, type ExpireTime } from '../keyspace/expiry.js';
import * as E from '../errors.js';

const NX = 1;
const XX = 2;
const GT = 4;
const LT = 8;

/** NX/XX/GT/LT after the time argument; null after replying with Redis's error. */
function expireFlags(c: Client, argv: string[]): number | null {
  let flags = 0;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    if (opt === 'nx') flags |= NX;
    else if (opt === 'xx') flags |= XX;
    else if (opt === 'gt') flags |= GT;
    else if (opt === 'lt') flags |= LT;
    else {
      c.error(E.unsupportedOption(argv[i]));
      return null;
    }
  }
  if ((flags & NX) !== 0 && (flags & (XX | GT | LT)) !== 0) {
    c.error(E.EXPIRE_NX_INCOMPATIBLE);
    return null;
  }
  if ((flags & (GT | LT)) === (GT | LT)) {
    c.error(E.EXPIRE_GT_LT_INCOMPATIBLE);
    return null;
  }
  return flags;
}

/**
 * The absolute expiry in ms for argument `arg` (seconds when `seconds`),
 * relative to `base` (0 for the *AT forms); null after replying when the
 * argument is not an integer or the result overflows int64.
 */
function absoluteTime(c: Client, arg: string, seconds: boolean, base: number): ExpireTime | null {
  const v = parseI64(arg);
  if (v === null) {
    c.error(E.NOT_INTEGER);
    return null;
  }
  if (typeof v === 'number') {
    const ms = seconds ? v * 1000 : v;
    if (Number.isSafeInteger(ms) && Number.isSafeInteger(ms + base)) return ms + base;
  }
  let when = BigInt(v);
  if (seconds) {
    if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) {
      c.error(E.invalidExpire(c.current!.fullName));
      return null;
    }
    when *= 1000n;
  }
  if (when > INT64_MAX - BigInt(base)) {
    c.error(E.invalidExpire(c.current!.fullName));
    return null;
  }
  when += BigInt(base);
  return Number.isSafeInteger(Number(when)) ? Number(when) : when;
}

function expireGeneric(c: Client, argv: string[], relative: boolean, seconds: boolean): void {
  const flags = expireFlags(c, argv);
  if (flags === null) return;
  const now = Date.now();
  const when = absoluteTime(c, argv[2], seconds, relative ? now : 0);
  if (when === null) return;
  const ks = c.server.keyspace;
  const db = c.db;
  const key = argv[1];
  if (ks.lookupWrite(db, key) === undefined) {
    c.w.integer(0);
    return;
  }
  if (flags !== 0) {
    const current = getExpireExact(ks, db, key);
    // A key without TTL counts as an infinite one for GT and LT.
    if (((flags & NX) !== 0 && current !== undefined) ||
        ((flags & XX) !== 0 && current === undefined) ||
        ((flags & GT) !== 0 && (current === undefined || when <= current)) ||
        ((flags & LT) !== 0 && current !== undefined && when >= current)) {
      c.w.integer(0);
      return;
    }
  }
  if (when <= now && !ks.noLazyExpire) {
    // Already in the past: the key is deleted, and that is a "del", not an "expired".
    ks.delete(db, key);
    ks.notify('g', 'del', key, db.id);
    propagateAsLazy(c, () => [deletionCommand(c, 'lazyfree-lazy-expire'), key]);
    c.w.integer(1);
    return;
  }
  setExpireExact(ks, db, key, when);
  // Replayed as PEXPIREAT with the absolute time; NX/XX/GT/LT stay (they held here, they hold there).
  propagateAsLazy(c, () => {
    const out = argv.slice();
    if (relative || seconds) {
      out[0] = 'PEXPIREAT';
      out[2] = String(when);
    }
    return out;
  });
  c.w.integer(1);
  ks.modified(db, key);
  ks.notify('g', 'expire', key, db.id);
}

/** TTL, PTTL, EXPIRETIME, PEXPIRETIME. */
function ttlGeneric(c: Client, argv: string[], ms: boolean, absolute: boolean): void {
  const ks = c.server.keyspace;
  const db = c.db;
  if (ks.lookupReadNoTouch(db, argv[1]) === undefined) {
    c.w.integer(-2);
    return;
  }
  const when = getExpireExact(ks, db, argv[1]);
  if (when === undefined) {
    c.w.integer(-1);
    return;
  }
  if (typeof when === 'number') {
    let t = absolute ? when : when - Date.now();
    if (t < 0) t = 0;
    c.w.integer(ms ? t : Math.floor((t + 500) / 1000));
    return;
  }
  let t = absolute ? when : when - BigInt(Date.now());
  if (t < 0n) t = 0n;
  c.w.integer(ms ? t : (t + 500n) / 1000n);
}

function persist(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const db = c.db;
  const key = argv[1];
  if (ks.lookupWrite(db, key) !== undefined && ks.removeExpire(db, key)) {
    ks.modified(db, key);
    ks.notify('g', 'persist', key, db.id);
    c.w.integer(1);
  } else {
    c.w.integer(0);
  }
}

export const expireCommands: CommandDef[] = [
  command('expire', (c, argv) => expireGeneric(c, argv, true, true)),
  command('pexpire', (c, argv) => expireGeneric(c, argv, true, false)),
  command('expireat', (c, argv) => expireGeneric(c, argv, false, true)),
  command('pexpireat', (c, argv) => expireGeneric(c, argv, false, false)),
  command('ttl', (c, argv) => ttlGeneric(c, argv, false, false)),
  command('pttl', (c, argv) => ttlGeneric(c, argv, true, false)),
  command('expiretime', (c, argv) => ttlGeneric(c, argv, false, true)),
  command('pexpiretime', (c, argv) => ttlGeneric(c, argv, true, true)),
  command('persist', persist),
];
