/**
 * A shared monotonic timestamp for command timing. Reading the clock costs
 * about as much as a small command, so instead of two reads per command the
 * end of one command is the start of the next: the client read loop stamps
 * `clock.now` before each batch and `call()` advances it after each command.
 *
 * Wall-clock times per batch (a client's last interaction) are derived from
 * the same reading plus an offset the cron re-measures, instead of a second
 * clock read per batch.
 */
const hrtime = process.hrtime;

/**
 * Monotonic milliseconds (fractional). process.hrtime is about a third
 * cheaper than performance.now(), which validates its receiver on every call.
 */
export function monotonicMs(): number {
  const t = hrtime();
  return t[0] * 1e3 + t[1] / 1e6;
}

export const clock = { now: 0, wallOffset: Date.now() - monotonicMs() };

/** Stamps the clock at the start of a batch of commands; returns the wall time in ms. */
export function stampClock(): number {
  const t = monotonicMs();
  clock.now = t;
  return t + clock.wallOffset;
}

/** Re-measures the wall-clock offset (cron): follows clock adjustments. */
export function resyncWallClock(): void {
  clock.wallOffset = Date.now() - monotonicMs();
}
