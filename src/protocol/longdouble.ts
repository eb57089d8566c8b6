/**
 * x87 80-bit `long double` arithmetic, emulated exactly with BigInt.
 *
 * INCRBYFLOAT and HINCRBYFLOAT parse with strtold, add two long doubles and
 * print the sum with "%.17Lf" (then strip trailing zeros). The 64-bit
 * significand is why Redis answers 0.1 + 0.2 = "0.3" where JS doubles give
 * 0.30000000000000004, and why the range reaches 1e4932. Reproducing the
 * replies byte for byte therefore needs the same precision, rounding
 * (round-half-even at every step) and exact decimal printing.
 *
 * A finite value is sign × m × 2^e with 0 ≤ m < 2^64; normal numbers have
 * m ≥ 2^63, subnormals sit at the minimum exponent with a smaller m.
 */

export interface LongDouble {
  neg: boolean;
  /** Significand; meaningless when `inf` or `nan`. */
  m: bigint;
  e: number;
  inf: boolean;
  nan: boolean;
}

const BITS = 64;
const TWO63 = 1n << 63n;
const TWO64 = 1n << 64n;
/** Exponent of the smallest subnormal (2^-16445) and of the largest finite value's significand. */
const EMIN = -16445;
const EMAX = 16383 - 63;
/** Redis's MAX_LONG_DOUBLE_CHARS: longer inputs are refused, longer outputs fail. */
export const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

const ZERO: LongDouble = { neg: false, m: 0n, e: 0, inf: false, nan: false };

function inf(neg: boolean): LongDouble {
  return { neg, m: 0n, e: 0, inf: true, nan: false };
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Rounds sign × n × 2^e (n ≥ 0, exact) to the nearest long double, ties to even. */
function roundScaled(neg: boolean, n: bigint, e: number): LongDouble {
  if (n === 0n) return { neg, m: 0n, e: 0, inf: false, nan: false };
  const len = bitLength(n);
  const target = Math.max(e + len - BITS, EMIN);
  const shift = target - e;
  let m: bigint;
  let exp = target;
  if (shift <= 0) {
    m = n << BigInt(-shift);
  } else {
    const s = BigInt(shift);
    m = n >> s;
    const rem = n - (m << s);
    const half = 1n << (s - 1n);
    if (rem > half || (rem === half && (m & 1n) === 1n)) m++;
    if (m === TWO64) {
      m = TWO63;
      exp++;
    }
  }
  if (exp > EMAX) return inf(neg);
  return { neg, m, e: exp, inf: false, nan: false };
}

/** Rounds sign × num / den (both > 0) to the nearest long double, ties to even. */
function roundRational(neg: boolean, num: bigint, den: bigint): LongDouble {
  // Pick e so that num / (den × 2^e) has BITS significant bits, then divide once.
  let e = bitLength(num) - bitLength(den) - BITS;
  if (e < EMIN) e = EMIN;
  for (;;) {
    const n = e >= 0 ? num : num << BigInt(-e);
    const d = e >= 0 ? den << BigInt(e) : den;
    let q = n / d;
    const r = n - q * d;
    if (q >= TWO64) {
      e++;
      continue;
    }
    if (q < TWO63 && e > EMIN) {
      e--;
      continue;
    }
    const twice = r * 2n;
    if (twice > d || (twice === d && (q & 1n) === 1n)) q++;
    let exp = e;
    if (q === TWO64) {
      q = TWO63;
      exp++;
    }
    if (exp > EMAX) return inf(neg);
    return { neg, m: q, e: exp, inf: false, nan: false };
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Largest decimal exponent magnitude worth computing exactly; beyond it the result is 0 or inf. */
const EXP_CAP = 20000;

/**
 * Redis's string2ld: strtold over the whole string (decimal, hex floats,
 * inf/infinity), no leading space, no trailing bytes, refusing NaN, overflow
 * and underflow to zero. Returns null when Redis would refuse the string.
 */
export function parseLongDouble(s: string): LongDouble | null {
  const n = s.length;
  if (n === 0 || n >= MAX_LONG_DOUBLE_CHARS) return null;
  if (isSpace(s.charCodeAt(0))) return null;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) {
    neg = c0 === 45;
    i = 1;
  }
  const rest = s.slice(i).toLowerCase();
  if (rest === 'inf' || rest === 'infinity') return inf(neg);
  if (rest.startsWith('nan')) return null;
  if (rest.length >= 3 && rest.charCodeAt(0) === 48 && rest.charCodeAt(1) === 120 && (hexValue(rest.charCodeAt(2)) >= 0 || (rest.charCodeAt(2) === 46 && hexValue(rest.charCodeAt(3)) >= 0))) {
    return parseHex(neg, rest);
  }
  let digits = '';
  let fracDigits = 0;
  let sawDigit = false;
  while (i < n && isDigit(s.charCodeAt(i))) { digits += s[i++]; sawDigit = true; }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) { digits += s[i++]; fracDigits++; sawDigit = true; }
  }
  if (!sawDigit) return null;
  let exp = 0;
  if (i < n && (s.charCodeAt(i) === 101 || s.charCodeAt(i) === 69)) {
    let j = i + 1;
    let eneg = false;
    if (j < n && (s.charCodeAt(j) === 43 || s.charCodeAt(j) === 45)) { eneg = s.charCodeAt(j) === 45; j++; }
    if (j < n && isDigit(s.charCodeAt(j))) {
      let ev = 0;
      while (j < n && isDigit(s.charCodeAt(j))) {
        if (ev < 1e9) ev = ev * 10 + (s.charCodeAt(j) - 48);
        j++;
      }
      exp = eneg ? -ev : ev;
      i = j;
    }
  }
  if (i !== n) return null;
  const mant = BigInt(digits);
  if (mant === 0n) return { ...ZERO, neg };
  const p = exp - fracDigits;
  if (p > EXP_CAP) return null; // overflow: ERANGE with HUGE_VALL
  if (p < -EXP_CAP) return null; // underflow to zero: ERANGE with 0
  const r = p >= 0 ? roundScaled(neg, mant * 10n ** BigInt(p), 0) : roundRational(neg, mant, 10n ** BigInt(-p));
  if (r.inf) return null;
  if (r.m === 0n) return null;
  return r;
}

