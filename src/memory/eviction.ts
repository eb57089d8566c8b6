/**
 * maxmemory: memory accounting and key eviction (Redis's performEvictions).
 *
 * Memory accounting. A full walk of the dataset per write is out of the
 * question, and V8's heapUsed is no good limit either: it includes garbage
 * not yet collected (a burst of writes can double it until the next GC),
 * so evicting on it would throw away live keys for dead bytes. Instead,
 * while `maxmemory` is set, every key carries an estimate of its footprint
 * (key and value bytes plus the measured per-entry overhead of the JS Maps
 * that hold it; collections extrapolate from up to 5 sampled elements, as
 * MEMORY USAGE does), kept in a per-database side Map and summed into a
 * running total. The estimate of a key is refreshed by the keyspace's
 * `modified` signal, which every write raises once per key (sets, in-place
 * updates, deletes, expiry, eviction itself), so the cost is O(1) per
 * written key. used_memory is then
 *
 *     used_memory_startup (heap at boot) + Σ key estimates
 *
 * — like Redis, the limit covers the server's fixed cost too, so a limit
 * must leave room for the ~10 MB a Node process starts with. Client
 * buffers are not counted (Redis counts them; summing them per write would
 * cost O(clients)). A cron step re-checks a few side-Map entries per tick,
 * so a key removed by some path that forgot its signal cannot leave a stale
 * size behind for long. With maxmemory 0 nothing is tracked (no per-key
 * cost) and used_memory falls back to V8 heap used + external.
 *
 * Eviction follows evict.c: when a write arrives above the limit, keys are
 * evicted until the total is under it. LRU/LFU/TTL policies keep a pool of
 * 16 candidates fed by `maxmemory-samples` keys sampled per database (the
 * whole keyspace for allkeys-*, only keys with a TTL for volatile-*), best
 * candidate last; random policies take a sampled key round-robin across
 * databases. Each eviction deletes the key (WATCH, tracking), raises the
 * `evicted` keyspace event and counts evicted_keys. The work per call is
 * bounded by maxmemory-eviction-tenacity's time limit; leftovers continue
 * in setImmediate steps. A denyoom command is refused with -OOM under
 * noeviction or when no key can be evicted.
 */
import { isPaused } from '../server/pause.js';
import { processMemory, type Server } from '../server/server.js';
import type { Database } from '../keyspace/database.js';
import type { Value } from '../keyspace/value.js';
import { ListValue } from '../keyspace/list.js';
import { RHash } from '../keyspace/hash.js';
import { RSet } from '../keyspace/set.js';
import { ZSet } from '../keyspace/zset.js';
import { Stream } from '../keyspace/stream.js';
import { samplerFor } from '../keyspace/sampler.js';
import { observer } from '../observability/observer.js';
import * as E from '../errors.js';

/**
 * Bytes a key costs beyond its characters, measured on Node 20 (V8 heap after GC): the dict
 * entry and its hash-table slack, two string headers, and the entries of the access (LRU/LFU)
 * and size side Maps — about 145 without access tracking, 180 with it.
 */
export const KEY_OVERHEAD = 160;
/** Bytes per collection element beyond its characters (array or Map slot, string header). */
export const ELEMENT_OVERHEAD = 32;
/** Bytes per element of a packed list beyond its characters (length framing, chunk headers), measured. */
const PACKED_ELEMENT_OVERHEAD = 4;
/** Elements sampled to estimate a collection (MEMORY USAGE's default SAMPLES). */
const ELEMENT_SAMPLES = 5;
/** Redis's EVPOOL_SIZE. */
const POOL_SIZE = 16;
/** Side-Map entries re-checked per cron tick. */
const AUDIT_PER_TICK = 64;

/** Estimated bytes held by `key` with value `v`, sampling up to `samples` elements of a collection (0 = all). */
export function estimateKey(key: string, v: Value, samples = ELEMENT_SAMPLES): number {
  return KEY_OVERHEAD + key.length + estimateValue(v, samples === 0 ? Infinity : samples);
}

function estimateValue(v: Value, samples: number): number {
  if (typeof v === 'string') return v.length;
  let n = 0;
  let sampled = 0;
  let bytes = 0;
  if (v instanceof ListValue) {
    n = v.length;
    for (let i = 0; i < n && i < samples; i++, sampled++) bytes += v.at(i).length;
    if (v.isPacked && sampled !== 0) return 64 + n * (PACKED_ELEMENT_OVERHEAD + bytes / sampled);
  } else if (v instanceof RHash) {
    n = v.size;
    for (let i = 0; i < n && i < samples; i++, sampled++) {
      const [f, x] = v.at(i);
      bytes += f.length + x.length + ELEMENT_OVERHEAD;
    }
  } else if (v instanceof RSet) {
    n = v.size;
    for (let i = 0; i < n && i < samples; i++, sampled++) bytes += v.at(i).length;
  } else if (v instanceof ZSet) {
    n = v.size;
    for (const m of v.dict.keys()) {
      if (sampled >= samples) break;
      bytes += m.length * 2 + 64; // member in the dict and the tree, score, tree node
      sampled++;
    }
  } else if (v instanceof Stream) {
    return v.memoryEstimate();
  } else {
    return 64;
  }
  if (sampled === 0) return 64;
  return 64 + n * (ELEMENT_OVERHEAD + bytes / sampled);
}

