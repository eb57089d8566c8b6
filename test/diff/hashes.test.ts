import { describe, it, beforeAll, afterAll, expect } from 'vitest';
import { diffSuite, startPair, stopPair, type DiffCase, type Cmd, type Pair } from '../helpers/diff.js';
import { haveRedis } from '../helpers/servers.js';
import { RawClient } from '../helpers/raw-client.js';
import { unordered, unorderedPairs, sample, scanItems } from '../helpers/normalize.js';
import { parseResp, children, text } from '../helpers/resp-tree.js';


/** HSET key f0 v0 … f(n-1) v(n-1). */
function hsetMany(key: string, n: number, f = (i: number) => `f${i}`, v = (i: number) => `v${i}`): Cmd {
  const argv = ['HSET', key];
  for (let i = 0; i < n; i++) argv.push(f(i), v(i));
  return argv;
}

const SMALL = { a: '1', b: '2', c: '3' };
const BIN = '\x00\xff\r\n';
const LONG64 = 'x'.repeat(64);
const LONG65 = 'x'.repeat(65);
/** Normalize every reply of a case whose hash is hashtable-encoded. */
const anyOrder = (r: string) => unordered(r);
const pairsAnyOrder = (r: string) => unorderedPairs(r);

const basics: DiffCase[] = [
  { name: 'hset new fields', cmds: ['HSET h a 1', 'HSET h b 2 c 3', 'HGETALL h', 'HLEN h'] },
  { name: 'hset update returns 0', cmds: ['HSET h a 1', 'HSET h a 2', 'HGET h a'] },
  { name: 'hset mixed new and updated', cmds: ['HSET h a 1 b 2', 'HSET h b 3 c 4 a 5', 'HGETALL h'] },
  { name: 'hset same field twice in one call', cmds: ['HSET h a 1 a 2', 'HGETALL h', 'HLEN h'] },
  { name: 'hset odd arguments', cmds: ['HSET h a 1 b', 'EXISTS h'] },
  { name: 'hset arity', cmds: ['HSET h', 'HSET h a', 'HSET'] },
  { name: 'hset wrongtype', cmds: ['SET s x', 'HSET s a 1', 'GET s'] },
  { name: 'hset odd args on wrongtype key', cmds: ['SET s x', 'HSET s a 1 b'] },
  { name: 'hmset', cmds: ['HMSET h a 1 b 2', 'HMSET h a 3', 'HGETALL h'] },
  { name: 'hmset odd arguments', cmds: ['HMSET h a 1 b', 'HMSET h a'] },
  { name: 'hmset wrongtype', cmds: ['SET s x', 'HMSET s a 1'] },
  { name: 'hsetnx', cmds: ['HSETNX h a 1', 'HSETNX h a 2', 'HGET h a', 'HSETNX h b 3', 'HGETALL h'] },
  { name: 'hsetnx wrongtype and arity', cmds: ['SET s x', 'HSETNX s a 1', 'HSETNX h a', 'HSETNX h a 1 2'] },
  { name: 'hget', cmds: ['HSET h a 1', 'HGET h a', 'HGET h b', 'HGET nokey a'] },
  { name: 'hget wrongtype', cmds: ['SET s x', 'HGET s a', 'HGET s'] },
  { name: 'hmget', cmds: ['HSET h a 1 b 2', 'HMGET h a x b a', 'HMGET nokey a b'] },
  { name: 'hmget wrongtype', cmds: ['SET s x', 'HMGET s a', 'HMGET h'] },
  { name: 'hdel', cmds: ['HSET h a 1 b 2 c 3', 'HDEL h a', 'HDEL h a', 'HDEL h x b', 'HGETALL h'] },
  { name: 'hdel duplicates', cmds: ['HSET h a 1 b 2 c 3', 'HDEL h a a b', 'HGETALL h'] },
  { name: 'hdel last field deletes key', cmds: ['HSET h a 1 b 2', 'HDEL h a b c', 'EXISTS h', 'TYPE h', 'HLEN h'] },
  { name: 'hdel missing key and wrongtype', cmds: ['HDEL nokey a', 'SET s x', 'HDEL s a', 'HDEL h'] },
  { name: 'hlen', cmds: ['HLEN nokey', 'HSET h a 1 b 2', 'HLEN h', 'SET s x', 'HLEN s', 'HLEN h x'] },
  { name: 'hstrlen', cmds: [['HSET', 'h', 'a', 'hello', 'b', '123', 'c', ''], 'HSTRLEN h a', 'HSTRLEN h b', 'HSTRLEN h c', 'HSTRLEN h x', 'HSTRLEN nokey a'] },
  { name: 'hstrlen wrongtype', cmds: ['SET s x', 'HSTRLEN s a', 'HSTRLEN h'] },
  { name: 'hexists', cmds: ['HSET h a 1', 'HEXISTS h a', 'HEXISTS h b', 'HEXISTS nokey a', 'SET s x', 'HEXISTS s a'] },
  { name: 'hkeys hvals hgetall order', cmds: ['HSET h z 1 y 2 x 3', 'HSET h y 20', 'HKEYS h', 'HVALS h', 'HGETALL h'] },
  { name: 'order after delete and re-add', cmds: ['HSET h a 1 b 2 c 3', 'HDEL h a', 'HSET h a 9 d 4', 'HGETALL h'] },
  { name: 'hkeys hvals hgetall missing', cmds: ['HKEYS nokey', 'HVALS nokey', 'HGETALL nokey'] },
  { name: 'hkeys hvals hgetall wrongtype', cmds: ['SET s x', 'HKEYS s', 'HVALS s', 'HGETALL s', 'HGETALL'] },
  { name: 'resp3 hgetall map', resp3: true, cmds: ['HSET h a 1 b 2', 'HGETALL h', 'HGETALL nokey', 'HKEYS nokey', 'HVALS h'] },
  { name: 'resp3 hmget nulls', resp3: true, cmds: ['HSET h a 1', 'HMGET h a b', 'HGET h b', 'HMGET nokey x'] },
  { name: 'case-insensitive command', cmds: ['hSeT h a 1', 'hgetALL h', 'HgEt h a'] },
  { name: 'pipelined writes and reads', pipeline: true, cmds: ['HSET h a 1', 'HSET h b 2', 'HINCRBY h a 5', 'HGETALL h', 'HDEL h a b', 'EXISTS h'] },
  { name: 'hash in another db', cmds: ['SELECT 3', 'HSET h a 1', 'SELECT 0', 'HGET h a', 'SELECT 3', 'HGET h a'] },
  { name: 'type is hash', cmds: ['HSET h a 1', 'TYPE h'] },
];

