/**
 * RDB reader: every encoding Redis 7.0 loads (its own and those of ≤ 6.2
 * dumps: ziplist, zipmap, quicklist of ziplists, string-scored zsets,
 * stream listpacks v1), for whole files and for DUMP payloads. Module
 * types are refused with a clear error. Every blob is validated while it
 * is read (sizes, terminators, counts), so a corrupt payload is an error,
 * never a broken value: that is what sanitize-dump-payload asks for.
 *
 * Values are built with the encodings Redis would end up with under the
 * current limits (a long listpack hash becomes a hashtable, a small
 * skiplist zset a listpack, …), as rdbLoadObject converts them.
 *
 * API:
 *   const r = new RdbFileReader(buf, limits)   // whole file
 *   r.header(); while (!r.step(sink, 1000)) {}  // resumable: load in slices
 *   parseDumpPayload(buf, limits)              // DUMP payload → value
 */
import type { Value } from '../../keyspace/value.js';
import { ListValue } from '../../keyspace/list.js';
import { RSet } from '../../keyspace/set.js';
import { ZSet } from '../../keyspace/zset.js';
import { RHash } from '../../keyspace/hash.js';
import { Stream, StreamNode, u64, type U64, type StreamID } from '../../keyspace/stream.js';
import { createGroup, Consumer, estimateEntriesRead, type Nack } from '../../keyspace/stream-groups.js';
import { ZTree } from '../../keyspace/zset-tree.js';
import { strtod } from '../../protocol/doubles.js';
import { lzfDecompress } from './lzf.js';
import { crc64Init, crc64Update } from './crc64.js';
import { listpackEntries, ziplistEntries, zipmapEntries, intsetEntries, BlobError } from './listpack.js';
import * as F from './format.js';

/** Encoding limits in force while loading (the *-max-* directives). */
export interface LoadLimits {
  hashEntries: number;
  hashValue: number;
  setIntsetEntries: number;
  zsetEntries: number;
  zsetValue: number;
  streamNodeBytes: number;
  streamNodeEntries: number;
}

export const DEFAULT_LIMITS: LoadLimits = {
  hashEntries: 512, hashValue: 64, setIntsetEntries: 512, zsetEntries: 128, zsetValue: 64,
  streamNodeBytes: 4096, streamNodeEntries: 100,
};

/** A malformed or truncated RDB stream; `message` says what was wrong. */
export class RdbError extends Error {}

/** Receives what a file holds, in order. */
export interface RdbSink {
  aux?(name: string, value: string): void;
  /** A function library (FUNCTION2 section). */
  fn?(code: string): void;
  /** One key. `lru` is the IDLE seconds or FREQ counter when the file has them. */
  key(db: number, key: string, value: Value, expireAt: number | undefined, idle: number | undefined, freq: number | undefined): void;
  resizeDb?(db: number, size: number, expires: number): void;
}

/** Low-level cursor over RDB bytes. */
export class RdbCursor {
  pos = 0;
  constructor(readonly buf: Buffer, readonly end = buf.length) {}

