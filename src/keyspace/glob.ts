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
 */

const STAR = -1;

/** A compiled pattern: each token is STAR or a 256-entry membership table. */
export type Glob = { tokens: (Uint8Array | typeof STAR)[]; nocase: boolean; literal: string | null };

export function compileGlob(pattern: string, nocase = false): Glob {
  const tokens: (Uint8Array | typeof STAR)[] = [];
  let literal = true;
  const n = pattern.length;
  let i = 0;
  while (i < n) {
    const c = pattern.charCodeAt(i);
    if (c === 42 /* * */) {
      literal = false;
      while (i + 1 < n && pattern.charCodeAt(i + 1) === 42) i++; // collapse runs of stars
      tokens.push(STAR);
      i++;
    } else if (c === 63 /* ? */) {
      literal = false;
      tokens.push(new Uint8Array(256).fill(1));
      i++;
    } else if (c === 91 /* [ */) {
      literal = false;
      const set = new Uint8Array(256);
      i++;
      let not = false;
      if (i < n && pattern.charCodeAt(i) === 94 /* ^ */) { not = true; i++; }
      for (;;) {
        if (i >= n) break; // unterminated class: ends with the pattern, as in Redis
        const p = pattern.charCodeAt(i);
        if (p === 92 /* \ */ && i + 1 < n) {
          addChar(set, pattern.charCodeAt(i + 1), nocase);
          i += 2;
        } else if (p === 93 /* ] */) {
          i++;
          break;
        } else if (i + 2 < n && pattern.charCodeAt(i + 1) === 45 /* - */) {
          let a = p;
          let b = pattern.charCodeAt(i + 2);
          if (a > b) { const t = a; a = b; b = t; }
          for (let x = a; x <= b; x++) addChar(set, x, nocase);
          i += 3;
        } else {
          addChar(set, p, nocase);
          i++;
        }
      }
      if (not) for (let x = 0; x < 256; x++) set[x] = set[x] ? 0 : 1;
      tokens.push(set);
    } else {
      let ch = c;
      if (c === 92 && i + 1 < n) {
        literal = false;
        ch = pattern.charCodeAt(i + 1);
        i++;
      }
      const set = new Uint8Array(256);
      addChar(set, ch & 0xff, nocase);
      tokens.push(set);
      i++;
    }
  }
  return { tokens, nocase, literal: literal && !nocase ? pattern : null };
}

function addChar(set: Uint8Array, c: number, nocase: boolean): void {
  set[c & 0xff] = 1;
  if (nocase) {
    if (c >= 65 && c <= 90) set[c + 32] = 1;
    else if (c >= 97 && c <= 122) set[c - 32] = 1;
  }
}

export function globMatch(g: Glob, s: string): boolean {
  if (g.literal !== null) return g.literal === s;
  // Redis's stringmatchlen never matches an empty subject against a non-empty pattern, not even "*".
  if (s.length === 0) return g.tokens.length === 0;
  const t = g.tokens;
  const tn = t.length;
  const sn = s.length;
  let ti = 0;
  let si = 0;
  let starT = -1;
  let starS = 0;
  while (si < sn) {
    if (ti < tn) {
      const tok = t[ti];
      if (tok === STAR) {
        starT = ti++;
        starS = si;
        continue;
      }
      if (tok[s.charCodeAt(si) & 0xff] === 1) {
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
  if (pattern === '*') return true;
  return globMatch(compileGlob(pattern, nocase), s);
}
