import { wrongTypeSuite } from '../helpers/wrongtype.js';
import { diffSuite, type DiffCase } from '../helpers/diff.js';

// String commands compared with real Redis 7.0 byte for byte. Cases that
// need another family's commands (TTL, EXISTS, OBJECT…) are skipped until
// those commands exist in respd.

/** Deterministic pseudo-random bytes (LCG) over `alphabet`. */
function pseudoRandom(seed: number, len: number, alphabet: string): string {
  let x = seed >>> 0;
  let s = '';
  for (let i = 0; i < len; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += alphabet[(x >>> 16) % alphabet.length];
  }
  return s;
}

/** Random INCRBYFLOAT increments in every notation: long double rounding and "%.17Lf" output. */
function floatIncrements(seed: number): NonNullable<DiffCase['cmds']> {
  let x = seed >>> 0;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8;
  const digits = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += String(next() % 10);
    return s;
  };
  const cmds: DiffCase['cmds'] = [];
  for (let i = 0; i < 80; i++) {
    const sign = ['', '-', '+'][next() % 3];
    const form = next() % 5;
    let num: string;
    if (form === 0) num = digits(1 + (next() % 20));
    else if (form === 1) num = digits(1 + (next() % 6)) + '.' + digits(1 + (next() % 25));
    else if (form === 2) num = digits(1 + (next() % 3)) + '.' + digits(next() % 8) + 'e' + ['', '-', '+'][next() % 3] + String(next() % 40);
    else if (form === 3) num = '0.' + '0'.repeat(next() % 20) + digits(1 + (next() % 18));
    else num = '0x' + (next() % 65536).toString(16) + '.' + (next() % 4096).toString(16) + 'p' + String((next() % 80) - 40);
    if (next() % 7 === 0) cmds.push('SET f 0');
    cmds.push(['INCRBYFLOAT', 'f', sign + num]);
  }
  return cmds;
}

const big = 'x'.repeat(100_000);
const lcsA = pseudoRandom(1, 300, 'ACGT');
const lcsB = pseudoRandom(2, 280, 'ACGT');

