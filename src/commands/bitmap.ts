/**
 * Bitmap commands over string values: SETBIT, GETBIT, BITCOUNT, BITPOS,
 * BITOP, BITFIELD, BITFIELD_RO.
 *
 * Bit 0 is the most significant bit of byte 0, as in Redis. Reads work on
 * the latin1 string directly; single-byte writes rebuild the string from
 * slices; commands that write many bytes (BITOP, BITFIELD) work in a Buffer
 * and store it back as one latin1 string.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { isOpt, i64Arg } from './args.js';
import { parseI64 } from '../protocol/ints.js';
import { MAX_STRING_LENGTH, writeByte, zeros } from '../keyspace/string.js';
import * as E from '../errors.js';
import { lookupString } from './lookup.js';

const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1];

/**
 * getBitOffsetFromArgument: a bit offset below 8 * proto-max-bulk-len.
 * With `bits` > 0 (BITFIELD) "#N" means N * bits; the product wraps at
 * 64 bits exactly like Redis's signed multiplication.
 */
function bitOffsetArg(c: Client, s: string, bits: number): number | null {
  const hash = bits > 0 && s.charCodeAt(0) === 35; /* # */
  const v = parseI64(hash ? s.slice(1) : s);
  if (v === null) {
    c.error(E.BIT_OFFSET);
    return null;
  }
  let off: number | bigint = v;
  if (hash) {
    const p = typeof v === 'number' ? v * bits : NaN;
    off = Number.isSafeInteger(p) ? p : BigInt.asIntN(64, BigInt(v) * BigInt(bits));
  }
  if (off < 0 || Math.floor(Number(off) / 8) >= c.server.config.num('proto-max-bulk-len')) {
    c.error(E.BIT_OFFSET);
    return null;
  }
  return Number(off);
}

/** A string of `len` bytes is beyond what V8 can hold (Redis's limit was already checked). */
function tooLong(c: Client, len: number): boolean {
  if (len <= MAX_STRING_LENGTH) return false;
  c.error(E.STRING_TOO_LONG);
  return true;
}

function setbit(c: Client, argv: string[]): void {
  const off = bitOffsetArg(c, argv[2], 0);
  if (off === null) return;
  const on = parseI64(argv[3]);
  if (on !== 0 && on !== 1) {
    c.error(E.BIT_VALUE);
    return;
  }
  const ks = c.server.keyspace;
  const db = c.db;
  const key = argv[1];
  const v = lookupString(c, key, true);
  if (v === null) return;
  const byte = Math.floor(off / 8);
  if (tooLong(c, byte + 1)) return;
  const mask = 1 << (7 - (off % 8));
  if (v === undefined || byte >= v.length) {
    // New key or grown string: always a change, the old bit was 0.
    const s = (v === undefined ? zeros(byte) : v + zeros(byte - v.length)) + String.fromCharCode(on === 1 ? mask : 0);
    ks.set(db, key, s, true);
    ks.setStringEncoding(db, key, s, 'raw'); // Redis creates or unshares a raw string for bit writes
    ks.notify('$', 'setbit', key, db.id);
    c.w.integer(0);
    return;
  }
  const old = v.charCodeAt(byte);
  const was = (old & mask) !== 0;
  let next = v;
  if (was !== (on === 1)) {
    next = writeByte(v, byte, on === 1 ? old | mask : old & ~mask);
    ks.set(db, key, next, true);
    ks.notify('$', 'setbit', key, db.id);
  }
  ks.setStringEncoding(db, key, next, 'raw'); // unshared even when the bit was already set

  c.w.integer(was ? 1 : 0);
}

function getbit(c: Client, argv: string[]): void {
  const off = bitOffsetArg(c, argv[2], 0);
  if (off === null) return;
  const v = lookupString(c, argv[1], false);
  if (v === null) return;
  if (v === undefined) {
    c.w.integer(0);
    return;
  }
  const byte = Math.floor(off / 8);
  c.w.integer(byte < v.length && (v.charCodeAt(byte) & (1 << (7 - (off % 8)))) !== 0 ? 1 : 0);
}

