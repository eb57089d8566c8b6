/**
 * The keyspace: all databases plus the rules every command relies on —
 * lazy expiry on access, hit/miss counting, and one `modified` signal raised
 * for every write so WATCH, keyspace notifications, client tracking and
 * blocked-client wakeups all hang off the same place.
 */
import { Database } from './database.js';
import { stringEncoding, type Value } from './value.js';
import { AccessTracker } from './access.js';

export type ModifiedListener = (db: Database, key: string) => void;

/**
 * A point-in-time view being written out (fork-less BGSAVE): told before a
 * key changes or disappears so it can save the old value first, and asked
 * whether a dictionary must be left intact (FLUSH replaces it instead).
 */
export interface SnapshotGuard {
  beforeWrite(db: Database, key: string): void;
  holds(dict: Map<string, Value>): boolean;
}
export type NotifyListener = (flag: string, event: string, key: string, dbid: number) => void;

/** The counters the keyspace bumps (INFO stats); the server's Stats has them. */
export interface KeyspaceStats {
  expiredKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
}

export class Keyspace {
  dbs: Database[];
  private modifiedListeners: ModifiedListener[] = [];
  private notifyListeners: NotifyListener[] = [];
  /** Set while loading or replaying: no expiry on access. */
  noLazyExpire = false;
  /** Raise 'new' (n) events when set() adds a key; kept false unless someone listens. */
  notifyNewKeys = false;
  /** Raise 'keymiss' (m) events on read misses; kept false unless someone listens. */
  notifyKeyMiss = false;
  /** True while flushDb signals the keys it is about to drop (tracking sends one flush message instead). */
  flushing = false;
  private flushListeners: ((db: Database | null) => void)[] = [];
  /** LRU/LFU metadata kept per key (OBJECT IDLETIME/FREQ, eviction). */
  readonly access = new AccessTracker();
  /** While a script runs: its start time, against which keys expire (0 = now). */
  scriptTime = 0;
  /**
   * Writes signalled so far (Redis's server.dirty as far as propagation needs
   * it): a command that moved it changed the dataset and is propagated.
   * Expiry does not count: its deletion is propagated on its own.
   */
  dirty = 0;
  /** Told when a key is deleted because its TTL passed (propagated as DEL/UNLINK). */
  readonly expiredListeners: ((db: Database, key: string) => void)[] = [];
  /** The snapshot in progress, if any: every mutation path checks this one field. */
  snapshot: SnapshotGuard | null = null;
  /**
   * Until when (ms) expiry is suspended (CLIENT PAUSE): an expired key reads
   * as missing but stays stored, so the dataset does not change while writes
   * wait (Redis's expireIfNeeded under a pause). 0 = not suspended.
   */
  expiryPausedUntil = 0;

  constructor(count: number, readonly stats: KeyspaceStats) {
    this.dbs = [];
    for (let i = 0; i < count; i++) this.dbs.push(new Database(i));
  }

  onModified(fn: ModifiedListener): void {
    this.modifiedListeners.push(fn);
  }

  onNotify(fn: NotifyListener): void {
    this.notifyListeners.push(fn);
  }

  /** Called once per FLUSHDB (with its database) or FLUSHALL (with null), before keys are signalled. */
  onFlush(fn: (db: Database | null) => void): void {
    this.flushListeners.push(fn);
  }

  /** Signals that `key` changed (WATCH, tracking, blocked clients). */
  modified(db: Database, key: string): void {
    this.dirty++;
    this.signal(db, key);
  }

  /**
   * Signals `key` as modified for WATCH, tracking and blocked clients
   * without counting a write: Redis signals some commands that changed
   * nothing (LTRIM keeping every element), and those are not propagated.
   */
  signalUnchanged(db: Database, key: string): void {
    this.signal(db, key);
  }

  private signal(db: Database, key: string): void {
    const ls = this.modifiedListeners;
    for (let i = 0; i < ls.length; i++) ls[i](db, key);
  }

  /** Raises a keyspace event (`flag` is the notify-keyspace-events class letter). */
  notify(flag: string, event: string, key: string, dbid: number): void {
    const ls = this.notifyListeners;
    for (let i = 0; i < ls.length; i++) ls[i](flag, event, key, dbid);
  }

