import { diffSuite, sortedArray, type DiffCase } from '../helpers/diff.js';


const numbers = 'RPUSH l 3 10 1 -2 2.5 0x10 -inf';

const basics: DiffCase[] = [
  { name: 'sort numeric list', cmds: [numbers, 'SORT l', 'SORT l DESC', 'SORT l ASC'] },
  { name: 'sort alpha list', cmds: ['RPUSH l b a C 10 9 ab', 'SORT l ALPHA', 'SORT l ALPHA DESC', 'SORT l alpha desc asc'] },
  { name: 'sort missing key', cmds: ['SORT nokey', 'SORT nokey ALPHA DESC LIMIT 0 5', 'SORT_RO nokey'] },
  { name: 'sort wrongtype', cmds: ['SET s x', 'SORT s', 'SORT s ALPHA', 'HSET h f v', 'SORT h'] },
  { name: 'sort wrong arity', cmds: ['SORT', 'SORT_RO'] },
  { name: 'sort syntax errors', cmds: ['RPUSH l 1', 'SORT l FOO', 'SORT l LIMIT 0', 'SORT l LIMIT', 'SORT l BY', 'SORT l GET', 'SORT l STORE', 'SORT l ASC DESC BAR'] },
  { name: 'sort limit parse errors', cmds: ['RPUSH l 1', 'SORT l LIMIT a 1', 'SORT l LIMIT 0 b', 'SORT l LIMIT 0 1.5'] },
  { name: 'sort syntax error before type check', cmds: ['SET s x', 'SORT s FOO', 'SORT s LIMIT x 1'] },
  { name: 'sort not a double', cmds: ['RPUSH l 1 a 2', 'SORT l', 'SORT l DESC LIMIT 0 1', 'SORT l ALPHA'] },
  { name: 'sort strtod forms', cmds: [['RPUSH', 'l', ' 5', '', '0x1p2', '1e2', 'inf', '-Infinity', '+3'], 'SORT l'] },
  { name: 'sort strtod rejects', cmds: [['RPUSH', 'a', '1e400', '1'], 'SORT a', ['RPUSH', 'b', '1e-310', '1'], 'SORT b', ['RPUSH', 'c', 'nan', '1'], 'SORT c', ['RPUSH', 'd', '5 ', '1'], 'SORT d'] },
  { name: 'sort numeric ties compare bytes', cmds: ['RPUSH l 1.0 01 1 +1 1e0 0x1', 'SORT l', 'SORT l DESC'] },
  { name: 'sort numeric with NUL tail', cmds: [['RPUSH', 'l', '2\x00x', '1\x00y'], 'SORT l'] },
  { name: 'sort binary alpha equal up to NUL keeps input order', cmds: [['RPUSH', 'l', 'a\x00c', 'a\x00b', 'a'], 'SORT l ALPHA', 'SORT l ALPHA DESC'] },
  { name: 'sort binary alpha with STORE compares bytes', cmds: [['RPUSH', 'l', 'a\x00c', 'a\x00b', 'a', '\xff', '\x01'], 'SORT l ALPHA STORE d', 'LRANGE d 0 -1'] },
  { name: 'sort alpha high bytes', cmds: [['RPUSH', 'l', '\xff', 'z', '\x80', 'A', '\x01'], 'SORT l ALPHA', 'SORT l ALPHA DESC'] },
  { name: 'sort duplicates', cmds: ['RPUSH l 3 1 3 2 1', 'SORT l', 'SORT l ALPHA DESC'] },
  { name: 'sort resp3', resp3: true, cmds: [numbers, 'SORT l', 'SORT l GET # GET nokey_*', 'SORT nokey'] },
];

