/**
 * ZSCAN over a skiplist-sized set: following the cursor until 0 visits
 * every member present for the whole scan exactly once, even when the set
 * changes between calls, and a listpack-sized set comes back whole.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { startRespd } from '../helpers/servers.js';
import type { RunningServer } from '../../src/index.js';

describe('ZSCAN cursors', () => {
  let srv: RunningServer;
  let r: Redis;
  beforeAll(async () => {
    srv = await startRespd();
    r = new Redis({ port: srv.port, lazyConnect: true, enableReadyCheck: false });
    await r.connect();
  });
  afterAll(async () => {
    r?.disconnect();
    await srv?.close();
  });

  async function scanAll(key: string, count: number, during?: (step: number) => Promise<void>): Promise<Map<string, number>> {
    const seen = new Map<string, number>();
    let cursor = '0';
    let step = 0;
    do {
      const [next, items] = await r.zscan(key, cursor, 'COUNT', count);
      for (let i = 0; i < items.length; i += 2) seen.set(items[i], (seen.get(items[i]) ?? 0) + 1);
      cursor = next;
      if (during) await during(step++);
    } while (cursor !== '0');
    return seen;
  }

  it('visits every member once', async () => {
    const args: (string | number)[] = [];
    for (let i = 0; i < 1000; i++) args.push(i, 'm' + i);
    await r.zadd('big', ...args);
    const seen = await scanAll('big', 37);
    expect(seen.size).toBe(1000);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('keeps its guarantee while the set changes', async () => {
    const args: (string | number)[] = [];
    for (let i = 0; i < 500; i++) args.push(i, 's' + i);
    await r.zadd('chg', ...args);
    const seen = await scanAll('chg', 20, async (step) => {
      await r.zadd('chg', 1, 'new' + step); // added during the scan: may or may not be seen
      await r.zrem('chg', 's' + (499 - step)); // removed during the scan: may or may not be seen
    });
    for (let i = 0; i < 500 - 40; i++) expect(seen.get('s' + i)).toBe(1);
    for (const n of seen.values()) expect(n).toBe(1);
  });

  it('returns a small set whole with cursor 0 whatever the cursor and count', async () => {
    await r.zadd('small', 1, 'a', 2, 'b', 3, 'c');
    expect(await r.zscan('small', '999', 'COUNT', 1)).toEqual(['0', ['a', '1', 'b', '2', 'c', '3']]);
  });
});