const cases: DiffCase[] = [
  // --- GET / SET ---
  { name: 'set and get', cmds: ['SET k v', 'GET k'] },
  { name: 'get missing key', cmds: ['GET nokey'] },
  { name: 'set overwrites', cmds: ['SET k a', 'SET k b', 'GET k'] },
  { name: 'binary value', cmds: [['SET', 'k', '\x00\xff\r\n\x01 '], ['GET', 'k'], ['STRLEN', 'k']] },
  { name: 'binary key', cmds: [['SET', '\x00k\r\n\xfe', 'v'], ['GET', '\x00k\r\n\xfe'], ['GET', '\x00k']] },
  { name: 'empty value', cmds: [['SET', 'k', ''], ['GET', 'k'], ['STRLEN', 'k']] },
  { name: 'empty key', cmds: [['SET', '', 'v'], ['GET', ''], ['APPEND', '', 'w'], ['GET', '']] },
  { name: 'big value', cmds: [['SET', 'k', big], ['GET', 'k'], ['STRLEN', 'k']] },
  { name: 'set NX', cmds: ['SET k v NX', 'SET k w NX', 'GET k'] },
  { name: 'set XX', cmds: ['SET k v XX', 'GET k', 'SET k v', 'SET k w XX', 'GET k'] },
  { name: 'set NX and XX conflict', cmds: ['SET k v NX XX', 'SET k v XX NX', 'SET k v NX NX', 'SET k v XX XX', 'GET k'] },
  { name: 'set options are case-insensitive', cmds: ['SET k v nX', 'SET k w xX', 'SET k x gEt', 'SET k y keepTTL', 'GET k'] },
  { name: 'set GET', cmds: ['SET k v GET', 'SET k w GET', 'GET k'] },
  { name: 'set GET with NX on existing key', cmds: ['SET k v', 'SET k w NX GET', 'GET k'] },
  { name: 'set GET with NX on missing key', cmds: ['SET k w NX GET', 'GET k'] },
  { name: 'set GET with XX on missing key', cmds: ['SET k v XX GET', 'GET k'] },
  { name: 'set GET with XX on existing key', cmds: ['SET k v', 'SET k w XX GET', 'GET k'] },
  {
    name: 'set expire syntax errors',
    cmds: [
      'SET k v EX', 'SET k v EX 10 PX 100', 'SET k v PX 10 EX 1', 'SET k v EXAT 1 PXAT 1', 'SET k v KEEPTTL EX 10',
      'SET k v EX 10 KEEPTTL', 'SET k v PERSIST', 'SET k v FOO', 'SET k v EX 10 EXAT 10', 'SET k v PXAT', 'GET k',
    ],
  },
  {
    name: 'set invalid expire times',
    cmds: [
      'SET k v EX 0', 'SET k v EX -1', 'SET k v PX 0', 'SET k v EXAT 0', 'SET k v PXAT -5', 'SET k v EX abc',
      'SET k v EX 1.5', 'SET k v EX 9223372036854775', 'SET k v EX 9223372036854774', 'SET k v PX 9223372036854775807',
      'SET k v EX 9223372036854775808', 'SET k v PX -9223372036854775808', 'SET k v EXAT 9223372036854775808', ['SET', 'k', 'v', 'EX', ''], 'GET k',
    ],
  },
  { name: 'failed set keeps the old value', cmds: ['SET k a', 'SET k b EX 0', 'SET k c EX x', 'SET k d BAD', 'GET k'] },
  { name: 'set EX and PX', cmds: ['SET k v EX 100', 'GET k', 'SET k w PX 100000', 'GET k'] },
  { name: 'set EX repeated: last wins', cmds: ['SET k v EX 10 EX 20', 'TTL k'] },
  { name: 'set EX then TTL', cmds: ['SET k v EX 100', 'TTL k'] },
  { name: 'set PX then TTL', cmds: ['SET k v PX 100000', 'TTL k'] },
  { name: 'set EXAT far future', cmds: ['SET k v EXAT 9223372036854775', 'GET k'] },
  { name: 'set PXAT max', cmds: ['SET k v PXAT 9223372036854775807', 'GET k'] },
  { name: 'set EXAT in the past', cmds: ['SET k v EXAT 1', 'GET k', 'SET k v PXAT 1000', 'GET k', 'STRLEN k'] },
  { name: 'set after expired key with KEEPTTL', cmds: ['SET k v PXAT 1', 'SET k w KEEPTTL', 'GET k'] },
  { name: 'set KEEPTTL keeps the TTL', cmds: ['SET k v EX 100', 'SET k w KEEPTTL', 'TTL k', 'GET k'] },
  { name: 'plain set drops the TTL', cmds: ['SET k v EX 100', 'SET k w', 'TTL k'] },
  { name: 'set NX with EX', cmds: ['SET k v NX EX 100', 'TTL k', 'SET k w NX EX 5', 'TTL k'] },
  { name: 'set GET with EX', cmds: ['SET k v', 'SET k w GET EX 100', 'TTL k', 'GET k'] },
  { name: 'set GET with invalid expire', cmds: ['SET k v', 'SET k w EX 0 GET', 'GET k'] },
  { name: 'set options read as C strings', cmds: [['SET', 'k', 'v', 'nx\x00junk'], ['SET', 'k', 'w', 'nx\x00'], ['SET', 'k', 'x', 'KEEPTTL\x00'], ['SET', 'k', 'y', 'n\x00'], ['GET', 'k']] },
  { name: 'set arity', cmds: ['SET k', 'SET'] },
  { name: 'set resp3 nil', resp3: true, cmds: ['SET k v', 'SET k w NX', 'GET nokey', 'SET k x XX GET'] },

  // --- SETNX / SETEX / PSETEX ---
  { name: 'setnx', cmds: ['SETNX k v', 'SETNX k w', 'GET k'] },
  { name: 'setnx arity', cmds: ['SETNX k', 'SETNX k v w'] },
  { name: 'setex', cmds: ['SETEX k 100 v', 'GET k', 'SET k a', 'SETEX k 100 b', 'GET k'] },
  { name: 'setex ttl', cmds: ['SETEX k 100 v', 'TTL k'] },
  { name: 'setex errors', cmds: ['SETEX k 0 v', 'SETEX k -1 v', 'SETEX k abc v', 'SETEX k 9223372036854775 v', 'SETEX k 10', 'GET k'] },
  { name: 'psetex', cmds: ['PSETEX k 100000 v', 'GET k'] },
  { name: 'psetex errors', cmds: ['PSETEX k 0 v', 'PSETEX k -5 v', 'PSETEX k x v', 'PSETEX k 9223372036854775807 v', 'GET k'] },

  // --- GETEX ---
  { name: 'getex without options', cmds: ['SET k v', 'GETEX k', 'GETEX nokey'] },
  {
    name: 'getex syntax errors',
    cmds: ['SET k v', 'GETEX k NX', 'GETEX k EX', 'GETEX k PERSIST EX 10', 'GETEX k EX 10 PERSIST', 'GETEX k KEEPTTL', 'GETEX k GET', 'GETEX k EX 10 PX 10', 'GETEX nokey FOO'],
  },
  { name: 'getex on missing key ignores the expire value', cmds: ['GETEX nokey EX 0', 'GETEX nokey EX abc', 'GETEX nokey PXAT -1'] },
  { name: 'getex invalid expire', cmds: ['SET k v', 'GETEX k EX 0', 'GETEX k PX -1', 'GETEX k EXAT abc', 'GETEX k EX 9223372036854775', 'GET k'] },
  { name: 'getex EXAT in the past deletes', cmds: ['SET k v', 'GETEX k EXAT 1', 'GET k', 'SET k v', 'GETEX k PXAT 1', 'GETEX k PXAT 1'] },
  { name: 'getex EX sets a TTL', cmds: ['SET k v', 'GETEX k EX 100', 'TTL k'] },
  { name: 'getex PX sets a TTL', cmds: ['SET k v', 'GETEX k PX 100000', 'TTL k'] },
  { name: 'getex PERSIST', cmds: ['SET k v EX 100', 'GETEX k PERSIST', 'TTL k'] },
  { name: 'getex PERSIST without TTL', cmds: ['SET k v', 'GETEX k PERSIST', 'GETEX k persist', 'GET k'] },
  { name: 'getex EX repeated', cmds: ['SET k v', 'GETEX k EX 10 EX 100', 'TTL k'] },
  { name: 'getex future absolute times', cmds: ['SET k v', 'GETEX k PXAT 99999999999999', 'GET k', 'GETEX k EXAT 9223372036854775', 'GET k'] },
  { name: 'getex binary value', cmds: [['SET', 'k', '\x00\r\n'], ['GETEX', 'k', 'EX', '100']] },

  // --- GETDEL / GETSET ---
  { name: 'getdel', cmds: ['SET k v', 'GETDEL k', 'GET k', 'GETDEL k'] },
  { name: 'getdel binary', cmds: [['SET', 'k', '\xff\x00'], ['GETDEL', 'k'], ['STRLEN', 'k']] },
  { name: 'getset', cmds: ['GETSET k a', 'GETSET k b', 'GET k'] },
  { name: 'getset drops the TTL', cmds: ['SET k v EX 100', 'GETSET k w', 'TTL k'] },

  // --- MGET / MSET / MSETNX ---
  { name: 'mget', cmds: ['SET a 1', 'SET b 2', 'MGET a b c a'] },
  { name: 'mget binary keys', cmds: [['SET', '\x00', '\xff'], ['MGET', '\x00', '', '\x00']] },
  { name: 'mset', cmds: ['MSET a 1 b 2 c 3', 'MGET a b c'] },
  { name: 'mset arity', cmds: ['MSET a', 'MSET a 1 b', 'MSET', 'MGET a b'] },
  { name: 'mset duplicate keys', cmds: ['MSET a 1 a 2', 'GET a'] },
  { name: 'msetnx', cmds: ['MSETNX a 1 b 2', 'MSETNX b 3 c 4', 'MGET a b c'] },
  { name: 'msetnx arity', cmds: ['MSETNX a', 'MSETNX a 1 b', 'GET a'] },
  { name: 'msetnx duplicate new keys', cmds: ['MSETNX a 1 a 2', 'GET a'] },
  { name: 'mset drops TTLs', cmds: ['SET a v EX 100', 'MSET a w', 'TTL a'] },
  { name: 'mget resp3', resp3: true, cmds: ['SET a 1', 'MGET a nokey'] },

  // --- INCR family ---
  { name: 'incr new key', cmds: ['INCR n', 'INCR n', 'GET n'] },
  { name: 'decr new key', cmds: ['DECR n', 'DECR n', 'GET n'] },
  { name: 'incrby and decrby', cmds: ['INCRBY n 10', 'DECRBY n 3', 'INCRBY n -20', 'DECRBY n -5', 'GET n'] },
  { name: 'incr at the int64 maximum', cmds: ['SET n 9223372036854775806', 'INCR n', 'INCR n', 'GET n'] },
  { name: 'decr at the int64 minimum', cmds: ['SET n -9223372036854775807', 'DECR n', 'DECR n', 'GET n'] },
  { name: 'incrby overflow', cmds: ['SET n 9223372036854775807', 'INCRBY n 1', 'INCRBY n 0', 'DECRBY n -1', 'INCRBY n -9223372036854775808', 'GET n'] },
  { name: 'incrby underflow', cmds: ['SET n -9223372036854775808', 'INCRBY n -1', 'DECRBY n 1', 'DECRBY n 9223372036854775807', 'INCRBY n 9223372036854775807', 'GET n'] },
  { name: 'decrby LLONG_MIN', cmds: ['DECRBY n -9223372036854775808', 'DECRBY n -9223372036854775807', 'GET n'] },
  { name: 'incrby bad increments', cmds: ['INCRBY n x', 'INCRBY n 1.5', 'INCRBY n 9223372036854775808', ['INCRBY', 'n', ''], ['INCRBY', 'n', ' 1'], 'INCRBY n +1', 'INCRBY n 01', 'INCRBY n -0', 'GET n'] },
  {
    name: 'incr on values that are not integers',
    cmds: [['SET', 'n', ' 1'], 'INCR n', 'SET n 01', 'INCR n', 'SET n 1.0', 'INCR n', ['SET', 'n', ''], 'INCR n', 'SET n +1', 'INCR n', 'SET n -0', 'INCR n', ['SET', 'n', '1\x00'], 'INCR n', 'SET n abc', 'DECRBY n 1'],
  },
  { name: 'incr on values longer than int64', cmds: ['SET n 12345678901234567890', 'INCR n', 'SET n 99999999999999999999', 'INCR n', 'SET n -9223372036854775809', 'DECR n'] },
  { name: 'incr around 2^53', cmds: ['SET n 9007199254740991', 'INCR n', 'INCR n', 'INCRBY n 9007199254740993', 'DECRBY n 18014398509481986', 'INCRBY n -9007199254740993', 'DECR n', 'GET n'] },
  { name: 'incrby large values', cmds: ['INCRBY n 4611686018427387904', 'INCRBY n 4611686018427387903', 'INCRBY n 1', 'DECRBY n 9223372036854775807', 'DECRBY n 9223372036854775807', 'DECR n', 'GET n'] },
  { name: 'incr keeps the TTL', cmds: ['SET n 1 EX 100', 'INCR n', 'TTL n'] },
  { name: 'incr binary key', cmds: [['INCR', '\x00\xff'], ['INCRBY', '\x00\xff', '41'], ['GET', '\x00\xff']] },
  { name: 'incr arity', cmds: ['INCR', 'INCR a b', 'INCRBY a', 'DECRBY a 1 2'] },
  { name: 'pipelined incr', pipeline: true, cmds: ['INCR c', 'INCR c', 'INCRBY c 5', 'DECR c', 'GET c'] },

  // --- INCRBYFLOAT ---
  { name: 'incrbyfloat 10.5 + 0.1', cmds: ['INCRBYFLOAT f 10.5', 'INCRBYFLOAT f 0.1', 'GET f'] },
  { name: 'incrbyfloat 0.1 + 0.2', cmds: ['SET f 0.1', 'INCRBYFLOAT f 0.2', 'INCRBYFLOAT f 0.3', 'INCRBYFLOAT f -0.6'] },
  { name: 'incrbyfloat 1e308 * 10', cmds: ['SET f 1e308', 'INCRBYFLOAT f 9e308', 'INCRBYFLOAT f 1e308', 'GET f'] },
  { name: 'incrbyfloat exponent notation', cmds: ['SET f 5.0e3', 'INCRBYFLOAT f 0', 'INCRBYFLOAT f 1e3', 'INCRBYFLOAT f -5.5E+2', 'INCRBYFLOAT f 1E-2'] },
  {
    name: 'incrbyfloat number formats',
    cmds: ['INCRBYFLOAT f 1.0', 'INCRBYFLOAT f -1.50', 'INCRBYFLOAT f .5', 'INCRBYFLOAT f 5.', 'INCRBYFLOAT f +.5e+1', 'INCRBYFLOAT f 0x10', 'INCRBYFLOAT f 0x1p-2', 'INCRBYFLOAT f 0X.8', 'INCRBYFLOAT f 0x1.8P1', 'INCRBYFLOAT f 007'],
  },
  {
    name: 'incrbyfloat infinities and NaN',
    cmds: ['INCRBYFLOAT f inf', 'INCRBYFLOAT f -inf', 'INCRBYFLOAT f nan', 'INCRBYFLOAT f +inf', 'INCRBYFLOAT f Infinity', 'INCRBYFLOAT f INF', 'INCRBYFLOAT f nan(123)', 'INCRBYFLOAT f -nan', 'SET f inf', 'INCRBYFLOAT f 1', 'SET f -inf', 'INCRBYFLOAT f -1', 'SET f nan', 'INCRBYFLOAT f 1'],
  },
  { name: 'incrbyfloat overflow and underflow', cmds: ['SET f 1', 'INCRBYFLOAT f 1e4933', 'INCRBYFLOAT f 1e-5000', 'INCRBYFLOAT f 1e4932', 'INCRBYFLOAT f 1e4932', 'INCRBYFLOAT f -1e4932', 'INCRBYFLOAT f 0x1p16384'] },
  { name: 'incrbyfloat tiny values', cmds: ['INCRBYFLOAT f 1e-4940', 'SET f 0', 'INCRBYFLOAT f -0.000000000000000001', 'INCRBYFLOAT f 0.000003814697265625', 'SET f 1', 'INCRBYFLOAT f 1e-17', 'INCRBYFLOAT f 4e-18', 'INCRBYFLOAT f 6e-18'] },
  {
    name: 'incrbyfloat invalid increments',
    cmds: [['INCRBYFLOAT', 'f', ' 1'], ['INCRBYFLOAT', 'f', '1 '], 'INCRBYFLOAT f 1e', 'INCRBYFLOAT f -', 'INCRBYFLOAT f .', ['INCRBYFLOAT', 'f', ''], 'INCRBYFLOAT f 0x', ['INCRBYFLOAT', 'f', '1\x00'], ['INCRBYFLOAT', 'f', '\x00'], 'INCRBYFLOAT f abc', 'INCRBYFLOAT f 1.2.3', 'INCRBYFLOAT f --1', 'INCRBYFLOAT f 1e+', 'INCRBYFLOAT f 0x1p', 'INCRBYFLOAT f 1,5', 'GET f'],
  },
  { name: 'incrbyfloat on invalid values', cmds: ['SET f abc', 'INCRBYFLOAT f 1', ['SET', 'f', ' 1'], 'INCRBYFLOAT f 1', ['SET', 'f', ''], 'INCRBYFLOAT f 1', 'SET f 1e', 'INCRBYFLOAT f x'] },
  { name: 'incrbyfloat integer values', cmds: ['SET f 9223372036854775807', 'INCRBYFLOAT f 1', 'INCRBYFLOAT f 1e20', 'SET f -5', 'INCRBYFLOAT f 5', 'SET f 123456789012345', 'INCRBYFLOAT f 999999999999999', 'INCRBYFLOAT f 18446744073709551616'] },
  { name: 'incrbyfloat precision', cmds: ['SET f 3', 'INCRBYFLOAT f 1.3333333333333333333333', 'SET f 1.1', 'INCRBYFLOAT f 2.2', 'INCRBYFLOAT f -3.3', 'INCRBYFLOAT f 0.1', 'INCRBYFLOAT f 0.1', 'INCRBYFLOAT f 0.1', 'INCRBYFLOAT f 1234567.891', 'INCRBYFLOAT f -0.00000000001'] },
  { name: 'incrbyfloat negative zero', cmds: ['SET f -0', 'INCRBYFLOAT f 0', 'INCRBYFLOAT g -0.0', 'SET h -0.0', 'INCRBYFLOAT h -0'] },
  { name: 'incrbyfloat longest argument', cmds: [['INCRBYFLOAT', 'f', '0'.repeat(5118) + '1'], ['INCRBYFLOAT', 'f', '0'.repeat(5119) + '1'], 'GET f'] },
  { name: 'incrbyfloat keeps the TTL', cmds: ['SET f 1 EX 100', 'INCRBYFLOAT f 1.5', 'TTL f'] },
  { name: 'incrbyfloat random increments 1', cmds: floatIncrements(1) },
  { name: 'incrbyfloat random increments 2', cmds: floatIncrements(2) },
  { name: 'incrbyfloat random increments 3', cmds: floatIncrements(3) },
  { name: 'incrbyfloat resp3', resp3: true, cmds: ['INCRBYFLOAT f 1.5', 'INCRBYFLOAT f x'] },

  // --- APPEND / STRLEN ---
  { name: 'append', cmds: ['APPEND k a', 'APPEND k bc', 'GET k', 'STRLEN k'] },
  { name: 'append binary', cmds: [['APPEND', 'k', '\x00'], ['APPEND', 'k', '\r\n\xff'], ['GET', 'k']] },
  { name: 'append empty creates the key', cmds: [['APPEND', 'k', ''], 'GET k', 'STRLEN k', ['APPEND', 'k', '']] },
  { name: 'append to an integer', cmds: ['SET k 10', 'APPEND k 5', 'INCR k'] },
  { name: 'append keeps the TTL', cmds: ['SET k v EX 100', 'APPEND k w', 'TTL k'] },
  { name: 'strlen', cmds: ['STRLEN nokey', 'SET k hello', 'STRLEN k', 'SET k 12345', 'STRLEN k'] },

  // --- GETRANGE / SUBSTR ---
  {
    name: 'getrange',
    cmds: ['SET s Hello_World', 'GETRANGE s 0 -1', 'GETRANGE s -3 -1', 'GETRANGE s -1 -3', 'GETRANGE s 5 3', 'GETRANGE s -100 100', 'GETRANGE s 11 11', 'GETRANGE s 10 20', 'GETRANGE s 0 0', 'GETRANGE s -1 -1', 'GETRANGE s 3 -3'],
  },
  {
    name: 'getrange int64 extremes',
    cmds: ['SET s abc', 'GETRANGE s 9223372036854775807 -9223372036854775808', 'GETRANGE s -9223372036854775808 9223372036854775807', 'GETRANGE s -9223372036854775807 -9223372036854775808', 'GETRANGE s -9223372036854775808 -9223372036854775807', 'GETRANGE s 0 9223372036854775807'],
  },
  { name: 'getrange bad arguments', cmds: ['SET s abc', 'GETRANGE s a 1', 'GETRANGE s 0 b', 'GETRANGE nokey x 1', 'GETRANGE s 0 9223372036854775808'] },
  { name: 'getrange missing key and empty value', cmds: ['GETRANGE nokey 0 -1', ['SET', 'e', ''], 'GETRANGE e 0 -1', 'GETRANGE e -1 0'] },
  { name: 'getrange binary', cmds: [['SET', 's', '\x00\x01\x02\r\n\xff'], 'GETRANGE s 1 4', 'GETRANGE s -2 -1'] },
  { name: 'getrange integer value', cmds: ['SET s 1234567', 'GETRANGE s 2 4', 'GETRANGE s -2 -1'] },
  { name: 'substr', cmds: ['SET s Hello', 'SUBSTR s 0 2', 'SUBSTR s -2 -1', 'SUBSTR nokey 0 1', 'SUBSTR s x 1'] },

  // --- SETRANGE ---
  { name: 'setrange', cmds: ['SET k Hello_World', 'SETRANGE k 6 Redis', 'GET k'] },
  { name: 'setrange pads with zeros', cmds: ['SET k ab', 'SETRANGE k 5 x', 'GET k', 'STRLEN k'] },
  { name: 'setrange new key', cmds: ['SETRANGE k 3 abc', 'GET k', 'SETRANGE k2 0 x', 'GET k2'] },
  { name: 'setrange empty value', cmds: [['SETRANGE', 'k', '10', ''], 'GET k', 'SET k abc', ['SETRANGE', 'k', '100', ''], 'GET k', ['SETRANGE', 'k', '9223372036854775807', '']] },
  {
    name: 'setrange errors',
    cmds: ['SETRANGE k -1 x', 'SETRANGE k a x', 'SETRANGE k 1.5 x', 'SETRANGE k 536870912 x', 'SETRANGE k 536870900 0123456789abcdef0123456789abcdef', 'SETRANGE k 9223372036854775807 x', 'SETRANGE k 9223372036854775808 x', ['SETRANGE', 'k', '536870912', ''], ['SETRANGE', 'k', '-1', ''], 'GET k'],
  },
  { name: 'setrange inside and across the end', cmds: [['SET', 'k', 'abcdef'], ['SETRANGE', 'k', '2', '\x00\r\n'], 'GET k', 'SETRANGE k 4 XYZW', 'GET k', 'SETRANGE k 0 123456789', 'GET k'] },
  { name: 'setrange big offset', cmds: ['SETRANGE k 1000000 x', 'STRLEN k', 'GETRANGE k 999998 1000000'] },
  { name: 'setrange on an integer', cmds: ['SET k 12345', 'SETRANGE k 1 x', 'GET k'] },
  { name: 'setrange keeps the TTL', cmds: ['SET k v EX 100', 'SETRANGE k 1 w', 'TTL k'] },

  // --- LCS ---
  {
    name: 'lcs',
    cmds: ['SET key1 ohmytext', 'SET key2 mynewtext', 'LCS key1 key2', 'LCS key1 key2 LEN', 'LCS key1 key2 IDX', 'LCS key1 key2 IDX MINMATCHLEN 4', 'LCS key1 key2 IDX WITHMATCHLEN', 'LCS key1 key2 IDX MINMATCHLEN 4 WITHMATCHLEN', 'LCS key1 key2 idx withmatchlen minmatchlen 2'],
  },
  { name: 'lcs missing keys', cmds: ['LCS a b', 'LCS a b LEN', 'LCS a b IDX', 'SET a abc', 'LCS a b', 'LCS b a IDX'] },
  { name: 'lcs option errors', cmds: ['SET a abc', 'LCS a b IDX LEN', 'LCS a b MINMATCHLEN', 'LCS a b MINMATCHLEN x', 'LCS a b FOO', 'LCS a b MINMATCHLEN -5 LEN', 'LCS a b LEN LEN', ['LCS', 'a', 'a', 'len\x00']] },
  { name: 'lcs minmatchlen extremes', cmds: ['SET a abcxyzabc', 'SET b abcabc', 'LCS a b IDX MINMATCHLEN 9223372036854775807', 'LCS a b IDX MINMATCHLEN 3 WITHMATCHLEN', 'LCS a b IDX MINMATCHLEN -9223372036854775808'] },
  { name: 'lcs identical and disjoint', cmds: ['SET a abcdef', 'SET b abcdef', 'LCS a b IDX WITHMATCHLEN', 'SET c xyz', 'LCS a c', 'LCS a c IDX', 'LCS a a IDX'] },
  { name: 'lcs binary', cmds: [['SET', 'a', '\x00\xff\r\n\x01'], ['SET', 'b', '\xff\x00\r\n'], 'LCS a b', 'LCS a b IDX WITHMATCHLEN'] },
  { name: 'lcs longer strings', cmds: [['SET', 'a', lcsA], ['SET', 'b', lcsB], 'LCS a b', 'LCS a b LEN', 'LCS a b IDX WITHMATCHLEN', 'LCS a b IDX MINMATCHLEN 5'] },
  { name: 'lcs resp3', resp3: true, cmds: ['SET key1 ohmytext', 'SET key2 mynewtext', 'LCS key1 key2 IDX WITHMATCHLEN'] },

  // --- arity ---
  { name: 'arity errors', cmds: ['GET', 'GETEX', 'GETDEL', 'GETSET k', 'APPEND k', 'STRLEN', 'SETRANGE k 1', 'GETRANGE k 1', 'LCS a', 'MGET', 'INCRBYFLOAT k', 'SETEX k 1', 'PSETEX k 1', 'SUBSTR k 1'] },
];

