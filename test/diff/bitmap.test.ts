import { wrongTypeSuite } from '../helpers/wrongtype.js';
import { diffSuite, type Cmd, type DiffCase } from '../helpers/diff.js';

// Bitmap commands compared with real Redis 7.0 byte for byte.

/** Deterministic pseudo-random generator (LCG). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x >>> 8;
  };
}

function randomBytes(seed: number, len: number): string {
  const next = lcg(seed);
  let s = '';
  for (let i = 0; i < len; i++) {
    // Bias towards 0x00 and 0xff so runs of clear/set bits exist.
    const r = next() % 8;
    s += String.fromCharCode(r === 0 ? 0 : r === 1 ? 0xff : next() & 0xff);
  }
  return s;
}

/** Random BITCOUNT / BITPOS range queries over a random string. */
function rangeQueries(seed: number): Cmd[] {
  const next = lcg(seed);
  const len = 40;
  const cmds: Cmd[] = [['SET', 'k', randomBytes(seed, len)]];
  const idx = (max: number) => String((next() % (2 * max + 10)) - max - 5);
  for (let i = 0; i < 60; i++) {
    const bit = next() % 2 === 0;
    const max = bit ? len * 8 : len;
    const unit = next() % 3;
    const tail = unit === 0 ? [] : [unit === 1 ? 'BIT' : 'BYTE'];
    cmds.push(['BITCOUNT', 'k', idx(max), idx(max), ...(bit ? ['BIT'] : tail.filter((u) => u === 'BYTE'))]);
    const form = next() % 4;
    const b = String(next() % 2);
    if (form === 0) cmds.push(['BITPOS', 'k', b]);
    else if (form === 1) cmds.push(['BITPOS', 'k', b, idx(len)]);
    else if (form === 2) cmds.push(['BITPOS', 'k', b, idx(len), idx(len)]);
    else cmds.push(['BITPOS', 'k', b, idx(max), idx(max), bit ? 'BIT' : 'BYTE']);
  }
  return cmds;
}

/** Random BITFIELD programs: every type width, offsets across bytes, all overflow modes. */
function bitfieldPrograms(seed: number): Cmd[] {
  const next = lcg(seed);
  const cmds: Cmd[] = [];
  const values = ['0', '1', '-1', '127', '-128', '255', '256', '-300', '9223372036854775807', '-9223372036854775808', '4611686018427387904', '12345678901'];
  for (let n = 0; n < 40; n++) {
    const argv = ['BITFIELD', 'k'];
    const ops = 1 + (next() % 5);
    for (let i = 0; i < ops; i++) {
      if (next() % 4 === 0) argv.push('OVERFLOW', ['WRAP', 'SAT', 'FAIL'][next() % 3]);
      const signed = next() % 2 === 0;
      const bits = 1 + (next() % (signed ? 64 : 63));
      const type = (signed ? 'i' : 'u') + bits;
      const offset = next() % 5 === 0 ? '#' + (next() % 4) : String(next() % 80);
      const op = next() % 3;
      const value = next() % 3 === 0 ? values[next() % values.length] : String((next() % 2000) - 1000);
      if (op === 0) argv.push('GET', type, offset);
      else if (op === 1) argv.push('SET', type, offset, value);
      else argv.push('INCRBY', type, offset, value);
    }
    cmds.push(argv);
  }
  cmds.push('GET k');
  return cmds;
}

const bigA = randomBytes(11, 5000);
const bigB = randomBytes(12, 3000);
const bigC = randomBytes(13, 4096);

