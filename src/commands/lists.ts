/**
 * List commands (Redis 7.0 t_list.c): pushes, pops (with COUNT), ranges,
 * LINSERT/LREM/LTRIM/LSET/LPOS, LMOVE/RPOPLPUSH, LMPOP, and the blocking
 * forms BLPOP/BRPOP/BLMOVE/BRPOPLPUSH/BLMPOP on top of server/blocking.ts.
 *
 * Argument checks happen in Redis's order (some before the key lookup,
 * some after), because that order decides which error a client sees.
 * A list emptied by a command is deleted, with the "del" event after the
 * command's own event, as Redis emits them.
 */
import { propagateAsLazy } from './propagate.js';
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import type { Database } from '../keyspace/database.js';
import type { ReplyWriter } from '../protocol/writer.js';
import { ListValue } from '../keyspace/list.js';
import { intArg, is, timeoutArg } from './args.js';
import { parseI64Number } from '../protocol/ints.js';
import { lookupTyped } from './lookup.js';
import * as E from '../errors.js';

const LONG_MIN_TEXT = '-9223372036854775808';

/** The list at `key`, undefined when missing, null after replying WRONGTYPE. */
function listForWrite(c: Client, key: string): ListValue | undefined | null {
  return lookupTyped(c, key, ListValue, true);
}

function listForRead(c: Client, key: string): ListValue | undefined | null {
  return lookupTyped(c, key, ListValue, false);
}

/** A Redis "long" in [min, LONG_MAX]; every failure replies `err`. */
function boundedArg(c: Client, s: string, min: number, err: string): number | null {
  const n = parseI64Number(s);
  if (n === null || n < min) {
    c.error(err);
    return null;
  }
  return n;
}

/** LEFT / RIGHT: true for the head. */
function whereArg(c: Client, s: string): boolean | null {
  if (is(s, 'LEFT')) return true;
  if (is(s, 'RIGHT')) return false;
  c.error(E.SYNTAX);
  return null;
}

// ---- pushes ---------------------------------------------------------------

function pushGeneric(c: Client, argv: string[], head: boolean, onlyExisting: boolean): void {
  const ks = c.server.keyspace;
  const db = c.db;
  const key = argv[1];
  let l = listForWrite(c, key);
  if (l === null) return;
  let created = false;
  if (l === undefined) {
    if (onlyExisting) {
      c.w.integer(0);
      return;
    }
    l = new ListValue(argv.length - 2);
    ks.set(db, key, l); // signals the new key
    created = true;
  }
  const n = argv.length;
  if (head) for (let j = 2; j < n; j++) l.pushHead(argv[j]);
  else for (let j = 2; j < n; j++) l.pushTail(argv[j]);
  c.w.integer(l.length);
  if (!created) ks.modified(db, key);
  ks.notify('l', head ? 'lpush' : 'rpush', key, db.id);
}

/**
 * Pushes `value` onto the list at `key` (`dst`, created when undefined) and
 * replies it, as LMOVE's destination side (lmoveHandlePush).
 */
function pushForMove(c: Client, db: Database, key: string, dst: ListValue | undefined, value: string, head: boolean): void {
  const ks = c.server.keyspace;
  if (dst === undefined) {
    dst = new ListValue();
    ks.set(db, key, dst);
  } else {
    ks.modified(db, key);
  }
  if (head) dst.pushHead(value);
  else dst.pushTail(value);
  ks.notify('l', head ? 'lpush' : 'rpush', key, db.id);
  c.w.bulk(value);
}

// ---- pops -----------------------------------------------------------------

/** After elements left the list: the pop event, then deletion of an emptied list. */
function elementsRemoved(c: Client, db: Database, key: string, l: ListValue, head: boolean): void {
  const ks = c.server.keyspace;
  ks.notify('l', head ? 'lpop' : 'rpop', key, db.id);
  if (l.length === 0) {
    ks.delete(db, key);
    ks.notify('g', 'del', key, db.id);
  } else {
    ks.modified(db, key);
  }
}

/** Elements up to this size are batched into one string per reply chunk. */
const SMALL_ELEMENT = 1024;
/** Elements this short are cheapest through `bulk`, which copies them byte by byte. */
const TINY_ELEMENT = 16;
const CHUNK = 16 * 1024;

/**
 * Writes `n` elements from index `from` (walking backwards when `step` is
 * -1) as bulk strings, straight from the list. Small elements are joined
 * into one string per chunk so the writer copies them with one native call
 * instead of two per element; tiny and big ones go through `bulk`.
 */
