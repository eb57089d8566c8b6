/**
 * A shared monotonic timestamp for command timing. Reading the clock costs
 * about as much as a small command, so instead of two reads per command the
 * end of one command is the start of the next: the client read loop stamps
 * `clock.now` before each batch and `call()` advances it after each command.
 */
export const clock = { now: 0 };

/** Stamps the clock at the start of a batch of commands. */
export function stampClock(): void {
  clock.now = performance.now();
}
