/**
 * String commands: GET/SET and their variants, counters, ranges, LCS.
 *
 * Values are latin1 JS strings. GET, SET and INCR are what benchmarks
 * measure, so their common paths do one dictionary lookup, no option
 * parsing, no regex and no BigInt.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { isOpt, i64Arg } from './args.js';
import { parseI64, intString, INT64_MAX, INT64_MIN } from '../protocol/ints.js';
import { incrByFloatText } from '../protocol/longdouble.js';
import { propagateAsLazy, deletionCommand, msArg } from './propagate.js';
import { MAX_STRING_LENGTH, writeAt, zeros } from '../keyspace/string.js';
import * as E from '../errors.js';
import { lookupString } from './lookup.js';

/**
 * checkStringLength: a string may not grow past proto-max-bulk-len (nor
 * past V8's string limit, which is 24 bytes short of Redis's 512MB default).
 * Replies the error and returns false when `size + append` is too long.
 */
export function checkStringLength(c: Client, size: number, append: number): boolean {
  const total = size + append;
  if (total > c.server.config.num('proto-max-bulk-len') || total > MAX_STRING_LENGTH) {
    c.error(E.STRING_TOO_LONG);
    return false;
  }
  return true;
}

/** Replies with a string key's value (nil when missing); false after a WRONGTYPE error (getGenericCommand). */
function replyValue(c: Client, key: string): boolean {
  const v = c.server.keyspace.lookupRead(c.db, key);
  if (v === undefined) {
    c.w.nil();
    return true;
  }
  if (typeof v !== 'string') {
    c.error(E.WRONGTYPE);
    return false;
  }
  c.w.bulk(v);
  return true;
}

function get(c: Client, argv: string[]): void {
  const v = c.server.keyspace.lookupRead(c.db, argv[1]);
  if (v === undefined) c.w.nil();
  else if (typeof v !== 'string') c.error(E.WRONGTYPE);
  else c.w.bulk(v);
}

// ---------------------------------------------------------------------------
// SET and its options (parseExtendedStringArgumentsOrReply)

const NX = 1;
const XX = 2;
const GET = 4;
const KEEPTTL = 8;
const PERSIST = 16;
const EX = 32;
const PX = 64;
const EXAT = 128;
const PXAT = 256;
const ANY_EXPIRE = EX | PX | EXAT | PXAT;

/** Result of the last parseExtended call (module scratch: no allocation per command). */
let optFlags = 0;
let optExpire: string | null = null;

/**
 * Parses SET's (from argv[3]) or GETEX's (from argv[2]) options with Redis's
 * rules: NX/XX exclusive, one expiry kind (repeating it is allowed, last
 * wins), KEEPTTL only without an expiry, PERSIST only for GETEX.
 */
function parseExtended(c: Client, argv: string[], isSet: boolean): boolean {
  let flags = 0;
  let expire: string | null = null;
  const last = argv.length - 1;
  for (let j = isSet ? 3 : 2; j <= last; j++) {
    const opt = argv[j];
    const more = j < last;
    if (isSet && isOpt(opt, 'NX') && (flags & XX) === 0) flags |= NX;
    else if (isSet && isOpt(opt, 'XX') && (flags & NX) === 0) flags |= XX;
    else if (isSet && isOpt(opt, 'GET')) flags |= GET;
    else if (isSet && isOpt(opt, 'KEEPTTL') && (flags & (PERSIST | ANY_EXPIRE)) === 0) flags |= KEEPTTL;
    else if (!isSet && isOpt(opt, 'PERSIST') && (flags & (ANY_EXPIRE | KEEPTTL)) === 0) flags |= PERSIST;
    else if (more && isOpt(opt, 'EX') && (flags & (KEEPTTL | PERSIST | EXAT | PX | PXAT)) === 0) {
      flags |= EX;
      expire = argv[++j];
    } else if (more && isOpt(opt, 'PX') && (flags & (KEEPTTL | PERSIST | EX | EXAT | PXAT)) === 0) {
      flags |= PX;
      expire = argv[++j];
    } else if (more && isOpt(opt, 'EXAT') && (flags & (KEEPTTL | PERSIST | EX | PX | PXAT)) === 0) {
      flags |= EXAT;
      expire = argv[++j];
    } else if (more && isOpt(opt, 'PXAT') && (flags & (KEEPTTL | PERSIST | EX | EXAT | PX)) === 0) {
      flags |= PXAT;
      expire = argv[++j];
    } else {
      c.error(E.SYNTAX);
      return false;
    }
  }
  optFlags = flags;
  optExpire = expire;
  return true;
}

