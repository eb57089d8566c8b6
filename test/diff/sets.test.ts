import { describe, it, beforeAll, afterAll, expect } from 'vitest';
import { diffSuite, startPair, stopPair, type DiffCase, type Cmd, type Pair } from '../helpers/diff.js';
import { haveRedis } from '../helpers/servers.js';
import { RawClient } from '../helpers/raw-client.js';
import { unordered, sample, scanItems } from '../helpers/normalize.js';
import { parseResp, children, text } from '../helpers/resp-tree.js';


/** SADD key m(0) … m(n-1). */
function saddMany(key: string, n: number, m: (i: number) => string = (i) => `m${i}`, from = 0): Cmd {
  const argv = ['SADD', key];
  for (let i = from; i < from + n; i++) argv.push(m(i));
  return argv;
}
const ints = (i: number) => String(i);
const anyOrder = (r: string) => unordered(r);
const BIN = '\x00\xff\r\n';

const basics: DiffCase[] = [
  { name: 'sadd', cmds: ['SADD s a b c', 'SADD s a d', 'SADD s a', 'SCARD s'] },
  { name: 'sadd duplicates in one call', cmds: ['SADD s a a b b', 'SCARD s', 'SADD i 1 1 2', 'SMEMBERS i'] },
  { name: 'sadd wrongtype and arity', cmds: ['SET str x', 'SADD str a', 'SADD s', 'SADD'] },
  { name: 'srem', cmds: ['SADD s a b c', 'SREM s a', 'SREM s a', 'SREM s x b', 'SCARD s', 'SISMEMBER s c'] },
  { name: 'srem duplicates and ints', cmds: ['SADD s 1 2 3', 'SREM s 1 1 2', 'SMEMBERS s', 'SREM s 03 3.0 +3', 'SMEMBERS s'] },
  { name: 'srem last member deletes key', cmds: ['SADD s a b', 'SREM s a b c', 'EXISTS s', 'SCARD s'] },
  { name: 'srem stops at empty', cmds: ['SADD s a', 'SREM s a a b', 'EXISTS s'] },
  { name: 'srem missing key and wrongtype', cmds: ['SREM nokey a', 'SET str x', 'SREM str a', 'SREM s'] },
  { name: 'sismember', cmds: ['SADD s a 1', 'SISMEMBER s a', 'SISMEMBER s 1', 'SISMEMBER s 01', 'SISMEMBER s b', 'SISMEMBER nokey a', 'SET str x', 'SISMEMBER str a'] },
  { name: 'smismember', cmds: ['SADD s a 1', 'SMISMEMBER s a b 1 01', 'SMISMEMBER nokey a b', 'SET str x', 'SMISMEMBER str a', 'SMISMEMBER s'] },
  { name: 'resp3 smismember', resp3: true, cmds: ['SADD s a', 'SMISMEMBER s a b', 'SISMEMBER s a'] },
  { name: 'scard', cmds: ['SCARD nokey', 'SADD s 1 2 a', 'SCARD s', 'SET str x', 'SCARD str', 'SCARD s x'] },
  { name: 'smembers intset is sorted', cmds: ['SADD s 5 -3 100 0 7 -9223372036854775808 9223372036854775807', 'SMEMBERS s'] },
  { name: 'smembers after removals', cmds: ['SADD s 5 3 1 4 2', 'SREM s 3', 'SADD s 0', 'SMEMBERS s'] },
  { name: 'smembers hashtable', normalize: anyOrder, cmds: ['SADD s c a b 1', 'SMEMBERS s'] },
  { name: 'smembers missing and wrongtype', cmds: ['SMEMBERS nokey', 'SET str x', 'SMEMBERS str', 'SMEMBERS a b'] },
  { name: 'resp3 smembers is a set', resp3: true, cmds: ['SADD s 3 1 2', 'SMEMBERS s', 'SMEMBERS nokey'] },
  { name: 'type is set', cmds: ['SADD s a', 'TYPE s', 'SADD i 1', 'TYPE i'] },
  { name: 'pipelined', pipeline: true, cmds: ['SADD s 1', 'SADD s 2 3', 'SREM s 2', 'SMEMBERS s', 'SCARD s', 'SPOP s 10', 'EXISTS s'] },
  { name: 'case-insensitive', cmds: ['sAdD s 2 1', 'SmEmBeRs s'] },
  { name: 'binary members', cmds: [['SADD', 's', BIN, 'a', BIN], ['SISMEMBER', 's', BIN], 'SCARD s', ['SREM', 's', BIN], 'SMEMBERS s'] },
  { name: 'empty member', cmds: [['SADD', 's', ''], ['SISMEMBER', 's', ''], 'SMEMBERS s', 'OBJECT ENCODING s', ['SREM', 's', ''], 'EXISTS s'] },
  { name: 'empty key name', cmds: [['SADD', '', '1'], ['SMEMBERS', '']] },
  { name: 'nul inside integer-looking member', cmds: [['SADD', 's', '1\x00', '1'], 'OBJECT ENCODING s', 'SCARD s'] },
  { name: 'big member', cmds: [['SADD', 's', 'm'.repeat(100000)], 'SCARD s', 'SMEMBERS s'] },
];

