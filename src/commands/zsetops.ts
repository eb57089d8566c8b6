/**
 * Sorted set algebra: ZUNION/ZINTER/ZDIFF, their STORE forms and
 * ZINTERCARD, following Redis's zunionInterDiffGenericCommand: inputs may
 * be sorted sets or plain sets (every member scoring 1), are checked for
 * type before the options are parsed, and (except for ZDIFF) are visited
 * from the smallest to the largest.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { is, intArg } from './args.js';
import { ZSet } from '../keyspace/zset.js';
import type { RObject } from '../keyspace/value.js';
import { setHas, setMembers, setSize } from '../keyspace/foreign.js';
import { string2d } from '../protocol/doubles.js';
import { parseI64Number } from '../protocol/ints.js';
import { zlimits, replyPairs, storeResult } from './zset-common.js';
import * as E from '../errors.js';

const UNION = 0;
const INTER = 1;
const DIFF = 2;

const AGG_SUM = 0;
const AGG_MIN = 1;
const AGG_MAX = 2;

/** One input: a sorted set, a plain set, or a missing key (empty). */
class Source {
  weight = 1;
  constructor(readonly z: ZSet | null, readonly set: RObject | null) {}

  get size(): number {
    return this.z !== null ? this.z.size : this.set !== null ? setSize(this.set) : 0;
  }

  /** The member's score, undefined when absent. */
  find(m: string): number | undefined {
    if (this.z !== null) return this.z.score(m);
    if (this.set !== null && setHas(this.set, m)) return 1;
    return undefined;
  }

  /** Calls fn for every element; fn returns false to stop. */
  each(fn: (m: string, s: number) => boolean): void {
    if (this.z !== null) {
      for (const cur = this.z.at(0); cur.valid; cur.next()) if (!fn(cur.member, cur.score)) return;
    } else if (this.set !== null) {
      for (const m of setMembers(this.set)) if (!fn(m, 1)) return;
    }
  }
}

function aggregate(target: number, val: number, agg: number): number {
  if (agg === AGG_SUM) {
    const r = target + val;
    return Number.isNaN(r) ? 0 : r; // inf + -inf is 0 by Redis's convention
  }
  // A NaN value never wins a comparison, so it leaves the target unchanged.
  if (agg === AGG_MIN) return val < target ? val : target;
  return val > target ? val : target;
}

/**
 * argv[numkeysIdx] is numkeys; `dst` is the STORE destination or null;
 * `cardOnly` is ZINTERCARD.
 */
function zsetOp(c: Client, argv: string[], numkeysIdx: number, dst: string | null, op: number, cardOnly: boolean): void {
  const name = c.current?.fullName ?? argv[0].toLowerCase();
  const setnum = intArg(c, argv[numkeysIdx]);
  if (setnum === null) return;
  if (setnum < 1) {
    c.error(E.atLeastOneKey(name));
    return;
  }
  if (setnum > argv.length - (numkeysIdx + 1)) {
    c.error(E.SYNTAX);
    return;
  }
  const ks = c.server.keyspace;
  const srcs: Source[] = [];
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const v = ks.lookupRead(c.db, argv[j]);
    if (v === undefined) srcs.push(new Source(null, null));
    else if (v instanceof ZSet) srcs.push(new Source(v, null));
    else if (typeof v !== 'string' && v.type === 'set') srcs.push(new Source(null, v));
    else {
      c.error(E.WRONGTYPE);
      return;
    }
  }
  let agg = AGG_SUM;
  let withScores = false;
  let limit = 0;
  while (j < argv.length) {
    const remaining = argv.length - j;
    const opt = argv[j];
    if (op !== DIFF && !cardOnly && remaining >= setnum + 1 && is(opt, 'WEIGHTS')) {
      j++;
      for (let i = 0; i < setnum; i++, j++) {
        const w = string2d(argv[j]);
        if (w === null) {
          c.error(E.ZWEIGHT_NOT_FLOAT);
          return;
        }
        srcs[i].weight = w;
      }
    } else if (op !== DIFF && !cardOnly && remaining >= 2 && is(opt, 'AGGREGATE')) {
      const a = argv[j + 1];
      if (is(a, 'SUM')) agg = AGG_SUM;
      else if (is(a, 'MIN')) agg = AGG_MIN;
      else if (is(a, 'MAX')) agg = AGG_MAX;
      else {
        c.error(E.SYNTAX);
        return;
      }
      j += 2;
    } else if (dst === null && !cardOnly && is(opt, 'WITHSCORES')) {
      withScores = true;
      j++;
    } else if (cardOnly && remaining >= 2 && is(opt, 'LIMIT')) {
      const n = parseI64Number(argv[j + 1]);
      if (n === null || n < 0) {
        c.error(E.LIMIT_NEGATIVE);
        return;
      }
      limit = n;
      j += 2;
    } else {
      c.error(E.SYNTAX);
      return;
    }
  }
  // Smallest input first (a stable sort, like glibc's merge-sort qsort).
  if (op !== DIFF) srcs.sort((a, b) => a.size - b.size);

  const result = new Map<string, number>();
  if (op === INTER) {
    if (srcs[0].size > 0) {
      let card = 0;
      const first = srcs[0];
      first.each((m, s) => {
        let score = first.weight * s;
        if (Number.isNaN(score)) score = 0;
        let k = 1;
        for (; k < setnum; k++) {
          const other = srcs[k];
          // The same key twice: its score is known without a lookup.
          const v = other.z !== null && other.z === first.z ? s : other.find(m);
          if (v === undefined) break;
          score = aggregate(score, v * other.weight, agg);
        }
        if (k !== setnum) return true;
        if (cardOnly) {
          card++;
          return !(limit !== 0 && card >= limit);
        }
        result.set(m, score);
        return true;
      });
      if (cardOnly) {
        c.w.integer(card);
        return;
      }
    } else if (cardOnly) {
      c.w.integer(0);
      return;
    }
  } else if (op === UNION) {
    for (const src of srcs) {
      const w = src.weight;
      src.each((m, s) => {
        let score = w * s;
        if (Number.isNaN(score)) score = 0;
        const cur = result.get(m);
        result.set(m, cur === undefined ? score : aggregate(cur, score, agg));
        return true;
      });
    }
  } else {
    const first = srcs[0];
    first.each((m, s) => {
      for (let k = 1; k < setnum; k++) if (srcs[k].find(m) !== undefined) return true;
      result.set(m, s);
      return true;
    });
  }

  const entries = [...result];
  entries.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const members = entries.map((e) => e[0]);
  const scores = entries.map((e) => e[1]);
  if (dst !== null) {
    const event = op === UNION ? 'zunionstore' : op === INTER ? 'zinterstore' : 'zdiffstore';
    storeResult(c, dst, ZSet.fromSorted(members, scores, zlimits(c)), event);
    return;
  }
  replyPairs(c, members, scores, withScores);
}

export const zsetOpCommands: CommandDef[] = [
  command('zunion', (c, argv) => zsetOp(c, argv, 1, null, UNION, false)),
  command('zinter', (c, argv) => zsetOp(c, argv, 1, null, INTER, false)),
  command('zdiff', (c, argv) => zsetOp(c, argv, 1, null, DIFF, false)),
  command('zunionstore', (c, argv) => zsetOp(c, argv, 2, argv[1], UNION, false)),
  command('zinterstore', (c, argv) => zsetOp(c, argv, 2, argv[1], INTER, false)),
  command('zdiffstore', (c, argv) => zsetOp(c, argv, 2, argv[1], DIFF, false)),
  command('zintercard', (c, argv) => zsetOp(c, argv, 1, null, INTER, true)),
];
