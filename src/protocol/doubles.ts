/**
 * Number-to-text conversions that must print exactly what Redis 7.0 prints.
 */

/** C printf("%.17g"): what Redis 7.0 uses for scores and RESP2 doubles. */
export function formatDouble17g(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  // Safe integers print exactly their digits with %.17g: the common score case, without formatG's work.
  if (Number.isSafeInteger(d)) return String(d);
  return formatG(d, 17);
}

/** C printf("%.<p>g") for finite non-zero d. */
export function formatG(d: number, p: number): string {
  // toExponential gives the correctly rounded mantissa (exact ties fixed to
  // round-half-even as printf does); its exponent decides the notation
  const e = exactTie(d, p) ?? d.toExponential(p - 1);
  const ePos = e.indexOf('e');
  const x = parseInt(e.slice(ePos + 1), 10);
  if (x < -4 || x >= p) {
    let mant = e.slice(0, ePos);
    if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
    const sign = x < 0 ? '-' : '+';
    const ax = Math.abs(x);
    return `${mant}e${sign}${ax < 10 ? '0' : ''}${ax}`;
  }
  // %f with p-1-x decimals rounds at the same digit: place the point in the mantissa digits
  const neg = e.charCodeAt(0) === 45;
  const digits = e.slice(neg ? 1 : 0, ePos).replace('.', '');
  let int: string;
  let frac: string;
  if (x >= 0) {
    int = digits.slice(0, x + 1);
    frac = digits.slice(x + 1);
  } else {
    int = '0';
    frac = '0'.repeat(-x - 1) + digits;
  }
  frac = frac.replace(/0+$/, '');
  return (neg ? '-' : '') + (frac === '' ? int : int + '.' + frac);
}

/**
 * INCRBYFLOAT / HINCRBYFLOAT output. Redis formats a long double with
 * "%.17Lf" and strips trailing zeros; with 80-bit long doubles that prints
 * the short decimal the user expects (10.5+0.1 -> "10.6"). JS doubles are
 * 64-bit, so the shortest round-trip form is the faithful equivalent.
 */
export function formatLongDouble(d: number): string {
  if (d === 0) return '0';
  let s = String(d);
  if (s.includes('e')) s = expandExponent(s);
  return s;
}

function expandExponent(s: string): string {
  const neg = s.startsWith('-');
  if (neg) s = s.slice(1);
  const [mant, expStr] = s.split('e');
  const exp = parseInt(expStr, 10);
  const [ip, fp = ''] = mant.split('.');
  const digits = ip + fp;
  let point = ip.length + exp;
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return (neg ? '-' : '') + out;
}

/**
 * Redis's strtold-based float argument check (getLongDoubleFromObject /
 * getDoubleFromObject): the whole string must be a number, no spaces, and
 * NaN is refused. Returns null when invalid. Accepts "inf"/"+inf"/"-inf"
 * and hex floats are not accepted by JS — a documented corner case.
 */
