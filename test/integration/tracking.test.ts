import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createClient, BasicClientSideCache } from 'redis';
import { scenarioSuite, type Scenario } from '../helpers/scenario.js';
import { startRespd } from '../helpers/servers.js';
import { RawClient } from '../helpers/raw-client.js';
import type { RunningServer } from '../../src/index.js';

// Client-side caching compared with real Redis, connection by connection.
const cases: Scenario[] = [
  // CLIENT TRACKING option errors and state
  { name: 'tracking on and off', steps: ['A CLIENT TRACKING on', 'A CLIENT TRACKINGINFO', 'A CLIENT GETREDIR', 'A CLIENT TRACKING off', 'A CLIENT TRACKINGINFO', 'A CLIENT GETREDIR'] },
  { name: 'trackinginfo RESP3', resp3: true, steps: ['A CLIENT TRACKINGINFO', 'A CLIENT TRACKING on BCAST PREFIX b PREFIX a', 'A CLIENT TRACKINGINFO'] },
  { name: 'tracking syntax errors', steps: ['A CLIENT TRACKING maybe', 'A CLIENT TRACKING on FOO', 'A CLIENT TRACKING on REDIRECT', 'A CLIENT TRACKING on PREFIX', 'A CLIENT TRACKING', 'A CLIENT TRACKING on REDIRECT x', 'A CLIENT TRACKING on REDIRECT 999999'] },
  { name: 'tracking mode conflicts', steps: ['A CLIENT TRACKING on PREFIX a', 'A CLIENT TRACKING on BCAST OPTIN', 'A CLIENT TRACKING on BCAST OPTOUT', 'A CLIENT TRACKING on OPTIN OPTOUT', 'A CLIENT TRACKING on', 'A CLIENT TRACKING on BCAST', 'A CLIENT TRACKING on OPTIN', 'A CLIENT TRACKING on OPTOUT', 'A CLIENT TRACKING off', 'A CLIENT TRACKING on BCAST', 'A CLIENT TRACKING on'] },
  { name: 'redirect only once', steps: ['A CLIENT TRACKING on REDIRECT {id:B} REDIRECT {id:B}', 'B PING'] },
  { name: 'redirect and getredir', steps: ['A CLIENT TRACKING on REDIRECT {id:B}', 'A CLIENT GETREDIR', 'A CLIENT TRACKINGINFO', 'B PING'] },
  { name: 'prefix collisions', steps: ['A CLIENT TRACKING on BCAST PREFIX ab PREFIX a', 'A CLIENT TRACKING on BCAST PREFIX x', 'A CLIENT TRACKING on BCAST PREFIX xy', 'A CLIENT TRACKING on BCAST PREFIX x', 'A CLIENT TRACKING on BCAST PREFIX z', 'A CLIENT TRACKINGINFO'] },
  { name: 'prefix collision quirk replies twice', steps: ['A:2 CLIENT TRACKING on BCAST PREFIX a PREFIX b PREFIX bc', 'A CLIENT TRACKINGINFO'] },
  { name: 'empty prefix collides with everything', steps: ['A CLIENT TRACKING on BCAST', 'A CLIENT TRACKING on BCAST', 'A CLIENT TRACKING on BCAST PREFIX a', 'A CLIENT TRACKINGINFO'] },
  { name: 'caching errors', steps: ['A CLIENT CACHING yes', 'A CLIENT TRACKING on', 'A CLIENT CACHING yes', 'A CLIENT CACHING no', 'A CLIENT TRACKING off', 'A CLIENT TRACKING on OPTIN', 'A CLIENT CACHING no', 'A CLIENT CACHING maybe', 'A CLIENT CACHING yes', 'A CLIENT TRACKINGINFO', 'A CLIENT CACHING', 'A CLIENT CACHING yes no'] },
  { name: 'caching flag lasts for one command', steps: ['A CLIENT TRACKING on OPTOUT NOLOOP', 'A CLIENT CACHING no', 'A CLIENT TRACKINGINFO', 'A PING', 'A CLIENT TRACKINGINFO'] },
  { name: 'getredir wrong arity', steps: ['A CLIENT GETREDIR x', 'A CLIENT TRACKINGINFO x'] },

  // Default mode invalidations
  { name: 'invalidate after another client writes', resp3: ['A'], steps: ['A CLIENT TRACKING on', 'A GET k', 'B SET k 1', 'A<', 'B SET k 2'] },
  { name: 'missing key is tracked too', resp3: ['A'], steps: ['A CLIENT TRACKING on', 'A GET nokey', 'B SET nokey 1', 'A<'] },
  { name: 'self write invalidation follows the reply', resp3: ['A'], steps: ['A CLIENT TRACKING on', 'A GET k', 'A:2 SET k 1'] },
  { name: 'noloop suppresses own writes', resp3: ['A'], steps: ['A CLIENT TRACKING on NOLOOP', 'A GET k', 'A SET k 1', 'A GET k', 'B SET k 2', 'A<'] },
  { name: 'one message per key read', resp3: ['A'], steps: ['A CLIENT TRACKING on', 'A GET a', 'A GET b', 'B SET b 1', 'A<', 'B SET a 1', 'A<'] },
  { name: 'write-only commands do not track', resp3: ['A'], steps: ['A CLIENT TRACKING on', 'A SET k 1', 'B SET k 2', 'A PING'] },
  { name: 'tracking after off is forgotten for new reads', resp3: ['A'], steps: ['A CLIENT TRACKING on', 'A CLIENT TRACKING off', 'A GET k', 'B SET k 1', 'A PING'] },
  { name: 'stale entries survive off and on', resp3: ['A'], steps: ['A CLIENT TRACKING on', 'A GET k', 'A CLIENT TRACKING off', 'A CLIENT TRACKING on', 'B SET k 1', 'A<'] },
  { name: 'SWAPDB does not invalidate', resp3: ['A'], steps: ['A CLIENT TRACKING on', 'A GET k', 'B SET k 1', 'A<', 'A GET k', 'B SWAPDB 0 1', 'A PING', 'A GET k', 'A CLIENT TRACKING off', 'A CLIENT TRACKING on BCAST', 'B SWAPDB 0 1', 'A PING'] },
  { name: 'tracking is per key name across dbs', resp3: ['A'], steps: ['A CLIENT TRACKING on', 'A GET k', 'B SELECT 3', 'B SET k 1', 'A<'] },
  { name: 'invalidation inside EXEC comes after EXEC', resp3: ['A'], steps: ['A CLIENT TRACKING on', 'A GET a', 'A MULTI', 'A SET a 3', 'A GET a', 'A:2 EXEC', 'B SET a 1', 'A<'] },
  { name: 'delete and expire invalidate', resp3: ['A'], steps: ['A SET a 1', 'A SET b 1', 'A CLIENT TRACKING on', 'A GET a', 'A GET b', 'B DEL a', 'A<', 'B PEXPIRE b 400', 'A<', 'A GET b', '~600', 'A GET b', 'A<'] },
  { name: 'flushall sends null after reply', resp3: ['A', 'B'], steps: ['A CLIENT TRACKING on', 'B CLIENT TRACKING on', 'A GET k', 'A:2 FLUSHALL', 'B<', 'B SET k 1', 'A PING'] },
  { name: 'flushdb sends null', resp3: ['A'], steps: ['A CLIENT TRACKING on', 'B FLUSHDB', 'A<'] },
  { name: 'RESP2 without redirect gets nothing', steps: ['A CLIENT TRACKING on', 'A GET k', 'B SET k 1', 'A PING'] },

  // Redirection
  { name: 'redirect to RESP3 client', resp3: ['B'], steps: ['A CLIENT TRACKING on REDIRECT {id:B}', 'A GET k', 'C SET k 1', 'B<', 'A PING'] },
  { name: 'redirect to RESP2 subscriber of the channel', steps: ['B SUBSCRIBE __redis__:invalidate', 'A CLIENT TRACKING on REDIRECT {id:B}', 'A GET k', 'C SET k 1', 'B<'] },
  { name: 'redirect to RESP2 client in other pubsub channel', steps: ['B SUBSCRIBE other', 'A CLIENT TRACKING on REDIRECT {id:B}', 'A GET k', 'C SET k 1', 'B<'] },
  { name: 'redirect to RESP2 client not subscribed', steps: ['A CLIENT TRACKING on REDIRECT {id:B}', 'A GET k', 'C SET k 1', 'B PING'] },
  { name: 'redirect flush null in RESP2', steps: ['B SUBSCRIBE __redis__:invalidate', 'A CLIENT TRACKING on REDIRECT {id:B}', 'C FLUSHALL', 'B<'] },
  { name: 'redirect to self', resp3: ['A'], steps: ['A CLIENT TRACKING on REDIRECT {id:A}', 'A GET k', 'B SET k 1', 'A<'] },
  { name: 'broken redirect RESP3', resp3: ['A'], normalize: (s) => s.replace(/(tracking-redir-broken\r\n):\d+/, '$1:N'), steps: ['A CLIENT TRACKING on REDIRECT {id:B}', 'A GET k', 'B!', 'C SET k 1', 'A<', 'A CLIENT TRACKINGINFO'] },
  { name: 'broken redirect RESP2 is silent', steps: ['A CLIENT TRACKING on REDIRECT {id:B}', 'A GET k', 'B!', 'C SET k 1', 'A CLIENT TRACKINGINFO'] },

  // OPTIN / OPTOUT
  { name: 'optin tracks only after caching yes', resp3: ['A'], steps: ['A CLIENT TRACKING on OPTIN', 'A GET a', 'A CLIENT CACHING yes', 'A GET b', 'A GET c', 'B SET a 1', 'B SET c 1', 'B SET b 1', 'A<'] },
  { name: 'optin caching survives CLIENT commands', resp3: ['A'], steps: ['A CLIENT TRACKING on OPTIN', 'A CLIENT CACHING yes', 'A CLIENT GETREDIR', 'A GET a', 'B SET a 1', 'A<'] },
  { name: 'optin caching applies to a whole MULTI', resp3: ['A'], steps: ['A CLIENT TRACKING on OPTIN', 'A CLIENT CACHING yes', 'A MULTI', 'A GET a', 'A GET b', 'A EXEC', 'B SET a 1', 'A<', 'B SET b 1', 'A<'] },
  { name: 'optout skips after caching no', resp3: ['A'], steps: ['A CLIENT TRACKING on OPTOUT', 'A CLIENT CACHING no', 'A GET a', 'A GET b', 'B SET a 1', 'B SET b 1', 'A<'] },

  // BCAST
  { name: 'bcast all keys', resp3: ['A'], steps: ['A CLIENT TRACKING on BCAST', 'B SET k 1', 'A<', 'B SET other 2', 'A<'] },
  { name: 'bcast prefixes', resp3: ['A'], steps: ['A CLIENT TRACKING on BCAST PREFIX user: PREFIX obj:', 'B SET user:1 a', 'A<', 'B SET foo 1', 'B SET obj:2 b', 'A<'] },
  { name: 'bcast batches keys of one command', resp3: ['A'], steps: ['A CLIENT TRACKING on BCAST PREFIX k', 'B MSET k3 1 k1 2 x 3 k2 4', 'A<'] },
  { name: 'bcast batches keys of a transaction in byte order', resp3: ['A'], steps: ['A CLIENT TRACKING on BCAST', 'B MULTI', 'B SET b 1', 'B SET a 1', 'B SET b 2', 'B SET \xff 1', 'B EXEC', 'A<'] },
  { name: 'bcast own writes arrive after the reply', resp3: ['A'], steps: ['A CLIENT TRACKING on BCAST', 'A:2 SET k 1'] },
  { name: 'bcast noloop', resp3: ['A'], steps: ['A CLIENT TRACKING on BCAST NOLOOP', 'A SET k 1', 'B SET j 1', 'A<'] },
  { name: 'bcast reads are not tracked', resp3: ['A'], steps: ['A CLIENT TRACKING on BCAST PREFIX a', 'A GET b', 'B SET b 1', 'B SET a 1', 'A<'] },
  { name: 'bcast redirect RESP2', steps: ['B SUBSCRIBE __redis__:invalidate', 'A CLIENT TRACKING on BCAST REDIRECT {id:B}', 'C SET k 1', 'B<'] },
  { name: 'bcast flush', resp3: ['A'], steps: ['A CLIENT TRACKING on BCAST', 'B FLUSHALL', 'A<'] },
  { name: 'bcast off stops messages', resp3: ['A'], steps: ['A CLIENT TRACKING on BCAST', 'A CLIENT TRACKING off', 'B SET k 1', 'A PING'] },

  // Lifecycle
  { name: 'RESET disables tracking', resp3: ['A'], steps: ['A CLIENT TRACKING on', 'A GET k', 'A RESET', 'A HELLO 3', 'B SET k 1', 'A CLIENT TRACKINGINFO'], normalize: (s) => s.replace(/\$2\r\nid\r\n:\d+/, '$2\r\nid\r\n:N') },
  { name: 'tracking with reply off still pushes', resp3: ['A'], steps: ['A CLIENT TRACKING on', 'A GET k', 'A:0 CLIENT REPLY OFF', 'B SET k 1', 'A<', 'A CLIENT REPLY ON'] },
];

