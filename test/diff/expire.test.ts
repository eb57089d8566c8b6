import { describe, it, beforeAll, afterAll, expect } from 'vitest';
import { diffSuite, startPair, stopPair, type DiffCase, type Pair } from '../helpers/diff.js';
import { runScript, type Step } from '../helpers/diff-script.js';
import { haveRedis } from '../helpers/servers.js';


/** Rounds integer replies at the given indexes to seconds (PTTL and friends drift by a few ms). */
function approxMs(...indexes: number[]): (r: string, i: number) => string {
  return (r, i) => {
    if (!indexes.includes(i) || !r.startsWith(':')) return r;
    const n = BigInt(r.slice(1, -2));
    return n < 0n ? r : `:~${(n + 500n) / 1000n}s\r\n`;
  };
}

const FAR = '4102444800'; // 2100-01-01 in seconds
const FAR_MS = '4102444800000';

const cases: DiffCase[] = [
  // EXPIRE basics
  { name: 'expire and ttl', cmds: ['SET a 1', 'EXPIRE a 100', 'TTL a', 'PTTL a'], normalize: approxMs(3) },
  { name: 'expire missing key', cmds: ['EXPIRE nokey 100', 'EXISTS nokey'] },
  { name: 'expire not an integer', cmds: ['SET a 1', 'EXPIRE a abc', 'EXPIRE a 1.5', 'EXPIRE a +1', ['EXPIRE', 'a', ' 1'], ['EXPIRE', 'a', ''], 'EXPIRE a 01', 'TTL a'] },
  { name: 'expire negative deletes', cmds: ['SET a 1', 'EXPIRE a -1', 'EXISTS a', 'GET a'] },
  { name: 'expire zero deletes', cmds: ['SET a 1', 'EXPIRE a 0', 'EXISTS a'] },
  { name: 'expire overwrite ttl', cmds: ['SET a 1', 'EXPIRE a 100', 'EXPIRE a 200', 'TTL a'] },
  { name: 'expire huge values', cmds: ['SET a 1', 'EXPIRE a 9223372036854775807', 'EXPIRE a 9223372036854775', 'EXPIRE a 9223372036854774', 'EXPIRE a -9223372036854775808', 'EXPIRE a -9223372036854776', 'TTL a', 'EXPIRE a 9223372036854775808', 'EXISTS a'] },
  { name: 'expire far future reads back', cmds: ['SET a 1', 'EXPIRE a 9223370000000000', 'TTL a', 'EXPIRETIME a'], normalize: (r, i) => (i === 3 && r.startsWith(':922337') ? ':far\r\n' : r) },
  { name: 'expire most negative accepted', cmds: ['SET a 1', 'EXPIRE a -9223372036854775', 'EXISTS a'] },
  { name: 'expire wrong arity', cmds: ['EXPIRE', 'EXPIRE a'] },
  { name: 'expire binary key', cmds: [['SET', 'k\x00\xff', 'v'], ['EXPIRE', 'k\x00\xff', '100'], ['TTL', 'k\x00\xff']] },
  { name: 'expire empty key', cmds: [['SET', '', 'v'], ['EXPIRE', '', '100'], ['TTL', ''], ['PERSIST', ''], ['TTL', '']] },
  { name: 'expire in another db', cmds: ['SELECT 1', 'SET a 1', 'EXPIRE a 100', 'TTL a', 'SELECT 0', 'TTL a', 'EXPIRE a 100'] },
  { name: 'expire case-insensitive command', cmds: ['SET a 1', 'eXpIrE a 100', 'TTL a'] },
  // PEXPIRE / EXPIREAT / PEXPIREAT
  { name: 'pexpire and pttl', cmds: ['SET a 1', 'PEXPIRE a 100000', 'PTTL a', 'TTL a'], normalize: approxMs(2) },
  { name: 'pexpire rounds ttl', cmds: ['SET a 1', 'PEXPIRE a 1400', 'TTL a', 'PEXPIRE a 1600', 'TTL a'] },
  { name: 'pexpire negative deletes', cmds: ['SET a 1', 'PEXPIRE a -100', 'EXISTS a'] },
  { name: 'pexpire huge values', cmds: ['SET a 1', 'PEXPIRE a 9223372036854775807', 'PEXPIRE a -9223372036854775808', 'EXISTS a'] },
  { name: 'pexpire not an integer', cmds: ['SET a 1', 'PEXPIRE a 1e3', 'PEXPIRE a 99999999999999999999'] },
  { name: 'pexpire wrong arity', cmds: ['PEXPIRE a'] },
  { name: 'expireat future', cmds: ['SET a 1', `EXPIREAT a ${FAR}`, 'EXPIRETIME a', 'PEXPIRETIME a'] },
  { name: 'expireat past deletes', cmds: ['SET a 1', 'EXPIREAT a 1', 'EXISTS a', 'SET b 1', 'EXPIREAT b 0', 'EXISTS b', 'SET c 1', 'EXPIREAT c -5', 'EXISTS c'] },
  { name: 'expireat huge values', cmds: ['SET a 1', 'EXPIREAT a 9223372036854775807', 'EXPIREAT a 9223372036854775808', 'EXPIREAT a 9223372036854775', 'EXPIRETIME a', 'PEXPIRETIME a', 'EXPIREAT a -9223372036854775809', 'EXPIREAT a -9223372036854775808'] },
  { name: 'expireat wrong arity', cmds: ['EXPIREAT a'] },
  { name: 'pexpireat future', cmds: ['SET a 1', `PEXPIREAT a ${FAR_MS}`, 'PEXPIRETIME a', 'EXPIRETIME a', 'PEXPIREAT a 4102444800499', 'EXPIRETIME a', 'PEXPIREAT a 4102444800500', 'EXPIRETIME a'] },
  { name: 'pexpireat int64 max is exact', cmds: ['SET a 1', 'PEXPIREAT a 9223372036854775807', 'PEXPIRETIME a', 'EXPIRETIME a', 'PEXPIREAT a 9223372036854775806', 'PEXPIRETIME a'] },
  { name: 'pexpireat beyond 2^53 is exact', cmds: ['SET a 1', 'PEXPIREAT a 9007199254740993', 'PEXPIRETIME a', 'PEXPIREAT a 9007199254740993 GT', 'PEXPIREAT a 9007199254740994 GT', 'PEXPIRETIME a', 'PEXPIREAT a 9007199254740993 LT', 'PEXPIRETIME a'] },
  { name: 'pexpireat past deletes', cmds: ['SET a 1', 'PEXPIREAT a 1000', 'EXISTS a', 'SET b 1', 'PEXPIREAT b -9223372036854775808', 'EXISTS b'] },
  { name: 'pexpireat wrong arity', cmds: ['PEXPIREAT a'] },
  // NX / XX / GT / LT
  { name: 'nx without ttl', cmds: ['SET a 1', 'EXPIRE a 100 NX', 'TTL a'] },
  { name: 'nx with ttl', cmds: ['SET a 1', 'EXPIRE a 100', 'EXPIRE a 200 NX', 'TTL a'] },
  { name: 'xx without ttl', cmds: ['SET a 1', 'EXPIRE a 100 XX', 'TTL a'] },
  { name: 'xx with ttl', cmds: ['SET a 1', 'EXPIRE a 100', 'EXPIRE a 200 XX', 'TTL a'] },
  { name: 'gt without ttl', cmds: ['SET a 1', 'EXPIRE a 100 GT', 'TTL a'] },
  { name: 'gt greater and smaller', cmds: ['SET a 1', 'EXPIRE a 100', 'EXPIRE a 200 GT', 'TTL a', 'EXPIRE a 50 GT', 'TTL a'] },
  { name: 'gt equal', cmds: ['SET a 1', `EXPIREAT a ${FAR}`, `EXPIREAT a ${FAR} GT`, `EXPIREAT a ${FAR} LT`, `EXPIREAT a ${FAR} XX`, `EXPIREAT a ${FAR} NX`] },
  { name: 'lt without ttl', cmds: ['SET a 1', 'EXPIRE a 100 LT', 'TTL a'] },
  { name: 'lt smaller and greater', cmds: ['SET a 1', 'EXPIRE a 100', 'EXPIRE a 50 LT', 'TTL a', 'EXPIRE a 200 LT', 'TTL a'] },
  { name: 'xx gt combined', cmds: ['SET a 1', 'EXPIRE a 100 XX GT', 'EXPIRE a 100', 'EXPIRE a 200 XX GT', 'EXPIRE a 10 XX LT', 'TTL a'] },
  { name: 'gt lt with past time', cmds: ['SET a 1', 'EXPIRE a 100', 'EXPIRE a -1 GT', 'EXISTS a', 'EXPIRE a -1 LT', 'EXISTS a'] },
  { name: 'lt without ttl past time deletes', cmds: ['SET a 1', 'EXPIRE a -1 LT', 'EXISTS a'] },
  { name: 'nx xx incompatible', cmds: ['SET a 1', 'EXPIRE a 100 NX XX', 'EXPIRE a 100 XX NX', 'TTL a'] },
  { name: 'nx gt lt incompatible', cmds: ['SET a 1', 'EXPIRE a 100 NX GT', 'PEXPIRE a 100 NX LT', 'EXPIREAT a 100 LT NX'] },
  { name: 'gt lt incompatible', cmds: ['SET a 1', 'EXPIRE a 100 GT LT', 'PEXPIREAT a 100 LT GT', 'EXPIRE a 100 XX GT LT'] },
  { name: 'nx xx gt lt all', cmds: ['SET a 1', 'EXPIRE a 100 NX XX GT LT'] },
  { name: 'options case-insensitive and repeated', cmds: ['SET a 1', 'EXPIRE a 100 nx', 'EXPIRE a 200 Xx', 'EXPIRE a 300 gT gt', 'TTL a'] },
  { name: 'unsupported option', cmds: ['SET a 1', 'EXPIRE a 100 FOO', 'EXPIRE a 100 NX FOO', 'PEXPIRE a 100 bar', 'EXPIREAT a 100 nxx', 'TTL a'] },
  { name: 'unsupported option with newline', cmds: ['SET a 1', ['EXPIRE', 'a', '100', 'x\r\ny']] },
  { name: 'option errors come before number errors', cmds: ['SET a 1', 'EXPIRE a abc FOO', 'EXPIRE a abc NX XX', 'EXPIRE a 9223372036854775807 FOO', 'EXPIRE a abc GT'] },
  { name: 'option errors on missing key', cmds: ['EXPIRE nokey 10 FOO', 'EXPIRE nokey abc', 'EXPIRE nokey 10 NX XX', 'EXPIRE nokey 10 NX'] },
  { name: 'gt lt with int64 extremes', cmds: ['SET a 1', 'PEXPIREAT a 9223372036854775807', 'PEXPIREAT a 9223372036854775806 GT', 'PEXPIREAT a 9223372036854775806 LT', 'PEXPIRETIME a'] },
  // TTL family
  { name: 'ttl missing and persistent', cmds: ['TTL nokey', 'PTTL nokey', 'EXPIRETIME nokey', 'PEXPIRETIME nokey', 'SET a 1', 'TTL a', 'PTTL a', 'EXPIRETIME a', 'PEXPIRETIME a'] },
  { name: 'ttl family wrong arity', cmds: ['TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME', 'TTL a b', 'PTTL a b', 'EXPIRETIME a b', 'PEXPIRETIME a b'] },
  { name: 'ttl resp3', resp3: true, cmds: ['SET a 1', 'EXPIRE a 100', 'TTL a', 'TTL nokey', `EXPIREAT a ${FAR}`, 'EXPIRETIME a'] },
  { name: 'set clears ttl', cmds: ['SET a 1', 'EXPIRE a 100', 'SET a 2', 'TTL a'] },
  // PERSIST
  { name: 'persist', cmds: ['SET a 1', 'EXPIRE a 100', 'PERSIST a', 'TTL a', 'PERSIST a'] },
  { name: 'persist without ttl', cmds: ['SET a 1', 'PERSIST a'] },
  { name: 'persist missing', cmds: ['PERSIST nokey'] },
  { name: 'persist far future', cmds: ['SET a 1', 'PEXPIREAT a 9223372036854775807', 'PERSIST a', 'PEXPIRETIME a'] },
  { name: 'persist wrong arity', cmds: ['PERSIST', 'PERSIST a b'] },
  { name: 'persist in another db', cmds: ['SELECT 2', 'SET a 1', 'EXPIRE a 100', 'SELECT 0', 'PERSIST a', 'SELECT 2', 'TTL a'] },
  // expiry interplay with other generic commands
  { name: 'exists and type keep ttl', cmds: ['SET a 1', 'EXPIRE a 100', 'EXISTS a', 'TYPE a', 'TTL a'] },
  { name: 'copy keeps exact far ttl', cmds: ['SET a 1', 'PEXPIREAT a 9223372036854775807', 'COPY a b', 'PEXPIRETIME b', 'MOVE b 1', 'SELECT 1', 'PEXPIRETIME b', 'RENAME b c', 'PEXPIRETIME c'] },
  { name: 'expire then delete then recreate', cmds: ['SET a 1', 'EXPIRE a 100', 'DEL a', 'SET a 2', 'TTL a', 'EXPIRE a 50 XX'] },
];