/**
 * BITCOUNT/BITPOS range: negative indexes count from the end of `total`
 * (bytes or bits), then both ends are clamped into [0, total - 1].
 */
function clampRange(s0: number | bigint, e0: number | bigint, total: number): [number, number] {
  let start = Number(s0);
  let end = Number(e0);
  if (start < 0) start = total + start;
  if (end < 0) end = total + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  return [start, end];
}

/** Parses BIT|BYTE; null after a syntax error. */
function unitArg(c: Client, s: string): boolean | null {
  if (isOpt(s, 'BIT')) return true;
  if (isOpt(s, 'BYTE')) return false;
  c.error(E.SYNTAX);
  return null;
}

function popcount(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i <= to; i++) n += POPCOUNT[s.charCodeAt(i)];
  return n;
}

/** BITCOUNT key [start end [BYTE|BIT]]. Redis 7.0 looks the key up before it parses the range. */
function bitcount(c: Client, argv: string[]): void {
  const v = lookupString(c, argv[1], false);
  if (v === null) return;
  if (v === undefined) {
    c.w.integer(0);
    return;
  }
  const len = v.length;
  let start: number;
  let end: number;
  let firstMask = 0;
  let lastMask = 0;
  if (argv.length === 4 || argv.length === 5) {
    const s0 = i64Arg(c, argv[2]);
    if (s0 === null) return;
    const e0 = i64Arg(c, argv[3]);
    if (e0 === null) return;
    let isbit = false;
    if (argv.length === 5) {
      const u = unitArg(c, argv[4]);
      if (u === null) return;
      isbit = u;
    }
    if (s0 < 0 && e0 < 0 && s0 > e0) {
      c.w.integer(0);
      return;
    }
    const total = isbit ? len * 8 : len;
    [start, end] = clampRange(s0, e0, total);
    if (isbit && start <= end) {
      // Bits of the edge bytes outside the range, subtracted after counting whole bytes.
      firstMask = ~((1 << (8 - (start % 8))) - 1) & 0xff;
      lastMask = (1 << (7 - (end % 8))) - 1;
      start = Math.floor(start / 8);
      end = Math.floor(end / 8);
    }
  } else if (argv.length === 2) {
    start = 0;
    end = len - 1;
  } else {
    c.error(E.SYNTAX);
    return;
  }
  if (start > end) {
    c.w.integer(0);
    return;
  }
  let n = popcount(v, start, end);
  if (firstMask !== 0) n -= POPCOUNT[v.charCodeAt(start) & firstMask];
  if (lastMask !== 0) n -= POPCOUNT[v.charCodeAt(end) & lastMask];
  c.w.integer(n);
}

/** First bit equal to `bit` among bit positions [from, to] of `s`, or -1. */
function findBit(s: string, from: number, to: number, bit: number): number {
  const lastByte = Math.floor(to / 8);
  const skip = bit === 1 ? 0 : 0xff;
  let byte = Math.floor(from / 8);
  let mask = 0xff >> (from % 8);
  for (; byte <= lastByte; byte++, mask = 0xff) {
    let b = s.charCodeAt(byte);
    if (b === skip && mask === 0xff && byte !== lastByte) continue;
    if (bit === 0) b = ~b & 0xff;
    if (byte === lastByte) mask &= (0xff << (7 - (to % 8))) & 0xff;
    b &= mask;
    if (b !== 0) return byte * 8 + Math.clz32(b) - 24;
  }
  return -1;
}

