/**
 * Stream consumer groups: XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM,
 * XAUTOCLAIM, XINFO GROUPS / CONSUMERS (Redis 7.0's t_stream.c semantics;
 * the data structures are in keyspace/stream-groups.ts).
 *
 * Like Redis 7.0, none of these commands signals the key as modified
 * (WATCH is not touched), except XGROUP CREATE MKSTREAM creating the key.
 */
import { alsoPropagate, dontPropagate } from './propagate.js';
import type { Client } from '../server/client.js';
import { command, type CommandDef } from '../catalog/spec.js';
import { isOpt, cstr } from './args.js';
import { replyHelp, subcommandSyntaxError } from './help.js';
import { parseI64 } from '../protocol/ints.js';
import { Stream, type StreamID, type U64, parseStreamID, formatID, formatParts, incrID, compareID, U64_MAX } from '../keyspace/stream.js';
import {
  type CGroup, type Consumer, type Nack, type SkipNode,
  INVALID_ENTRIES_READ, nextCount, lookupGroup, createGroup, sortedGroupNames, groupLag, advanceGroup,
} from '../keyspace/stream-groups.js';
import { streamForRead, streamForWrite, replyEntry, rangeStartArg, rangeEndArg, idArg, parseXReadOptions } from './streams.js';
import * as E from '../errors.js';

/** XREAD's default COUNT when it blocks without one. */
const BLOCKED_DEFAULT_COUNT = 1000;
const MAX_SENTINEL: StreamID = { ms: U64_MAX, seq: U64_MAX };

function notify(c: Client, event: string, key: string): void {
  c.server.keyspace.notify('t', event, key, c.db.id);
}

const streamRead = streamForRead;
const streamWrite = streamForWrite;

/** A strict ID (no "-"/"+"), or null after the error reply. */
function strictId(c: Client, arg: string): StreamID | null {
  return idArg(c, arg, 0, true);
}

/** An ID where "-" and "+" are allowed, or null after the error reply. */
function looseId(c: Client, arg: string): StreamID | null {
  return idArg(c, arg, 0, false);
}

/** getLongLongFromObjectOrReply with an optional custom message. */
function llArg(c: Client, s: string, msg?: string): number | bigint | null {
  const n = parseI64(s);
  if (n === null) c.error(msg === undefined ? E.NOT_INTEGER : E.errPrefix(msg));
  return n;
}

function toNum(n: number | bigint): number {
  return typeof n === 'bigint' ? Number(n) : n;
}

// Redis formats these with %s (names end at a NUL byte) and turns CR/LF into spaces.
function noGroupFor(key: string, group: string): string {
  return E.noGroup(cstr(key), cstr(group));
}

function noKeyOrGroup(key: string, group: string): string {
  return E.noKeyOrGroup(cstr(key), cstr(group));
}

/** streamCreateConsumer with its event. */
function createConsumer(c: Client, g: CGroup, name: string, key: string, dbid: number): Consumer | null {
  const cons = g.createConsumer(name);
  if (cons !== null) {
    c.server.keyspace.notify('t', 'xgroup-createconsumer', key, dbid);
    c.server.keyspace.dirty++;
  }
  return cons;
}

function lookupOrCreateConsumer(c: Client, g: CGroup, name: string, key: string, dbid: number): Consumer {
  return g.lookupConsumer(name) ?? createConsumer(c, g, name, key, dbid)!;
}

// ---- propagation (streamPropagateXCLAIM & co) --------------------------------
// Group state changes replay as idempotent commands: a delivery or a claim as
// XCLAIM … FORCE JUSTID LASTID, a NOACK read as XGROUP SETID, and a consumer a
// NOACK read created as XGROUP CREATECONSUMER. The reading command itself is
// not propagated.

function propagateClaim(c: Client, key: string, groupName: string, g: CGroup, idArg: string, nack: Nack): void {
  if (!c.server.propagation.active) return;
  alsoPropagate(c, ['XCLAIM', key, groupName, nack.consumer!.name, '0', idArg, 'TIME', String(nack.deliveryTime),
    'RETRYCOUNT', String(nack.deliveryCount), 'FORCE', 'JUSTID', 'LASTID', formatID(g.lastId)]);
}

