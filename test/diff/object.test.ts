import { diffSuite, type DiffCase } from '../helpers/diff.js';


const cases: DiffCase[] = [
  { name: 'encoding int', cmds: ['SET a 123', 'OBJECT ENCODING a', 'SET b -5', 'OBJECT ENCODING b', 'SET c 9223372036854775807', 'OBJECT ENCODING c', 'SET d -9223372036854775808', 'OBJECT ENCODING d'] },
  { name: 'encoding embstr', cmds: ['SET a 9223372036854775808', 'OBJECT ENCODING a', 'SET b 01', 'OBJECT ENCODING b', 'SET c 1.5', 'OBJECT ENCODING c', ['SET', 'd', ''], 'OBJECT ENCODING d', 'SET e +1', 'OBJECT ENCODING e'] },
  { name: 'encoding embstr and raw boundary', cmds: [['SET', 'a', 'x'.repeat(44)], 'OBJECT ENCODING a', ['SET', 'b', 'x'.repeat(45)], 'OBJECT ENCODING b', ['SET', 'c', 'x'.repeat(10000)], 'OBJECT ENCODING c'] },
  { name: 'encoding binary value', cmds: [['SET', 'a', '\x00\xff\r\n'], 'OBJECT ENCODING a'] },
  { name: 'encoding missing key', cmds: ['OBJECT ENCODING nokey', 'OBJECT REFCOUNT nokey', 'OBJECT IDLETIME nokey', 'OBJECT FREQ nokey'] },
  { name: 'missing key resp3', resp3: true, cmds: ['OBJECT ENCODING nokey', 'OBJECT FREQ nokey'] },
  { name: 'refcount shared integers', cmds: ['SET a 0', 'OBJECT REFCOUNT a', 'SET b 9999', 'OBJECT REFCOUNT b', 'SET c 10000', 'OBJECT REFCOUNT c', 'SET d -1', 'OBJECT REFCOUNT d', 'SET e 01', 'OBJECT REFCOUNT e', 'SET f abc', 'OBJECT REFCOUNT f'] },
  { name: 'refcount of a copy', cmds: ['SET a 5', 'COPY a b', 'OBJECT REFCOUNT b', 'OBJECT REFCOUNT a', 'RENAME b c', 'OBJECT REFCOUNT c', 'MOVE c 1', 'SELECT 1', 'OBJECT REFCOUNT c'] },
  { name: 'refcount after overwrite', cmds: ['SET a 5', 'COPY a b', 'SET b 6', 'OBJECT REFCOUNT b', 'SET b 60000', 'OBJECT REFCOUNT b'] },
  { name: 'idletime fresh', cmds: ['SET a hello', 'OBJECT IDLETIME a', 'GET a', 'OBJECT IDLETIME a'] },
  { name: 'freq without lfu policy', cmds: ['SET a 1', 'OBJECT FREQ a'] },
  { name: 'help', cmds: ['OBJECT HELP', 'object help'] },
  { name: 'help resp3', resp3: true, cmds: ['OBJECT HELP'] },
  { name: 'wrong arity', cmds: ['OBJECT', 'OBJECT ENCODING', 'OBJECT ENCODING a b', 'OBJECT HELP x', 'OBJECT REFCOUNT', 'OBJECT IDLETIME', 'OBJECT FREQ'] },
  { name: 'unknown subcommand', cmds: ['OBJECT FOO a', 'OBJECT FOO', ['OBJECT', 'x\r\ny', 'a']] },
  { name: 'case-insensitive subcommand', cmds: ['SET a 1', 'object encoding a', 'OBJECT Encoding a'] },
  { name: 'object does not count as access for type', cmds: ['SET a x', 'OBJECT ENCODING a', 'TYPE a', 'OBJECT IDLETIME a'] },
];

cases.push(
  { name: 'encoding list', cmds: ['RPUSH l a b', 'OBJECT ENCODING l', 'OBJECT REFCOUNT l'] },
  { name: 'encoding hash', cmds: ['HSET h f v', 'OBJECT ENCODING h'] },
  { name: 'encoding sets', cmds: ['SADD s 1 2', 'OBJECT ENCODING s', 'SADD t a', 'OBJECT ENCODING t'] },
  { name: 'encoding zset', cmds: ['ZADD z 1 a', 'OBJECT ENCODING z'] },
);

diffSuite('object', cases);

// Under an LFU policy (log factor 0 makes every access count, so results are deterministic).
diffSuite(
  'object under allkeys-lfu',
  [
    { name: 'freq of a new key', cmds: ['SET a hello', 'OBJECT FREQ a'] },
    { name: 'reads increment freq', cmds: ['SET a hello', 'GET a', 'OBJECT FREQ a', 'GET a', 'GET a', 'OBJECT FREQ a'] },
    { name: 'touch increments, notouch lookups do not', cmds: ['SET a hello', 'TOUCH a', 'TOUCH a', 'TYPE a', 'EXISTS a', 'TTL a', 'OBJECT ENCODING a', 'OBJECT FREQ a'] },
    { name: 'idletime is refused', cmds: ['SET a hello', 'OBJECT IDLETIME a', 'OBJECT IDLETIME nokey'] },
    { name: 'rename carries freq', cmds: ['SET a hello', 'GET a', 'RENAME a b', 'OBJECT FREQ b'] },
    { name: 'move carries freq', cmds: ['SET a hello', 'GET a', 'MOVE a 1', 'SELECT 1', 'OBJECT FREQ a'] },
    { name: 'copy starts fresh', cmds: ['SET a hello', 'GET a', 'COPY a b', 'OBJECT FREQ b', 'OBJECT FREQ a'] },
    { name: 'expire touches', cmds: ['SET a hello', 'EXPIRE a 100', 'PERSIST a', 'OBJECT FREQ a'] },
    { name: 'shared integers share freq', cmds: ['SET a 7', 'SET b 7', 'GET a', 'GET a', 'OBJECT FREQ b', 'OBJECT REFCOUNT b'] },
  ],
  // lfu-decay-time 0: no decay, so a minute boundary between the two servers cannot split their counters
  { redisArgs: ['--maxmemory-policy', 'allkeys-lfu', '--lfu-log-factor', '0', '--lfu-decay-time', '0'], respdConfig: { 'maxmemory-policy': 'allkeys-lfu', 'lfu-log-factor': 0, 'lfu-decay-time': 0 } },
);

// With maxmemory and an LRU policy Redis stops sharing integers.
diffSuite(
  'object with maxmemory and allkeys-lru',
  [
    { name: 'integers not shared', cmds: ['SET a 1', 'OBJECT REFCOUNT a', 'SET b 9999', 'OBJECT REFCOUNT b', 'OBJECT IDLETIME a', 'OBJECT FREQ a'] },
  ],
  { redisArgs: ['--maxmemory', '1gb', '--maxmemory-policy', 'allkeys-lru'], respdConfig: { maxmemory: '1gb', 'maxmemory-policy': 'allkeys-lru' } },
);
