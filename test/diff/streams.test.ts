import { diffSuite, type DiffCase } from '../helpers/diff.js';

// Stream commands compared with real Redis 7.0 byte for byte. IDs are
// explicit ('*' depends on the clock; see test/integration/streams.test.ts).
const BIN = '\x00\xff\r\n\x01bin';
const MAX = '18446744073709551615';
const seed = ['XADD s 1-1 a 1', 'XADD s 1-2 b 2', 'XADD s 2-0 a 3 b 4', 'XADD s 3-5 c 5', 'XADD s 5-0 a 6'];
/** A Lua loop adding entries n-1 .. with fields/values given as Lua expressions of i. */
const fill = (key: string, n: number, fv = "'f', i", from = 1): string[] => [
  'EVAL',
  `for i=${from},${from + n - 1} do redis.call('XADD', KEYS[1], i .. '-1', ${fv}) end return 1`,
  '1',
  key,
];
const info = (key = 's'): string => `XINFO STREAM ${key}`;

const cases: DiffCase[] = [
  // ---- XADD basics
  { name: 'xadd explicit ids', cmds: [...seed, 'XRANGE s - +', 'XLEN s'] },
  { name: 'xadd ms only id', cmds: ['XADD s 5 a 1', 'XADD s 6 a 1', 'XADD s 6 a 1', 'XRANGE s - +'] },
  { name: 'xadd ms-star', cmds: ['XADD s 5-* a 1', 'XADD s 5-* a 2', 'XADD s 7-* a 3', 'XADD s 6-* a 4', 'XADD s 7-3 a 5', 'XADD s 7-* a 6', 'XRANGE s - +'] },
  { name: 'xadd 0-* on new', cmds: ['XADD s 0-* a 1', 'XADD s 0-* a 2', 'XRANGE s - +'] },
  { name: 'xadd zero id', cmds: ['XADD s 0-0 a 1', 'XADD s 0 a 1', 'EXISTS s', 'XADD s 0-1 a 1', 'XADD s 0-0 a 1'] },
  { name: 'xadd equal or smaller', cmds: ['XADD s 5-5 a 1', 'XADD s 5-5 a 1', 'XADD s 5-4 a 1', 'XADD s 4 a 1', 'XADD s 5 a 1', 'XLEN s'] },
  { name: 'xadd invalid ids', cmds: ['XADD s abc a 1', 'XADD s 1-x a 1', 'XADD s -1 a 1', 'XADD s 1- a 1', 'XADD s - a 1', 'XADD s + a 1', 'XADD s 1-2-3 a 1', 'XADD s ** a 1', 'XADD s 1-** a 1', 'EXISTS s'] },
  { name: 'xadd strtoull quirks', cmds: ['XADD s 1--01 a 1', ['XADD', 's', '2- 5', 'a', '1'], 'XADD s 3-+7 a 1', 'XADD s 0004-0 a 1', ['XADD', 's', ' 5', 'a', '1'], 'XADD s 6-007 a 1', 'XRANGE s - +'] },
  { name: 'xadd id with nul byte', cmds: [['XADD', 's', '5\x00junk', 'a', '1'], ['XADD', 's', '6-1\x00', 'a', '1'], 'XRANGE s - +'] },
  { name: 'xadd id too long', cmds: [['XADD', 's', '1'.padStart(128, '0'), 'a', '1'], ['XADD', 's', '1'.padStart(127, '0'), 'a', '1'], 'XRANGE s - +'] },
  { name: 'xadd huge ids', cmds: [`XADD s ${MAX}-0 a 1`, `XADD s ${MAX}-5 a 1`, 'XADD s 9007199254740993-0 a 1', `XADD s ${MAX}-* a 2`, 'XRANGE s - +', 'XRANGE s 18446744073709551615 18446744073709551615-5'] },
  { name: 'xadd around 2^53', cmds: ['XADD s 9007199254740991-9007199254740991 a 1', 'XADD s 9007199254740991-* a 1', 'XADD s 9007199254740992-1 a 1', 'XADD s 9007199254740993 a 1', 'XRANGE s - +', 'XREVRANGE s + - COUNT 2', 'XRANGE s (9007199254740991-9007199254740991 9007199254740992'] },
  { name: 'xadd exhausted', cmds: [`XADD s ${MAX}-${MAX} a 1`, 'XADD s 1-1 a 1', `XADD s ${MAX}-* a 1`, 'XADD s * a 1', 'XLEN s'] },
  { name: 'xadd seq overflow carries', cmds: [`XADD s 5-${MAX} a 1`, 'XADD s 5-* a 1', 'XADD s 6-* a 1', 'XRANGE s - +'] },
  { name: 'xadd out of range id', cmds: ['XADD s 18446744073709551616 a 1', 'XADD s 1-18446744073709551616 a 1', 'XADD s 99999999999999999999999 a 1'] },
  { name: 'xadd arity', cmds: ['XADD s 1-1 a', 'XADD s 1-1 a 1 b', 'XADD s 1-1', 'XADD s', 'XADD s MAXLEN 1 1-1', 'XADD s NOMKSTREAM 1-1 a', 'EXISTS s'] },
  { name: 'xadd nomkstream', cmds: ['XADD s NOMKSTREAM 1-1 a 1', 'EXISTS s', 'XADD s 1-1 a 1', 'XADD s NOMKSTREAM 2-1 b 2', 'XADD s nomkstream MAXLEN 1 3-1 c 3', 'XRANGE s - +'] },
  { name: 'xadd nomkstream resp3', resp3: true, cmds: ['XADD s NOMKSTREAM 1-1 a 1', 'XADD s 1-1 a 1'] },
  { name: 'xadd binary fields', cmds: [['XADD', 's', '1-1', BIN, BIN, '', ''], ['XADD', 's', '2-1', '\r\n', '\x00'], 'XRANGE s - +'] },
  { name: 'xadd big value', cmds: [['XADD', 's', '1-1', 'f', 'x'.repeat(100_000)], 'XADD s 2-1 f y', 'XLEN s', info()] },
  { name: 'xadd many fields', cmds: [['XADD', 's', '1-1', ...Array.from({ length: 200 }, (_, i) => `f${i}`)], 'XRANGE s - +'] },
  { name: 'xadd duplicate fields', cmds: ['XADD s 1-1 a 1 a 2 a 3', 'XRANGE s - +'] },
  { name: 'xadd wrong type', cmds: ['SET k v', 'XADD k 1-1 a 1', 'XADD k NOMKSTREAM 1-1 a 1', 'GET k', 'RPUSH l a', 'XADD l 1-1 a 1'] },
  { name: 'xadd error order syntax before type', cmds: ['SET k v', 'XADD k MAXLEN -1 1-1 a 1', 'XADD k bad a 1', 'XADD k 1-1 a', 'XADD k 0-0 a 1'] },
  { name: 'xadd case insensitive options', cmds: ['xadd s maxlen 2 1-1 a 1', 'XaDd s MaXlEn = 2 2-1 a 1', 'xadd s MiNiD 2 3-1 a 1', 'xadd s nOmKsTrEaM 4-1 a 1', 'XRANGE s - +'] },

  // ---- XADD trimming
  { name: 'xadd maxlen exact', cmds: [...seed, 'XADD s MAXLEN 2 6-0 z 9', 'XRANGE s - +', 'XLEN s', info()] },
  { name: 'xadd maxlen =', cmds: [...seed, 'XADD s MAXLEN = 3 6-0 z 9', 'XRANGE s - +'] },
  { name: 'xadd maxlen 0', cmds: [...seed, 'XADD s MAXLEN 0 6-0 z 9', 'XLEN s', 'EXISTS s', info()] },
  { name: 'xadd maxlen approx small', cmds: [...seed, 'XADD s MAXLEN ~ 2 6-0 z 9', 'XLEN s'] },
  { name: 'xadd maxlen approx big', cmds: [fill('s', 350), 'XADD s MAXLEN ~ 150 1000-1 z 9', 'XLEN s', 'XRANGE s - + COUNT 1', info()] },
  { name: 'xadd maxlen approx limit', cmds: [fill('s', 350), 'XADD s MAXLEN ~ 10 LIMIT 150 1000-1 z 9', 'XLEN s', 'XADD s MAXLEN ~ 10 LIMIT 0 1001-1 z 9', 'XLEN s'] },
  { name: 'xadd minid exact', cmds: [...seed, 'XADD s MINID 2 6-0 z 9', 'XRANGE s - +', 'XADD s MINID = 3-5 7-0 z 9', 'XRANGE s - +'] },
  { name: 'xadd minid approx', cmds: [fill('s', 300), 'XADD s MINID ~ 250 1000-1 z 9', 'XLEN s', 'XRANGE s - + COUNT 1'] },
  { name: 'xadd trim option errors', cmds: ['XADD s MAXLEN -1 1-1 a 1', 'XADD s MAXLEN x 1-1 a 1', 'XADD s MAXLEN 1 MINID 1 1-1 a 1', 'XADD s MINID 1 MAXLEN 1 1-1 a 1', 'XADD s LIMIT 5 1-1 a 1', 'XADD s LIMIT -1 1-1 a 1', 'XADD s MAXLEN 5 LIMIT 5 1-1 a 1', 'XADD s MAXLEN ~ 5 LIMIT x 1-1 a 1', 'XADD s MINID - 1-1 a 1', 'XADD s MINID + 1-1 a 1', 'XADD s MINID x 1-1 a 1', 'EXISTS s'] },
  { name: 'xadd limit 0 without strategy', cmds: ['XADD s LIMIT 0 1-1 a 1', 'XADD s MAXLEN 1 LIMIT 0 2-1 a 1', 'XRANGE s - +'] },
  { name: 'xadd maxlen tilde as value', cmds: ['XADD s MAXLEN ~ 1-1 a 1', 'XADD s MAXLEN = 1-1 a 1', 'XADD s MAXLEN 1 ~ a 1'] },
  { name: 'xadd maxlen huge', cmds: [...seed, 'XADD s MAXLEN 9223372036854775807 6-0 a 1', 'XADD s MAXLEN 9223372036854775808 7-0 a 1', 'XLEN s'] },
  { name: 'xadd minid larger than new id', cmds: [...seed, 'XADD s MINID 100 6-0 a 1', 'XLEN s', 'EXISTS s', 'XRANGE s - +', info()] },

  // ---- XLEN
  { name: 'xlen', cmds: ['XLEN s', ...seed, 'XLEN s', 'XDEL s 1-1', 'XLEN s'] },
  { name: 'xlen wrong type and arity', cmds: ['SET k v', 'XLEN k', 'XLEN', 'XLEN a b'] },

  // ---- XRANGE / XREVRANGE
  { name: 'xrange full and count', cmds: [...seed, 'XRANGE s - +', 'XRANGE s - + COUNT 2', 'XRANGE s - + COUNT 100', 'XREVRANGE s + -', 'XREVRANGE s + - COUNT 2'] },
  { name: 'xrange incomplete ids', cmds: [...seed, 'XRANGE s 1 1', 'XRANGE s 2 3', 'XRANGE s 1-2 3', 'XREVRANGE s 3 1', 'XREVRANGE s 1 1'] },
  { name: 'xrange exclusive', cmds: [...seed, 'XRANGE s (1-1 +', 'XRANGE s - (3-5', 'XRANGE s (1-2 (5-0', 'XREVRANGE s (5-0 (1-1', 'XRANGE s (1 +', 'XRANGE s - (3'] },
  { name: 'xrange exclusive edges', cmds: [...seed, `XRANGE s (${MAX}-${MAX} +`, 'XRANGE s - (0-0', 'XRANGE s (- +', 'XRANGE s - (+', 'XRANGE s ( +', 'XRANGE s - (', `XRANGE s (1-${MAX} +`, 'XREVRANGE s (2-0 -'] },
  { name: 'xrange count edge values', cmds: [...seed, 'XRANGE s - + COUNT 0', 'XRANGE s - + COUNT -1', 'XRANGE nokey - + COUNT 0', 'XREVRANGE s + - COUNT 0', 'XRANGE s - + COUNT 1 COUNT 3'] },
  { name: 'xrange count resp3', resp3: true, cmds: [...seed, 'XRANGE s - + COUNT 0', 'XRANGE s - + COUNT 2', 'XRANGE nokey - +'] },
  { name: 'xrange errors', cmds: [...seed, 'XRANGE s - + COUNT', 'XRANGE s - + COUNT x', 'XRANGE s - + FOO 1', 'XRANGE s x +', 'XRANGE s - x', 'XRANGE s', 'XREVRANGE s +', 'XRANGE s - + COUNT 1 extra'] },
  { name: 'xrange empty and reversed', cmds: [...seed, 'XRANGE s 5 1', 'XREVRANGE s 1 5', 'XRANGE s 4 4', 'XRANGE nokey - +', 'XREVRANGE nokey + -'] },
  { name: 'xrange wrong type', cmds: ['SET k v', 'XRANGE k - +', 'XREVRANGE k + -', 'XRANGE k bad +'] },
  { name: 'xrange many across nodes', cmds: [fill('s', 450), 'XRANGE s 98 103', 'XREVRANGE s 302 297', 'XRANGE s 440 + COUNT 3', 'XREVRANGE s 5 - COUNT 10', 'XLEN s'] },
  { name: 'xrange after deletes across nodes', cmds: [fill('s', 300), 'XDEL s 100-1 101-1 200-1 1-1', 'XRANGE s 99 102', 'XREVRANGE s 202 199', 'XRANGE s - + COUNT 2'] },
  { name: 'xrange huge ids', cmds: [`XADD s ${MAX}-1 a 1`, `XADD s ${MAX}-${MAX} b 2`, `XRANGE s ${MAX} +`, `XREVRANGE s + ${MAX}-2`, `XRANGE s (${MAX}-1 +`] },

  // ---- XDEL
  { name: 'xdel basic', cmds: [...seed, 'XDEL s 1-2', 'XDEL s 1-2', 'XDEL s 9-9', 'XRANGE s - +', info()] },
  { name: 'xdel multiple and duplicates', cmds: [...seed, 'XDEL s 1-1 1-1 2 3-5 9', 'XRANGE s - +', 'XLEN s'] },
  { name: 'xdel all keeps key', cmds: [...seed, 'XDEL s 1-1 1-2 2-0 3-5 5-0', 'XLEN s', 'EXISTS s', 'TYPE s', 'XRANGE s - +', info(), 'XADD s 4-0 a 1', 'XADD s 5-1 a 1', info()] },
  { name: 'xdel invalid ids first', cmds: [...seed, 'XDEL s 1-1 abc', 'XLEN s', 'XDEL s -', 'XDEL s +', 'XDEL nokey abc'] },
  { name: 'xdel missing key and wrong type', cmds: ['XDEL nokey 1-1', 'SET k v', 'XDEL k 1-1', 'XDEL k bad', 'XDEL s'] },
  { name: 'xdel max deleted id', cmds: [...seed, 'XDEL s 3-5', 'XDEL s 1-1', info(), 'XDEL s 5-0', info()] },
  { name: 'xdel first entry updates first id', cmds: [...seed, 'XDEL s 1-1', info(), 'XDEL s 1-2 2-0', info()] },
  { name: 'xdel emptying a node', cmds: [fill('s', 250), ['EVAL', "for i=101,200 do redis.call('XDEL', KEYS[1], i .. '-1') end return 1", '1', 's'], info(), 'XRANGE s 99 202'] },

  // ---- XTRIM
  { name: 'xtrim maxlen', cmds: [...seed, 'XTRIM s MAXLEN 3', 'XRANGE s - +', 'XTRIM s MAXLEN 3', 'XTRIM s MAXLEN = 1', 'XRANGE s - +', info()] },
  { name: 'xtrim maxlen 0 keeps key', cmds: [...seed, 'XTRIM s MAXLEN 0', 'EXISTS s', 'XLEN s', info()] },
  { name: 'xtrim minid', cmds: [...seed, 'XTRIM s MINID 2', 'XRANGE s - +', 'XTRIM s MINID = 3-6', 'XRANGE s - +', 'XTRIM s MINID 0', info()] },
  { name: 'xtrim approx maxlen', cmds: [fill('s', 350), 'XTRIM s MAXLEN ~ 300', 'XTRIM s MAXLEN ~ 240', 'XLEN s', 'XTRIM s MAXLEN ~ 0', 'XLEN s', info()] },
  { name: 'xtrim approx minid', cmds: [fill('s', 350), 'XTRIM s MINID ~ 150', 'XLEN s', 'XTRIM s MINID ~ 201-1', 'XLEN s', 'XTRIM s MINID ~ 202', 'XLEN s'] },
  { name: 'xtrim approx limit', cmds: [fill('s', 350), 'XTRIM s MAXLEN ~ 0 LIMIT 99', 'XTRIM s MAXLEN ~ 0 LIMIT 100', 'XTRIM s MAXLEN ~ 0 LIMIT 250', 'XLEN s', 'XTRIM s MAXLEN ~ 0 LIMIT 0', 'XLEN s'] },
  { name: 'xtrim approx default limit', cmds: ['CONFIG SET stream-node-max-entries 10', fill('s', 1200), 'XTRIM s MAXLEN ~ 0', 'XLEN s', 'CONFIG SET stream-node-max-entries 100'] },
  { name: 'xtrim exact then approx', cmds: [fill('s', 250), 'XTRIM s MAXLEN 180', 'XTRIM s MAXLEN ~ 100', 'XLEN s', info(), 'XTRIM s MINID 180', 'XLEN s'] },
  { name: 'xtrim errors', cmds: ['XTRIM s', 'XTRIM s MAXLEN', 'XTRIM s FOO 1', 'XTRIM s MAXLEN 1 LIMIT 2', 'XTRIM s MAXLEN 1 extra', 'XTRIM s MAXLEN -1', 'XTRIM s MAXLEN 1 MINID 1', 'XTRIM s LIMIT 5', 'XTRIM s LIMIT 0 MAXLEN 1', 'XTRIM s MINID bad', 'XTRIM s MINID -', 'XTRIM s NOMKSTREAM MAXLEN 1'] },
  { name: 'xtrim missing and wrong type', cmds: ['XTRIM nokey MAXLEN 0', 'XTRIM nokey MINID 5', 'SET k v', 'XTRIM k MAXLEN 0', 'XTRIM k FOO 0'] },
  { name: 'xtrim limit before maxlen', cmds: [fill('s', 300), 'XTRIM s LIMIT 200 MAXLEN ~ 0', 'XLEN s'] },
  { name: 'xtrim minid with deleted tail', cmds: [...seed, 'XDEL s 5-0', 'XTRIM s MINID 5-0', 'XLEN s', info(), 'XADD s 6-0 a 1', info()] },
  { name: 'xtrim node boundaries by bytes', cmds: [fill('s', 200, "'field', string.rep('v', 60)"), info(), 'XTRIM s MAXLEN ~ 100', 'XLEN s', info()] },
  { name: 'xtrim node boundaries mixed fields', cmds: [fill('s', 300, "'f' .. (i % 3), i * 1000"), info(), 'XTRIM s MAXLEN ~ 120', 'XLEN s'] },
  { name: 'xtrim node boundaries big ints', cmds: [fill('s', 400, "'f', i * 100000000000"), info(), 'XTRIM s MAXLEN ~ 100', 'XLEN s'] },

  // ---- XSETID
  { name: 'xsetid basic', cmds: ['XADD s 5-5 a 1', 'XSETID s 5-4', 'XSETID s 5-5', 'XSETID s 6', info(), 'XADD s 6-0 a 1', 'XADD s 6-* a 1'] },
  { name: 'xsetid missing and wrong type', cmds: ['XSETID nokey 1-1', 'SET k v', 'XSETID k 1', 'XSETID k bad'] },
  { name: 'xsetid entriesadded and maxdeletedid', cmds: ['XADD s 5-5 a 1', 'XSETID s 7-0 ENTRIESADDED 0', 'XSETID s 7-0 ENTRIESADDED 1 MAXDELETEDID 8-0', 'XSETID s 7-0 ENTRIESADDED 1 MAXDELETEDID 6-0', info(), 'XSETID s 8-0 ENTRIESADDED 3 MAXDELETEDID 0-0', info()] },
  { name: 'xsetid option errors', cmds: ['XADD s 5-5 a 1', 'XSETID s 7-0 ENTRIESADDED -1', 'XSETID s 7-0 ENTRIESADDED abc', 'XSETID s 7-0 MAXDELETEDID abc', 'XSETID s 7-0 foo', 'XSETID s 7-0 ENTRIESADDED', 'XSETID s -', 'XSETID s +', 'XSETID s', 'XSETID nokey 7-0 ENTRIESADDED -1'] },
  { name: 'xsetid on empty stream', cmds: [...seed, 'XTRIM s MAXLEN 0', 'XSETID s 1-0', info(), 'XADD s 1-1 a 1', 'XSETID s 0-0', 'XSETID s 1-1 ENTRIESADDED 0'] },
  { name: 'xsetid below deleted top', cmds: [...seed, 'XDEL s 5-0', 'XSETID s 4-0', 'XSETID s 3-5', 'XADD s 3-6 a 1', 'XRANGE s - +'] },
  { name: 'xsetid huge', cmds: ['XADD s 1-1 a 1', `XSETID s ${MAX}-${MAX}`, 'XADD s 2-2 a 1', `XADD s ${MAX}-* a 1`, info()] },

  // ---- XINFO
  { name: 'xinfo stream', cmds: [...seed, info()] },
  { name: 'xinfo stream resp3', resp3: true, cmds: [...seed, info(), 'XDEL s 1-1 1-2 2-0 3-5 5-0', info()] },
  { name: 'xinfo stream errors', cmds: ['XINFO STREAM nokey', 'SET k v', 'XINFO STREAM k', 'XADD s 1-1 a 1', 'XINFO STREAM s foo', 'XINFO STREAM s FULL COUNT', 'XINFO STREAM s FULL foo 1', 'XINFO STREAM s FULL COUNT abc', 'XINFO STREAM', 'XINFO foo', 'XINFO', 'XINFO STREAM s FULL COUNT 1 extra'] },
  { name: 'xinfo help', cmds: ['XINFO HELP', 'xinfo help', 'XINFO HELP extra'] },
  { name: 'xinfo radix tree many nodes', cmds: [fill('s', 1000), info(), 'XTRIM s MAXLEN ~ 500', info(), 'XDEL s 999-1', info()] },
  { name: 'xinfo radix tree spread ids', cmds: [...[1, 300, 70000, 1 << 24, 4294967296, 1099511627776].map((m, i) => `XADD s ${m}-${i} f v`), 'CONFIG SET stream-node-max-entries 1', ...[1, 300, 70000, 1 << 24, 4294967296, 1099511627776].map((m, i) => `XADD t ${m}-${i} f v`), info('t'), 'CONFIG SET stream-node-max-entries 100'] },
  { name: 'xinfo stream full', cmds: [...seed, 'XINFO STREAM s FULL', 'XINFO STREAM s FULL COUNT 2', 'XINFO STREAM s FULL COUNT 0', 'XINFO STREAM s FULL COUNT -1', 'XINFO STREAM nokey FULL'] },
  { name: 'xinfo stream full resp3', resp3: true, cmds: [...seed, 'XINFO STREAM s FULL COUNT 1'] },

  // ---- XREAD
  { name: 'xread basic', cmds: [...seed, 'XREAD STREAMS s 0', 'XREAD STREAMS s 2', 'XREAD STREAMS s 5-0', 'XREAD COUNT 2 STREAMS s 1-1'] },
  { name: 'xread multiple keys', cmds: [...seed, 'XADD t 3-0 x 1', 'XREAD STREAMS s t nokey 3 0 0', 'XREAD STREAMS s t 5-0 3', 'XREAD COUNT 1 STREAMS t s 0 0'] },
  { name: 'xread unbalanced streams list', cmds: [...seed, 'XREAD STREAMS s t 0', 'XREAD STREAMS s', 'XREAD COUNT 1 STREAMS a b c', 'XREADGROUP GROUP g c STREAMS s t 0'] },
  { name: 'xread resp3', resp3: true, cmds: [...seed, 'XADD t 3-0 x 1', 'XREAD STREAMS s t 3 0', 'XREAD STREAMS s 9', 'XREAD BLOCK 1 STREAMS s 9'] },
  { name: 'xread dollar', cmds: [...seed, 'XREAD STREAMS s $', 'XREAD STREAMS nokey $', 'XREAD BLOCK 1 STREAMS s $'] },
  { name: 'xread count variants', cmds: [...seed, 'XREAD COUNT 0 STREAMS s 0', 'XREAD COUNT -5 STREAMS s 0', 'XREAD COUNT 1 COUNT 2 STREAMS s 0', 'XREAD COUNT x STREAMS s 0'] },
  { name: 'xread errors', cmds: ['XREAD STREAMS', 'XREAD STREAMS s', 'XREAD STREAMS s t 0', 'XREAD foo STREAMS s 0', 'XREAD COUNT 1', 'XREAD BLOCK 1', 'XREAD STREAMS s +', 'XREAD STREAMS s -', 'XREAD STREAMS s (1', 'XREAD STREAMS s >', 'XREAD GROUP g c STREAMS s 0', 'XREAD NOACK STREAMS s 0', 'XREAD STREAMS s abc', 'XREAD COUNT 1 STREAMS s $ 1'] },
  { name: 'xread block argument errors', cmds: ['XREAD BLOCK -1 STREAMS s 0', 'XREAD BLOCK abc STREAMS s 0', 'XREAD BLOCK 1.5 STREAMS s 0', 'XREAD BLOCK 1 BLOCK x STREAMS s 0'] },
  { name: 'xread block times out', cmds: ['XREAD BLOCK 10 STREAMS s 0', 'XADD s 1-1 a 1', 'XREAD BLOCK 10 STREAMS s 1-1', 'XREAD BLOCK 10 STREAMS s 0'] },
  { name: 'xread wrong type', cmds: ['SET k v', 'XREAD STREAMS k 0', 'XREAD STREAMS nokey k 0 0', 'XREAD STREAMS k bad'] },
  { name: 'xread after deleted tail', cmds: [...seed, 'XDEL s 5-0', 'XREAD STREAMS s 3-5', 'XREAD STREAMS s 3-4', 'XREAD BLOCK 5 STREAMS s 3-5'] },
  { name: 'xread huge ids', cmds: [`XADD s ${MAX}-5 a 1`, `XREAD STREAMS s ${MAX}-4`, `XREAD STREAMS s ${MAX}-5`, `XREAD STREAMS s ${MAX}-${MAX}`] },
  { name: 'xread in multi does not block', cmds: ['MULTI', 'XREAD BLOCK 0 STREAMS s $', 'XADD s 1-1 a 1', 'XREAD BLOCK 0 STREAMS s 0', 'EXEC'] },
  { name: 'xread block in lua', cmds: [['EVAL', "return redis.call('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')", '0'], ['EVAL', "return redis.pcall('xread', 'block', '0', 'streams', 's', '0')", '0']] },
  { name: 'xread many entries', cmds: [fill('s', 300), 'XREAD COUNT 5 STREAMS s 150', 'XREAD STREAMS s 298'] },

  // ---- node layout (stream-node-max-bytes / -entries decide where ~ can cut)
  { name: 'node max bytes small', cmds: ['CONFIG SET stream-node-max-bytes 100', fill('s', 60), info(), 'XTRIM s MAXLEN ~ 30', 'XLEN s', 'CONFIG SET stream-node-max-bytes 4096'] },
  { name: 'node max bytes zero', cmds: ['CONFIG SET stream-node-max-bytes 0', 'CONFIG SET stream-node-max-entries 0', fill('s', 500), info(), 'XTRIM s MAXLEN ~ 10', 'XLEN s', 'CONFIG SET stream-node-max-bytes 4096', 'CONFIG SET stream-node-max-entries 100'] },
  { name: 'node max entries zero default limit', cmds: ['CONFIG SET stream-node-max-entries 0', fill('s', 12000), info(), 'XTRIM s MAXLEN ~ 0', 'XLEN s', 'CONFIG SET stream-node-max-entries 100'] },
  { name: 'large values one per node', cmds: [fill('s', 5, "'f', string.rep('x', 5000)"), info(), 'XTRIM s MAXLEN ~ 2', 'XLEN s', info()] },
  { name: 'values near listpack size classes', cmds: [fill('s', 120, "'f', string.rep('y', 63)"), fill('t', 120, "'f', string.rep('y', 64)"), info(), info('t'), 'XTRIM s MAXLEN ~ 1', 'XTRIM t MAXLEN ~ 1', 'XLEN s', 'XLEN t'] },
  { name: 'integer-like values encode as ints', cmds: [fill('s', 300, "'f', tostring(-i * 4096)"), fill('t', 300, "'f', '0' .. i"), info(), info('t'), 'XTRIM s MAXLEN ~ 1', 'XTRIM t MAXLEN ~ 1', 'XLEN s', 'XLEN t'] },
  { name: 'differing field sets', cmds: [fill('s', 250, "'a' .. i, 'b', 'c', 'd'"), info(), 'XTRIM s MAXLEN ~ 60', 'XLEN s'] },
  { name: 'deleted entries still count toward node size', cmds: [fill('s', 150), ['EVAL', "for i=1,150,2 do redis.call('XDEL', KEYS[1], i .. '-1') end return 1", '1', 's'], 'XADD s 1000-1 f v', info(), 'XTRIM s MAXLEN ~ 10', 'XLEN s'] },
  { name: 'exact trim then node emptied by xdel', cmds: [fill('s', 150), 'XTRIM s MAXLEN 60', ['EVAL', "for i=91,100 do redis.call('XDEL', KEYS[1], i .. '-1') end return 1", '1', 's'], info(), 'XRANGE s - + COUNT 2'] },
  { name: 'minid keeps node with deleted tail above', cmds: [fill('s', 10), 'XDEL s 10-1', 'XTRIM s MINID 10-1', info(), 'XADD s 11-1 f v', info(), 'XRANGE s - +'] },

  { name: 'append to a sealed node after raising the limit', cmds: ['CONFIG SET stream-node-max-entries 5', fill('s', 7, "'f', i, 'g' .. i, 'x'"), 'XDEL s 6-1 7-1', 'XDEL s 2-1', 'CONFIG SET stream-node-max-entries 100', 'XADD s 8-1 f 8 g8 x', 'XADD s 9-1 other 1', info(), 'XRANGE s - +', 'XDEL s 3-1 8-1', 'XREVRANGE s + -', 'CONFIG SET stream-node-max-entries 100'] },
  { name: 'sealed nodes keep differing fields and binary', cmds: [['XADD', 's', '1-1', 'a', BIN], ['XADD', 's', '2-1', BIN, 'b', 'c', ''], ['XADD', 's', '3-1', 'a', ''], 'CONFIG SET stream-node-max-entries 1', ['XADD', 's', '4-1', 'a', 'z'], 'CONFIG SET stream-node-max-entries 100', 'XRANGE s - +', 'XDEL s 2-1', 'XRANGE s - +', 'XREVRANGE s + - COUNT 2', 'XREAD STREAMS s 0', 'COPY s t', 'XRANGE t - +'] },
  { name: 'command getkeys', cmds: ['COMMAND GETKEYS XREAD COUNT 1 STREAMS a b 0 0', 'COMMAND GETKEYS XADD s * a 1', 'COMMAND GETKEYS XREAD BLOCK 0 STREAMS k $', 'COMMAND GETKEYS XINFO STREAM s', 'COMMAND GETKEYS XTRIM s MAXLEN 0'] },
  // ---- more edges
  { name: 'xinfo full count negative', cmds: [fill('s', 15), 'XINFO STREAM s FULL COUNT -1', 'XINFO STREAM s FULL COUNT 12'] },
  { name: 'binary ids rejected', cmds: [...seed, ['XRANGE', 's', '\x00', '+'], ['XRANGE', 's', '1\x00', '+'], ['XDEL', 's', '\xff'], ['XREAD', 'STREAMS', 's', '\r\n']] },
  { name: 'binary key names', cmds: [['XADD', BIN, '1-1', 'a', '1'], ['XRANGE', BIN, '-', '+'], ['XREAD', 'STREAMS', BIN, '0'], ['XINFO', 'STREAM', BIN], ['TYPE', BIN]] },
  { name: 'empty field and value', cmds: [['XADD', 's', '1-1', '', ''], ['XADD', 's', '2-1', '', 'x'], 'XRANGE s - +', info()] },
  { name: 'xtrim minid huge', cmds: [...seed, `XTRIM s MINID ${MAX}-${MAX}`, 'XLEN s', info()] },
  { name: 'xadd minid approx limit', cmds: [fill('s', 300), 'XADD s MINID ~ 250 LIMIT 100 1000-1 z 9', 'XLEN s', 'XADD s MINID ~ 250 LIMIT 300 1001-1 z 9', 'XLEN s'] },
  { name: 'xdel huge ids', cmds: [`XADD s ${MAX}-1 a 1`, `XADD s ${MAX}-2 a 1`, `XDEL s ${MAX}-1 ${MAX}`, info()] },
  { name: 'xsetid entriesadded huge', cmds: ['XADD s 1-1 a 1', 'XSETID s 2-0 ENTRIESADDED 9223372036854775807', info(), 'XSETID s 2-0 ENTRIESADDED 9223372036854775808'] },
  { name: 'xread multiple keys resp3 with missing', resp3: true, cmds: [...seed, 'XADD t 1-0 x 1', 'XREAD COUNT 1 STREAMS nokey s t 0 0 0', 'XREAD STREAMS nokey 0'] },
  { name: 'xread same key twice', cmds: [...seed, 'XREAD STREAMS s s 0 3', 'XREAD COUNT 1 STREAMS s s 2 4'] },
  { name: 'xrange between deleted entries', cmds: [...seed, 'XDEL s 1-2 2-0 3-5', 'XRANGE s 1-2 3-5', 'XREVRANGE s 3-5 1-2', 'XRANGE s (1-1 (5-0'] },
  { name: 'xlen after approx trim', cmds: [fill('s', 230), 'XTRIM s MAXLEN ~ 150', 'XLEN s', 'XRANGE s - + COUNT 1', 'XREVRANGE s + - COUNT 1'] },
  { name: 'watch invalidated by xadd', cmds: [...seed, 'WATCH s', 'XLEN s', 'MULTI', 'XLEN s', 'EXEC'] },
  { name: 'unknown xinfo subcommands of groups', cmds: ['XINFO HELP', 'XINFO STREAM'] },

  // ---- generic key commands on streams
  { name: 'type and object encoding', cmds: [...seed, 'TYPE s', 'OBJECT ENCODING s', 'EXISTS s'] },
  { name: 'wrongtype from other families', cmds: [...seed, 'GET s', 'LPUSH s a', 'SADD s a', 'HSET s a b', 'ZADD s 1 a', 'INCR s'] },
  { name: 'scan type stream', cmds: [...seed, 'SET k v', 'SCAN 0 TYPE stream', 'SCAN 0 TYPE string'] },
  { name: 'copy deep copies', cmds: [...seed, 'COPY s t', 'XADD t 9-0 z 1', 'XDEL s 1-1', 'XRANGE s - +', 'XRANGE t - +', info('t')] },
  { name: 'rename and move', cmds: [...seed, 'RENAME s t', 'XLEN t', 'MOVE t 1', 'SELECT 1', 'XLEN t', 'XRANGE t - + COUNT 1'] },
  { name: 'del and expire', cmds: [...seed, 'EXPIRE s 100', 'TTL s', 'XADD s 9-0 a 1', 'TTL s', 'DEL s', 'XLEN s'] },
  { name: 'sort a stream', cmds: [...seed, 'SORT s'] },
  { name: 'debug object', cmds: [...seed, 'DEBUG OBJECT s'], normalize: (r) => r.replace(/at:[0-9a-f]+ .*$/s, 'at:X').replace(/\r\n$/, '') },
  { name: 'object freq and idletime', cmds: [...seed, 'OBJECT REFCOUNT s', 'OBJECT FREQ s'] },
  { name: 'stream in multi', cmds: ['MULTI', 'XADD s 1-1 a 1', 'XADD s 1-1 a 1', 'XLEN s', 'XRANGE s - +', 'EXEC'] },
  { name: 'stream in lua', cmds: [['EVAL', "redis.call('XADD', KEYS[1], '1-1', 'a', '1') return redis.call('XRANGE', KEYS[1], '-', '+')", '1', 's'], ['EVAL', "return redis.call('XINFO', 'STREAM', KEYS[1])", '1', 's'], ['EVAL', "return redis.pcall('XADD', KEYS[1], '1-1', 'a', '1')", '1', 's']] },
];

diffSuite('streams', cases);