function propagateGroupId(c: Client, key: string, groupName: string, g: CGroup): void {
  if (!c.server.propagation.active) return;
  alsoPropagate(c, ['XGROUP', 'SETID', key, groupName, formatID(g.lastId), 'ENTRIESREAD', String(g.entriesRead)]);
}

/** XREADGROUP's consumer lookup: one a NOACK read creates is propagated, since no XCLAIM will create it. */
function readerConsumer(c: Client, g: CGroup, name: string, key: string, groupName: string, noack: boolean, dbid: number): Consumer {
  const found = g.lookupConsumer(name);
  if (found !== undefined) return found;
  const cons = createConsumer(c, g, name, key, dbid)!;
  if (noack) alsoPropagate(c, ['XGROUP', 'CREATECONSUMER', key, groupName, cons.name]);
  return cons;
}

// ---- XGROUP ----------------------------------------------------------------

const XGROUP_HELP = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

/** ENTRIESREAD's value: >= 0 or -1. */
function entriesReadArg(c: Client, s: string): number | bigint | null {
  const n = llArg(c, s);
  if (n === null) return null;
  if (n < 0 && n !== -1) {
    c.error(E.ENTRIESREAD_RANGE);
    return null;
  }
  return n; // int64, exact: it is compared with entries-added for the lag
}

/**
 * The part of xgroupCommand common to every subcommand but HELP: option
 * parsing, then the key (and for most subcommands the group) must exist.
 */
function xgroupCommon(c: Client, argv: string[], sub: string): { s: Stream | undefined; g: CGroup | undefined; mkstream: boolean; entriesRead: number | bigint } | null {
  let mkstream = false;
  let entriesRead: number | bigint = INVALID_ENTRIES_READ;
  if (sub === 'CREATE') {
    for (let i = 5; i < argv.length; ) {
      if (isOpt(argv[i], 'MKSTREAM')) {
        mkstream = true;
        i++;
      } else if (isOpt(argv[i], 'ENTRIESREAD') && i + 1 < argv.length) {
        const n = entriesReadArg(c, argv[i + 1]);
        if (n === null) return null;
        entriesRead = n;
        i += 2;
      } else {
        subcommandSyntaxError(c, argv[0], argv[1]);
        return null;
      }
    }
  } else if (sub === 'SETID') {
    if (argv.length === 7) {
      if (!isOpt(argv[5], 'ENTRIESREAD')) {
        subcommandSyntaxError(c, argv[0], argv[1]);
        return null;
      }
      const n = entriesReadArg(c, argv[6]);
      if (n === null) return null;
      entriesRead = n;
    } else if (argv.length > 5) {
      subcommandSyntaxError(c, argv[0], argv[1]);
      return null;
    }
  }
  const s = streamWrite(c, argv[2]);
  if (s === null) return null;
  const name = argv[3];
  let g: CGroup | undefined;
  if (s !== undefined) g = lookupGroup(s, name);
  if (!mkstream) {
    if (s === undefined) {
      c.error(E.XGROUP_KEY_REQUIRED);
      return null;
    }
    if (g === undefined && (sub === 'SETID' || sub === 'CREATECONSUMER' || sub === 'DELCONSUMER')) {
      c.error(noGroupFor(argv[2], name));
      return null;
    }
  }
  return { s, g, mkstream, entriesRead };
}

function xgroupCreate(c: Client, argv: string[]): void {
  const st = xgroupCommon(c, argv, 'CREATE');
  if (st === null) return;
  if (argv.length > 8) {
    subcommandSyntaxError(c, argv[0], argv[1]);
    return;
  }
  const key = argv[2];
  let id: StreamID;
  if (cstr(argv[4]) === '$') id = st.s !== undefined ? st.s.lastId : { ms: 0, seq: 0 };
  else {
    const p = strictId(c, argv[4]);
    if (p === null) return;
    id = p;
  }
  let s = st.s;
  if (s === undefined) {
    s = new Stream();
    c.server.keyspace.set(c.db, key, s);
  }
  if (createGroup(s, argv[3], id, st.entriesRead) === null) {
    c.error(E.BUSYGROUP);
    return;
  }
  c.w.ok();
  notify(c, 'xgroup-create', key);
  c.server.keyspace.dirty++;
}

