/**
 * Per-key access metadata: what Redis keeps in the 24 "lru" bits of every
 * object, behind OBJECT IDLETIME / OBJECT FREQ and (later) LRU/LFU eviction.
 *
 * Values are strings or objects, so the metadata lives beside them in each
 * Database's `access` Map (key → small integer, so V8 stores it unboxed).
 * As in Redis the integer means one of two things depending on the
 * maxmemory-policy:
 *   LRU (default): the LRU clock in seconds, modulo 2^24, at last access;
 *   LFU policies:  (minutes modulo 2^16) << 8 | logarithmic counter.
 * Switching policy at runtime reinterprets old values, exactly as Redis
 * warns in its OBJECT error texts.
 *
 * Shared integers: Redis stores the string values 0..9999 as one shared
 * object each (unless maxmemory is set with an LRU/LFU policy), so all keys
 * holding "1" share one access time and OBJECT REFCOUNT says 2147483647.
 * This is mirrored: a key holding such a value has no entry of its own and
 * uses the value's slot in `shared`. A key that does have an entry owns its
 * object (e.g. made by COPY, which duplicates the shared integer).
 *
 * Lookups touch a key (lookupRead/lookupWrite), "NOTOUCH" lookups (TYPE,
 * TTL, EXISTS, OBJECT) do not. The clock is refreshed by the server cron,
 * like Redis's cached server.lruclock.
 */
import type { Database } from './database.js';
import type { Value } from './value.js';
import type { Config } from '../config/registry.js';

const LRU_CLOCK_MAX = (1 << 24) - 1;
const LRU_CLOCK_RESOLUTION = 1000;
/** Counter given to new keys so they are not evicted before they can be used. */
export const LFU_INIT_VAL = 5;
/** Values 0..OBJ_SHARED_INTEGERS-1 are shared objects in Redis. */
export const OBJ_SHARED_INTEGERS = 10000;

export interface AccessSettings {
  /**
   * Track per-key access at all. Only while maxmemory-policy is an LRU or
   * LFU one: the metadata costs a Map entry per key (~28 bytes), which is a
   * third of a small key's footprint, and only eviction needs it. Without
   * it OBJECT IDLETIME counts from the moment tracking was last on.
   */
  enabled: boolean;
  /** maxmemory-policy is an LFU one. */
  lfu: boolean;
  lfuLogFactor: number;
  lfuDecayTime: number;
  /** maxmemory is set with an LRU or LFU policy: integers are not shared. */
  noSharedIntegers: boolean;
}

/** The shared-integer index of a string value, or -1 ("0".."9999" written canonically). */
export function sharedIntegerIndex(v: Value): number {
  if (typeof v !== 'string') return -1;
  const n = v.length;
  if (n === 0 || n > 4) return -1;
  let x = 0;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || (c === 0 && i === 0 && n > 1)) return -1;
    x = x * 10 + c;
  }
  return x;
}

export class AccessTracker implements AccessSettings {
  enabled = false;
  lfu = false;
  lfuLogFactor = 10;
  lfuDecayTime = 1;
  noSharedIntegers = false;
  /** Cached unix time in seconds (refreshed by tick()). */
  private unixSec = Math.floor(Date.now() / 1000);
  /** Metadata of the shared integer objects. */
  private readonly shared = new Int32Array(OBJ_SHARED_INTEGERS);
  private configured = false;

  /** Applies the maxmemory settings; the first call also dates the shared integers (server start). */
  configure(s: AccessSettings): void {
    this.enabled = s.enabled;
    this.lfu = s.lfu;
    this.lfuLogFactor = s.lfuLogFactor;
    this.lfuDecayTime = s.lfuDecayTime;
    this.noSharedIntegers = s.noSharedIntegers;
    if (!this.configured) {
      this.configured = true;
      this.shared.fill(this.fresh());
    }
  }

  /** Refreshes the cached clock (server cron). */
  tick(now = Date.now()): void {
    this.unixSec = Math.floor(now / 1000);
  }

  private lruClock(): number {
    return this.unixSec & LRU_CLOCK_MAX;
  }

  private minutes(): number {
    return Math.floor(this.unixSec / 60) & 65535;
  }

  /** Metadata for a freshly created value. */
  private fresh(): number {
    return this.lfu ? (this.minutes() << 8) | LFU_INIT_VAL : this.lruClock();
  }

  /** Slot of the shared integer `v` would be stored as, or -1. */
  private sharedSlot(v: Value): number {
    return this.noSharedIntegers ? -1 : sharedIntegerIndex(v);
  }

  /** True when `key` (holding `v`) is one of Redis's shared integer objects. */
  isShared(db: Database, key: string, v: Value): boolean {
    return this.sharedSlot(v) >= 0 && !db.access.has(key);
  }

  /** A key was added with a new value. */
  created(db: Database, key: string, v: Value): void {
    if (this.sharedSlot(v) >= 0) db.access.delete(key);
    else db.access.set(key, this.fresh());
  }

