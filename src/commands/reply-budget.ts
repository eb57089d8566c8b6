/**
 * respd's bound on a reply whose size an argument chooses rather than the
 * data. The random-member commands with a negative count repeat picks, so
 * `SRANDMEMBER s -9223372036854775807` asks for 2^63 items: Redis 7.0 builds
 * that reply until the kernel's OOM killer ends the server. respd estimates
 * such a reply's bytes before writing its header and refuses it past
 * MAX_REPLY_BYTES (README, "Known differences"); every reply sized by the
 * data alone (LRANGE, SMEMBERS, ...) is unaffected.
 */
import type { Client } from '../server/client.js';
import * as E from '../errors.js';

/** The largest argument-sized reply respd builds: proto-max-bulk-len's default, the largest bulk a client may send. */
export const MAX_REPLY_BYTES = 512 * 1024 * 1024;

/** Random picks looked at to estimate the average size of one. */
const SAMPLES = 8;

/** Bytes of a RESP bulk reply carrying `len` payload bytes ("$<len>\r\n<payload>\r\n"). */
export function bulkBytes(len: number): number {
  return len + (len < 10 ? 1 : len < 100 ? 2 : String(len).length) + 5;
}

/**
 * True when `picks` random picks, each about as big as the average of a few
 * `onePick()` samples (bytes of one random pick's reply), fit the budget;
 * otherwise replies the error and returns false. Costs at most SAMPLES calls.
 */
export function picksFit(c: Client, picks: number, onePick: () => number): boolean {
  // Every pick is at least an empty bulk ("$0\r\n\r\n"): no sampling needed past that.
  if (picks * 6 <= MAX_REPLY_BYTES) {
    const n = picks < SAMPLES ? picks : SAMPLES;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += onePick();
    if ((sum / n) * picks <= MAX_REPLY_BYTES) return true;
  }
  c.error(E.replyTooLarge(MAX_REPLY_BYTES));
  return false;
}