function xgroupSetid(c: Client, argv: string[]): void {
  const st = xgroupCommon(c, argv, 'SETID');
  if (st === null) return;
  if (argv.length !== 5 && argv.length !== 7) {
    subcommandSyntaxError(c, argv[0], argv[1]);
    return;
  }
  const s = st.s!;
  const g = st.g!;
  let id: StreamID;
  if (cstr(argv[4]) === '$') id = s.lastId;
  else {
    const p = looseId(c, argv[4]);
    if (p === null) return;
    id = p;
  }
  g.lastId = { ms: id.ms, seq: id.seq };
  g.entriesRead = st.entriesRead;
  c.w.ok();
  notify(c, 'xgroup-setid', argv[2]);
  c.server.keyspace.dirty++;
}

function xgroupDestroy(c: Client, argv: string[]): void {
  const st = xgroupCommon(c, argv, 'DESTROY');
  if (st === null) return;
  if (st.g === undefined) {
    c.w.integer(0);
    return;
  }
  st.s!.groups!.delete(argv[3]);
  c.server.keyspace.dirty++;
  c.w.integer(1);
  notify(c, 'xgroup-destroy', argv[2]);
  // Clients blocked in XREADGROUP on this group get -NOGROUP (signalKeyAsReady, not a modification).
  c.server.blocking.signalKey(c.db, argv[2]);
}

function xgroupCreateConsumer(c: Client, argv: string[]): void {
  const st = xgroupCommon(c, argv, 'CREATECONSUMER');
  if (st === null) return;
  c.w.integer(createConsumer(c, st.g!, argv[4], argv[2], c.db.id) !== null ? 1 : 0);
}

function xgroupDelConsumer(c: Client, argv: string[]): void {
  const st = xgroupCommon(c, argv, 'DELCONSUMER');
  if (st === null) return;
  const g = st.g!;
  const cons = g.lookupConsumer(argv[4], true);
  if (cons === undefined) {
    c.w.integer(0);
    return;
  }
  const pending = cons.pel.size;
  g.deleteConsumer(cons);
  c.server.keyspace.dirty++;
  c.w.integer(pending);
  notify(c, 'xgroup-delconsumer', argv[2]);
}

// ---- delivery --------------------------------------------------------------

/**
 * streamReplyWithRange for a group reading new entries (">"): replies the
 * entries after `after`, moves the group's last-delivered ID and (unless
 * NOACK) records them as pending for `cons`.
 */
function deliverNew(c: Client, s: Stream, key: string, groupName: string, after: StreamID, count: number, g: CGroup, cons: Consumer, noack: boolean): () => void {
  const start = incrID(after);
  const ids: [U64, U64, string[]][] = [];
  if (start !== null) {
    s.range(start, MAX_SENTINEL, false, count, (ms, seq, fv) => {
      ids.push([ms, seq, fv]);
    });
  }
  const now = Date.now();
  let advanced = false;
  for (const [ms, seq] of ids) {
    if (compareID({ ms, seq }, g.lastId) > 0) {
      advanceGroup(s, g, ms, seq);
      advanced = true;
    }
    if (!noack) {
      g.deliver({ ms, seq }, cons, now);
      propagateClaim(c, key, groupName, g, formatParts(ms, seq), g.pel.get({ ms, seq })!);
    }
  }
  // Without pending entries to carry LASTID, the group's new position replays on its own.
  if (noack && advanced) propagateGroupId(c, key, groupName, g);
  return () => {
    c.w.array(ids.length);
    for (const [ms, seq, fv] of ids) replyEntry(c.w, ms, seq, fv);
  };
}

/**
 * streamReplyWithRangeFromConsumerPEL: the consumer's own pending entries
 * after `after`; deleted entries come back as [id, nil]. Like deliverNew,
 * updates the state now and returns the reply writer.
 */
