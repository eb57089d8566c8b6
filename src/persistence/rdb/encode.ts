/**
 * RDB writer: values → the bytes Redis 7.0 writes (rdbSaveObject and
 * friends), for whole files (snapshot.ts drives it key by key) and for
 * DUMP payloads.
 *
 * Encodings are the ones Redis 7.0 picks, so a DUMP of a value is
 * byte-identical to Redis's whenever Redis's choice is deterministic:
 *   string  int-encoded (fits int32), LZF (> 20 bytes, when it shrinks), raw
 *   list    quicklist 2, listpack nodes cut where an RPUSH-built quicklist
 *           would cut them (list-max-listpack-size)
 *   set     intset blob, or a plain member list
 *   zset    listpack (member, score text), or skiplist order (highest first)
 *   hash    listpack, or field/value list
 *   stream  listpacks 2: node listpacks + metadata + groups/PEL/consumers
 *
 * API:
 *   const w = new RdbWriter({ compress: true });
 *   w.object(value, limits)     // type byte + payload
 *   w.take()                    // bytes so far (and resets)
 *   dumpPayload(value, opts)    // DUMP's payload: object + version + CRC64
 */
import type { Value } from '../../keyspace/value.js';
import type { ListValue } from '../../keyspace/list.js';
import type { RSet } from '../../keyspace/set.js';
import type { ZSet } from '../../keyspace/zset.js';
import type { RHash } from '../../keyspace/hash.js';
import type { Stream, StreamNode, U64 } from '../../keyspace/stream.js';
import { groupsOf, sortedGroupNames, type CGroup, type Nack, type SkipList } from '../../keyspace/stream-groups.js';
import type { StreamID } from '../../keyspace/stream-id.js';
import { parseI64 } from '../../protocol/ints.js';
import { formatDouble17g } from '../../protocol/doubles.js';
import { lzfCompress } from './lzf.js';
import { crc64Init, crc64Update, crc64Bytes } from './crc64.js';
import { ListpackBuilder, intsetBlob } from './listpack.js';
import * as F from './format.js';

export interface WriterOptions {
  /** rdbcompression: LZF for strings over 20 bytes. */
  compress: boolean;
  /** list-max-listpack-size (quicklist node limit); -2 when absent. */
  listFill?: number;
}

const QUICKLIST_LEVELS = [4096, 8192, 16384, 32768, 65536];
const SIZE_SAFETY_LIMIT = 8192;
const PACKED_THRESHOLD = 1 << 30;
/** quicklist.c's overestimate of one listpack entry's overhead. */
const SIZE_ESTIMATE_OVERHEAD = 8;

export class RdbWriter {
  private buf = Buffer.allocUnsafe(1 << 16);
  private pos = 0;
  readonly compress: boolean;
  readonly listFill: number;

  constructor(opts: WriterOptions) {
    this.compress = opts.compress;
    const fill = opts.listFill ?? -2;
    this.listFill = fill < -5 ? -5 : fill;
  }

  /** Bytes written and not yet taken. */
  get pending(): number {
    return this.pos;
  }

  /** The bytes written since the last take (a copy), resetting the writer. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    return out;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const nb = Buffer.allocUnsafe(size);
    this.buf.copy(nb, 0, 0, this.pos);
    this.buf = nb;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian length. */
  len(n: number | bigint): void {
    // negative values (entries-read -1, odd delivery counts) are stored as their uint64 pattern
    if (typeof n === 'number' && n >= 0 && n < 64) {
      this.u8(n);
    } else if (typeof n === 'number' && n >= 0 && n < 16384) {
      this.ensure(2);
      this.buf[this.pos++] = 0x40 | (n >> 8);
      this.buf[this.pos++] = n & 0xff;
    } else if (typeof n === 'number' && n >= 0 && n <= 0xffffffff) {
      this.ensure(5);
      this.buf[this.pos++] = 0x80;
      this.buf.writeUInt32BE(n, this.pos);
      this.pos += 4;
    } else {
      this.ensure(9);
      this.buf[this.pos++] = 0x81;
      this.buf.writeBigUInt64BE(BigInt.asUintN(64, BigInt(n)), this.pos);
      this.pos += 8;
    }
  }