const MAX_EXPIRE_SECONDS = 9223372036854775; // LLONG_MAX / 1000
const LLONG_MAX_FLOAT = 9223372036854775807; // rounds to 2^63

/**
 * getExpireMillisecondsOrReply: the absolute unix-ms deadline for an
 * EX/PX/EXAT/PXAT argument, or null after replying Redis's error. Relative
 * times that overflow 64 bits once "now" is added are invalid, as in Redis.
 */
function expireAt(c: Client, arg: string, flags: number, cmdName: string): number | null {
  const v = parseI64(arg);
  if (v === null) {
    c.error(E.NOT_INTEGER);
    return null;
  }
  const seconds = (flags & (EX | EXAT)) !== 0;
  if (v <= 0 || (seconds && v > MAX_EXPIRE_SECONDS)) {
    c.error(E.invalidExpire(cmdName));
    return null;
  }
  let ms = seconds ? Number(v) * 1000 : Number(v);
  if ((flags & (EX | PX)) !== 0) {
    ms += Date.now();
    if (ms >= LLONG_MAX_FLOAT) {
      c.error(E.invalidExpire(cmdName));
      return null;
    }
  }
  return ms;
}

/** Replies of setGenericCommand: SET answers OK/nil, SETNX answers 1/0. */
const REPLY_OK = 0;
const REPLY_INT = 1;

/** setGenericCommand. */
function setGeneric(c: Client, cmdName: string, flags: number, key: string, val: string, expire: string | null, replies: number): void {
  const ks = c.server.keyspace;
  const db = c.db;
  let when = 0;
  if (expire !== null) {
    const w = expireAt(c, expire, flags, cmdName);
    if (w === null) return;
    when = w;
  }
  if ((flags & GET) !== 0 && !replyValue(c, key)) return;
  const found = ks.lookupWrite(db, key) !== undefined;
  if (((flags & NX) !== 0 && found) || ((flags & XX) !== 0 && !found)) {
    if ((flags & GET) === 0) {
      if (replies === REPLY_INT) c.w.integer(0);
      else c.w.nil();
    }
    return;
  }
  ks.set(db, key, val, (flags & KEEPTTL) !== 0 || expire !== null);
  ks.notify('$', 'set', key, db.id);
  if (expire !== null) {
    ks.setExpire(db, key, when);
    ks.notify('g', 'expire', key, db.id);
    // Relative or not, the expiry replays as an absolute time.
    propagateAsLazy(c, () => ['SET', key, val, 'PXAT', msArg(when)]);
  }
  if ((flags & GET) === 0) {
    if (replies === REPLY_INT) c.w.integer(1);
    else c.w.ok();
  }
}

function set(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    // Plain SET: no options to parse, TTL dropped.
    const ks = c.server.keyspace;
    const db = c.db;
    const key = argv[1];
    if (db.expires.size !== 0) ks.expireIfNeeded(db, key);
    ks.set(db, key, argv[2]);
    ks.notify('$', 'set', key, db.id);
    c.w.ok();
    return;
  }
  if (!parseExtended(c, argv, true)) return;
  // Without an expiry, SET … GET propagates without its GET (with one, as SET … PXAT).
  if ((optFlags & GET) !== 0 && optExpire === null) propagateAsLazy(c, () => argv.filter((a, j) => j < 3 || !isOpt(a, 'GET')));
  setGeneric(c, 'set', optFlags, argv[1], argv[2], optExpire, REPLY_OK);
}