function deliverHistory(c: Client, s: Stream, after: StreamID, count: number, cons: Consumer): () => void {
  const start = incrID(after) ?? { ms: 0, seq: 0 };
  const rows: [StreamID, string[] | null][] = [];
  const now = Date.now();
  for (let n = cons.pel.seek(start); n !== null && (count === 0 || rows.length < count); n = n.next[0]) {
    const fv = s.get(n.key);
    rows.push([n.key, fv]);
    if (fv !== null) {
      n.value.deliveryTime = now;
      n.value.deliveryCount = nextCount(n.value.deliveryCount);
    }
  }
  return () => {
    const w = c.w;
    w.array(rows.length);
    for (const [id, fv] of rows) {
      if (fv !== null) replyEntry(c.w, id.ms, id.seq, fv);
      else {
        w.array(2);
        w.bulk(formatID(id));
        w.nilArray();
      }
    }
  };
}

// ---- XREADGROUP ------------------------------------------------------------

function xreadgroup(c: Client, argv: string[]): void {
  dontPropagate(c);
  const opts = parseXReadOptions(c, argv, true);
  if (opts === null) return;
  const { count, streamsArg, nStreams, noack, group, consumer: consumerName } = opts;
  if (group === null) {
    c.error(E.XREADGROUP_NO_GROUP_OPTION);
    return;
  }
  /** Absolute deadline: -1 without BLOCK, 0 = forever. */
  const deadline = opts.block <= 0 ? opts.block : Date.now() + opts.block;
  const keys = argv.slice(streamsArg, streamsArg + nStreams);
  const ids: StreamID[] = new Array(nStreams);
  const groups: CGroup[] = new Array(nStreams);
  for (let i = 0; i < nStreams; i++) {
    const key = keys[i];
    const s = streamRead(c, key);
    if (s === null) return;
    const g = s === undefined ? undefined : lookupGroup(s, group);
    if (g === undefined) {
      c.error(E.noKeyOrGroupXreadgroup(cstr(key), cstr(group)));
      return;
    }
    groups[i] = g;
    const arg = cstr(argv[streamsArg + nStreams + i]);
    if (arg === '$') {
      c.error(E.XREADGROUP_DOLLAR);
      return;
    }
    if (arg === '>') {
      ids[i] = MAX_SENTINEL;
      continue;
    }
    const id = strictId(c, arg);
    if (id === null) return;
    ids[i] = id;
  }

  // Serve synchronously what can be served.
  const served: (() => void)[] = [];
  for (let i = 0; i < nStreams; i++) {
    const key = keys[i];
    const s = streamRead(c, key) as Stream;
    const g = groups[i];
    const gt = ids[i];
    const isNew = gt.ms === U64_MAX && gt.seq === U64_MAX;
    let serve = false;
    let after = gt;
    if (!isNew) serve = true;
    else if (s.length !== 0) {
      const maxid = lastValidId(s);
      if (compareID(maxid, g.lastId) > 0) {
        serve = true;
        after = g.lastId;
      }
    }
    if (serve) {
      const cons = readerConsumer(c, g, consumerName, key, group, noack, c.db.id);
      // Deliver now (a key named twice sees the first delivery), reply once the count is known.
      const write = isNew ? deliverNew(c, s, key, group, after, count, g, cons, noack) : deliverHistory(c, s, after, count, cons);
      served.push(() => {
        if (c.resp === 2) c.w.array(2);
        c.w.bulk(key);
        write();
      });
    }
  }
  if (served.length !== 0) {
    if (c.resp === 2) c.w.array(served.length);
    else c.w.map(served.length);
    for (const f of served) f();
    return;
  }
  if (deadline === -1 || !c.server.blocking.canBlock(c)) {
    c.w.nilArray();
    return;
  }
  const db = c.db;
  const ks = c.server.keyspace;
  const blockCount = count !== 0 ? count : BLOCKED_DEFAULT_COUNT;
  const groupName = group;
  c.server.blocking.block(c, keys, 'stream', deadline, (key) => {
    const v = ks.lookupWrite(db, key);
    if (!(v instanceof Stream)) {
      c.error(E.XREADGROUP_KEY_GONE);
      return true;
    }
    const g = lookupGroup(v, groupName);
    if (g === undefined) {
      c.error(E.XREADGROUP_GROUP_GONE);
      return true;
    }
    if (compareID(v.lastId, g.lastId) <= 0) return false;
    const cons = readerConsumer(c, g, consumerName, key, groupName, noack, db.id);
    if (c.resp === 2) {
      c.w.array(1);
      c.w.array(2);
    } else c.w.map(1);
    c.w.bulk(key);
    deliverNew(c, v, key, groupName, g.lastId, blockCount, g, cons, noack)();
    return true;
  }, () => c.w.nilArray());
  // Unlike XREAD, XREADGROUP ends with an error when its stream goes away.
  c.blocked!.servesGone = true;
}

