/**
 * Exactness gaps found by an external differential suite (issue #12 item 10):
 * each case is a reply whose bytes differed from Redis 7.0.15.
 */
import { diffSuite, type DiffCase } from '../helpers/diff.js';

/** Unauthenticated clients: a server with a password, each case on a fresh connection. */
const noauth: DiffCase[] = [
  // 7.0's text names "HELLO AUTH <user> <pass>" (7.2 added "<proto>").
  { name: 'HELLO before AUTH', cmds: ['HELLO', 'HELLO 2', 'HELLO 3 SETNAME x', 'HELLO 2 AUTH default nope', 'HELLO 2 AUTH default pw'],
    normalize: (r) => r.replace(/\$2\r\nid\r\n:\d+/, 'ID') },
];
diffSuite('exactness: NOAUTH', noauth, { redisArgs: ['--requirepass', 'pw'], respdConfig: { requirepass: 'pw' } });

/** Redis prints arguments with %.128s: a C string that ends at the first NUL byte. */
const nul = (s: string) => Buffer.from(s, 'latin1');
const errors: DiffCase[] = [
  { name: 'unknown command: NUL in the name and the arguments', cmds: [
    [nul('fo\0oo'), nul('ab\0cd'), 'xyz'],
    ['nosuch', nul('\0ab'), 'c'],
    ['nosuch', 'x'.repeat(120), nul('abcdef\0ghijkl'), 'z'],
    ['nosuch', 'x'.repeat(125), nul('abcdefgh'), 'z'],
  ] },
  { name: 'unknown subcommand: NUL in the subcommand', cmds: [['CONFIG', nul('a\0b')], ['OBJECT', nul('\0x')], ['CLIENT', nul('zz\0')]] },
];
diffSuite('exactness: error texts', errors);

/** OBJECT ENCODING of strings built outside SET's tryObjectEncoding. */
const enc = (name: string, ...cmds: string[]): DiffCase => ({ name, cmds: ['FLUSHALL', ...cmds] });
const encodings: DiffCase[] = [
  enc('APPEND: new key by content, existing key always raw',
    'APPEND a 12', 'OBJECT ENCODING a', 'APPEND a 3', 'OBJECT ENCODING a', 'SET b x', 'APPEND b y', 'OBJECT ENCODING b',
    'SET c 1', 'APPEND c ""', 'OBJECT ENCODING c', 'SET c 1', 'OBJECT ENCODING c', 'APPEND d abc', 'OBJECT ENCODING d'),
  enc('SETRANGE: raw, unless the value is empty',
    'SETRANGE a 0 12', 'OBJECT ENCODING a', 'SET b 5', 'SETRANGE b 0 ""', 'OBJECT ENCODING b', 'SETRANGE b 0 7', 'OBJECT ENCODING b'),
  enc('SETBIT and BITFIELD: raw even when nothing changes',
    'SETBIT a 1 1', 'OBJECT ENCODING a', 'SET b 1', 'SETBIT b 0 0', 'OBJECT ENCODING b',
    'SET c 1', 'BITFIELD c GET u8 0', 'OBJECT ENCODING c', 'BITFIELD c SET u8 0 49', 'OBJECT ENCODING c',
    'SET d 2', 'BITFIELD_RO d GET u8 0', 'OBJECT ENCODING d'),
  enc('BITOP destination is raw', 'SET a x', 'BITOP OR d a', 'OBJECT ENCODING d', 'SET a 1', 'BITOP AND d a', 'OBJECT ENCODING d'),
  enc('INCR family int, INCRBYFLOAT embstr',
    'SET a x1', 'SET a 1', 'APPEND a 0', 'INCR a', 'OBJECT ENCODING a', 'INCRBYFLOAT f 1', 'OBJECT ENCODING f',
    'INCRBYFLOAT f 1.5', 'OBJECT ENCODING f', 'INCRBY f2 3', 'INCRBYFLOAT f2 0', 'OBJECT ENCODING f2', 'DECR f2', 'OBJECT ENCODING f2'),
  enc('overwrite and delete forget the in-place encoding',
    'APPEND a 1', 'APPEND a 2', 'SET a 12', 'OBJECT ENCODING a', 'APPEND b 1', 'APPEND b 2', 'DEL b', 'SET b 12', 'OBJECT ENCODING b',
    'APPEND c 1', 'APPEND c 2', 'GETSET c 12', 'OBJECT ENCODING c', 'MSET c 7', 'OBJECT ENCODING c'),
  enc('RENAME, COPY and MOVE keep the encoding',
    'APPEND a 1', 'APPEND a 2', 'RENAME a b', 'OBJECT ENCODING b', 'COPY b c', 'OBJECT ENCODING c', 'MOVE c 1', 'SELECT 1', 'OBJECT ENCODING c', 'FLUSHALL', 'SELECT 0'),
];
diffSuite('exactness: string encodings', encodings);

