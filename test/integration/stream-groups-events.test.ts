/**
 * Keyspace events raised by consumer-group commands, compared with real
 * Redis (PSUBSCRIBE there, the keyspace's notify listeners on respd, as in
 * list-notifications.test.ts). Redis raises xgroup-create, xgroup-setid,
 * xgroup-destroy, xgroup-createconsumer (also when XREADGROUP, XCLAIM or
 * XAUTOCLAIM create a consumer) and xgroup-delconsumer, all of class 't';
 * XACK, XCLAIM and XREADGROUP themselves raise nothing.
 */
import { describe, it, beforeAll, afterAll, expect } from 'vitest';
import { RawClient } from '../helpers/raw-client.js';
import { startRedis, startRespd, haveRedis, type Oracle } from '../helpers/servers.js';
import type { RunningServer } from '../../src/index.js';

const SCRIPT: string[][] = [
  ['XADD', 's', '1-1', 'a', '1'],
  ['XADD', 's', '2-1', 'a', '2'],
  ['XGROUP', 'CREATE', 's', 'g', '0'],
  ['XGROUP', 'CREATE', 's', 'g', '0'],
  ['XGROUP', 'CREATE', 'm', 'g', '$', 'MKSTREAM'],
  ['XGROUP', 'CREATE', 'nokey', 'g', '$'],
  ['XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '1', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'c9', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'c8', 'STREAMS', 's', '0'],
  ['XCLAIM', 's', 'g', 'c2', '0', '1-1'],
  ['XCLAIM', 's', 'g', 'c3', '99999999', '1-1'],
  ['XAUTOCLAIM', 's', 'g', 'c4', '0', '0'],
  ['XAUTOCLAIM', 's', 'g', 'c5', '99999999', '0'],
  ['XACK', 's', 'g', '1-1'],
  ['XPENDING', 's', 'g'],
  ['XGROUP', 'SETID', 's', 'g', '0'],
  ['XGROUP', 'SETID', 's', 'g', 'bad'],
  ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c9'],
  ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c9'],
  ['XGROUP', 'DELCONSUMER', 's', 'g', 'c9'],
  ['XGROUP', 'DELCONSUMER', 's', 'g', 'c9'],
  ['XGROUP', 'DESTROY', 's', 'g'],
  ['XGROUP', 'DESTROY', 's', 'g'],
];

function parsePmessages(buf: string): string[] {
  const out: string[] = [];
  const lines = buf.split('\r\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === 'pmessage') {
      const channel = lines[i + 4];
      out.push(`${channel.slice(channel.indexOf(':') + 1)} ${lines[i + 6]}`);
    }
  }
  return out;
}

const d = haveRedis() ? describe : describe.skip;

d('consumer group keyspace events: respd vs real Redis', () => {
  let redis: Oracle;
  let respd: RunningServer;

  beforeAll(async () => {
    [redis, respd] = await Promise.all([startRedis(['--notify-keyspace-events', 'KEA']), startRespd()]);
  }, 20000);

  afterAll(async () => {
    await Promise.all([redis?.stop(), respd?.close()]);
  });

  async function run(port: number): Promise<void> {
    const cl = await RawClient.connect(port);
    await cl.call('FLUSHALL');
    for (const argv of SCRIPT) await cl.call(...argv);
    cl.close();
  }

  it('same events in the same order', async () => {
    const sub = await RawClient.connect(redis.port);
    await sub.call('PSUBSCRIBE', '__keyevent@*__:*');
    await run(redis.port);
    await new Promise((r) => setTimeout(r, 100));
    const expected = parsePmessages(sub.pending().toString('latin1')).filter((e) => e.startsWith('xgroup'));
    sub.close();

    const actual: string[] = [];
    const flags = new Set<string>();
    respd.server.keyspace.onNotify((flag, event, key) => {
      if (!event.startsWith('xgroup')) return;
      actual.push(`${event} ${key}`);
      flags.add(flag);
    });
    await run(respd.port);
    expect(expected.length).toBeGreaterThan(8);
    expect(actual).toEqual(expected);
    expect([...flags]).toEqual(['t']);
  });
});
