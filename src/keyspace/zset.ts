/**
 * Sorted set value: a member → score Map for O(1) ZSCORE and membership,
 * plus an order-statistics tree (zset-tree.ts) ordered by (score, member)
 * for O(log n) rank and range operations.
 *
 * One structure serves every size; `listpack` only records which encoding
 * Redis 7.0 would be using, because OBJECT ENCODING and one score detail
 * depend on it: a set starts as a listpack and becomes a skiplist for good
 * when a new member would exceed zset-max-listpack-entries or is longer
 * than zset-max-listpack-value (Redis never converts back, except when a
 * store command builds a fresh result). A listpack keeps scores as text
 * and loses the sign of -0, so scores stored while in listpack form are
 * normalised to +0.
 */
import type { RObject } from './value.js';
import { ZTree, Cursor, Bound } from './zset-tree.js';

export { Cursor } from './zset-tree.js';

/** zset-max-listpack-entries / zset-max-listpack-value at the time of a write. */
export interface ZLimits {
  entries: number;
  value: number;
}

/** A parsed score interval (ZRANGEBYSCORE min max): `(` makes a bound exclusive. */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/** A parsed lex interval: `inf` is -1 for "-", +1 for "+", 0 for a real string bound. */
export interface LexRange {
  min: string;
  max: string;
  minex: boolean;
  maxex: boolean;
  minInf: -1 | 0 | 1;
  maxInf: -1 | 0 | 1;
}

export class ZSet implements RObject {
  readonly type = 'zset' as const;
  readonly dict = new Map<string, number>();
  tree = new ZTree();
  /** Whether Redis would still hold this set as a listpack. */
  listpack = true;

  encoding(): string {
    return this.listpack ? 'listpack' : 'skiplist';
  }

  get size(): number {
    return this.dict.size;
  }

  score(member: string): number | undefined {
    return this.dict.get(member);
  }

  /** Adds a member that is not present, converting to skiplist first when the limits require it. */
  insert(member: string, score: number, limits: ZLimits): void {
    if (this.listpack && (this.dict.size + 1 > limits.entries || member.length > limits.value)) this.listpack = false;
    if (this.listpack && score === 0) score = 0;
    this.dict.set(member, score);
    this.tree.insert(score, member);
  }

  /** Moves a present member from score `old` to `score` (a no-op when equal, keeping the sign of zero). */
  update(member: string, old: number, score: number): void {
    if (score === old) return;
    if (this.listpack && score === 0) score = 0;
    this.tree.delete(old, member);
    this.tree.insert(score, member);
    this.dict.set(member, score);
  }

  remove(member: string): boolean {
    const s = this.dict.get(member);
    if (s === undefined) return false;
    this.dict.delete(member);
    this.tree.delete(s, member);
    return true;
  }

  /** 0-based rank in ascending order, -1 when absent. */
  rank(member: string): number {
    const s = this.dict.get(member);
    return s === undefined ? -1 : this.tree.rank(s, member);
  }

  /** Cursor at a 0-based rank (invalid when out of range). */
  at(rank: number): Cursor {
    return this.tree.at(rank);
  }

  /** Ranks [lo, hi) of the elements whose score is inside `r`. */
  scoreRanks(r: ScoreRange): [number, number] {
    const t = this.tree;
    const lo = t.countBelow(r.minex ? Bound.ScoreLe : Bound.ScoreLt, r.min, '');
    const hi = t.countBelow(r.maxex ? Bound.ScoreLt : Bound.ScoreLe, r.max, '');
    return [lo, hi < lo ? lo : hi];
  }

  /** Ranks [lo, hi) of the elements whose member is inside `r` (all scores assumed equal, as in Redis). */
  lexRanks(r: LexRange): [number, number] {
    const t = this.tree;
    const n = this.size;
    const lo = r.minInf < 0 ? 0 : r.minInf > 0 ? n : t.countBelow(r.minex ? Bound.LexLe : Bound.LexLt, 0, r.min);
    const hi = r.maxInf > 0 ? n : r.maxInf < 0 ? 0 : t.countBelow(r.maxex ? Bound.LexLt : Bound.LexLe, 0, r.max);
    return [lo, hi < lo ? lo : hi];
  }

  /**
   * Where Redis starts walking a lex range: the rank of the first element
   * in range (or the last one when `reverse`), -1 when there is none.
   *
   * Lex ranges are only meaningful when all scores are equal. When they
   * are not, Redis's answer depends on how it scans: a listpack is scanned
   * linearly (first element >= min, then onwards while <= max), which is
   * reproduced literally here for listpack-sized sets; a skiplist's answer
   * depends on its random node levels, so larger sets use the tree bounds.
   */
  lexStart(r: LexRange, reverse: boolean): number {
    const n = this.size;
    if (!this.listpack) {
      const [lo, hi] = this.lexRanks(r);
      return lo >= hi ? -1 : reverse ? hi - 1 : lo;
    }
    if (n === 0 || lexEmpty(r)) return -1;
    if (!lexGteMin(this.at(n - 1).member, r) || !lexLteMax(this.at(0).member, r)) return -1;
    if (!reverse) {
      for (const cur = this.at(0); cur.valid; cur.next()) {
        if (lexGteMin(cur.member, r)) return lexLteMax(cur.member, r) ? this.rank(cur.member) : -1;
      }
    } else {
      for (const cur = this.at(n - 1); cur.valid; cur.prev()) {
        if (lexLteMax(cur.member, r)) return lexGteMin(cur.member, r) ? this.rank(cur.member) : -1;
      }
    }
    return -1;
  }

