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
