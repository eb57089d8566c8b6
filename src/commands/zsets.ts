/**
 * Sorted set commands: ZADD/ZINCRBY, ZREM, ZCARD, ZSCORE/ZMSCORE,
 * ZRANK/ZREVRANK, ZCOUNT/ZLEXCOUNT, ZREMRANGEBY*, ZRANDMEMBER, ZSCAN.
 * The range family lives in zrange.ts, the set algebra in zsetops.ts, the
 * pops (and the blocking pops built on them) in zpop.ts; all of them are
 * exported from here as one family.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { is, intArg, randomCountArg } from './args.js';
import { picksFit, bulkBytes } from './reply-budget.js';
import {
  ZSet, zsetAdd, zaddNewScore, ZADD_INCR, ZADD_NX, ZADD_XX, ZADD_GT, ZADD_LT,
  ZADD_OUT_NAN, ZADD_OUT_NOP, ZADD_OUT_ADDED, ZADD_OUT_UPDATED,
} from '../keyspace/zset.js';
import { string2d, formatDouble17g } from '../protocol/doubles.js';
import { validCursor } from '../keyspace/scan-cursors.js';
import { parseScanOptions, replyEmptyScan, replyScan } from './scan.js';
import { globMatch } from '../keyspace/glob.js';
import {
  zsetForRead, zsetForWrite, zlimits, afterRemoval, parseScoreRange, parseLexRange,
} from './zset-common.js';
import { zrangeCommands } from './zrange.js';
import { zsetOpCommands } from './zsetops.js';
import { zpopCommands } from './zpop.js';
import * as E from '../errors.js';

// ---- ZADD / ZINCRBY --------------------------------------------------------

/** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...], and ZINCRBY (INCR preset). */
function zaddGeneric(c: Client, argv: string[], incrCmd: boolean): void {
  let flags = incrCmd ? ZADD_INCR : 0;
  let ch = false;
  let idx = 2;
  // ZINCRBY runs the same option loop, so "ZINCRBY k nx m" is a syntax error like in Redis.
  for (; idx < argv.length; idx++) {
    const opt = argv[idx];
    if (is(opt, 'NX')) flags |= ZADD_NX;
    else if (is(opt, 'XX')) flags |= ZADD_XX;
    else if (is(opt, 'CH')) ch = true;
    else if (is(opt, 'INCR')) flags |= ZADD_INCR;
    else if (is(opt, 'GT')) flags |= ZADD_GT;
    else if (is(opt, 'LT')) flags |= ZADD_LT;
    else break;
  }
  const pairs = argv.length - idx;
  if (pairs === 0 || pairs % 2 !== 0) {
    c.error(E.SYNTAX);
    return;
  }
  const elements = pairs / 2;
  const nx = (flags & ZADD_NX) !== 0;
  const gt = (flags & ZADD_GT) !== 0;
  const lt = (flags & ZADD_LT) !== 0;
  const incr = (flags & ZADD_INCR) !== 0;
  if (nx && (flags & ZADD_XX) !== 0) {
    c.error(E.ZADD_XX_NX);
    return;
  }
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    c.error(E.ZADD_GT_LT_NX);
    return;
  }
  if (incr && elements > 1) {
    c.error(E.ZADD_INCR_PAIRS);
    return;
  }
  const scores = new Array<number>(elements);
  for (let j = 0; j < elements; j++) {
    const s = string2d(argv[idx + j * 2]);
    if (s === null) {
      c.error(E.NOT_FLOAT);
      return;
    }
    scores[j] = s;
  }
  zaddApply(c, argv[1], flags, ch, scores, argv, idx + 1, 2);
}

/**
 * The write half of ZADD, shared with GEOADD (which Redis implements by
 * rewriting itself into a ZADD): adds scores[j] for the member at
 * argv[first + j * stride], and replies as ZADD does.
 */