  private need(n: number): void {
    if (this.pos + n > this.end) throw new RdbError('Short read or OOM loading DB. Unrecoverable error, aborting now.');
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** rdbLoadLen; `enc` is set when the prefix is a special string encoding. */
  lenOrEnc(): { len: number | bigint; enc: number } {
    const b = this.u8();
    const t = b >> 6;
    if (t === 0) return { len: b & 0x3f, enc: -1 };
    if (t === 1) return { len: ((b & 0x3f) << 8) | this.u8(), enc: -1 };
    if (t === 3) return { len: 0, enc: b & 0x3f };
    if (b === 0x80) {
      this.need(4);
      const v = this.buf.readUInt32BE(this.pos);
      this.pos += 4;
      return { len: v, enc: -1 };
    }
    if (b === 0x81) {
      this.need(8);
      const v = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      return { len: v <= 9007199254740991n ? Number(v) : v, enc: -1 };
    }
    throw new RdbError(`Unknown length encoding ${b} in rdbLoadLen()`);
  }

  /** A length that must fit a JS number (counts, sizes). */
  len(): number {
    const l = this.lenOrEnc();
    if (l.enc !== -1 || typeof l.len !== 'number') throw new RdbError('bad length');
    return l.len;
  }

  /** A 64-bit unsigned length (stream IDs and counters), canonical U64. */
  u64(): U64 {
    const l = this.lenOrEnc();
    if (l.enc !== -1) throw new RdbError('bad length');
    return typeof l.len === 'number' ? l.len : u64(l.len);
  }

  /** A 64-bit length reinterpreted as signed (entries-read, delivery counts: -1 is stored as 2^64-1). */
  i64(): number | bigint {
    const v = this.u64();
    if (typeof v === 'number') return v;
    const s = BigInt.asIntN(64, v);
    return s >= -9007199254740991n && s <= 9007199254740991n ? Number(s) : s;
  }

  /** rdbGenericLoadStringObject as a Buffer (integer encodings turned to text). */
  strBuf(): Buffer {
    const l = this.lenOrEnc();
    if (l.enc !== -1) return this.encoded(l.enc);
    if (typeof l.len !== 'number') throw new RdbError('string too long');
    return this.bytes(l.len);
  }

  /** A string as latin1 text (the common case avoids a Buffer). */
  str(): string {
    const l = this.lenOrEnc();
    if (l.enc !== -1) { const b = this.encoded(l.enc); return b.latin1Slice(0, b.length); }
    if (typeof l.len !== 'number') throw new RdbError('string too long');
    this.need(l.len);
    const s = this.buf.latin1Slice(this.pos, this.pos + l.len);
    this.pos += l.len;
    return s;
  }

  private encoded(enc: number): Buffer {
    switch (enc) {
      case F.ENC_INT8: return Buffer.from(String(this.bytes(1).readInt8(0)), 'latin1');
      case F.ENC_INT16: return Buffer.from(String(this.bytes(2).readInt16LE(0)), 'latin1');
      case F.ENC_INT32: return Buffer.from(String(this.bytes(4).readInt32LE(0)), 'latin1');
      case F.ENC_LZF: {
        const clen = this.len();
        const ulen = this.len();
        const out = lzfDecompress(this.bytes(clen), ulen);
        if (out === null) throw new RdbError('Invalid LZF compressed string');
        return out;
      }
    }
    throw new RdbError(`Unknown RDB string encoding type ${enc}`);
  }

  millis(): number {
    this.need(8);
    const v = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return Number(v);
  }

  binaryDouble(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** rdbLoadDoubleValue: the pre-v8 text score (length byte; 253 nan, 254 +inf, 255 -inf). */
  textDouble(): number {
    const n = this.u8();
    if (n === 253) return NaN;
    if (n === 254) return Infinity;
    if (n === 255) return -Infinity;
    return strtod(this.bytes(n).toString('latin1'));
  }
}

function blobErr<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof BlobError) throw new RdbError(`Bad encoded object: ${e.message}`);
    throw e;
  }
}