/** BITPOS key bit [start [end [BYTE|BIT]]] */
function bitpos(c: Client, argv: string[]): void {
  const bit = i64Arg(c, argv[2]);
  if (bit === null) return;
  if (bit !== 0 && bit !== 1) {
    c.error(E.BIT_ARG);
    return;
  }
  const v = lookupString(c, argv[1], false);
  if (v === null) return;
  if (v === undefined) {
    // A missing key is an endless run of zeros.
    c.w.integer(bit === 1 ? -1 : 0);
    return;
  }
  const len = v.length;
  const argc = argv.length;
  let start: number;
  let end: number;
  let isbit = false;
  let endGiven = false;
  if (argc >= 4 && argc <= 6) {
    const s0 = i64Arg(c, argv[3]);
    if (s0 === null) return;
    if (argc === 6) {
      const u = unitArg(c, argv[5]);
      if (u === null) return;
      isbit = u;
    }
    let e0: number | bigint = len - 1;
    if (argc >= 5) {
      const e = i64Arg(c, argv[4]);
      if (e === null) return;
      e0 = e;
      endGiven = true;
    }
    const total = isbit ? len * 8 : len;
    [start, end] = clampRange(s0, e0, total);
  } else if (argc === 3) {
    start = 0;
    end = len - 1;
  } else {
    c.error(E.SYNTAX);
    return;
  }
  if (start > end) {
    c.w.integer(-1);
    return;
  }
  const from = isbit ? start : start * 8;
  const to = isbit ? end : end * 8 + 7;
  const pos = findBit(v, from, to, bit);
  if (pos >= 0 || bit === 1) c.w.integer(pos);
  // No clear bit: without an explicit end the string counts as zero-padded on the right.
  else c.w.integer(endGiven ? -1 : to + 1);
}

const OP_AND = 0;
const OP_OR = 1;
const OP_XOR = 2;
const OP_NOT = 3;

/** BITOP AND|OR|XOR|NOT destkey key [key ...] */
function bitop(c: Client, argv: string[]): void {
  const name = argv[1];
  let op: number;
  if (isOpt(name, 'AND')) op = OP_AND;
  else if (isOpt(name, 'OR')) op = OP_OR;
  else if (isOpt(name, 'XOR')) op = OP_XOR;
  else if (isOpt(name, 'NOT')) op = OP_NOT;
  else {
    c.error(E.SYNTAX);
    return;
  }
  if (op === OP_NOT && argv.length !== 4) {
    c.error(E.BITOP_NOT_KEYS);
    return;
  }
  const ks = c.server.keyspace;
  const db = c.db;
  const srcs: string[] = [];
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const v = ks.lookupRead(db, argv[j]);
    if (v === undefined) {
      srcs.push('');
      continue;
    }
    if (typeof v !== 'string') {
      c.error(E.WRONGTYPE);
      return;
    }
    srcs.push(v);
    if (v.length > maxlen) maxlen = v.length;
  }
  const target = argv[2];
  if (maxlen === 0) {
    if (ks.delete(db, target)) ks.notify('g', 'del', target, db.id);
    c.w.integer(0);
    return;
  }
  const res = Buffer.alloc(maxlen);
  res.write(srcs[0], 0, 'latin1');
  if (op === OP_NOT) {
    for (let i = 0; i < maxlen; i++) res[i] = ~res[i];
  } else {
    for (let k = 1; k < srcs.length; k++) {
      const s = srcs[k];
      const n = s.length;
      if (op === OP_AND) {
        for (let i = 0; i < n; i++) res[i] &= s.charCodeAt(i);
        res.fill(0, n);
      } else if (op === OP_OR) {
        for (let i = 0; i < n; i++) res[i] |= s.charCodeAt(i);
      } else {
        for (let i = 0; i < n; i++) res[i] ^= s.charCodeAt(i);
      }
    }
  }
  if (db.expires.size !== 0) ks.expireIfNeeded(db, target);
  const out = res.latin1Slice(0, maxlen);
  ks.set(db, target, out);
  ks.setStringEncoding(db, target, out, 'raw'); // a fresh object from a buffer: raw at any length
  ks.notify('$', 'set', target, db.id);
  c.w.integer(maxlen);
}

// ---------------------------------------------------------------------------
// BITFIELD

const BF_GET = 0;
const BF_SET = 1;
const BF_INCRBY = 2;
const OW_WRAP = 0;
const OW_SAT = 1;
const OW_FAIL = 2;

