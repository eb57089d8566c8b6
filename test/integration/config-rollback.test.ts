import { it, expect } from 'vitest';
import net from 'node:net';
import { RawClient } from '../helpers/raw-client.js';
import { pairSuite } from '../helpers/diff.js';

// CONFIG SET of several parameters where applying one fails rolls all of them
// back with Redis's error (introspection.tcl "CONFIG SET rollback on apply
// error"), on real Redis and on respd alike.

async function withBusyPort<T>(fn: (port: number) => Promise<T>): Promise<T> {
  const dummy = net.createServer();
  await new Promise<void>((r) => dummy.listen({ host: '127.0.0.1', port: 0 }, () => r()));
  try {
    return await fn((dummy.address() as net.AddressInfo).port);
  } finally {
    dummy.close();
  }
}

pairSuite('config set rollback', {}, (pair) => {
  const replies = async (port: number, steps: string[][]): Promise<string[]> => {
    const c = await RawClient.connect(port);
    try {
      const out: string[] = [];
      for (const s of steps) out.push((await c.call(...s))!.toString('latin1'));
      return out;
    } finally {
      c.close();
    }
  };

  it('a port that is taken fails the whole CONFIG SET', async () => {
    await withBusyPort(async (used) => {
      const steps = [
        ['CONFIG', 'SET', 'maxmemory', '10000002'],
        ['CONFIG', 'SET', 'maxmemory', '10000001', 'port', String(used), 'client-query-buffer-limit', '10m'],
        ['CONFIG', 'GET', 'maxmemory'],
        ['CONFIG', 'GET', 'client-query-buffer-limit'],
        ['PING'],
        ['CONFIG', 'SET', 'maxmemory', '0'],
      ];
      const want = await replies(pair().redis.port, steps);
      const got = await replies(pair().respd.port, steps);
      expect(got).toEqual(want);
      expect(want[1]).toMatch(/^-ERR CONFIG SET failed \(possibly related to argument 'port'\) - Unable to listen on this port/);
    });
  }, 30_000);

  it('a bind address that does not exist fails the whole CONFIG SET', async () => {
    const steps = [
      ['CONFIG', 'SET', 'maxmemory', '5mb', 'bind', '127.0.0.1 192.0.2.77'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['PING'],
    ];
    const want = await replies(pair().redis.port, steps);
    const got = await replies(pair().respd.port, steps);
    expect(got).toEqual(want);
  }, 30_000);
});
