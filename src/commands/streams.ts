/**
 * Stream commands without consumer groups (Redis 7.0 t_stream.c): XADD,
 * XLEN, XRANGE/XREVRANGE, XDEL, XTRIM, XSETID and XREAD
 * (BLOCK on top of server/blocking.ts).
 *
 * Arguments are checked in Redis's order because that order decides which
 * error a client sees. A stream emptied by XDEL/XTRIM stays in the
 * keyspace, as in Redis.
 */
import { propagateAs, propagateAsLazy } from './propagate.js';
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import type { ReplyWriter } from '../protocol/writer.js';
import {
  Stream, type StreamID, type TrimArgs, type U64,
  compareID, compareParts, decrID, formatID, formatParts, incrID, parseStreamID, MIN_ID, MAX_ID, U64_MAX,
} from '../keyspace/stream.js';
import { parseI64, parseI64Number } from '../protocol/ints.js';
import { isOpt } from './args.js';
import { lookupTyped } from './lookup.js';
import * as E from '../errors.js';

/** XREAD BLOCK without COUNT serves at most this many entries per key (XREAD_BLOCKED_DEFAULT_COUNT). */
const XREAD_BLOCKED_DEFAULT_COUNT = 1000;

export function streamForWrite(c: Client, key: string): Stream | undefined | null {
  return lookupTyped(c, key, Stream, true);
}

export function streamForRead(c: Client, key: string): Stream | undefined | null {
  return lookupTyped(c, key, Stream, false);
}

/** A stream ID argument (streamParseIDOrReply / streamParseStrictIDOrReply); replies the error when invalid. */
export function idArg(c: Client, s: string, missingSeq: U64, strict: boolean): StreamID | null {
  const p = parseStreamID(s, missingSeq, strict);
  if (p === null) {
    c.error(E.STREAM_INVALID_ID);
    return null;
  }
  return p.id;
}

/** A "long long" option value; replies the standard error when invalid. */
export function longArg(c: Client, s: string): number | null {
  const n = parseI64Number(s);
  if (n === null) c.error(E.NOT_INTEGER);
  return n;
}

// ---- replies ---------------------------------------------------------------

/** One entry: [id, [field, value, ...]]. */
export function replyEntry(w: ReplyWriter, ms: U64, seq: U64, fv: string[]): void {
  w.array(2);
  w.bulk(formatParts(ms, seq));
  w.array(fv.length);
  for (let i = 0; i < fv.length; i++) w.bulk(fv[i]);
}

/**
 * Entries of `s` in [start, end] (descending when rev), at most `count`
 * (0 = all), as an array of entries (streamReplyWithRange without groups).
 */
export function replyRange(w: ReplyWriter, s: Stream, start: StreamID, end: StreamID, rev: boolean, count: number): void {
  const ms: U64[] = [];
  const seq: U64[] = [];
  const fvs: string[][] = [];
  s.range(start, end, rev, count, (m, q, fv) => {
    ms.push(m);
    seq.push(q);
    fvs.push(fv);
  });
  w.array(fvs.length);
  for (let i = 0; i < fvs.length; i++) replyEntry(w, ms[i], seq[i], fvs[i]);
}

// ---- XADD / XTRIM ------------------------------------------------------------

interface AddTrimArgs {
  trim: TrimArgs | null;
  noMkStream: boolean;
  /** The explicit ID (XADD), null for '*'. */
  id: StreamID | null;
  seqGiven: boolean;
  /** Index of the ID argument (XADD) or argv.length. */
  idPos: number;
  /** Index of the MAXLEN/MINID threshold argument (0: none). */
  trimArgIdx: number;
}

