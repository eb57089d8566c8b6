/**
 * A short run of scripts/crash-loop.mjs: respd under pipelined write load,
 * killed with SIGKILL at random moments and restarted on its AOF, loses no
 * acknowledged write with appendfsync always (the full run's figures are in
 * the README). Uses bin/respd, so it needs the build (`npm test` runs tsc first).
 */
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a plain ES module script without type declarations
import { crashLoop } from '../../scripts/crash-loop.mjs';
import { ROOT } from '../helpers/servers.js';

describe.skipIf(!existsSync(join(ROOT, 'dist/cli.js')))('crash loop (short)', () => {
  it('appendfsync always: no acknowledged write lost across kill -9 restarts', async () => {
    const stats = await crashLoop({ iterations: 4, fsync: 'always', clients: 3, server: 'respd', rewriteChance: 0.5, minKillMs: 100, maxKillMs: 600 }, () => {});
    expect(stats.iterations).toBe(4);
    expect(stats.acked).toBeGreaterThan(0);
    expect(stats.lost).toBe(0);
  }, 120000);
});