function setnx(c: Client, argv: string[]): void {
  setGeneric(c, 'setnx', NX, argv[1], argv[2], null, REPLY_INT);
}

function setex(c: Client, argv: string[]): void {
  setGeneric(c, 'setex', EX, argv[1], argv[3], argv[2], REPLY_OK);
}

function psetex(c: Client, argv: string[]): void {
  setGeneric(c, 'psetex', PX, argv[1], argv[3], argv[2], REPLY_OK);
}

/** GETEX key [EX s | PX ms | EXAT ts | PXAT ms-ts | PERSIST] */
function getex(c: Client, argv: string[]): void {
  if (!parseExtended(c, argv, false)) return;
  const flags = optFlags;
  const expire = optExpire;
  const ks = c.server.keyspace;
  const db = c.db;
  const key = argv[1];
  // 7.0 looks the key up before it validates the expire time.
  const v = ks.lookupRead(db, key);
  if (v === undefined) {
    c.w.nil();
    return;
  }
  if (typeof v !== 'string') {
    c.error(E.WRONGTYPE);
    return;
  }
  let when = 0;
  if (expire !== null) {
    const w = expireAt(c, expire, flags, 'getex');
    if (w === null) return;
    when = w;
  }
  c.w.bulk(v);
  if ((flags & (EXAT | PXAT)) !== 0 && when <= Date.now()) {
    // An absolute time in the past deletes the key right away.
    ks.delete(db, key);
    ks.notify('g', 'del', key, db.id);
    propagateAsLazy(c, () => [deletionCommand(c, 'lazyfree-lazy-expire'), key]);
  } else if (expire !== null) {
    ks.setExpire(db, key, when);
    ks.modified(db, key);
    ks.notify('g', 'expire', key, db.id);
    propagateAsLazy(c, () => ['PEXPIREAT', key, msArg(when)]);
  } else if ((flags & PERSIST) !== 0 && ks.removeExpire(db, key)) {
    ks.modified(db, key);
    ks.notify('g', 'persist', key, db.id);
    propagateAsLazy(c, () => ['PERSIST', key]);
  }
}

function getdel(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const v = ks.lookupRead(c.db, argv[1]);
  if (v === undefined) {
    c.w.nil();
    return;
  }
  if (typeof v !== 'string') {
    c.error(E.WRONGTYPE);
    return;
  }
  c.w.bulk(v);
  ks.delete(c.db, argv[1]);
  ks.notify('g', 'del', argv[1], c.db.id);
  propagateAsLazy(c, () => [deletionCommand(c, 'lazyfree-lazy-user-del'), argv[1]]);
}

function getset(c: Client, argv: string[]): void {
  if (!replyValue(c, argv[1])) return;
  const ks = c.server.keyspace;
  ks.set(c.db, argv[1], argv[2]);
  ks.notify('$', 'set', argv[1], c.db.id);
  propagateAsLazy(c, () => ['SET', argv[1], argv[2]]);
}

function mget(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const db = c.db;
  c.w.array(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const v = ks.lookupRead(db, argv[i]);
    if (typeof v === 'string') c.w.bulk(v);
    else c.w.nil();
  }
}

function msetGeneric(c: Client, argv: string[], nx: boolean): void {
  if (argv.length % 2 === 0) {
    c.error(E.wrongArity(nx ? 'msetnx' : 'mset'));
    return;
  }
  const ks = c.server.keyspace;
  const db = c.db;
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (ks.lookupWrite(db, argv[j]) !== undefined) {
        c.w.integer(0);
        return;
      }
    }
  }
  for (let j = 1; j < argv.length; j += 2) {
    const key = argv[j];
    if (db.expires.size !== 0) ks.expireIfNeeded(db, key);
    ks.set(db, key, argv[j + 1]);
    ks.notify('$', 'set', key, db.id);
  }
  if (nx) c.w.integer(1);
  else c.w.ok();
}

function mset(c: Client, argv: string[]): void {
  msetGeneric(c, argv, false);
}

function msetnx(c: Client, argv: string[]): void {
  msetGeneric(c, argv, true);
}