export function parseDoubleArg(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 5000) return null;
  const c0 = s.charCodeAt(0);
  const cl = s.charCodeAt(n - 1);
  if (isWs(c0) || isWs(cl)) return null;
  const lower = s.toLowerCase();
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  // strtod syntax: [sign] digits [. digits] [e [sign] digits]
  let i = 0;
  if (c0 === 43 || c0 === 45) i++;
  let digits = 0;
  while (i < n && isDigit(s.charCodeAt(i))) { i++; digits++; }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) { i++; digits++; }
  }
  if (digits === 0) return null;
  if (i < n && (s.charCodeAt(i) === 101 || s.charCodeAt(i) === 69)) {
    i++;
    if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) i++;
    let ed = 0;
    while (i < n && isDigit(s.charCodeAt(i))) { i++; ed++; }
    if (ed === 0) return null;
  }
  if (i !== n) return null;
  const v = Number(s);
  return Number.isNaN(v) ? null : v;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isWs(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * C strtod() as glibc implements it, on s[from..]: optional leading
 * whitespace, sign, decimal or hexadecimal (0x…[p…]) digits, "inf",
 * "infinity", "nan", "nan(…)". Returns the value (0 when nothing was
 * read) and leaves in `strtodResult` how far it read (`end`, == from when
 * nothing was parsed) and whether errno would be ERANGE (overflow, or an
 * underflow to a subnormal or zero result).
 */
export const strtodResult = { end: 0, erange: false };

export function strtod(s: string, from = 0): number {
  const r = strtodResult;
  r.erange = false;
  r.end = from;
  const n = s.length;
  let i = from;
  while (i < n && isWs(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) {
    neg = s.charCodeAt(i) === 45;
    i++;
  }
  const c = i < n ? s.charCodeAt(i) | 0x20 : 0;
  if (c === 105 /* i */ && matchWord(s, i, 'inf')) {
    r.end = matchWord(s, i, 'infinity') ? i + 8 : i + 3;
    return neg ? -Infinity : Infinity;
  }
  if (c === 110 /* n */ && matchWord(s, i, 'nan')) {
    let e = i + 3;
    if (e < n && s.charCodeAt(e) === 40 /* ( */) {
      let k = e + 1;
      while (k < n && isAlnumUnderscore(s.charCodeAt(k))) k++;
      if (k < n && s.charCodeAt(k) === 41 /* ) */) e = k + 1;
    }
    r.end = e;
    return NaN;
  }
  if (c === 48 && i + 1 < n && (s.charCodeAt(i + 1) | 0x20) === 120 /* x */) {
    const v = parseHexFloat(s, i + 2, neg);
    if (r.end !== from) return v;
    // "0x" without hex digits: strtod reads just the "0".
    r.end = i + 1;
    return neg ? -0 : 0;
  }
  const start = i;
  let digits = 0;
  let nonzero = false;
  while (i < n && isDigit(s.charCodeAt(i))) { if (s.charCodeAt(i) !== 48) nonzero = true; i++; digits++; }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) { if (s.charCodeAt(i) !== 48) nonzero = true; i++; digits++; }
  }
  if (digits === 0) return 0;
  if (i < n && (s.charCodeAt(i) | 0x20) === 101 /* e */) {
    let k = i + 1;
    if (k < n && (s.charCodeAt(k) === 43 || s.charCodeAt(k) === 45)) k++;
    if (k < n && isDigit(s.charCodeAt(k))) {
      while (k < n && isDigit(s.charCodeAt(k))) k++;
      i = k;
    }
  }
  r.end = i;
  const v = Number(s.slice(start, i));
  flagRange(v, nonzero);
  return neg ? -v : v;
}

function flagRange(v: number, nonzero: boolean): void {
  if (v === Infinity || (nonzero && v < 2.2250738585072014e-308)) strtodResult.erange = true;
}

