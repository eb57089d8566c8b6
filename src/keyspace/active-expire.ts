/**
 * Active expiry: reclaims keys whose TTL passed but that nobody reads.
 *
 * Like Redis's activeExpireCycle, each run walks the expiry index of every
 * database in slices of 20 keys, continuing in a database while more than
 * 10% of a slice was expired, and stops when its time budget (25% of the
 * cron period) is spent. The walk resumes where it stopped on the next run,
 * so over time every key with a TTL is visited without ever scanning the
 * whole keyspace at once.
 */
import type { Keyspace } from './keyspace.js';

const KEYS_PER_LOOP = 20;
const ACCEPTABLE_STALE_PERCENT = 10;

export function activeExpireCycle(ks: Keyspace, budgetMs: number): void {
  const deadline = performance.now() + budgetMs;
  const now = Date.now();
  for (const db of ks.dbs) {
    if (db.expires.size === 0) continue;
    let ttlSum = 0;
    let ttlSamples = 0;
    for (;;) {
      let sampled = 0;
      let expired = 0;
      let it = db.expireCursor ?? db.expires.entries();
      while (sampled < KEYS_PER_LOOP) {
        let r = it.next();
        if (r.done) {
          // wrapped around: start a fresh pass, but never twice in one slice
          if (sampled === 0 && db.expireCursor === null) break;
          it = db.expires.entries();
          db.expireCursor = null;
          r = it.next();
          if (r.done) break;
        }
        db.expireCursor = it;
        sampled++;
        const [key, when] = r.value;
        if (when <= now) {
          ks.expireNow(db, key);
          expired++;
        } else {
          ttlSum += when - now;
          ttlSamples++;
        }
      }
      if (sampled === 0 || expired * 100 <= sampled * ACCEPTABLE_STALE_PERCENT) break;
      if (performance.now() > deadline) return;
    }
    if (ttlSamples > 0) {
      // same smoothing as Redis: new estimate weighs 2% against the old one
      const avg = ttlSum / ttlSamples;
      db.avgTtl = db.avgTtl === 0 ? avg : db.avgTtl / 50 * 49 + avg / 50;
    }
    if (performance.now() > deadline) return;
  }
}