// ---------------------------------------------------------------------------
// Counters

/**
 * incrDecrCommand: adds `incr` to the 64-bit integer at `key`. Numbers
 * stay on the double fast path while the result is a safe integer; BigInt
 * is used only beyond 2^53, where int64 overflow is also checked.
 */
function incrDecr(c: Client, key: string, incr: number | bigint): void {
  const ks = c.server.keyspace;
  const db = c.db;
  const v = ks.lookupWrite(db, key);
  let cur: number | bigint = 0;
  if (v !== undefined) {
    if (typeof v !== 'string') {
      c.error(E.WRONGTYPE);
      return;
    }
    const p = parseI64(v);
    if (p === null) {
      c.error(E.NOT_INTEGER);
      return;
    }
    cur = p;
  }
  let res: number | bigint = typeof cur === 'number' && typeof incr === 'number' ? cur + incr : NaN;
  if (!Number.isSafeInteger(res)) {
    // Beyond 2^53 (or a bigint operand): exact 64-bit arithmetic.
    const big = BigInt(cur) + BigInt(incr);
    if (big > INT64_MAX || big < INT64_MIN) {
      c.error(E.INCR_OVERFLOW);
      return;
    }
    res = big;
  }
  ks.set(db, key, intString(res), true);
  ks.notify('$', 'incrby', key, db.id);
  c.w.integer(res);
}

function incr(c: Client, argv: string[]): void {
  incrDecr(c, argv[1], 1);
}

function decr(c: Client, argv: string[]): void {
  incrDecr(c, argv[1], -1);
}

function incrby(c: Client, argv: string[]): void {
  const n = i64Arg(c, argv[2]);
  if (n === null) return;
  incrDecr(c, argv[1], n);
}

function decrby(c: Client, argv: string[]): void {
  const n = i64Arg(c, argv[2]);
  if (n === null) return;
  if (n === INT64_MIN) {
    // -LLONG_MIN does not exist
    c.error(E.DECR_OVERFLOW);
    return;
  }
  incrDecr(c, argv[1], -n);
}

/** INCRBYFLOAT: long double arithmetic and "%.17Lf" output, like Redis (see protocol/longdouble). */
function incrbyfloat(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const db = c.db;
  const key = argv[1];
  const v = lookupString(c, key, true);
  if (v === null) return;
  const r = incrByFloatText(v === undefined ? null : v, argv[2]);
  if (r === 'NOT_FLOAT') {
    c.error(E.NOT_FLOAT);
    return;
  }
  if (r === 'NAN_OR_INF') {
    c.error(E.INCR_NAN_OR_INF);
    return;
  }
  ks.set(db, key, r, true);
  ks.setStringEncoding(db, key, r, r.length <= 44 ? 'embstr' : 'raw'); // a fresh string object: never int
  ks.notify('$', 'incrbyfloat', key, db.id);
  // Replayed as the resulting value, so float formatting can never make a replica differ.
  propagateAsLazy(c, () => ['SET', key, r, 'KEEPTTL']);
  c.w.bulk(r);
}

// ---------------------------------------------------------------------------
// Lengths and ranges

function strlen(c: Client, argv: string[]): void {
  const v = c.server.keyspace.lookupRead(c.db, argv[1]);
  if (v === undefined) c.w.integer(0);
  else if (typeof v !== 'string') c.error(E.WRONGTYPE);
  else c.w.integer(v.length);
}

function append(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const db = c.db;
  const key = argv[1];
  const add = argv[2];
  const v = ks.lookupWrite(db, key);
  let len: number;
  if (v === undefined) {
    ks.set(db, key, add);
    len = add.length;
  } else {
    if (typeof v !== 'string') {
      c.error(E.WRONGTYPE);
      return;
    }
    if (!checkStringLength(c, v.length, add.length)) return;
    const nv = v + add;
    ks.set(db, key, nv, true);
    ks.setStringEncoding(db, key, nv, 'raw'); // appended in place: Redis unshares it into a raw string
    len = nv.length;
  }
  ks.notify('$', 'append', key, db.id);
  c.w.integer(len);
}

