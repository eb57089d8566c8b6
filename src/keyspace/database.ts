/**
 * One numbered database: the main dictionary and, as in Redis, a separate
 * expiry index holding only the keys that have a TTL (absolute unix ms).
 */
import type { Value } from './value.js';

export class Database {
  /** Not readonly: SWAPDB exchanges the data of two databases (swapContents). */
  dict = new Map<string, Value>();
  expires = new Map<string, number>();
  /** Per-key LRU clock or LFU counter (see access.ts). Swapped with the rest by SWAPDB. */
  access = new Map<string, number>();
  /**
   * Strings whose encoding Redis would report differently from what their
   * content implies (see value.ts stringEncoding): APPEND/SETRANGE/SETBIT…
   * leave a raw string even when short, INCRBYFLOAT an embstr even when
   * integer-looking. Values stay bare strings; only such short strings get an
   * entry, dropped whenever the key is overwritten or deleted.
   */
  strEnc = new Map<string, string>();
  /** Position of the active expiry sweep over `expires` (a live Map iterator). */
  expireCursor: Iterator<[string, number]> | null = null;
  /** Running estimate of the average TTL, for INFO keyspace avg_ttl. */
  avgTtl = 0;

  constructor(readonly id: number) {}

  /** SWAPDB: exchanges the data with `other`; the ids (and the clients that selected them) stay. */
  swapContents(other: Database): void {
    [this.dict, other.dict] = [other.dict, this.dict];
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.access, other.access] = [other.access, this.access];
    [this.strEnc, other.strEnc] = [other.strEnc, this.strEnc];
    [this.expireCursor, other.expireCursor] = [other.expireCursor, this.expireCursor];
    [this.avgTtl, other.avgTtl] = [other.avgTtl, this.avgTtl];
  }

  get size(): number {
    return this.dict.size;
  }
}
