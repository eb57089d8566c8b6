/**
 * Point-in-time RDB snapshots of the keyspace, with and without stalling.
 *
 *   writeRdb(dbs, opts)                    whole file at once (SAVE, DEBUG RELOAD, SHUTDOWN)
 *   new Snapshot(dbs, opts, sink).start()  fork-less: walks the keyspace in slices between
 *                                          event-loop turns while clients are served
 *
 * How the fork-less snapshot stays point-in-time: the instant it starts is
 * T. Before any key is changed or deleted (commands, expiry, eviction) the
 * keyspace calls `beforeWrite(db, key)`; if the walk has not emitted that
 * key yet, its value — still the one it had at T — is serialised first
 * (copy-before-write), and the key is remembered so the walk skips it. A
 * key that did not exist at T is remembered too, so the walk never emits
 * it. FLUSHDB/FLUSHALL replace the dictionaries while a snapshot runs
 * (the walk keeps the old ones), and SWAPDB only exchanges dictionary
 * references, so each walk follows the dictionary its database had at T.
 *
 * Records land in the current database's section of the file when the
 * write is in the database being walked, otherwise in a side buffer
 * emitted when the walk enters that database.
 */
import type { Database } from '../../keyspace/database.js';
import type { Value } from '../../keyspace/value.js';
import { RdbWriter, type WriterOptions } from './encode.js';
import { crc64Init, crc64Update, crc64Bytes, type Crc64State } from './crc64.js';
import * as F from './format.js';

export interface RdbOptions extends WriterOptions {
  /** rdbchecksum: when false the trailer is 8 zero bytes. */
  checksum: boolean;
  /** Aux fields in order (redis-ver, redis-bits, ctime, used-mem, aof-base…). */
  aux: [string, string][];
  /** FUNCTION library codes, saved before the keys. */
  functions: string[];
  /** Under an LRU/LFU maxmemory policy: a key's idle seconds or LFU counter (the other -1), saved with it. */
  access?: (db: Database, key: string, v: Value) => [idle: number, freq: number];
}

/** Writes one key with its expiry and, when the options ask, its LRU/LFU metadata. */
function writeKey(w: RdbWriter, opts: RdbOptions, db: Database, expires: Map<string, number>, k: string, v: Value): void {
  const exp = expires.size === 0 ? undefined : expires.get(k);
  if (opts.access === undefined) {
    w.keyValue(k, v, exp);
    return;
  }
  const [idle, freq] = opts.access(db, k, v);
  w.keyValue(k, v, exp, idle, freq);
}

/** The aux fields Redis 7.0 writes for a plain save. */
export function defaultAux(usedMem: number, aofBase = false): [string, string][] {
  return [
    ['redis-ver', '7.0.15'],
    ['redis-bits', '64'],
    ['ctime', String(Math.floor(Date.now() / 1000))],
    ['used-mem', String(usedMem)],
    ['aof-base', aofBase ? '1' : '0'],
  ];
}

function writeHeader(w: RdbWriter, opts: RdbOptions): void {
  w.raw(Buffer.from(`REDIS${String(F.RDB_VERSION).padStart(4, '0')}`, 'latin1'));
  for (const [k, v] of opts.aux) {
    w.u8(F.OP_AUX);
    w.str(k);
    w.str(v);
  }
  for (const code of opts.functions) {
    w.u8(F.OP_FUNCTION2);
    w.str(code);
  }
}

function writeDbHeader(w: RdbWriter, id: number, size: number, expires: number): void {
  w.u8(F.OP_SELECTDB);
  w.len(id);
  w.u8(F.OP_RESIZEDB);
  w.len(size);
  w.len(expires);
}

/** A complete RDB file of the databases as they are now. */
export function writeRdb(dbs: readonly Database[], opts: RdbOptions): Buffer {
  const w = new RdbWriter(opts);
  const parts: Buffer[] = [];
  writeHeader(w, opts);
  for (const db of dbs) {
    if (db.dict.size === 0) continue;
    writeDbHeader(w, db.id, db.dict.size, db.expires.size);
    const exp = db.expires;
    for (const [k, v] of db.dict) {
      writeKey(w, opts, db, exp, k, v);
      if (w.pending > 1 << 20) parts.push(w.take());
    }
  }
  w.u8(F.OP_EOF);
  parts.push(w.take());
  const body = Buffer.concat(parts);
  const st = crc64Init();
  if (opts.checksum) crc64Update(st, body);
  return Buffer.concat([body, crc64Bytes(st)]);
}

/** Where a fork-less snapshot's bytes go, in order. */
export interface SnapshotSink {
  write(chunk: Buffer): void;
  /** Called once: null when the file is complete (the last chunk included the checksum). */
  end(err: Error | null): void;
}

/**
 * A set of keys split over many small JS Sets by a hash of the key's tail.
 * One Set of a million keys would rehash (copy its whole table) in a single
 * step of tens of milliseconds — an event-loop stall in the middle of a
 * snapshot; small Sets grow in small steps.
 */
class KeySet {
  private readonly parts: Set<string>[] = [];

  constructor() {
    for (let i = 0; i < 1024; i++) this.parts.push(new Set());
  }

  private part(k: string): Set<string> {
    let h = k.length;
    const from = k.length > 12 ? k.length - 12 : 0;
    for (let i = from; i < k.length; i++) h = Math.imul(h ^ k.charCodeAt(i), 0x9e3779b1);
    return this.parts[(h >>> 20) & 1023];
  }