/** streamLastValidID: the last live entry, or the stream's last ID when empty. */
function lastValidId(s: Stream): StreamID {
  return s.edge(true) ?? s.lastId;
}

// ---- XACK ------------------------------------------------------------------

function xack(c: Client, argv: string[]): void {
  const s = streamRead(c, argv[1]);
  if (s === null) return;
  const g = s === undefined ? undefined : lookupGroup(s, argv[2]);
  if (g === undefined) {
    c.w.integer(0);
    return;
  }
  const ids: StreamID[] = [];
  for (let j = 3; j < argv.length; j++) {
    const id = strictId(c, argv[j]);
    if (id === null) return;
    ids.push(id);
  }
  let acked = 0;
  for (const id of ids) if (g.ack(id)) acked++;
  c.server.keyspace.dirty += acked;
  c.w.integer(acked);
}

// ---- XPENDING --------------------------------------------------------------

function xpending(c: Client, argv: string[]): void {
  const argc = argv.length;
  const justInfo = argc === 3;
  if (argc !== 3 && (argc < 6 || argc > 9)) {
    c.error(E.SYNTAX);
    return;
  }
  let start: StreamID = { ms: 0, seq: 0 };
  let end: StreamID = MAX_SENTINEL;
  let count = 0;
  let minIdle = 0;
  let consumerName: string | null = null;
  if (argc >= 6) {
    let si = 3;
    if (isOpt(argv[3], 'IDLE')) {
      const n = llArg(c, argv[4]);
      if (n === null) return;
      minIdle = toNum(n);
      if (argc < 8) {
        c.error(E.SYNTAX);
        return;
      }
      si += 2;
    }
    const n = llArg(c, argv[si + 2]);
    if (n === null) return;
    count = n < 0 ? 0 : toNum(n);
    const a = rangeStartArg(c, argv[si]);
    if (a === null) return;
    start = a;
    const b = rangeEndArg(c, argv[si + 1]);
    if (b === null) return;
    end = b;
    if (si + 3 < argc) consumerName = argv[si + 3];
  }
  const s = streamRead(c, argv[1]);
  if (s === null) return;
  const g = s === undefined ? undefined : lookupGroup(s, argv[2]);
  if (g === undefined) {
    c.error(noKeyOrGroup(argv[1], argv[2]));
    return;
  }
  const w = c.w;
  if (justInfo) {
    w.array(4);
    w.integer(g.pel.size);
    if (g.pel.size === 0) {
      w.nil();
      w.nil();
      w.nilArray();
      return;
    }
    w.bulk(formatID(g.pel.first()!.key));
    w.bulk(formatID(g.pel.last()!.key));
    const rows: Consumer[] = [];
    for (let n = g.consumers.first(); n !== null; n = n.next[0]) if (n.value.pel.size !== 0) rows.push(n.value);
    w.array(rows.length);
    for (const cons of rows) {
      w.array(2);
      w.bulk(cons.name);
      w.bulk(String(cons.pel.size));
    }
    return;
  }
  let pel = g.pel;
  if (consumerName !== null) {
    const cons = g.lookupConsumer(consumerName, true);
    if (cons === undefined) {
      w.array(0);
      return;
    }
    pel = cons.pel;
  }
  const now = Date.now();
  const rows: SkipNode<StreamID, Nack>[] = [];
  for (let n = pel.seek(start); count !== 0 && n !== null && compareID(n.key, end) <= 0; n = n.next[0]) {
    if (minIdle !== 0 && now - n.value.deliveryTime < minIdle) continue;
    rows.push(n);
    count--;
  }
  w.array(rows.length);
  for (const n of rows) {
    const elapsed = now - n.value.deliveryTime;
    w.array(4);
    w.bulk(formatID(n.key));
    w.bulk(n.value.consumer!.name);
    w.integer(elapsed < 0 ? 0 : elapsed);
    w.integer(n.value.deliveryCount);
  }
}

