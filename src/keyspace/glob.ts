/**
 * Byte-wise glob matching with Redis's stringmatchlen semantics, shared by
 * KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET and ACL key/channel patterns.
 *
 * Patterns: `*` any run, `?` one byte, `[abc]`, `[^a-z]`, `\x` escapes.
 * Redis's matcher is recursive and was a denial-of-service vector (e.g.
 * "*a*a*a*a…b"); here the pattern is compiled to single-byte tokens and
 * matched greedily, backtracking only to the most recent `*`. That is
 * correct because every non-star token consumes exactly one byte, and it
 * bounds the work at O(pattern × subject).
 *
 * Redis quirks reproduced on purpose (each checked against redis-server 7.0):
 * - an empty subject matches only the empty pattern (even "*" fails);
 * - an unterminated class runs to the end of the pattern, a trailing `\`
 *   is a literal backslash, and in `[a-]` the `]` is the range's end;
 * - range bounds compare as C's signed chars, so bytes >= 0x80 sort
 *   below 0x00 (`[\x00-\xfe]` is the range -2..0);
 * - with nocase, ranges compare lower-cased bounds and an escaped byte
 *   inside a class still compares case-sensitively;
 * - Redis gives up past 1000 nested stars: a pattern whose 1001st star is
 *   not its last token never matches.
 */

/** Token kinds besides a literal byte (0..255) or a byte class (Uint8Array). */
const STAR = -1;
const ANY = -2;
const MAX_STAR_NESTING = 1000;

type Token = number | Uint8Array;

/** A compiled pattern. */
export type Glob = {
  tokens: Token[];
  nocase: boolean;
  /** The pattern itself when it has no special bytes (plain equality). */
  literal: string | null;
  /** Pattern can never match (Redis's star nesting limit). */
  never: boolean;
};

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

export function compileGlob(pattern: string, nocase = false): Glob {
  const tokens: Token[] = [];
  let literal = true;
  let stars = 0;
  let limitStar = -1; // token index of the star that hits the nesting limit
  const n = pattern.length;
  let i = 0;
  while (i < n) {
    const c = pattern.charCodeAt(i) & 0xff;
    if (c === 42 /* * */) {
      literal = false;
      while (i + 1 < n && pattern.charCodeAt(i + 1) === 42) i++; // collapse runs of stars
      if (stars++ === MAX_STAR_NESTING) limitStar = tokens.length;
      tokens.push(STAR);
      i++;
    } else if (c === 63 /* ? */) {
      literal = false;
      tokens.push(ANY);
      i++;
    } else if (c === 91 /* [ */) {
      literal = false;
      const set = new Uint8Array(256);
      i++;
      let not = false;
      if (i < n && pattern.charCodeAt(i) === 94 /* ^ */) { not = true; i++; }
      for (;;) {
        if (i >= n) break; // unterminated class: ends with the pattern, as in Redis
        const p = pattern.charCodeAt(i) & 0xff;
        if (p === 92 /* \ */ && i + 1 < n) {
          set[pattern.charCodeAt(i + 1) & 0xff] = 1; // case-sensitive even with nocase
          i += 2;
        } else if (p === 93 /* ] */) {
          i++;
          break;
        } else if (i + 2 < n && pattern.charCodeAt(i + 1) === 45 /* - */) {
          addRange(set, p, pattern.charCodeAt(i + 2) & 0xff, nocase);
          i += 3;
        } else {
          addChar(set, p, nocase);
          i++;
        }
      }
      if (not) for (let x = 0; x < 256; x++) set[x] ^= 1;
      tokens.push(set);
    } else {
      let ch = c;
      if (c === 92 && i + 1 < n) {
        literal = false;
        ch = pattern.charCodeAt(i + 1) & 0xff;
        i++;
      }
      if (nocase && lower(ch) >= 97 && lower(ch) <= 122) { // a letter: both cases
        const set = new Uint8Array(256);
        addChar(set, ch, true);
        tokens.push(set);
      } else {
        tokens.push(ch);
      }
      i++;
    }
  }
  const never = limitStar >= 0 && limitStar !== tokens.length - 1;
  return { tokens, nocase, literal: literal && !nocase ? pattern : null, never };
}

function addChar(set: Uint8Array, c: number, nocase: boolean): void {
  set[c] = 1;
  if (nocase) {
    if (c >= 65 && c <= 90) set[c + 32] = 1;
    else if (c >= 97 && c <= 122) set[c - 32] = 1;
  }
}

/** A byte as C's (signed) char, which is how Redis compares range bounds. */
function signed(c: number): number {
  return c >= 128 ? c - 256 : c;
}

function addRange(set: Uint8Array, a: number, b: number, nocase: boolean): void {
  let lo = signed(a);
  let hi = signed(b);
  if (lo > hi) { const t = lo; lo = hi; hi = t; }
  if (nocase) { lo = lower(lo); hi = lower(hi); }
  for (let x = 0; x < 256; x++) {
    const v = nocase ? lower(signed(x)) : signed(x);
    if (v >= lo && v <= hi) set[x] = 1;
  }
}

export function globMatch(g: Glob, s: string): boolean {
  if (g.literal !== null) return g.literal === s;
  const sn = s.length;
  if (sn === 0) return g.tokens.length === 0;
  if (g.never) return false;
  const t = g.tokens;
  const tn = t.length;
  let ti = 0;
  let si = 0;
  let starT = -1;
  let starS = 0;
  while (si < sn) {
    if (ti < tn) {
      const tok = t[ti];
      if (typeof tok === 'number') {
        if (tok === STAR) {
          if (ti === tn - 1) return true;
          starT = ti++;
          starS = si;
          continue;
        }
        if (tok === ANY || tok === (s.charCodeAt(si) & 0xff)) {
          ti++;
          si++;
          continue;
        }
      } else if (tok[s.charCodeAt(si) & 0xff] === 1) {
        ti++;
        si++;
        continue;
      }
    }
    if (starT < 0) return false;
    ti = starT + 1;
    si = ++starS;
  }
  while (ti < tn && t[ti] === STAR) ti++;
  return ti === tn;
}

/** One-shot convenience for callers that do not keep the compiled form. */
export function stringMatch(pattern: string, s: string, nocase = false): boolean {
  if (pattern === '*') return s.length !== 0;
  return globMatch(compileGlob(pattern, nocase), s);
}

/** True when the pattern matches only itself (no glob syntax), so a lookup can replace a scan. */
export function isLiteralGlob(g: Glob): boolean {
  return g.literal !== null;
}