/** streamParseAddOrTrimArgsOrReply: options of XADD (up to the ID) or of XTRIM (all arguments). */
function parseAddTrim(c: Client, argv: string[], xadd: boolean): AddTrimArgs | null {
  const out: AddTrimArgs = { trim: null, noMkStream: false, id: null, seqGiven: true, idPos: argv.length, trimArgIdx: 0 };
  let strategy: 'maxlen' | 'minid' | null = null;
  let approx = false;
  let maxlen = 0;
  let minid: StreamID = MIN_ID;
  let limit = 0;
  let limitGiven = false;
  let i = 2;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const opt = argv[i];
    if (xadd && opt.length >= 1 && opt.charCodeAt(0) === 42 && (opt.length === 1 || opt.charCodeAt(1) === 0)) {
      break; // '*': auto ID
    } else if ((isOpt(opt, 'MAXLEN') || isOpt(opt, 'MINID')) && more > 0) {
      const isMaxlen = isOpt(opt, 'MAXLEN');
      if (strategy !== null) {
        c.error(E.STREAM_MAXLEN_MINID);
        return null;
      }
      approx = false;
      const next = argv[i + 1];
      if (more >= 2 && isOpt(next, '~')) {
        approx = true;
        i++;
      } else if (more >= 2 && isOpt(next, '=')) i++;
      out.trimArgIdx = i + 1;
      if (isMaxlen) {
        const n = longArg(c, argv[i + 1]);
        if (n === null) return null;
        if (n < 0) {
          c.error(E.STREAM_MAXLEN_NEGATIVE);
          return null;
        }
        maxlen = n;
      } else {
        const id = idArg(c, argv[i + 1], 0, true);
        if (id === null) return null;
        minid = id;
      }
      i++;
      strategy = isMaxlen ? 'maxlen' : 'minid';
    } else if (isOpt(opt, 'LIMIT') && more > 0) {
      const n = longArg(c, argv[i + 1]);
      if (n === null) return null;
      if (n < 0) {
        c.error(E.STREAM_LIMIT_NEGATIVE);
        return null;
      }
      limit = n;
      limitGiven = true;
      i++;
    } else if (xadd && isOpt(opt, 'NOMKSTREAM')) {
      out.noMkStream = true;
    } else if (xadd) {
      const p = parseStreamID(opt, 0, true, true);
      if (p === null) {
        c.error(E.STREAM_INVALID_ID);
        return null;
      }
      out.id = p.id;
      out.seqGiven = p.seqGiven;
      break;
    } else {
      c.error(E.SYNTAX);
      return null;
    }
  }
  out.idPos = i;
  if (limit !== 0 && strategy === null) {
    c.error(E.STREAM_LIMIT_NO_STRATEGY);
    return null;
  }
  if (!xadd && strategy === null) {
    c.error(E.STREAM_XTRIM_NO_STRATEGY);
    return null;
  }
  if (limitGiven) {
    if (!approx) {
      c.error(E.STREAM_LIMIT_NO_APPROX);
      return null;
    }
  } else if (approx) {
    // Without LIMIT, `~` still bounds the work (100 nodes' worth of entries).
    limit = 100 * c.server.config.num('stream-node-max-entries');
    if (limit <= 0) limit = 10000;
    else if (limit > 1000000) limit = 1000000;
  } else limit = 0;
  if (strategy !== null) out.trim = { strategy, maxlen, minid, approx, limit };
  return out;
}

function appendEntry(c: Client, s: Stream, id: StreamID, fv: string[]): void {
  const cfg = c.server.config;
  s.append(id, fv, cfg.num('stream-node-max-bytes'), cfg.num('stream-node-max-entries'));
}

/** The ID XADD would give the entry, or null after replying the error (streamAppendItem). */
function newEntryId(c: Client, s: Stream, a: AddTrimArgs): StreamID | null {
  const last = s.lastId;
  let id: StreamID;
  if (a.id !== null) {
    if (a.seqGiven) id = a.id;
    else if (last.ms === a.id.ms) {
      if (last.seq === U64_MAX) {
        // Redis 7.0 leaves errno unset on this path, so XADD reports it as this error.
        c.error(E.STREAM_TOO_LARGE);
        return null;
      }
      id = incrID(last)!;
    } else id = a.id;
  } else {
    const now = Date.now();
    id = now > last.ms ? { ms: now, seq: 0 } : incrID(last)!;
  }
  if (compareID(id, last) <= 0) {
    c.error(E.STREAM_ID_TOO_SMALL);
    return null;
  }
  return id;
}