  /** A key now owns a fresh copy of its value, even a small integer (COPY's duplicate). */
  owned(db: Database, key: string): void {
    db.access.set(key, this.fresh());
  }

  /**
   * A key's value was replaced by a new one: fresh LRU time, but the LFU
   * data is inherited so hot keys stay hot across SETs (dbOverwrite copies
   * it — into the shared object too when the new value is shared).
   */
  overwritten(db: Database, key: string, oldValue: Value | undefined, v: Value): void {
    const slot = this.sharedSlot(v);
    if (this.lfu) {
      const old = this.current(db, key, oldValue);
      if (slot >= 0) {
        this.shared[slot] = old;
        db.access.delete(key);
      } else {
        db.access.set(key, old);
      }
      return;
    }
    if (slot >= 0) db.access.delete(key);
    else db.access.set(key, this.lruClock());
  }

  /** The key was accessed (a lookup without NOTOUCH). */
  touch(db: Database, key: string, v: Value): void {
    const slot = this.sharedSlot(v);
    if (slot >= 0 && !db.access.has(key)) {
      this.shared[slot] = this.touched(this.shared[slot]);
      return;
    }
    if (!this.lfu) db.access.set(key, this.lruClock());
    else db.access.set(key, this.touched(db.access.get(key) ?? this.fresh()));
  }

  private touched(old: number): number {
    if (!this.lfu) return this.lruClock();
    return (this.minutes() << 8) | logIncr(this.decayed(old), this.lfuLogFactor);
  }

  /** Moves a key's metadata (RENAME, MOVE carry the same object in Redis). */
  carry(from: Database, fromKey: string, to: Database, toKey: string): void {
    const v = from.access.get(fromKey);
    if (v !== undefined) to.access.set(toKey, v);
  }

  /** Raw metadata of the object `key` holds. */
  private current(db: Database, key: string, v: Value | undefined): number {
    const own = db.access.get(key);
    if (own !== undefined) return own;
    const slot = v === undefined ? -1 : this.sharedSlot(v);
    return slot >= 0 ? this.shared[slot] : this.fresh();
  }

  /**
   * objectSetLRUOrLFU: RESTORE's IDLETIME (seconds) or FREQ, and the IDLE/FREQ
   * records of an RDB file; each applies only under the matching policy family.
   */
  restore(db: Database, key: string, idleSec: number, freq: number): void {
    if (freq >= 0) {
      if (this.lfu) db.access.set(key, (this.minutes() << 8) | freq);
    } else if (idleSec >= 0 && !this.lfu) {
      const ticks = Math.floor((idleSec * 1000) / LRU_CLOCK_RESOLUTION);
      const now = this.lruClock();
      db.access.set(key, now >= ticks ? now - ticks : LRU_CLOCK_MAX - (ticks - now) % LRU_CLOCK_MAX);
    }
  }

  /** Approximate milliseconds since the last access (estimateObjectIdleTime). */
  idleMs(db: Database, key: string, v: Value): number {
    const lru = this.current(db, key, v);
    const now = this.lruClock();
    const ticks = now >= lru ? now - lru : now + (LRU_CLOCK_MAX - lru);
    return ticks * LRU_CLOCK_RESOLUTION;
  }

  /** The LFU counter after applying decay (LFUDecrAndReturn). */
  freq(db: Database, key: string, v: Value): number {
    return this.decayed(this.current(db, key, v));
  }

  private decayed(v: number): number {
    const ldt = v >>> 8;
    const counter = v & 255;
    if (this.lfuDecayTime === 0) return counter;
    const now = this.minutes();
    const elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
    const periods = Math.floor(elapsed / this.lfuDecayTime);
    if (periods === 0) return counter;
    return periods > counter ? 0 : counter - periods;
  }
}

/** Logarithmic counter increment: the higher the counter, the less likely it grows. */
function logIncr(counter: number, logFactor: number): number {
  if (counter === 255) return 255;
  const base = Math.max(counter - LFU_INIT_VAL, 0);
  const p = 1 / (base * logFactor + 1);
  return Math.random() < p ? counter + 1 : counter;
}

/** Keeps `tracker` in step with maxmemory, maxmemory-policy and the lfu-* parameters. */
export function followAccessConfig(config: Config, tracker: AccessTracker): void {
  const sync = () => {
    const policy = config.str('maxmemory-policy');
    const lfu = policy.endsWith('-lfu');
    tracker.configure({
      enabled: lfu || policy.endsWith('-lru'),
      lfu,
      lfuLogFactor: config.num('lfu-log-factor'),
      lfuDecayTime: config.num('lfu-decay-time'),
      noSharedIntegers: config.num('maxmemory') !== 0 && (lfu || policy.endsWith('-lru')),
    });
  };
  sync();
  for (const p of ['maxmemory', 'maxmemory-policy', 'lfu-log-factor', 'lfu-decay-time']) config.onChange(p, sync);
}