// ---- XCLAIM / XAUTOCLAIM ---------------------------------------------------

/** Moves a pending entry to `cons` (no-op when it already owns it). */
function reassign(nack: Nack, id: StreamID, cons: Consumer): void {
  if (nack.consumer === cons) return;
  nack.consumer?.pel.delete(id);
  cons.pel.insert(id, nack);
  nack.consumer = cons;
}

function xclaim(c: Client, argv: string[]): void {
  const key = argv[1];
  const s = streamRead(c, key);
  if (s === null) return;
  const g = s === undefined ? undefined : lookupGroup(s, argv[2]);
  if (s === undefined || g === undefined) {
    c.error(noKeyOrGroup(key, argv[2]));
    return;
  }
  const mi = llArg(c, argv[4], 'Invalid min-idle-time argument for XCLAIM');
  if (mi === null) return;
  const minIdle = mi < 0 ? 0 : toNum(mi);
  const ids: StreamID[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const p = parseStreamID(argv[j], 0, true);
    if (p === null) break;
    ids.push(p.id);
  }
  dontPropagate(c); // replayed as one XCLAIM … FORCE JUSTID per entry it changed
  const now = Date.now();
  let deliveryTime: number | bigint = -1;
  let retryCount: number | bigint = -1;
  let force = false;
  let justId = false;
  let lastId: StreamID = { ms: 0, seq: 0 };
  for (; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j];
    if (isOpt(opt, 'FORCE')) force = true;
    else if (isOpt(opt, 'JUSTID')) justId = true;
    else if (isOpt(opt, 'IDLE') && more > 0) {
      const n = llArg(c, argv[++j], 'Invalid IDLE option argument for XCLAIM');
      if (n === null) return;
      deliveryTime = typeof n === 'bigint' ? BigInt.asIntN(64, BigInt(now) - n) : now - n;
    } else if (isOpt(opt, 'TIME') && more > 0) {
      const n = llArg(c, argv[++j], 'Invalid TIME option argument for XCLAIM');
      if (n === null) return;
      deliveryTime = n;
    } else if (isOpt(opt, 'RETRYCOUNT') && more > 0) {
      const n = llArg(c, argv[++j], 'Invalid RETRYCOUNT option argument for XCLAIM');
      if (n === null) return;
      retryCount = n;
    } else if (isOpt(opt, 'LASTID') && more > 0) {
      const id = strictId(c, argv[++j]);
      if (id === null) return;
      lastId = id;
    } else {
      c.error(E.xclaimOption(cstr(opt)));
      return;
    }
  }
  let propagateLastId = false;
  if (compareID(lastId, g.lastId) > 0) {
    g.lastId = lastId;
    propagateLastId = true;
  }
  let when: number;
  if (deliveryTime === -1) when = now;
  else when = deliveryTime < 0 || deliveryTime > now ? now : toNum(deliveryTime);

  let cons: Consumer | undefined;
  let replied = 0;
  const out: (() => void)[] = [];
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    let nack = g.pel.get(id);
    const fv = s.get(id);
    if (fv === null) {
      // The entry is gone: its pending entry goes too.
      if (nack !== undefined) {
        propagateClaim(c, key, argv[2], g, argv[5 + k], nack);
        propagateLastId = false;
        c.server.keyspace.dirty++;
        g.ack(id);
      }
      continue;
    }
    if (force && nack === undefined) {
      nack = { deliveryTime: now, deliveryCount: 1, consumer: null };
      g.pel.insert({ ms: id.ms, seq: id.seq }, nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer !== null && minIdle !== 0 && now - nack.deliveryTime < minIdle) continue;
    if (cons === undefined) cons = lookupOrCreateConsumer(c, g, argv[3], key, c.db.id);
    const owner = nack.consumer;
    if (owner !== cons && owner !== null) owner.pel.delete(id);
    nack.deliveryTime = when;
    if (retryCount >= 0) nack.deliveryCount = retryCount;
    else if (!justId) nack.deliveryCount = nextCount(nack.deliveryCount);
    if (owner !== cons) {
      cons.pel.insert({ ms: id.ms, seq: id.seq }, nack);
      nack.consumer = cons;
    }
    replied++;
    if (justId) out.push(() => c.w.bulk(formatID(id)));
    else out.push(() => replyEntry(c.w, id.ms, id.seq, fv));
    propagateClaim(c, key, argv[2], g, argv[5 + k], nack);
    propagateLastId = false;
    c.server.keyspace.dirty++;
  }
  if (propagateLastId) {
    propagateGroupId(c, key, argv[2], g);
    c.server.keyspace.dirty++;
  }
  c.w.array(replied);
  for (const f of out) f();
}

