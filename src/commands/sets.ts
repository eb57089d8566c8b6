/**
 * Set commands (t_set.c). Encoding rules live in keyspace/set.ts. The
 * algebra commands build their results the way Redis does — starting from
 * an empty intset and adding — so result encodings (OBJECT ENCODING of a
 * *STORE destination) and reply order (numeric for intset results) match.
 */
import { propagateAsLazy, alsoPropagate, dontPropagate } from './propagate.js';
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { RSet } from '../keyspace/set.js';
import { parseI64 } from '../protocol/ints.js';
import { is, randomCountArg } from './args.js';
import { picksFit, bulkBytes } from './reply-budget.js';
import { parseCursor } from '../keyspace/scan-cursors.js';
import { parseScanOptions, scanMatches, replyEmptyScan, replyScan } from './scan.js';
import { lookupTyped } from './lookup.js';
import * as E from '../errors.js';

/** Looks a set up for reading: the set, undefined when missing, null after a WRONGTYPE reply. */
function readSet(c: Client, key: string): RSet | undefined | null {
  return lookupTyped(c, key, RSet, false);
}

/** Same for writing (no hit/miss statistics). */
function writeSet(c: Client, key: string): RSet | undefined | null {
  return lookupTyped(c, key, RSet, true);
}

function maxIntset(c: Client): number {
  return c.server.config.num('set-max-intset-entries');
}

function rnd(n: number): number {
  return Math.floor(Math.random() * n);
}

/** Signals a set emptied or modified in place: empty sets leave the keyspace. */
function afterRemoval(c: Client, key: string, s: RSet): boolean {
  const ks = c.server.keyspace;
  if (s.size === 0) {
    ks.delete(c.db, key); // signals the change
    return true;
  }
  ks.modified(c.db, key);
  return false;
}

function sadd(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const key = argv[1];
  let s = writeSet(c, key);
  if (s === null) return;
  if (s === undefined) {
    s = RSet.forMember(argv[2]);
    ks.put(c.db, key, s);
  }
  const max = maxIntset(c);
  let added = 0;
  for (let i = 2; i < argv.length; i++) if (s.add(argv[i], max)) added++;
  if (added !== 0) {
    ks.modified(c.db, key);
    ks.notify('s', 'sadd', key, c.db.id);
  }
  c.w.integer(added);
}

function srem(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const key = argv[1];
  const s = writeSet(c, key);
  if (s === null) return;
  if (s === undefined) {
    c.w.integer(0);
    return;
  }
  let deleted = 0;
  for (let i = 2; i < argv.length; i++) {
    if (s.delete(argv[i])) {
      deleted++;
      if (s.size === 0) break;
    }
  }
  if (deleted !== 0) {
    const removed = afterRemoval(c, key, s);
    ks.notify('s', 'srem', key, c.db.id);
    if (removed) ks.notify('g', 'del', key, c.db.id);
  }
  c.w.integer(deleted);
}

function smove(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const [, srcKey, dstKey, member] = argv;
  const srcVal = ks.lookupWrite(c.db, srcKey);
  const dstVal = ks.lookupWrite(c.db, dstKey);
  // A missing source answers 0 before any type check.
  if (srcVal === undefined) {
    c.w.integer(0);
    return;
  }
  if (!(srcVal instanceof RSet) || (dstVal !== undefined && !(dstVal instanceof RSet))) {
    c.error(E.WRONGTYPE);
    return;
  }
  const src = srcVal;
  const dst = dstVal;
  if (src === dst) {
    c.w.integer(src.has(member) ? 1 : 0);
    return;
  }
  if (!src.delete(member)) {
    c.w.integer(0);
    return;
  }
  ks.notify('s', 'srem', srcKey, c.db.id);
  if (afterRemoval(c, srcKey, src)) ks.notify('g', 'del', srcKey, c.db.id);
  let target = dst;
  if (target === undefined) {
    target = RSet.forMember(member);
    ks.put(c.db, dstKey, target);
  }
  if (target.add(member, maxIntset(c))) {
    ks.modified(c.db, dstKey);
    ks.notify('s', 'sadd', dstKey, c.db.id);
  }
  c.w.integer(1);
}

function sismember(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]);
  if (s !== null) c.w.integer(s !== undefined && s.has(argv[2]) ? 1 : 0);
}