const binary: DiffCase[] = [
  { name: 'binary field and value', cmds: [['HSET', 'h', BIN, BIN + 'v'], ['HGET', 'h', BIN], 'HGETALL h', ['HSTRLEN', 'h', BIN], ['HEXISTS', 'h', BIN]] },
  { name: 'empty field and value', cmds: [['HSET', 'h', '', ''], ['HGET', 'h', ''], 'HLEN h', ['HSTRLEN', 'h', ''], 'HGETALL h', ['HDEL', 'h', ''], 'EXISTS h'] },
  { name: 'empty key name', cmds: [['HSET', '', 'f', 'v'], ['HGETALL', '']] },
  { name: 'high bytes', cmds: [['HSET', 'h', '\xe9\xe8', '\x80\x81'], 'HKEYS h', 'HVALS h'] },
  { name: 'crlf in field', cmds: [['HSET', 'h', 'a\r\nb', 'c\r\nd'], 'HGETALL h', ['HMGET', 'h', 'a\r\nb', 'a']] },
  { name: 'binary hscan match', cmds: [['HSET', 'h', '\x00a', '1', '\x00b', '2', 'c', '3'], ['HSCAN', 'h', '0', 'MATCH', '\x00*']] },
  { name: 'big value', cmds: [['HSET', 'h', 'f', 'v'.repeat(100000)], ['HSTRLEN', 'h', 'f'], ['HGET', 'h', 'f'], 'OBJECT ENCODING h'] },
  { name: 'integers as values', cmds: ['HSET h a 123 b -5 c 007 d 9223372036854775807 e 9223372036854775808', 'HGETALL h', 'HSTRLEN h c'] },
];