/** rdbLoadObject: the value of one record of type `type`. */
export function readObject(r: RdbCursor, type: number, lim: LoadLimits): Value {
  switch (type) {
    case F.T_STRING:
      return r.str();
    case F.T_LIST: {
      const n = r.len();
      const l = new ListValue(n);
      for (let i = 0; i < n; i++) l.pushTail(r.str());
      return nonEmpty(l, l.length);
    }
    case F.T_LIST_ZIPLIST: {
      const l = new ListValue();
      for (const s of blobErr(() => ziplistEntries(r.strBuf()))) l.pushTail(s);
      return nonEmpty(l, l.length);
    }
    case F.T_LIST_QUICKLIST:
    case F.T_LIST_QUICKLIST_2: {
      const nodes = r.len();
      const l = new ListValue();
      for (let i = 0; i < nodes; i++) {
        const container = type === F.T_LIST_QUICKLIST_2 ? r.len() : F.QL_PACKED;
        const b = r.strBuf();
        if (container === F.QL_PLAIN) {
          l.pushTail(b.toString('latin1'));
          continue;
        }
        if (container !== F.QL_PACKED) throw new RdbError(`Quicklist integrity check failed.`);
        const items = blobErr(() => type === F.T_LIST_QUICKLIST_2 ? listpackEntries(b) : ziplistEntries(b));
        // Redis drops empty nodes silently on load.
        for (const s of items) l.pushTail(s);
      }
      return nonEmpty(l, l.length);
    }
    case F.T_SET: {
      const n = r.len();
      let s: RSet | null = null;
      for (let i = 0; i < n; i++) {
        const m = r.str();
        if (s === null) s = n > lim.setIntsetEntries ? RSet.forMember('\0not-an-int') : RSet.empty();
        if (!s.add(m, lim.setIntsetEntries)) throw new RdbError('Duplicate set members detected');
      }
      return nonEmpty(s, n);
    }
    case F.T_SET_INTSET: {
      const ints = blobErr(() => intsetEntries(r.strBuf()));
      const s = RSet.empty();
      s.ints = ints as number[];
      if (ints.length !== 0 && ints.some((v) => typeof v === 'bigint')) s.ints = ints.map((v) => BigInt(v));
      if (ints.length > lim.setIntsetEntries) s.convert();
      return nonEmpty(s, ints.length);
    }
    case F.T_ZSET:
    case F.T_ZSET_2: {
      const n = r.len();
      const members: string[] = [];
      const scores: number[] = [];
      const seen = new Set<string>();
      for (let i = 0; i < n; i++) {
        const m = r.str();
        const sc = type === F.T_ZSET_2 ? r.binaryDouble() : r.textDouble();
        if (Number.isNaN(sc)) throw new RdbError('Zset with NAN score detected');
        if (seen.has(m)) throw new RdbError('Duplicate zset fields detected');
        seen.add(m);
        members.push(m);
        scores.push(sc);
      }
      return nonEmpty(buildZset(members, scores, lim), n);
    }
    case F.T_ZSET_ZIPLIST:
    case F.T_ZSET_LISTPACK: {
      const b = r.strBuf();
      const items = blobErr(() => type === F.T_ZSET_LISTPACK ? listpackEntries(b) : ziplistEntries(b));
      if (items.length & 1) throw new RdbError('Zset listpack integrity check failed.');
      const members: string[] = [];
      const scores: number[] = [];
      const seen = new Set<string>();
      for (let i = 0; i < items.length; i += 2) {
        if (seen.has(items[i])) throw new RdbError('Zset listpack integrity check failed.');
        seen.add(items[i]);
        members.push(items[i]);
        const sc = strtod(items[i + 1]);
        if (Number.isNaN(sc)) throw new RdbError('Zset listpack integrity check failed.');
        scores.push(sc);
      }
      return nonEmpty(buildZset(members, scores, lim), members.length);
    }
    case F.T_HASH: {
      const n = r.len();
      const flat: string[] = [];
      for (let i = 0; i < n; i++) flat.push(r.str(), r.str());
      return nonEmpty(buildHash(flat, lim, true), n);
    }
    case F.T_HASH_ZIPMAP:
    case F.T_HASH_ZIPLIST:
    case F.T_HASH_LISTPACK: {
      const b = r.strBuf();
      const flat = blobErr(() => type === F.T_HASH_ZIPMAP ? zipmapEntries(b) : type === F.T_HASH_ZIPLIST ? ziplistEntries(b) : listpackEntries(b));
      if (flat.length & 1) throw new RdbError('Hash listpack integrity check failed.');
      return nonEmpty(buildHash(flat, lim, type !== F.T_HASH_LISTPACK), flat.length >> 1);
    }
    case F.T_STREAM_LISTPACKS:
    case F.T_STREAM_LISTPACKS_2:
      return readStream(r, type === F.T_STREAM_LISTPACKS_2);
    case F.T_MODULE_PRE_GA:
    case F.T_MODULE_2:
      throw new RdbError('The RDB file contains module data, which respd cannot load (no module support).');
  }
  throw new RdbError(`Unknown RDB encoding type ${type}`);
}