const encodings: DiffCase[] = [
  { name: 'integers make an intset', cmds: ['SADD s 1 2 3', 'OBJECT ENCODING s'] },
  { name: 'string makes a hashtable', cmds: ['SADD s a', 'OBJECT ENCODING s'] },
  { name: 'string first then ints', cmds: ['SADD s a 1 2', 'OBJECT ENCODING s', 'SREM s a', 'OBJECT ENCODING s'] },
  { name: 'adding a string converts', cmds: ['SADD s 1 2', 'SADD s x', 'OBJECT ENCODING s', 'SREM s x', 'OBJECT ENCODING s'] },
  { name: 'non-canonical integers are strings', cmds: ['SADD a 007', 'OBJECT ENCODING a', 'SADD b -0', 'OBJECT ENCODING b', 'SADD c +1', 'OBJECT ENCODING c', 'SADD d 1.0', 'OBJECT ENCODING d', ['SADD', 'e', ' 1'], 'OBJECT ENCODING e'] },
  { name: 'int64 limits', cmds: ['SADD a 9223372036854775807 -9223372036854775808', 'OBJECT ENCODING a', 'SADD b 9223372036854775808', 'OBJECT ENCODING b', 'SADD c -9223372036854775809', 'OBJECT ENCODING c'] },
  { name: 'values beyond 2^53 keep order and identity', cmds: ['SADD s 9007199254740993 9007199254740992 9007199254740994 1', 'SMEMBERS s', 'SISMEMBER s 9007199254740993', 'SREM s 9007199254740992', 'SMEMBERS s', 'OBJECT ENCODING s'] },
  { name: '512 integers stay intset', cmds: [saddMany('s', 512, ints), 'OBJECT ENCODING s', 'SCARD s'] },
  { name: '513 integers convert', cmds: [saddMany('s', 513, ints), 'OBJECT ENCODING s', 'SCARD s'] },
  { name: 'growing past 512 converts', cmds: [saddMany('s', 512, ints), 'SADD s 5', 'OBJECT ENCODING s', 'SADD s 1000', 'OBJECT ENCODING s'] },
  { name: 'conversion is one way', cmds: [saddMany('s', 513, ints), 'SREM s 0 1 2 3', 'OBJECT ENCODING s'] },
  { name: 'hashtable of integers replies', normalize: anyOrder, cmds: ['SADD s 3 1 x', 'SREM s x', 'SMEMBERS s', 'SRANDMEMBER s 10'] },
  { name: 'intset with negative numbers', cmds: ['SADD s -1 -100 50 -50 0', 'SMEMBERS s', 'SISMEMBER s -100', 'SREM s -100', 'SMEMBERS s'] },
  { name: 'large hashtable', normalize: anyOrder, cmds: [saddMany('s', 1000), 'SCARD s', 'SISMEMBER s m999', 'SISMEMBER s m1000', 'SMEMBERS s'] },
];

const move: DiffCase[] = [
  { name: 'smove', cmds: ['SADD a 1 2', 'SADD b 3', 'SMOVE a b 1', 'SMEMBERS a', 'SMEMBERS b'] },
  { name: 'smove missing member', cmds: ['SADD a 1', 'SADD b 2', 'SMOVE a b 9', 'SMEMBERS b'] },
  { name: 'smove member already in destination', cmds: ['SADD a 1 2', 'SADD b 1', 'SMOVE a b 1', 'SMEMBERS a', 'SMEMBERS b'] },
  { name: 'smove empties source', cmds: ['SADD a x', 'SMOVE a b x', 'EXISTS a', 'SMEMBERS b', 'OBJECT ENCODING b'] },
  { name: 'smove creates destination from the member', cmds: ['SADD a 1 x', 'SMOVE a b 1', 'OBJECT ENCODING b', 'SMOVE a c x', 'OBJECT ENCODING c'] },
  { name: 'smove string into intset converts', cmds: ['SADD a x', 'SADD b 1', 'SMOVE a b x', 'OBJECT ENCODING b'] },
  { name: 'smove same key', cmds: ['SADD a 1 2', 'SMOVE a a 1', 'SMOVE a a 9', 'SMEMBERS a'] },
  { name: 'smove missing source', cmds: ['SADD b 1', 'SMOVE nokey b 1', 'SMOVE nokey nokey2 1', 'EXISTS nokey2'] },
  { name: 'smove wrongtype', cmds: ['SET str x', 'SADD a 1', 'SMOVE a str 1', 'SMOVE str a 1', 'SMOVE nokey str 1', 'SMOVE str nokey 1', 'SMEMBERS a'] },
  { name: 'smove arity', cmds: ['SMOVE a b', 'SMOVE a b c d'] },
];