const limits: DiffCase[] = [
  { name: 'sort limit basic', cmds: [numbers, 'SORT l LIMIT 0 3', 'SORT l LIMIT 2 2', 'SORT l DESC LIMIT 1 2'] },
  { name: 'sort limit edges', cmds: [numbers, 'SORT l LIMIT 0 0', 'SORT l LIMIT 6 5', 'SORT l LIMIT 7 1', 'SORT l LIMIT 100 1', 'SORT l LIMIT -5 2', 'SORT l LIMIT 3 -1', 'SORT l LIMIT 3 -100'] },
  { name: 'sort limit huge', cmds: [numbers, 'SORT l LIMIT 0 9223372036854775807', 'SORT l LIMIT 9223372036854775807 1', 'SORT l LIMIT -9223372036854775808 2'] },
  { name: 'sort limit on empty', cmds: ['SORT nokey LIMIT 0 1', 'SORT nokey LIMIT 5 5', 'SORT nokey LIMIT -1 -1'] },
  { name: 'sort limit twice last wins', cmds: [numbers, 'SORT l LIMIT 0 1 LIMIT 1 2'] },
];

const by: DiffCase[] = [
  { name: 'sort by weights', cmds: ['RPUSH l a b c d', 'SET w_a 3', 'SET w_b 1', 'SET w_c 2', 'SET w_d 0.5', 'SORT l BY w_*', 'SORT l BY w_* DESC', 'SORT l BY w_* LIMIT 1 2'] },
  { name: 'sort by with missing weights', cmds: ['RPUSH l a b c d', 'SET w_a 3', 'SET w_c -1', 'SORT l BY w_*', 'SORT l BY w_* DESC'] },
  { name: 'sort by weight not a number', cmds: ['RPUSH l a b', 'SET w_a x', 'SORT l BY w_*', 'SORT l BY w_* ALPHA'] },
  { name: 'sort by non-string weight key', cmds: ['RPUSH l a b', 'RPUSH w_a 1', 'SET w_b 1', 'SORT l BY w_*'] },
  { name: 'sort by alpha weights', cmds: ['RPUSH l a b c', 'SET w_a banana', 'SET w_b apple', 'SET w_c cherry', 'SORT l BY w_* ALPHA', 'SORT l BY w_* ALPHA DESC', 'SORT l BY w_* ALPHA STORE d', 'LRANGE d 0 -1'] },
  { name: 'sort by alpha missing weights sort first', cmds: ['RPUSH l a b c', 'SET w_b zzz', 'SORT l BY w_* ALPHA LIMIT 0 1', 'SORT l BY w_* ALPHA DESC LIMIT 0 1'] },
  { name: 'sort by pattern with prefix and suffix', cmds: ['RPUSH l 1 2 3', 'SET pre_1_post 30', 'SET pre_2_post 10', 'SET pre_3_post 20', 'SORT l BY pre_*_post', 'SORT l BY pre_*_post GET pre_*_post'] },
  { name: 'sort by only first star substituted', cmds: ['RPUSH l a b', 'SET x_a_* 2', 'SET x_b_* 1', 'SORT l BY x_*_*'] },
  { name: 'sort by nosort keeps list order', cmds: ['RPUSH l 3 1 2 b a', 'SORT l BY nosort', 'SORT l BY nosort DESC', 'SORT l BY nosort LIMIT 1 2', 'SORT l BY nosort DESC LIMIT 1 2', 'SORT l BY nosort LIMIT 10 2', 'SORT l BY nosort LIMIT 0 0'] },
  { name: 'sort by nosort skips number check', cmds: ['RPUSH l x y', 'SORT l BY nosort', 'SORT l BY nosort GET #'] },
  { name: 'sort by nosort on zset keeps score order', cmds: ['ZADD z 3 c 1 a 2 b 4 x', 'SORT z BY nosort', 'SORT z BY nosort DESC', 'SORT z BY nosort LIMIT 1 2', 'SORT z BY nosort DESC LIMIT 1 5', 'SORT z BY nosort LIMIT 4 1'] },
  { name: 'sort by nosort then pattern stays unsorted', cmds: ['RPUSH l 3 1 2', 'SET w_1 9', 'SORT l BY nosort BY w_*', 'SORT l BY w_* BY nosort'] },
  { name: 'sort by pattern with NUL before star', cmds: ['RPUSH l 3 1 2', ['SORT', 'l', 'BY', 'w_\x00*']] },
  { name: 'sort by hash field', cmds: ['RPUSH l a b c', 'HSET h_a w 3 n alice', 'HSET h_b w 1 n bob', 'HSET h_c w 2', 'SORT l BY h_*->w', 'SORT l BY h_*->w GET h_*->n', 'SORT l BY h_*->w DESC GET # GET h_*->n'] },
  { name: 'sort by hash field missing or wrong type', cmds: ['RPUSH l a b c', 'HSET h_a w 3', 'SET h_b 1', 'SORT l BY h_*->w', 'SORT l BY h_*->nofield', 'SORT l GET h_*->w'] },
  { name: 'sort by arrow without field is a key pattern', cmds: ['RPUSH l a b', 'SET w_a-> 2', 'SET w_b-> 1', 'SORT l BY w_*->', 'SORT l GET w_*->'] },
  { name: 'sort by arrow before star is not a field', cmds: ['RPUSH l a b', 'SET x->y_a 2', 'SET x->y_b 1', 'SORT l BY x->y_*'] },
  { name: 'sort by weights on set', cmds: ['SADD s a b c', 'SET w_a 2', 'SET w_b 3', 'SET w_c 1', 'SORT s BY w_*', 'SORT s BY w_* DESC LIMIT 0 2'] },
  { name: 'sort by weights on zset', cmds: ['ZADD z 1 a 2 b 3 c', 'SET w_a 2', 'SET w_b 3', 'SET w_c 1', 'SORT z BY w_*', 'SORT z BY w_* GET #'] },
];