function xadd(c: Client, argv: string[]): void {
  const a = parseAddTrim(c, argv, true);
  if (a === null) return;
  const fieldPos = a.idPos + 1;
  const nfv = argv.length - fieldPos;
  if (nfv < 2 || nfv % 2 === 1) {
    c.error(E.wrongArity(c.current?.fullName ?? 'xadd'));
    return;
  }
  if (a.id !== null && a.seqGiven && a.id.ms === 0 && a.id.seq === 0) {
    c.error(E.STREAM_ID_ZERO);
    return;
  }
  const ks = c.server.keyspace;
  const db = c.db;
  const key = argv[1];
  let s = streamForWrite(c, key);
  if (s === null) return;
  let created = false;
  if (s === undefined) {
    if (a.noMkStream) {
      c.w.nil();
      return;
    }
    s = new Stream();
    ks.set(db, key, s);
    created = true;
  }
  if (s.lastId.ms === U64_MAX && s.lastId.seq === U64_MAX) {
    c.error(E.STREAM_EXHAUSTED);
    return;
  }
  const id = newEntryId(c, s, a);
  if (id === null) return;
  appendEntry(c, s, id, argv.slice(fieldPos));
  const idText = formatID(id);
  c.w.bulk(idText);
  if (!created) ks.modified(db, key);
  ks.notify('t', 'xadd', key, db.id);
  if (a.trim !== null && s.trim(a.trim) !== 0) ks.notify('t', 'xtrim', key, db.id);
  // Replayed with the ID actually given and an exact trim, so replicas and reloads agree.
  if (c.server.propagation.active && (a.id === null || !a.seqGiven || a.trim?.approx === true)) {
    const out = exactTrimArgv(argv, a, s);
    out[a.idPos] = idText;
    propagateAs(c, out);
  }
}

/**
 * XADD/XTRIM with `~` replay as `=` with the length (MAXLEN) or first ID
 * (MINID) the stream was actually trimmed to (streamRewriteTrimArgument).
 */
function exactTrimArgv(argv: string[], a: AddTrimArgs, s: Stream): string[] {
  const out = argv.slice();
  if (a.trim?.approx === true) {
    out[a.trimArgIdx - 1] = '=';
    out[a.trimArgIdx] = a.trim.strategy === 'maxlen' ? String(s.length) : formatID(s.edge(false) ?? { ms: U64_MAX, seq: U64_MAX });
  }
  return out;
}

function xtrim(c: Client, argv: string[]): void {
  const a = parseAddTrim(c, argv, false);
  if (a === null) return;
  const s = streamForWrite(c, argv[1]);
  if (s === null) return;
  if (s === undefined) {
    c.w.integer(0);
    return;
  }
  const deleted = s.trim(a.trim!);
  if (deleted !== 0) {
    const ks = c.server.keyspace;
    ks.notify('t', 'xtrim', argv[1], c.db.id);
    ks.modified(c.db, argv[1]);
    if (a.trim!.approx) propagateAsLazy(c, () => exactTrimArgv(argv, a, s));
  }
  c.w.integer(deleted);
}

// ---- reads -------------------------------------------------------------------

function xlen(c: Client, argv: string[]): void {
  const s = streamForRead(c, argv[1]);
  if (s !== null) c.w.integer(s === undefined ? 0 : s.length);
}