const pop: DiffCase[] = [
  { name: 'spop missing key', cmds: ['SPOP nokey', 'SPOP nokey 3', 'SPOP nokey 0'] },
  { name: 'spop single member', cmds: ['SADD s a', 'SPOP s', 'EXISTS s', 'SPOP s'] },
  { name: 'spop count 0', cmds: ['SADD s 1 2', 'SPOP s 0', 'SCARD s'] },
  { name: 'spop count >= size returns all sorted for intsets', cmds: ['SADD s 3 1 2', 'SPOP s 3', 'EXISTS s', 'SADD t 5 4', 'SPOP t 100', 'SADD u 9', 'SPOP u 9223372036854775807'] },
  { name: 'spop count >= size on an integer hashtable rebuilds an intset', cmds: ['SADD s 3 1 x 2', 'SREM s x', 'SPOP s 10'] },
  { name: 'spop count >= size on hashtable', normalize: anyOrder, cmds: ['SADD s a b c', 'SPOP s 3', 'EXISTS s'] },
  { name: 'resp3 spop', resp3: true, cmds: ['SADD s 2 1', 'SPOP s 5', 'SPOP nokey 2', 'SPOP nokey', 'SADD t x', 'SPOP t 0', 'SPOP t'] },
  { name: 'spop bad counts', cmds: ['SADD s 1', 'SPOP s -1', 'SPOP s x', 'SPOP s 1.5', 'SPOP nokey -1', 'SPOP s 9223372036854775808'] },
  { name: 'spop syntax and wrongtype', cmds: ['SADD s 1', 'SPOP s 1 2', 'SET str x', 'SPOP str', 'SPOP str 2', 'SPOP str -1'] },
  { name: 'spop random member', normalize: sample(['a', 'b', 'c']), cmds: ['SADD s a b c', 'SPOP s'] },
  { name: 'spop random members', normalize: sample(['a', 'b', 'c', 'd', 'e']), cmds: ['SADD s a b c d e', 'SPOP s 2', 'SCARD s', 'SPOP s 2', 'SCARD s'] },
  { name: 'spop most of a set', normalize: sample(Array.from({ length: 100 }, (_, i) => `m${i}`)), cmds: [saddMany('s', 100), 'SPOP s 95', 'SCARD s', 'OBJECT ENCODING s'] },
  { name: 'spop most of an intset', normalize: sample(Array.from({ length: 100 }, (_, i) => `${i}`)), cmds: [saddMany('s', 100, ints), 'SPOP s 95', 'SCARD s', 'OBJECT ENCODING s'] },
  { name: 'spop drains a set', cmds: ['SADD s 1 2 3', 'SPOP s 1', 'SPOP s 1', 'SPOP s 1', 'EXISTS s'], normalize: (r) => r.replace(/\$1\r\n[123]\r\n/, '$1\r\nN\r\n') },
];