function nonEmpty<T>(v: T | null, n: number): T {
  if (v === null || n === 0) throw new RdbError('Empty keys are not allowed in RDB');
  return v;
}

function buildHash(flat: string[], lim: LoadLimits, checkDup: boolean): RHash {
  const h = new RHash();
  const n = flat.length >> 1;
  let small = n <= lim.hashEntries;
  for (let i = 0; small && i < flat.length; i++) if (flat[i].length > lim.hashValue) small = false;
  const seen = new Set<string>();
  for (let i = 0; i < flat.length; i += 2) {
    if (seen.has(flat[i])) throw new RdbError(checkDup ? 'Duplicate hash fields detected' : 'Hash listpack integrity check failed.');
    seen.add(flat[i]);
  }
  h.lp = flat;
  if (!small) h.convert();
  return h;
}

function buildZset(members: string[], scores: number[], lim: LoadLimits): ZSet {
  const order = members.map((_, i) => i);
  order.sort((a, b) => scores[a] - scores[b] || (members[a] < members[b] ? -1 : members[a] > members[b] ? 1 : 0));
  const m = order.map((i) => members[i]);
  const s = order.map((i) => scores[i]);
  const z = new ZSet();
  let maxlen = 0;
  for (const x of m) if (x.length > maxlen) maxlen = x.length;
  z.listpack = m.length <= lim.zsetEntries && maxlen <= lim.zsetValue;
  if (z.listpack) for (let i = 0; i < s.length; i++) if (s[i] === 0) s[i] = 0;
  for (let i = 0; i < m.length; i++) z.dict.set(m[i], s[i]);
  z.tree = ZTree.fromSorted(s, m);
  return z;
}

function readId(r: RdbCursor): StreamID {
  const ms = r.u64();
  const seq = r.u64();
  return { ms, seq };
}

function rawId(b: Buffer): StreamID {
  if (b.length !== 16) throw new RdbError('Stream node key entry is not the size of a stream ID');
  return { ms: u64(b.readBigUInt64BE(0)), seq: u64(b.readBigUInt64BE(8)) };
}

function addU64(a: U64, d: number | bigint): U64 {
  if (typeof a === 'number' && typeof d === 'number') {
    const s = a + d;
    if (Number.isSafeInteger(s) && s >= 0) return s;
  }
  return u64(BigInt.asUintN(64, BigInt(a) + BigInt(d)));
}

function lpInt(s: string | undefined): number | bigint {
  if (s === undefined) throw new RdbError('Stream listpack integrity check failed.');
  const n = Number(s);
  if (Number.isSafeInteger(n)) return n;
  if (!/^-?\d+$/.test(s)) throw new RdbError('Stream listpack integrity check failed.');
  return BigInt(s);
}

function lpNum(s: string | undefined): number {
  const v = lpInt(s);
  if (typeof v !== 'number') throw new RdbError('Stream listpack integrity check failed.');
  return v;
}