  /**
   * How many consecutive elements from rank `from` (walking down when
   * `reverse`) stay inside the lex range, at most `limit` (< 0: no limit):
   * forwards the walk stops at the first member above max, backwards at
   * the first one below min, as Redis's range loops do.
   */
  lexWalk(r: LexRange, from: number, reverse: boolean, limit: number): number {
    if (!this.listpack && limit < 0) {
      const [lo, hi] = this.lexRanks(r);
      return reverse ? (from >= lo ? from - lo + 1 : 0) : (from < hi ? hi - from : 0);
    }
    let count = 0;
    for (const cur = this.at(from); cur.valid && count !== limit; reverse ? cur.prev() : cur.next()) {
      if (reverse ? !lexGteMin(cur.member, r) : !lexLteMax(cur.member, r)) break;
      count++;
    }
    return count;
  }

  /** Removes the elements at ranks [lo, hi); returns how many. */
  removeRanks(lo: number, hi: number): number {
    const n = hi - lo;
    if (n <= 0) return 0;
    const members: string[] = new Array(n);
    const scores: number[] = new Array(n);
    const cur = this.tree.at(lo);
    for (let i = 0; i < n; i++, cur.next()) {
      members[i] = cur.member;
      scores[i] = cur.score;
    }
    for (let i = 0; i < n; i++) {
      this.dict.delete(members[i]);
      this.tree.delete(scores[i], members[i]);
    }
    return n;
  }

  /**
   * A result set built by a store command (ZUNIONSTORE & co) from members
   * already in (score, member) order: Redis builds it as a skiplist and
   * converts it to a listpack when it fits.
   */
  static fromSorted(members: string[], scores: number[], limits: ZLimits): ZSet {
    const z = new ZSet();
    let maxlen = 0;
    for (let i = 0; i < members.length; i++) if (members[i].length > maxlen) maxlen = members[i].length;
    z.listpack = members.length <= limits.entries && maxlen <= limits.value;
    if (z.listpack) for (let i = 0; i < scores.length; i++) if (scores[i] === 0) scores[i] = 0;
    for (let i = 0; i < members.length; i++) z.dict.set(members[i], scores[i]);
    z.tree = ZTree.fromSorted(scores, members);
    return z;
  }
}

// ZADD flag bits (input) and outcome bits, as in Redis's zsetAdd().
export const ZADD_INCR = 1;
export const ZADD_NX = 2;
export const ZADD_XX = 4;
export const ZADD_GT = 8;
export const ZADD_LT = 16;

export const ZADD_OUT_NOP = 1;
export const ZADD_OUT_NAN = 2;
export const ZADD_OUT_ADDED = 4;
export const ZADD_OUT_UPDATED = 8;

/** The score zsetAdd() left the member with (valid unless the outcome is NOP or NAN). */
export let zaddNewScore = 0;

/**
 * Adds or updates one member under the ZADD flags, returning the outcome
 * bits. With ZADD_INCR `score` is an increment; a NaN result is refused.
 */
export function zsetAdd(z: ZSet, score: number, member: string, flags: number, limits: ZLimits): number {
  const cur = z.dict.get(member);
  if (cur !== undefined) {
    if (flags & ZADD_NX) return ZADD_OUT_NOP;
    if (flags & ZADD_INCR) {
      score += cur;
      if (Number.isNaN(score)) return ZADD_OUT_NAN;
    }
    if ((flags & ZADD_LT && score >= cur) || (flags & ZADD_GT && score <= cur)) return ZADD_OUT_NOP;
    zaddNewScore = score;
    if (score !== cur) {
      z.update(member, cur, score);
      return ZADD_OUT_UPDATED;
    }
    return 0;
  }
  if (flags & ZADD_XX) return ZADD_OUT_NOP;
  z.insert(member, score, limits);
  zaddNewScore = score; // the reply shows -0 even when a listpack stores it as 0
  return ZADD_OUT_ADDED;
}

/** sdscmplex: "-" sorts before and "+" after every string. */
function lexCmp(m: string, bound: string, inf: -1 | 0 | 1): number {
  if (inf !== 0) return -inf;
  return m < bound ? -1 : m > bound ? 1 : 0;
}

export function lexGteMin(m: string, r: LexRange): boolean {
  const c = lexCmp(m, r.min, r.minInf);
  return r.minex ? c > 0 : c >= 0;
}

export function lexLteMax(m: string, r: LexRange): boolean {
  const c = lexCmp(m, r.max, r.maxInf);
  return r.maxex ? c < 0 : c <= 0;
}

/** Ranges that can hold nothing whatever the set: min above max, or equal with an exclusive end. */
function lexEmpty(r: LexRange): boolean {
  let c: number;
  if (r.minInf === r.maxInf && r.minInf !== 0) c = 0;
  else if (r.minInf < 0 || r.maxInf > 0) c = -1;
  else if (r.minInf > 0 || r.maxInf < 0) c = 1;
  else c = r.min < r.max ? -1 : r.min > r.max ? 1 : 0;
  return c > 0 || (c === 0 && (r.minex || r.maxex));
}