const encodings: DiffCase[] = [
  { name: 'small hash is listpack', cmds: ['HSET h a 1', 'OBJECT ENCODING h'] },
  { name: '512 entries stay listpack', cmds: [hsetMany('h', 512), 'OBJECT ENCODING h', 'HLEN h'] },
  { name: '513 entries convert', cmds: [hsetMany('h', 513), 'OBJECT ENCODING h', 'HLEN h'] },
  { name: 'growing one by one converts at 513', cmds: [hsetMany('h', 512), 'HSET h f511 again', 'OBJECT ENCODING h', 'HSET h extra 1', 'OBJECT ENCODING h'] },
  { name: 'value of 64 bytes stays listpack', cmds: [['HSET', 'h', 'a', LONG64], 'OBJECT ENCODING h'] },
  { name: 'value of 65 bytes converts', cmds: [['HSET', 'h', 'a', LONG65], 'OBJECT ENCODING h'] },
  { name: 'field of 65 bytes converts', cmds: ['HSET h a 1', ['HSET', 'h', LONG65, '1'], 'OBJECT ENCODING h'] },
  { name: 'long value later in the same call converts', cmds: [['HSET', 'h', 'a', '1', 'b', LONG65], 'OBJECT ENCODING h', 'HGET h a'] },
  { name: 'conversion is one way', cmds: [['HSET', 'h', 'a', LONG65, 'b', '1'], ['HDEL', 'h', 'a'], 'OBJECT ENCODING h', 'HGETALL h'] },
  { name: 'hsetnx long value on existing field keeps listpack', cmds: ['HSET h a 1', ['HSETNX', 'h', 'a', LONG65], 'OBJECT ENCODING h'] },
  { name: 'hsetnx long value on new field converts', cmds: ['HSET h a 1', ['HSETNX', 'h', 'b', LONG65], 'OBJECT ENCODING h'] },
  { name: 'hsetnx long field converts', cmds: ['HSET h a 1', ['HSETNX', 'h', LONG65, 'x'], 'OBJECT ENCODING h'] },
  { name: 'hmset long value converts', cmds: [['HMSET', 'h', 'a', LONG65], 'OBJECT ENCODING h'] },
  { name: 'hincrby long field converts', cmds: [['HINCRBY', 'h', LONG65, '5'], 'OBJECT ENCODING h'] },
  { name: 'hincrbyfloat huge result converts', cmds: ['HINCRBYFLOAT h f 1e300', 'OBJECT ENCODING h', 'HSTRLEN h f'] },
  { name: 'hincrby on 512-entry hash adding field converts', cmds: [hsetMany('h', 512), 'HINCRBY h new 1', 'OBJECT ENCODING h'] },
  { name: 'hashtable hgetall', normalize: pairsAnyOrder, cmds: [hsetMany('h', 600), 'HGETALL h'] },
  { name: 'hashtable hkeys', normalize: anyOrder, cmds: [hsetMany('h', 600), 'HKEYS h'] },
  { name: 'hashtable hvals', normalize: anyOrder, cmds: [hsetMany('h', 600), 'HVALS h'] },
  { name: 'hashtable resp3 hgetall', resp3: true, normalize: pairsAnyOrder, cmds: [hsetMany('h', 600), 'HGETALL h'] },
  { name: 'hashtable reads and writes', cmds: [hsetMany('h', 600), 'HGET h f599', 'HMGET h f0 nope f300', 'HEXISTS h f10', 'HSTRLEN h f100', 'HDEL h f0 f1 nope', 'HLEN h', 'HSETNX h f2 z', 'HSETNX h new z', 'HINCRBY h cnt 7', 'HINCRBYFLOAT h cnt 0.5'] },
  { name: 'hashtable emptied deletes key', cmds: [['HSET', 'h', 'a', LONG65], 'HDEL h a', 'EXISTS h'] },
];