interface FieldOp {
  op: number;
  offset: number;
  bits: number;
  signed: boolean;
  value: bigint;
  overflow: number;
}

/** "i<1-64>" or "u<1-63>" (read as a C string); the width with sign, or null. */
function fieldType(s: string): { signed: boolean; bits: number } | null {
  const c0 = s.charCodeAt(0);
  if (c0 !== 105 /* i */ && c0 !== 117 /* u */) return null;
  const signed = c0 === 105;
  let rest = s.slice(1);
  const nul = rest.indexOf('\0');
  if (nul >= 0) rest = rest.slice(0, nul);
  const bits = parseI64(rest);
  if (bits === null || bits < 1 || bits > (signed ? 64 : 63)) return null;
  return { signed, bits: Number(bits) };
}

/**
 * The bytes BITFIELD works on: the stored string, with the byte range
 * [lo, lo + buf.length) that the write operations touch copied into a
 * Buffer. Only that range is rebuilt afterwards, so counters in a large
 * bitmap cost O(field), not O(string). Bytes past the string read as zero.
 */
class FieldView {
  constructor(
    readonly str: string,
    readonly buf: Buffer | null = null,
    readonly lo = 0,
  ) {}

  byte(i: number): number {
    const buf = this.buf;
    if (buf !== null) {
      const j = i - this.lo;
      if (j >= 0 && j < buf.length) return buf[j];
    }
    return i < this.str.length ? this.str.charCodeAt(i) : 0;
  }

  /** The new string value: head of the old one, the edited range, the rest. */
  result(): string {
    const buf = this.buf!;
    const s = this.str;
    const lo = this.lo;
    const hi = lo + buf.length;
    const head = lo <= s.length ? s.slice(0, lo) : s + zeros(lo - s.length);
    return head + buf.latin1Slice(0, buf.length) + (hi < s.length ? s.slice(hi) : '');
  }
}

/** Unsigned `bits`-bit field at bit `offset`. */
function getField(v: FieldView, offset: number, bits: number): bigint {
  const first = Math.floor(offset / 8);
  const shift = offset % 8;
  const nbytes = Math.ceil((shift + bits) / 8);
  let w = 0n;
  for (let i = 0; i < nbytes; i++) w = (w << 8n) | BigInt(v.byte(first + i));
  return (w >> BigInt(nbytes * 8 - shift - bits)) & ((1n << BigInt(bits)) - 1n);
}

function getSignedField(v: FieldView, offset: number, bits: number): bigint {
  return BigInt.asIntN(bits, getField(v, offset, bits));
}

/** Stores the low `bits` bits of `value` at bit `offset` (inside the view's edited range). */
function setField(v: FieldView, offset: number, bits: number, value: bigint): void {
  const buf = v.buf!;
  const first = Math.floor(offset / 8) - v.lo;
  const shift = offset % 8;
  const nbytes = Math.ceil((shift + bits) / 8);
  let w = 0n;
  for (let i = 0; i < nbytes; i++) w = (w << 8n) | BigInt(buf[first + i]);
  const low = BigInt(nbytes * 8 - shift - bits);
  const ones = (1n << BigInt(bits)) - 1n;
  w = (w & ~(ones << low)) | ((value & ones) << low);
  for (let i = nbytes - 1; i >= 0; i--) {
    buf[first + i] = Number(w & 0xffn);
    w >>= 8n;
  }
}

/** Result of the last overflow check: the value to store under WRAP/SAT. */
let limit = 0n;

/**
 * checkUnsignedBitfieldOverflow with its 64-bit C arithmetic: 1 overflow,
 * -1 underflow, 0 fits. `value` is the field (or SET value) as uint64.
 */
