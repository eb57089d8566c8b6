/**
 * C `long double` arithmetic for INCRBYFLOAT and HINCRBYFLOAT.
 *
 * Redis parses both operands with strtold, adds them as long doubles and
 * prints the sum with "%.17Lf" minus trailing zeros. On x86-64 a long
 * double has a 64-bit mantissa and a 15-bit exponent, so 0.1 + 0.2 prints
 * "0.3" and 1e308 + 1e308 is a 309-digit integer — neither reproducible
 * with JS doubles. This module emulates the format exactly with BigInt:
 * correctly rounded parsing (round half to even, like glibc), one correctly
 * rounded addition, and exact decimal printing.
 *
 * The format follows the platform Redis runs on: x87 80-bit on x86,
 * IEEE quad on Linux arm64, plain double on macOS arm64.
 */

/** Mantissa bits, and the exponent range of the last mantissa bit (value = m * 2^e). */
interface Format {
  bits: number;
  minExp: number;
  maxExp: number;
}

function platformFormat(): Format {
  if (process.arch === 'arm64' && process.platform === 'darwin') return { bits: 53, minExp: -1074, maxExp: 971 };
  if (process.arch === 'arm64' || process.arch === 's390x' || process.arch === 'ppc64') {
    return { bits: 113, minExp: -16494, maxExp: 16271 };
  }
  return { bits: 64, minExp: -16445, maxExp: 16320 };
}

const FMT = platformFormat();
const P = BigInt(FMT.bits);
const ONE_P = 1n << P; // first mantissa value that no longer fits

/** A finite value is (-1)^neg * m * 2^e; `inf` marks an infinity (sign in neg). */
export interface LongDouble {
  neg: boolean;
  m: bigint;
  e: number;
  inf: boolean;
}

const ZERO: LongDouble = { neg: false, m: 0n, e: 0, inf: false };

/** Number of significant bits of x > 0. */
function bitLength(x: bigint): number {
  const hex = x.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0], 16)));
}

const POW10: bigint[] = [];

function pow10(k: number): bigint {
  if (k < 64) return (POW10[k] ??= 10n ** BigInt(k));
  return 10n ** BigInt(k);
}

/**
 * Rounds num/den * 2^exp2 (num >= 0, den > 0) to the long double format,
 * half to even, with gradual underflow. Overflow gives an infinity.
 */
function round(neg: boolean, num: bigint, den: bigint, exp2: number): LongDouble {
  if (num === 0n) return { neg, m: 0n, e: 0, inf: false };
  const k = bitLength(num) - bitLength(den);
  // Scale so the quotient has at least bits+2 significant bits.
  const s = FMT.bits + 2 - k;
  let q: bigint;
  let r: bigint;
  if (s >= 0) {
    const n = num << BigInt(s);
    q = n / den;
    r = n - q * den;
  } else {
    const d = den << BigInt(-s);
    q = num / d;
    r = num - q * d;
  }
  const sticky = r !== 0n;
  let e = exp2 - s;
  let drop = bitLength(q) - FMT.bits;
  if (e + drop < FMT.minExp) drop = FMT.minExp - e;
  const bd = BigInt(drop);
  let m = q >> bd;
  const rest = q - (m << bd);
  const half = 1n << (bd - 1n);
  if (rest > half || (rest === half && (sticky || (m & 1n) === 1n))) {
    m += 1n;
    if (m === ONE_P) {
      m >>= 1n;
      e += 1;
    }
  }
  e += drop;
  if (m === 0n) return { neg, m: 0n, e: 0, inf: false };
  if (e > FMT.maxExp) return { neg, m: 0n, e: 0, inf: true };
  return { neg, m, e, inf: false };
}

/** Longest argument strtold gets in Redis (MAX_LONG_DOUBLE_CHARS). */
const MAX_CHARS = 5 * 1024;

/**
 * string2ld: the whole string must be a strtold number (decimal, hex,
 * inf/infinity), no leading space, no NaN, no overflow or underflow to
 * zero. Returns null when Redis would answer "not a valid float".
 */
export function parseLongDouble(s: string): LongDouble | null {
  const n = s.length;
  if (n === 0 || n >= MAX_CHARS) return null;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) {
    neg = c0 === 45;
    i = 1;
  }
  const c = s.charCodeAt(i) | 0x20;
  if (c === 0x69 /* i */ || c === 0x6e /* n */) {
    const word = s.slice(i).toLowerCase();
    if (word === 'inf' || word === 'infinity') return { neg, m: 0n, e: 0, inf: true };
    return null; // nan, nan(...) and garbage
  }
  if (s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 0x20) === 0x78 /* x */) {
    const v = parseHex(s, i + 2, neg);
    if (v !== undefined) return v;
    // "0x" without hex digits: strtold reads just "0" and stops at 'x'
    return null;
  }
  return parseDecimal(s, i, neg);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** Reads an exponent's digits from i; returns [value clamped to ±1e9, next index] or null without digits. */
function readExponent(s: string, i: number): [number, number] | null {
  let sign = 1;
  const c = s.charCodeAt(i);
  if (c === 43 || c === 45) {
    if (c === 45) sign = -1;
    i++;
  }
  const start = i;
  let v = 0;
  while (i < s.length && isDigit(s.charCodeAt(i))) {
    if (v < 1e9) v = v * 10 + (s.charCodeAt(i) - 48);
    i++;
  }
  if (i === start) return null;
  return [sign * v, i];
}