const incr: DiffCase[] = [
  { name: 'hincrby new key and field', cmds: ['HINCRBY h a 5', 'HINCRBY h a -3', 'HINCRBY h b -10', 'HGETALL h'] },
  { name: 'hincrby on existing integer', cmds: ['HSET h a 10', 'HINCRBY h a 1', 'HINCRBY h a 0', 'HGET h a'] },
  { name: 'hincrby limits', cmds: ['HSET h a 9223372036854775806', 'HINCRBY h a 1', 'HINCRBY h a 1', 'HGET h a', 'HSET h b -9223372036854775807', 'HINCRBY h b -1', 'HINCRBY h b -1', 'HGET h b'] },
  { name: 'hincrby overflow from zero', cmds: ['HINCRBY h a 9223372036854775807', 'HINCRBY h a 1', 'HINCRBY h b -9223372036854775808', 'HINCRBY h b -1', 'HINCRBY h b 9223372036854775807'] },
  { name: 'hincrby beyond 2^53', cmds: ['HINCRBY h a 9007199254740993', 'HINCRBY h a 1', 'HINCRBY h a -9007199254740995', 'HGET h a'] },
  { name: 'hincrby bad increments', cmds: ['HINCRBY h a x', 'HINCRBY h a 1.5', 'HINCRBY h a +1', ['HINCRBY', 'h', 'a', ' 1'], ['HINCRBY', 'h', 'a', ''], 'HINCRBY h a 9223372036854775808', 'HINCRBY h a 01', 'EXISTS h'] },
  { name: 'hincrby non-integer values', cmds: [['HSET', 'h', 'a', 'x', 'b', '1.5', 'c', '007', 'd', ' 1', 'e', '9223372036854775808', 'f', '-0'], 'HINCRBY h a 1', 'HINCRBY h b 1', 'HINCRBY h c 1', 'HINCRBY h d 1', 'HINCRBY h e 1', 'HINCRBY h f 1'] },
  { name: 'hincrby empty value', cmds: [['HSET', 'h', 'a', ''], 'HINCRBY h a 1'] },
  { name: 'hincrby wrongtype and arity', cmds: ['SET s x', 'HINCRBY s a 1', 'HINCRBY s a x', 'HINCRBY h a', 'HINCRBY h a 1 2'] },
  { name: 'hincrbyfloat basics', cmds: ['HINCRBYFLOAT h a 1.5', 'HINCRBYFLOAT h a 2.25', 'HINCRBYFLOAT h a -3.75', 'HGET h a'] },
  { name: 'hincrbyfloat long double precision', cmds: ['HINCRBYFLOAT h a 0.1', 'HINCRBYFLOAT h a 0.2', 'HINCRBYFLOAT h b 10.5', 'HINCRBYFLOAT h b 0.1', 'HINCRBYFLOAT h c 0.1', 'HINCRBYFLOAT h c 0.1', 'HINCRBYFLOAT h c 0.1'] },
  { name: 'hincrbyfloat thirds', cmds: ['HSET h a 1', 'HINCRBYFLOAT h a 0.3333333333333333333', 'HINCRBYFLOAT h b -0.3333333333333333', 'HINCRBYFLOAT h c 3.0e-5', 'HINCRBYFLOAT h d 1.23456789012345678901234'] },
  { name: 'hincrbyfloat on integer value', cmds: ['HSET h a 10', 'HINCRBYFLOAT h a 0.5', 'HSET h b 9223372036854775807', 'HINCRBYFLOAT h b 1', 'HINCRBYFLOAT h b 0.5'] },
  { name: 'hincrbyfloat to integer result', cmds: ['HINCRBYFLOAT h a 1.5', 'HINCRBYFLOAT h a 1.5', 'HINCRBYFLOAT h a -3', 'HGET h a'] },
  { name: 'hincrbyfloat negative zero', cmds: ['HINCRBYFLOAT h a -0.0', 'HINCRBYFLOAT h b 1', 'HINCRBYFLOAT h b -1', 'HINCRBYFLOAT h c -1e-30'] },
  { name: 'hincrbyfloat exponents', cmds: ['HINCRBYFLOAT h a 1e3', 'HINCRBYFLOAT h a -1.5E-3', 'HINCRBYFLOAT h b .5', 'HINCRBYFLOAT h c 5.', 'HINCRBYFLOAT h d +1.25', 'HINCRBYFLOAT h e 1e+2'] },
  { name: 'hincrbyfloat huge values', cmds: ['HINCRBYFLOAT h a 1e308', 'HINCRBYFLOAT h a 1e308', 'HINCRBYFLOAT h b 1.5e30', 'HINCRBYFLOAT h c -123456789012345678901234567890'] },
  { name: 'hincrbyfloat beyond double range', cmds: ['HINCRBYFLOAT h a 1e4000', 'HSTRLEN h a', 'HINCRBYFLOAT h b 1e4933', 'HINCRBYFLOAT h c 1e5000'] },
  { name: 'hincrbyfloat tiny values', cmds: ['HINCRBYFLOAT h a 1e-400', 'HINCRBYFLOAT h b 3.4e-4950', 'HINCRBYFLOAT h c 1e-5000', 'HINCRBYFLOAT h d 0.000000000000000005', 'HINCRBYFLOAT h e 0.000000000000000015', 'HINCRBYFLOAT h f 0.00000000000000001'] },
  { name: 'hincrbyfloat hex', cmds: ['HINCRBYFLOAT h a 0x10', 'HINCRBYFLOAT h a 0x1.8p1', 'HINCRBYFLOAT h b 0x', 'HINCRBYFLOAT h c 0X.8'] },
  { name: 'hincrbyfloat inf and nan', cmds: ['HINCRBYFLOAT h a inf', 'HINCRBYFLOAT h a -inf', 'HINCRBYFLOAT h a +Infinity', 'HINCRBYFLOAT h a nan', 'HINCRBYFLOAT h a NaN', 'EXISTS h'] },
  { name: 'hincrbyfloat bad increments', cmds: ['HINCRBYFLOAT h a x', ['HINCRBYFLOAT', 'h', 'a', ' 1'], ['HINCRBYFLOAT', 'h', 'a', '1 '], ['HINCRBYFLOAT', 'h', 'a', ''], 'HINCRBYFLOAT h a 1e', 'HINCRBYFLOAT h a 1.2.3', 'HINCRBYFLOAT h a .', 'HINCRBYFLOAT h a --1', 'EXISTS h'] },
  { name: 'hincrbyfloat non-float values', cmds: [['HSET', 'h', 'a', 'x', 'b', ' 1', 'c', 'inf', 'd', 'nan', 'e', '', 'f', '1e5000', 'g', '1e-5000'], 'HINCRBYFLOAT h a 1', 'HINCRBYFLOAT h b 1', 'HINCRBYFLOAT h c 1', 'HINCRBYFLOAT h d 1', 'HINCRBYFLOAT h e 1', 'HINCRBYFLOAT h f 1', 'HINCRBYFLOAT h g 1'] },
  { name: 'hincrbyfloat value with spaces', cmds: [['HSET', 'h', 'a', '1 '], 'HINCRBYFLOAT h a 1', ['HSET', 'h', 'b', '\t1'], 'HINCRBYFLOAT h b 1'] },
  { name: 'hincrbyfloat long-double value strings', cmds: ['HSET h a 1.000000000000000000001', 'HINCRBYFLOAT h a 0', 'HSET h b 0.1', 'HINCRBYFLOAT h b 0.7', 'HINCRBYFLOAT h b 0.00000000000000001'] },
  { name: 'hincrbyfloat ties at 17 decimals', cmds: ['HINCRBYFLOAT h a 0.000000000000000005', 'HINCRBYFLOAT h b 0.000003814697265625', 'HINCRBYFLOAT h c 0.0000000000000000075'] },
  { name: 'hincrbyfloat wrongtype and arity', cmds: ['SET s x', 'HINCRBYFLOAT s a 1', 'HINCRBYFLOAT s a x', 'HINCRBYFLOAT h a', 'HINCRBYFLOAT h a 1 2'] },
  { name: 'resp3 hincrbyfloat is a bulk string', resp3: true, cmds: ['HINCRBYFLOAT h a 1.5', 'HINCRBY h b 2'] },
  { name: 'hincrby then hincrbyfloat then hincrby', cmds: ['HINCRBY h a 5', 'HINCRBYFLOAT h a 0.5', 'HINCRBY h a 1', 'HINCRBYFLOAT h a 0.5', 'HINCRBY h a 1'] },
];