/** SORT's numeric mode parses with C strtod and rejects trailing bytes, ERANGE and NaN. */
const FORMS = [' 1', '1 ', '\t7', '\v7', '\f7', '\n7', '0x10', '0X1p3', '0x1.8p1', '0x', '0xg', '-0x1P-2', 'inf', '-inf', 'INFINITY', 'infin',
  'nan', '-nan', 'nan(123)', 'nan(', '1e', '1e+', '1e-', '.5', '5.', '.', '+.5e-3', '1e400', '-1e400', '1e-400', '1e-310', '0e-400', '-0',
  '', '+', '-', '1_0', '1,5', '00012', '1.5e3x', '0x1p99999', '9'.repeat(400), '0.' + '0'.repeat(400) + '1'];
const sortForm = (v: string): DiffCase => ({
  name: `SORT numeric ${JSON.stringify(v)}`,
  cmds: ['DEL l w_a w_b', ['RPUSH', 'l', '3', v, '-2'], 'SORT l', 'SORT l DESC', ['RPUSH', 'l2', 'a', 'b'], ['SET', 'w_a', v], 'SET w_b 1', 'SORT l2 BY w_*', 'DEL l2'],
});
diffSuite('exactness: SORT numbers', FORMS.map(sortForm));

/** Lua 5.1 semantics the 5.4 engine must reproduce: number formatting ("%.14g") and empty pattern matches. */
const LUA = [
  'return tostring(1e15)', 'return tostring(1e16)', 'return tostring(1e100)', 'return tostring(3/2)',
  'return tostring(0/0)', 'return tostring(1/0)', 'return tostring(-1/0)', 'return tostring(2^53)', 'return tostring(10/2)',
  'return tostring(0.1)', 'return tostring(-1e15)', 'return tostring(2^31)',
  'return (2^63) .. \'\'', 'return 10 / 3 .. \'\'', 'return 7 % 2.5 .. \'\'', 'return 1 .. \'\'', 'return math.floor(3.7) .. \'\'',
  'return string.format(\'%s\', 1e15)', 'return string.format(\'%d\', 3.7)', 'return string.format(\'%d\', -3.7)',
  'return string.format(\'%5.1f|%x\', 3.14159, 255.9)', 'return string.format(\'%i\', 2.0)', 'return string.format(\'%c\', 65.5)',
  'return tostring(math.huge)', 'return tostring(-0.0)', 'return tostring(1e300*1e10)', 'return tostring(2^63)', 'return tostring(-(0/0))',
  'local t={} for w in string.gmatch(\'abc\', \'x*\') do t[#t+1]=w end return #t',
  'return (string.gsub(\'abc\', \'x*\', \'-\'))',
  'local t={} for a in string.gmatch(\'a,b,,c\', \'[^,]*\') do t[#t+1]=\'[\'..a..\']\' end return table.concat(t)',
  'local t={} for k, v in string.gmatch(\'a=1, b=2,c=\', \'(%w+)=(%w*)\') do t[#t+1]=k..\':\'..v end return t',
  'local t={} for p, w in string.gmatch(\'ab cd\', \'()(%a*)\') do t[#t+1]=p..w end return t',
  'local t={} for w in string.gmatch(\'^a^b\', \'^%a\') do t[#t+1]=w end return t',
  'local t={} for w in string.gfind(12345, 3) do t[#t+1]=w end return t',
  'local t={} for w in (\'\'):gmatch(\'.-\') do t[#t+1]=\'[\'..w..\']\' end return t',
  'return pcall(string.gmatch, nil, \'x\')',
  'return pcall(string.gmatch, \'x\')',
];
diffSuite('exactness: Lua 5.1', LUA.map((s) => ({ name: s, cmds: [['EVAL', s, '0']] })));
