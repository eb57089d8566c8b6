/**
 * A short seeded run of the command fuzzer (scripts/fuzz-commands.mjs; long
 * runs: `npm run fuzz -- --minutes 10`). respd runs as a child process; every
 * command must get exactly one reply, a second client's PING must stay
 * answered and RSS bounded. The stream is fixed by the seed; the deadlines
 * are generous so that a loaded machine cannot fail it.
 */
import { describe, it, expect } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { fuzz } from '../../scripts/fuzz-commands.mjs';

describe('command fuzzer', () => {
  it('seed 1, 20 s: every command answered, PING answered, RSS bounded', async () => {
    const res = await fuzz({ seed: 1, ms: 20000, batch: 100, replyMs: 60000, pingMs: 30000, maxRssMb: 3072 });
    expect(res.failures).toEqual([]);
    expect(res.stats.commands).toBeGreaterThan(500);
  }, 180000);
});
