import { describe, it, beforeAll, afterAll, expect } from 'vitest';
import { diffSuite, startPair, stopPair, type DiffCase, type Pair } from '../helpers/diff.js';
import { runScript, parseResp, sortedScan, sortedBulks, type Step } from '../helpers/diff-script.js';
import { RawClient } from '../helpers/raw-client.js';
import { haveRedis } from '../helpers/servers.js';


const sorted = sortedBulks;
const BIN = 'k\x00\xff\r\n';
const BIG = 'v'.repeat(100_000);

// Generic keyspace commands on string values (always available).
const cases: DiffCase[] = [
  // DEL / UNLINK
  { name: 'del existing', cmds: ['SET a 1', 'DEL a', 'GET a', 'EXISTS a'] },
  { name: 'del missing', cmds: ['DEL nokey'] },
  { name: 'del several with duplicates', cmds: ['SET a 1', 'SET b 2', 'DEL a a b c b', 'EXISTS a b'] },
  { name: 'del wrong arity', cmds: ['DEL'] },
  { name: 'del binary key', cmds: [['SET', BIN, 'x'], ['DEL', BIN], ['EXISTS', BIN]] },
  { name: 'del empty key', cmds: [['SET', '', 'x'], ['DEL', ''], ['EXISTS', '']] },
  { name: 'del key with ttl', cmds: ['SET a 1', 'EXPIRE a 100', 'DEL a', 'TTL a', 'SET a 2', 'TTL a'] },
  { name: 'del case-insensitive name', cmds: ['SET a 1', 'dEl a'] },
  { name: 'unlink', cmds: ['SET a 1', 'SET b 2', 'UNLINK a b c', 'EXISTS a b'] },
  { name: 'unlink wrong arity', cmds: ['UNLINK'] },
  { name: 'unlink big value', cmds: [['SET', 'big', BIG], 'UNLINK big', 'EXISTS big'] },
  // EXISTS
  { name: 'exists counts duplicates', cmds: ['SET a 1', 'EXISTS a a a', 'EXISTS a b a'] },
  { name: 'exists missing', cmds: ['EXISTS nokey', 'EXISTS x y z'] },
  { name: 'exists wrong arity', cmds: ['EXISTS'] },
  { name: 'exists binary and empty keys', cmds: [['SET', BIN, '1'], ['SET', '', '2'], ['EXISTS', BIN, '', 'k']] },
  { name: 'exists per database', cmds: ['SET a 1', 'SELECT 1', 'EXISTS a', 'SET a 2', 'EXISTS a', 'SELECT 0', 'EXISTS a'] },
  // TYPE
  { name: 'type string', cmds: ['SET a 1', 'TYPE a', 'SET b hello', 'TYPE b'] },
  { name: 'type none', cmds: ['TYPE nokey'] },
  { name: 'type wrong arity', cmds: ['TYPE', 'TYPE a b'] },
  { name: 'type binary key', cmds: [['SET', BIN, 'v'], ['TYPE', BIN]] },
  { name: 'type resp3', resp3: true, cmds: ['SET a 1', 'TYPE a', 'TYPE nokey'] },
  // TOUCH
  { name: 'touch', cmds: ['SET a 1', 'SET b 1', 'TOUCH a b c a'] },
  { name: 'touch missing', cmds: ['TOUCH x'] },
  { name: 'touch wrong arity', cmds: ['TOUCH'] },
  // RENAME / RENAMENX
  { name: 'rename', cmds: ['SET a 1', 'RENAME a b', 'GET a', 'GET b', 'EXISTS a'] },
  { name: 'rename missing source', cmds: ['RENAME nokey b', 'EXISTS b'] },
  { name: 'rename overwrites destination', cmds: ['SET a 1', 'SET b 2', 'RENAME a b', 'GET b', 'EXISTS a'] },
  { name: 'rename same key', cmds: ['SET a 1', 'RENAME a a', 'GET a'] },
  { name: 'rename same key missing', cmds: ['RENAME a a'] },
  { name: 'rename carries ttl', cmds: ['SET a 1', 'EXPIRE a 100', 'RENAME a b', 'TTL b', 'TTL a'] },
  { name: 'rename drops destination ttl', cmds: ['SET a 1', 'SET b 2', 'EXPIRE b 100', 'RENAME a b', 'TTL b'] },
  { name: 'rename binary keys', cmds: [['SET', BIN, 'v'], ['RENAME', BIN, 'x\x00y'], ['GET', 'x\x00y'], ['EXISTS', BIN]] },
  { name: 'rename to empty key', cmds: ['SET a 1', ['RENAME', 'a', ''], ['GET', ''], ['RENAME', '', 'a'], 'GET a'] },
  { name: 'rename wrong arity', cmds: ['RENAME a', 'RENAME a b c'] },
  { name: 'rename big value', cmds: [['SET', 'a', BIG], 'RENAME a b', 'EXISTS a b'] },
  { name: 'rename chain', cmds: ['SET a 1', 'RENAME a b', 'RENAME b c', 'RENAME c a', 'GET a'] },
  { name: 'renamenx', cmds: ['SET a 1', 'RENAMENX a b', 'GET b', 'EXISTS a'] },
  { name: 'renamenx destination exists', cmds: ['SET a 1', 'SET b 2', 'RENAMENX a b', 'GET a', 'GET b'] },
  { name: 'renamenx same key', cmds: ['SET a 1', 'RENAMENX a a'] },
  { name: 'renamenx missing source', cmds: ['RENAMENX nokey b'] },
  { name: 'renamenx same key missing', cmds: ['RENAMENX a a'] },
  { name: 'renamenx carries ttl', cmds: ['SET a 1', 'PEXPIRE a 500000', 'RENAMENX a b', 'TTL b'] },
  { name: 'renamenx wrong arity', cmds: ['RENAMENX a'] },
  // COPY
  { name: 'copy', cmds: ['SET a hello', 'COPY a b', 'GET a', 'GET b'] },
  { name: 'copy missing source', cmds: ['COPY nokey b', 'EXISTS b'] },
  { name: 'copy destination exists', cmds: ['SET a 1', 'SET b 2', 'COPY a b', 'GET b'] },
  { name: 'copy replace', cmds: ['SET a 1', 'SET b 2', 'COPY a b REPLACE', 'GET b', 'copy a b replace'] },
  { name: 'copy same key', cmds: ['SET a 1', 'COPY a a', 'COPY a a REPLACE', 'COPY a a DB 0'] },
  { name: 'copy same key missing', cmds: ['COPY a a'] },
  { name: 'copy same key other db', cmds: ['SET a 1', 'COPY a a DB 1', 'SELECT 1', 'GET a'] },
  { name: 'copy to db', cmds: ['SET a 1', 'COPY a b DB 2', 'EXISTS b', 'SELECT 2', 'GET b', 'COPY b a db 0', 'SELECT 0', 'GET a'] },
  { name: 'copy db out of range', cmds: ['SET a 1', 'COPY a b DB 16', 'COPY a b DB -1', 'COPY a b DB 2147483647'] },
  { name: 'copy db not an integer', cmds: ['SET a 1', 'COPY a b DB x', 'COPY a b DB 1.5', 'COPY a b DB ""'] },
  { name: 'copy db beyond int32', cmds: ['SET a 1', 'COPY a b DB 2147483648', 'COPY a b DB -2147483649', 'COPY a b DB 99999999999999999999'] },
  { name: 'copy db missing argument', cmds: ['SET a 1', 'COPY a b DB', 'COPY a b REPLACE DB'] },
  { name: 'copy syntax error', cmds: ['SET a 1', 'COPY a b FOO', 'COPY a b REPLACE FOO', 'EXISTS b'] },
  { name: 'copy options repeated', cmds: ['SET a 1', 'COPY a b REPLACE DB 1 REPLACE', 'COPY a b DB 1 DB 2', 'SELECT 2', 'EXISTS b'] },
  { name: 'copy error before missing key', cmds: ['COPY nokey b DB 99', 'COPY nokey b BAD'] },
  { name: 'copy carries ttl', cmds: ['SET a 1', 'EXPIRE a 100', 'COPY a b', 'TTL b', 'TTL a'] },
  { name: 'copy replace drops ttl of destination', cmds: ['SET a 1', 'SET b 2', 'EXPIRE b 100', 'COPY a b REPLACE', 'TTL b'] },
  { name: 'copy value is independent', cmds: ['SET a 1', 'COPY a b', 'SET a 2', 'GET b', 'DEL a', 'GET b'] },
  { name: 'copy binary and big', cmds: [['SET', BIN, BIG], ['COPY', BIN, 'c'], 'GET c', ['COPY', BIN, '']] },
  { name: 'copy wrong arity', cmds: ['COPY a'] },
  // MOVE
  { name: 'move', cmds: ['SET a 1', 'MOVE a 1', 'EXISTS a', 'SELECT 1', 'GET a'] },
  { name: 'move missing key', cmds: ['MOVE nokey 1'] },
  { name: 'move same db', cmds: ['SET a 1', 'MOVE a 0', 'MOVE nokey 0'] },
  { name: 'move target exists', cmds: ['SET a 1', 'SELECT 1', 'SET a 2', 'SELECT 0', 'MOVE a 1', 'GET a', 'SELECT 1', 'GET a'] },
  { name: 'move db out of range', cmds: ['SET a 1', 'MOVE a 16', 'MOVE a -1', 'MOVE nokey 16'] },
  { name: 'move db not an integer', cmds: ['SET a 1', 'MOVE a x', 'MOVE a 1.0', 'MOVE a 4294967296', 'MOVE a -2147483649'] },
  { name: 'move carries ttl', cmds: ['SET a 1', 'EXPIRE a 100', 'MOVE a 3', 'SELECT 3', 'TTL a'] },
  { name: 'move back and forth', cmds: ['SET a 1', 'MOVE a 1', 'SELECT 1', 'MOVE a 0', 'SELECT 0', 'GET a'] },
  { name: 'move binary key', cmds: [['SET', BIN, 'v'], ['MOVE', BIN, '5'], 'SELECT 5', ['GET', BIN]] },
  { name: 'move wrong arity', cmds: ['MOVE a', 'MOVE a 1 2'] },
  // RANDOMKEY
  { name: 'randomkey empty', cmds: ['RANDOMKEY'] },
  { name: 'randomkey single', cmds: ['SET only 1', 'RANDOMKEY', 'RANDOMKEY', 'DEL only', 'RANDOMKEY'] },
  { name: 'randomkey other db', cmds: ['SET a 1', 'SELECT 1', 'RANDOMKEY', 'SET b 1', 'RANDOMKEY'] },
  { name: 'randomkey binary key', cmds: [['SET', BIN, 'v'], 'RANDOMKEY'] },
  { name: 'randomkey wrong arity', cmds: ['RANDOMKEY x'] },
  { name: 'randomkey resp3 null', resp3: true, cmds: ['RANDOMKEY'] },
  // KEYS
  { name: 'keys all', cmds: ['SET a 1', 'SET b 2', 'SET c 3', 'KEYS *'], normalize: sorted },
  { name: 'keys empty db', cmds: ['KEYS *', 'KEYS a*'] },
  { name: 'keys prefix', cmds: ['SET user:1 a', 'SET user:2 b', 'SET item:1 c', 'KEYS user:*'], normalize: sorted },
  { name: 'keys question mark', cmds: ['SET a1 x', 'SET a22 x', 'SET b1 x', 'KEYS a?', 'KEYS ??', 'KEYS ???'], normalize: sorted },
  { name: 'keys classes', cmds: ['SET a x', 'SET b x', 'SET c x', 'SET d x', 'KEYS [ab]', 'KEYS [^ab]', 'KEYS [b-c]', 'KEYS [c-b]', 'KEYS [!a]'], normalize: sorted },
  { name: 'keys escapes', cmds: ['SET a*b x', 'SET axb x', 'SET a?b x', 'KEYS a\\*b', 'KEYS a\\?b', 'KEYS a*b', 'KEYS a\\xb'], normalize: sorted },
  { name: 'keys literal', cmds: ['SET hello x', 'SET hellO x', 'KEYS hello', 'KEYS nope'], normalize: sorted },
  { name: 'keys empty pattern and empty key', cmds: [['SET', '', 'x'], 'SET a x', ['KEYS', ''], 'KEYS *', 'KEYS **', 'KEYS ?*', ['KEYS', '*a*']], normalize: sorted },
  { name: 'keys binary', cmds: [['SET', BIN, 'x'], ['SET', 'k\x00', 'y'], ['KEYS', 'k\x00*'], ['KEYS', 'k?\xff*'], ['KEYS', '*\r\n']], normalize: sorted },
  { name: 'keys odd classes', cmds: ['SET ] x', 'SET [ x', 'SET - x', 'SET \\ x', 'SET ^ x', 'KEYS []]', 'KEYS [', 'KEYS [a-]', 'KEYS [\\]]', 'KEYS \\', 'KEYS [^]', 'KEYS []', 'KEYS [\\', 'KEYS [^a-z'], normalize: sorted },
  { name: 'keys per database', cmds: ['SET a 1', 'SELECT 1', 'SET b 1', 'KEYS *', 'SELECT 0', 'KEYS *'], normalize: sorted },
  { name: 'keys many', cmds: [...Array.from({ length: 60 }, (_, i) => `SET key:${i} ${i}`), 'KEYS key:1*', 'KEYS *5', 'KEYS *'], normalize: sorted },
  { name: 'keys wrong arity', cmds: ['KEYS', 'KEYS a b'] },
  // SCAN
  { name: 'scan small db', cmds: ['SET a 1', 'SET b 2', 'SET c 3', 'SCAN 0'], normalize: sortedScan },
  { name: 'scan empty db', cmds: ['SCAN 0', 'SCAN 0 COUNT 1000', 'SCAN 0 MATCH * TYPE string'] },
  { name: 'scan match', cmds: ['SET user:1 a', 'SET user:2 b', 'SET item:1 c', 'SCAN 0 MATCH user:*', 'SCAN 0 MATCH *:1', 'SCAN 0 MATCH nope'], normalize: sortedScan },
  { name: 'scan match star', cmds: ['SET a 1', ['SET', '', '1'], 'SCAN 0 MATCH *', 'SCAN 0 MATCH **'], normalize: sortedScan },
  { name: 'scan type', cmds: ['SET a 1', 'SET b 2', 'SCAN 0 TYPE string', 'SCAN 0 TYPE STRING', 'SCAN 0 TYPE list', 'SCAN 0 TYPE nosuchtype'], normalize: sortedScan },
  { name: 'scan count large', cmds: ['SET a 1', 'SET b 2', 'SCAN 0 COUNT 100', 'SCAN 0 COUNT 9223372036854775807'], normalize: sortedScan },
  { name: 'scan all options', cmds: ['SET user:1 a', 'SET user:2 b', 'scan 0 match user:* count 5 type string', 'SCAN 0 TYPE string MATCH user:2 COUNT 3'], normalize: sortedScan },
  { name: 'scan options repeated', cmds: ['SET a 1', 'SET b 1', 'SCAN 0 MATCH x MATCH a', 'SCAN 0 COUNT 1 COUNT 100'], normalize: sortedScan },
  { name: 'scan count errors', cmds: ['SCAN 0 COUNT 0', 'SCAN 0 COUNT -1', 'SCAN 0 COUNT x', 'SCAN 0 COUNT 1.5', 'SCAN 0 COUNT 99999999999999999999'] },
  { name: 'scan syntax errors', cmds: ['SCAN 0 MATCH', 'SCAN 0 COUNT', 'SCAN 0 TYPE', 'SCAN 0 FOO bar', 'SCAN 0 MATCH a FOO', 'SCAN 0 COUNT 0 FOO'] },
  { name: 'scan invalid cursors', cmds: ['SCAN x', 'SCAN 1.5', 'SCAN -', 'SCAN +', ['SCAN', ' 1'], ['SCAN', '1 '], 'SCAN 0x10', 'SCAN 18446744073709551616', 'SCAN 99999999999999999999999'] },
  { name: 'scan cursor error before options', cmds: ['SCAN x COUNT 0', 'SCAN x FOO'] },
  { name: 'scan lenient cursors', cmds: ['SET a 1', ['SCAN', ''], 'SCAN -0', 'SCAN +0', 'SCAN 00', 'SCAN -00000000000000000000000000'], normalize: sortedScan },
  { name: 'scan binary keys', cmds: [['SET', BIN, 'v'], ['SCAN', '0', 'MATCH', 'k\x00*']], normalize: sortedScan },
  { name: 'scan per database', cmds: ['SET a 1', 'SELECT 1', 'SET b 1', 'SCAN 0', 'SELECT 0', 'SCAN 0'], normalize: sortedScan },
  { name: 'scan wrong arity', cmds: ['SCAN'] },
  { name: 'scan resp3', resp3: true, cmds: ['SET a 1', 'SCAN 0'] },
];