const cases: DiffCase[] = [
  // --- SETBIT / GETBIT ---
  { name: 'setbit and getbit', cmds: ['SETBIT k 7 1', 'GETBIT k 7', 'GETBIT k 6', 'GET k'] },
  { name: 'setbit returns the old bit', cmds: ['SETBIT k 0 1', 'SETBIT k 0 1', 'SETBIT k 0 0', 'SETBIT k 0 0', 'GET k'] },
  { name: 'setbit grows with zeros', cmds: ['SETBIT k 100 1', 'STRLEN k', 'GET k', 'SETBIT k 3 1', 'GET k'] },
  { name: 'setbit 0 on a new key creates it', cmds: ['SETBIT k 20 0', 'GET k', 'STRLEN k'] },
  { name: 'setbit bad bit values', cmds: ['SETBIT k 0 2', 'SETBIT k 0 -1', 'SETBIT k 0 x', ['SETBIT', 'k', '0', ''], 'SETBIT k 0 01', 'SETBIT k 0 -0', 'SETBIT k 0 1.0', 'GET k'] },
  { name: 'setbit bad offsets', cmds: ['SETBIT k -1 1', 'SETBIT k x 1', 'SETBIT k 4294967296 1', 'SETBIT k 1.5 1', 'SETBIT k 9223372036854775807 1', 'SETBIT k #1 1', 'SETBIT k -1 2', 'GET k'] },
  { name: 'setbit on an existing string', cmds: ['SET k a', 'SETBIT k 6 1', 'GET k', 'SETBIT k 7 0', 'GET k', 'SETBIT k 15 1', 'GET k'] },
  { name: 'setbit large offset', cmds: ['SETBIT k 8000000 1', 'STRLEN k', 'GETBIT k 8000000', 'GETBIT k 7999999', 'BITCOUNT k', 'BITPOS k 1'] },
  { name: 'setbit binary value', cmds: [['SET', 'k', '\xff\x00'], 'SETBIT k 0 0', 'SETBIT k 8 1', 'SETBIT k 15 1', 'GET k'] },
  { name: 'setbit on an integer value', cmds: ['SET k 10', 'SETBIT k 7 0', 'GET k', 'INCR k'] },
  { name: 'setbit keeps the TTL', cmds: ['SET k v EX 100', 'SETBIT k 1 1', 'TTL k'] },
  { name: 'getbit missing key and beyond the end', cmds: ['GETBIT nokey 0', 'SET k a', 'GETBIT k 1000', 'GETBIT k 4294967295', 'GETBIT k 4294967296', 'GETBIT k 1', 'GETBIT k 7'] },
  { name: 'getbit bad offsets', cmds: ['GETBIT k -1', 'GETBIT k x', 'GETBIT nokey 1.5', 'SET k a', 'GETBIT k -1'] },
  { name: 'getbit on an integer value', cmds: ['SET k 10', 'GETBIT k 2', 'GETBIT k 3', 'GETBIT k 7', 'GETBIT k 15'] },
  { name: 'setbit and getbit arity', cmds: ['SETBIT k 1', 'GETBIT k', 'SETBIT k 1 1 1'] },

  // --- BITCOUNT ---
  { name: 'bitcount', cmds: ['SET k foobar', 'BITCOUNT k', 'BITCOUNT k 0 0', 'BITCOUNT k 1 1', 'BITCOUNT k 1 1 BYTE', 'BITCOUNT k 5 30 BIT', 'BITCOUNT k 0 -1 bit'] },
  { name: 'bitcount negative indexes', cmds: ['SET k foobar', 'BITCOUNT k -1 -1', 'BITCOUNT k -2 -1', 'BITCOUNT k -1 -2', 'BITCOUNT k -100 -1', 'BITCOUNT k 0 -100', 'BITCOUNT k -2 -1 BIT', 'BITCOUNT k -9 -2 BIT'] },
  { name: 'bitcount on a missing key ignores the arguments', cmds: ['BITCOUNT nokey', 'BITCOUNT nokey 0', 'BITCOUNT nokey a b', 'BITCOUNT nokey 0 1 foo', 'BITCOUNT nokey 0 1 2 3'] },
  { name: 'bitcount errors', cmds: ['SET k foobar', 'BITCOUNT k 0', 'BITCOUNT k a 1', 'BITCOUNT k 0 a', 'BITCOUNT k 0 1 foo', 'BITCOUNT k 0 1 2 3', 'BITCOUNT k 0 1 bit extra', 'BITCOUNT k 1.5 2'] },
  { name: 'bitcount bit ranges', cmds: ['SET k foobar', 'BITCOUNT k 0 0 BIT', 'BITCOUNT k 1 1 BIT', 'BITCOUNT k 7 8 BIT', 'BITCOUNT k -8 -1 BIT', 'BITCOUNT k 3 20 bit', 'BITCOUNT k 9 14 BIT', 'BITCOUNT k 47 100 BIT', 'BITCOUNT k 48 100 BIT'] },
  {
    name: 'bitcount int64 extremes',
    cmds: ['SET k foobar', 'BITCOUNT k -9223372036854775808 9223372036854775807', 'BITCOUNT k -9223372036854775808 9223372036854775807 BIT', 'BITCOUNT k 9223372036854775807 -9223372036854775808', 'BITCOUNT k -9223372036854775807 -9223372036854775808', 'BITCOUNT k 0 9223372036854775808'],
  },
  { name: 'bitcount empty string', cmds: [['SET', 'e', ''], 'BITCOUNT e', 'BITCOUNT e 0 -1', 'BITCOUNT e 0 -1 BIT', 'BITCOUNT e 0 0'] },
  { name: 'bitcount binary', cmds: [['SET', 'k', '\xff\xf0\x00\x01'], 'BITCOUNT k', 'BITCOUNT k 1 2', 'BITCOUNT k 4 12 BIT', 'BITCOUNT k -1 -1 BIT'] },
  { name: 'bitcount big string', cmds: [['SET', 'k', bigA], 'BITCOUNT k', 'BITCOUNT k 100 4000', 'BITCOUNT k 1001 30001 BIT', 'BITCOUNT k -3333 -5'] },
  { name: 'bitcount unit read as a C string', cmds: ['SET k foobar', ['BITCOUNT', 'k', '0', '0', 'bit\x00'], ['BITCOUNT', 'k', '0', '0', 'BYTE\x00x'], ['BITCOUNT', 'k', '0', '0', 'bi']] },

  // --- BITPOS ---
  { name: 'bitpos', cmds: [['SET', 'k', '\xff\xf0\x00'], 'BITPOS k 0', 'BITPOS k 1', 'BITPOS k 0 2', 'BITPOS k 1 2', 'BITPOS k 1 1', 'BITPOS k 0 1 1'] },
  { name: 'bitpos on a missing key', cmds: ['BITPOS nokey 1', 'BITPOS nokey 0', 'BITPOS nokey 1 x', 'BITPOS nokey 0 1 2 3', 'BITPOS nokey 0 1 2 BIT'] },
  { name: 'bitpos bit argument errors', cmds: ['SET k a', 'BITPOS k 2', 'BITPOS k -1', 'BITPOS k x', 'BITPOS nokey 2', 'BITPOS k 01'] },
  { name: 'bitpos all ones', cmds: [['SET', 'k', '\xff\xff'], 'BITPOS k 0', 'BITPOS k 0 0', 'BITPOS k 0 0 -1', 'BITPOS k 0 0 -1 BIT', 'BITPOS k 1 -3 -1 BIT', 'BITPOS k 0 1', 'BITPOS k 0 5', 'BITPOS k 1 0 -1 BYTE'] },
  { name: 'bitpos all zeros', cmds: [['SET', 'k', '\x00\x00\x00'], 'BITPOS k 1', 'BITPOS k 0', 'BITPOS k 1 1', 'BITPOS k 1 0 -1 BIT', 'BITPOS k 0 -1', 'BITPOS k 0 9 17 BIT'] },
  { name: 'bitpos empty string', cmds: [['SET', 'e', ''], 'BITPOS e 0', 'BITPOS e 1', 'BITPOS e 0 0 -1', 'BITPOS e 0 0', 'BITPOS e 1 0 -1 BIT'] },
  {
    name: 'bitpos bit ranges',
    cmds: ['SET k foobar', 'BITPOS k 1 2 -1 bit', 'BITPOS k 0 0 0 bit', 'BITPOS k 1 7 15 bit', 'BITPOS k 0 7 15 BIT', 'BITPOS k 1 9 9 BIT', 'BITPOS k 0 40 47 BIT', 'BITPOS k 1 -5 -1 BIT', 'BITPOS k 0 100 200 BIT', 'BITPOS k 1 3 2 BIT'],
  },
  { name: 'bitpos errors', cmds: ['SET k foobar', 'BITPOS k 1 x', 'BITPOS k 1 0 x', 'BITPOS k 1 0 1 foo', 'BITPOS k 1 0 1 2 3', 'BITPOS k 0 3 bit', 'BITPOS k 1 x 1 foo', 'BITPOS k 1 0 x foo'] },
  {
    name: 'bitpos int64 extremes',
    cmds: [['SET', 'k', '\xff\xff'], 'BITPOS k 1 -9223372036854775808 9223372036854775807 bit', 'BITPOS k 0 9223372036854775807', 'BITPOS k 0 -9223372036854775808', 'BITPOS k 0 -9223372036854775808 9223372036854775807', 'BITPOS k 1 9223372036854775807 -9223372036854775808'],
  },
  { name: 'bitpos start beyond the end', cmds: ['SET k ab', 'BITPOS k 1 5', 'BITPOS k 0 5', 'BITPOS k 0 -1 -2', 'BITPOS k 1 2 1'] },
  { name: 'bitpos big string', cmds: [['SET', 'k', '\x00'.repeat(3000) + '\x01' + '\xff'.repeat(3000)], 'BITPOS k 1', 'BITPOS k 0 3001', 'BITPOS k 0 3001 -1', 'BITPOS k 1 100 2999', 'BITPOS k 0 24000 48007 BIT'] },
  { name: 'bitcount and bitpos random ranges 1', cmds: rangeQueries(101) },
  { name: 'bitcount and bitpos random ranges 2', cmds: rangeQueries(202) },
  { name: 'bitcount and bitpos random ranges 3', cmds: rangeQueries(303) },

  // --- BITOP ---
  { name: 'bitop and, or, xor', cmds: [['SET', 'a', '\xff\x0f'], ['SET', 'b', '\xf0'], 'BITOP AND d a b', 'GET d', 'BITOP OR d a b', 'GET d', 'BITOP XOR d a b', 'GET d'] },
  { name: 'bitop not', cmds: [['SET', 'a', '\x0f\xf0\x00'], 'BITOP NOT d a', 'GET d', 'BITOP NOT a a', 'GET a'] },
  { name: 'bitop not arity', cmds: ['SET a x', 'BITOP NOT d a b', 'BITOP NOT d', 'BITOP NOT d nokey', 'GET d'] },
  { name: 'bitop bad operation', cmds: ['SET a x', 'BITOP FOO d a', 'BITOP ANDX d a', 'BITOP AN d a', ['BITOP', 'not\x00x', 'd', 'a'], 'GET d'] },
  { name: 'bitop case-insensitive', cmds: ['SET a x', 'SET b y', 'bitop and d a b', 'BITOP Or d a b', 'BITOP xOr d a b', 'bitop NoT d a', 'GET d'] },
  { name: 'bitop with only missing sources deletes the target', cmds: ['BITOP AND d x y', 'GET d', 'SET d v', 'BITOP OR d x', 'GET d', 'SET e v', 'BITOP XOR e e2 e3', 'GET e'] },
  { name: 'bitop with empty strings', cmds: [['SET', 'a', ''], 'SET d v', 'BITOP AND d a', 'GET d', 'STRLEN d'] },
  { name: 'bitop different lengths', cmds: ['SET a abcdef', 'SET b xy', 'BITOP AND d a b', 'GET d', 'BITOP OR d a b', 'GET d', 'BITOP XOR d b a', 'GET d'] },
  { name: 'bitop with a missing source', cmds: ['SET a ff', 'BITOP AND d a nokey', 'GET d', 'BITOP OR d nokey a', 'GET d'] },
  { name: 'bitop single source', cmds: ['SET a hello', 'BITOP AND d a', 'GET d', 'BITOP OR d a', 'GET d', 'BITOP XOR d a', 'GET d'] },
  { name: 'bitop many sources', cmds: ['SET a 1', 'SET b 22', 'SET c 333', 'BITOP XOR d a b c a', 'GET d', 'BITOP AND d a b c', 'GET d', 'BITOP OR d c b a', 'GET d'] },
  { name: 'bitop big strings', cmds: [['SET', 'a', bigA], ['SET', 'b', bigB], ['SET', 'c', bigC], 'BITOP AND d a b c', 'GET d', 'BITOP OR d a b c', 'GET d', 'BITOP XOR d a b c', 'GET d', 'BITOP NOT d a', 'GET d'] },
  { name: 'bitop drops the target TTL', cmds: ['SET d v EX 100', 'SET a x', 'BITOP NOT d a', 'TTL d'] },
  { name: 'bitop arity', cmds: ['BITOP AND d', 'BITOP AND', 'BITOP'] },
  { name: 'bitop integer values', cmds: ['SET a 12', 'SET b 7', 'BITOP OR d a b', 'GET d'] },

  // --- BITFIELD ---
  { name: 'bitfield get on a missing key', cmds: ['BITFIELD k GET u8 0 GET i8 0 GET i64 0 GET u63 100', 'GET k'] },
  { name: 'bitfield set and get', cmds: ['BITFIELD k SET u8 0 255 GET u8 0 GET i8 0', 'GET k', 'BITFIELD k SET i8 0 200 GET i8 0 GET u8 0'] },
  { name: 'bitfield incrby wraps by default', cmds: ['BITFIELD k INCRBY u2 100 1', 'BITFIELD k INCRBY u2 100 1', 'BITFIELD k INCRBY u2 100 1', 'BITFIELD k INCRBY u2 100 1', 'BITFIELD k INCRBY i8 0 200', 'BITFIELD k INCRBY i8 0 -300'] },
  { name: 'bitfield overflow sat', cmds: ['BITFIELD k OVERFLOW SAT INCRBY u8 0 300 INCRBY i8 8 -200 INCRBY i8 8 500 INCRBY u8 0 -1000', 'GET k'] },
  { name: 'bitfield overflow fail', cmds: ['BITFIELD k OVERFLOW FAIL INCRBY u8 0 256 SET u8 0 300 INCRBY i4 0 7 INCRBY i4 0 1 INCRBY i4 0 -16', 'GET k'] },
  { name: 'bitfield overflow fail still creates the key', cmds: ['BITFIELD k OVERFLOW FAIL INCRBY u8 100 1000', 'STRLEN k', 'GET k'] },
  { name: 'bitfield overflow modes switch', cmds: ['BITFIELD k OVERFLOW SAT INCRBY u4 0 100 OVERFLOW WRAP INCRBY u4 0 100 OVERFLOW FAIL INCRBY u4 0 100 OVERFLOW sat INCRBY u4 0 100'] },
  { name: 'bitfield # offsets', cmds: ['BITFIELD k SET u8 #0 1 SET u8 #1 2 SET u8 #2 3 GET u16 #0 GET u8 #2 GET i4 #5', 'GET k'] },
  {
    name: 'bitfield # offset edge cases',
    cmds: ['BITFIELD k GET u8 #2305843009213693953', 'BITFIELD k GET i8 #-1', 'BITFIELD k GET i8 #9223372036854775807', 'BITFIELD k GET i8 ##1', 'BITFIELD k GET u8 #', 'BITFIELD k GET u8 #536870911', 'BITFIELD k GET u8 #536870912', 'BITFIELD k GET i64 #1152921504606846976', 'BITFIELD k SET u8 #2305843009213693953 7', 'GET k'],
  },
  {
    name: 'bitfield types',
    cmds: ['BITFIELD k GET I8 0', 'BITFIELD k GET U8 0', 'BITFIELD k GET u64 0', 'BITFIELD k GET i65 0', 'BITFIELD k GET i0 0', 'BITFIELD k GET u0 0', 'BITFIELD k GET i08 0', 'BITFIELD k GET i 0', ['BITFIELD', 'k', 'GET', '', '0'], 'BITFIELD k GET x8 0', ['BITFIELD', 'k', 'GET', 'i8\x00junk', '0'], 'BITFIELD k GET i-1 0', 'BITFIELD k GET i+8 0', 'BITFIELD k GET u63 0', 'BITFIELD k GET i64 0', 'BITFIELD k GET u1 0'],
  },
  { name: 'bitfield i64 edges', cmds: ['BITFIELD k SET i64 0 -9223372036854775808 INCRBY i64 0 -1 OVERFLOW SAT INCRBY i64 0 -1 INCRBY i64 0 9223372036854775807 INCRBY i64 0 1', 'GET k', 'BITFIELD k OVERFLOW FAIL INCRBY i64 0 1 INCRBY i64 0 -9223372036854775808 INCRBY i64 0 -9223372036854775808'] },
  { name: 'bitfield u63 edges', cmds: ['BITFIELD k SET u63 0 9223372036854775807 INCRBY u63 0 1 GET u63 0', 'GET k', 'BITFIELD k OVERFLOW SAT SET u63 0 -1 INCRBY u63 0 -9223372036854775808 INCRBY u63 0 9223372036854775807'] },
  { name: 'bitfield signed set wraps', cmds: ['BITFIELD k SET i8 0 -200 GET i8 0 SET i8 0 200 GET i8 0 SET i8 0 -128 SET i8 0 127 GET i8 0 SET i1 0 1 GET i1 0'] },
  { name: 'bitfield unsigned set of negative values', cmds: ['BITFIELD k SET u8 0 -1 GET u8 0', 'BITFIELD k OVERFLOW SAT SET u8 0 -1 GET u8 0', 'BITFIELD k OVERFLOW FAIL SET u8 0 -1 SET u8 0 256 GET u8 0'] },
  { name: 'bitfield unaligned fields', cmds: ['BITFIELD k SET u5 7 23', 'GET k', 'BITFIELD k GET u5 7 GET i5 7 SET i13 3 -1000 GET u13 3 GET i13 3', 'GET k', 'BITFIELD k SET u63 5 9223372036854775807 GET u63 5 GET i64 4', 'GET k'] },
  {
    name: 'bitfield errors',
    cmds: ['BITFIELD k GET', 'BITFIELD k GET u8', 'BITFIELD k SET u8 0', 'BITFIELD k INCRBY u8 0', 'BITFIELD k OVERFLOW', 'BITFIELD k OVERFLOW foo GET u8 0', 'BITFIELD k FOO', 'BITFIELD k SET u8 0 x', 'BITFIELD k INCRBY u8 0 1.5', 'BITFIELD k GET u8 -1', 'BITFIELD k GET u8 x', 'BITFIELD k SET u8 0 9223372036854775808', 'BITFIELD k SET u8 0 1 GET u99 0', 'BITFIELD k SET u8 0 1 FOO', 'GET k'],
  },
  { name: 'bitfield with no operations', cmds: ['BITFIELD k', 'BITFIELD k OVERFLOW SAT', 'GET k'] },
  { name: 'bitfield offset limit', cmds: ['BITFIELD k GET u8 4294967288', 'BITFIELD k GET u8 4294967296', 'BITFIELD k SET u8 4294967296 1', 'BITFIELD k GET u8 4294967289', 'GET k'] },
  { name: 'bitfield on an existing string', cmds: ['SET k foobar', 'BITFIELD k GET u8 0 GET i16 4 INCRBY u8 8 1 GET u8 8', 'GET k'] },
  {
    name: 'bitfield edits inside a big string',
    cmds: [['SET', 'k', bigA], 'BITFIELD k INCRBY u16 #1000 5 GET u32 0 GET u8 #4999 SET i8 #2000 -1 GET u16 #1000 GET i64 15990', 'GETRANGE k 1990 2010', 'GETRANGE k 0 10', 'STRLEN k', 'BITFIELD k SET u8 #6000 1 GET u8 #5999', 'STRLEN k', 'GETRANGE k 4995 6001', 'BITFIELD k OVERFLOW FAIL INCRBY u8 #7000 300', 'STRLEN k', 'BITCOUNT k'],
  },
  { name: 'bitfield get past the end reads zeros', cmds: [['SET', 'k', '\xff'], 'BITFIELD k GET u16 0 GET i16 0 GET u8 4 GET i64 1', 'BITFIELD k SET u8 0 255 GET u16 0'] },
  { name: 'bitfield subcommands case-insensitive', cmds: ['BITFIELD k set u8 0 3 get u8 0 incrby u8 0 2 overflow Fail incrby u8 0 300'] },
  { name: 'bitfield resp3', resp3: true, cmds: ['BITFIELD k OVERFLOW FAIL INCRBY u8 0 300 SET u8 0 5'] },
  { name: 'bitfield keeps the TTL', cmds: ['SET k v EX 100', 'BITFIELD k SET u8 0 1', 'TTL k'] },
  { name: 'bitfield random programs 1', cmds: bitfieldPrograms(7) },
  { name: 'bitfield random programs 2', cmds: bitfieldPrograms(8) },
  { name: 'bitfield random programs 3', cmds: bitfieldPrograms(9) },

  // --- BITFIELD_RO ---
  {
    name: 'bitfield_ro',
    cmds: ['BITFIELD_RO k GET u8 0', 'SET k a', 'BITFIELD_RO k GET u8 0 GET i4 4', 'BITFIELD_RO k', 'BITFIELD_RO k SET u8 0 1', 'BITFIELD_RO k INCRBY u8 0 1', 'BITFIELD_RO k OVERFLOW SAT GET u8 0', 'BITFIELD_RO k GET', 'BITFIELD_RO k GET u64 0', 'GET k'],
  },
  { name: 'bitfield_ro arity', cmds: ['BITFIELD_RO', 'BITFIELD'] },
];