type Policy = 'noeviction' | 'allkeys-lru' | 'allkeys-lfu' | 'allkeys-random' | 'volatile-lru' | 'volatile-lfu' | 'volatile-random' | 'volatile-ttl';

interface PoolEntry {
  idle: number;
  key: string;
  db: number;
}

export class MemoryManager {
  /** Accounting is on (maxmemory set). */
  enabled = false;
  /** Σ of key estimates. */
  dataset = 0;
  private sizes = new WeakMap<Map<string, Value>, Map<string, number>>();
  private policy: Policy = 'noeviction';
  private samples = 5;
  private tenacity = 10;
  private readonly pool: PoolEntry[] = [];
  private nextDb = 0;
  private background = false;
  private auditDb = 0;
  private auditIt: Iterator<string> | null = null;

  constructor(private readonly server: Server) {
    const cfg = server.config;
    const sync = () => {
      this.policy = cfg.str('maxmemory-policy') as Policy;
      this.samples = cfg.num('maxmemory-samples');
      this.tenacity = cfg.num('maxmemory-eviction-tenacity');
      this.setEnabled(cfg.num('maxmemory') !== 0);
    };
    sync();
    for (const p of ['maxmemory', 'maxmemory-policy', 'maxmemory-samples', 'maxmemory-eviction-tenacity']) cfg.onChange(p, sync);
    const ks = server.keyspace;
    ks.onModified((db, key) => {
      if (this.enabled && !ks.flushing) this.refresh(db, key);
    });
    ks.onFlush((db) => {
      if (!this.enabled) return;
      for (const d of db === null ? ks.dbs : [db]) this.forgetDb(d);
    });
    server.cronHooks.push(() => { if (this.enabled) this.audit(); });
  }

  /** Bytes counted against maxmemory (and reported as used_memory while accounting is on). */
  used(): number {
    return observer(this.server).startupMemory + this.dataset;
  }

  private setEnabled(on: boolean): void {
    if (on === this.enabled) return;
    this.enabled = on;
    this.dataset = 0;
    this.sizes = new WeakMap();
    this.pool.length = 0;
    // Turning accounting on at runtime estimates the existing keys once.
    if (on) for (const db of this.server.keyspace.dbs) for (const [k, v] of db.dict) this.refreshWith(db, k, v);
  }

  private sizesOf(db: Database): Map<string, number> {
    let m = this.sizes.get(db.dict);
    if (m === undefined) {
      m = new Map();
      this.sizes.set(db.dict, m);
    }
    return m;
  }

  private refresh(db: Database, key: string): void {
    this.refreshWith(db, key, db.dict.get(key));
  }

  private refreshWith(db: Database, key: string, v: Value | undefined): void {
    const m = this.sizesOf(db);
    const old = m.get(key) ?? 0;
    if (v === undefined) {
      if (old !== 0) {
        m.delete(key);
        this.dataset -= old;
      }
      return;
    }
    const n = estimateKey(key, v);
    if (n !== old) {
      m.set(key, n);
      this.dataset += n - old;
    }
  }

  private forgetDb(db: Database): void {
    const m = this.sizes.get(db.dict);
    if (m === undefined) return;
    for (const n of m.values()) this.dataset -= n;
    this.sizes.delete(db.dict);
  }

  /** A few side-Map entries per tick: drop sizes of keys that vanished without a signal. */
  private audit(): void {
    const dbs = this.server.keyspace.dbs;
    let budget = AUDIT_PER_TICK;
    for (let tries = 0; tries < dbs.length && budget > 0; tries++) {
      const db = dbs[this.auditDb];
      const m = this.sizes.get(db.dict);
      if (m !== undefined && m.size !== 0) {
        this.auditIt ??= m.keys();
        while (budget-- > 0) {
          const r = this.auditIt.next();
          if (r.done) { this.auditIt = null; break; }
          if (!db.dict.has(r.value)) this.refreshWith(db, r.value, undefined);
        }
        if (this.auditIt !== null) return;
      }
      this.auditIt = null;
      this.auditDb = (this.auditDb + 1) % dbs.length;
    }
  }

  /** MemoryGuard: evicts as needed; an OOM error text when the write must be refused. */
  beforeWrite(): string | null {
    return this.performEvictions() ? null : E.OOM;
  }

  /** Microseconds one call may spend evicting (evictionTimeLimitUs). */
  private timeLimitUs(): number {
    const t = this.tenacity;
    if (t <= 10) return 50 * t;
    if (t < 100) return 500 * Math.pow(1.15, t - 10);
    return Infinity;
  }

  /** True when memory is (or is being brought) under the limit; false when nothing more can be freed. */
  performEvictions(): boolean {
    // The DELs of one eviction pass are propagated together, never in MULTI (propagate_no_multi).
    let ok = true;
    this.server.propagation.batch(() => { ok = this.evictUntilUnderLimit(); });
    return ok;
  }