const randmember: DiffCase[] = [
  { name: 'srandmember missing key', cmds: ['SRANDMEMBER nokey', 'SRANDMEMBER nokey 5', 'SRANDMEMBER nokey -5', 'SRANDMEMBER nokey 0'] },
  { name: 'resp3 srandmember shapes', resp3: true, cmds: ['SRANDMEMBER nokey', 'SRANDMEMBER nokey 5', 'SADD s 2 1', 'SRANDMEMBER s 5', 'SRANDMEMBER s 0', 'SADD one x', 'SRANDMEMBER one -3'] },
  { name: 'srandmember count >= size in order', cmds: ['SADD s 3 1 2', 'SRANDMEMBER s 3', 'SRANDMEMBER s 10', 'SRANDMEMBER s 9223372036854775807', 'SCARD s'] },
  { name: 'srandmember single member set', cmds: ['SADD s a', 'SRANDMEMBER s', 'SRANDMEMBER s 1', 'SRANDMEMBER s -4', 'SRANDMEMBER s 4'] },
  { name: 'srandmember count 0', cmds: ['SADD s a', 'SRANDMEMBER s 0'] },
  { name: 'srandmember random', normalize: sample(['a', 'b', 'c', 'd']), cmds: ['SADD s a b c d', 'SRANDMEMBER s', 'SRANDMEMBER s 1', 'SRANDMEMBER s 2', 'SRANDMEMBER s 3'] },
  { name: 'srandmember negative', normalize: sample(['a', 'b', 'c', 'd'], { repeats: true }), cmds: ['SADD s a b c d', 'SRANDMEMBER s -10', 'SRANDMEMBER s -1'] },
  { name: 'srandmember intset random', normalize: sample(['1', '2', '3', '4', '5']), cmds: ['SADD s 1 2 3 4 5', 'SRANDMEMBER s', 'SRANDMEMBER s 2', 'SRANDMEMBER s 4'] },
  { name: 'srandmember large set', normalize: sample(Array.from({ length: 1000 }, (_, i) => `m${i}`)), cmds: [saddMany('s', 1000), 'SRANDMEMBER s 10', 'SRANDMEMBER s 400', 'SRANDMEMBER s 999'] },
  { name: 'srandmember large set repeats', normalize: sample(Array.from({ length: 1000 }, (_, i) => `m${i}`), { repeats: true }), cmds: [saddMany('s', 1000), 'SRANDMEMBER s -2000'] },
  { name: 'srandmember large set whole', normalize: anyOrder, cmds: [saddMany('s', 1000), 'SRANDMEMBER s 1000'] },
  { name: 'srandmember bad counts', cmds: ['SADD s 1', 'SRANDMEMBER s x', 'SRANDMEMBER s 1.0', 'SRANDMEMBER s 9223372036854775808', 'SRANDMEMBER nokey x'] },
  { name: 'srandmember syntax and wrongtype', cmds: ['SADD s 1', 'SRANDMEMBER s 1 2', 'SET str x', 'SRANDMEMBER str', 'SRANDMEMBER str 2', 'SRANDMEMBER str x'] },
];