/** Hex float body after the sign, starting with "0x". */
function parseHex(neg: boolean, s: string): LongDouble | null {
  const n = s.length;
  let i = 2;
  let mant = 0n;
  let fracDigits = 0;
  while (i < n && hexValue(s.charCodeAt(i)) >= 0) mant = mant * 16n + BigInt(hexValue(s.charCodeAt(i++)));
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && hexValue(s.charCodeAt(i)) >= 0) {
      mant = mant * 16n + BigInt(hexValue(s.charCodeAt(i++)));
      fracDigits++;
    }
  }
  let exp = 0;
  if (i < n && s.charCodeAt(i) === 112 /* p */) {
    let j = i + 1;
    let eneg = false;
    if (j < n && (s.charCodeAt(j) === 43 || s.charCodeAt(j) === 45)) { eneg = s.charCodeAt(j) === 45; j++; }
    if (j < n && isDigit(s.charCodeAt(j))) {
      let ev = 0;
      while (j < n && isDigit(s.charCodeAt(j))) {
        if (ev < 1e9) ev = ev * 10 + (s.charCodeAt(j) - 48);
        j++;
      }
      exp = eneg ? -ev : ev;
      i = j;
    }
  }
  if (i !== n) return null;
  if (mant === 0n) return { ...ZERO, neg };
  const e = exp - 4 * fracDigits;
  if (e > EXP_CAP * 4 || e < -EXP_CAP * 4) return null;
  const r = roundScaled(neg, mant, e);
  if (r.inf || r.m === 0n) return null;
  return r;
}

/** Converts a 64-bit integer (number or bigint) exactly, as C's (long double)ll does. */
export function longDoubleFromInt(v: number | bigint): LongDouble {
  const b = BigInt(v);
  return roundScaled(b < 0n, b < 0n ? -b : b, 0);
}

/** a + b with one rounding, as the FPU does. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.nan || b.nan) return { ...ZERO, nan: true };
  if (a.inf || b.inf) {
    if (a.inf && b.inf && a.neg !== b.neg) return { ...ZERO, nan: true };
    return a.inf ? a : b;
  }
  if (a.m === 0n) return b.m === 0n ? { ...ZERO, neg: a.neg && b.neg } : b;
  if (b.m === 0n) return a;
  const e0 = Math.min(a.e, b.e);
  const av = a.m << BigInt(a.e - e0);
  const bv = b.m << BigInt(b.e - e0);
  const sum = (a.neg ? -av : av) + (b.neg ? -bv : bv);
  if (sum === 0n) return { ...ZERO };
  return roundScaled(sum < 0n, sum < 0n ? -sum : sum, e0);
}

export function isFiniteLongDouble(x: LongDouble): boolean {
  return !x.inf && !x.nan;
}

const TEN17 = 10n ** 17n;

/**
 * Redis's ld2string(LD_STR_HUMAN): "%.17Lf" (exact decimal expansion rounded
 * half-even at 17 decimals), trailing zeros and a bare '.' removed, "-0" as "0".
 * Returns null when the text would not fit Redis's buffer.
 */
export function formatLongDoubleHuman(x: LongDouble): string | null {
  if (x.nan) return 'nan';
  if (x.inf) return x.neg ? '-inf' : 'inf';
  let scaled: bigint;
  if (x.e >= 0) {
    scaled = (x.m << BigInt(x.e)) * TEN17;
  } else {
    const den = 1n << BigInt(-x.e);
    const num = x.m * TEN17;
    scaled = num / den;
    const twice = (num - scaled * den) * 2n;
    if (twice > den || (twice === den && (scaled & 1n) === 1n)) scaled++;
  }
  const digits = scaled.toString().padStart(18, '0');
  const intPart = digits.slice(0, digits.length - 17);
  const fracPart = digits.slice(digits.length - 17);
  const full = (x.neg ? 1 : 0) + intPart.length + 1 + 17;
  if (full + 1 > MAX_LONG_DOUBLE_CHARS) return null;
  let end = fracPart.length;
  while (end > 0 && fracPart.charCodeAt(end - 1) === 48) end--;
  let out = end === 0 ? intPart : intPart + '.' + fracPart.slice(0, end);
  if (x.neg) out = '-' + out;
  return out === '-0' ? '0' : out;
}