  private evictUntilUnderLimit(): boolean {
    const limit = this.server.maxmemory;
    if (limit === 0 || !this.enabled || this.used() <= limit) return true;
    // Nothing is evicted while clients are paused (the dataset must not change): as if under the limit.
    if (isPaused(this.server)) return true;
    if (this.policy === 'noeviction') return false;
    const deadline = performance.now() + this.timeLimitUs() / 1000;
    const lat = observer(this.server).latency;
    const threshold = this.server.config.num('latency-monitor-threshold');
    const t0 = performance.now();
    let freed = 0;
    let ok = true;
    while (this.used() > limit) {
      // Nothing left to evict while still above the limit: EVICT_FAIL, even if some keys went.
      if (!this.evictOne()) { ok = false; break; }
      freed++;
      if ((freed & 15) === 0 && performance.now() > deadline) {
        // Still above the limit: carry on between events, the command is allowed (EVICT_RUNNING).
        this.continueInBackground();
        break;
      }
    }
    if (threshold !== 0) lat.addIfNeeded(threshold, 'eviction-cycle', Math.trunc(performance.now() - t0));
    return ok;
  }

  private continueInBackground(): void {
    if (this.background) return;
    this.background = true;
    const step = () => {
      this.background = false;
      if (this.server.shuttingDown) return;
      const limit = this.server.maxmemory;
      if (limit !== 0 && this.enabled && this.used() > limit) this.performEvictions();
    };
    setImmediate(step);
  }

  /** Picks and evicts one key; false when nothing is evictable. */
  private evictOne(): boolean {
    const ks = this.server.keyspace;
    const p = this.policy;
    const allkeys = p.startsWith('allkeys');
    let db: Database | null = null;
    let key: string | undefined;
    if (p === 'allkeys-random' || p === 'volatile-random') {
      const dbs = ks.dbs;
      for (let i = 0; i < dbs.length && key === undefined; i++) {
        const d = dbs[(++this.nextDb) % dbs.length];
        const map: Map<string, unknown> = allkeys ? d.dict : d.expires;
        if (map.size !== 0) {
          key = samplerFor(map).next();
          db = d;
        }
      }
    } else {
      const picked = this.pickFromPool(allkeys);
      if (picked !== null) [db, key] = picked;
    }
    if (db === null || key === undefined) return false;
    ks.delete(db, key);
    this.server.stats.evictedKeys++;
    ks.notify('e', 'evicted', key, db.id);
    const ls = this.server.evictedListeners;
    for (let i = 0; i < ls.length; i++) ls[i](db, key);
    return true;
  }

  /** Refills the pool from every database and takes its best live candidate. */
  private pickFromPool(allkeys: boolean): [Database, string] | null {
    const dbs = this.server.keyspace.dbs;
    for (let tries = 0; tries < 3; tries++) {
      let any = false;
      for (const db of dbs) {
        const map: Map<string, unknown> = allkeys ? db.dict : db.expires;
        if (map.size === 0) continue;
        any = true;
        this.populate(db, map);
      }
      if (!any) return null;
      const pool = this.pool;
      while (pool.length !== 0) {
        const e = pool.pop()!;
        const db = dbs[e.db];
        const map: Map<string, unknown> = allkeys ? db.dict : db.expires;
        if (map.has(e.key)) return [db, e.key];
      }
    }
    return null;
  }

  /** evictionPoolPopulate: adds sampled keys of `db`, keeping the pool sorted by ascending idle. */
  private populate(db: Database, map: Map<string, unknown>): void {
    const keys = samplerFor(map).sample(this.samples);
    const access = this.server.keyspace.access;
    const pool = this.pool;
    for (const key of keys) {
      const v = db.dict.get(key);
      if (v === undefined) continue;
      let idle: number;
      switch (this.policy) {
        case 'allkeys-lru': case 'volatile-lru': idle = access.idleMs(db, key, v); break;
        case 'allkeys-lfu': case 'volatile-lfu': idle = 255 - access.freq(db, key, v); break;
        default: idle = Number.MAX_SAFE_INTEGER - (db.expires.get(key) ?? Number.MAX_SAFE_INTEGER); break;
      }
      let dup = false;
      for (let i = 0; i < pool.length; i++) if (pool[i].key === key && pool[i].db === db.id) { dup = true; break; }
      if (dup) continue;
      if (pool.length === POOL_SIZE && idle <= pool[0].idle) continue;
      let pos = 0;
      while (pos < pool.length && pool[pos].idle < idle) pos++;
      pool.splice(pos, 0, { idle, key, db: db.id });
      if (pool.length > POOL_SIZE) pool.shift();
    }
  }
}

declare module '../server/server.js' {
  interface Services {
    memoryManager: MemoryManager;
  }
}

/** Installs accounting and eviction as the server's MemoryGuard and used_memory source. */
export function installEviction(server: Server): MemoryManager {
  const mm = new MemoryManager(server);
  server.memory = {
    beforeWrite: () => mm.beforeWrite(),
    used: () => (mm.enabled ? mm.used() : processMemory()),
  };
  server.services.memoryManager = mm;
  return mm;
}