/** Deterministic pseudo-random numbers (mulberry32), so fuzz cases are reproducible. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random float texts of many shapes: digits, fractions, exponents, signs. */
function floatTexts(seed: number, n: number): string[] {
  const r = prng(seed);
  const digits = (k: number) => Array.from({ length: k }, () => Math.floor(r() * 10)).join('');
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const sign = r() < 0.4 ? '-' : r() < 0.1 ? '+' : '';
    const kind = r();
    if (kind < 0.3) out.push(`${sign}${Math.floor(r() * 1000)}.${digits(1 + Math.floor(r() * 4))}`);
    else if (kind < 0.5) out.push(`${sign}0.${digits(1 + Math.floor(r() * 25))}`);
    else if (kind < 0.7) out.push(`${sign}${1 + Math.floor(r() * 9)}.${digits(Math.floor(r() * 20))}e${Math.floor(r() * 60) - 30}`);
    else if (kind < 0.85) out.push(`${sign}${digits(1 + Math.floor(r() * 22))}`);
    else out.push(`${sign}${1 + Math.floor(r() * 9)}e${Math.floor(r() * 700) - 350}`);
  }
  return out;
}

const fuzz: DiffCase[] = [1, 2, 3, 4, 5, 6].map((seed) => ({
  name: `hincrbyfloat fuzz ${seed}`,
  cmds: floatTexts(seed, 150).map((t, i) => ['HINCRBYFLOAT', 'h', `f${i % (seed + 1)}`, t]),
}));
fuzz.push({
  name: 'hincrby fuzz near the limits',
  cmds: (() => {
    const r = prng(99);
    const cmds: Cmd[] = [];
    for (let i = 0; i < 200; i++) {
      const big = BigInt(Math.floor(r() * 2 ** 52)) * BigInt(Math.floor(r() * 4096));
      cmds.push(['HINCRBY', 'h', `f${i % 3}`, String(r() < 0.5 ? -big : big)]);
    }
    return cmds;
  })(),
});