export function zaddApply(c: Client, key: string, flags: number, ch: boolean, scores: number[], argv: string[], first: number, stride: number): void {
  const elements = scores.length;
  const incr = (flags & ZADD_INCR) !== 0;
  const ks = c.server.keyspace;
  let z = zsetForWrite(c, key);
  if (z === null) return;
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  let created = false;
  if (z === undefined) {
    if ((flags & ZADD_XX) !== 0) {
      replyZadd(c, incr, ch, processed, score, added, updated);
      return;
    }
    z = new ZSet();
    ks.set(c.db, key, z); // signals the new key
    created = true;
  }
  const limits = zlimits(c);
  for (let j = 0; j < elements; j++) {
    const out = zsetAdd(z, scores[j], argv[first + j * stride], flags, limits);
    if (out & ZADD_OUT_NAN) {
      c.error(E.ZSCORE_NAN);
      break;
    }
    if (out & ZADD_OUT_ADDED) added++;
    if (out & ZADD_OUT_UPDATED) updated++;
    if (!(out & ZADD_OUT_NOP)) {
      processed++;
      score = zaddNewScore;
    }
    if (j === elements - 1) replyZadd(c, incr, ch, processed, score, added, updated);
  }
  if (added + updated !== 0) {
    if (!created) ks.modified(c.db, key);
    ks.notify('z', incr ? 'zincr' : 'zadd', key, c.db.id);
  }
}

function replyZadd(c: Client, incr: boolean, ch: boolean, processed: number, score: number, added: number, updated: number): void {
  if (incr) {
    if (processed !== 0) c.w.double(score);
    else c.w.nil();
  } else {
    c.w.integer(ch ? added + updated : added);
  }
}

// ---- removal ---------------------------------------------------------------

function zrem(c: Client, argv: string[]): void {
  const key = argv[1];
  const z = zsetForWrite(c, key);
  if (z === null) return;
  if (z === undefined) {
    c.w.integer(0);
    return;
  }
  let deleted = 0;
  for (let j = 2; j < argv.length; j++) {
    if (z.remove(argv[j])) deleted++;
    if (z.size === 0) break;
  }
  if (deleted !== 0) {
    c.server.keyspace.notify('z', 'zrem', key, c.db.id);
    afterRemoval(c, key, z);
  }
  c.w.integer(deleted);
}

const RANGE_RANK = 0;
const RANGE_SCORE = 1;
const RANGE_LEX = 2;
const REMRANGE_EVENTS = ['zremrangebyrank', 'zremrangebyscore', 'zremrangebylex'];

/** ZREMRANGEBYRANK / BYSCORE / BYLEX: the range is parsed before the key is looked up. */
function zremrangeGeneric(c: Client, argv: string[], type: number): void {
  const key = argv[1];
  let start = 0;
  let end = 0;
  const score = type === RANGE_SCORE ? parseScoreRange(argv[2], argv[3]) : null;
  const lex = type === RANGE_LEX ? parseLexRange(argv[2], argv[3]) : null;
  if (type === RANGE_RANK) {
    const s = intArg(c, argv[2]);
    if (s === null) return;
    const e = intArg(c, argv[3]);
    if (e === null) return;
    start = s;
    end = e;
  } else if (type === RANGE_SCORE && score === null) {
    c.error(E.ZSCORE_RANGE);
    return;
  } else if (type === RANGE_LEX && lex === null) {
    c.error(E.ZLEX_RANGE);
    return;
  }
  const z = zsetForWrite(c, key);
  if (z === null) return;
  if (z === undefined) {
    c.w.integer(0);
    return;
  }
  let lo: number;
  let hi: number;
  if (type === RANGE_RANK) {
    const n = z.size;
    if (start < 0) start += n;
    if (end < 0) end += n;
    if (start < 0) start = 0;
    if (start > end || start >= n) {
      c.w.integer(0);
      return;
    }
    if (end >= n) end = n - 1;
    lo = start;
    hi = end + 1;
  } else if (score !== null) {
    [lo, hi] = z.scoreRanks(score);
  } else {
    lo = z.lexStart(lex!, false);
    hi = lo < 0 ? lo : lo + z.lexWalk(lex!, lo, false, -1);
  }
  const deleted = z.removeRanks(lo, hi);
  if (deleted !== 0) {
    c.server.keyspace.notify('z', REMRANGE_EVENTS[type], key, c.db.id);
    afterRemoval(c, key, z);
  }
  c.w.integer(deleted);
}