// Cases over the other value types.
cases.push(
  { name: 'type list', cmds: ['RPUSH l a', 'TYPE l'] },
  { name: 'type hash', cmds: ['HSET h f v', 'TYPE h'] },
  { name: 'type set', cmds: ['SADD s a', 'TYPE s'] },
  { name: 'type zset', cmds: ['ZADD z 1 a', 'TYPE z'] },
  { name: 'copy list is independent', cmds: ['RPUSH l a b c', 'COPY l l2', 'RPUSH l d', 'LRANGE l2 0 -1', 'LRANGE l 0 -1', 'OBJECT ENCODING l2'] },
  { name: 'copy hash', cmds: ['HSET h a 1 b 2', 'COPY h h2', 'HSET h c 3', 'HGETALL h2', 'OBJECT ENCODING h2'] },
  { name: 'copy intset', cmds: ['SADD s 1 2 3', 'COPY s s2', 'SADD s 4', 'SMEMBERS s2', 'OBJECT ENCODING s2'], normalize: sorted },
  { name: 'copy zset', cmds: ['ZADD z 1 a 2 b', 'COPY z z2 DB 1', 'SELECT 1', 'ZRANGE z2 0 -1 WITHSCORES', 'OBJECT ENCODING z2'] },
  { name: 'rename list over string', cmds: ['RPUSH l a', 'SET s x', 'RENAME l s', 'TYPE s', 'LRANGE s 0 -1'] },
  { name: 'scan type filter mixed', cmds: ['SET a 1', 'RPUSH l x', 'SADD s m', 'SCAN 0 TYPE list', 'SCAN 0 TYPE set', 'SCAN 0 TYPE string'], normalize: sortedScan },
  { name: 'move list', cmds: ['RPUSH l a b', 'MOVE l 1', 'SELECT 1', 'TYPE l'] },
);