const get: DiffCase[] = [
  { name: 'sort get pattern', cmds: ['RPUSH l 2 1 3', 'SET o_1 one', 'SET o_2 two', 'SORT l GET o_*', 'SORT l GET o_* GET #', 'SORT l GET # GET o_* DESC LIMIT 0 2'] },
  { name: 'sort get missing and fixed', cmds: ['RPUSH l 2 1', 'SET o_1 one', 'SET fixed v', 'SORT l GET o_*', 'SORT l GET fixed', 'SORT l GET nokey_*'] },
  { name: 'sort get hash field', cmds: ['RPUSH l 1 2', 'HSET h_1 f x', 'SORT l GET h_*->f GET h_*->g'] },
  { name: 'sort get non-string key', cmds: ['RPUSH l 1', 'RPUSH o_1 x', 'SORT l GET o_*'] },
  { name: 'sort get # variants', cmds: ['RPUSH l 1 2', 'SORT l GET #', ['SORT', 'l', 'GET', '#\x00x'], 'SORT l GET ##'] },
  { name: 'sort get binary values', cmds: [['RPUSH', 'l', '1'], ['SET', 'o_1', '\x00\r\n\xff'], 'SORT l GET o_*'] },
];

const store: DiffCase[] = [
  { name: 'sort store', cmds: [numbers, 'SORT l STORE d', 'LRANGE d 0 -1', 'TYPE d', 'OBJECT ENCODING d'] },
  { name: 'sort store with get and missing values', cmds: ['RPUSH l 2 1', 'SET o_1 one', 'SORT l GET o_* GET # STORE d', 'LRANGE d 0 -1'] },
  { name: 'sort store empty deletes destination', cmds: ['SET d x', 'SORT nokey STORE d', 'EXISTS d', 'RPUSH l 1', 'SET d x', 'SORT l LIMIT 5 1 STORE d', 'EXISTS d'] },
  { name: 'sort store overwrites any type', cmds: ['ZADD d 1 a', 'RPUSH l b a', 'SORT l ALPHA STORE d', 'TYPE d', 'LRANGE d 0 -1'] },
  { name: 'sort store into source', cmds: ['RPUSH l 3 1 2', 'SORT l STORE l', 'LRANGE l 0 -1'] },
  { name: 'sort store error stores nothing', cmds: ['RPUSH l 1 a', 'SORT l STORE d', 'EXISTS d'] },
  { name: 'sort set nosort store is forced alpha', cmds: ['SADD s 10 9 b a', 'SORT s BY nosort STORE d', 'LRANGE d 0 -1', 'SORT s BY nosort DESC STORE d', 'LRANGE d 0 -1'] },
  { name: 'sort_ro rejects store', cmds: ['RPUSH l 1', 'SORT_RO l STORE d', 'SORT_RO l', 'SORT_RO l BY nosort GET # DESC'] },
  { name: 'sort_ro with get and by', cmds: ['RPUSH l b a', 'SET w_a 1', 'SET w_b 2', 'SORT_RO l BY w_* GET w_*', 'SORT_RO l ALPHA LIMIT 0 1'] },
];