const inter: DiffCase[] = [
  { name: 'sinter intsets sorted', cmds: ['SADD a 5 1 3 7', 'SADD b 7 3 9 5', 'SINTER a b', 'SINTER b a'] },
  { name: 'sinter smallest set first', cmds: ['SADD a 3 2 1 x', 'SADD b 1 2 3', 'SINTER a b'] },
  { name: 'sinter equal sizes keep argument order', cmds: ['SADD a 3 1 2', 'SADD b 1 2 3 x', 'SREM b x', 'SINTER a b', 'SINTERSTORE d a b', 'OBJECT ENCODING d'] },
  { name: 'sinter intset against a larger hashtable', cmds: ['SADD a 30 10 20', 'SADD b 10 20 30 40 x', 'SINTER b a', 'SINTERCARD 2 b a LIMIT 1'] },
  { name: 'sinter single key', cmds: ['SADD a 3 1 2', 'SINTER a'] },
  { name: 'sinter same key twice', cmds: ['SADD a 3 1 2', 'SINTER a a', 'SINTERCARD 2 a a'] },
  { name: 'sinter strings', normalize: anyOrder, cmds: ['SADD a x y z 1', 'SADD b y z w 1', 'SADD c z y q 1', 'SINTER a b c', 'SINTER c b a'] },
  { name: 'sinter empty result', cmds: ['SADD a 1 2', 'SADD b 3', 'SINTER a b'] },
  { name: 'sinter missing key', cmds: ['SADD a 1', 'SINTER a nokey', 'SINTER nokey a', 'SINTER nokey'] },
  { name: 'sinter wrongtype after a missing key', cmds: ['SET str x', 'SADD a 1', 'SINTER nokey str', 'SINTER str nokey', 'SINTER a str', 'SINTER a nokey str'] },
  { name: 'resp3 sinter', resp3: true, cmds: ['SADD a 2 1', 'SADD b 1 2', 'SINTER a b', 'SINTER a nokey'] },
  { name: 'sinter mixed int representations', cmds: ['SADD a 1 2 3', 'SADD b 01 2 x', 'SINTER a b'] },
  { name: 'sintercard', cmds: ['SADD a 1 2 3 4', 'SADD b 2 3 4 5', 'SINTERCARD 2 a b', 'SINTERCARD 1 a', 'SINTERCARD 2 a b LIMIT 2', 'SINTERCARD 2 a b LIMIT 0', 'SINTERCARD 2 a b limit 10'] },
  { name: 'sintercard missing and wrongtype', cmds: ['SET str x', 'SADD a 1', 'SINTERCARD 2 a nokey', 'SINTERCARD 2 nokey str', 'SINTERCARD 1 str', 'SINTERCARD 1 nokey'] },
  { name: 'sintercard numkeys errors', cmds: ['SADD a 1', 'SINTERCARD 0 a', 'SINTERCARD -1 a', 'SINTERCARD x a', 'SINTERCARD 2 a', 'SINTERCARD 9223372036854775808 a', 'SINTERCARD 1.0 a'] },
  { name: 'sintercard limit errors', cmds: ['SADD a 1', 'SINTERCARD 1 a LIMIT -1', 'SINTERCARD 1 a LIMIT x', 'SINTERCARD 1 a LIMIT', 'SINTERCARD 1 a FOO', 'SINTERCARD 1 a LIMIT 1 LIMIT 0', 'SINTERCARD 1 a LIMIT 1 FOO', 'SINTERCARD 1 a LIMIT 9223372036854775808'] },
  { name: 'sintercard arity', cmds: ['SINTERCARD 1', 'SINTERCARD'] },
  { name: 'sinterstore', cmds: ['SADD a 1 2 3', 'SADD b 2 3 4', 'SINTERSTORE d a b', 'SMEMBERS d', 'OBJECT ENCODING d'] },
  { name: 'sinterstore string result encoding', cmds: ['SADD a x y 1', 'SADD b x 1', 'SINTERSTORE d a b', 'OBJECT ENCODING d', 'SCARD d'] },
  { name: 'sinterstore of integer hashtables gives an intset', cmds: ['SADD a 1 2 x', 'SREM a x', 'SADD b 1 2 3', 'SINTERSTORE d a b', 'OBJECT ENCODING d', 'SMEMBERS d'] },
  { name: 'sinterstore empty result deletes destination', cmds: ['SADD a 1', 'SADD b 2', 'SADD d 9', 'SINTERSTORE d a b', 'EXISTS d'] },
  { name: 'sinterstore missing source deletes destination', cmds: ['SADD a 1', 'SET d x', 'SINTERSTORE d a nokey', 'EXISTS d', 'SINTERSTORE d nokey', 'EXISTS d'] },
  { name: 'sinterstore overwrites other types and ttl', cmds: ['SADD a 1', 'SET d x', 'EXPIRE d 100', 'SINTERSTORE d a', 'TYPE d', 'TTL d'] },
  { name: 'sinterstore into a source key', cmds: ['SADD a 1 2 3', 'SADD b 2 3', 'SINTERSTORE a a b', 'SMEMBERS a'] },
  { name: 'sinterstore wrongtype keeps destination', cmds: ['SET str x', 'SADD a 1', 'SADD d 5', 'SINTERSTORE d a str', 'SMEMBERS d', 'SINTERSTORE d nokey str', 'SMEMBERS d'] },
  { name: 'sinterstore destination wrongtype is fine', cmds: ['SET d x', 'SADD a 1', 'SINTERSTORE d a', 'TYPE d'] },
  { name: 'sinterstore arity', cmds: ['SINTERSTORE d', 'SINTERSTORE'] },
  { name: 'sinter large sets', normalize: anyOrder, cmds: [saddMany('a', 1000), saddMany('b', 1000, (i) => `m${i}`, 500), 'SINTER a b', 'SINTERCARD 2 a b', 'SINTERCARD 2 a b LIMIT 100', 'SINTERSTORE d a b', 'SCARD d'] },
];

