/**
 * The range family: ZRANGE (rank, BYSCORE, BYLEX, REV, LIMIT, WITHSCORES),
 * ZRANGESTORE and the older ZREVRANGE / Z[REV]RANGEBYSCORE /
 * Z[REV]RANGEBYLEX forms, all through one parser that follows Redis's
 * zrangeGenericCommand step by step (options, conflicts, range, lookup),
 * so every error appears under the same conditions.
 *
 * Score and lex ranges become a rank interval [lo, hi) in O(log n); LIMIT
 * then only moves the start rank, and the reply walks the leaves.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { is, intArg } from './args.js';
import { ZSet, type ScoreRange, type LexRange } from '../keyspace/zset.js';
import { zsetForRead, zlimits, parseScoreRange, parseLexRange, replyRange, storeResult } from './zset-common.js';
import * as E from '../errors.js';

const AUTO = -1;
const RANK = 0;
const SCORE = 1;
const LEX = 2;

const FORWARD = 0;
const REVERSE = 1;

/**
 * argv[keyIdx] is the source key, followed by min and max and options.
 * `dst` is the destination for ZRANGESTORE (null otherwise). `type` and
 * `dir` are fixed by the legacy commands and AUTO for ZRANGE/ZRANGESTORE.
 */
function zrangeGeneric(c: Client, argv: string[], keyIdx: number, dst: string | null, type: number, dir: number): void {
  let minIdx = keyIdx + 1;
  let maxIdx = keyIdx + 2;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = keyIdx + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const opt = argv[j];
    if (dst === null && is(opt, 'WITHSCORES')) {
      withScores = true;
    } else if (left >= 2 && is(opt, 'LIMIT')) {
      const o = intArg(c, argv[j + 1]);
      if (o === null) return;
      const l = intArg(c, argv[j + 2]);
      if (l === null) return;
      offset = o;
      limit = l;
      j += 2;
    } else if (dir === AUTO && is(opt, 'REV')) {
      dir = REVERSE;
    } else if (type === AUTO && is(opt, 'BYLEX')) {
      type = LEX;
    } else if (type === AUTO && is(opt, 'BYSCORE')) {
      type = SCORE;
    } else {
      c.error(E.SYNTAX);
      return;
    }
  }
  if (dir === AUTO) dir = FORWARD;
  if (type === AUTO) type = RANK;
  // "LIMIT 0 -1" is indistinguishable from no LIMIT, as in Redis.
  if (limit !== -1 && type === RANK) {
    c.error(E.ZRANGE_LIMIT);
    return;
  }
  if (withScores && type === LEX) {
    c.error(E.ZRANGE_BYLEX_WITHSCORES);
    return;
  }
  const reverse = dir === REVERSE;
  if (reverse && type !== RANK) {
    const t = minIdx;
    minIdx = maxIdx;
    maxIdx = t;
  }
  let start = 0;
  let end = 0;
  let score: ScoreRange | null = null;
  let lex: LexRange | null = null;
  if (type === RANK) {
    const s = intArg(c, argv[minIdx]);
    if (s === null) return;
    const e = intArg(c, argv[maxIdx]);
    if (e === null) return;
    start = s;
    end = e;
  } else if (type === SCORE) {
    score = parseScoreRange(argv[minIdx], argv[maxIdx]);
    if (score === null) {
      c.error(E.ZSCORE_RANGE);
      return;
    }
  } else {
    lex = parseLexRange(argv[minIdx], argv[maxIdx]);
    if (lex === null) {
      c.error(E.ZLEX_RANGE);
      return;
    }
  }
  const z = zsetForRead(c, argv[keyIdx]);
  if (z === null) return;
  if (z === undefined) {
    emit(c, dst, null, 0, 0, false, false);
    return;
  }
  let first: number;
  let count: number;
  if (type === RANK) {
    const n = z.size;
    if (start < 0) start += n;
    if (end < 0) end += n;
    if (start < 0) start = 0;
    if (start > end || start >= n) {
      emit(c, dst, z, 0, 0, false, withScores);
      return;
    }
    if (end >= n) end = n - 1;
    count = end - start + 1;
    first = reverse ? n - 1 - start : start;
  } else if (lex !== null) {
    // Redis skips `offset` elements without checking them, then emits while in range.
    const from = z.lexStart(lex, reverse);
    const pos = reverse ? from - offset : from + offset;
    count = from < 0 || offset < 0 || pos < 0 || pos >= z.size ? 0 : z.lexWalk(lex, pos, reverse, limit);
    first = pos;
  } else {
    const [lo, hi] = z.scoreRanks(score!);
    // A negative offset skips past the end in Redis: nothing is returned.
    count = offset < 0 ? 0 : hi - lo - offset;
    if (count < 0) count = 0;
    if (limit >= 0 && count > limit) count = limit;
    first = reverse ? hi - 1 - offset : lo + offset;
  }
  emit(c, dst, z, first, count, reverse, withScores);
}

/** Replies the range, or stores it at `dst` and replies its size. */
function emit(c: Client, dst: string | null, z: ZSet | null, first: number, count: number, reverse: boolean, withScores: boolean): void {
  if (dst === null) {
    if (z === null || count === 0) c.w.array(0);
    else replyRange(c, z, first, count, reverse, withScores);
    return;
  }
  // Built by adding in reply order to a fresh set, as Redis's store handler does.
  const out = new ZSet();
  if (z !== null && count > 0) {
    const limits = zlimits(c);
    const cur = z.at(first);
    for (let i = 0; i < count; i++) {
      out.insert(cur.member, cur.score, limits);
      if (reverse) cur.prev();
      else cur.next();
    }
  }
  storeResult(c, dst, out, 'zrangestore');
}

export const zrangeCommands: CommandDef[] = [
  command('zrange', (c, argv) => zrangeGeneric(c, argv, 1, null, AUTO, AUTO)),
  command('zrangestore', (c, argv) => zrangeGeneric(c, argv, 2, argv[1], AUTO, AUTO)),
  command('zrevrange', (c, argv) => zrangeGeneric(c, argv, 1, null, RANK, REVERSE)),
  command('zrangebyscore', (c, argv) => zrangeGeneric(c, argv, 1, null, SCORE, FORWARD)),
  command('zrevrangebyscore', (c, argv) => zrangeGeneric(c, argv, 1, null, SCORE, REVERSE)),
  command('zrangebylex', (c, argv) => zrangeGeneric(c, argv, 1, null, LEX, FORWARD)),
  command('zrevrangebylex', (c, argv) => zrangeGeneric(c, argv, 1, null, LEX, REVERSE)),
];