/** Hex mantissa after "0x" with optional ".frac" and "p[sign]exp"; sets strtodResult.end only when digits were read. */
function parseHexFloat(s: string, i: number, neg: boolean): number {
  const n = s.length;
  let mant = 0n;
  let digits = 0;
  let scale = 0;
  let nonzero = false;
  for (; i < n; i++) {
    const d = hexVal(s.charCodeAt(i));
    if (d < 0) break;
    mant = mant * 16n + BigInt(d);
    if (d !== 0) nonzero = true;
    digits++;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    let k = i + 1;
    for (; k < n; k++) {
      const d = hexVal(s.charCodeAt(k));
      if (d < 0) break;
      mant = mant * 16n + BigInt(d);
      if (d !== 0) nonzero = true;
      digits++;
      scale -= 4;
    }
    if (digits > 0) i = k;
  }
  if (digits === 0) return 0;
  if (i < n && (s.charCodeAt(i) | 0x20) === 112 /* p */) {
    let k = i + 1;
    let eneg = false;
    if (k < n && (s.charCodeAt(k) === 43 || s.charCodeAt(k) === 45)) { eneg = s.charCodeAt(k) === 45; k++; }
    if (k < n && isDigit(s.charCodeAt(k))) {
      let e = 0;
      while (k < n && isDigit(s.charCodeAt(k))) { if (e < 100000) e = e * 10 + s.charCodeAt(k) - 48; k++; }
      scale += eneg ? -e : e;
      i = k;
    }
  }
  strtodResult.end = i;
  let v = Number(mant);
  // Scale in steps so intermediate powers of two stay finite.
  while (scale > 0 && v !== Infinity) { const st = Math.min(scale, 1000); v *= 2 ** st; scale -= st; }
  while (scale < 0 && v !== 0) { const st = Math.min(-scale, 1000); v /= 2 ** st; scale += st; }
  flagRange(v, nonzero);
  return neg ? -v : v;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

function matchWord(s: string, i: number, word: string): boolean {
  if (i + word.length > s.length) return false;
  for (let k = 0; k < word.length; k++) if ((s.charCodeAt(i + k) | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

function isAlnumUnderscore(c: number): boolean {
  return isDigit(c) || c === 95 || ((c | 0x20) >= 97 && (c | 0x20) <= 122);
}

/**
 * Redis's string2d (getDoubleFromObject): the whole string must be one
 * strtod number, with no leading space, no overflow or underflow to zero,
 * and not NaN. Used for sorted set scores and weights. Null when invalid.
 */
export function string2d(s: string): number | null {
  const n = s.length;
  if (n === 0 || isWs(s.charCodeAt(0))) return null;
  const v = strtod(s, 0);
  const r = strtodResult;
  if (r.end !== n || Number.isNaN(v)) return null;
  if (r.erange && (v === Infinity || v === -Infinity || v === 0)) return null;
  return v;
}

/**
 * C printf("%.<digits>f"): like toFixed, but an exact tie rounds to even
 * as glibc does (9/8 prints "1.12" with %.2f, where toFixed says "1.13").
 */
export function formatFixed(d: number, digits: number): string {
  if (!Number.isFinite(d)) return Number.isNaN(d) ? 'nan' : d > 0 ? 'inf' : '-inf';
  const s = Math.abs(d) < 1e21 ? d.toFixed(digits) : BigInt(d).toString() + (digits ? '.' + '0'.repeat(digits) : '');
  if (Number.isInteger(d)) return s;
  // d = m * 2^-k exactly; a tie means d*10^digits*2 is an odd integer
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, Math.abs(d));
  const bits = dv.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  let m = bits & ((1n << 52n) - 1n);
  let k: number;
  if (exp === 0) k = 1074;
  else { m |= 1n << 52n; k = 1075 - exp; }
  if (k <= 0) return s;
  const scaled = m * 10n ** BigInt(digits) * 2n;
  const den = 1n << BigInt(k);
  if (scaled % den !== 0n || (scaled / den) % 2n === 0n) return s;
  // exact tie: pick the even neighbour
  let q = scaled / den / 2n;
  if (q % 2n !== 0n) q += 1n;
  let t = q.toString().padStart(digits + 1, '0');
  if (digits) t = t.slice(0, -digits) + '.' + t.slice(-digits);
  return (d < 0 ? '-' : '') + t;
}

/** Redis's trimDoubleString: drop trailing zeros of a "%f" text, and the dot if nothing follows it. */
export function trimDoubleString(s: string): string {
  if (!s.includes('.')) return s;
  let e = s.length;
  while (s[e - 1] === '0') e--;
  if (s[e - 1] === '.') e--;
  return s.slice(0, e);
}

/**
 * JS rounds exact decimal ties away from zero, C's printf to even. A tie
 * at p digits means the double's exact value has p+1 significant digits
 * ending in 5; then its shortest form is that exact value. Returns the
 * correctly rounded toExponential(p - 1) text for a tie, null otherwise.
 */
function exactTie(d: number, p: number): string | null {
  const short = d.toExponential();
  const ePos = short.indexOf('e');
  const digits = short.slice(0, ePos).replace('-', '').replace('.', '');
  if (digits.length !== p + 1 || digits[p] !== '5') return null;
  // confirm the shortest form is exact (not a rounding of a nearby value)
  const exact = Math.abs(d).toPrecision(Math.min(100, p + 30));
  const mant = exact.includes('e') ? exact.slice(0, exact.indexOf('e')) : exact;
  const sig = mant.replace('.', '').replace(/^0+/, '');
  if (!/^\d+5(0*)$/.test(sig) || sig.replace(/0+$/, '').length !== p + 1) return null;
  const kept = digits.slice(0, p);
  if (Number(kept[p - 1]) % 2 === 0) {
    const m = kept.length > 1 ? kept[0] + '.' + kept.slice(1) : kept;
    return (d < 0 ? '-' : '') + m + short.slice(ePos);
  }
  return null; // odd last digit: rounding away from zero is also rounding to even
}