function writeElements(w: ReplyWriter, l: ListValue, from: number, n: number, step: 1 | -1): void {
  let chunk = '';
  for (let k = 0, i = from; k < n; k++, i += step) {
    const v = l.at(i);
    if (v.length <= TINY_ELEMENT && chunk.length === 0) {
      w.bulk(v);
      continue;
    }
    if (v.length > SMALL_ELEMENT) {
      if (chunk.length !== 0) {
        w.raw(chunk);
        chunk = '';
      }
      w.bulk(v);
      continue;
    }
    chunk += '$' + v.length + '\r\n' + v + '\r\n';
    if (chunk.length > CHUNK) {
      w.raw(chunk);
      chunk = '';
    }
  }
  if (chunk.length !== 0) w.raw(chunk);
}

/** Replies up to `count` elements popped from one end (tail order reversed), as an array. */
function popRangeReply(c: Client, l: ListValue, count: number, head: boolean): void {
  const len = l.length;
  const n = count > len ? len : count;
  c.w.array(n);
  if (head) {
    writeElements(c.w, l, 0, n, 1);
    l.dropHead(n);
  } else {
    writeElements(c.w, l, len - 1, n, -1);
    l.dropTail(n);
  }
}

function popGeneric(c: Client, argv: string[], head: boolean): void {
  if (argv.length > 3) {
    c.error(E.wrongArity(head ? 'lpop' : 'rpop'));
    return;
  }
  let count = -1;
  if (argv.length === 3) {
    const n = boundedArg(c, argv[2], 0, E.MUST_BE_POSITIVE);
    if (n === null) return;
    count = n;
  }
  const key = argv[1];
  const l = listForWrite(c, key);
  if (l === null) return;
  if (l === undefined) {
    if (count === -1) c.w.nil();
    else c.w.nilArray();
    return;
  }
  if (count === 0) {
    c.w.array(0);
    return;
  }
  if (count === -1) c.w.bulk(head ? l.popHead() : l.popTail());
  else popRangeReply(c, l, count, head);
  elementsRemoved(c, c.db, key, l, head);
}

/** [key, [elements…]]: LMPOP's and BLMPOP's reply. */
function popWithKeyReply(c: Client, db: Database, key: string, l: ListValue, count: number, head: boolean): void {
  c.w.array(2);
  c.w.bulk(key);
  // Replayed as a plain [LR]POP with the count actually popped.
  propagateAsLazy(c, () => [head ? 'LPOP' : 'RPOP', key, String(Math.min(count, l.length))]);
  popRangeReply(c, l, count, head);
  elementsRemoved(c, db, key, l, head);
}

/** [key, element]: BLPOP's and BRPOP's reply. */
function popOneWithKeyReply(c: Client, db: Database, key: string, l: ListValue, head: boolean): void {
  c.w.array(2);
  c.w.bulk(key);
  c.w.bulk(head ? l.popHead() : l.popTail());
  elementsRemoved(c, db, key, l, head);
  propagateAsLazy(c, () => [head ? 'LPOP' : 'RPOP', key]);
}

// ---- reads ----------------------------------------------------------------

function llen(c: Client, argv: string[]): void {
  const l = listForRead(c, argv[1]);
  if (l === null) return;
  c.w.integer(l === undefined ? 0 : l.length);
}

function lindex(c: Client, argv: string[]): void {
  const l = listForRead(c, argv[1]);
  if (l === null) return;
  if (l === undefined) {
    c.w.nil();
    return;
  }
  let i = intArg(c, argv[2]);
  if (i === null) return;
  const len = l.length;
  if (i < 0) i += len;
  if (i < 0 || i >= len) c.w.nil();
  else c.w.bulk(l.at(i));
}

/** Clamps an inclusive [start, end] with negative indexes like Redis: [first index, count]. */
function clampRange(start: number, end: number, len: number): [number, number] {
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) return [0, 0];
  if (end >= len) end = len - 1;
  return [start, end - start + 1];
}

function lrange(c: Client, argv: string[]): void {
  const start = intArg(c, argv[2]);
  if (start === null) return;
  const end = intArg(c, argv[3]);
  if (end === null) return;
  const l = listForRead(c, argv[1]);
  if (l === null) return;
  const w = c.w;
  if (l === undefined) {
    w.array(0);
    return;
  }
  const [from, n] = clampRange(start, end, l.length);
  // Written straight from the ring buffer, no intermediate array.
  w.array(n);
  writeElements(w, l, from, n, 1);
}

