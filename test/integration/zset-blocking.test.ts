/**
 * BZPOPMIN/BZPOPMAX/BZMPOP against the server's key-blocking service
 * (server/blocking.ts). Skipped where the service is not present; the
 * non-blocking paths are covered by the differential suite.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { RawClient, untilBlocked } from '../helpers/raw-client.js';
import { startRespd } from '../helpers/servers.js';
import type { RunningServer } from '../../src/index.js';


const text = (b: Buffer | null) => (b === null ? '<closed>' : b.toString('latin1'));

describe('blocking sorted set pops', () => {
  let srv: RunningServer;
  let hasBlocking = false;

  beforeAll(async () => {
    srv = await startRespd();
    hasBlocking = 'blocking' in srv.server;
  });
  afterAll(async () => {
    await srv?.close();
  });

  async function pair(): Promise<[RawClient, RawClient]> {
    const a = await RawClient.connect(srv.port);
    const b = await RawClient.connect(srv.port);
    await a.call('FLUSHALL');
    return [a, b];
  }

  it('BZPOPMIN waits for a ZADD', async (ctx) => {
    if (!hasBlocking) ctx.skip();
    const [a, b] = await pair();
    a.send(['BZPOPMIN', 'z1', 'z2', '5']);
    await untilBlocked(b);
    expect(text(await b.call('ZADD', 'z2', '2', 'b', '1', 'a'))).toBe(':2\r\n');
    expect(text(await a.reply())).toBe('*3\r\n$2\r\nz2\r\n$1\r\na\r\n$1\r\n1\r\n');
    expect(text(await b.call('ZCARD', 'z2'))).toBe(':1\r\n');
    a.close();
    b.close();
  });

  it('BZPOPMAX times out with a null array', async (ctx) => {
    if (!hasBlocking) ctx.skip();
    const [a, b] = await pair();
    expect(text(await a.call('BZPOPMAX', 'z', '0.05'))).toBe('*-1\r\n');
    await a.call('HELLO', '3');
    expect(text(await a.call('BZPOPMAX', 'z', '0.05'))).toBe('_\r\n');
    a.close();
    b.close();
  });

  it('BZMPOP serves a count from the first ready key', async (ctx) => {
    if (!hasBlocking) ctx.skip();
    const [a, b] = await pair();
    a.send(['BZMPOP', '5', '2', 'x', 'y', 'MAX', 'COUNT', '2']);
    await untilBlocked(b);
    await b.call('ZADD', 'y', '1', 'a', '2', 'b', '3', 'c');
    expect(text(await a.reply())).toBe('*2\r\n$1\r\ny\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n');
    a.close();
    b.close();
  });

  it('a list push does not wake a sorted set waiter', async (ctx) => {
    if (!hasBlocking) ctx.skip();
    const [a, b] = await pair();
    a.send(['BZPOPMIN', 'k', '0.2']);
    await untilBlocked(b);
    await b.call('RPUSH', 'k', 'x');
    expect(text(await a.reply())).toBe('*-1\r\n');
    a.close();
    b.close();
  });
});