scenarioSuite('client tracking', cases);

describe('client tracking with respd only', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startRespd();
  });
  afterAll(async () => {
    await srv.close();
  });

  it('tracking-table-max-keys evicts keys and invalidates them', async () => {
    const admin = await RawClient.connect(srv.port);
    const cl = await RawClient.connect(srv.port);
    try {
      await admin.call('CONFIG', 'SET', 'tracking-table-max-keys', '2');
      await cl.call('HELLO', '3');
      await cl.call('CLIENT', 'TRACKING', 'on');
      const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
      for (const k of keys) cl.send(['GET', k]);
      // After each read the table is trimmed back to 2 keys: 3 keys get invalidated.
      const frames: string[] = [];
      for (let i = 0; i < keys.length + 3; i++) frames.push((await cl.reply())!.toString('latin1'));
      expect(frames.filter((f) => f === '_\r\n')).toHaveLength(5);
      const pushes = frames.filter((f) => f !== '_\r\n');
      for (const p of pushes) expect(p).toMatch(/^>2\r\n\$10\r\ninvalidate\r\n\*1\r\n\$2\r\nk\d\r\n$/);
      expect(new Set(pushes).size).toBe(3);
      const t = srv.server.services.tracking!;
      expect(t.table.size).toBe(2);
    } finally {
      await admin.call('CONFIG', 'SET', 'tracking-table-max-keys', '1000000');
      cl.close();
      admin.close();
    }
  });

  it('a disconnected tracking client is skipped', async () => {
    const a = await RawClient.connect(srv.port);
    await a.call('HELLO', '3');
    await a.call('CLIENT', 'TRACKING', 'on');
    await a.call('GET', 'gone');
    a.close();
    await new Promise((r) => setTimeout(r, 20));
    const b = await RawClient.connect(srv.port);
    expect((await b.call('SET', 'gone', '1'))!.toString()).toBe('+OK\r\n');
    b.close();
  });
});

