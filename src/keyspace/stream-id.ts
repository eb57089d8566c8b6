/**
 * Stream IDs: two unsigned 64-bit integers, <ms>-<seq>.
 *
 * Representation (U64): a JS number while the value is <= 2^53-1 (every
 * ordinary millisecond timestamp and sequence), a bigint above that. The
 * form is canonical — a value that fits a safe integer is ALWAYS a number —
 * so `===` is exact equality, and `<`/`>` are exact even across the two
 * kinds (JS compares number and bigint mathematically). The common case
 * therefore costs plain number arithmetic, while IDs up to
 * 18446744073709551615 stay exact.
 */
import { parseI64 } from '../protocol/ints.js';

export type U64 = number | bigint;

export interface StreamID {
  ms: U64;
  seq: U64;
}

export const U64_MAX = 18446744073709551615n;
const SAFE = Number.MAX_SAFE_INTEGER;

export const MIN_ID: Readonly<StreamID> = Object.freeze({ ms: 0, seq: 0 });
export const MAX_ID: Readonly<StreamID> = Object.freeze({ ms: U64_MAX, seq: U64_MAX });

/** Canonical U64 from a bigint in [0, 2^64). */
export function u64(b: bigint): U64 {
  return b <= 9007199254740991n ? Number(b) : b;
}

/** x + 1, or null on overflow past 2^64-1. */
export function u64Inc(x: U64): U64 | null {
  if (typeof x === 'number') return x < SAFE ? x + 1 : 9007199254740992n;
  return x === U64_MAX ? null : x + 1n;
}

/** x - 1, or null below 0. */
export function u64Dec(x: U64): U64 | null {
  if (typeof x === 'number') return x > 0 ? x - 1 : null;
  return u64(x - 1n);
}

export function compareID(a: StreamID, b: StreamID): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

/** Compare (ms, seq) with id, without building an object. */
export function compareParts(ms: U64, seq: U64, id: StreamID): number {
  if (ms !== id.ms) return ms < id.ms ? -1 : 1;
  if (seq !== id.seq) return seq < id.seq ? -1 : 1;
  return 0;
}

export function formatID(id: StreamID): string {
  return `${id.ms}-${id.seq}`;
}

export function formatParts(ms: U64, seq: U64): string {
  return `${ms}-${seq}`;
}

export function isZeroID(id: StreamID): boolean {
  return id.ms === 0 && id.seq === 0;
}

/** The next ID after `id` (seq+1, carrying into ms), or null after the maximum. */
export function incrID(id: StreamID): StreamID | null {
  const seq = u64Inc(id.seq);
  if (seq !== null) return { ms: id.ms, seq };
  const ms = u64Inc(id.ms);
  return ms === null ? null : { ms, seq: 0 };
}

/** The ID before `id`, or null before 0-0. */
export function decrID(id: StreamID): StreamID | null {
  const seq = u64Dec(id.seq);
  if (seq !== null) return { ms: id.ms, seq };
  const ms = u64Dec(id.ms);
  return ms === null ? null : { ms, seq: U64_MAX };
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Redis's string2ull: a strict string2ll when it succeeds and is >= 0,
 * otherwise C strtoull(s, 10) accepting the whole string — so leading
 * whitespace, a '+', leading zeros and even a '-' (negated modulo 2^64)
 * are accepted, exactly like Redis.
 */
export function parseU64(s: string): U64 | null {
  const strict = parseI64(s);
  if (strict !== null) {
    if (strict < 0) return null;
    return typeof strict === 'bigint' ? u64(strict) : strict;
  }
  const n = s.length;
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c === 43 || c === 45) {
      neg = c === 45;
      i++;
    }
  }
  const digitsStart = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null; // trailing garbage: endptr is not at the end
  }
  if (i === digitsStart) return null; // no digits
  let v = BigInt(s.slice(digitsStart));
  if (v > U64_MAX) return null; // ERANGE
  if (neg && v !== 0n) v = (1n << 64n) - v;
  return u64(v);
}

export interface ParsedID {
  id: StreamID;
  /** False for the XADD form <ms>-*: the sequence is to be generated. */
  seqGiven: boolean;
}

/**
 * Parse a stream ID argument like Redis's streamGenericParseIDOrReply:
 * "-" and "+" (unless strict), "<ms>" with `missingSeq`, "<ms>-<seq>", and
 * "<ms>-*" when `allowSeqStar`. Arguments are C strings there, so a NUL byte
 * ends the ID. Returns null when invalid.
 */
export function parseStreamID(arg: string, missingSeq: U64, strict: boolean, allowSeqStar = false): ParsedID | null {
  if (arg.length > 127) return null;
  const nul = arg.indexOf('\0');
  const s = nul === -1 ? arg : arg.slice(0, nul);
  if (s.length === 1) {
    if (s === '-') return strict ? null : { id: { ms: 0, seq: 0 }, seqGiven: true };
    if (s === '+') return strict ? null : { id: { ms: U64_MAX, seq: U64_MAX }, seqGiven: true };
  }
  const dash = s.indexOf('-');
  const ms = parseU64(dash === -1 ? s : s.slice(0, dash));
  if (ms === null) return null;
  if (dash === -1) return { id: { ms, seq: missingSeq }, seqGiven: true };
  const rest = s.slice(dash + 1);
  if (allowSeqStar && rest === '*') return { id: { ms, seq: 0 }, seqGiven: false };
  const seq = parseU64(rest);
  if (seq === null) return null;
  return { id: { ms, seq }, seqGiven: true };
}

/** 16-byte big-endian encoding (Redis's rax key), as a latin1 string. */
export function encodeID(ms: U64, seq: U64): string {
  return be64(ms) + be64(seq);
}

function be64(x: U64): string {
  let b = typeof x === 'bigint' ? x : BigInt(x);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = String.fromCharCode(Number(b & 0xffn)) + out;
    b >>= 8n;
  }
  return out;
}

/** a - b wrapped to a signed 64-bit integer (how Redis stores ID deltas). */
export function deltaI64(a: U64, b: U64): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return BigInt.asIntN(64, BigInt(a) - BigInt(b));
}