function lpos(c: Client, argv: string[]): void {
  const ele = argv[2];
  let rank = 1;
  let count = -1; // -1: no COUNT option
  let maxlen = 0;
  let rankMin = false;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    const more = j < argv.length - 1;
    if (more && is(opt, 'RANK')) {
      const r = intArg(c, argv[++j]);
      if (r === null) return;
      if (r === 0) {
        c.error(E.RANK_ZERO);
        return;
      }
      rank = r;
      // Exactly LONG_MIN (JS numbers cannot tell it from LONG_MIN + 1).
      rankMin = argv[j] === LONG_MIN_TEXT;
    } else if (more && is(opt, 'COUNT')) {
      const n = boundedArg(c, argv[++j], 0, E.COUNT_NEGATIVE);
      if (n === null) return;
      count = n;
    } else if (more && is(opt, 'MAXLEN')) {
      const n = boundedArg(c, argv[++j], 0, E.MAXLEN_NEGATIVE);
      if (n === null) return;
      maxlen = n;
    } else {
      c.error(E.SYNTAX);
      return;
    }
  }
  // Redis negates a negative rank in a C long: LONG_MIN stays negative, so
  // every match qualifies and COUNT never stops the scan.
  const fromTail = rank < 0;
  if (fromTail) rank = rankMin ? 1 : -rank;
  const l = listForRead(c, argv[1]);
  if (l === null) return;
  const w = c.w;
  if (l === undefined) {
    if (count !== -1) w.array(0);
    else w.nil();
    return;
  }
  const len = l.length;
  const limit = maxlen === 0 || maxlen > len ? len : maxlen;
  let matches = 0;
  if (count === -1) {
    for (let k = 0; k < limit; k++) {
      const idx = fromTail ? len - 1 - k : k;
      if (l.equalsAt(idx, ele) && ++matches >= rank) {
        w.integer(idx);
        return;
      }
    }
    w.nil();
    return;
  }
  // The reply length is known only at the end: collect the (few) positions.
  const found: number[] = [];
  for (let k = 0; k < limit; k++) {
    const idx = fromTail ? len - 1 - k : k;
    if (l.equalsAt(idx, ele) && ++matches >= rank) {
      found.push(idx);
      if (count !== 0 && !rankMin && matches - rank + 1 >= count) break;
    }
  }
  w.array(found.length);
  for (let i = 0; i < found.length; i++) w.integer(found[i]);
}

// ---- in-place writes ------------------------------------------------------

function lset(c: Client, argv: string[]): void {
  const key = argv[1];
  const l = listForWrite(c, key);
  if (l === null) return;
  if (l === undefined) {
    c.error(E.NO_SUCH_KEY);
    return;
  }
  let i = intArg(c, argv[2]);
  if (i === null) return;
  const len = l.length;
  if (i < 0) i += len;
  if (i < 0 || i >= len) {
    c.error(E.INDEX_OUT_OF_RANGE);
    return;
  }
  l.setAt(i, argv[3]);
  c.w.ok();
  const ks = c.server.keyspace;
  ks.modified(c.db, key);
  ks.notify('l', 'lset', key, c.db.id);
}

function linsert(c: Client, argv: string[]): void {
  let after: boolean;
  if (is(argv[2], 'AFTER')) after = true;
  else if (is(argv[2], 'BEFORE')) after = false;
  else {
    c.error(E.SYNTAX);
    return;
  }
  const key = argv[1];
  const l = listForWrite(c, key);
  if (l === null) return;
  if (l === undefined) {
    c.w.integer(0);
    return;
  }
  const at = l.indexOf(argv[3]);
  if (at < 0) {
    c.w.integer(-1);
    return;
  }
  l.insertAt(after ? at + 1 : at, argv[4]);
  const ks = c.server.keyspace;
  ks.modified(c.db, key);
  ks.notify('l', 'linsert', key, c.db.id);
  c.w.integer(l.length);
}

function lrem(c: Client, argv: string[]): void {
  const toRemove = intArg(c, argv[2]);
  if (toRemove === null) return;
  const key = argv[1];
  const l = listForWrite(c, key);
  if (l === null) return;
  if (l === undefined) {
    c.w.integer(0);
    return;
  }
  const removed = l.removeEqual(argv[3], toRemove < 0 ? -toRemove : toRemove, toRemove < 0);
  const ks = c.server.keyspace;
  const db = c.db;
  if (removed !== 0) ks.notify('l', 'lrem', key, db.id);
  if (l.length === 0) {
    ks.delete(db, key);
    ks.notify('g', 'del', key, db.id);
  } else if (removed !== 0) {
    ks.modified(db, key);
  }
  c.w.integer(removed);
}