function smismember(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]);
  if (s === null) return;
  c.w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.w.integer(s !== undefined && s.has(argv[i]) ? 1 : 0);
}

function scard(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]);
  if (s !== null) c.w.integer(s === undefined ? 0 : s.size);
}

/** Replies every member of `s` in its iteration order, as a set. */
function replyMembers(c: Client, s: RSet): void {
  const n = s.size;
  c.w.set(n);
  for (let i = 0; i < n; i++) c.w.bulk(s.at(i));
}

/** How much bigger than the remainder a set must be for SPOP to rebuild it from the survivors. */
const SPOP_MOVE_STRATEGY_MUL = 5;

function spop(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.error(E.SYNTAX);
    return;
  }
  if (argv.length === 3) {
    spopWithCount(c, argv);
    return;
  }
  const ks = c.server.keyspace;
  const key = argv[1];
  const s = writeSet(c, key);
  if (s === null) return;
  if (s === undefined) {
    c.w.nil();
    return;
  }
  const m = s.popRandom();
  ks.notify('s', 'spop', key, c.db.id);
  propagateAsLazy(c, () => ['SREM', key, m]);
  c.w.bulk(m);
  if (afterRemoval(c, key, s)) ks.notify('g', 'del', key, c.db.id);
}

function spopWithCount(c: Client, argv: string[]): void {
  // getPositiveLongFromObjectOrReply: one message for "not a number" and "negative".
  const l = parseI64(argv[2]);
  if (l === null || l < 0) {
    c.error(E.MUST_BE_POSITIVE);
    return;
  }
  const ks = c.server.keyspace;
  const key = argv[1];
  const s = writeSet(c, key);
  if (s === null) return;
  if (s === undefined || l === 0) {
    c.w.set(0);
    return;
  }
  const size = s.size;
  ks.notify('s', 'spop', key, c.db.id);
  if (l >= size) {
    // The whole set, replied the way SUNION would build it.
    replyMembers(c, union([s], maxIntset(c)));
    ks.delete(c.db, key);
    ks.notify('g', 'del', key, c.db.id);
    propagateAsLazy(c, () => ['DEL', key]);
    return;
  }
  const count = Number(l);
  let remaining = size - count;
  c.w.set(count);
  // Each popped member replays as its own SREM (alsoPropagate), the SPOP itself not at all.
  dontPropagate(c);
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    for (let i = 0; i < count; i++) {
      const m = s.popRandom();
      alsoPropagate(c, ['SREM', key, m]);
      c.w.bulk(m);
    }
  } else {
    // Most of the set goes: move the survivors into a new set and reply the rest.
    const max = maxIntset(c);
    let kept: RSet | null = null;
    while (remaining-- > 0) {
      const m = s.popRandom();
      kept ??= RSet.forMember(m);
      kept.add(m, max);
    }
    for (let i = 0; i < count; i++) {
      const m = s.at(i);
      alsoPropagate(c, ['SREM', key, m]);
      c.w.bulk(m);
    }
    ks.put(c.db, key, kept!);
  }
  ks.modified(c.db, key);
}

/**
 * SRANDMEMBER [count]: a negative count samples with repeats, a count of at
 * least the size returns the whole set in its order, otherwise a distinct
 * random sample.
 */
function srandmember(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.error(E.SYNTAX);
    return;
  }
  if (argv.length === 2) {
    const s = readSet(c, argv[1]);
    if (s === null) return;
    if (s === undefined) c.w.nil();
    else c.w.bulk(s.random());
    return;
  }
  const parsed = randomCountArg(c, argv, '');
  if (parsed === null) return;
  const l = parsed.count;
  const s = readSet(c, argv[1]);
  if (s === null) return;
  if (s === undefined || l === 0) {
    c.w.array(0);
    return;
  }
  const w = c.w;
  const size = s.size;
  if (l < 0 || l === 1) {
    const count = l < 0 ? -l : 1;
    if (!picksFit(c, count, () => bulkBytes(s.random().length))) return;
    w.array(count);
    for (let i = 0; i < count; i++) w.bulk(s.random());
    return;
  }
  if (l >= size) {
    w.array(size);
    for (let i = 0; i < size; i++) w.bulk(s.at(i));
    return;
  }
  // Distinct sample: a partial Fisher–Yates shuffle over positions.
  const count = Number(l);
  const idx = new Uint32Array(size);
  for (let i = 0; i < size; i++) idx[i] = i;
  w.array(count);
  for (let i = 0; i < count; i++) {
    const j = i + rnd(size - i);
    const pick = idx[j];
    idx[j] = idx[i];
    w.bulk(s.at(pick));
  }
}