/** Stream listpacks (v1 from 6.x, v2 from 7.0). */
function readStream(r: RdbCursor, v2: boolean): Stream {
  const s = new Stream();
  const nodes = r.len();
  let count = 0;
  for (let i = 0; i < nodes; i++) {
    const master = rawId(r.strBuf());
    const items = blobErr(() => listpackEntries(r.strBuf()));
    if (items.length === 0) throw new RdbError('Empty listpack inside stream');
    let p = 0;
    const liveCount = lpNum(items[p++]);
    const deletedCount = lpNum(items[p++]);
    const nf = lpNum(items[p++]);
    const mf = items.slice(p, p + nf);
    p += nf;
    if (mf.length !== nf || items[p++] !== '0') throw new RdbError('Stream listpack integrity check failed.');
    const node = new StreamNode(master.ms, master.seq, mf);
    for (let e = 0; e < liveCount + deletedCount; e++) {
      const flags = lpNum(items[p++]);
      const ms = addU64(master.ms, lpInt(items[p++]));
      const seq = addU64(master.seq, lpInt(items[p++]));
      let fv: string[];
      if (flags & F.STREAM_ITEM_SAMEFIELDS) {
        fv = new Array(nf * 2);
        for (let k = 0; k < nf; k++) {
          fv[2 * k] = mf[k];
          fv[2 * k + 1] = items[p++];
        }
      } else {
        const n = lpNum(items[p++]);
        fv = items.slice(p, p + 2 * n);
        p += 2 * n;
      }
      p++; // lp-count
      if (p > items.length || fv.some((x) => x === undefined)) throw new RdbError('Stream listpack integrity check failed.');
      node.push(ms, seq, fv);
      if (flags & F.STREAM_ITEM_DELETED) {
        node.kill(node.size - 1);
        node.live--;
        node.deleted++;
      }
    }
    if (p !== items.length || node.live !== liveCount) throw new RdbError('Stream listpack integrity check failed.');
    if (node.live === 0) throw new RdbError('Empty listpack inside stream');
    if (s.nodes.length > 0) s.nodes[s.nodes.length - 1].seal();
    s.nodes.push(node);
    count += node.live;
  }
  s.length = r.len();
  s.lastId = readId(r);
  if (v2) {
    s.firstId = readId(r);
    s.maxDeletedId = readId(r);
    s.entriesAdded = r.u64();
  } else {
    s.entriesAdded = s.length;
    s.firstId = firstLiveId(s);
  }
  if (s.length !== count) throw new RdbError('Stream length inconsistent with its listpacks');
  const ngroups = r.len();
  for (let g = 0; g < ngroups; g++) {
    const name = r.str();
    const last = readId(r);
    let read: number | bigint = -1;
    if (v2) read = r.i64();
    else read = estimateEntriesRead(s, last);
    const cg = createGroup(s, name, last, read);
    if (cg === null) throw new RdbError('Duplicated consumer group name');
    const npel = r.len();
    for (let i = 0; i < npel; i++) {
      const id = rawId(r.bytes(16));
      const deliveryTime = r.millis();
      const deliveryCount = r.i64();
      const nack: Nack = { deliveryTime, deliveryCount, consumer: null };
      if (!cg.pel.insert(id, nack)) throw new RdbError('Duplicated global PEL entry loading stream consumer group');
    }
    const ncons = r.len();
    for (let i = 0; i < ncons; i++) {
      const cname = r.str();
      const seen = r.millis();
      const cons = new Consumer(cname, seen);
      if (!cg.consumers.insert(cname, cons)) throw new RdbError('Duplicate stream consumer detected');
      const n = r.len();
      for (let k = 0; k < n; k++) {
        const id = rawId(r.bytes(16));
        const nack = cg.pel.get(id);
        if (nack === undefined) throw new RdbError('Consumer entry not found in group global PEL');
        nack.consumer = cons;
        if (!cons.pel.insert(id, nack)) throw new RdbError('Duplicated consumer PEL entry loading a stream consumer group');
      }
    }
    for (let n = cg.pel.first(); n !== null; n = n.next[0]) {
      if (n.value.consumer === null) throw new RdbError('Stream CG PEL entry without consumer');
    }
  }
  return s;
}

function firstLiveId(s: Stream): StreamID {
  for (let i = s.head; i < s.nodes.length; i++) {
    const n = s.nodes[i];
    for (let p = 0; p < n.size; p++) if (n.isLive(p)) return { ms: n.ms[p] as U64, seq: n.seq[p] as U64 };
  }
  return { ms: 0, seq: 0 };
}

export type DumpResult = { value: Value } | { error: 'checksum' | 'bad' };

/**
 * verifyDumpPayload + rdbLoadObject: the value of a DUMP payload, or why
 * not ('checksum' for a wrong version/CRC, 'bad' for a malformed body).
 */