// ---- reads -----------------------------------------------------------------

function zcard(c: Client, argv: string[]): void {
  const z = zsetForRead(c, argv[1]);
  if (z !== null) c.w.integer(z === undefined ? 0 : z.size);
}

function zscore(c: Client, argv: string[]): void {
  const z = zsetForRead(c, argv[1]);
  if (z === null) return;
  const s = z === undefined ? undefined : z.score(argv[2]);
  if (s === undefined) c.w.nil();
  else c.w.double(s);
}

function zmscore(c: Client, argv: string[]): void {
  const z = zsetForRead(c, argv[1]);
  if (z === null) return;
  c.w.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = z === undefined ? undefined : z.score(argv[j]);
    if (s === undefined) c.w.nil();
    else c.w.double(s);
  }
}

function zrankGeneric(c: Client, argv: string[], reverse: boolean): void {
  const z = zsetForRead(c, argv[1]);
  if (z === null) return;
  const r = z === undefined ? -1 : z.rank(argv[2]);
  if (r < 0) c.w.nil();
  else c.w.integer(reverse ? z!.size - 1 - r : r);
}

function zcount(c: Client, argv: string[]): void {
  const r = parseScoreRange(argv[2], argv[3]);
  if (r === null) {
    c.error(E.ZSCORE_RANGE);
    return;
  }
  const z = zsetForRead(c, argv[1]);
  if (z === null) return;
  if (z === undefined) {
    c.w.integer(0);
    return;
  }
  const [lo, hi] = z.scoreRanks(r);
  c.w.integer(hi - lo);
}

function zlexcount(c: Client, argv: string[]): void {
  const r = parseLexRange(argv[2], argv[3]);
  if (r === null) {
    c.error(E.ZLEX_RANGE);
    return;
  }
  const z = zsetForRead(c, argv[1]);
  if (z === null) return;
  if (z === undefined) {
    c.w.integer(0);
    return;
  }
  const from = z.lexStart(r, false);
  c.w.integer(from < 0 ? 0 : z.lexWalk(r, from, false, -1));
}

// ---- ZRANDMEMBER -----------------------------------------------------------


function zrandmember(c: Client, argv: string[]): void {
  if (argv.length === 2) {
    const z = zsetForRead(c, argv[1]);
    if (z === null) return;
    if (z === undefined) c.w.nil();
    else c.w.bulk(z.at(randomInt(z.size)).member);
    return;
  }
  const parsed = randomCountArg(c, argv, 'WITHSCORES');
  if (parsed === null) return;
  const z = zsetForRead(c, argv[1]);
  if (z === null) return;
  const n = parsed.count;
  if (z === undefined || n === 0) {
    c.w.array(0);
    return;
  }
  randomMembers(c, z, n, parsed.paired);
}

function randomInt(n: number): number {
  return Math.floor(Math.random() * n);
}

/**
 * ZRANDMEMBER with a count: negative counts may repeat members, positive
 * ones return distinct members; a count covering the whole set returns it
 * in descending order, as Redis does.
 */