diffSuite('generic keyspace commands', cases);

/** Scripted differential cases (with pauses for expiry). */
const scripts: { name: string; steps: Step[]; normalize?: (r: string) => string }[] = [
  { name: 'expired key is gone for every command', steps: ['SET a 1', 'PEXPIRE a 1', { sleep: 30 }, 'EXISTS a', 'TYPE a', 'TTL a', 'PTTL a', 'GET a', 'DEL a', 'EXISTS a'] },
  { name: 'del of an expired key counts 0', steps: ['SET a 1', 'SET b 1', 'PEXPIRE a 1', { sleep: 30 }, 'DEL a b'] },
  { name: 'keys hides expired keys', steps: ['SET a 1', 'SET b 1', 'SET c 1', 'PEXPIRE a 1', { sleep: 30 }, 'KEYS *', 'KEYS a', 'EXISTS b c'], normalize: sorted },
  { name: 'scan skips expired keys', steps: ['SET a 1', 'SET b 1', 'PEXPIRE a 1', { sleep: 30 }, 'SCAN 0', 'SCAN 0 TYPE string', 'EXISTS a'], normalize: sortedScan },
  { name: 'randomkey skips expired keys', steps: ['SET a 1', 'SET b 1', 'PEXPIRE a 1', { sleep: 30 }, 'RANDOMKEY', 'RANDOMKEY', 'EXISTS a'] },
  { name: 'randomkey with only expired keys', steps: ['SET a 1', 'SET b 1', 'PEXPIRE a 1', 'PEXPIRE b 1', { sleep: 30 }, 'RANDOMKEY', 'EXISTS a b'] },
  { name: 'rename of an expired key', steps: ['SET a 1', 'PEXPIRE a 1', { sleep: 30 }, 'RENAME a b', 'RENAMENX a b', 'EXISTS b'] },
  { name: 'rename over an expired destination', steps: ['SET a 1', 'SET b 2', 'PEXPIRE b 1', { sleep: 30 }, 'RENAMENX a b', 'GET b'] },
  { name: 'copy of an expired key', steps: ['SET a 1', 'PEXPIRE a 1', { sleep: 30 }, 'COPY a b', 'EXISTS b'] },
  { name: 'copy over an expired destination', steps: ['SET a 1', 'SET b 2', 'PEXPIRE b 1', { sleep: 30 }, 'COPY a b', 'GET b'] },
  { name: 'move of an expired key', steps: ['SET a 1', 'PEXPIRE a 1', { sleep: 30 }, 'MOVE a 1', 'SELECT 1', 'EXISTS a'] },
  { name: 'move over an expired key in target', steps: ['SELECT 1', 'SET a 2', 'PEXPIRE a 1', 'SELECT 0', 'SET a 1', { sleep: 30 }, 'MOVE a 1', 'SELECT 1', 'GET a'] },
  { name: 'touch and object on an expired key', steps: ['SET a 1', 'PEXPIRE a 1', { sleep: 30 }, 'TOUCH a', 'OBJECT ENCODING a', 'OBJECT IDLETIME a'] },
  { name: 'ttl carried by rename keeps counting', steps: ['SET a 1', 'PEXPIRE a 300', 'RENAME a b', { sleep: 400 }, 'EXISTS b', 'GET b'] },
  // A non-integer value: a shared integer's access time depends on what earlier cases did with it.
  { name: 'object idletime grows', steps: ['CONFIG SET maxmemory-policy allkeys-lru', 'SET a v', { sleep: 2100 }, 'OBJECT IDLETIME a', 'TYPE a', 'OBJECT IDLETIME a', 'GET a', 'OBJECT IDLETIME a'], normalize: (r) => (r === ':3\r\n' ? ':2\r\n' : r) },
  { name: 'touch resets idletime', steps: ['CONFIG SET maxmemory-policy allkeys-lru', 'SET a x', 'SET b y', { sleep: 2100 }, 'TOUCH a', 'OBJECT IDLETIME a', 'EXISTS b', 'OBJECT IDLETIME b'], normalize: (r) => (r === ':3\r\n' ? ':2\r\n' : r) },
  { name: 'shared integers share their access time', steps: ['CONFIG SET maxmemory-policy allkeys-lru', 'SET a 1', 'SET b 1', 'SET c 10000', 'SET d 10000', { sleep: 2100 }, 'TOUCH a', 'OBJECT IDLETIME b', 'TOUCH c', 'OBJECT IDLETIME d', 'COPY b e', 'OBJECT REFCOUNT e', 'OBJECT REFCOUNT b'], normalize: (r) => (r === ':3\r\n' ? ':2\r\n' : r) },
];

