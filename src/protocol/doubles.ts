/**
 * Number-to-text conversions that must print exactly what Redis 7.0 prints.
 */

/** C printf("%.17g"): what Redis 7.0 uses for scores and RESP2 doubles. */
export function formatDouble17g(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
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