/** An XRANGE bound: an ID, "-"/"+", or "(" + strict ID for an exclusive bound. */
function intervalArg(c: Client, s: string, missingSeq: U64): { id: StreamID; exclusive: boolean } | null {
  if (s.length > 1 && s.charCodeAt(0) === 40 /* ( */) {
    const id = idArg(c, s.slice(1), missingSeq, true);
    return id === null ? null : { id, exclusive: true };
  }
  const id = idArg(c, s, missingSeq, false);
  return id === null ? null : { id, exclusive: false };
}

/** The first ID a range starting at bound `s` includes (XRANGE, XPENDING, XAUTOCLAIM), or null after the error reply. */
export function rangeStartArg(c: Client, s: string): StreamID | null {
  const b = intervalArg(c, s, 0);
  if (b === null) return null;
  const id = b.exclusive ? incrID(b.id) : b.id;
  if (id === null) c.error(E.STREAM_INVALID_START);
  return id;
}

/** The last ID a range ending at bound `s` includes, or null after the error reply. */
export function rangeEndArg(c: Client, s: string): StreamID | null {
  const b = intervalArg(c, s, U64_MAX);
  if (b === null) return null;
  const id = b.exclusive ? decrID(b.id) : b.id;
  if (id === null) c.error(E.STREAM_INVALID_END);
  return id;
}

function xrangeGeneric(c: Client, argv: string[], rev: boolean): void {
  const startArg = rev ? argv[3] : argv[2];
  const endArg = rev ? argv[2] : argv[3];
  const start = rangeStartArg(c, startArg);
  if (start === null) return;
  const end = rangeEndArg(c, endArg);
  if (end === null) return;
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    if (isOpt(argv[j], 'COUNT') && argv.length - j - 1 >= 1) {
      const n = longArg(c, argv[j + 1]);
      if (n === null) return;
      count = n < 0 ? 0 : n;
      j++;
    } else {
      c.error(E.SYNTAX);
      return;
    }
  }
  const s = streamForRead(c, argv[1]);
  if (s === null) return;
  if (s === undefined) c.w.array(0);
  else if (count === 0) c.w.nilArray();
  else replyRange(c.w, s, start, end, rev, count === -1 ? 0 : count);
}

// ---- XDEL / XSETID -------------------------------------------------------------

function xdel(c: Client, argv: string[]): void {
  const s = streamForWrite(c, argv[1]);
  if (s === null) return;
  if (s === undefined) {
    c.w.integer(0);
    return;
  }
  // Every ID is validated before anything is deleted.
  const ids: StreamID[] = [];
  for (let j = 2; j < argv.length; j++) {
    const id = idArg(c, argv[j], 0, true);
    if (id === null) return;
    ids.push(id);
  }
  let deleted = 0;
  for (const id of ids) if (s.delete(id)) deleted++;
  if (deleted !== 0) {
    const ks = c.server.keyspace;
    ks.modified(c.db, argv[1]);
    ks.notify('t', 'xdel', argv[1], c.db.id);
  }
  c.w.integer(deleted);
}