const d = haveRedis() ? describe : describe.skip;

d('differential: keyspace scripts', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair();
  }, 20000);
  afterAll(async () => {
    await stopPair(pair);
  });
  for (const s of scripts) {
    it(s.name, async () => {
      // respd tracks per-key access only under LRU/LFU policies (see src/keyspace/access.ts)
      const reset = async (port: number) => { const cl = await RawClient.connect(port); await cl.call('CONFIG', 'SET', 'maxmemory-policy', 'noeviction'); cl.close(); };
      await Promise.all([reset(pair.redis.port), reset(pair.respd.port)]);
      const [expected, actual] = await Promise.all([runScript(pair.redis.port, s.steps), runScript(pair.respd.port, s.steps)]);
      const norm = s.normalize ?? ((r: string) => r);
      expect(actual.map(norm)).toEqual(expected.map(norm));
    });
  }

  /** Runs a full SCAN iteration, calling `between` after each call; returns every key seen. */
  async function fullScan(port: number, args: string[], between?: (cl: RawClient, round: number) => Promise<void>): Promise<{ keys: string[]; calls: number }> {
    const cl = await RawClient.connect(port);
    const seen: string[] = [];
    let cursor = '0';
    let calls = 0;
    try {
      do {
        const r = parseResp((await cl.call('SCAN', cursor, ...args))!.toString('latin1')) as [string, string[]];
        cursor = r[0];
        seen.push(...r[1]);
        if (between) await between(cl, calls);
        calls++;
        if (calls > 100000) throw new Error('SCAN never finished');
      } while (cursor !== '0');
    } finally {
      cl.close();
    }
    return { keys: seen, calls };
  }

  async function fill(port: number, n: number, prefix = 'key:'): Promise<void> {
    const cl = await RawClient.connect(port);
    await cl.call('FLUSHALL');
    for (let i = 0; i < n; i++) cl.send(['SET', `${prefix}${i}`, String(i)]);
    for (let i = 0; i < n; i++) await cl.reply();
    cl.close();
  }

  for (const [label, args] of [
    ['default count', []],
    ['count 1', ['COUNT', '1']],
    ['count 7 with match', ['COUNT', '7', 'MATCH', '*1*']],
    ['count 1000', ['COUNT', '1000']],
    ['type filter', ['COUNT', '5', 'TYPE', 'string']],
  ] as [string, string[]][]) {
    it(`full scan iteration: ${label}`, async () => {
      const sets: string[][] = [];
      for (const port of [pair.redis.port, pair.respd.port]) {
        await fill(port, 500);
        const { keys } = await fullScan(port, args);
        sets.push([...new Set(keys)].sort());
        expect(new Set(keys).size, 'no key returned twice without changes').toBe(keys.length);
      }
      expect(sets[1]).toEqual(sets[0]);
    });
  }

  it('full scan with keys added and removed mid-iteration', async () => {
    for (const port of [pair.redis.port, pair.respd.port]) {
      await fill(port, 400);
      // key:0..199 stay throughout; key:200..399 are deleted along the way; new:* keys are added.
      const { keys } = await fullScan(port, ['COUNT', '10'], async (cl, round) => {
        for (let i = 0; i < 5; i++) {
          await cl.call('DEL', `key:${200 + round * 5 + i}`);
          await cl.call('SET', `new:${round}:${i}`, 'x');
        }
      });
      const seen = new Set(keys);
      for (let i = 0; i < 200; i++) expect(seen.has(`key:${i}`), `port ${port} key:${i}`).toBe(true);
      for (const k of seen) expect(k.startsWith('key:') || k.startsWith('new:'), k).toBe(true);
    }
  });

  it('full scan survives a key being re-added and heavy churn', async () => {
    const port = pair.respd.port;
    await fill(port, 300);
    const { keys } = await fullScan(port, ['COUNT', '3'], async (cl, round) => {
      await cl.call('DEL', `key:${(round * 7) % 300}`);
      await cl.call('SET', `key:${(round * 7) % 300}`, 'back');
      await cl.call('SET', `tmp:${round}`, 'x');
      await cl.call('DEL', `tmp:${round}`);
    });
    const seen = new Set(keys);
    // keys never touched must all appear
    const touched = new Set(Array.from({ length: 1000 }, (_, r) => `key:${(r * 7) % 300}`));
    for (let i = 0; i < 300; i++) if (!touched.has(`key:${i}`)) expect(seen.has(`key:${i}`)).toBe(true);
  });

  it('scan cursors are per database', async () => {
    const port = pair.respd.port;
    await fill(port, 50);
    const cl = await RawClient.connect(port);
    try {
      const first = parseResp((await cl.call('SCAN', '0', 'COUNT', '5'))!.toString('latin1')) as [string, string[]];
      expect(first[0]).not.toBe('0');
      await cl.call('SELECT', '1');
      await cl.call('SET', 'other', '1');
      // the db-0 cursor does not continue in db 1: it starts over there
      const r = parseResp((await cl.call('SCAN', first[0]))!.toString('latin1')) as [string, string[]];
      expect(r).toEqual(['0', ['other']]);
    } finally {
      cl.close();
    }
  });

  it('randomkey returns every key eventually and only existing keys', async () => {
    for (const port of [pair.redis.port, pair.respd.port]) {
      await fill(port, 20);
      const cl = await RawClient.connect(port);
      const seen = new Set<string>();
      for (let i = 0; i < 600; i++) seen.add(parseResp((await cl.call('RANDOMKEY'))!.toString('latin1')) as string);
      cl.close();
      expect(seen.size).toBe(20);
      for (const k of seen) expect(k.startsWith('key:')).toBe(true);
    }
  });
});
