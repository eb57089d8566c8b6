/**
 * A distributed-lock library run unmodified against respd: redlock (v5, on
 * ioredis) acquires with SET NX PX, and extends and releases with Lua
 * scripts that compare the lock's random value first.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import Redlock, { ExecutionError } from 'redlock';
import { startRespd } from '../helpers/servers.js';
import type { RunningServer } from '../../src/index.js';

describe('redlock', () => {
  let srv: RunningServer;
  let client: Redis;
  let redlock: Redlock;
  beforeAll(async () => {
    srv = await startRespd();
    client = new Redis({ port: srv.port, host: '127.0.0.1' });
    redlock = new Redlock([client], { retryCount: 2, retryDelay: 20, retryJitter: 5 });
    // redlock extends and releases through EVAL: load the Lua engine now, so its first
    // (slow, on a loaded machine) load does not eat into a lock's lifetime.
    await client.eval('return 1', 0);
  });
  afterAll(async () => {
    client.disconnect();
    await srv.close();
  });

  it('acquires, refuses a second holder, extends and releases', async () => {
    // Lifetimes far beyond any stall of a busy machine: nothing here races the clock.
    const lock = await redlock.acquire(['res:a'], 60_000);
    expect(await client.get('res:a')).toBe(lock.value);
    const ttl = await client.pttl('res:a');
    expect(ttl).toBeGreaterThan(30_000);
    expect(ttl).toBeLessThanOrEqual(60_000);

    await expect(redlock.acquire(['res:a'], 60_000)).rejects.toBeInstanceOf(ExecutionError);

    const extended = await lock.extend(600_000);
    expect(await client.pttl('res:a')).toBeGreaterThan(60_000);
    await extended.release();
    expect(await client.exists('res:a')).toBe(0);
  });

  it('does not release a lock someone else now holds', async () => {
    const lock = await redlock.acquire(['res:b'], 60_000);
    await client.set('res:b', 'someone-else');
    await expect(lock.release()).rejects.toBeInstanceOf(ExecutionError);
    expect(await client.get('res:b')).toBe('someone-else');
  });

  it('locks several resources at once and runs a routine under `using`', async () => {
    let inside = false;
    await redlock.using(['res:c', 'res:d'], 60_000, async (signal) => {
      inside = true;
      expect(signal.aborted).toBe(false);
      expect(await client.exists('res:c', 'res:d')).toBe(2);
    });
    expect(inside).toBe(true);
    expect(await client.exists('res:c', 'res:d')).toBe(0);
  });
});