/** GETRANGE / SUBSTR: inclusive byte range, negative indexes from the end. */
function getrange(c: Client, argv: string[]): void {
  const s0 = i64Arg(c, argv[2]);
  if (s0 === null) return;
  const e0 = i64Arg(c, argv[3]);
  if (e0 === null) return;
  const v = lookupString(c, argv[1], false);
  if (v === null) return;
  if (v === undefined) {
    c.w.bulk('');
    return;
  }
  if (s0 < 0 && e0 < 0 && s0 > e0) {
    c.w.bulk('');
    return;
  }
  const len = v.length;
  let start = Number(s0);
  let end = Number(e0);
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) c.w.bulk('');
  else c.w.bulk(start === 0 && end === len - 1 ? v : v.slice(start, end + 1));
}

function setrange(c: Client, argv: string[]): void {
  const off = i64Arg(c, argv[2]);
  if (off === null) return;
  if (off < 0) {
    c.error(E.OFFSET_OUT_OF_RANGE);
    return;
  }
  const ks = c.server.keyspace;
  const db = c.db;
  const key = argv[1];
  const value = argv[3];
  const v = ks.lookupWrite(db, key);
  let next: string;
  if (v === undefined) {
    if (value.length === 0) {
      c.w.integer(0);
      return;
    }
    if (!checkStringLength(c, Number(off), value.length)) return;
    next = zeros(Number(off)) + value;
  } else {
    if (typeof v !== 'string') {
      c.error(E.WRONGTYPE);
      return;
    }
    if (value.length === 0) {
      c.w.integer(v.length);
      return;
    }
    if (!checkStringLength(c, Number(off), value.length)) return;
    next = writeAt(v, Number(off), value);
  }
  ks.set(db, key, next, true);
  ks.setStringEncoding(db, key, next, 'raw'); // written in place (or created sized): raw
  ks.notify('$', 'setrange', key, db.id);
  c.w.integer(next.length);
}

// ---------------------------------------------------------------------------
// LCS

/** LCS's options. */
interface LcsOptions {
  len: boolean;
  idx: boolean;
  withMatchLen: boolean;
  minMatchLen: number;
}

/** Parses LCS's options; null after replying with the error. */
function parseLcsOptions(c: Client, argv: string[]): LcsOptions | null {
  const o: LcsOptions = { len: false, idx: false, withMatchLen: false, minMatchLen: 0 };
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    const more = argv.length - 1 - j;
    if (isOpt(opt, 'IDX')) o.idx = true;
    else if (isOpt(opt, 'LEN')) o.len = true;
    else if (isOpt(opt, 'WITHMATCHLEN')) o.withMatchLen = true;
    else if (more > 0 && isOpt(opt, 'MINMATCHLEN')) {
      const n = i64Arg(c, argv[j + 1]);
      if (n === null) return null;
      o.minMatchLen = n < 0 ? 0 : Number(n);
      j++;
    } else {
      c.error(E.SYNTAX);
      return null;
    }
  }
  if (o.idx && o.len) {
    c.error(E.LCS_IDX_AND_LEN);
    return null;
  }
  return o;
}

/**
 * The dynamic-programming table: dp[i*(b.length+1) + j] = LCS length of
 * a[0..i) and b[0..j). Null after replying when it would exceed
 * proto-max-bulk-len or cannot be allocated, as Redis refuses.
 */
function lcsTable(c: Client, a: string, b: string): Uint32Array | null {
  const alen = a.length;
  const blen = b.length;
  const cols = blen + 1;
  const cells = (alen + 1) * cols;
  if (cells * 4 > c.server.config.num('proto-max-bulk-len')) {
    c.error(E.LCS_MEMORY);
    return null;
  }
  let dp: Uint32Array;
  try {
    dp = new Uint32Array(cells);
  } catch {
    c.error(E.LCS_ALLOC);
    return null;
  }
  // dp[i*cols + j] = LCS length of a[0..i) and b[0..j); row and column 0 stay 0.
  for (let i = 1; i <= alen; i++) {
    const ai = a.charCodeAt(i - 1);
    const row = i * cols;
    const prev = row - cols;
    for (let j = 1; j <= blen; j++) {
      if (ai === b.charCodeAt(j - 1)) dp[row + j] = dp[prev + j - 1] + 1;
      else {
        const up = dp[prev + j];
        const left = dp[row + j - 1];
        dp[row + j] = up > left ? up : left;
      }
    }
  }
  return dp;
}