function unsignedOverflow(value: bigint, incr: bigint, bits: number, ow: number): number {
  const max = (1n << BigInt(bits)) - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, -value);
  let r = 0;
  if (value > max || (incr > 0n && incr > maxincr)) r = 1;
  else if (incr < 0n && incr < minincr) r = -1;
  else return 0;
  if (ow === OW_WRAP) limit = BigInt.asUintN(64, value + incr) & max;
  else if (ow === OW_SAT) limit = r === 1 ? max : 0n;
  return r;
}

/** checkSignedBitfieldOverflow, same conventions; `value` and the result are int64. */
function signedOverflow(value: bigint, incr: bigint, bits: number, ow: number): number {
  const b = BigInt(bits);
  const max = bits === 64 ? 0x7fffffffffffffffn : (1n << (b - 1n)) - 1n;
  const min = -max - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, min - value);
  let r = 0;
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) r = 1;
  else if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) r = -1;
  else return 0;
  if (ow === OW_WRAP) limit = BigInt.asIntN(bits, BigInt.asUintN(64, value + incr));
  else if (ow === OW_SAT) limit = r === 1 ? max : min;
  return r;
}

/** BITFIELD's subcommands, parsed and checked in Redis's order before anything runs. */
interface BitfieldPlan {
  ops: FieldOp[];
  writes: boolean;
  /** The farthest and nearest bits written (the string grows to the farthest). */
  highest: number;
  lowest: number;
}

/** Parses the subcommands; null after replying with the error. */
function parseBitfield(c: Client, argv: string[]): BitfieldPlan | null {
  const ops: FieldOp[] = [];
  let overflow = OW_WRAP;
  let writes = false;
  let highest = 0;
  let lowest = Infinity;
  const argc = argv.length;
  for (let j = 2; j < argc; j++) {
    const rem = argc - j - 1;
    const sub = argv[j];
    let op: number;
    if (rem >= 2 && isOpt(sub, 'GET')) op = BF_GET;
    else if (rem >= 3 && isOpt(sub, 'SET')) op = BF_SET;
    else if (rem >= 3 && isOpt(sub, 'INCRBY')) op = BF_INCRBY;
    else if (rem >= 1 && isOpt(sub, 'OVERFLOW')) {
      const name = argv[++j];
      if (isOpt(name, 'WRAP')) overflow = OW_WRAP;
      else if (isOpt(name, 'SAT')) overflow = OW_SAT;
      else if (isOpt(name, 'FAIL')) overflow = OW_FAIL;
      else {
        c.error(E.BITFIELD_OVERFLOW_TYPE);
        return null;
      }
      continue;
    } else {
      c.error(E.SYNTAX);
      return null;
    }
    const type = fieldType(argv[j + 1]);
    if (type === null) {
      c.error(E.BITFIELD_TYPE);
      return null;
    }
    const offset = bitOffsetArg(c, argv[j + 2], type.bits);
    if (offset === null) return null;
    let value = 0n;
    if (op !== BF_GET) {
      writes = true;
      if (offset + type.bits - 1 > highest) highest = offset + type.bits - 1;
      if (offset < lowest) lowest = offset;
      const n = i64Arg(c, argv[j + 3]);
      if (n === null) return null;
      value = BigInt(n);
    }
    ops.push({ op, offset, bits: type.bits, signed: type.signed, value, overflow });
    j += op === BF_GET ? 2 : 3;
  }
  return { ops, writes, highest, lowest };
}

/** Only GETs: the key is read, never created. */
function bitfieldRead(c: Client, key: string, ops: FieldOp[]): void {
  const ks = c.server.keyspace;
  const db = c.db;
  const v = ks.lookupRead(db, key);
  if (v !== undefined && typeof v !== 'string') {
    c.error(E.WRONGTYPE);
    return;
  }
  const view = new FieldView(v === undefined ? '' : v);
  c.w.array(ops.length);
  for (const o of ops) c.w.integer(o.signed ? getSignedField(view, o.offset, o.bits) : getField(view, o.offset, o.bits));
}