  /**
   * Deletes `key` if its TTL has passed; true when it was expired (callers
   * then treat it as missing: while expiry is paused it is only hidden).
   */
  expireIfNeeded(db: Database, key: string): boolean {
    if (db.expires.size === 0) return false;
    const when = db.expires.get(key);
    if (when === undefined || this.noLazyExpire) return false;
    const now = this.scriptTime !== 0 ? this.scriptTime : Date.now();
    if (when > now) return false;
    if (this.expiryPausedUntil !== 0 && Date.now() < this.expiryPausedUntil) return true;
    this.expireNow(db, key);
    return true;
  }

  /** The stored value of `key` after lazy expiry (undefined when missing or expired). */
  private live(db: Database, key: string): Value | undefined {
    if (db.expires.size !== 0 && this.expireIfNeeded(db, key)) return undefined;
    return db.dict.get(key);
  }

  /** Removes an expired key and raises its events. */
  expireNow(db: Database, key: string): void {
    if (this.snapshot !== null) this.snapshot.beforeWrite(db, key);
    db.dict.delete(key);
    db.expires.delete(key);
    if (db.access.size !== 0) db.access.delete(key);
    if (db.strEnc.size !== 0) db.strEnc.delete(key);
    this.stats.expiredKeys++;
    this.notify('x', 'expired', key, db.id);
    this.signal(db, key);
    const ls = this.expiredListeners;
    for (let i = 0; i < ls.length; i++) ls[i](db, key);
  }

  /** Read lookup: expires lazily and counts keyspace hits/misses. */
  lookupRead(db: Database, key: string): Value | undefined {
    const v = this.live(db, key);
    if (v === undefined) {
      this.stats.keyspaceMisses++;
      if (this.notifyKeyMiss) this.notify('m', 'keymiss', key, db.id);
    } else {
      this.stats.keyspaceHits++;
      if (this.access.enabled) this.access.touch(db, key, v);
    }
    return v;
  }

  /**
   * Read lookup that leaves the access time alone (Redis's LOOKUP_NOTOUCH:
   * TYPE, TTL, EXISTS, OBJECT); `notifyMiss` false for LOOKUP_NONOTIFY.
   */
  lookupReadNoTouch(db: Database, key: string, notifyMiss = true): Value | undefined {
    const v = this.live(db, key);
    if (v === undefined) {
      this.stats.keyspaceMisses++;
      if (notifyMiss && this.notifyKeyMiss) this.notify('m', 'keymiss', key, db.id);
    } else {
      this.stats.keyspaceHits++;
    }
    return v;
  }

  /** Write lookup: expires lazily, no statistics. */
  lookupWrite(db: Database, key: string): Value | undefined {
    if (this.snapshot !== null) this.snapshot.beforeWrite(db, key);
    const v = this.live(db, key);
    if (v !== undefined && this.access.enabled) this.access.touch(db, key, v);
    return v;
  }

  /** Existence check with lazy expiry and no statistics (internal use; the EXISTS command counts hits via lookupReadNoTouch). */
  exists(db: Database, key: string): boolean {
    return this.live(db, key) !== undefined;
  }

  /** setKey: stores a value, dropping any TTL unless keepTtl, and signals the change. */
  set(db: Database, key: string, value: Value, keepTtl = false): void {
    if (this.snapshot !== null) this.snapshot.beforeWrite(db, key);
    const size = db.dict.size;
    const tracked = this.access.enabled;
    const old = tracked && this.access.lfu ? db.dict.get(key) : undefined; // LFU data survives an overwrite
    db.dict.set(key, value);
    if (db.dict.size !== size) {
      if (tracked) this.access.created(db, key, value);
      if (this.notifyNewKeys) this.notify('n', 'new', key, db.id); // Redis's dbAdd event, before the command's own
    } else if (tracked) {
      this.access.overwritten(db, key, old, value);
    } else if (db.access.size !== 0) {
      db.access.delete(key); // a new value object: whatever COPY recorded for the old one is gone
    }
    if (!keepTtl && db.expires.size !== 0) db.expires.delete(key);
    if (db.strEnc.size !== 0) db.strEnc.delete(key);
    this.modified(db, key);
  }