/** The LCS string and, for IDX, its matching ranges (aStart, aEnd, bStart, bEnd each), walking back from the end. */
function lcsWalk(a: string, b: string, dp: Uint32Array, total: number, o: LcsOptions): { out: Buffer; ranges: number[] } {
  const alen = a.length;
  const blen = b.length;
  const cols = blen + 1;
  const out = Buffer.allocUnsafe(total);
  let idx = total;
  const ranges: number[] = []; // aStart, aEnd, bStart, bEnd, per range
  let aStart = alen; // alen = no range open
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let i = alen;
  let j = blen;
  while (i > 0 && j > 0) {
    let emit = false;
    const ch = a.charCodeAt(i - 1);
    if (ch === b.charCodeAt(j - 1)) {
      out[idx - 1] = ch;
      if (aStart === alen) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      if (dp[(i - 1) * cols + j] > dp[i * cols + j - 1]) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (o.idx && (o.minMatchLen === 0 || matchLen >= o.minMatchLen)) ranges.push(aStart, aEnd, bStart, bEnd);
      aStart = alen;
    }
  }
  return { out, ranges };
}

/** LCS … IDX: the matching ranges (from the end of the strings backwards, as Redis lists them) and the LCS length. */
function replyLcsMatches(c: Client, ranges: number[], total: number, withMatchLen: boolean): void {
  const w = c.w;
  w.map(2);
  w.bulk('matches');
  w.array(ranges.length / 4);
  for (let k = 0; k < ranges.length; k += 4) {
    w.array(withMatchLen ? 3 : 2);
    w.array(2);
    w.integer(ranges[k]);
    w.integer(ranges[k + 1]);
    w.array(2);
    w.integer(ranges[k + 2]);
    w.integer(ranges[k + 3]);
    if (withMatchLen) w.integer(ranges[k + 1] - ranges[k] + 1);
  }
  w.bulk('len');
  w.integer(total);
}

function lcs(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const oa = ks.lookupRead(c.db, argv[1]);
  const ob = ks.lookupRead(c.db, argv[2]);
  if ((oa !== undefined && typeof oa !== 'string') || (ob !== undefined && typeof ob !== 'string')) {
    c.error(E.LCS_NOT_STRINGS);
    return;
  }
  const a = oa === undefined ? '' : oa;
  const b = ob === undefined ? '' : ob;
  const o = parseLcsOptions(c, argv);
  if (o === null) return;
  const dp = lcsTable(c, a, b);
  if (dp === null) return;
  const total = dp[dp.length - 1];
  if (o.len) {
    c.w.integer(total);
    return;
  }
  const { out, ranges } = lcsWalk(a, b, dp, total, o);
  if (o.idx) replyLcsMatches(c, ranges, total, o.withMatchLen);
  else c.w.bulk(out.latin1Slice(0, total));
}

export const stringCommands: CommandDef[] = [
  command('get', get),
  command('set', set),
  command('setnx', setnx),
  command('setex', setex),
  command('psetex', psetex),
  command('getex', getex),
  command('getdel', getdel),
  command('getset', getset),
  command('mget', mget),
  command('mset', mset),
  command('msetnx', msetnx),
  command('incr', incr),
  command('decr', decr),
  command('incrby', incrby),
  command('decrby', decrby),
  command('incrbyfloat', incrbyfloat),
  command('strlen', strlen),
  command('append', append),
  command('getrange', getrange),
  command('substr', getrange),
  command('setrange', setrange),
  command('lcs', lcs),
];
