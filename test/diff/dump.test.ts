/**
 * DUMP / RESTORE against Redis 7.0: payload bytes equal for every type in
 * the encodings Redis picks deterministically (small and big, LZF on and
 * off), RESTORE's options and every error text. Payloads Redis produced
 * are restored by respd within the same case (DUMP, then RESTORE of the
 * bytes each server returned).
 */
import { diffSuite, type DiffCase } from '../helpers/diff.js';

const big = <T,>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

/** Builds `key` with `setup`, then DUMPs it, restores the dump under another name and DUMPs that. */
function roundTrip(name: string, setup: (string | string[])[], key = 'k'): DiffCase {
  return {
    name,
    cmds: [
      'CONFIG SET rdbcompression yes',
      ...setup,
      ['DUMP', key],
      ['EVAL', "local d = redis.call('DUMP', KEYS[1]); redis.call('RESTORE', KEYS[2], 0, d); return redis.call('DUMP', KEYS[2]) == d", '2', key, 'copy'],
      'TYPE copy',
      'OBJECT ENCODING copy',
    ],
  };
}

const cases: DiffCase[] = [
  roundTrip('string raw', [['SET', 'k', 'hello world']]),
  roundTrip('string int8/int16/int32', ['SET k 100', 'SET k2 -30000', 'SET k3 2000000000']),
  roundTrip('string beyond int32', ['SET k 99999999999']),
  roundTrip('string lzf', [['SET', 'k', 'abcdefghij'.repeat(20)]]),
  roundTrip('string 21 bytes lzf run', [['SET', 'k', 'x'.repeat(21)]]),
  roundTrip('string binary', [['SET', 'k', '\x00\xff\r\n\x01'.repeat(9)]]),
  roundTrip('list small', ['RPUSH k a b 1 -5 100000 3.14 -4096 4095 8388607 2147483648']),
  // Uncompressed: Redis's LZF leaves its hash table uninitialised, so big compressed nodes depend on heap history.
  roundTrip('list several quicklist nodes', ['CONFIG SET rdbcompression no', ['RPUSH', 'k', ...big(2000, (i) => `element-${i}`)]]),
  roundTrip('set intset 16/32/64', ['SADD k 1 2 -3', 'SADD k2 70000', 'SADD k3 99999999999']),
  roundTrip('hash listpack', [['HSET', 'k', 'f1', 'v1', 'n', '12', 'neg', '-7', 'long', 'y'.repeat(60)]]),
  roundTrip('zset listpack scores', ['ZADD k 1 a 2.5 b -3 c 1e100 d 0 e 0.1 f -inf g inf h 4503599627370496 i']),
  roundTrip('zset skiplist', [['ZADD', 'k', ...big(200, (i) => [String(i / 3), `m${i}`]).flat()]]),
  roundTrip('stream with groups and pending', [
    'XADD k 1-1 a 1 b 2', 'XADD k 1-2 a 3 b 4', 'XADD k 2-0 c hello',
    'XGROUP CREATE k g1 0', 'XGROUP CREATE k g2 $ ENTRIESREAD 3',
  ]),
  { name: 'rdbcompression off', cmds: ['CONFIG SET rdbcompression no', ['SET', 'k', 'abcdefghij'.repeat(20)], 'DUMP k', 'CONFIG SET rdbcompression yes'] },
  { name: 'dump missing key', cmds: ['DUMP nokey'] },
  {
    name: 'debug digest and digest-value',
    cmds: [
      'DEBUG DIGEST', 'DEBUG DIGEST-VALUE nokey',
      ['SET', 's', '\x00bin'], 'SET n 42', 'RPUSH l a 1 -2 b', 'SADD st 3 1 2', 'SADD sh x y z', 'HSET h f v g 7',
      'ZADD z 1.5 a 2 b -0.25 c 1e100 d', 'XADD x 1-1 f v', 'XADD x 2-2 f w g h', 'XGROUP CREATE x g 0', 'SET e v EX 1000',
      'DEBUG DIGEST-VALUE s n l st sh h z x e', 'DEBUG DIGEST', 'SELECT 3', 'SET other 1', 'DEBUG DIGEST',
    ],
  },
  {
    name: 'restore options and errors',
    cmds: [
      'SET src v', 'SET busy x',
      ['EVAL', "local d = redis.call('DUMP', 'src'); return {pcall(redis.call, 'RESTORE', 'busy', 0, d)}", '0'],
      ['EVAL', "local d = redis.call('DUMP', 'src'); return redis.call('RESTORE', 'busy', 0, d, 'REPLACE')", '0'],
      ['EVAL', "local d = redis.call('DUMP', 'src'); return redis.call('RESTORE', 'n1', 0, d, 'IDLETIME', 100)", '0'],
      'OBJECT IDLETIME n1',
      ['EVAL', "local d = redis.call('DUMP', 'src'); return {pcall(redis.call, 'RESTORE', 'n2', -1, d)}", '0'],
      ['EVAL', "local d = redis.call('DUMP', 'src'); return {pcall(redis.call, 'RESTORE', 'n2', 'x', d)}", '0'],
      ['EVAL', "local d = redis.call('DUMP', 'src'); return {pcall(redis.call, 'RESTORE', 'n2', 0, d, 'IDLETIME', -1)}", '0'],
      ['EVAL', "local d = redis.call('DUMP', 'src'); return {pcall(redis.call, 'RESTORE', 'n2', 0, d, 'FREQ', 300)}", '0'],
      ['EVAL', "local d = redis.call('DUMP', 'src'); return {pcall(redis.call, 'RESTORE', 'n2', 0, d, 'FREQ', 3, 'IDLETIME', 3)}", '0'],
      ['EVAL', "local d = redis.call('DUMP', 'src'); return {pcall(redis.call, 'RESTORE', 'n2', 0, d, 'BOGUS')}", '0'],
      ['EVAL', "local d = redis.call('DUMP', 'src'); return redis.call('RESTORE', 'n3', 100000, d)", '0'],
      ['EVAL', "local t = redis.call('PTTL', 'n3'); return t > 90000 and t <= 100000", '0'],
      ['EVAL', "local d = redis.call('DUMP', 'src'); return redis.call('RESTORE', 'n4', 1000, d, 'ABSTTL')", '0'],
      'EXISTS n4',
      ['RESTORE', 'n5', '0', 'garbage'],
      ['RESTORE', 'n5', '0', '\x00\x01a\x0a\x00\x00\x00\x00\x00\x00\x00\x00\x00'],
      ['RESTORE', 'n5', '0', '\x00\x01a\x0b\x00\x00\x00\x00\x00\x00\x00\x00\x00'],
      'DEBUG SET-SKIP-CHECKSUM-VALIDATION 1',
      ['RESTORE', 'n5', '0', '\x00\x01a\x0a\x00\x00\x00\x00\x00\x00\x00\x00\x00'],
      ['RESTORE', 'n6', '0', '\x63\x01a\x0a\x00\x00\x00\x00\x00\x00\x00\x00\x00'],
      'DEBUG SET-SKIP-CHECKSUM-VALIDATION 0',
      'GET n5',
    ],
  },
];

diffSuite('dump', cases, { redisArgs: ['--enable-debug-command', 'yes'], respdConfig: { 'enable-debug-command': 'yes' } });