diffSuite('bitmap', cases);

diffSuite(
  'bitmap with proto-max-bulk-len 1mb',
  [
    { name: 'setbit at the limit', cmds: ['SETBIT k 8388608 1', 'SETBIT k 8388607 1', 'STRLEN k', 'GETBIT k 8388608', 'BITCOUNT k'] },
    { name: 'bitfield at the limit', cmds: ['BITFIELD k SET u8 8388608 1', 'BITFIELD k SET u8 8388600 1', 'BITFIELD k SET u8 8388601 1', 'STRLEN k', 'BITFIELD k GET u8 #1048575'] },
  ],
  { redisArgs: ['--proto-max-bulk-len', '1048576'], respdConfig: { 'proto-max-bulk-len': 1048576 } },
);

wrongTypeSuite('bitmap on a non-string key', [
  { name: 'setbit and getbit', lists: ['l'], cmds: ['SETBIT l 0 1', 'SETBIT l x 1', 'SETBIT l 0 2', 'GETBIT l 0', 'GETBIT l x'] },
  { name: 'bitcount', lists: ['l'], cmds: ['BITCOUNT l', 'BITCOUNT l 0', 'BITCOUNT l a b', 'BITCOUNT l 0 1 foo'] },
  { name: 'bitpos', lists: ['l'], cmds: ['BITPOS l 1', 'BITPOS l 2', 'BITPOS l 1 x', 'BITPOS l 0 1 2 3'] },
  { name: 'bitop source', lists: ['l'], cmds: ['SET a x', 'BITOP AND d a l', 'BITOP NOT d l', 'GET d'] },
  { name: 'bitop target is overwritten', lists: ['l'], cmds: ['SET a x', 'BITOP OR l a', 'GET l'] },
  { name: 'bitop target deleted', lists: ['l'], cmds: ['BITOP AND l nokey', 'GET l'] },
  { name: 'bitfield', lists: ['l'], cmds: ['BITFIELD l GET u8 0', 'BITFIELD l SET u8 0 1', 'BITFIELD l GET u99 0', 'BITFIELD l', 'BITFIELD_RO l GET u8 0', 'BITFIELD_RO l SET u8 0 1'] },
]);