/**
 * Looks up the sets of a multi-key command (SINTER, SUNION, SDIFF and their
 * variants) with read semantics; a missing key is null, a wrong type stops
 * with WRONGTYPE at once, whatever came before it.
 */
function lookupSets(c: Client, keys: readonly string[], start: number, end: number): (RSet | null)[] | null {
  const sets: (RSet | null)[] = [];
  for (let i = start; i < end; i++) {
    const s = readSet(c, keys[i]);
    if (s === null) return null;
    sets.push(s ?? null);
  }
  return sets;
}

/** Stores a computed set at `dst`, or deletes `dst` when the result is empty; replies the size. */
function storeResult(c: Client, dst: string, result: RSet, event: string): void {
  const ks = c.server.keyspace;
  const n = result.size;
  c.w.integer(n);
  if (n > 0) {
    ks.lookupWrite(c.db, dst); // a stale dst expires first, as setKey's lookup does
    ks.set(c.db, dst, result);
    ks.notify('s', event, dst, c.db.id);
  } else if (ks.delete(c.db, dst)) {
    ks.notify('g', 'del', dst, c.db.id);
  }
}

const INTER = 0;
const INTER_STORE = 1;
const INTER_CARD = 2;

/** SINTER, SMEMBERS, SINTERSTORE and SINTERCARD. */
function interGeneric(c: Client, keys: string[], start: number, end: number, mode: number, dst: string, limit: number): void {
  const found = lookupSets(c, keys, start, end);
  if (found === null) return;
  if (found.includes(null)) {
    if (mode === INTER_STORE) storeResult(c, dst, RSet.empty(), 'sinterstore');
    else if (mode === INTER_CARD) c.w.integer(0);
    else c.w.set(0);
    return;
  }
  const sets = (found as RSet[]).sort((a, b) => a.size - b.size);
  const first = sets[0];
  const n = first.size;
  const result: string[] = [];
  let card = 0;
  for (let i = 0; i < n; i++) {
    const m = first.at(i);
    let j = 1;
    for (; j < sets.length; j++) {
      if (sets[j] !== first && !sets[j].has(m)) break;
    }
    if (j !== sets.length) continue;
    if (mode === INTER_CARD) {
      card++;
      if (limit !== 0 && card >= limit) break;
    } else {
      result.push(m);
    }
  }
  if (mode === INTER_CARD) {
    c.w.integer(card);
  } else if (mode === INTER_STORE) {
    const out = RSet.empty();
    const max = maxIntset(c);
    for (const m of result) out.add(m, max);
    storeResult(c, dst, out, 'sinterstore');
  } else {
    c.w.set(result.length);
    for (const m of result) c.w.bulk(m);
  }
}

function sinter(c: Client, argv: string[]): void {
  interGeneric(c, argv, 1, argv.length, INTER, '', 0);
}

function sinterstore(c: Client, argv: string[]): void {
  interGeneric(c, argv, 2, argv.length, INTER_STORE, argv[1], 0);
}

function sintercard(c: Client, argv: string[]): void {
  const numkeys = parseI64(argv[1]);
  if (numkeys === null || numkeys < 1) {
    c.error(E.NUMKEYS_POSITIVE);
    return;
  }
  if (numkeys > argv.length - 2) {
    c.error(E.NUMKEYS_TOO_MANY);
    return;
  }
  const end = 2 + Number(numkeys);
  let limit = 0;
  for (let i = end; i < argv.length; i++) {
    if (is(argv[i], 'LIMIT') && i + 1 < argv.length) {
      const l = parseI64(argv[++i]);
      if (l === null || l < 0) {
        c.error(E.LIMIT_NEGATIVE);
        return;
      }
      limit = Number(l);
    } else {
      c.error(E.SYNTAX);
      return;
    }
  }
  interGeneric(c, argv, 2, end, INTER_CARD, '', limit);
}

/** The union of `sets`, built from an empty intset like Redis's temporary set. */
function union(sets: readonly (RSet | null)[], max: number): RSet {
  const out = RSet.empty();
  for (const s of sets) {
    if (s === null) continue;
    const n = s.size;
    for (let i = 0; i < n; i++) out.add(s.at(i), max);
  }
  return out;
}