const AUTOCLAIM_MAX_COUNT = 576460752303423487n; // LONG_MAX / 16

function xautoclaim(c: Client, argv: string[]): void {
  const key = argv[1];
  const mi = llArg(c, argv[4], 'Invalid min-idle-time argument for XAUTOCLAIM');
  if (mi === null) return;
  const minIdle = mi < 0 ? 0 : toNum(mi);
  const start = rangeStartArg(c, argv[5]);
  if (start === null) return;
  let count = 100;
  let justId = false;
  for (let j = 6; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (isOpt(argv[j], 'COUNT') && more > 0) {
      const n = parseI64(argv[j + 1]);
      if (n === null || n < 1 || n > AUTOCLAIM_MAX_COUNT) {
        c.error(E.XAUTOCLAIM_COUNT);
        return;
      }
      count = toNum(n);
      j++;
    } else if (isOpt(argv[j], 'JUSTID')) justId = true;
    else {
      c.error(E.SYNTAX);
      return;
    }
  }
  const s = streamRead(c, key);
  if (s === null) return;
  const g = s === undefined ? undefined : lookupGroup(s, argv[2]);
  if (s === undefined || g === undefined) {
    c.error(noKeyOrGroup(key, argv[2]));
    return;
  }
  dontPropagate(c);
  let attempts = count * 10;
  const now = Date.now();
  let cons: Consumer | undefined;
  const deleted: StreamID[] = [];
  const out: (() => void)[] = [];
  let n = g.pel.seek(start);
  while (attempts-- !== 0 && count !== 0 && n !== null) {
    const id = n.key;
    const nack = n.value;
    const next = n.next[0];
    const fv = s.get(id);
    if (fv === null) {
      propagateClaim(c, key, argv[2], g, formatID(id), nack);
      c.server.keyspace.dirty++;
      g.ack(id);
      deleted.push(id);
      count--;
      n = next;
      continue;
    }
    if (minIdle !== 0 && now - nack.deliveryTime < minIdle) {
      n = next;
      continue;
    }
    if (cons === undefined) cons = lookupOrCreateConsumer(c, g, argv[3], key, c.db.id);
    reassign(nack, id, cons);
    nack.deliveryTime = now;
    if (!justId) nack.deliveryCount = nextCount(nack.deliveryCount);
    if (justId) out.push(() => c.w.bulk(formatID(id)));
    else out.push(() => replyEntry(c.w, id.ms, id.seq, fv));
    propagateClaim(c, key, argv[2], g, formatID(id), nack);
    c.server.keyspace.dirty++;
    count--;
    n = next;
  }
  // The cursor: the next pending entry, or 0-0 at the end.
  const w = c.w;
  w.array(3);
  w.bulk(n === null ? '0-0' : formatID(n.key));
  w.array(out.length);
  for (const f of out) f();
  w.array(deleted.length);
  for (const id of deleted) w.bulk(formatID(id));
}

// ---- XINFO GROUPS / CONSUMERS ----------------------------------------------

function xinfoStream(c: Client, key: string): Stream | null {
  const v = c.server.keyspace.lookupRead(c.db, key);
  if (v === undefined) {
    c.error(E.NO_SUCH_KEY);
    return null;
  }
  if (!(v instanceof Stream)) {
    c.error(E.WRONGTYPE);
    return null;
  }
  return v;
}

function replyLag(c: Client, s: Stream, g: CGroup): void {
  const lag = groupLag(s, g);
  if (lag === null) c.w.nil();
  else c.w.integer(lag);
}

function replyEntriesRead(c: Client, g: CGroup): void {
  if (g.entriesRead === INVALID_ENTRIES_READ) c.w.nil();
  else c.w.integer(g.entriesRead);
}

