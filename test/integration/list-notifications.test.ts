/**
 * Keyspace events raised by list commands, compared with real Redis: on
 * Redis they are read from a PSUBSCRIBE to __keyevent@*__:*, on respd from
 * the keyspace's notify listeners (pub/sub delivery is another module).
 * Only list events and "del" are compared: other families are not on
 * this branch.
 */
import { describe, it, beforeAll, afterAll, expect } from 'vitest';
import { RawClient } from '../helpers/raw-client.js';
import { startRedis, startRespd, haveRedis, type Oracle } from '../helpers/servers.js';
import type { RunningServer } from '../../src/index.js';

const EVENTS = new Set(['lpush', 'rpush', 'lpop', 'rpop', 'lset', 'linsert', 'lrem', 'ltrim', 'del']);

const SCRIPT: string[][] = [
  ['RPUSH', 'k', 'a', 'b', 'c', 'd', 'e'],
  ['LPUSH', 'k', 'z'],
  ['LPUSHX', 'k', 'y'],
  ['RPUSHX', 'k', 'f'],
  ['LPUSHX', 'nokey', 'x'],
  ['LPOP', 'k'],
  ['RPOP', 'k', '2'],
  ['LPOP', 'k', '0'],
  ['LPOP', 'nokey'],
  ['LSET', 'k', '0', 'A'],
  ['LSET', 'k', '99', 'A'],
  ['LINSERT', 'k', 'BEFORE', 'b', 'B'],
  ['LINSERT', 'k', 'BEFORE', 'nope', 'B'],
  ['LREM', 'k', '0', 'B'],
  ['LREM', 'k', '0', 'nope'],
  ['LTRIM', 'k', '0', '-1'],
  ['LTRIM', 'k', '1', '2'],
  ['LMOVE', 'k', 'd', 'LEFT', 'RIGHT'],
  ['RPOPLPUSH', 'k', 'd'],
  ['LMOVE', 'd', 'd', 'LEFT', 'LEFT'],
  ['LMPOP', '2', 'x', 'd', 'RIGHT', 'COUNT', '1'],
  ['BLPOP', 'd', '0'],
  ['RPUSH', 'q', '1', '2', '3'],
  ['BRPOP', 'q', '0'],
  ['BLMOVE', 'q', 'q2', 'RIGHT', 'LEFT', '0'],
  ['BLMPOP', '0', '1', 'q', 'LEFT', 'COUNT', '5'],
  ['RPUSH', 't', 'a', 'a'],
  ['LREM', 't', '0', 'a'],
  ['RPUSH', 't', 'a'],
  ['LTRIM', 't', '5', '1'],
  ['RPUSH', 'w', 'a'],
  ['BRPOPLPUSH', 'w', 'w2', '0'],
  ['DEL', 'w2', 'q2'],
];

function parsePmessages(buf: string): string[] {
  // *4 $8 pmessage $<n> pattern $<n> channel $<n> key
  const out: string[] = [];
  const lines = buf.split('\r\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === 'pmessage') {
      const channel = lines[i + 4];
      const key = lines[i + 6];
      const event = channel.slice(channel.indexOf(':') + 1);
      if (EVENTS.has(event)) out.push(`${event} ${key}`);
    }
  }
  return out;
}

const d = haveRedis() ? describe : describe.skip;

d('list keyspace events: respd vs real Redis', () => {
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

  it('same events in the same order for every list command', async () => {
    const sub = await RawClient.connect(redis.port);
    await sub.call('PSUBSCRIBE', '__keyevent@*__:*');
    await run(redis.port);
    await new Promise((r) => setTimeout(r, 100));
    const expected = parsePmessages(sub.pending().toString('latin1'));
    sub.close();

    const actual: string[] = [];
    respd.server.keyspace.onNotify((_flag, event, key) => {
      if (EVENTS.has(event)) actual.push(`${event} ${key}`);
    });
    await run(respd.port);
    expect(expected.length).toBeGreaterThan(20);
    expect(actual).toEqual(expected);
  });

  it('a woken BLPOP and BLMOVE raise the pop, push and del events', async () => {
    const events: string[][] = [];
    for (const kind of ['redis', 'respd'] as const) {
      const port = kind === 'redis' ? redis.port : respd.port;
      const log: string[] = [];
      const admin = await RawClient.connect(port);
      await admin.call('FLUSHALL');
      admin.close();
      let sub: RawClient | null = null;
      if (kind === 'redis') {
        sub = await RawClient.connect(port);
        await sub.call('PSUBSCRIBE', '__keyevent@*__:*');
      } else {
        respd.server.keyspace.onNotify((_f, event, key) => {
          if (EVENTS.has(event)) log.push(`${event} ${key}`);
        });
      }
      const a = await RawClient.connect(port);
      const b = await RawClient.connect(port);
      const c = await RawClient.connect(port);
      a.send(['BLMOVE', 's', 'd', 'LEFT', 'RIGHT', '0']);
      await new Promise((r) => setTimeout(r, 50));
      b.send(['BLPOP', 'd', '0']);
      await new Promise((r) => setTimeout(r, 50));
      await c.call('RPUSH', 's', 'x');
      await a.reply();
      await b.reply();
      await new Promise((r) => setTimeout(r, 100));
      if (sub !== null) {
        log.push(...parsePmessages(sub.pending().toString('latin1')));
        sub.close();
      }
      for (const x of [a, b, c]) x.close();
      events.push(log);
    }
    expect(events[0]).toEqual(['rpush s', 'rpush d', 'lpop s', 'del s', 'lpop d', 'del d']);
    expect(events[1]).toEqual(events[0]);
  });
});