/**
 * The difference sets[0] − sets[1…], with Redis's choice between checking
 * each member of the first set against the others (algorithm 1) and copying
 * the first set then removing the others (algorithm 2). The choice changes
 * the result's encoding, so it is reproduced exactly.
 */
function difference(sets: (RSet | null)[], max: number): RSet {
  const out = RSet.empty();
  const first = sets[0];
  let sameSet = false;
  for (let j = 1; j < sets.length; j++) if (sets[j] === first) sameSet = true;
  if (first === null || sameSet) return out;
  let algoOne = 0;
  let algoTwo = 0;
  for (const s of sets) {
    if (s === null) continue;
    algoOne += first.size;
    algoTwo += s.size;
  }
  algoOne = Math.floor(algoOne / 2);
  if (algoOne <= algoTwo) {
    // Largest sets first: members are more likely to be found early.
    const others = sets.slice(1).sort((a, b) => (b?.size ?? 0) - (a?.size ?? 0));
    const n = first.size;
    for (let i = 0; i < n; i++) {
      const m = first.at(i);
      let j = 0;
      for (; j < others.length; j++) {
        const o = others[j];
        if (o !== null && o.has(m)) break;
      }
      if (j === others.length) out.add(m, max);
    }
    return out;
  }
  for (let j = 0; j < sets.length; j++) {
    const s = sets[j];
    if (s === null) continue;
    const n = s.size;
    for (let i = 0; i < n; i++) {
      if (j === 0) out.add(s.at(i), max);
      else out.delete(s.at(i));
    }
    if (out.size === 0) break;
  }
  return out;
}

const UNION = 0;
const DIFF = 1;

function unionDiffGeneric(c: Client, argv: string[], start: number, op: number, dst: string | null): void {
  const sets = lookupSets(c, argv, start, argv.length);
  if (sets === null) return;
  const max = maxIntset(c);
  const result = op === UNION ? union(sets, max) : difference(sets, max);
  if (dst === null) replyMembers(c, result);
  else storeResult(c, dst, result, op === UNION ? 'sunionstore' : 'sdiffstore');
}

function smembers(c: Client, argv: string[]): void {
  interGeneric(c, argv, 1, 2, INTER, '', 0);
}

function sscan(c: Client, argv: string[]): void {
  const cursor = parseCursor(argv[2]);
  if (cursor === null) {
    c.error(E.INVALID_CURSOR);
    return;
  }
  const s = readSet(c, argv[1]);
  if (s === null) return;
  if (s === undefined) {
    replyEmptyScan(c);
    return;
  }
  const opts = parseScanOptions(c, argv, 3, false);
  if (opts === null) return;
  const out: string[] = [];
  const index = s.index;
  if (index === null) {
    // Intsets (as in Redis) and small hashtables are returned whole, with cursor 0.
    const n = s.size;
    for (let i = 0; i < n; i++) {
      const m = s.at(i);
      if (scanMatches(opts, m)) out.push(m);
    }
    replyScan(c, '0', out);
    return;
  }
  const cursors = c.server.scanCursors;
  const it = cursors.resume(cursor, index, () => index.keys());
  let taken = 0;
  let done = false;
  while (taken < opts.count) {
    const r = it.next();
    if (r.done) {
      done = true;
      break;
    }
    taken++;
    if (scanMatches(opts, r.value)) out.push(r.value);
  }
  replyScan(c, done ? '0' : cursors.save(it, index), out);
}

export const setCommands: CommandDef[] = [
  command('sadd', sadd),
  command('srem', srem),
  command('smove', smove),
  command('sismember', sismember),
  command('smismember', smismember),
  command('scard', scard),
  command('smembers', smembers),
  command('spop', spop),
  command('srandmember', srandmember),
  command('sinter', sinter),
  command('sintercard', sintercard),
  command('sinterstore', sinterstore),
  command('sunion', (c, argv) => unionDiffGeneric(c, argv, 1, UNION, null)),
  command('sunionstore', (c, argv) => unionDiffGeneric(c, argv, 2, UNION, argv[1])),
  command('sdiff', (c, argv) => unionDiffGeneric(c, argv, 1, DIFF, null)),
  command('sdiffstore', (c, argv) => unionDiffGeneric(c, argv, 2, DIFF, argv[1])),
  command('sscan', sscan),
];