export function parseDumpPayload(buf: Buffer, lim: LoadLimits, checkCrc = true): DumpResult {
  if (buf.length < 10) return { error: 'checksum' };
  const footer = buf.length - 10;
  const ver = buf.readUInt16LE(footer);
  if (ver > F.RDB_VERSION) return { error: 'checksum' };
  if (checkCrc) {
    const st = crc64Init();
    crc64Update(st, buf, 0, buf.length - 8);
    if (st.lo !== buf.readUInt32LE(buf.length - 8) || st.hi !== buf.readUInt32LE(buf.length - 4)) return { error: 'checksum' };
  }
  try {
    const r = new RdbCursor(buf, footer);
    const type = r.u8();
    const value = readObject(r, type, lim);
    if (r.pos !== footer) return { error: 'bad' };
    return { value };
  } catch (e) {
    if (e instanceof RdbError) return { error: 'bad' };
    throw e;
  }
}

/**
 * A whole RDB file, read incrementally: `header()` once, then `step()`
 * until it returns true. Keys go to the sink as they are read.
 */
export class RdbFileReader {
  readonly r: RdbCursor;
  version = 0;
  private db = 0;
  private expireAt: number | undefined = undefined;
  private idle: number | undefined = undefined;
  private freq: number | undefined = undefined;
  done = false;
  keys = 0;

  constructor(readonly buf: Buffer, readonly lim: LoadLimits, readonly checkCrc = true) {
    this.r = new RdbCursor(buf);
  }

  /** Fraction of the input consumed (for loading progress). */
  get progress(): number {
    return this.r.pos;
  }

  header(): void {
    const magic = this.r.bytes(9).toString('latin1');
    if (!magic.startsWith('REDIS')) throw new RdbError('Wrong signature trying to load DB from file');
    const v = Number(magic.slice(5));
    if (!Number.isInteger(v) || v < 1 || v > F.RDB_VERSION) throw new RdbError(`Can't handle RDB format version ${magic.slice(5)}`);
    this.version = v;
  }

  /** Reads up to `maxKeys` keys; true once the EOF record and checksum are read. */
  step(sink: RdbSink, maxKeys: number): boolean {
    const r = this.r;
    let n = 0;
    while (!this.done && n < maxKeys) {
      const type = r.u8();
      switch (type) {
        case F.OP_EXPIRETIME:
          this.expireAt = r.bytes(4).readInt32LE(0) * 1000;
          continue;
        case F.OP_EXPIRETIME_MS:
          this.expireAt = r.millis();
          continue;
        case F.OP_FREQ:
          this.freq = r.u8();
          continue;
        case F.OP_IDLE:
          this.idle = r.len();
          continue;
        case F.OP_EOF:
          this.finish();
          return true;
        case F.OP_SELECTDB:
          this.db = r.len();
          continue;
        case F.OP_RESIZEDB: {
          const size = r.len();
          const exp = r.len();
          sink.resizeDb?.(this.db, size, exp);
          continue;
        }
        case F.OP_AUX: {
          const k = r.str();
          const v = r.str();
          sink.aux?.(k, v);
          continue;
        }
        case F.OP_MODULE_AUX:
          throw new RdbError('The RDB file contains AUX module data, which respd cannot load (no module support).');
        case F.OP_FUNCTION_PRE_GA:
          throw new RdbError('Pre-release function format not supported.');
        case F.OP_FUNCTION2:
          sink.fn?.(r.str());
          continue;
      }
      const key = r.str();
      const value = readObject(r, type, this.lim);
      sink.key(this.db, key, value, this.expireAt, this.idle, this.freq);
      this.expireAt = this.idle = this.freq = undefined;
      this.keys++;
      n++;
    }
    return this.done;
  }

  private finish(): void {
    const r = this.r;
    if (this.version >= 5) {
      const expectLo = r.bytes(4).readUInt32LE(0);
      const expectHi = r.bytes(4).readUInt32LE(0);
      if (this.checkCrc && (expectLo !== 0 || expectHi !== 0)) {
        const st = crc64Init();
        crc64Update(st, this.buf, 0, r.pos - 8);
        if (st.lo !== expectLo || st.hi !== expectHi) throw new RdbError('Wrong RDB checksum. Aborting now.');
      }
    }
    this.done = true;
  }
}