function ltrim(c: Client, argv: string[]): void {
  const start = intArg(c, argv[2]);
  if (start === null) return;
  const end = intArg(c, argv[3]);
  if (end === null) return;
  const key = argv[1];
  const l = listForWrite(c, key);
  if (l === null) return;
  if (l === undefined) {
    c.w.ok();
    return;
  }
  const [from, n] = clampRange(start, end, l.length);
  const before = l.length;
  l.keepRange(from, n);
  const ks = c.server.keyspace;
  const db = c.db;
  ks.notify('l', 'ltrim', key, db.id);
  if (l.length === 0) {
    ks.delete(db, key);
    ks.notify('g', 'del', key, db.id);
  } else if (l.length !== before) {
    ks.modified(db, key);
  } else {
    ks.signalUnchanged(db, key); // nothing trimmed: WATCH still fires, nothing to propagate
  }
  c.w.ok();
}

// ---- moves ----------------------------------------------------------------

/**
 * Pops from the non-empty list `src` at `srcKey` and pushes onto `dstKey`,
 * replying the element; WRONGTYPE (nothing moved) when the destination is
 * not a list. Shared by LMOVE, RPOPLPUSH and a woken BLMOVE.
 */
function moveElement(c: Client, db: Database, srcKey: string, src: ListValue, dstKey: string, fromHead: boolean, toHead: boolean): void {
  const ks = c.server.keyspace;
  const d = ks.lookupWrite(db, dstKey);
  if (d !== undefined && !(d instanceof ListValue)) {
    c.error(E.WRONGTYPE);
    return;
  }
  const value = fromHead ? src.popHead() : src.popTail();
  pushForMove(c, db, dstKey, d, value, toHead);
  elementsRemoved(c, db, srcKey, src, fromHead);
}

function lmoveGeneric(c: Client, src: string, dst: string, fromHead: boolean, toHead: boolean): void {
  const l = listForWrite(c, src);
  if (l === null) return;
  if (l === undefined) {
    c.w.nil();
    return;
  }
  moveElement(c, c.db, src, l, dst, fromHead, toHead);
}

function lmove(c: Client, argv: string[]): void {
  const from = whereArg(c, argv[3]);
  if (from === null) return;
  const to = whereArg(c, argv[4]);
  if (to === null) return;
  lmoveGeneric(c, argv[1], argv[2], from, to);
}

function rpoplpush(c: Client, argv: string[]): void {
  lmoveGeneric(c, argv[1], argv[2], false, true);
}

// ---- multi-key pops ------------------------------------------------------

interface MpopArgs {
  keys: string[];
  head: boolean;
  count: number;
}

/** numkeys key… LEFT|RIGHT [COUNT n], starting at argv[at]. */
function parseMpop(c: Client, argv: string[], at: number): MpopArgs | null {
  const numkeys = boundedArg(c, argv[at], 1, E.NUMKEYS_POSITIVE);
  if (numkeys === null) return null;
  const whereIdx = at + numkeys + 1;
  if (whereIdx >= argv.length) {
    c.error(E.SYNTAX);
    return null;
  }
  const head = whereArg(c, argv[whereIdx]);
  if (head === null) return null;
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && j < argv.length - 1 && is(argv[j], 'COUNT')) {
      const n = boundedArg(c, argv[++j], 1, E.COUNT_POSITIVE);
      if (n === null) return null;
      count = n;
    } else {
      c.error(E.SYNTAX);
      return null;
    }
  }
  return { keys: argv.slice(at + 1, whereIdx), head, count: count === -1 ? 1 : count };
}

/** Pops from the first non-empty list among `keys`: true when it replied (elements or WRONGTYPE). */
function mpopNow(c: Client, a: MpopArgs): boolean {
  for (const key of a.keys) {
    const l = listForWrite(c, key);
    if (l === null) return true;
    if (l === undefined) continue;
    popWithKeyReply(c, c.db, key, l, a.count, a.head);
    return true;
  }
  return false;
}

function lmpop(c: Client, argv: string[]): void {
  const a = parseMpop(c, argv, 1);
  if (a === null) return;
  if (!mpopNow(c, a)) c.w.nilArray();
}

// ---- blocking forms ------------------------------------------------------