const hashOf = (o: Record<string, string>) => Object.keys(o);
const rand: DiffCase[] = [
  { name: 'hrandfield missing key', cmds: ['HRANDFIELD nokey', 'HRANDFIELD nokey 3', 'HRANDFIELD nokey -3 WITHVALUES', 'HRANDFIELD nokey 0'] },
  { name: 'hrandfield one field', cmds: ['HSET h a 1', 'HRANDFIELD h', 'HRANDFIELD h 1', 'HRANDFIELD h -3', 'HRANDFIELD h -3 WITHVALUES', 'HRANDFIELD h 5 WITHVALUES'] },
  { name: 'hrandfield count 0', cmds: ['HSET h a 1 b 2', 'HRANDFIELD h 0', 'HRANDFIELD h 0 WITHVALUES'] },
  { name: 'hrandfield count >= size returns the hash in order', cmds: ['HSET h c 3 a 1 b 2', 'HRANDFIELD h 3', 'HRANDFIELD h 10', 'HRANDFIELD h 10 withvalues', 'HRANDFIELD h 9223372036854775807'] },
  { name: 'resp3 hrandfield withvalues pairs', resp3: true, cmds: ['HSET h c 3 a 1 b 2', 'HRANDFIELD h 10 WITHVALUES', 'HRANDFIELD h 3', 'HSET one x y', 'HRANDFIELD one -2 WITHVALUES', 'HRANDFIELD nokey 2 WITHVALUES', 'HRANDFIELD nokey'] },
  { name: 'hrandfield single random', normalize: sample(hashOf(SMALL)), cmds: ['HSET h a 1 b 2 c 3', 'HRANDFIELD h'] },
  { name: 'hrandfield negative count', normalize: sample(hashOf(SMALL), { repeats: true }), cmds: ['HSET h a 1 b 2 c 3', 'HRANDFIELD h -10', 'HRANDFIELD h -2', 'HRANDFIELD h -1'] },
  { name: 'hrandfield negative count withvalues', normalize: sample(hashOf(SMALL), { hash: SMALL, pairsFlat: true, repeats: true }), cmds: ['HSET h a 1 b 2 c 3', 'HRANDFIELD h -10 WITHVALUES'] },
  { name: 'resp3 hrandfield negative count withvalues', resp3: true, normalize: sample(hashOf(SMALL), { hash: SMALL, repeats: true }), cmds: ['HSET h a 1 b 2 c 3', 'HRANDFIELD h -7 WITHVALUES'] },
  { name: 'hrandfield positive count below size', normalize: sample(hashOf(SMALL)), cmds: ['HSET h a 1 b 2 c 3', 'HRANDFIELD h 2', 'HRANDFIELD h 1'] },
  { name: 'hrandfield positive count withvalues', normalize: sample(hashOf(SMALL), { hash: SMALL, pairsFlat: true }), cmds: ['HSET h a 1 b 2 c 3', 'HRANDFIELD h 2 WITHVALUES'] },
  { name: 'resp3 hrandfield positive count withvalues', resp3: true, normalize: sample(hashOf(SMALL), { hash: SMALL }), cmds: ['HSET h a 1 b 2 c 3', 'HRANDFIELD h 2 WITHVALUES'] },
  { name: 'hrandfield on hashtable', normalize: sample(Array.from({ length: 600 }, (_, i) => `f${i}`)), cmds: [hsetMany('h', 600), 'HRANDFIELD h', 'HRANDFIELD h 5', 'HRANDFIELD h 300', 'HRANDFIELD h 599'] },
  { name: 'hrandfield on hashtable with repeats', normalize: sample(Array.from({ length: 600 }, (_, i) => `f${i}`), { repeats: true }), cmds: [hsetMany('h', 600), 'HRANDFIELD h -1000'] },
  { name: 'hrandfield on hashtable count >= size', normalize: anyOrder, cmds: [hsetMany('h', 600), 'HRANDFIELD h 600', 'HRANDFIELD h 1000'] },
  { name: 'hrandfield bad counts', cmds: ['HSET h a 1', 'HRANDFIELD h x', 'HRANDFIELD h 1.5', 'HRANDFIELD h -9223372036854775808', 'HRANDFIELD h 9223372036854775808', 'HRANDFIELD h -9223372036854775807 x'] },
  { name: 'hrandfield withvalues range', cmds: ['HSET h a 1', 'HRANDFIELD h 4611686018427387904 WITHVALUES', 'HRANDFIELD h -4611686018427387904 WITHVALUES', 'HRANDFIELD h 4611686018427387903 WITHVALUES'] },
  { name: 'hrandfield syntax', cmds: ['HSET h a 1', 'HRANDFIELD h 1 FOO', 'HRANDFIELD h 1 WITHVALUES x', 'HRANDFIELD nokey 1 FOO', 'HRANDFIELD h x FOO'] },
  { name: 'hrandfield wrongtype', cmds: ['SET s x', 'HRANDFIELD s', 'HRANDFIELD s 2', 'HRANDFIELD s 2 WITHVALUES', 'HRANDFIELD s x'] },
];