  /** rdbSaveRawString for a latin1 string: integer, LZF or plain encoding. */
  str(s: string): void {
    const n = s.length;
    if (n <= 11) {
      const v = parseI64(s);
      if (v !== null && typeof v === 'number' && v >= -2147483648 && v <= 2147483647) {
        this.int(v);
        return;
      }
    }
    if (this.compress && n > 20) {
      const input = scratchIn(n);
      input.latin1Write(s, 0, n);
      if (this.lzf(input, n)) return;
    }
    this.len(n);
    this.ensure(n);
    this.pos += this.buf.latin1Write(s, this.pos);
  }

  /** rdbSaveRawString for bytes (listpack and intset blobs): LZF or plain. */
  blob(b: Buffer): void {
    if (this.compress && b.length > 20 && this.lzf(b, b.length)) return;
    this.len(b.length);
    this.raw(b);
  }

  private int(v: number): void {
    if (v >= -128 && v <= 127) {
      this.u8(0xc0 | F.ENC_INT8);
      this.u8(v & 0xff);
    } else if (v >= -32768 && v <= 32767) {
      this.ensure(3);
      this.buf[this.pos++] = 0xc0 | F.ENC_INT16;
      this.buf.writeInt16LE(v, this.pos);
      this.pos += 2;
    } else {
      this.ensure(5);
      this.buf[this.pos++] = 0xc0 | F.ENC_INT32;
      this.buf.writeInt32LE(v, this.pos);
      this.pos += 4;
    }
  }

  /** rdbSaveLzfStringObject: false when compression does not save at least 4 bytes. */
  private lzf(b: Uint8Array, n: number): boolean {
    if (n <= 4) return false;
    const out = scratchOut(n);
    const clen = lzfCompress(b, n, out, n - 4);
    if (clen === 0) return false;
    this.u8(0xc0 | F.ENC_LZF);
    this.len(clen);
    this.len(n);
    this.raw(out.subarray(0, clen));
    return true;
  }

  /** rdbSaveMillisecondTime: 8 bytes little-endian. */
  millis(ms: number): void {
    this.ensure(8);
    this.buf.writeBigInt64LE(BigInt(Math.trunc(ms)), this.pos);
    this.pos += 8;
  }

  /** rdbSaveBinaryDoubleValue. */
  double(d: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(d, this.pos);
    this.pos += 8;
  }

  /** rdbSaveObjectType + rdbSaveObject. */
  object(v: Value): void {
    if (typeof v === 'string') {
      this.type(F.T_STRING);
      this.str(v);
      return;
    }
    switch (v.type) {
      case 'list': return this.list(v as ListValue);
      case 'set': return this.set(v as RSet);
      case 'zset': return this.zset(v as ZSet);
      case 'hash': return this.hash(v as RHash);
      case 'stream': return this.stream(v as Stream);
    }
  }

  /**
   * A full key record, as rdbSaveKeyValuePair: [expire] [IDLE seconds | FREQ
   * counter] type key value. `idle`/`freq` are given under an LRU/LFU policy.
   */
  keyValue(key: string, v: Value, expireAt: number | undefined, idle = -1, freq = -1): void {
    if (expireAt !== undefined) {
      this.u8(F.OP_EXPIRETIME_MS);
      this.millis(expireAt);
    }
    if (idle >= 0) {
      this.u8(F.OP_IDLE);
      this.len(idle);
    } else if (freq >= 0) {
      this.u8(F.OP_FREQ);
      this.u8(freq);
    }
    this.pendingKey = key;
    this.object(v);
  }

  /** Key written right after the next type byte (the record layout is type, key, value). */
  private pendingKey: string | null = null;