function xsetid(c: Client, argv: string[]): void {
  const id = idArg(c, argv[2], 0, true);
  if (id === null) return;
  let entriesAdded: number | bigint = -1;
  let maxDel: StreamID = MIN_ID;
  for (let i = 3; i < argv.length; ) {
    const more = argv.length - 1 - i;
    if (isOpt(argv[i], 'ENTRIESADDED') && more > 0) {
      const n = parseI64(argv[i + 1]);
      if (n === null) {
        c.error(E.NOT_INTEGER);
        return;
      }
      if (n < 0) {
        c.error(E.XSETID_ENTRIES_NEGATIVE);
        return;
      }
      entriesAdded = n;
      i += 2;
    } else if (isOpt(argv[i], 'MAXDELETEDID') && more > 0) {
      const m = idArg(c, argv[i + 1], 0, true);
      if (m === null) return;
      if (compareID(id, m) < 0) {
        c.error(E.XSETID_SMALLER_MAXDEL);
        return;
      }
      maxDel = m;
      i += 2;
    } else {
      c.error(E.SYNTAX);
      return;
    }
  }
  const s = streamForWrite(c, argv[1]);
  if (s === null) return;
  if (s === undefined) {
    c.error(E.NO_SUCH_KEY);
    return;
  }
  if (s.length > 0) {
    if (compareID(id, s.edge(true)!) < 0) {
      c.error(E.XSETID_SMALLER);
      return;
    }
    if (entriesAdded !== -1 && s.length > entriesAdded) {
      c.error(E.XSETID_ENTRIES_ADDED);
      return;
    }
  }
  s.lastId = { ms: id.ms, seq: id.seq };
  if (entriesAdded !== -1) s.entriesAdded = entriesAdded;
  if (maxDel.ms !== 0 || maxDel.seq !== 0) s.maxDeletedId = maxDel;
  c.w.ok();
  const ks = c.server.keyspace;
  ks.modified(c.db, argv[1]);
  ks.notify('t', 'xsetid', argv[1], c.db.id);
}

// ---- XREAD ---------------------------------------------------------------------------

/** The key-blocking service (server/blocking.ts), looked up at run time. */
interface KeyBlocker {
  canBlock(c: Client): boolean;
  block(c: Client, keys: string[], type: 'stream', deadline: number, tryServe: (key: string) => boolean, onTimeout: () => void): void;
}

function blocker(c: Client): KeyBlocker | undefined {
  return (c.server as unknown as { blocking?: KeyBlocker }).blocking;
}

/** The ID of the last live entry (streamLastValidID), or 0-0. */
function lastValidId(s: Stream): StreamID {
  return s.length === 0 ? MIN_ID : s.edge(true)!;
}

/** XREAD / XREADGROUP options, up to the STREAMS keyword (Redis's xreadCommand parses them for both). */
export interface XReadOptions {
  /** BLOCK in milliseconds: -1 without BLOCK, 0 = forever. */
  block: number;
  /** COUNT (0 = no limit). */
  count: number;
  /** Index of the first key after STREAMS; the IDs follow the `nStreams` keys. */
  streamsArg: number;
  nStreams: number;
  /** GROUP <group> <consumer> and NOACK (XREADGROUP only). */
  group: string | null;
  consumer: string;
  noack: boolean;
}

/**
 * Parses the options of XREAD (`withGroup` false) or XREADGROUP, replying
 * with Redis's error in Redis's order and returning null on a bad one.
 */
export function parseXReadOptions(c: Client, argv: string[], withGroup: boolean): XReadOptions | null {
  const o: XReadOptions = { block: -1, count: 0, streamsArg: 0, nStreams: 0, group: null, consumer: '', noack: false };
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const opt = argv[i];
    if (isOpt(opt, 'BLOCK') && more > 0) {
      if (c.addr === 'lua') {
        // The scripting engine's client (Redis's CLIENT_LUA): BLOCK makes no sense there.
        c.error(E.blockFromScript(argv[0]));
        return null;
      }
      i++;
      const n = parseI64(argv[i]);
      if (n === null) {
        c.error(E.STREAM_TIMEOUT_NOT_INT);
        return null;
      }
      if (n < 0) {
        c.error(E.TIMEOUT_NEGATIVE);
        return null;
      }
      // Past 2^53 ms Redis's deadline overflows and the client waits forever: so does ours.
      o.block = typeof n === 'bigint' ? 0 : n;
    } else if (isOpt(opt, 'COUNT') && more > 0) {
      i++;
      const n = longArg(c, argv[i]);
      if (n === null) return null;
      o.count = n < 0 ? 0 : n;
    } else if (isOpt(opt, 'STREAMS') && more > 0) {
      o.streamsArg = i + 1;
      const n = argv.length - o.streamsArg;
      if (n % 2 !== 0) {
        c.error(E.STREAM_UNBALANCED);
        return null;
      }
      o.nStreams = n / 2;
      break;
    } else if (isOpt(opt, 'GROUP') && more >= 2) {
      if (!withGroup) {
        c.error(E.XREAD_GROUP_OPTION);
        return null;
      }
      o.group = argv[i + 1];
      o.consumer = argv[i + 2];
      i += 2;
    } else if (isOpt(opt, 'NOACK')) {
      if (!withGroup) {
        c.error(E.XREAD_NOACK_OPTION);
        return null;
      }
      o.noack = true;
    } else {
      c.error(E.SYNTAX);
      return null;
    }
  }
  if (o.streamsArg === 0) {
    c.error(E.SYNTAX);
    return null;
  }
  return o;
}

