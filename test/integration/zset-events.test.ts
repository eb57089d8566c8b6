/**
 * Keyspace notifications and `modified` signals of the sorted set and SORT
 * commands. Real Redis publishes its events on __keyevent@0__:* (with
 * notify-keyspace-events EA); respd's are captured from the keyspace's
 * notify hook; the sequences must be equal. Only this family's events are
 * compared.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { RawClient } from '../helpers/raw-client.js';
import { startRedis, startRespd, haveRedis, type Oracle } from '../helpers/servers.js';
import type { RunningServer } from '../../src/index.js';


const EVENTS = new Set([
  'zadd', 'zincr', 'zrem', 'zremrangebyscore', 'zremrangebyrank', 'zremrangebylex', 'zpopmin', 'zpopmax',
  'zunionstore', 'zinterstore', 'zdiffstore', 'zrangestore', 'sortstore', 'del',
]);

const SCENARIOS: { name: string; cmds: string[] }[] = [
  { name: 'zadd and zincrby', cmds: ['ZADD z 1 a 2 b', 'ZADD z 1 a', 'ZADD z INCR 1 a', 'ZINCRBY z 1 b', 'ZADD z XX 5 nope', 'ZADD z NX 5 a', 'ZADD z CH 9 a', 'ZADD z GT 1 a'] },
  { name: 'zadd errors raise nothing', cmds: ['ZADD z inf a', 'ZADD z INCR -inf a', 'ZADD z XX NX 1 a', 'ZADD z x a'] },
  { name: 'zrem', cmds: ['ZADD z 1 a 2 b', 'ZREM z nope', 'ZREM z a', 'ZREM z b', 'ZREM z b'] },
  { name: 'zremrange', cmds: ['ZADD z 1 a 2 b 3 c 0 d 0 e', 'ZREMRANGEBYSCORE z 2 2', 'ZREMRANGEBYSCORE z 10 20', 'ZREMRANGEBYRANK z -1 -1', 'ZREMRANGEBYLEX z [d [d', 'ZREMRANGEBYLEX z - +'] },
  { name: 'pops', cmds: ['ZADD z 1 a 2 b 3 c 4 d', 'ZPOPMIN z 2', 'ZPOPMAX z', 'ZPOPMIN z 0', 'ZMPOP 1 z MAX COUNT 5', 'ZPOPMIN z'] },
  { name: 'blocking pops with data', cmds: ['ZADD z 1 a 2 b', 'BZPOPMIN z 0', 'BZMPOP 0 1 z MAX', 'ZADD y 1 a', 'BZPOPMAX y 0'] },
  { name: 'set algebra stores', cmds: ['ZADD a 1 x 2 y', 'ZADD b 1 y', 'ZUNIONSTORE d 2 a b', 'ZINTERSTORE d 2 a b', 'ZDIFFSTORE d 2 a b', 'ZINTERSTORE d 2 a nokey', 'ZINTERSTORE d 2 a nokey', 'ZUNION 2 a b'] },
  { name: 'zrangestore', cmds: ['ZADD z 1 a 2 b', 'ZRANGESTORE d z 0 0', 'ZRANGESTORE d z 5 6', 'ZRANGESTORE d z 5 6', 'ZRANGESTORE d nokey 0 -1'] },
  { name: 'sort store', cmds: ['RPUSH l 2 1', 'SORT l STORE d', 'SORT l LIMIT 5 5 STORE d', 'SORT nokey STORE d', 'SORT l'] },
];

async function redisEvents(port: number, sub: RawClient, cmds: string[]): Promise<string[]> {
  const cl = await RawClient.connect(port);
  await cl.call('FLUSHALL');
  for (const c of cmds) await cl.call(...c.split(' '));
  await cl.call('PUBLISH', '__keyevent@0__:sentinel', 'end');
  cl.close();
  const out: string[] = [];
  for (;;) {
    const r = await sub.reply();
    const lines = r!.toString('latin1').split('\r\n');
    // *4 $8 pmessage $n pattern $n channel $n payload
    const event = lines[6].slice(lines[6].indexOf(':') + 1);
    if (event === 'sentinel') return out;
    if (EVENTS.has(event)) out.push(`${event} ${lines[8]}`);
  }
}

async function respdEvents(srv: RunningServer, log: string[], cmds: string[]): Promise<string[]> {
  const cl = await RawClient.connect(srv.port);
  await cl.call('FLUSHALL');
  log.length = 0;
  for (const c of cmds) await cl.call(...c.split(' '));
  cl.close();
  return log.slice();
}

const d = haveRedis() ? describe : describe.skip;
d('sorted set keyspace events match Redis', () => {
  let redis: Oracle;
  let respd: RunningServer;
  let sub: RawClient;
  const log: string[] = [];
  const modified: string[] = [];

  beforeAll(async () => {
    redis = await startRedis(['--notify-keyspace-events', 'EA']);
    respd = await startRespd();
    respd.server.keyspace.onNotify((_flag, event, key) => {
      if (EVENTS.has(event)) log.push(`${event} ${key}`);
    });
    respd.server.keyspace.onModified((_db, key) => modified.push(key));
    sub = await RawClient.connect(redis.port);
    await sub.call('PSUBSCRIBE', '__keyevent@0__:*');
  }, 20000);

  afterAll(async () => {
    sub?.close();
    await redis?.stop();
    await respd?.close();
  });

  for (const sc of SCENARIOS) {
    it(sc.name, async () => {
      const want = await redisEvents(redis.port, sub, sc.cmds);
      const got = await respdEvents(respd, log, sc.cmds);
      expect(got).toEqual(want);
    });
  }

  it('signals modified once per changing write and never for no-ops', async () => {
    const cl = await RawClient.connect(respd.port);
    await cl.call('ZADD', 'z', '1', 'a', '2', 'b');
    const count = async (...argv: string[]) => {
      modified.length = 0;
      await cl.call(...argv);
      return modified.filter((k) => k === 'z' || k === 'd').length;
    };
    expect(await count('ZADD', 'z', '1', 'a')).toBe(0);
    expect(await count('ZADD', 'z', '5', 'a', '6', 'c')).toBe(1);
    expect(await count('ZADD', 'z', 'XX', '1', 'nope')).toBe(0);
    expect(await count('ZREM', 'z', 'nope')).toBe(0);
    expect(await count('ZREM', 'z', 'a', 'b')).toBe(1);
    expect(await count('ZRANGE', 'z', '0', '-1')).toBe(0);
    expect(await count('ZREMRANGEBYSCORE', 'z', '100', '200')).toBe(0);
    expect(await count('ZPOPMIN', 'z')).toBe(1); // empties and deletes z: one signal
    expect(await count('ZUNIONSTORE', 'd', '1', 'nokey')).toBe(0);
    cl.close();
  });
});
