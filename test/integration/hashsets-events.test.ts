/**
 * Keyspace events and "modified" signals of hash and set commands,
 * compared with real Redis.
 *
 * Redis side: key-event notifications are read from a PSUBSCRIBE
 * connection, and whether a command signalled a key is observed with
 * WATCH/MULTI/EXEC from another connection. respd side: the keyspace's
 * notify and modified listeners, which is where pub/sub and WATCH attach.
 */
import { describe, it, beforeAll, afterAll, expect } from 'vitest';
import { startPair, stopPair, type Pair } from '../helpers/diff.js';
import { haveRedis } from '../helpers/servers.js';
import { RawClient } from '../helpers/raw-client.js';
import { parseResp, children, text } from '../helpers/resp-tree.js';


interface Scenario {
  name: string;
  setup: string[];
  cmd: string;
  /** Keys whose "modified" signal is compared. */
  keys: string[];
}

const S = (name: string, setup: string[], cmd: string, keys: string[]): Scenario => ({ name, setup, cmd, keys });

const scenarios: Scenario[] = [
  S('hset new key', [], 'HSET h a 1', ['h']),
  S('hset same value', ['HSET h a 1'], 'HSET h a 1', ['h']),
  S('hset odd arguments', ['HSET h a 1'], 'HSET h a 1 b', ['h']),
  S('hset wrongtype', ['SET h x'], 'HSET h a 1', ['h']),
  S('hmset', [], 'HMSET h a 1 b 2', ['h']),
  S('hsetnx new', ['HSET h a 1'], 'HSETNX h b 2', ['h']),
  S('hsetnx existing', ['HSET h a 1'], 'HSETNX h a 2', ['h']),
  S('hdel field', ['HSET h a 1 b 2'], 'HDEL h a x', ['h']),
  S('hdel missing field', ['HSET h a 1'], 'HDEL h x', ['h']),
  S('hdel last field', ['HSET h a 1'], 'HDEL h a', ['h']),
  S('hdel missing key', [], 'HDEL h a', ['h']),
  S('hincrby', ['HSET h a 1'], 'HINCRBY h a 2', ['h']),
  S('hincrby error', ['HSET h a x'], 'HINCRBY h a 2', ['h']),
  S('hincrby overflow', ['HSET h a 9223372036854775807'], 'HINCRBY h a 1', ['h']),
  S('hincrbyfloat', [], 'HINCRBYFLOAT h a 2.5', ['h']),
  S('hincrbyfloat error', ['HSET h a x'], 'HINCRBYFLOAT h a 2.5', ['h']),
  S('hget does nothing', ['HSET h a 1'], 'HGET h a', ['h']),
  S('sadd new', [], 'SADD s a b', ['s']),
  S('sadd existing', ['SADD s a'], 'SADD s a', ['s']),
  S('srem', ['SADD s a b'], 'SREM s a', ['s']),
  S('srem missing member', ['SADD s a'], 'SREM s x', ['s']),
  S('srem last', ['SADD s a'], 'SREM s a x', ['s']),
  S('smove', ['SADD a 1 2', 'SADD b 3'], 'SMOVE a b 1', ['a', 'b']),
  S('smove already in destination', ['SADD a 1 2', 'SADD b 1'], 'SMOVE a b 1', ['a', 'b']),
  S('smove missing member', ['SADD a 1', 'SADD b 3'], 'SMOVE a b 9', ['a', 'b']),
  S('smove empties source', ['SADD a 1'], 'SMOVE a b 1', ['a', 'b']),
  S('smove same key', ['SADD a 1'], 'SMOVE a a 1', ['a']),
  S('spop', ['SADD s a b'], 'SPOP s', ['s']),
  S('spop last', ['SADD s a'], 'SPOP s', ['s']),
  S('spop count', ['SADD s a b c d e f'], 'SPOP s 2', ['s']),
  S('spop most', ['SADD s a b c d e f g h i j'], 'SPOP s 9', ['s']),
  S('spop all', ['SADD s 1 2'], 'SPOP s 5', ['s']),
  S('spop zero', ['SADD s 1 2'], 'SPOP s 0', ['s']),
  S('spop missing key', [], 'SPOP s 2', ['s']),
  S('srandmember does nothing', ['SADD s 1 2'], 'SRANDMEMBER s 5', ['s']),
  S('sinterstore', ['SADD a 1 2', 'SADD b 2 3'], 'SINTERSTORE d a b', ['d', 'a']),
  S('sinterstore empty over existing', ['SADD a 1', 'SADD b 2', 'SET d x'], 'SINTERSTORE d a b', ['d']),
  S('sinterstore empty over nothing', ['SADD a 1', 'SADD b 2'], 'SINTERSTORE d a b', ['d']),
  S('sinterstore missing source', ['SADD a 1', 'SET d x'], 'SINTERSTORE d a nokey', ['d']),
  S('sinterstore missing source no dest', ['SADD a 1'], 'SINTERSTORE d a nokey', ['d']),
  S('sunionstore', ['SADD a 1'], 'SUNIONSTORE d a b', ['d']),
  S('sunionstore empty over existing', ['SADD d 1'], 'SUNIONSTORE d x y', ['d']),
  S('sdiffstore', ['SADD a 1 2', 'SADD b 2'], 'SDIFFSTORE d a b', ['d']),
  S('sdiffstore empty over existing', ['SADD a 1', 'SADD b 1', 'SADD d 5'], 'SDIFFSTORE d a b', ['d']),
  S('sdiffstore empty over nothing', ['SADD a 1', 'SADD b 1'], 'SDIFFSTORE d a b', ['d']),
];

