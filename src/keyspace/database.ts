/**
 * One numbered database: the main dictionary and, as in Redis, a separate
 * expiry index holding only the keys that have a TTL (absolute unix ms).
 */
import type { Value } from './value.js';

export class Database {
  readonly dict = new Map<string, Value>();
  readonly expires = new Map<string, number>();
  /** Per-key LRU clock or LFU counter (see access.ts). */
  readonly access = new Map<string, number>();
  /** Position of the active expiry sweep over `expires` (a live Map iterator). */
  expireCursor: Iterator<[string, number]> | null = null;
  /** Running estimate of the average TTL, for INFO keyspace avg_ttl. */
  avgTtl = 0;

  constructor(readonly id: number) {}

  get size(): number {
    return this.dict.size;
  }
}