/** Blocks on `keys`, or replies the "timed out" nil at once when blocking is not allowed. */
function blockOrNil(c: Client, keys: string[], deadline: number, serve: (key: string, l: ListValue) => void): void {
  const blocking = c.server.blocking;
  if (!blocking.canBlock(c)) {
    c.w.nilArray();
    return;
  }
  const db = c.db;
  blocking.block(c, keys, 'list', deadline, (key) => {
    serve(key, c.server.keyspace.lookupWrite(db, key) as ListValue);
    return true;
  }, () => c.w.nilArray());
}

function bpopGeneric(c: Client, argv: string[], head: boolean): void {
  const deadline = timeoutArg(c, argv[argv.length - 1]);
  if (deadline === null) return;
  const keys = argv.slice(1, argv.length - 1);
  for (const key of keys) {
    const l = listForWrite(c, key);
    if (l === null) return;
    if (l !== undefined) {
      popOneWithKeyReply(c, c.db, key, l, head);
      return;
    }
  }
  const db = c.db;
  blockOrNil(c, keys, deadline, (key, l) => popOneWithKeyReply(c, db, key, l, head));
}

/** BLMOVE and BRPOPLPUSH (`argv` tells which) replay as LMOVE and RPOPLPUSH. */
function blmoveGeneric(c: Client, argv: string[], src: string, dst: string, fromHead: boolean, toHead: boolean, deadline: number): void {
  const rpoplpush = argv.length === 4;
  const l = listForWrite(c, src);
  if (l === null) return;
  if (l !== undefined) {
    moveElement(c, c.db, src, l, dst, fromHead, toHead);
    propagateAsLazy(c, () => (rpoplpush ? ['RPOPLPUSH', src, dst] : ['LMOVE', src, dst, argv[3], argv[4]]));
    return;
  }
  if (!c.server.blocking.canBlock(c)) {
    c.w.nil(); // BLMOVE inside MULTI answers like LMOVE on an empty list
    return;
  }
  const db = c.db;
  blockOrNil(c, [src], deadline, (key, sl) => {
    moveElement(c, db, key, sl, dst, fromHead, toHead);
    // Served later, the directions are spelled as Redis's shared "left"/"right".
    propagateAsLazy(c, () => (rpoplpush ? ['RPOPLPUSH', key, dst] : ['LMOVE', key, dst, fromHead ? 'left' : 'right', toHead ? 'left' : 'right']));
  });
}

function blmove(c: Client, argv: string[]): void {
  const from = whereArg(c, argv[3]);
  if (from === null) return;
  const to = whereArg(c, argv[4]);
  if (to === null) return;
  const deadline = timeoutArg(c, argv[5]);
  if (deadline === null) return;
  blmoveGeneric(c, argv, argv[1], argv[2], from, to, deadline);
}

function brpoplpush(c: Client, argv: string[]): void {
  const deadline = timeoutArg(c, argv[3]);
  if (deadline === null) return;
  blmoveGeneric(c, argv, argv[1], argv[2], false, true, deadline);
}

function blmpop(c: Client, argv: string[]): void {
  const a = parseMpop(c, argv, 2);
  if (a === null) return;
  const deadline = timeoutArg(c, argv[1]);
  if (deadline === null) return;
  if (mpopNow(c, a)) return;
  const db = c.db;
  blockOrNil(c, a.keys, deadline, (key, l) => popWithKeyReply(c, db, key, l, a.count, a.head));
}

export const listCommands: CommandDef[] = [
  command('lpush', (c, argv) => pushGeneric(c, argv, true, false)),
  command('rpush', (c, argv) => pushGeneric(c, argv, false, false)),
  command('lpushx', (c, argv) => pushGeneric(c, argv, true, true)),
  command('rpushx', (c, argv) => pushGeneric(c, argv, false, true)),
  command('lpop', (c, argv) => popGeneric(c, argv, true)),
  command('rpop', (c, argv) => popGeneric(c, argv, false)),
  command('llen', llen),
  command('lindex', lindex),
  command('lrange', lrange),
  command('lpos', lpos),
  command('lset', lset),
  command('linsert', linsert),
  command('lrem', lrem),
  command('ltrim', ltrim),
  command('lmove', lmove),
  command('rpoplpush', rpoplpush),
  command('lmpop', lmpop),
  command('blpop', (c, argv) => bpopGeneric(c, argv, true)),
  command('brpop', (c, argv) => bpopGeneric(c, argv, false)),
  command('blmove', blmove),
  command('brpoplpush', brpoplpush),
  command('blmpop', blmpop),
];