  /**
   * Records the encoding Redis gives the string just stored at `key` by a
   * command that builds it outside SET's tryObjectEncoding (APPEND → raw,
   * INCRBYFLOAT → embstr…); nothing is kept when the content implies it anyway.
   */
  setStringEncoding(db: Database, key: string, value: string, enc: string): void {
    if (stringEncoding(value) !== enc) db.strEnc.set(key, enc);
    else if (db.strEnc.size !== 0) db.strEnc.delete(key);
  }

  /** RENAME / MOVE / COPY: the value (or its duplicate) keeps its encoding under the new key. */
  carryStringEncoding(from: Database, fromKey: string, to: Database, toKey: string): void {
    const enc = from.strEnc.size !== 0 ? from.strEnc.get(fromKey) : undefined;
    if (enc !== undefined) to.strEnc.set(toKey, enc);
  }

  /** OBJECT ENCODING of a string value stored at `key`. */
  stringEncodingOf(db: Database, key: string, value: string): string {
    return (db.strEnc.size !== 0 ? db.strEnc.get(key) : undefined) ?? stringEncoding(value);
  }

  /** Replaces a value in place (same key, TTL kept) without signalling; callers signal once per command. */
  put(db: Database, key: string, value: Value): void {
    if (this.snapshot !== null) this.snapshot.beforeWrite(db, key);
    db.dict.set(key, value);
  }

  /** Deletes a key; true when it existed. Signals the change. */
  delete(db: Database, key: string): boolean {
    if (this.snapshot !== null) this.snapshot.beforeWrite(db, key);
    if (!db.dict.delete(key)) return false;
    if (db.expires.size !== 0) db.expires.delete(key);
    if (db.access.size !== 0) db.access.delete(key);
    if (db.strEnc.size !== 0) db.strEnc.delete(key);
    this.modified(db, key);
    return true;
  }

  setExpire(db: Database, key: string, whenMs: number): void {
    if (this.snapshot !== null) this.snapshot.beforeWrite(db, key);
    db.expires.set(key, whenMs);
  }

  getExpire(db: Database, key: string): number | undefined {
    return db.expires.size === 0 ? undefined : db.expires.get(key);
  }

  removeExpire(db: Database, key: string): boolean {
    if (this.snapshot !== null) this.snapshot.beforeWrite(db, key);
    return db.expires.size !== 0 && db.expires.delete(key);
  }

  /** Empties one database (FLUSHDB) and signals every key it held. */
  flushDb(db: Database): number {
    for (const fn of this.flushListeners) fn(db);
    return this.clearDb(db);
  }

  private clearDb(db: Database): number {
    const n = db.dict.size;
    this.flushing = true;
    try {
      if (this.modifiedListeners.length !== 0) for (const k of db.dict.keys()) this.modified(db, k);
    } finally {
      this.flushing = false;
    }
    if (this.snapshot !== null && this.snapshot.holds(db.dict)) {
      // a snapshot is still walking these: it keeps them, the database starts afresh
      db.dict = new Map();
      db.expires = new Map();
    } else {
      db.dict.clear();
      db.expires.clear();
    }
    db.access.clear();
    db.strEnc.clear();
    db.expireCursor = null;
    db.avgTtl = 0;
    return n;
  }

  /**
   * SWAPDB: the two databases exchange their data. A key watched (or waited
   * on) in either database changes if it exists in either, so every key of
   * both is signalled in both.
   */
  /**
   * SWAPDB. Not a per-key modification (Redis's SWAPDB does not invalidate
   * client tracking); WATCH and blocked clients react through swap listeners.
   */
  swapDatabases(a: Database, b: Database): void {
    for (const fn of this.swapListeners) fn(a, b);
    a.swapContents(b);
    for (const fn of this.swappedListeners) fn(a, b);
  }

  /** Called before the contents of two databases are exchanged (WATCH). */
  readonly swapListeners: ((a: Database, b: Database) => void)[] = [];
  /** Called after the exchange (blocked clients whose keys now exist). */
  readonly swappedListeners: ((a: Database, b: Database) => void)[] = [];

  flushAll(): number {
    for (const fn of this.flushListeners) fn(null);
    let n = 0;
    for (const db of this.dbs) n += this.clearDb(db);
    return n;
  }

  totalKeys(): number {
    let n = 0;
    for (const db of this.dbs) n += db.dict.size;
    return n;
  }
}