const unionDiff: DiffCase[] = [
  { name: 'sunion intsets sorted', cmds: ['SADD a 5 1', 'SADD b 3 1 9', 'SUNION a b', 'SUNION b a'] },
  { name: 'sunion with missing keys', cmds: ['SADD a 2 1', 'SUNION nokey a nokey2', 'SUNION nokey'] },
  { name: 'sunion strings', normalize: anyOrder, cmds: ['SADD a x y', 'SADD b y z 1', 'SUNION a b'] },
  { name: 'sunion of integer hashtables is sorted', cmds: ['SADD a 3 1 x', 'SREM a x', 'SADD b 2 x', 'SREM b x', 'SUNION a b'] },
  { name: 'sunion wrongtype', cmds: ['SET str x', 'SADD a 1', 'SUNION a str', 'SUNION nokey str', 'SUNION str'] },
  { name: 'resp3 sunion sdiff', resp3: true, cmds: ['SADD a 2 1', 'SADD b 3', 'SUNION a b', 'SDIFF a b', 'SUNION nokey', 'SDIFF nokey a'] },
  { name: 'sunion large intset result converts', normalize: anyOrder, cmds: [saddMany('a', 300, ints), saddMany('b', 300, ints, 300), 'SUNIONSTORE d a b', 'OBJECT ENCODING d', 'SUNION a b'] },
  { name: 'sunionstore', cmds: ['SADD a 1 2', 'SADD b 2 3', 'SUNIONSTORE d a b', 'SMEMBERS d', 'OBJECT ENCODING d', 'SUNIONSTORE e a x', 'OBJECT ENCODING e'] },
  { name: 'sunionstore with strings', normalize: anyOrder, cmds: ['SADD a 1 x', 'SUNIONSTORE d a', 'OBJECT ENCODING d', 'SMEMBERS d'] },
  { name: 'sunionstore empty deletes destination', cmds: ['SADD d 1', 'SUNIONSTORE d nokey nokey2', 'EXISTS d', 'SUNIONSTORE d nokey', 'EXISTS d'] },
  { name: 'sunionstore overwrites and drops ttl', cmds: ['SADD a 1', 'SET d x', 'EXPIRE d 100', 'SUNIONSTORE d a', 'TTL d', 'SMEMBERS d'] },
  { name: 'sunionstore into a source', cmds: ['SADD a 1', 'SADD b 2', 'SUNIONSTORE a a b', 'SMEMBERS a'] },
  { name: 'sunionstore wrongtype', cmds: ['SET str x', 'SADD d 1', 'SUNIONSTORE d str', 'SMEMBERS d', 'SUNIONSTORE d'] },
  { name: 'sdiff intsets sorted', cmds: ['SADD a 5 4 3 2 1', 'SADD b 2 4', 'SADD c 5', 'SDIFF a b c', 'SDIFF b a'] },
  { name: 'sdiff first key missing', cmds: ['SADD b 1', 'SDIFF nokey b', 'SDIFFSTORE d nokey b', 'EXISTS d'] },
  { name: 'sdiff other keys missing', cmds: ['SADD a 2 1', 'SDIFF a nokey', 'SDIFF a'] },
  { name: 'sdiff same key', cmds: ['SADD a 1 2', 'SDIFF a a', 'SDIFF a b a', 'SDIFFSTORE d a a', 'EXISTS d'] },
  { name: 'sdiff nothing removed', cmds: ['SADD a 3 1 2', 'SADD b 4', 'SDIFF a b'] },
  { name: 'sdiff strings', normalize: anyOrder, cmds: ['SADD a x y z 1', 'SADD b y', 'SDIFF a b'] },
  { name: 'sdiff wrongtype', cmds: ['SET str x', 'SADD a 1', 'SDIFF a str', 'SDIFF str a', 'SDIFF nokey str'] },
  { name: 'sdiffstore algorithm 1 result encoding', cmds: ['SADD a 1 2 3 x', 'SADD b x', 'SDIFFSTORE d a b', 'OBJECT ENCODING d', 'SMEMBERS d'] },
  { name: 'sdiffstore algorithm 2 result encoding', cmds: ['SADD a 1 2 3 x', 'SADD b x', 'SADD c y', 'SADD e z', 'SDIFFSTORE d a b c e', 'OBJECT ENCODING d', 'SDIFF a b c e'], normalize: anyOrder },
  { name: 'sdiff algorithm 2 empties early', cmds: ['SADD a 1 2', 'SADD b 1', 'SADD c 2', 'SADD e 3', 'SDIFF a b c e', 'SDIFFSTORE d a b c e', 'EXISTS d'] },
  { name: 'sdiffstore empty deletes destination', cmds: ['SADD a 1', 'SADD b 1', 'SET d x', 'SDIFFSTORE d a b', 'EXISTS d'] },
  { name: 'sdiffstore overwrites and drops ttl', cmds: ['SADD a 1 2', 'SADD d z', 'EXPIRE d 100', 'SDIFFSTORE d a', 'TTL d', 'SMEMBERS d'] },
  { name: 'sdiffstore wrongtype', cmds: ['SET str x', 'SADD d 1', 'SDIFFSTORE d nokey str', 'SMEMBERS d', 'SDIFFSTORE d'] },
  { name: 'sdiff large sets', normalize: anyOrder, cmds: [saddMany('a', 1000), saddMany('b', 500, (i) => `m${i}`, 250), 'SDIFF a b', 'SDIFFSTORE d a b', 'SCARD d', 'SDIFF b a'] },
  { name: 'arity of algebra commands', cmds: ['SUNION', 'SDIFF', 'SINTER', 'SUNIONSTORE d', 'SDIFFSTORE d'] },
];