function xread(c: Client, argv: string[]): void {
  const opts = parseXReadOptions(c, argv, false);
  if (opts === null) return;
  const { block: timeout, count, streamsArg, nStreams: nstreams } = opts;
  const keys = argv.slice(streamsArg, streamsArg + nstreams);
  const ids: StreamID[] = new Array(nstreams);
  for (let i = 0; i < nstreams; i++) {
    const s = streamForRead(c, keys[i]);
    if (s === null) return;
    const arg = argv[streamsArg + nstreams + i];
    if (arg === '$') {
      ids[i] = s === undefined ? MIN_ID : s.lastId;
      continue;
    }
    if (arg === '>') {
      c.error(E.XREAD_GT_ID);
      return;
    }
    const id = idArg(c, arg, 0, true);
    if (id === null) return;
    ids[i] = id;
  }
  // Serve synchronously every stream holding an entry after its ID.
  const ready: number[] = [];
  const readyStreams: Stream[] = [];
  const ks = c.server.keyspace;
  for (let i = 0; i < nstreams; i++) {
    const v = ks.lookupRead(c.db, keys[i]);
    if (!(v instanceof Stream)) continue;
    if (compareID(lastValidId(v), ids[i]) > 0) {
      ready.push(i);
      readyStreams.push(v);
    }
  }
  const w = c.w;
  if (ready.length !== 0) {
    if (w.resp === 2) w.array(ready.length);
    else w.map(ready.length);
    for (let r = 0; r < ready.length; r++) {
      const i = ready[r];
      const s = readyStreams[r];
      if (w.resp === 2) w.array(2);
      w.bulk(keys[i]);
      replyRange(w, s, incrID(ids[i])!, MAX_ID, false, count);
    }
    return;
  }
  if (timeout === -1) {
    w.nilArray();
    return;
  }
  const b = blocker(c);
  if (b === undefined || !b.canBlock(c)) {
    w.nilArray();
    return;
  }
  const blockCount = count !== 0 ? count : XREAD_BLOCKED_DEFAULT_COUNT;
  b.block(c, keys, 'stream', timeout === 0 ? 0 : Date.now() + timeout, (key) => {
    const s = ks.lookupWrite(c.db, key);
    if (!(s instanceof Stream)) return false;
    const gt = ids[keys.indexOf(key)];
    if (compareParts(s.lastId.ms, s.lastId.seq, gt) <= 0) return false;
    const w2 = c.w;
    if (w2.resp === 2) {
      w2.array(1);
      w2.array(2);
    } else w2.map(1);
    w2.bulk(key);
    replyRange(w2, s, incrID(gt)!, MAX_ID, false, blockCount);
    return true;
  }, () => c.w.nilArray());
}

export const streamCommands: CommandDef[] = [
  command('xadd', xadd),
  command('xlen', xlen),
  command('xrange', (c, argv) => xrangeGeneric(c, argv, false)),
  command('xrevrange', (c, argv) => xrangeGeneric(c, argv, true)),
  command('xdel', xdel),
  command('xtrim', xtrim),
  command('xsetid', xsetid),
  command('xread', xread),
];