diffSuite('expiry commands', cases);

/** Scripted cases: keys that really expire. */
const scripts: { name: string; steps: Step[] }[] = [
  { name: 'pexpire 1 expires', steps: ['SET a 1', 'PEXPIRE a 1', { sleep: 30 }, 'GET a', 'EXISTS a', 'TTL a', 'PTTL a', 'EXPIRETIME a', 'PEXPIRETIME a'] },
  { name: 'expired key: expire and persist answer 0', steps: ['SET a 1', 'SET b 1', 'PEXPIRE a 1', 'PEXPIRE b 1', { sleep: 30 }, 'EXPIRE a 100', 'PERSIST b', 'EXISTS a b'] },
  { name: 'expired key: nx and xx', steps: ['SET a 1', 'PEXPIRE a 1', { sleep: 30 }, 'EXPIRE a 100 NX', 'EXPIRE a 100 XX', 'SET a 2', 'EXPIRE a 100 XX', 'EXPIRE a 100 NX'] },
  { name: 'persist saves a key', steps: ['SET a 1', 'PEXPIRE a 100', 'PERSIST a', { sleep: 200 }, 'GET a', 'TTL a'] },
  { name: 'ttl counts down', steps: ['SET a 1', 'PEXPIRE a 2200', { sleep: 1300 }, 'TTL a'] },
  { name: 'expire xx extends before expiry', steps: ['SET a 1', 'PEXPIRE a 150', 'PEXPIRE a 100000 XX', { sleep: 250 }, 'EXISTS a'] },
  { name: 'expire lt shortens', steps: ['SET a 1', 'EXPIRE a 100', 'PEXPIRE a 50 LT', { sleep: 150 }, 'EXISTS a'] },
  { name: 'expireat with ms precision', steps: ['SET a 1', 'PEXPIRE a 50', { sleep: 150 }, 'EXISTS a', 'KEYS *', 'DEL a'] },
];

const d = haveRedis() ? describe : describe.skip;

d('differential: expiry scripts', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair();
  }, 20000);
  afterAll(async () => {
    await stopPair(pair);
  });
  for (const s of scripts) {
    it(s.name, async () => {
      const [expected, actual] = await Promise.all([runScript(pair.redis.port, s.steps), runScript(pair.respd.port, s.steps)]);
      expect(actual).toEqual(expected);
    });
  }
});