function randomMembers(c: Client, z: ZSet, n: number, withScores: boolean): void {
  const size = z.size;
  const w = c.w;
  const nested = withScores && c.resp === 3;
  const emit = (rank: number) => {
    const cur = z.at(rank);
    if (nested) w.array(2);
    w.bulk(cur.member);
    if (withScores) w.double(cur.score);
  };
  if (n < 0 || n === 1) {
    const count = n < 0 ? -n : n;
    // a score is at most 24 bytes of %.17g text, plus RESP3's pair header
    const pickBytes = () => bulkBytes(z.at(randomInt(size)).member.length) + (withScores ? 32 : 0);
    if (!picksFit(c, count, pickBytes)) return;
    w.array(withScores && !nested ? count * 2 : count);
    for (let i = 0; i < count; i++) emit(randomInt(size));
    return;
  }
  if (n >= size) {
    // The whole set, walked from the highest score down as Redis's zset iterator does.
    w.array(withScores && !nested ? size * 2 : size);
    for (let r = size - 1; r >= 0; r--) emit(r);
    return;
  }
  const ranks: number[] = [];
  if (n * 3 > size) {
    // Partial Fisher-Yates over all ranks.
    const all = new Array<number>(size);
    for (let i = 0; i < size; i++) all[i] = i;
    for (let i = 0; i < n; i++) {
      const j = i + randomInt(size - i);
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
      ranks.push(all[i]);
    }
  } else {
    const seen = new Set<number>();
    while (ranks.length < n) {
      const r = randomInt(size);
      if (seen.has(r)) continue;
      seen.add(r);
      ranks.push(r);
    }
  }
  w.array(withScores && !nested ? n * 2 : n);
  for (const r of ranks) emit(r);
}

// ---- ZSCAN -----------------------------------------------------------------

/**
 * ZSCAN key cursor [MATCH pattern] [COUNT count]. A listpack-sized set is
 * returned whole with cursor 0, as Redis does; larger ones continue a live
 * Map iterator kept in the server's cursor registry. Scores are printed
 * with %.17g in both cases.
 */
function zscan(c: Client, argv: string[]): void {
  const cursor = argv[2];
  if (!validCursor(cursor)) {
    c.error(E.INVALID_CURSOR);
    return;
  }
  const v = c.server.keyspace.lookupRead(c.db, argv[1]);
  if (v === undefined) {
    replyEmptyScan(c);
    return;
  }
  if (!(v instanceof ZSet)) {
    c.error(E.WRONGTYPE);
    return;
  }
  const opts = parseScanOptions(c, argv, 3, false);
  if (opts === null) return;
  const { count, match } = opts;
  const out: string[] = [];
  let next = '0';
  if (v.listpack) {
    for (const cur = v.at(0); cur.valid; cur.next()) {
      if (match === null || globMatch(match, cur.member)) out.push(cur.member, formatDouble17g(cur.score));
    }
  } else {
    const reg = c.server.scanCursors;
    const it = reg.resume(cursor, v, () => v.dict.entries());
    let done = false;
    for (let i = 0; i < count; i++) {
      const r = it.next();
      if (r.done) {
        done = true;
        break;
      }
      const [m, s] = r.value;
      if (match === null || globMatch(match, m)) out.push(m, formatDouble17g(s));
    }
    if (!done) {
      // Look one element ahead so a finished scan answers cursor 0 now.
      const peek = it.next();
      if (!peek.done) next = reg.save(prepend(peek.value, it), v);
    }
  }
  replyScan(c, next, out);
}

/** An iterator yielding `first` and then the rest of `it`. */
function prepend<T>(first: T, it: Iterator<T>): Iterator<T> {
  let pending = true;
  return {
    next(): IteratorResult<T> {
      if (pending) {
        pending = false;
        return { value: first, done: false };
      }
      return it.next();
    },
  };
}

export const zsetCommands: CommandDef[] = [
  command('zadd', (c, argv) => zaddGeneric(c, argv, false)),
  command('zincrby', (c, argv) => zaddGeneric(c, argv, true)),
  command('zrem', zrem),
  command('zremrangebyrank', (c, argv) => zremrangeGeneric(c, argv, RANGE_RANK)),
  command('zremrangebyscore', (c, argv) => zremrangeGeneric(c, argv, RANGE_SCORE)),
  command('zremrangebylex', (c, argv) => zremrangeGeneric(c, argv, RANGE_LEX)),
  command('zcard', zcard),
  command('zscore', zscore),
  command('zmscore', zmscore),
  command('zrank', (c, argv) => zrankGeneric(c, argv, false)),
  command('zrevrank', (c, argv) => zrankGeneric(c, argv, true)),
  command('zcount', zcount),
  command('zlexcount', zlexcount),
  command('zrandmember', zrandmember),
  command('zscan', zscan),
  ...zrangeCommands,
  ...zsetOpCommands,
  ...zpopCommands,
];