  has(k: string): boolean {
    return this.part(k).has(k);
  }

  add(k: string): void {
    this.part(k).add(k);
  }
}

interface DbWalk {
  id: number;
  /** The database (for LRU/LFU metadata; its dictionaries may since have been swapped or flushed). */
  db: Database;
  dict: Map<string, Value>;
  expires: Map<string, number>;
  size: number;
  expiresSize: number;
  /** Keys emitted (by the walk or copy-before-write) or created after T: the walk skips them. */
  seen: KeySet;
  /** Copy-before-write records for a database the walk has not entered yet. */
  side: RdbWriter | null;
  state: 'pending' | 'walking' | 'done';
}

export interface SnapshotStats {
  keys: number;
  /** Keys serialised ahead of the walk because they were about to change. */
  copiedBeforeWrite: number;
  /** Longest slice, ms. */
  maxSliceMs: number;
  slices: number;
}

export class Snapshot {
  private readonly walks: DbWalk[] = [];
  private readonly byDict = new Map<Map<string, Value>, DbWalk>();
  private readonly w: RdbWriter;
  private readonly crc: Crc64State = crc64Init();
  private cur = -1;
  private iter: Iterator<[string, Value]> | null = null;
  private finished = false;
  readonly stats: SnapshotStats = { keys: 0, copiedBeforeWrite: 0, maxSliceMs: 0, slices: 0 };
  /** Budget per slice (ms) and output flush size (bytes). */
  sliceMs = 2;
  chunkBytes = 1 << 20;

  constructor(dbs: readonly Database[], private readonly opts: RdbOptions, private readonly sink: SnapshotSink) {
    this.w = new RdbWriter(opts);
    for (const db of dbs) {
      if (db.dict.size === 0) continue;
      const walk: DbWalk = {
        id: db.id, db, dict: db.dict, expires: db.expires, size: db.dict.size, expiresSize: db.expires.size,
        seen: new KeySet(), side: null, state: 'pending',
      };
      this.walks.push(walk);
      this.byDict.set(db.dict, walk);
    }
    writeHeader(this.w, opts);
  }

  /** True while the walk runs: the keyspace must call beforeWrite. */
  get active(): boolean {
    return !this.finished;
  }

  /** Starts walking on the next event-loop turns. */
  start(): void {
    setImmediate(() => this.slice());
  }

  /** Whether `dict` belongs to this snapshot's view (FLUSHDB must then replace it, not clear it). */
  holds(dict: Map<string, Value>): boolean {
    const walk = this.byDict.get(dict);
    return walk !== undefined && walk.state !== 'done';
  }

  /** Copy-before-write: call before `key` of `db` changes or goes away. */
  beforeWrite(db: Database, key: string): void {
    const walk = this.byDict.get(db.dict);
    if (walk === undefined || walk.state === 'done' || walk.seen.has(key)) return;
    walk.seen.add(key);
    const v = walk.dict.get(key);
    if (v === undefined) return; // created after T: the walk will skip it
    const out = walk.state === 'walking' ? this.w : (walk.side ??= new RdbWriter(this.opts));
    writeKey(out, this.opts, walk.db, walk.expires, key, v);
    this.stats.copiedBeforeWrite++;
    this.stats.keys++;
  }

  /** Stops without completing (the sink gets the error). */
  abort(err: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.sink.end(err);
  }

  private flush(): void {
    const chunk = this.w.take();
    if (this.opts.checksum) crc64Update(this.crc, chunk);
    this.sink.write(chunk);
  }

  private slice(): void {
    if (this.finished) return;
    const t0 = performance.now();
    try {
      this.walk(t0);
    } catch (e) {
      this.abort(e as Error);
      return;
    }
    const dt = performance.now() - t0;
    this.stats.slices++;
    if (dt > this.stats.maxSliceMs) this.stats.maxSliceMs = dt;
    if (!this.finished) setImmediate(() => this.slice());
  }

  private walk(t0: number): void {
    const w = this.w;
    for (;;) {
      if (this.iter === null) {
        if (this.cur >= 0) this.walks[this.cur].state = 'done';
        this.cur++;
        if (this.cur >= this.walks.length) {
          w.u8(F.OP_EOF);
          this.flush();
          this.finished = true;
          this.sink.write(crc64Bytes(this.crc));
          this.sink.end(null);
          return;
        }
        const walk = this.walks[this.cur];
        walk.state = 'walking';
        writeDbHeader(w, walk.id, walk.size, walk.expiresSize);
        if (walk.side !== null) w.raw(walk.side.take());
        walk.side = null;
        this.iter = walk.dict.entries();
      }
      const walk = this.walks[this.cur];
      const it = this.iter;
      const seen = walk.seen;
      const exp = walk.expires;
      for (let n = 0; ; n++) {
        const r = it.next();
        if (r.done) {
          this.iter = null;
          walk.seen = new KeySet();
          break;
        }
        const [k, v] = r.value;
        if (seen.has(k)) continue;
        seen.add(k);
        writeKey(w, this.opts, walk.db, exp, k, v);
        this.stats.keys++;
        if (w.pending >= this.chunkBytes) this.flush();
        if ((n & 63) === 63 && performance.now() - t0 >= this.sliceMs) {
          if (w.pending > 0) this.flush();
          return;
        }
      }
    }
  }
}