  private type(t: number): void {
    this.u8(t);
    const k = this.pendingKey;
    if (k !== null) {
      this.pendingKey = null;
      this.str(k);
    }
  }

  private list(l: ListValue): void {
    this.type(F.T_LIST_QUICKLIST_2);
    const fill = this.listFill;
    const nodes: (ListpackBuilder | string)[] = [];
    let cur: ListpackBuilder | null = null;
    for (let i = 0; i < l.length; i++) {
      const s = l.at(i);
      const sz = s.length;
      if (sz >= PACKED_THRESHOLD) {
        nodes.push(s);
        cur = null;
        continue;
      }
      if (cur === null || !allowInsert(cur, fill, sz)) {
        cur = new ListpackBuilder();
        nodes.push(cur);
      }
      cur.push(s);
    }
    this.len(nodes.length);
    for (const n of nodes) {
      if (typeof n === 'string') {
        this.len(F.QL_PLAIN);
        this.str(n);
      } else {
        this.len(F.QL_PACKED);
        this.blob(n.finish());
      }
    }
  }

  private set(s: RSet): void {
    if (s.ints !== null) {
      this.type(F.T_SET_INTSET);
      this.blob(intsetBlob(s.ints));
      return;
    }
    this.type(F.T_SET);
    const n = s.size;
    this.len(n);
    for (let i = 0; i < n; i++) this.str(s.at(i));
  }

  private zset(z: ZSet): void {
    const n = z.size;
    if (z.listpack) {
      this.type(F.T_ZSET_LISTPACK);
      const lp = new ListpackBuilder();
      for (let cur = z.at(0); cur.valid; cur.next()) {
        lp.push(cur.member);
        lp.push(scoreText(cur.score));
      }
      this.blob(lp.finish());
      return;
    }
    this.type(F.T_ZSET_2);
    this.len(n);
    // Redis walks its skiplist from the tail: highest score first.
    for (let cur = z.at(n - 1); cur.valid; cur.prev()) {
      this.str(cur.member);
      this.double(cur.score);
    }
  }

  private hash(h: RHash): void {
    if (h.lp !== null) {
      this.type(F.T_HASH_LISTPACK);
      const lp = new ListpackBuilder();
      for (const s of h.lp) lp.push(s);
      this.blob(lp.finish());
      return;
    }
    this.type(F.T_HASH);
    this.len(h.size);
    h.forEach((f, v) => {
      this.str(f);
      this.str(v);
    });
  }

  private stream(s: Stream): void {
    this.type(F.T_STREAM_LISTPACKS_2);
    const nodes = s.nodes;
    const live: StreamNode[] = [];
    for (let i = s.head; i < nodes.length; i++) if (nodes[i].live > 0) live.push(nodes[i]);
    this.len(live.length);
    for (const node of live) {
      this.blob(idBytes(node.masterMs, node.masterSeq));
      this.blob(streamNodeListpack(node));
    }
    this.len(s.length);
    this.id(s.lastId);
    this.id(s.firstId);
    this.id(s.maxDeletedId);
    this.len(s.entriesAdded);
    const groups = groupsOf(s);
    const names = sortedGroupNames(s);
    this.len(names.length);
    for (const name of names) {
      const g = groups!.get(name) as CGroup;
      this.str(name);
      this.id(g.lastId);
      this.len(g.entriesRead);
      this.pel(g.pel, true);
      this.len(g.consumers.size);
      for (let c = g.consumers.first(); c !== null; c = c.next[0]) {
        this.str(c.value.name);
        this.millis(c.value.seenTime);
        this.pel(c.value.pel, false);
      }
    }
  }

  private id(id: StreamID): void {
    this.len(id.ms);
    this.len(id.seq);
  }

  private pel(pel: SkipList<StreamID, Nack>, nacks: boolean): void {
    this.len(pel.size);
    for (let n = pel.first(); n !== null; n = n.next[0]) {
      this.raw(idBytes(n.key.ms, n.key.seq));
      if (nacks) {
        this.millis(n.value.deliveryTime);
        this.len(n.value.deliveryCount);
      }
    }
  }
}