const scan: DiffCase[] = [
  { name: 'hscan small returns all with cursor 0', cmds: ['HSET h c 3 a 1 b 2', 'HSCAN h 0', 'HSCAN h 0 COUNT 1', 'HSCAN h 5'] },
  { name: 'hscan match', cmds: ['HSET h foo 1 bar 2 foobar 3 baz 4', 'HSCAN h 0 MATCH foo*', 'HSCAN h 0 MATCH ba?', 'HSCAN h 0 MATCH *', 'HSCAN h 0 match nothing', 'HSCAN h 0 MATCH [fb]a*'] },
  { name: 'hscan options override', cmds: ['HSET h foo 1 bar 2', 'HSCAN h 0 MATCH foo MATCH bar', 'HSCAN h 0 COUNT 5 COUNT 1 MATCH b*'] },
  { name: 'hscan missing key', cmds: ['HSCAN nokey 0', 'HSCAN nokey 0 COUNT 0', 'HSCAN nokey 0 FOO'] },
  { name: 'hscan wrongtype', cmds: ['SET s x', 'HSCAN s 0', 'HSCAN s 0 COUNT 0', 'HSCAN s x'] },
  { name: 'hscan invalid cursors', cmds: ['HSET h a 1', 'HSCAN h x', ['HSCAN', 'h', ' 0'], ['HSCAN', 'h', '0 '], 'HSCAN h 18446744073709551616', 'HSCAN h 1.5', 'HSCAN h -', 'HSCAN nokey x'] },
  { name: 'hscan odd valid cursors', cmds: ['HSET h a 1', ['HSCAN', 'h', ''], 'HSCAN h -1', 'HSCAN h +0', 'HSCAN h 00', 'HSCAN h 18446744073709551615'] },
  { name: 'hscan option errors', cmds: ['HSET h a 1', 'HSCAN h 0 COUNT 0', 'HSCAN h 0 COUNT -1', 'HSCAN h 0 COUNT x', 'HSCAN h 0 COUNT', 'HSCAN h 0 MATCH', 'HSCAN h 0 TYPE string', 'HSCAN h 0 NOVALUES', 'HSCAN h 0 FOO bar'] },
  { name: 'hscan lowercase options', cmds: ['HSET h abc 1 xyz 2', 'hscan h 0 match a* count 100'] },
  { name: 'resp3 hscan', resp3: true, cmds: ['HSET h a 1 b 2', 'HSCAN h 0', 'HSCAN nokey 0'] },
  { name: 'hscan hashtable complete with large count', normalize: scanItems, cmds: [hsetMany('h', 600), 'HSCAN h 0 COUNT 100000'] },
  { name: 'hscan hashtable match with large count', normalize: scanItems, cmds: [hsetMany('h', 600), 'HSCAN h 0 COUNT 100000 MATCH f1?'] },
  { name: 'hscan arity', cmds: ['HSCAN h', 'HSCAN'] },
];

const expiry: DiffCase[] = [
  { name: 'hset keeps ttl', normalize: (r) => r.replace(/^:(9[0-9]|100)\r\n$/, ':ttl\r\n'), cmds: ['HSET h a 1', 'EXPIRE h 100', 'HSET h b 2', 'TTL h', 'HDEL h a', 'TTL h', 'HINCRBY h n 1', 'TTL h'] },
  { name: 'emptied hash loses ttl', cmds: ['HSET h a 1', 'EXPIRE h 100', 'HDEL h a', 'TTL h', 'HSET h a 1', 'TTL h'] },
  { name: 'expired hash reads as missing', cmds: ['HSET h a 1', 'PEXPIRE h 1', 'DEBUG SLEEP 0.01', 'HGET h a', 'HLEN h', 'HGETALL h', 'EXISTS h'] },
  { name: 'expired hash is recreated by hset', cmds: ['HSET h a 1 b 2', 'PEXPIRE h 1', 'DEBUG SLEEP 0.01', 'HSET h c 3', 'HGETALL h', 'TTL h'] },
  { name: 'expired hash hincrby starts from zero', cmds: ['HSET h a 10', 'PEXPIRE h 1', 'DEBUG SLEEP 0.01', 'HINCRBY h a 1'] },
];

const DEBUG_ON = { redisArgs: ['--enable-debug-command', 'yes'], respdConfig: { 'enable-debug-command': 'yes' } };
diffSuite('hashes', [...basics, ...binary, ...encodings, ...incr, ...fuzz, ...rand, ...scan, ...expiry], DEBUG_ON);

// Smaller limits: conversions at configured thresholds.
diffSuite(
  'hashes with small listpack limits',
  [
    { name: 'entries limit 4', cmds: ['HSET h a 1 b 2 c 3 d 4', 'OBJECT ENCODING h', 'HSET h e 5', 'OBJECT ENCODING h'] },
    { name: 'value limit 8', cmds: ['HSET h a 12345678', 'OBJECT ENCODING h', 'HSET h b 123456789', 'OBJECT ENCODING h'] },
    { name: 'hincrbyfloat result beyond value limit', cmds: ['HINCRBYFLOAT h a 0.001', 'OBJECT ENCODING h', 'HINCRBYFLOAT h a 0.0001', 'OBJECT ENCODING h'] },
    { name: 'hincrby result beyond value limit', cmds: ['HINCRBY h a 123456789', 'OBJECT ENCODING h'] },
    { name: 'hsetnx at entries limit', cmds: ['HSET h a 1 b 2 c 3 d 4', 'HSETNX h a 9', 'OBJECT ENCODING h', 'HSETNX h e 5', 'OBJECT ENCODING h'] },
    { name: 'hscan after conversion', normalize: scanItems, cmds: ['HSET h a 1 b 2 c 3 d 4 e 5', 'HSCAN h 0 COUNT 1000'] },
  ],
  { redisArgs: ['--hash-max-listpack-entries', '4', '--hash-max-listpack-value', '8'], respdConfig: { 'hash-max-listpack-entries': 4, 'hash-max-listpack-value': 8 } },
);