const scan: DiffCase[] = [
  { name: 'sscan intset returns all sorted', cmds: ['SADD s 5 1 3', 'SSCAN s 0', 'SSCAN s 0 COUNT 1', 'SSCAN s 7'] },
  { name: 'sscan intset match', cmds: ['SADD s 1 10 11 2 20', 'SSCAN s 0 MATCH 1*', 'SSCAN s 0 MATCH ?', 'SSCAN s 0 MATCH -*'] },
  { name: 'sscan small hashtable', normalize: scanItems, cmds: ['SADD s a b c', 'SSCAN s 0', 'SSCAN s 0 MATCH a*'] },
  { name: 'sscan missing key', cmds: ['SSCAN nokey 0', 'SSCAN nokey 0 COUNT 0'] },
  { name: 'sscan wrongtype', cmds: ['SET str x', 'SSCAN str 0', 'SSCAN str x'] },
  { name: 'sscan bad cursor and options', cmds: ['SADD s 1', 'SSCAN s x', 'SSCAN s -1', 'SSCAN s 0 COUNT 0', 'SSCAN s 0 COUNT x', 'SSCAN s 0 MATCH', 'SSCAN s 0 TYPE set', 'SSCAN s 0 FOO'] },
  { name: 'resp3 sscan', resp3: true, cmds: ['SADD s 2 1', 'SSCAN s 0', 'SSCAN nokey 0'] },
  { name: 'sscan large count returns everything', normalize: scanItems, cmds: [saddMany('s', 1000), 'SSCAN s 0 COUNT 5000', 'SSCAN s 0 COUNT 5000 MATCH m1?'] },
  { name: 'sscan binary', cmds: [['SADD', 's', '\x00', '1'], ['SSCAN', 's', '0', 'MATCH', '\x00']], normalize: scanItems },
  { name: 'sscan arity', cmds: ['SSCAN s', 'SSCAN'] },
];

const expiry: DiffCase[] = [
  { name: 'sadd keeps ttl', normalize: (r) => r.replace(/^:(9[0-9]|100)\r\n$/, ':ttl\r\n'), cmds: ['SADD s a', 'EXPIRE s 100', 'SADD s b', 'TTL s', 'SREM s a', 'TTL s', 'SPOP s 0', 'TTL s'] },
  { name: 'emptied set loses ttl', cmds: ['SADD s a', 'EXPIRE s 100', 'SPOP s', 'TTL s', 'SADD s a', 'TTL s'] },
  { name: 'expired set reads as missing', cmds: ['SADD s 1 2', 'PEXPIRE s 1', 'DEBUG SLEEP 0.01', 'SMEMBERS s', 'SCARD s', 'SISMEMBER s 1', 'SINTER s', 'SUNION s', 'EXISTS s'] },
  { name: 'expired set is recreated by sadd', cmds: ['SADD s 1 2', 'PEXPIRE s 1', 'DEBUG SLEEP 0.01', 'SADD s 3', 'SMEMBERS s', 'TTL s'] },
  { name: 'expired source of smove', cmds: ['SADD s 1', 'PEXPIRE s 1', 'DEBUG SLEEP 0.01', 'SMOVE s d 1', 'EXISTS d'] },
  { name: 'expired destination of sinterstore', cmds: ['SADD a 1', 'SADD d 7', 'PEXPIRE d 1', 'DEBUG SLEEP 0.01', 'SINTERSTORE d a', 'SMEMBERS d', 'TTL d'] },
];

const DEBUG_ON = { redisArgs: ['--enable-debug-command', 'yes'], respdConfig: { 'enable-debug-command': 'yes' } };
diffSuite('sets', [...basics, ...encodings, ...move, ...pop, ...randmember, ...inter, ...unionDiff, ...scan, ...expiry], DEBUG_ON);

