/**
 * The glob matcher against real Redis: random patterns over random keys are
 * run through KEYS on redis-server and through globMatch locally; nocase
 * patterns go through CONFIG GET (Redis matches parameter names
 * case-insensitively). Plus pathological patterns that must stay fast.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { compileGlob, globMatch, stringMatch } from '../../src/keyspace/glob.js';
import { startRedis, haveRedis, type Oracle } from '../helpers/servers.js';
import { RawClient } from '../helpers/raw-client.js';
import { parseResp } from '../helpers/diff-script.js';

/** Small seeded PRNG so failures reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEY_CHARS = ['a', 'b', 'c', 'A', 'B', 'z', '-', ']', '[', '\\', '^', '*', '?', '\x00', '\xff', '_'];

function randomKey(r: () => number): string {
  const n = Math.floor(r() * 7);
  let s = '';
  for (let i = 0; i < n; i++) s += KEY_CHARS[Math.floor(r() * KEY_CHARS.length)];
  return s;
}

function randomPattern(r: () => number, chars: string[]): string {
  const pick = () => chars[Math.floor(r() * chars.length)];
  const pieces = 1 + Math.floor(r() * 6);
  let p = '';
  for (let i = 0; i < pieces; i++) {
    const x = r();
    if (x < 0.25) p += '*';
    else if (x < 0.35) p += '?';
    else if (x < 0.45) p += '\\' + pick();
    else if (x < 0.65) {
      // a class: optional negation, members, ranges, escapes; sometimes unterminated
      let cls = '[';
      if (r() < 0.3) cls += '^';
      const m = Math.floor(r() * 4);
      for (let j = 0; j < m; j++) {
        const y = r();
        if (y < 0.3) cls += pick() + '-' + pick();
        else if (y < 0.4) cls += '\\' + pick();
        else cls += pick();
      }
      if (r() < 0.9 || i < pieces - 1) cls += ']';
      p += cls;
    } else p += pick();
  }
  if (r() < 0.05) p += '\\'; // trailing backslash
  return p;
}

const d = haveRedis() ? describe : describe.skip;

d('glob vs redis-server', () => {
  let redis: Oracle;
  let cl: RawClient;
  beforeAll(async () => {
    redis = await startRedis();
    cl = await RawClient.connect(redis.port);
  }, 20000);
  afterAll(async () => {
    cl?.close();
    await redis?.stop();
  });

  async function call(...argv: string[]): Promise<unknown> {
    return parseResp((await cl.call(...argv))!.toString('latin1'));
  }

  it('KEYS with 400 random patterns over 300 random keys', async () => {
    const r = rng(12345);
    const keys = new Set<string>(['']);
    while (keys.size < 300) keys.add(randomKey(r));
    await call('FLUSHALL');
    for (const k of keys) cl.send(['SET', k, '1']);
    for (let i = 0; i < keys.size; i++) await cl.reply();
    const mismatches: string[] = [];
    for (let i = 0; i < 400; i++) {
      const pat = randomPattern(r, KEY_CHARS);
      const theirs = ((await call('KEYS', pat)) as string[]).sort();
      const g = compileGlob(pat);
      const ours = [...keys].filter((k) => (pat === '*' ? true : globMatch(g, k))).sort();
      if (JSON.stringify(theirs) !== JSON.stringify(ours)) mismatches.push(`${JSON.stringify(pat)}: redis ${JSON.stringify(theirs)} ours ${JSON.stringify(ours)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('KEYS with hand-picked edge patterns', async () => {
    const keys = ['', 'a', 'b', 'ab', 'a-', ']', '[', '\\', '^', '-', 'a]', 'aa', 'abc', 'A', 'a*', 'a?', 'x\x00y', '\xff'];
    await call('FLUSHALL');
    for (const k of keys) await call('SET', k, '1');
    const patterns = ['', '*', '**', '?', '??', '*?', '?*', '[', '[a', '[^', '[^a', '[]', '[^]', '[]]', '[]a]', '[a-]', '[a-]]', '[-a]', '[\\]]', '[\\', '\\', 'a\\', '\\a', 'a\\*', 'a\\?', '[z-a]', '[a-a]', '[A-a]', '[a-\\]', '*]', '[[]', '[\\[]', 'x?y', 'x\x00*', '[\xff]', '[^\x00-\xfe]', '***a***', '*a*a*', 'a*a', '[ab][ab]', '[^ab]*'];
    const mismatches: string[] = [];
    for (const pat of patterns) {
      const theirs = ((await call('KEYS', pat)) as string[]).sort();
      const ours = keys.filter((k) => (pat === '*' ? true : stringMatch(pat, k))).sort();
      if (JSON.stringify(theirs) !== JSON.stringify(ours)) mismatches.push(`${JSON.stringify(pat)}: redis ${JSON.stringify(theirs)} ours ${JSON.stringify(ours)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('nocase patterns agree with CONFIG GET', async () => {
    const names = ((await call('CONFIG', 'GET', '*')) as string[]).filter((_, i) => i % 2 === 0);
    const r = rng(777);
    const chars = ['a', 'e', 'm', 'x', 'M', 'E', 'A', 'Z', '-', '_', 'z', 'o', 'y', '0', '1', '[', '`'];
    const mismatches: string[] = [];
    const patterns = ['MAXMEMORY*', '*-POLICY', '[A-z]*', '[Z-a]*', '*[M-O]ax*', '[^a-Z]*', 'h[Z-a]*', '[\\M]axmemory', '*[_-a]*', '[!-A]*'];
    for (let i = 0; i < 250; i++) patterns.push(randomPattern(r, chars) + (r() < 0.7 ? '*' : ''));
    for (const pat of patterns) {
      const theirs = new Set((await call('CONFIG', 'GET', pat)) as string[]);
      const ours = names.filter((n) => stringMatch(pat, n, true));
      const theirNames = names.filter((n) => theirs.has(n));
      if (JSON.stringify(theirNames) !== JSON.stringify(ours)) mismatches.push(`${JSON.stringify(pat)}: redis ${JSON.stringify(theirNames)} ours ${JSON.stringify(ours)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("Redis's star nesting limit", async () => {
    await call('FLUSHALL');
    const key = 'a'.repeat(1200);
    await call('SET', key, '1');
    for (const stars of [999, 1000, 1001, 1002]) {
      for (const tail of ['', 'a', '*']) {
        const pat = '*a'.repeat(stars) + tail;
        const theirs = ((await call('KEYS', pat)) as string[]).length === 1;
        expect(stringMatch(pat, key), `${stars} stars, tail ${JSON.stringify(tail)}`).toBe(theirs);
      }
      const pat = 'a*'.repeat(stars);
      const theirs = ((await call('KEYS', pat)) as string[]).length === 1;
      expect(stringMatch(pat, key), `${stars} x "a*"`).toBe(theirs);
    }
  });
});

describe('glob (local)', () => {
  it('pathological patterns finish fast', () => {
    const cases: [string, string, boolean][] = [
      ['*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(20000), false],
      ['*a*a*a*a*a*a*a*a*a*a', 'a'.repeat(20000), true],
      ['*' + 'a*'.repeat(200) + 'b', 'a'.repeat(5000), false],
      ['*?*?*?*?*?*?*?*?*?*?c', 'ab'.repeat(10000), false],
      ['[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*!', 'q'.repeat(20000), false],
    ];
    for (const [pat, s, want] of cases) {
      const t0 = performance.now();
      expect(stringMatch(pat, s)).toBe(want);
      expect(performance.now() - t0, pat).toBeLessThan(250);
    }
  });

  it('literal patterns and empty subjects', () => {
    expect(stringMatch('abc', 'abc')).toBe(true);
    expect(stringMatch('abc', 'abd')).toBe(false);
    expect(stringMatch('', '')).toBe(true);
    expect(stringMatch('*', '')).toBe(false);
    expect(stringMatch('**', '')).toBe(false);
    expect(stringMatch('', 'a')).toBe(false);
    expect(compileGlob('abc').literal).toBe('abc');
    expect(compileGlob('a*c').literal).toBeNull();
  });

  it('nocase', () => {
    expect(stringMatch('HeLLo', 'hello', true)).toBe(true);
    expect(stringMatch('h[A-Z]llo', 'hello', true)).toBe(true);
    expect(stringMatch('[\\A]', 'a', true)).toBe(false); // escaped class member is case-sensitive
    expect(stringMatch('[A-z]', '_', true)).toBe(false); // bounds lower-cased: a..z
    expect(stringMatch('[A-z]', '_', false)).toBe(true);
  });
});