function parseDecimal(s: string, i: number, neg: boolean): LongDouble | null {
  const n = s.length;
  let digits = '';
  let fracDigits = 0;
  let seen = 0;
  while (i < n && isDigit(s.charCodeAt(i))) {
    digits += s[i++];
    seen++;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) {
      digits += s[i++];
      fracDigits++;
      seen++;
    }
  }
  if (seen === 0) return null;
  let exp = 0;
  if (i < n && (s.charCodeAt(i) | 0x20) === 0x65 /* e */) {
    const r = readExponent(s, i + 1);
    if (r === null) return null; // "1e" leaves "e" unparsed
    exp = r[0];
    i = r[1];
  }
  if (i !== n) return null;
  return decimalValue(neg, digits, exp - fracDigits);
}

/** Rounds digits * 10^exp10 (digits a decimal string). */
function decimalValue(neg: boolean, digits: string, exp10: number): LongDouble | null {
  let z = 0;
  while (z < digits.length && digits.charCodeAt(z) === 48) z++;
  if (z === digits.length) return { neg, m: 0n, e: 0, inf: false };
  const d = digits.slice(z);
  const magnitude = d.length + exp10; // value is in [10^(magnitude-1), 10^magnitude)
  if (magnitude > 5000) return null; // overflow (ERANGE)
  if (magnitude < -5000) return null; // underflow to zero (ERANGE)
  const D = BigInt(d);
  const v = exp10 >= 0 ? round(neg, D * pow10(exp10), 1n, 0) : round(neg, D, pow10(-exp10), 0);
  if (v.inf || v.m === 0n) return null;
  return v;
}

function parseHex(s: string, i: number, neg: boolean): LongDouble | null | undefined {
  const n = s.length;
  let mant = 0n;
  let seen = 0;
  let fracDigits = 0;
  while (i < n && hexVal(s.charCodeAt(i)) >= 0) {
    mant = (mant << 4n) | BigInt(hexVal(s.charCodeAt(i++)));
    seen++;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && hexVal(s.charCodeAt(i)) >= 0) {
      mant = (mant << 4n) | BigInt(hexVal(s.charCodeAt(i++)));
      seen++;
      fracDigits++;
    }
  }
  if (seen === 0) return undefined;
  let exp = 0;
  if (i < n && (s.charCodeAt(i) | 0x20) === 0x70 /* p */) {
    const r = readExponent(s, i + 1);
    if (r === null) return null;
    exp = r[0];
    i = r[1];
  }
  if (i !== n) return null;
  if (mant === 0n) return { neg, m: 0n, e: 0, inf: false };
  const e2 = exp - 4 * fracDigits;
  if (e2 + bitLength(mant) > FMT.maxExp + FMT.bits + 1) return null;
  if (e2 + bitLength(mant) < FMT.minExp - 2) return null;
  const v = round(neg, mant, 1n, e2);
  if (v.inf || v.m === 0n) return null;
  return v;
}

/** a + b rounded once; null for NaN (inf - inf). */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.inf || b.inf) {
    if (a.inf && b.inf && a.neg !== b.neg) return null;
    return a.inf ? a : b;
  }
  if (a.m === 0n && b.m === 0n) return { neg: a.neg && b.neg, m: 0n, e: 0, inf: false };
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  const x = a.m << BigInt(a.e - e);
  const y = b.m << BigInt(b.e - e);
  const sum = (a.neg ? -x : x) + (b.neg ? -y : y);
  if (sum === 0n) return ZERO;
  return sum < 0n ? round(true, -sum, 1n, e) : round(false, sum, 1n, e);
}

const TEN17 = 10n ** 17n;

/**
 * ld2string(LD_STR_HUMAN): "%.17Lf" with trailing zeros (and a trailing
 * dot) removed, "-0" printed as "0". Infinities print as "inf"/"-inf".
 */
export function formatHumanLongDouble(v: LongDouble): string {
  if (v.inf) return v.neg ? '-inf' : 'inf';
  if (v.m === 0n) return '0';
  let q: bigint;
  const num = v.m * TEN17;
  if (v.e >= 0) {
    q = num << BigInt(v.e);
  } else {
    const den = 1n << BigInt(-v.e);
    q = num / den;
    const r2 = (num - q * den) * 2n;
    if (r2 > den || (r2 === den && (q & 1n) === 1n)) q += 1n;
  }
  if (q === 0n) return '0';
  let digits = q.toString();
  if (digits.length < 18) digits = '0'.repeat(18 - digits.length) + digits;
  const intPart = digits.slice(0, digits.length - 17);
  let end = digits.length;
  while (end > intPart.length && digits.charCodeAt(end - 1) === 48) end--;
  const frac = digits.slice(intPart.length, end);
  return (v.neg ? '-' : '') + intPart + (frac.length !== 0 ? '.' + frac : '');
}

/** Up to 15 plain digits with an optional '-': exact as a double, and exact as a long double. */
function smallInteger(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 16) return null;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  if (i === n || n - i > 15) return null;
  let v = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    v = v * 10 + c;
  }
  return s.charCodeAt(0) === 45 ? -v : v;
}

export type IncrFloatResult = string | 'NOT_FLOAT' | 'NAN_OR_INF';

/**
 * INCRBYFLOAT's arithmetic on two argument strings: the new value's text,
 * or which error Redis replies. `current` is null for a missing key (0).
 */
export function incrByFloatText(current: string | null, incr: string): IncrFloatResult {
  // Fast path: small integers add exactly in any format.
  const a = current === null ? 0 : smallInteger(current);
  if (a !== null) {
    const b = smallInteger(incr);
    if (b !== null) return String(a + b);
  }
  const x = current === null ? ZERO : parseLongDouble(current);
  if (x === null) return 'NOT_FLOAT';
  const y = parseLongDouble(incr);
  if (y === null) return 'NOT_FLOAT';
  const sum = addLongDouble(x, y);
  if (sum === null || sum.inf) return 'NAN_OR_INF';
  return formatHumanLongDouble(sum);
}
