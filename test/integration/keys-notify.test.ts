/**
 * Keyspace events of the generic commands, compared with real Redis: Redis's
 * events are read from a PSUBSCRIBE on __keyevent@*__:*, respd's straight
 * from the keyspace's notify hook (its pub/sub side lives elsewhere). Only
 * the classes this family raises are enabled: g (generic), x (expired),
 * n (new key), m (key miss).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startPair, stopPair, type Pair } from '../helpers/diff.js';
import { runScript, parseResp, type Step } from '../helpers/diff-script.js';
import { RawClient } from '../helpers/raw-client.js';
import { haveRedis } from '../helpers/servers.js';


const FLAGS = 'gxnm';

const scripts: { name: string; steps: Step[] }[] = [
  { name: 'rename, expire, persist, copy, move', steps: ['SET a 1', 'SET b 2', 'RENAME a b', 'EXPIRE b 100', 'PERSIST b', 'PERSIST b', 'COPY b c', 'COPY b c REPLACE', 'COPY b c', 'MOVE c 1', 'MOVE c 1', 'RENAME b b', 'RENAMENX b b'] },
  { name: 'del, unlink, renamenx', steps: ['SET a 1', 'DEL a nokey a', 'SET z 1', 'RENAMENX z w', 'SET v 1', 'RENAMENX w v', 'UNLINK w v'] },
  { name: 'expire in the past is a del', steps: ['SET x 1', 'PEXPIRE x -1', 'SET y 1', 'EXPIREAT y 1', 'SET z 1', 'EXPIRE z 100 NX', 'EXPIRE z 50 GT', 'EXPIRE z 50 LT'] },
  { name: 'lazy expiry and key misses', steps: ['SET y 1', 'PEXPIRE y 1', { sleep: 30 }, 'GET y', 'GET nokey', 'TYPE nokey', 'EXISTS nokey', 'TTL nokey', 'OBJECT ENCODING nokey', 'TOUCH nokey', 'EXPIRE nokey 10', 'PERSIST nokey', 'COPY nokey x', 'RENAME nokey x'] },
  { name: 'copy and move across databases', steps: ['SET a 1', 'COPY a a DB 3', 'COPY a b DB 3', 'SELECT 3', 'MOVE b 4', 'RENAME a c', 'SELECT 4', 'DEL b'] },
  { name: 'overwriting rename and copy', steps: ['SET a 1', 'SET b 1', 'EXPIRE b 100', 'RENAME a b', 'SET a 2', 'COPY a b REPLACE', 'COPY a b'] },
];

interface Event {
  db: number;
  event: string;
  key: string;
}

const d = haveRedis() ? describe : describe.skip;

d('keyspace notifications of generic commands', () => {
  let pair: Pair;
  const respdEvents: Event[] = [];
  beforeAll(async () => {
    pair = await startPair(['--notify-keyspace-events', `E${FLAGS}`]);
    // Only Redis gets the config flags; respd's keyspace raises 'new'/'keymiss' only when asked to.
    pair.respd.server.keyspace.notifyNewKeys = true;
    pair.respd.server.keyspace.notifyKeyMiss = true;
    pair.respd.server.keyspace.onNotify((flag, event, key, db) => {
      if (FLAGS.includes(flag)) respdEvents.push({ db, event, key });
    });
  }, 20000);
  afterAll(async () => {
    await stopPair(pair);
  });

  async function redisEvents(steps: Step[]): Promise<Event[]> {
    const sub = await RawClient.connect(pair.redis.port);
    await sub.call('PSUBSCRIBE', '__keyevent@*__:*');
    await runScript(pair.redis.port, steps);
    sub.send(['PING']); // everything published before its reply has arrived
    const events: Event[] = [];
    // replies queued: pmessages then the PING reply
    for (;;) {
      const raw = parseResp((await sub.reply(2000))!.toString('latin1'));
      if (!Array.isArray(raw) || raw[0] !== 'pmessage') break;
      const m = /^__keyevent@(\d+)__:(.*)$/s.exec(raw[2] as string)!;
      events.push({ db: Number(m[1]), event: m[2], key: raw[3] as string });
    }
    sub.close();
    return events;
  }

  for (const s of scripts) {
    it(s.name, async () => {
      const expected = await redisEvents(s.steps);
      respdEvents.length = 0;
      await runScript(pair.respd.port, s.steps);
      expect(respdEvents).toEqual(expected);
    });
  }
});
