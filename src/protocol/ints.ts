/**
 * Strict integer parsing with Redis's string2ll rules: optional '-', no '+',
 * no leading zeros, no spaces, fits a signed 64-bit integer. Used by the
 * request parser (on raw bytes) and by every command argument (on strings).
 *
 * JS numbers are exact only up to 2^53, so values beyond that are parsed as
 * BigInt and callers that need full 64-bit range (INCRBY, SETRANGE offsets
 * are fine with doubles) use parseI64Big.
 */

const MAX_SAFE_DIGITS = 15; // any 15-digit number is exactly representable

/** Parse bytes buf[start, end) as a strict integer; NaN when invalid or |n| >= 2^53. */
export function parseIntBytes(buf: Buffer, start: number, end: number): number {
  let i = start;
  if (i >= end) return NaN;
  let neg = false;
  if (buf[i] === 45 /* - */) {
    neg = true;
    i++;
    if (i >= end) return NaN;
  }
  const first = buf[i];
  if (first === 48 /* 0 */) return end - i === 1 && !neg ? 0 : NaN;
  if (first < 49 || first > 57) return NaN;
  if (end - i > 16) return NaN;
  let n = 0;
  for (; i < end; i++) {
    const c = buf[i];
    if (c < 48 || c > 57) return NaN;
    n = n * 10 + (c - 48);
  }
  if (n > Number.MAX_SAFE_INTEGER) return NaN;
  return neg ? -n : n;
}

const I64_MAX = 9223372036854775807n;
const I64_MIN = -9223372036854775808n;

/**
 * Parse a string as a strict signed 64-bit integer (string2ll). Returns a
 * number when exactly representable, a bigint when beyond 2^53 but within
 * int64, or null when invalid.
 */
export function parseI64(s: string): number | bigint | null {
  const len = s.length;
  if (len === 0 || len > 20) return null;
  let i = 0;
  let neg = false;
  if (s.charCodeAt(0) === 45) {
    if (len === 1) return null;
    neg = true;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48) return len === 1 ? 0 : null;
  if (first < 49 || first > 57) return null;
  let n = 0;
  for (let j = i; j < len; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return null;
    n = n * 10 + (c - 48);
  }
  if (len - i <= MAX_SAFE_DIGITS || n <= Number.MAX_SAFE_INTEGER) return neg ? -n : n;
  const b = BigInt(s);
  if (b > I64_MAX || b < I64_MIN) return null;
  return b;
}

/** Strict int64 as a JS number (may lose precision beyond 2^53); null when invalid. */
export function parseI64Number(s: string): number | null {
  const v = parseI64(s);
  if (v === null) return null;
  return typeof v === 'number' ? v : Number(v);
}

/** Strict int64 always as a bigint; null when invalid. */
export function parseI64Big(s: string): bigint | null {
  const v = parseI64(s);
  if (v === null) return null;
  return typeof v === 'bigint' ? v : BigInt(v);
}

/**
 * C atoi: leading whitespace, an optional sign, then digits up to the first
 * non-digit; 0 when there are none. Some Redis commands parse counts this
 * lenient way (key counts in COMMAND GETKEYS fallbacks, DEBUG arguments).
 */
export function atoi(s: string): number {
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 32 || (s.charCodeAt(i) >= 9 && s.charCodeAt(i) <= 13))) i++;
  let sign = 1;
  if (s[i] === '-' || s[i] === '+') {
    if (s[i] === '-') sign = -1;
    i++;
  }
  let n = 0;
  for (; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 48 || ch > 57) break;
    n = n * 10 + (ch - 48);
  }
  return sign * n;
}

export const INT64_MAX = I64_MAX;
export const INT64_MIN = I64_MIN;

/** Decimal strings of 0..SHARED_INTS-1, made once and shared like Redis's shared integer objects. */
const SHARED_INTS = 10000;
const sharedInts: (string | undefined)[] = new Array(SHARED_INTS).fill(undefined);

/** The decimal text of an integer; small non-negative ones are one shared string each (counters stored by INCR & co). */
export function intString(n: number | bigint): string {
  if (typeof n === 'number' && n >= 0 && n < SHARED_INTS) return (sharedInts[n] ??= String(n));
  return String(n);
}