diffSuite('strings', cases);

// A small proto-max-bulk-len makes the size limits testable without 512MB strings.
diffSuite(
  'strings with proto-max-bulk-len 1mb',
  [
    { name: 'setrange at the limit', cmds: ['SETRANGE k 1048576 x', 'SETRANGE k 1048575 x', 'STRLEN k', 'SETRANGE k 1048575 xy', 'SETRANGE k 1048574 xy', 'STRLEN k'] },
    { name: 'append at the limit', cmds: ['SETRANGE k 1048574 x', 'APPEND k y', 'APPEND k z', 'STRLEN k', 'APPEND k ""'] },
    { name: 'lcs transient memory limit', cmds: [['SET', 'a', 'a'.repeat(511)], ['SET', 'b', 'a'.repeat(511)], 'LCS a b LEN', ['SET', 'b', 'a'.repeat(512)], 'LCS a b LEN', 'LCS a b IDX'] },
  ],
  { redisArgs: ['--proto-max-bulk-len', '1048576'], respdConfig: { 'proto-max-bulk-len': 1048576 } },
);

wrongTypeSuite('strings on a non-string key', [
  { name: 'get', lists: ['l'], cmds: ['GET l', 'GETEX l', 'GETEX l EX 0', 'GETEX l FOO', 'GETDEL l', 'STRLEN l'] },
  { name: 'set variants', lists: ['l'], cmds: ['SET l x GET', 'SET l x EX 0 GET', 'SET l x NX GET', 'SET l x XX GET', 'SET l x NX', 'SETNX l x', 'MSETNX a 1 l 2', 'GET a'] },
  { name: 'getset and mget', lists: ['l'], cmds: ['GETSET l x', 'MGET l nokey', 'SET a 1', 'MGET a l'] },
  { name: 'counters', lists: ['l'], cmds: ['INCR l', 'DECR l', 'INCRBY l 5', 'INCRBY l x', 'DECRBY l 1', 'DECRBY l -9223372036854775808', 'INCRBYFLOAT l 1', 'INCRBYFLOAT l x'] },
  { name: 'ranges', lists: ['l'], cmds: ['GETRANGE l 0 1', 'GETRANGE l a 1', 'SUBSTR l 0 1', 'SETRANGE l 0 x', ['SETRANGE', 'l', '0', ''], 'SETRANGE l -1 x', 'SETRANGE l x x', 'APPEND l x'] },
  { name: 'lcs', lists: ['l'], cmds: ['SET a x', 'LCS a l', 'LCS l a', 'LCS l nokey LEN', 'LCS l a FOO'] },
  { name: 'set overwrites a non-string key', lists: ['l'], cmds: ['SET l v', 'GET l'] },
  { name: 'mset overwrites a non-string key', lists: ['l', 'm'], cmds: ['MSET l 1 m 2', 'MGET l m'] },
  { name: 'setex and getset over a list', lists: ['l'], cmds: ['SETEX l 100 v', 'GET l'] },
]);