describe('node-redis client-side cache against respd', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startRespd();
  });
  afterAll(async () => {
    await srv.close();
  });

  it('caches reads and drops entries on invalidation', async () => {
    const cache = new BasicClientSideCache({ ttl: 0, maxEntries: 0 });
    const client = createClient({ socket: { port: srv.port, host: '127.0.0.1' }, RESP: 3, clientSideCache: cache });
    const writer = createClient({ socket: { port: srv.port, host: '127.0.0.1' } });
    await client.connect();
    await writer.connect();
    try {
      await writer.set('csc:k', 'v1');
      expect(await client.get('csc:k')).toBe('v1');
      expect(await client.get('csc:k')).toBe('v1');
      expect(cache.stats().hitCount).toBe(1);
      expect(cache.stats().missCount).toBe(1);

      await writer.set('csc:k', 'v2');
      // The invalidation push arrives asynchronously; wait until the entry is gone.
      for (let i = 0; i < 50 && cache.size() > 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(cache.size()).toBe(0);
      expect(await client.get('csc:k')).toBe('v2');
      expect(cache.stats().missCount).toBe(2);

      await writer.flushAll();
      for (let i = 0; i < 50 && cache.size() > 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(cache.size()).toBe(0);
      expect(await client.get('csc:k')).toBe(null);
    } finally {
      client.destroy();
      writer.destroy();
    }
  });
});
