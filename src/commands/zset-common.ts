/**
 * Helpers shared by the sorted set commands: typed key lookup, the
 * listpack limits, score and lex range parsing with Redis's exact rules,
 * range replies, and the end-of-write bookkeeping.
 */
import type { Client } from '../server/client.js';
import { ZSet, type ZLimits, type ScoreRange, type LexRange } from '../keyspace/zset.js';
import { strtod, strtodResult } from '../protocol/doubles.js';
import { lookupTyped } from './lookup.js';

/** The zset at `key` for reading: undefined when missing, null after a WRONGTYPE reply. */
export function zsetForRead(c: Client, key: string): ZSet | null | undefined {
  return lookupTyped(c, key, ZSet, false);
}

/** Same with a write lookup (no hit/miss statistics). */
export function zsetForWrite(c: Client, key: string): ZSet | null | undefined {
  return lookupTyped(c, key, ZSet, true);
}

export function zlimits(c: Client): ZLimits {
  const cfg = c.server.config;
  return { entries: cfg.num('zset-max-listpack-entries'), value: cfg.num('zset-max-listpack-value') };
}

/**
 * After a command removed elements from `z`: an emptied set is deleted
 * (with the "del" event), and the key is signalled modified once.
 * Returns true when the key was deleted.
 */
export function afterRemoval(c: Client, key: string, z: ZSet): boolean {
  const ks = c.server.keyspace;
  if (z.size === 0) {
    ks.delete(c.db, key);
    ks.notify('g', 'del', key, c.db.id);
    return true;
  }
  ks.modified(c.db, key);
  return false;
}

/**
 * One bound of a score range (zslParseRange): an optional "(" for an
 * exclusive bound, then C strtod — leading spaces, hex, "inf" are
 * accepted and, as in C, the text may end at a NUL byte. NaN is refused.
 */
function scoreBound(s: string, r: ScoreRange, isMin: boolean): boolean {
  const ex = s.charCodeAt(0) === 40; /* ( */
  const v = strtod(s, ex ? 1 : 0);
  const end = strtodResult.end;
  if ((end !== s.length && s.charCodeAt(end) !== 0) || Number.isNaN(v)) return false;
  if (isMin) {
    r.min = v;
    r.minex = ex;
  } else {
    r.max = v;
    r.maxex = ex;
  }
  return true;
}

/** Parses min/max of a score range; null when Redis would answer "min or max is not a float". */
export function parseScoreRange(min: string, max: string): ScoreRange | null {
  const r: ScoreRange = { min: 0, max: 0, minex: false, maxex: false };
  return scoreBound(min, r, true) && scoreBound(max, r, false) ? r : null;
}

/** One lex bound: "+" / "-" (nothing may follow but a NUL), "(" or "[" then the string. */
function lexBound(s: string, r: LexRange, isMin: boolean): boolean {
  const c0 = s.length === 0 ? 0 : s.charCodeAt(0);
  let inf: -1 | 0 | 1 = 0;
  let ex = false;
  let str = '';
  if (c0 === 43 /* + */ || c0 === 45 /* - */) {
    if (s.length > 1 && s.charCodeAt(1) !== 0) return false;
    inf = c0 === 43 ? 1 : -1;
    ex = true; // as Redis marks its shared min/max strings
  } else if (c0 === 40 /* ( */ || c0 === 91 /* [ */) {
    ex = c0 === 40;
    str = s.slice(1);
  } else return false;
  if (isMin) {
    r.min = str;
    r.minex = ex;
    r.minInf = inf;
  } else {
    r.max = str;
    r.maxex = ex;
    r.maxInf = inf;
  }
  return true;
}

/** Parses min/max of a lex range; null when Redis would answer "min or max not valid string range item". */
export function parseLexRange(min: string, max: string): LexRange | null {
  const r: LexRange = { min: '', max: '', minex: false, maxex: false, minInf: 0, maxInf: 0 };
  return lexBound(min, r, true) && lexBound(max, r, false) ? r : null;
}

/**
 * Replies `count` elements of `z` starting at `rank`, walking down when
 * `reverse`. With scores: flat member/score pairs in RESP2, [member, score]
 * pairs in RESP3.
 */
export function replyRange(c: Client, z: ZSet, rank: number, count: number, reverse: boolean, withScores: boolean): void {
  const w = c.w;
  const nested = withScores && c.resp === 3;
  w.array(withScores && !nested ? count * 2 : count);
  const cur = z.at(rank);
  for (let i = 0; i < count; i++) {
    if (nested) w.array(2);
    w.bulk(cur.member);
    if (withScores) w.double(cur.score);
    if (reverse) cur.prev();
    else cur.next();
  }
}

/** Replies parallel member/score arrays in the same shapes as replyRange. */
export function replyPairs(c: Client, members: string[], scores: number[], withScores: boolean): void {
  const w = c.w;
  const nested = withScores && c.resp === 3;
  const n = members.length;
  w.array(withScores && !nested ? n * 2 : n);
  for (let i = 0; i < n; i++) {
    if (nested) w.array(2);
    w.bulk(members[i]);
    if (withScores) w.double(scores[i]);
  }
}

/**
 * Stores a command's result set at `dst` (ZUNIONSTORE, ZRANGESTORE…):
 * replaces the key and raises `event`, or deletes `dst` (with "del") when
 * the result is empty. Replies with the result's size.
 */
export function storeResult(c: Client, dst: string, z: ZSet, event: string): void {
  const ks = c.server.keyspace;
  if (z.size !== 0) {
    ks.set(c.db, dst, z);
    c.w.integer(z.size);
    ks.notify('z', event, dst, c.db.id);
    return;
  }
  c.w.integer(0);
  if (ks.delete(c.db, dst)) ks.notify('g', 'del', dst, c.db.id);
}