diffSuite(
  'sets with set-max-intset-entries 4',
  [
    { name: 'converts at 5 members', cmds: ['SADD s 1 2 3 4', 'OBJECT ENCODING s', 'SADD s 5', 'OBJECT ENCODING s'] },
    { name: 'spop rebuilding the survivors re-encodes as intset', cmds: [saddMany('s', 10, ints), 'OBJECT ENCODING s', 'SPOP s 9', 'OBJECT ENCODING s', 'SCARD s'], normalize: (r) => (r.startsWith('*9') ? 'nine' : r) },
    { name: 'spop removing one by one keeps hashtable', cmds: [saddMany('s', 10, ints), 'SPOP s 8', 'OBJECT ENCODING s', 'SCARD s'], normalize: (r) => (r.startsWith('*8') ? 'eight' : r) },
    { name: 'spop survivors with strings', cmds: [saddMany('s', 10, (i) => `x${i}`), 'SPOP s 9', 'OBJECT ENCODING s'], normalize: (r) => (r.startsWith('*9') ? 'nine' : r) },
    { name: 'sunionstore result beyond the limit', cmds: ['SADD a 1 2 3', 'SADD b 4 5', 'SUNIONSTORE d a b', 'OBJECT ENCODING d', 'SUNIONSTORE e a', 'OBJECT ENCODING e'] },
    { name: 'sunion result beyond the limit', normalize: anyOrder, cmds: ['SADD a 1 2 3', 'SADD b 4 5', 'SUNION a b'] },
    { name: 'spop all of a large integer hashtable', normalize: anyOrder, cmds: [saddMany('s', 10, ints), 'SPOP s 10'] },
    { name: 'sscan after conversion', normalize: scanItems, cmds: [saddMany('s', 10, ints), 'SSCAN s 0 COUNT 100'] },
  ],
  { redisArgs: ['--set-max-intset-entries', '4'], respdConfig: { 'set-max-intset-entries': 4 } },
);

diffSuite(
  'sets with intsets disabled',
  [
    { name: 'integers go straight to a hashtable', cmds: ['SADD s 1', 'OBJECT ENCODING s', 'SMEMBERS s'] },
    { name: 'union result', cmds: ['SADD a 1', 'SUNIONSTORE d a', 'OBJECT ENCODING d'] },
  ],
  { redisArgs: ['--set-max-intset-entries', '0'], respdConfig: { 'set-max-intset-entries': 0 } },
);

/** Runs SSCAN to completion, returning every member seen and the number of calls. */
async function fullSscan(cl: RawClient, key: string, extra: string[] = []): Promise<{ seen: Set<string>; calls: number }> {
  const seen = new Set<string>();
  let cursor = '0';
  let calls = 0;
  do {
    const [cur, items] = children(parseResp((await cl.call('SSCAN', key, cursor, ...extra))!));
    cursor = text(cur)!;
    for (const e of children(items)) seen.add(text(e)!);
    calls++;
    if (calls > 100000) throw new Error('scan did not finish');
  } while (cursor !== '0');
  return { seen, calls };
}

const d = haveRedis() ? describe : describe.skip;
d('differential: full SSCAN iterations', () => {
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

  for (const [n, count, kind] of [[1000, 10, 'strings'], [3000, 1, 'strings'], [10000, 77, 'strings'], [2000, 10, 'integers'], [600, 5000, 'integers']] as const) {
    it(`${n} ${kind}, COUNT ${count}`, async () => {
      const [redis, respd] = await both(async (cl) => {
        await cl.call(...(saddMany('s', n, kind === 'integers' ? (i) => String(i * 3 - 1000) : (i) => `member:${i}`) as string[]));
        return fullSscan(cl, 's', ['COUNT', String(count)]);
      });
      expect(respd.seen.size).toBe(n);
      expect([...respd.seen].sort()).toEqual([...redis.seen].sort());
    });
  }

  it('with MATCH', async () => {
    const [redis, respd] = await both(async (cl) => {
      await cl.call(...(saddMany('s', 5000) as string[]));
      return fullSscan(cl, 's', ['MATCH', '*7*', 'COUNT', '40']);
    });
    expect([...respd.seen].sort()).toEqual([...redis.seen].sort());
  });

  it('binary members', async () => {
    const [redis, respd] = await both(async (cl) => {
      await cl.call(...(saddMany('s', 1500, (i) => `\xff\x00${i}\r\n`) as string[]));
      return fullSscan(cl, 's', ['COUNT', '33']);
    });
    expect([...respd.seen].sort()).toEqual([...redis.seen].sort());
  });

  it('members present throughout are all returned while the set changes', async () => {
    const cl = await RawClient.connect(pair.respd.port);
    try {
      await cl.call('FLUSHALL');
      await cl.call(...(saddMany('s', 3000) as string[]));
      const seen = new Set<string>();
      let cursor = '0';
      let round = 0;
      do {
        const [cur, items] = children(parseResp((await cl.call('SSCAN', 's', cursor, 'COUNT', '20'))!));
        cursor = text(cur)!;
        for (const e of children(items)) seen.add(text(e)!);
        // Churn: remove members never counted on (≥ 1500), add new ones, pop a few.
        await cl.call('SREM', 's', `m${2999 - round}`);
        await cl.call('SADD', 's', `new${round}`, `new${round}b`);
        round++;
      } while (cursor !== '0');
      for (let i = 0; i < 1500; i++) expect(seen.has(`m${i}`)).toBe(true);
    } finally {
      cl.close();
    }
  });
});