function xinfoGroups(c: Client, argv: string[]): void {
  const s = xinfoStream(c, argv[2]);
  if (s === null) return;
  const names = sortedGroupNames(s);
  const w = c.w;
  w.array(names.length);
  for (const name of names) {
    const g = lookupGroup(s, name)!;
    w.map(6);
    w.bulk('name');
    w.bulk(name);
    w.bulk('consumers');
    w.integer(g.consumers.size);
    w.bulk('pending');
    w.integer(g.pel.size);
    w.bulk('last-delivered-id');
    w.bulk(formatID(g.lastId));
    w.bulk('entries-read');
    replyEntriesRead(c, g);
    w.bulk('lag');
    replyLag(c, s, g);
  }
}

function xinfoConsumers(c: Client, argv: string[]): void {
  const s = xinfoStream(c, argv[2]);
  if (s === null) return;
  const g = lookupGroup(s, argv[3]);
  if (g === undefined) {
    c.error(noGroupFor(argv[2], argv[3]));
    return;
  }
  const w = c.w;
  const now = Date.now();
  w.array(g.consumers.size);
  for (let n = g.consumers.first(); n !== null; n = n.next[0]) {
    const cons = n.value;
    const idle = now - cons.seenTime;
    w.map(3);
    w.bulk('name');
    w.bulk(cons.name);
    w.bulk('pending');
    w.integer(cons.pel.size);
    w.bulk('idle');
    w.integer(idle < 0 ? 0 : idle);
  }
}

/**
 * The "groups" part of XINFO STREAM FULL (stream-info.ts): the
 * array of groups with their PELs and consumers, `count` entries of each
 * PEL at most (0 = all).
 */
export function replyStreamFullGroups(c: Client, s: Stream, count: number): void {
  const w = c.w;
  const names = sortedGroupNames(s);
  w.array(names.length);
  for (const name of names) {
    const g = lookupGroup(s, name)!;
    w.map(7);
    w.bulk('name');
    w.bulk(name);
    w.bulk('last-delivered-id');
    w.bulk(formatID(g.lastId));
    w.bulk('entries-read');
    replyEntriesRead(c, g);
    w.bulk('lag');
    replyLag(c, s, g);
    w.bulk('pel-count');
    w.integer(g.pel.size);
    w.bulk('pending');
    const pending = take(g.pel.first(), count);
    w.array(pending.length);
    for (const n of pending) {
      w.array(4);
      w.bulk(formatID(n.key));
      w.bulk(n.value.consumer!.name);
      w.integer(n.value.deliveryTime);
      w.integer(n.value.deliveryCount);
    }
    w.bulk('consumers');
    w.array(g.consumers.size);
    for (let cn = g.consumers.first(); cn !== null; cn = cn.next[0]) {
      const cons = cn.value;
      w.map(4);
      w.bulk('name');
      w.bulk(cons.name);
      w.bulk('seen-time');
      w.integer(cons.seenTime);
      w.bulk('pel-count');
      w.integer(cons.pel.size);
      w.bulk('pending');
      const mine = take(cons.pel.first(), count);
      w.array(mine.length);
      for (const n of mine) {
        w.array(3);
        w.bulk(formatID(n.key));
        w.integer(n.value.deliveryTime);
        w.integer(n.value.deliveryCount);
      }
    }
  }
}

function take<K, V>(first: SkipNode<K, V> | null, count: number): SkipNode<K, V>[] {
  const out: SkipNode<K, V>[] = [];
  for (let n = first; n !== null && (count === 0 || out.length < count); n = n.next[0]) out.push(n);
  return out;
}

export const streamGroupCommands: CommandDef[] = [
  command('xgroup|create', xgroupCreate),
  command('xgroup|setid', xgroupSetid),
  command('xgroup|destroy', xgroupDestroy),
  command('xgroup|createconsumer', xgroupCreateConsumer),
  command('xgroup|delconsumer', xgroupDelConsumer),
  command('xgroup|help', (c, argv) => replyHelp(c, argv[0], XGROUP_HELP)),
  command('xreadgroup', xreadgroup),
  command('xack', xack),
  command('xpending', xpending),
  command('xclaim', xclaim),
  command('xautoclaim', xautoclaim),
  command('xinfo|groups', xinfoGroups),
  command('xinfo|consumers', xinfoConsumers),
];