// Reused scratch buffers: serialising a value must not allocate per string (GC dominated otherwise).
let inBuf = Buffer.allocUnsafe(1 << 12);
let outBuf = Buffer.allocUnsafe(1 << 12);

function scratchIn(n: number): Buffer {
  if (inBuf.length < n) inBuf = Buffer.allocUnsafe(Math.max(n, inBuf.length * 2));
  return inBuf;
}

function scratchOut(n: number): Buffer {
  if (outBuf.length < n) outBuf = Buffer.allocUnsafe(Math.max(n, outBuf.length * 2));
  return outBuf;
}

/** _quicklistNodeAllowInsert (7.0): whether an element of `sz` bytes still fits the node. */
function allowInsert(node: ListpackBuilder, fill: number, sz: number): boolean {
  const newSz = node.size + sz + SIZE_ESTIMATE_OVERHEAD;
  if (fill < 0 && newSz <= QUICKLIST_LEVELS[-fill - 1]) return true;
  if (newSz > SIZE_SAFETY_LIMIT) return false;
  return node.length < fill;
}

/** d2string as Redis 7.0 stores zset listpack scores. */
export function scoreText(d: number): string {
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  return formatDouble17g(d);
}

/** A stream ID as the 16 big-endian bytes rax keys and PEL records use. */
export function idBytes(ms: U64, seq: U64): Buffer {
  const b = Buffer.allocUnsafe(16);
  b.writeBigUInt64BE(BigInt(ms), 0);
  b.writeBigUInt64BE(BigInt(seq), 8);
  return b;
}

/**
 * The listpack of one stream macro node. Deleted entries are left out (we
 * do not keep their data), so the master entry reports deleted = 0; the
 * node stays valid for Redis, which only counts flags.
 */
function streamNodeListpack(node: StreamNode): Buffer {
  const lp = new ListpackBuilder();
  const mf = node.masterFields;
  lp.pushInt(node.live);
  lp.pushInt(0);
  lp.pushInt(mf.length);
  for (const f of mf) lp.push(f);
  lp.pushInt(0);
  const ms = node.masterMs;
  const seq = node.masterSeq;
  for (let p = 0; p < node.size; p++) {
    if (!node.isLive(p)) continue;
    const fv = node.entry(p);
    const n = fv.length >> 1;
    let same = n === mf.length;
    for (let i = 0; same && i < n; i++) if (fv[2 * i] !== mf[i]) same = false;
    lp.pushInt(same ? F.STREAM_ITEM_SAMEFIELDS : 0);
    lp.pushInt(diff(node.ms[p], ms));
    lp.pushInt(diff(node.seq[p], seq));
    if (same) {
      for (let i = 1; i < fv.length; i += 2) lp.push(fv[i]);
      lp.pushInt(n + 3);
    } else {
      lp.pushInt(n);
      for (let i = 0; i < fv.length; i++) lp.push(fv[i]);
      lp.pushInt(2 * n + 4);
    }
  }
  return lp.finish();
}

/** a - b as the int64 Redis stores (wrapping like its unsigned subtraction). */
function diff(a: U64, b: U64): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const d = BigInt.asIntN(64, BigInt(a) - BigInt(b));
  return d >= -9007199254740991n && d <= 9007199254740991n ? Number(d) : d;
}

/** DUMP's payload: the object, RDB version (2 bytes LE), CRC64 of both. */
export function dumpPayload(v: Value, opts: WriterOptions): Buffer {
  const w = new RdbWriter(opts);
  w.object(v);
  w.u8(F.RDB_VERSION & 0xff);
  w.u8(F.RDB_VERSION >> 8);
  const body = w.take();
  const st = crc64Init();
  crc64Update(st, body);
  return Buffer.concat([body, crc64Bytes(st)]);
}
