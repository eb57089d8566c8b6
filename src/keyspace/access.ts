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
 * Lookups touch a key (lookupRead/lookupWrite), "NOTOUCH" lookups (TYPE,
 * TTL, EXISTS, OBJECT) do not. The clock is refreshed by the server cron,
 * like Redis's cached server.lruclock.
 */
import type { Database } from './database.js';

const LRU_CLOCK_MAX = (1 << 24) - 1;
const LRU_CLOCK_RESOLUTION = 1000;
/** Counter given to new keys so they are not evicted before they can be used. */
export const LFU_INIT_VAL = 5;

export class AccessTracker {
  /** maxmemory-policy is an LFU one. */
  lfu = false;
  lfuLogFactor = 10;
  lfuDecayTime = 1;
  /** Cached unix time in seconds (refreshed by tick()). */
  private unixSec = Math.floor(Date.now() / 1000);

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

  /** A key was added with a new value. */
  created(db: Database, key: string): void {
    db.access.set(key, this.fresh());
  }

  /**
   * A key's value was replaced by a new one: fresh LRU time, but the LFU
   * counter is inherited so hot keys stay hot across SETs (dbOverwrite).
   */
  overwritten(db: Database, key: string): void {
    if (!this.lfu) db.access.set(key, this.lruClock());
    else if (!db.access.has(key)) db.access.set(key, this.fresh());
  }

  /** The key was accessed (a lookup without NOTOUCH). */
  touch(db: Database, key: string): void {
    if (!this.lfu) {
      db.access.set(key, this.lruClock());
      return;
    }
    const counter = logIncr(this.decayed(db.access.get(key) ?? this.fresh()), this.lfuLogFactor);
    db.access.set(key, (this.minutes() << 8) | counter);
  }

  /** Moves a key's metadata (RENAME, MOVE carry the same object in Redis). */
  carry(from: Database, fromKey: string, to: Database, toKey: string): void {
    const v = from.access.get(fromKey);
    if (v !== undefined) to.access.set(toKey, v);
  }

  /** Approximate milliseconds since the last access (estimateObjectIdleTime). */
  idleMs(db: Database, key: string): number {
    const lru = db.access.get(key) ?? this.lruClock();
    const now = this.lruClock();
    const ticks = now >= lru ? now - lru : now + (LRU_CLOCK_MAX - lru);
    return ticks * LRU_CLOCK_RESOLUTION;
  }

  /** The LFU counter after applying decay (LFUDecrAndReturn). */
  freq(db: Database, key: string): number {
    return this.decayed(db.access.get(key) ?? this.fresh());
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