diffSuite(
  'hashes with listpack disabled',
  [
    { name: 'entries limit 0', cmds: ['HSET h a 1', 'OBJECT ENCODING h', 'HGETALL h'] },
    { name: 'value limit 0 with empty strings', cmds: [['HSET', 'g', '', ''], 'OBJECT ENCODING g'] },
  ],
  { redisArgs: ['--hash-max-listpack-entries', '0', '--hash-max-listpack-value', '0'], respdConfig: { 'hash-max-listpack-entries': 0, 'hash-max-listpack-value': 0 } },
);

/** Runs HSCAN to completion, returning every field → value seen and the number of calls. */
async function fullHscan(cl: RawClient, key: string, extra: string[] = []): Promise<{ seen: Map<string, string>; calls: number }> {
  const seen = new Map<string, string>();
  let cursor = '0';
  let calls = 0;
  do {
    const [cur, items] = children(parseResp((await cl.call('HSCAN', key, cursor, ...extra))!));
    cursor = text(cur)!;
    const list = children(items).map((e) => text(e)!);
    for (let i = 0; i < list.length; i += 2) seen.set(list[i], list[i + 1]);
    calls++;
    if (calls > 100000) throw new Error('scan did not finish');
  } while (cursor !== '0');
  return { seen, calls };
}

const d = haveRedis() ? describe : describe.skip;
d('differential: full HSCAN iterations', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair();
  }, 20000);
  afterAll(async () => {
    await stopPair(pair);
  });

  async function both<T>(fn: (cl: RawClient) => Promise<T>): Promise<[T, T]> {
    const out: T[] = [];
    for (const port of [pair.redis.port, pair.respd.port]) {
      const cl = await RawClient.connect(port);
      try {
        await cl.call('FLUSHALL');
        out.push(await fn(cl));
      } finally {
        cl.close();
      }
    }
    return out as [T, T];
  }

  for (const [n, count] of [[1000, 10], [2000, 1], [5000, 97], [700, 1000]] as const) {
    it(`${n} fields, COUNT ${count}`, async () => {
      const [redis, respd] = await both(async (cl) => {
        await cl.call(...(hsetMany('h', n, (i) => `field:${i}`, (i) => `value:${i * 7}`) as string[]));
        return fullHscan(cl, 'h', ['COUNT', String(count)]);
      });
      expect(respd.seen.size).toBe(n);
      expect([...respd.seen].sort()).toEqual([...redis.seen].sort());
      expect(respd.calls).toBeGreaterThan(1);
    });
  }

  it('with MATCH', async () => {
    const [redis, respd] = await both(async (cl) => {
      await cl.call(...(hsetMany('h', 3000, (i) => `k${i}`, (i) => `${i}`) as string[]));
      return fullHscan(cl, 'h', ['MATCH', 'k1*', 'COUNT', '50']);
    });
    expect([...respd.seen].sort()).toEqual([...redis.seen].sort());
  });

  it('binary fields', async () => {
    const [redis, respd] = await both(async (cl) => {
      await cl.call(...(hsetMany('h', 1000, (i) => `\x00\xff${i}\r\n`, (i) => `\x01${i}`) as string[]));
      return fullHscan(cl, 'h', ['COUNT', '20']);
    });
    expect([...respd.seen].sort()).toEqual([...redis.seen].sort());
  });

  it('fields present throughout are all returned while the hash changes', async () => {
    const cl = await RawClient.connect(pair.respd.port);
    try {
      await cl.call('FLUSHALL');
      await cl.call(...(hsetMany('h', 2000) as string[]));
      const seen = new Set<string>();
      let cursor = '0';
      let round = 0;
      do {
        const [cur, items] = children(parseResp((await cl.call('HSCAN', 'h', cursor, 'COUNT', '25'))!));
        cursor = text(cur)!;
        const list = children(items).map((e) => text(e)!);
        for (let i = 0; i < list.length; i += 2) seen.add(list[i]);
        // Churn: delete a field never scanned (≥ 1000), add new ones.
        await cl.call('HDEL', 'h', `f${1999 - round}`);
        await cl.call('HSET', 'h', `new${round}`, 'x');
        round++;
      } while (cursor !== '0');
      for (let i = 0; i < 1000; i++) expect(seen.has(`f${i}`)).toBe(true);
    } finally {
      cl.close();
    }
  });
});