type Event = string;

const d = haveRedis() ? describe : describe.skip;
d('keyspace events and modified signals of hashes and sets', () => {
  let pair: Pair;
  let sub: RawClient;
  let marker = 0;

  beforeAll(async () => {
    pair = await startPair(['--notify-keyspace-events', 'KEA']);
    sub = await RawClient.connect(pair.redis.port);
    await sub.call('PSUBSCRIBE', '__keyevent@*__:*');
    await sub.call('SUBSCRIBE', 'marker');
  }, 20000);
  afterAll(async () => {
    sub?.close();
    await stopPair(pair);
  });

  /** Reads Redis key events until the marker published after them arrives. */
  async function redisEvents(cl: RawClient): Promise<Event[]> {
    const id = String(++marker);
    await cl.call('PUBLISH', 'marker', id);
    const out: Event[] = [];
    for (;;) {
      const v = children(parseResp((await sub.reply())!)).map(text);
      if (v[0] === 'message' && v[2] === id) return out;
      if (v[0] === 'pmessage') out.push(`${v[2]!.split(':').slice(1).join(':')} ${v[3]}`);
    }
  }

  async function onRedis(sc: Scenario): Promise<{ events: Event[]; touched: Record<string, boolean> }> {
    const touched: Record<string, boolean> = {};
    let events: Event[] = [];
    for (const key of sc.keys) {
      const cl = await RawClient.connect(pair.redis.port);
      const watcher = await RawClient.connect(pair.redis.port);
      try {
        await cl.call('FLUSHALL');
        for (const c of sc.setup) await cl.call(...c.split(' '));
        await redisEvents(cl);
        await watcher.call('WATCH', key);
        await cl.call(...sc.cmd.split(' '));
        events = await redisEvents(cl);
        await watcher.call('MULTI');
        await watcher.call('PING');
        const exec = (await watcher.call('EXEC'))!.toString('latin1');
        touched[key] = exec === '*-1\r\n';
      } finally {
        cl.close();
        watcher.close();
      }
    }
    return { events, touched };
  }

  async function onRespd(sc: Scenario): Promise<{ events: Event[]; touched: Record<string, boolean>; signals: Record<string, number> }> {
    const ks = pair.respd.server.keyspace;
    const cl = await RawClient.connect(pair.respd.port);
    const events: Event[] = [];
    const signals: Record<string, number> = {};
    let recording = false;
    ks.onNotify((_flag, event, key) => {
      if (recording) events.push(`${event} ${key}`);
    });
    ks.onModified((_db, key) => {
      if (recording) signals[key] = (signals[key] ?? 0) + 1;
    });
    try {
      await cl.call('FLUSHALL');
      for (const c of sc.setup) await cl.call(...c.split(' '));
      recording = true;
      await cl.call(...sc.cmd.split(' '));
      recording = false;
    } finally {
      cl.close();
    }
    const touched: Record<string, boolean> = {};
    for (const key of sc.keys) touched[key] = (signals[key] ?? 0) > 0;
    return { events, touched, signals };
  }

  for (const sc of scenarios) {
    it(sc.name, async () => {
      const redis = await onRedis(sc);
      const respd = await onRespd(sc);
      expect(respd.events, 'keyspace events').toEqual(redis.events);
      expect(respd.touched, 'modified signals').toEqual(redis.touched);
      for (const n of Object.values(respd.signals)) expect(n, 'one signal per key per command').toBe(1);
    });
  }
});