/** One SET or INCRBY as Redis computes it: the value read, the value to write, the reply, and whether it overflowed. */
function fieldWrite(view: FieldView, o: FieldOp): { oldval: bigint; newval: bigint; retval: bigint; ovf: number } {
  let oldval: bigint;
  let newval: bigint;
  let retval: bigint;
  let ovf: number;
  if (o.signed) {
    oldval = getSignedField(view, o.offset, o.bits);
    if (o.op === BF_INCRBY) {
      ovf = signedOverflow(oldval, o.value, o.bits, o.overflow);
      newval = ovf !== 0 ? limit : oldval + o.value;
      retval = newval;
    } else {
      ovf = signedOverflow(o.value, 0n, o.bits, o.overflow);
      newval = ovf !== 0 ? limit : o.value;
      retval = oldval;
    }
  } else {
    oldval = getField(view, o.offset, o.bits);
    if (o.op === BF_INCRBY) {
      ovf = unsignedOverflow(oldval, o.value, o.bits, o.overflow);
      newval = ovf !== 0 ? limit : BigInt.asUintN(64, oldval + o.value);
      retval = newval;
    } else {
      const nv = BigInt.asUintN(64, o.value);
      ovf = unsignedOverflow(nv, 0n, o.bits, o.overflow);
      newval = ovf !== 0 ? limit : nv;
      retval = oldval;
    }
  }
  return { oldval, newval, retval, ovf };
}

/** At least one SET/INCRBY: the string is created or grown, then every op runs in order. */
function bitfieldWrite(c: Client, key: string, plan: BitfieldPlan): void {
  const { ops, highest, lowest } = plan;
  const ks = c.server.keyspace;
  const db = c.db;
  const v = lookupString(c, key, true);
  if (v === null) return;
  // lookupStringForBitCommand: create or zero-pad the string up to the farthest written bit.
  const need = Math.floor(highest / 8) + 1;
  if (tooLong(c, need)) return;
  const old = v === undefined ? '' : v;
  const grew = v === undefined || need > old.length;
  const lo = Math.floor(lowest / 8);
  const buf = Buffer.alloc(need - lo);
  if (lo < old.length) buf.write(old.slice(lo, need), 0, 'latin1');
  const view = new FieldView(old, buf, lo);

  let changes = 0;
  const w = c.w;
  w.array(ops.length);
  for (const o of ops) {
    if (o.op === BF_GET) {
      w.integer(o.signed ? getSignedField(view, o.offset, o.bits) : getField(view, o.offset, o.bits));
      continue;
    }
    const { oldval, newval, retval, ovf } = fieldWrite(view, o);
    if (ovf !== 0 && o.overflow === OW_FAIL) {
      w.nil();
      continue;
    }
    w.integer(BigInt.asIntN(64, retval));
    setField(view, o.offset, o.bits, BigInt.asUintN(64, newval));
    if (grew || oldval !== newval) changes++;
  }
  // Any write op makes Redis unshare the value into a raw string, changed or not.
  if (changes === 0 && !grew) {
    ks.setStringEncoding(db, key, old, 'raw');
    return;
  }
  const next = view.result();
  ks.put(db, key, next);
  ks.setStringEncoding(db, key, next, 'raw');
  if (changes !== 0) {
    ks.modified(db, key);
    ks.notify('$', 'setbit', key, db.id);
  }
}

function bitfieldGeneric(c: Client, argv: string[], readonlyCmd: boolean): void {
  const plan = parseBitfield(c, argv);
  if (plan === null) return;
  if (!plan.writes) {
    bitfieldRead(c, argv[1], plan.ops);
    return;
  }
  if (readonlyCmd) {
    c.error(E.BITFIELD_RO_WRITE);
    return;
  }
  bitfieldWrite(c, argv[1], plan);
}

function bitfield(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, false);
}

function bitfieldRo(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, true);
}

export const bitmapCommands: CommandDef[] = [
  command('setbit', setbit),
  command('getbit', getbit),
  command('bitcount', bitcount),
  command('bitpos', bitpos),
  command('bitop', bitop),
  command('bitfield', bitfield),
  command('bitfield_ro', bitfieldRo),
];