const types: DiffCase[] = [
  { name: 'sort set numeric', cmds: ['SADD s 5 3 -1 10', 'SORT s', 'SORT s DESC LIMIT 0 2'] },
  { name: 'sort set alpha', cmds: ['SADD s b a c', 'SORT s ALPHA', 'SORT s ALPHA DESC'] },
  { name: 'sort set nosort is unordered', normalize: (r) => sortedArray(r), cmds: ['SADD s b a c', 'SORT s BY nosort'] },
  { name: 'sort zset members', cmds: ['ZADD z 1 10 2 9 3 8', 'SORT z', 'SORT z ALPHA', 'SORT z DESC LIMIT 0 1'] },
  { name: 'sort zset converts encoding', cmds: ['ZADD z 1 a 2 b', 'OBJECT ENCODING z', 'SORT z ALPHA', 'OBJECT ENCODING z'] },
  { name: 'sort zset converts even on error', cmds: ['ZADD z 1 a', 'SORT z', 'OBJECT ENCODING z', 'ZADD y 1 a', 'SORT_RO y BY nosort', 'OBJECT ENCODING y'] },
  { name: 'sort big list', cmds: [['RPUSH', 'l', ...Array.from({ length: 500 }, (_, i) => String((i * 7919) % 1000))], 'SORT l LIMIT 0 10', 'SORT l DESC LIMIT 5 5', 'SORT l ALPHA LIMIT 490 20'] },
  { name: 'sort big zset by nosort', cmds: [['ZADD', 'z', ...Array.from({ length: 300 }, (_, i) => [String(i % 17), 'm' + i]).flat()], 'SORT z BY nosort LIMIT 100 5', 'SORT z BY nosort DESC LIMIT 0 3', 'SORT z ALPHA LIMIT 0 3'] },
];

const extra: DiffCase[] = [
  { name: 'sort zset alpha desc limit with get', cmds: ['ZADD z 1 b 2 a 3 c', 'SET o_a A', 'SET o_c C', 'SORT z ALPHA DESC LIMIT 0 2 GET o_* GET #'] },
  { name: 'sort get hash field on set input', cmds: ['SADD s 1 2', 'HSET h_1 n one', 'HSET h_2 n two', 'SORT s GET h_*->n GET #'] },
  { name: 'sort store reply in resp3', resp3: true, cmds: ['RPUSH l 2 1', 'SORT l STORE d', 'LRANGE d 0 -1', 'SORT nokey STORE d'] },
  { name: 'sort by constant with get on list', cmds: ['RPUSH l x y z', 'SET o_y Y', 'SORT l BY const GET o_* DESC', 'SORT l BY const GET # LIMIT 1 1'] },
  { name: 'sort numeric negative and exponents', cmds: ['RPUSH l -1e3 -0 0 1e-3 -1e-3 5e+2', 'SORT l', 'SORT l DESC'] },
  {
    // Inside a script a set is sorted ALPHA even BY a constant (Redis forces it for scripts and STORE).
    name: 'sort a set by a constant inside a script',
    cmds: [
      'SADD s c a b 10 2', 'RPUSH l c a b', 'ZADD z 1 c 2 a 3 b',
      ['EVAL', "return redis.call('sort', KEYS[1], 'by', 'const')", '1', 's'],
      ['EVAL', "return redis.call('sort', KEYS[1], 'by', 'nosort', 'desc')", '1', 's'],
      ['EVAL', "return redis.call('sort', KEYS[1], 'by', 'nosort', 'limit', 1, 2)", '1', 's'],
      ['EVAL', "return redis.call('sort_ro', KEYS[1], 'by', 'nosort')", '1', 's'],
      ['EVAL', "return redis.call('sort', KEYS[1], 'by', 'const', 'get', '#')", '1', 's'],
      ['EVAL', "return redis.call('sort', KEYS[1], 'by', 'const')", '1', 'l'],
      ['EVAL', "return redis.call('sort', KEYS[1], 'by', 'const')", '1', 'z'],
    ],
  },
];

diffSuite('sort', [...basics, ...limits, ...by, ...get, ...store, ...types, ...extra]);
