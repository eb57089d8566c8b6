import { diffSuite, type Cmd, type DiffCase } from '../helpers/diff.js';


/** Keeps only the array header: for replies whose elements are random (ZRANDMEMBER). */
const headerOnly = (r: string) => r.split('\r\n')[0];

/**
 * ZSCAN of a hashtable-sized set returns members in hash order: compare the
 * cursor and the multiset of (member, score) pairs.
 */
function sortScanPairs(r: string): string {
  if (!r.startsWith('*2\r\n')) return r;
  const lines = r.split('\r\n');
  const head = lines.slice(0, 4);
  const pairs: string[] = [];
  for (let i = 4; i + 3 < lines.length; i += 4) pairs.push(lines.slice(i, i + 4).join('\r\n'));
  pairs.sort();
  return [...head, ...pairs].join('\r\n');
}

const big = (n: number, prefix = 'm', score = (i: number) => i) => {
  const args = ['ZADD', 'big'];
  for (let i = 0; i < n; i++) args.push(String(score(i)), prefix + i);
  return args;
};

const zadd: DiffCase[] = [
  { name: 'zadd basic and reply counts', cmds: ['ZADD z 1 a 2 b 3 c', 'ZADD z 4 d 1 a', 'ZRANGE z 0 -1 WITHSCORES'] },
  { name: 'zadd same member twice in one call', cmds: ['ZADD z 1 a 2 a 3 a', 'ZSCORE z a', 'ZCARD z'] },
  { name: 'zadd NX', cmds: ['ZADD z 1 a', 'ZADD z NX 5 a 2 b', 'ZRANGE z 0 -1 WITHSCORES'] },
  { name: 'zadd XX', cmds: ['ZADD z 1 a', 'ZADD z XX 5 a 2 b', 'ZRANGE z 0 -1 WITHSCORES'] },
  { name: 'zadd XX on missing key creates nothing', cmds: ['ZADD z XX 1 a', 'EXISTS z', 'ZADD z XX INCR 1 a', 'EXISTS z'] },
  { name: 'zadd CH counts changes', cmds: ['ZADD z 1 a 2 b', 'ZADD z CH 1 a 3 b 4 c', 'ZADD z ch 1 a'] },
  { name: 'zadd GT', cmds: ['ZADD z 5 a 5 b', 'ZADD z GT CH 6 a 4 b 1 c', 'ZRANGE z 0 -1 WITHSCORES'] },
  { name: 'zadd LT', cmds: ['ZADD z 5 a 5 b', 'ZADD z LT CH 6 a 4 b 1 c', 'ZRANGE z 0 -1 WITHSCORES'] },
  { name: 'zadd GT XX', cmds: ['ZADD z 5 a', 'ZADD z GT XX CH 7 a 8 b', 'ZRANGE z 0 -1 WITHSCORES'] },
  { name: 'zadd XX and NX error', cmds: ['ZADD z XX NX 1 a', 'ZADD z nx xx 1 a', 'EXISTS z'] },
  { name: 'zadd GT LT NX errors', cmds: ['ZADD z GT LT 1 a', 'ZADD z GT NX 1 a', 'ZADD z LT NX 1 a', 'ZADD z NX GT LT 1 a'] },
  { name: 'zadd XX NX beats GT LT error', cmds: ['ZADD z XX NX GT 1 a'] },
  { name: 'zadd INCR', cmds: ['ZADD z INCR 1 a', 'ZADD z INCR 2.5 a', 'ZSCORE z a'] },
  { name: 'zadd INCR multiple pairs error', cmds: ['ZADD z INCR 1 a 2 b', 'EXISTS z'] },
  { name: 'zadd INCR with NX on existing member gives nil', cmds: ['ZADD z 1 a', 'ZADD z NX INCR 1 a', 'ZADD z XX INCR 1 b', 'ZSCORE z a'] },
  { name: 'zadd INCR GT not greater gives nil', cmds: ['ZADD z 5 a', 'ZADD z GT INCR -1 a', 'ZADD z GT INCR 1 a', 'ZADD z LT INCR 1 a', 'ZADD z LT INCR -10 a'] },
  { name: 'zadd INCR to NaN', cmds: ['ZADD z +inf a', 'ZADD z INCR -inf a', 'ZSCORE z a'] },
  { name: 'zincrby to NaN', cmds: ['ZADD z -inf a', 'ZINCRBY z +inf a', 'ZSCORE z a'] },
  { name: 'zadd syntax errors', cmds: ['ZADD z 1', 'ZADD z 1 a 2', 'ZADD z NX', 'ZADD z NX 1', 'ZADD z CH CH'] },
  { name: 'zadd unknown flag is a score error', cmds: ['ZADD z FOO 1 a', 'ZADD z 1 a FOO b'] },
  { name: 'zadd not a float', cmds: ['ZADD z x a', 'ZADD z 1 a nan b', 'ZADD z "" a', 'EXISTS z'] },
  { name: 'zadd score parse strtod forms', cmds: [['ZADD', 'z', '0x10', 'a', '1e3', 'b', '-.5', 'c', '5.', 'd', '+7', 'e'], 'ZRANGE z 0 -1 WITHSCORES'] },
  { name: 'zadd score parse rejects', cmds: [['ZADD', 'z', ' 1', 'a'], ['ZADD', 'z', '1 ', 'a'], ['ZADD', 'z', '1e400', 'a'], ['ZADD', 'z', '1e-400', 'a'], ['ZADD', 'z', 'infinity', 'a'], ['ZADD', 'z', '0x', 'a']] },
  { name: 'zadd inf scores', cmds: ['ZADD z inf a -inf b +inf c', 'ZADD z -Inf d +INF e', 'ZRANGE z 0 -1 WITHSCORES'] },
  { name: 'zadd denormal score', cmds: [['ZADD', 'z', '1e-310', 'a'], 'ZSCORE z a', 'ZRANGE z 0 -1 WITHSCORES'] },
  { name: 'zadd hex float score', cmds: [['ZADD', 'z', '0x1.8p3', 'a'], 'ZSCORE z a'] },
  { name: 'zadd score formatting %.17g', cmds: ['ZADD z 0.1 a 1.5 b 3.0 c 1e20 d 123456789012345678 e -0.0000123 f 1e-5 g', 'ZRANGE z 0 -1 WITHSCORES', 'ZSCORE z a', 'ZSCORE z d'] },
  { name: 'zadd negative zero in listpack', cmds: ['ZADD z -0 a', 'ZSCORE z a', 'ZADD z2 INCR -0 a', 'ZSCORE z2 a', 'ZINCRBY z2 -0 a'] },
  { name: 'zadd negative zero in skiplist', cmds: ['CONFIG SET zset-max-listpack-entries 0', 'ZADD z -0 a 0 b', 'ZSCORE z a', 'ZRANGE z 0 -1 WITHSCORES', 'ZINCRBY z -0 a', 'CONFIG SET zset-max-listpack-entries 128'] },
  { name: 'zadd wrongtype', cmds: ['SET s x', 'ZADD s 1 a', 'ZADD s x a', 'ZADD s XX NX 1 a'] },
  { name: 'zadd wrong arity', cmds: ['ZADD', 'ZADD z', 'ZADD z 1'] },
  { name: 'zadd binary members', cmds: [['ZADD', 'z', '1', '\x00a', '1', 'a\x00', '1', '\xff', '1', '\r\n', '1', ''], 'ZRANGE z 0 -1', ['ZSCORE', 'z', '\x00a'], ['ZSCORE', 'z', '']] },
  { name: 'zadd equal scores ordered by bytes', cmds: ['ZADD z 1 b 1 a 1 ab 1 B 1 aa 1 a0', ['ZADD', 'z', '1', '\x80', '1', '\x7f'], 'ZRANGE z 0 -1'] },
  { name: 'zadd big value member', cmds: [['ZADD', 'z', '1', 'x'.repeat(100000)], 'ZCARD z', 'OBJECT ENCODING z', ['ZSCORE', 'z', 'x'.repeat(100000)]] },
  { name: 'zadd case-insensitive flags', cmds: ['ZADD z nX cH 1 a', 'ZADD z Xx Gt 2 a', 'ZSCORE z a'] },
  { name: 'zadd update moves element', cmds: ['ZADD z 1 a 2 b 3 c', 'ZADD z 10 a', 'ZRANGE z 0 -1', 'ZRANK z a'] },
  { name: 'zadd resp3 incr double', resp3: true, cmds: ['ZADD z INCR 0.1 a', 'ZADD z INCR inf b', 'ZADD z NX INCR 1 a'] },
  { name: 'zincrby basic', cmds: ['ZINCRBY z 5 a', 'ZINCRBY z -2.5 a', 'ZINCRBY z 1e308 a', 'ZINCRBY z 1e308 a'] },
  { name: 'zincrby errors', cmds: ['ZINCRBY z x a', 'ZINCRBY z NX a', 'ZINCRBY z incr a', 'SET s 1', 'ZINCRBY s 1 a', 'ZINCRBY z 1'] },
  { name: 'zincrby resp3', resp3: true, cmds: ['ZINCRBY z 1.5 a'] },
];

const encodings: DiffCase[] = [
  { name: 'encoding listpack small', cmds: ['ZADD z 1 a', 'OBJECT ENCODING z'] },
  { name: 'encoding skiplist by count', cmds: [big(129), 'OBJECT ENCODING big', 'ZREMRANGEBYRANK big 0 100', 'OBJECT ENCODING big'] },
  { name: 'encoding listpack at exactly 128', cmds: [big(128), 'OBJECT ENCODING big', 'ZADD big 1 extra', 'OBJECT ENCODING big'] },
  { name: 'encoding skiplist by member length', cmds: [['ZADD', 'z', '1', 'x'.repeat(64)], 'OBJECT ENCODING z', ['ZADD', 'z2', '1', 'x'.repeat(65)], 'OBJECT ENCODING z2'] },
  { name: 'encoding never converts back', cmds: [['ZADD', 'z', '1', 'x'.repeat(65)], ['ZREM', 'z', 'x'.repeat(65)], 'ZADD z 1 a', 'ZADD z 1 b', 'OBJECT ENCODING z'] },
  { name: 'encoding config entries 0', cmds: ['CONFIG SET zset-max-listpack-entries 0', 'ZADD z 1 a', 'OBJECT ENCODING z', 'CONFIG SET zset-max-listpack-entries 128'] },
  { name: 'encoding config lowered later', cmds: ['ZADD z 1 a 2 b 3 c', 'CONFIG SET zset-max-listpack-entries 2', 'OBJECT ENCODING z', 'ZADD z 4 a', 'OBJECT ENCODING z', 'ZADD z 4 d', 'OBJECT ENCODING z', 'CONFIG SET zset-max-listpack-entries 128'] },
  { name: 'encoding duplicate pairs stay listpack', cmds: ['CONFIG SET zset-max-listpack-entries 3', 'ZADD z 1 a 1 a 1 a 1 a', 'OBJECT ENCODING z', 'CONFIG SET zset-max-listpack-entries 128'] },
  { name: 'encoding zrangestore result', cmds: ['ZADD z 1 a 2 b 3 c', 'CONFIG SET zset-max-listpack-entries 2', 'ZRANGESTORE d z 0 1', 'OBJECT ENCODING d', 'ZRANGESTORE d z 0 -1', 'OBJECT ENCODING d', 'ZRANGESTORE d z -inf +inf BYSCORE', 'OBJECT ENCODING d', 'CONFIG SET zset-max-listpack-entries 128'] },
  { name: 'encoding zunionstore converts back to listpack', cmds: ['CONFIG SET zset-max-listpack-value 1', 'ZADD z 1 a 2 bb', 'ZUNIONSTORE d 1 z', 'OBJECT ENCODING d', 'ZREM z bb', 'ZUNIONSTORE d 1 z', 'OBJECT ENCODING d', 'OBJECT ENCODING z', 'CONFIG SET zset-max-listpack-value 64'] },
  { name: 'encoding negative zero through zunionstore', cmds: ['CONFIG SET zset-max-listpack-entries 0', 'ZADD z -0 a 0 b', 'ZUNIONSTORE d 1 z', 'ZSCORE d a', 'CONFIG SET zset-max-listpack-entries 128', 'ZUNIONSTORE d2 1 z', 'ZSCORE d2 a', 'OBJECT ENCODING d2', 'ZUNION 1 z WEIGHTS -1 WITHSCORES'] },
];

const removal: DiffCase[] = [
  { name: 'zrem basic', cmds: ['ZADD z 1 a 2 b 3 c', 'ZREM z a x', 'ZRANGE z 0 -1', 'ZREM z b c', 'EXISTS z'] },
  { name: 'zrem missing key and wrongtype', cmds: ['ZREM nokey a', 'SET s x', 'ZREM s a', 'ZREM z'] },
  { name: 'zrem duplicates in args', cmds: ['ZADD z 1 a 2 b', 'ZREM z a a a', 'ZCARD z'] },
  { name: 'zremrangebyrank', cmds: ['ZADD z 1 a 2 b 3 c 4 d 5 e', 'ZREMRANGEBYRANK z 1 2', 'ZRANGE z 0 -1', 'ZREMRANGEBYRANK z -1 -1', 'ZRANGE z 0 -1'] },
  { name: 'zremrangebyrank out of range', cmds: ['ZADD z 1 a 2 b 3 c', 'ZREMRANGEBYRANK z 5 10', 'ZREMRANGEBYRANK z 2 1', 'ZREMRANGEBYRANK z -100 -50', 'ZREMRANGEBYRANK z -100 0', 'ZRANGE z 0 -1'] },
  { name: 'zremrangebyrank deletes key', cmds: ['ZADD z 1 a 2 b', 'ZREMRANGEBYRANK z 0 -1', 'EXISTS z', 'ZREMRANGEBYRANK z 0 -1'] },
  { name: 'zremrangebyrank errors', cmds: ['ZREMRANGEBYRANK z a 1', 'ZREMRANGEBYRANK z 1 1.5', 'SET s x', 'ZREMRANGEBYRANK s 0 1', 'ZREMRANGEBYRANK s x 1'] },
  { name: 'zremrangebyscore', cmds: ['ZADD z 1 a 2 b 3 c 4 d 5 e', 'ZREMRANGEBYSCORE z 2 3', 'ZRANGE z 0 -1', 'ZREMRANGEBYSCORE z (1 (5', 'ZRANGE z 0 -1'] },
  { name: 'zremrangebyscore inf and empty', cmds: ['ZADD z -inf a 1 b +inf c', 'ZREMRANGEBYSCORE z 5 1', 'ZREMRANGEBYSCORE z (1 (1', 'ZREMRANGEBYSCORE z -inf -inf', 'ZREMRANGEBYSCORE z -inf +inf', 'EXISTS z'] },
  { name: 'zremrangebyscore errors', cmds: ['ZREMRANGEBYSCORE z a 1', 'ZREMRANGEBYSCORE z 1 nan', 'ZREMRANGEBYSCORE z ((1 2', 'SET s x', 'ZREMRANGEBYSCORE s 0 1', 'ZREMRANGEBYSCORE s x 1'] },
  { name: 'zremrangebylex', cmds: ['ZADD z 0 a 0 b 0 c 0 d 0 e', 'ZREMRANGEBYLEX z [b (d', 'ZRANGE z 0 -1', 'ZREMRANGEBYLEX z - [a', 'ZREMRANGEBYLEX z (d +', 'ZRANGE z 0 -1'] },
  { name: 'zremrangebylex all deletes key', cmds: ['ZADD z 0 a 0 b', 'ZREMRANGEBYLEX z - +', 'EXISTS z'] },
  { name: 'zremrangebylex errors', cmds: ['ZREMRANGEBYLEX z a b', 'ZREMRANGEBYLEX z [a', 'ZREMRANGEBYLEX z [a c', 'ZREMRANGEBYLEX z ++ -', 'SET s x', 'ZREMRANGEBYLEX s - +', 'ZREMRANGEBYLEX s x +'] },
  { name: 'zremrange on skiplist', cmds: [big(300), 'ZREMRANGEBYSCORE big 10 199', 'ZCARD big', 'ZREMRANGEBYRANK big 0 9', 'ZRANGE big 0 4', 'ZREMRANGEBYRANK big -50 -1', 'ZCARD big', 'ZRANGE big -3 -1 WITHSCORES'] },
];

const reads: DiffCase[] = [
  { name: 'zcard', cmds: ['ZCARD z', 'ZADD z 1 a 2 b', 'ZCARD z', 'SET s x', 'ZCARD s', 'ZCARD'] },
  { name: 'zscore', cmds: ['ZSCORE z a', 'ZADD z 1.5 a', 'ZSCORE z a', 'ZSCORE z b', 'SET s x', 'ZSCORE s a', 'ZSCORE z'] },
  { name: 'zscore resp3', resp3: true, cmds: ['ZADD z 1.5 a -inf b 3 c', 'ZSCORE z a', 'ZSCORE z b', 'ZSCORE z c', 'ZSCORE z nope'] },
  { name: 'zmscore', cmds: ['ZADD z 1 a 2 b', 'ZMSCORE z a x b', 'ZMSCORE nokey a b', 'SET s x', 'ZMSCORE s a', 'ZMSCORE z'] },
  { name: 'zmscore resp3', resp3: true, cmds: ['ZADD z 1 a inf b', 'ZMSCORE z a x b', 'ZMSCORE nokey a'] },
  { name: 'zrank zrevrank', cmds: ['ZADD z 1 a 2 b 3 c', 'ZRANK z a', 'ZRANK z c', 'ZREVRANK z a', 'ZREVRANK z c', 'ZRANK z x', 'ZREVRANK z x', 'ZRANK nokey a'] },
  { name: 'zrank errors', cmds: ['SET s x', 'ZRANK s a', 'ZREVRANK s a', 'ZRANK z a WITHSCORE', 'ZRANK z'] },
  { name: 'zrank on skiplist', cmds: [big(1000, 'm', (i) => 1000 - i), 'ZRANK big m0', 'ZRANK big m999', 'ZREVRANK big m500', 'ZRANK big m123'] },
  { name: 'zcount', cmds: ['ZADD z 1 a 2 b 3 c 4 d', 'ZCOUNT z 2 3', 'ZCOUNT z (2 3', 'ZCOUNT z (2 (3', 'ZCOUNT z -inf +inf', 'ZCOUNT z 3 2', 'ZCOUNT z (3 3', 'ZCOUNT nokey 0 1'] },
  { name: 'zcount bound syntax', cmds: ['ZADD z 0 zero 1 a 16 h', ['ZCOUNT', 'z', '', ''], ['ZCOUNT', 'z', '(', '('], ['ZCOUNT', 'z', ' 1', '3'], ['ZCOUNT', 'z', '0x10', '0x10'], ['ZCOUNT', 'z', '1e-400', '1e400'], ['ZCOUNT', 'z', '-infinity', '+Infinity'], ['ZCOUNT', 'z', '(-inf', '(+inf']] },
  { name: 'zcount bound errors', cmds: [['ZCOUNT', 'z', '1 ', '3'], ['ZCOUNT', 'z', 'nan', '3'], ['ZCOUNT', 'z', '((1', '3'], ['ZCOUNT', 'z', '1', 'x'], ['ZCOUNT', 'z', '[1', '2']] },
  { name: 'zcount bound with NUL tail', cmds: ['ZADD z 1 a 2 b', ['ZCOUNT', 'z', '1\x00junk', '2\x00']] },
  { name: 'zcount wrongtype after range check', cmds: ['SET s x', 'ZCOUNT s 0 1', 'ZCOUNT s x 1'] },
  { name: 'zlexcount', cmds: ['ZADD z 0 a 0 b 0 c 0 d', 'ZLEXCOUNT z - +', 'ZLEXCOUNT z [b [c', 'ZLEXCOUNT z (b (c', 'ZLEXCOUNT z (b [c', 'ZLEXCOUNT z [c [b', 'ZLEXCOUNT z + -', 'ZLEXCOUNT z - -', 'ZLEXCOUNT nokey - +'] },
  { name: 'zlexcount errors', cmds: ['ZLEXCOUNT z a b', ['ZLEXCOUNT', 'z', '', '+'], 'ZLEXCOUNT z +a -', 'ZLEXCOUNT z - -b', 'SET s x', 'ZLEXCOUNT s - +', 'ZLEXCOUNT s a +'] },
  { name: 'zlexcount special with NUL', cmds: ['ZADD z 0 a', ['ZLEXCOUNT', 'z', '-\x00x', '+\x00y']] },
  { name: 'lex ranges on mixed scores follow the listpack scan', cmds: ['ZADD z 0 d 0 e 1 a 3 c 2 b', 'ZLEXCOUNT z [d [d', 'ZLEXCOUNT z [b [e', 'ZLEXCOUNT z - +', 'ZLEXCOUNT z [a (c', 'ZRANGE z [b [e BYLEX', 'ZRANGE z [e [b BYLEX REV', 'ZRANGE z - [c BYLEX', 'ZRANGE z - + BYLEX LIMIT 1 2', 'ZRANGE z + - BYLEX REV LIMIT 2 10', 'ZRANGE z [c - BYLEX REV'] },
  { name: 'lex removal on mixed scores', cmds: ['ZADD z 0 d 0 e 1 a 3 c 2 b', 'ZREMRANGEBYLEX z [d [d', 'ZREMRANGEBYLEX z [b [e', 'ZRANGE z 0 -1', 'ZREMRANGEBYLEX z (a +', 'ZRANGE z 0 -1'] },
  { name: 'lex offset past range end on mixed scores', cmds: ['ZADD z 0 a 0 c 1 b 2 d', 'ZRANGE z [a [c BYLEX', 'ZRANGE z [a [c BYLEX LIMIT 1 5', 'ZRANGE z [a [c BYLEX LIMIT 2 5', 'ZRANGESTORE dst z [a [d BYLEX LIMIT 1 5', 'ZRANGE dst 0 -1'] },
  { name: 'zlexcount binary bounds', cmds: [['ZADD', 'z', '0', '\x00', '0', 'a', '0', 'a\x00', '0', '\xff'], ['ZLEXCOUNT', 'z', '[\x00', '[a'], ['ZLEXCOUNT', 'z', '(a', '+'], ['ZLEXCOUNT', 'z', '[', '(\xff']] },
];

const ranges: DiffCase[] = [
  { name: 'zrange rank basic', cmds: ['ZADD z 1 a 2 b 3 c 4 d', 'ZRANGE z 0 -1', 'ZRANGE z 1 2', 'ZRANGE z -2 -1', 'ZRANGE z 0 0 WITHSCORES'] },
  { name: 'zrange rank out of range', cmds: ['ZADD z 1 a 2 b 3 c', 'ZRANGE z 5 10', 'ZRANGE z 2 1', 'ZRANGE z -100 100', 'ZRANGE z -100 -50', 'ZRANGE z 0 -100'] },
  { name: 'zrange rank huge indexes', cmds: ['ZADD z 1 a 2 b', 'ZRANGE z -9223372036854775808 9223372036854775807', 'ZRANGE z 9223372036854775807 -9223372036854775808', 'ZRANGE z 9223372036854775808 1'] },
  { name: 'zrange rank errors', cmds: ['ZRANGE z a 1', 'ZRANGE z 0 1.5', 'ZRANGE z 0 1 FOO', 'ZRANGE z 0 1 LIMIT 0 1', 'ZRANGE z 0 1 LIMIT 0', 'ZRANGE z 0 1 WITHSCORES BYLEX'] },
  { name: 'zrange LIMIT 0 -1 with rank is allowed', cmds: ['ZADD z 1 a 2 b', 'ZRANGE z 0 -1 LIMIT 0 -1', 'ZRANGE z 0 -1 LIMIT 5 -1'] },
  { name: 'zrange missing and wrongtype', cmds: ['ZRANGE nokey 0 -1', 'SET s x', 'ZRANGE s 0 -1', 'ZRANGE s x 1', 'ZRANGE s 0 1 FOO'] },
  { name: 'zrange REV', cmds: ['ZADD z 1 a 2 b 3 c 4 d', 'ZRANGE z 0 -1 REV', 'ZRANGE z 0 1 REV WITHSCORES', 'ZRANGE z -1 -1 rev'] },
  { name: 'zrange BYSCORE', cmds: ['ZADD z 1 a 2 b 3 c 4 d', 'ZRANGE z 2 3 BYSCORE', 'ZRANGE z (1 +inf BYSCORE WITHSCORES', 'ZRANGE z -inf (3 byscore'] },
  { name: 'zrange BYSCORE REV swaps bounds', cmds: ['ZADD z 1 a 2 b 3 c 4 d', 'ZRANGE z 3 2 BYSCORE REV', 'ZRANGE z 2 3 BYSCORE REV', 'ZRANGE z +inf -inf BYSCORE REV WITHSCORES'] },
  { name: 'zrange BYSCORE LIMIT', cmds: ['ZADD z 1 a 2 b 3 c 4 d 5 e', 'ZRANGE z -inf +inf BYSCORE LIMIT 1 2', 'ZRANGE z -inf +inf BYSCORE LIMIT 0 0', 'ZRANGE z -inf +inf BYSCORE LIMIT 3 -1', 'ZRANGE z -inf +inf BYSCORE LIMIT 3 -5', 'ZRANGE z -inf +inf BYSCORE LIMIT 10 1'] },
  { name: 'zrange BYSCORE negative offset', cmds: ['ZADD z 1 a 2 b 3 c', 'ZRANGE z -inf +inf BYSCORE LIMIT -1 2', 'ZRANGE z -inf +inf BYSCORE LIMIT -100 -1'] },
  { name: 'zrange BYSCORE REV LIMIT', cmds: ['ZADD z 1 a 2 b 3 c 4 d 5 e', 'ZRANGE z +inf -inf BYSCORE REV LIMIT 1 2', 'ZRANGE z (5 (1 BYSCORE REV LIMIT 0 10 WITHSCORES', 'ZRANGE z 4 2 BYSCORE REV LIMIT 2 5'] },
  { name: 'zrange BYSCORE LIMIT offset past range end', cmds: ['ZADD z 1 a 2 b 3 c 4 d 5 e', 'ZRANGE z 1 2 BYSCORE LIMIT 1 10', 'ZRANGE z 1 2 BYSCORE LIMIT 2 10', 'ZRANGE z 4 5 BYSCORE REV LIMIT 1 10'] },
  { name: 'zrange BYSCORE errors', cmds: ['ZRANGE z a 1 BYSCORE', 'ZRANGE z 1 (x BYSCORE', 'ZRANGE z 0 1 BYSCORE LIMIT a 1', 'ZRANGE z 0 1 BYSCORE LIMIT 0 b', 'ZRANGE z 0 1 BYSCORE BYSCORE', 'ZRANGE z 0 1 BYSCORE BYLEX', 'ZRANGE z 0 1 REV REV'] },
  { name: 'zrange BYLEX', cmds: ['ZADD z 0 a 0 b 0 c 0 d 0 e', 'ZRANGE z [b [d BYLEX', 'ZRANGE z (b (d BYLEX', 'ZRANGE z - + BYLEX LIMIT 1 2', 'ZRANGE z + - BYLEX REV', 'ZRANGE z [d (a BYLEX REV LIMIT 1 1'] },
  { name: 'zrange BYLEX errors', cmds: ['ZRANGE z a b BYLEX', 'ZRANGE z - + BYLEX WITHSCORES', 'ZRANGE z [a [b BYLEX LIMIT 0', 'ZRANGE z x y BYLEX WITHSCORES'] },
  { name: 'zrange equal scores ordered by member', cmds: ['ZADD z 1 c 1 a 1 b 0 z 2 y', 'ZRANGE z 0 -1', 'ZRANGE z 1 1 BYSCORE', 'ZRANGE z 1 1 BYSCORE REV'] },
  { name: 'zrange resp3 withscores nested', resp3: true, cmds: ['ZADD z 1 a 2.5 b inf c', 'ZRANGE z 0 -1 WITHSCORES', 'ZRANGE z -inf +inf BYSCORE WITHSCORES', 'ZRANGE z 0 -1', 'ZRANGE nokey 0 -1 WITHSCORES'] },
  { name: 'zrange resp3 empty', resp3: true, cmds: ['ZADD z 1 a', 'ZRANGE z 5 6 WITHSCORES', 'ZRANGEBYSCORE z 5 6 WITHSCORES'] },
  { name: 'zrangebyscore legacy', cmds: ['ZADD z 1 a 2 b 3 c', 'ZRANGEBYSCORE z 1 2', 'ZRANGEBYSCORE z -inf +inf WITHSCORES', 'ZRANGEBYSCORE z (1 3 LIMIT 0 1', 'ZRANGEBYSCORE z 1 3 WITHSCORES LIMIT 1 1', 'ZRANGEBYSCORE z 1 3 LIMIT 1 1 WITHSCORES'] },
  { name: 'zrangebyscore legacy errors', cmds: ['ZRANGEBYSCORE z 1 2 REV', 'ZRANGEBYSCORE z 1 2 BYSCORE', 'ZRANGEBYSCORE z 1 2 BYLEX', 'ZRANGEBYSCORE z 1 2 LIMIT 1', 'ZRANGEBYSCORE z x 2'] },
  { name: 'zrevrangebyscore', cmds: ['ZADD z 1 a 2 b 3 c', 'ZREVRANGEBYSCORE z 3 1', 'ZREVRANGEBYSCORE z 1 3', 'ZREVRANGEBYSCORE z +inf -inf WITHSCORES LIMIT 1 5', 'ZREVRANGEBYSCORE z (3 (1', 'ZREVRANGEBYSCORE z 3 1 REV'] },
  { name: 'zrangebylex legacy', cmds: ['ZADD z 0 a 0 b 0 c', 'ZRANGEBYLEX z - +', 'ZRANGEBYLEX z [b +', 'ZRANGEBYLEX z - + LIMIT 1 1', 'ZRANGEBYLEX z - + WITHSCORES', 'ZRANGEBYLEX z a +', 'ZRANGEBYLEX z - + BYLEX'] },
  { name: 'zrevrangebylex', cmds: ['ZADD z 0 a 0 b 0 c', 'ZREVRANGEBYLEX z + -', 'ZREVRANGEBYLEX z [b -', 'ZREVRANGEBYLEX z - +', 'ZREVRANGEBYLEX z + - LIMIT 1 10'] },
  { name: 'zrevrange', cmds: ['ZADD z 1 a 2 b 3 c', 'ZREVRANGE z 0 -1', 'ZREVRANGE z 0 0 WITHSCORES', 'ZREVRANGE z -2 -1', 'ZREVRANGE z 0 -1 LIMIT 0 1', 'ZREVRANGE z 0 -1 REV', 'ZREVRANGE z 0 -1 BYSCORE'] },
  { name: 'zrange on skiplist big', cmds: [big(500, 'm', (i) => i % 50), 'ZRANGE big 100 104 WITHSCORES', 'ZRANGE big 7 7 BYSCORE LIMIT 3 4', 'ZRANGE big 20 10 BYSCORE REV LIMIT 5 3 WITHSCORES', 'ZRANGE big -3 -1 REV', 'ZCOUNT big 10 (20'] },
  { name: 'zrange lex on big same-score set', cmds: [big(400, 'k', () => 0), 'ZRANGE big [k100 (k11 BYLEX', 'ZLEXCOUNT big [k2 (k3', 'ZRANGE big (k399 + BYLEX', 'ZRANGE big + (k398 BYLEX REV LIMIT 0 5'] },
  { name: 'zrange inf score members', cmds: ['ZADD z -inf a inf b 0 c', 'ZRANGE z -inf -inf BYSCORE', 'ZRANGE z +inf +inf BYSCORE', 'ZRANGE z (-inf (+inf BYSCORE WITHSCORES'] },
  { name: 'zrangestore rank', cmds: ['ZADD z 1 a 2 b 3 c', 'ZRANGESTORE d z 0 1', 'ZRANGE d 0 -1 WITHSCORES', 'ZRANGESTORE d z 1 -1 REV', 'ZRANGE d 0 -1 WITHSCORES'] },
  { name: 'zrangestore byscore bylex', cmds: ['ZADD z 0 a 0 b 0 c', 'ZRANGESTORE d z [b + BYLEX', 'ZRANGE d 0 -1', 'ZRANGESTORE d z -inf +inf BYSCORE LIMIT 1 1', 'ZRANGE d 0 -1', 'ZRANGESTORE d z + - BYLEX REV LIMIT 0 2', 'ZRANGE d 0 -1'] },
  { name: 'zrangestore empty result deletes dst', cmds: ['ZADD z 1 a', 'SET d x', 'ZRANGESTORE d z 5 6', 'EXISTS d', 'SET d x', 'ZRANGESTORE d nokey 0 -1', 'EXISTS d'] },
  { name: 'zrangestore overwrites other type', cmds: ['ZADD z 1 a', 'SET d x', 'ZRANGESTORE d z 0 -1', 'TYPE d'] },
  { name: 'zrangestore errors', cmds: ['ZRANGESTORE d z 0 -1 WITHSCORES', 'ZRANGESTORE d z 0 -1 LIMIT 0 1', 'SET s x', 'ZRANGESTORE d s 0 -1', 'ZRANGESTORE d z a b', 'ZRANGESTORE d z'] },
  { name: 'zrangestore same key', cmds: ['ZADD z 1 a 2 b 3 c', 'ZRANGESTORE z z 0 0', 'ZRANGE z 0 -1 WITHSCORES'] },
  { name: 'zrangestore negative zero', cmds: ['CONFIG SET zset-max-listpack-entries 0', 'ZADD z -0 a', 'CONFIG SET zset-max-listpack-entries 128', 'ZRANGESTORE d z 0 -1', 'ZSCORE d a'] },
];

const pops: DiffCase[] = [
  { name: 'zpopmin zpopmax', cmds: ['ZADD z 1 a 2 b 3 c', 'ZPOPMIN z', 'ZPOPMAX z', 'ZRANGE z 0 -1', 'ZPOPMIN z', 'EXISTS z', 'ZPOPMIN z'] },
  { name: 'zpop count', cmds: ['ZADD z 1 a 2 b 3 c 4 d', 'ZPOPMIN z 2', 'ZPOPMAX z 10', 'EXISTS z', 'ZPOPMAX z 3'] },
  { name: 'zpop count 0', cmds: ['ZADD z 1 a', 'ZPOPMIN z 0', 'ZPOPMIN nokey 0', 'ZCARD z'] },
  { name: 'zpop errors', cmds: ['ZPOPMIN z -1', 'ZPOPMIN z abc', 'ZPOPMIN z 1 2', 'SET s x', 'ZPOPMIN s', 'ZPOPMAX s 1', 'ZPOPMIN s -1', 'ZPOPMIN'] },
  { name: 'zpop resp3 shapes', resp3: true, cmds: ['ZADD z 1 a 2 b 3 c 4 d', 'ZPOPMIN z', 'ZPOPMIN z 1', 'ZPOPMAX z 5', 'ZPOPMIN z', 'ZPOPMIN z 2'] },
  { name: 'zpop inf and equal scores', cmds: ['ZADD z 1 b 1 a -inf x +inf y', 'ZPOPMIN z 2', 'ZPOPMAX z 2'] },
  { name: 'zmpop', cmds: ['ZADD z2 1 a 2 b 3 c', 'ZMPOP 2 z1 z2 MIN', 'ZMPOP 2 z1 z2 MAX COUNT 5', 'ZMPOP 2 z1 z2 min', 'EXISTS z2'] },
  { name: 'zmpop errors', cmds: ['ZMPOP 0 z MIN', 'ZMPOP abc z MIN', 'ZMPOP -1 z MIN', 'ZMPOP 1 z MIN COUNT 0', 'ZMPOP 1 z MIN COUNT abc', 'ZMPOP 1 z MIN COUNT 1 COUNT 1', 'ZMPOP 2 z MIN', 'ZMPOP 1 z foo', 'ZMPOP 1 z MIN COUNT', 'ZMPOP 1 z MIN foo'] },
  { name: 'zmpop wrongtype first existing', cmds: ['SET s x', 'ZADD z 1 a', 'ZMPOP 3 nokey s z MIN', 'ZMPOP 2 z s MIN'] },
  { name: 'zmpop resp3', resp3: true, cmds: ['ZADD z 1 a 2.5 b', 'ZMPOP 1 z MAX COUNT 10', 'ZMPOP 1 z MAX'] },
  { name: 'bzpopmin with data', cmds: ['ZADD z 1 a 2 b', 'BZPOPMIN nokey z 0', 'BZPOPMAX z 1', 'EXISTS z'] },
  { name: 'bzpop resp3 with data', resp3: true, cmds: ['ZADD z 1 a 2.5 b', 'BZPOPMAX z 0', 'BZPOPMIN z 0.5'] },
  { name: 'bzpop timeout errors', cmds: ['BZPOPMIN z x', 'BZPOPMIN z -1', 'SET s x', 'BZPOPMIN s 0', 'BZPOPMIN s x'] },
  { name: 'bzpop short timeout', cmds: ['BZPOPMIN nokey 0.01', 'BZPOPMAX nokey 0.01'] },
  { name: 'bzmpop with data', cmds: ['ZADD z 1 a 2 b 3 c', 'BZMPOP 0 1 z MIN COUNT 2', 'BZMPOP 1 2 nokey z MAX', 'EXISTS z'] },
  { name: 'bzmpop errors order', cmds: ['BZMPOP x 0 z MIN', 'BZMPOP x 1 z FOO', 'BZMPOP -1 1 z MIN', 'BZMPOP 0 1 z MIN COUNT 0', 'BZMPOP 0 5 z MIN'] },
  { name: 'bzmpop short timeout', cmds: ['BZMPOP 0.01 1 nokey MIN'] },
];

const randmember: DiffCase[] = [
  { name: 'zrandmember single', cmds: ['ZRANDMEMBER nokey', 'ZADD z 1 a', 'ZRANDMEMBER z', 'ZRANDMEMBER z 1', 'ZRANDMEMBER z 1 WITHSCORES'] },
  { name: 'zrandmember count >= size returns all, highest first', cmds: ['ZADD z 3 c 1 a 2 b', 'ZRANDMEMBER z 3', 'ZRANDMEMBER z 10 WITHSCORES', 'ZRANDMEMBER z 0', 'ZRANDMEMBER nokey 5', 'ZRANDMEMBER nokey -5'] },
  { name: 'zrandmember count shapes', normalize: headerOnly, cmds: ['ZADD z 1 a 2 b 3 c 4 d 5 e', 'ZRANDMEMBER z 2', 'ZRANDMEMBER z -7', 'ZRANDMEMBER z -3 WITHSCORES', 'ZRANDMEMBER z 4 WITHSCORES'] },
  { name: 'zrandmember count shapes resp3', resp3: true, normalize: headerOnly, cmds: ['ZADD z 1 a 2 b 3 c', 'ZRANDMEMBER z -5 WITHSCORES', 'ZRANDMEMBER z 2 WITHSCORES', 'ZRANDMEMBER z 5 WITHSCORES'] },
  { name: 'zrandmember resp3 all withscores', resp3: true, cmds: ['ZADD z 1 a 2.5 b', 'ZRANDMEMBER z 2 WITHSCORES', 'ZADD one 1 x', 'ZRANDMEMBER one', 'ZRANDMEMBER nokey'] },
  { name: 'zrandmember on skiplist', normalize: headerOnly, cmds: [big(300), 'ZRANDMEMBER big 10', 'ZRANDMEMBER big 200', 'ZRANDMEMBER big -400 WITHSCORES'] },
  { name: 'zrandmember errors', cmds: ['ZRANDMEMBER z abc', 'ZRANDMEMBER z 1 withscore', 'ZRANDMEMBER z 1 WITHSCORES x', 'ZRANDMEMBER z -9223372036854775808', 'ZRANDMEMBER z 9223372036854775807 WITHSCORES', 'ZRANDMEMBER z 4611686018427387904 WITHSCORES', 'ZRANDMEMBER z -4611686018427387904 WITHSCORES', 'SET s x', 'ZRANDMEMBER s', 'ZRANDMEMBER s 1', 'ZRANDMEMBER s x'] },
];

const setops: DiffCase[] = [
  { name: 'zunion basic', cmds: ['ZADD a 1 x 2 y', 'ZADD b 3 y 4 z', 'ZUNION 2 a b', 'ZUNION 2 a b WITHSCORES'] },
  { name: 'zunion weights and aggregate', cmds: ['ZADD a 1 x 2 y', 'ZADD b 3 y 4 z', 'ZUNION 2 a b WEIGHTS 2 3 WITHSCORES', 'ZUNION 2 a b AGGREGATE MIN WITHSCORES', 'ZUNION 2 a b AGGREGATE max WITHSCORES', 'ZUNION 2 a b WEIGHTS 1 -1 AGGREGATE SUM WITHSCORES'] },
  { name: 'zunion inf arithmetic', cmds: ['ZADD a inf x -inf y 1 z', 'ZADD b -inf x -inf y 0 z', 'ZUNION 2 a b WITHSCORES', 'ZUNION 2 a b WEIGHTS 0 1 WITHSCORES', 'ZUNION 2 a b WEIGHTS 0 0 AGGREGATE MAX WITHSCORES'] },
  { name: 'zunion with missing keys', cmds: ['ZADD a 1 x', 'ZUNION 3 nokey a other WITHSCORES', 'ZUNION 1 nokey'] },
  { name: 'zunion float sum order', cmds: ['ZADD a 0.1 x', 'ZADD b 0.2 x', 'ZADD c 0.3 x', 'ZUNION 3 a b c WITHSCORES', 'ZUNION 3 c b a WITHSCORES', 'ZINTER 3 a b c WITHSCORES'] },
  { name: 'zunion with sets', cmds: ['SADD s x y', 'ZADD a 5 x', 'ZUNION 2 s a WITHSCORES', 'ZUNION 2 s a WEIGHTS 10 1 WITHSCORES', 'ZINTER 2 s a WITHSCORES'] },
  { name: 'zunion errors', cmds: ['ZUNION 0 a', 'ZUNION -1 a', 'ZUNION x a', 'ZUNION 3 a b', 'ZUNION 1 a WEIGHTS', 'ZUNION 1 a WEIGHTS x', 'ZUNION 2 a b WEIGHTS 1', 'ZUNION 1 a AGGREGATE', 'ZUNION 1 a AGGREGATE avg', 'ZUNION 1 a FOO', 'ZUNION 1 a WITHSCORES WITHSCORES'] },
  { name: 'zunion wrongtype before options', cmds: ['SET s x', 'ZUNION 2 a s WEIGHTS x y', 'ZUNION 1 s FOO', 'ZINTER 1 s', 'ZDIFF 1 s', 'ZINTERCARD 1 s', 'ZUNIONSTORE d 1 s'] },
  { name: 'zunion weights too many is syntax error', cmds: ['ZADD a 1 x', 'ZUNION 1 a WEIGHTS 1 2'] },
  { name: 'zunion weights parse', cmds: ['ZADD a 1 x', ['ZUNION', '1', 'a', 'WEIGHTS', '0x10', 'WITHSCORES'], ['ZUNION', '1', 'a', 'WEIGHTS', ' 1'], 'ZUNION 1 a WEIGHTS inf WITHSCORES', 'ZUNION 1 a WEIGHTS nan'] },
  { name: 'zunionstore', cmds: ['ZADD a 1 x 2 y', 'ZADD b 3 y 4 z', 'ZUNIONSTORE d 2 a b WEIGHTS 1 2', 'ZRANGE d 0 -1 WITHSCORES', 'ZUNIONSTORE d 2 nokey nokey2', 'EXISTS d'] },
  { name: 'zunionstore errors', cmds: ['ZUNIONSTORE d 0 a', 'ZUNIONSTORE d 1 a WITHSCORES', 'ZUNIONSTORE d x a', 'ZUNIONSTORE d 2 a'] },
  { name: 'zunionstore overwrite and empty delete', cmds: ['SET d x', 'ZADD a 1 x', 'ZUNIONSTORE d 1 a', 'TYPE d', 'ZINTERSTORE d 2 a nokey', 'EXISTS d'] },
  { name: 'zunionstore into a source key', cmds: ['ZADD a 1 x', 'ZADD b 2 x 3 y', 'ZUNIONSTORE a 2 a b', 'ZRANGE a 0 -1 WITHSCORES'] },
  { name: 'zinter basic', cmds: ['ZADD a 1 x 2 y 3 z', 'ZADD b 10 y 20 z 30 w', 'ZINTER 2 a b WITHSCORES', 'ZINTER 2 a b AGGREGATE MIN', 'ZINTER 2 a b WEIGHTS 2 0.5 AGGREGATE MAX WITHSCORES'] },
  { name: 'zinter same key twice', cmds: ['ZADD a 1 x 2 y', 'ZINTER 2 a a WITHSCORES', 'ZINTER 2 a a WEIGHTS 1 3 WITHSCORES'] },
  { name: 'zinter with empty', cmds: ['ZADD a 1 x', 'ZINTER 2 a nokey', 'ZINTERSTORE d 2 a nokey', 'ZINTER 1 a'] },
  { name: 'zinter nan weight product', cmds: ['ZADD a inf x', 'ZADD b 1 x', 'ZINTER 2 a b WEIGHTS 0 1 WITHSCORES', 'ZINTER 2 b a WEIGHTS 1 0 WITHSCORES', 'ZINTER 2 b a WEIGHTS 1 0 AGGREGATE MIN WITHSCORES'] },
  { name: 'zinterstore', cmds: ['ZADD a 1 x 2 y', 'ZADD b 3 y 4 z', 'ZINTERSTORE d 2 a b', 'ZRANGE d 0 -1 WITHSCORES'] },
  { name: 'zinterstore with sets', cmds: ['SADD s x y q', 'ZADD a 1 x 2 y', 'ZINTERSTORE d 2 a s WEIGHTS 1 5', 'ZRANGE d 0 -1 WITHSCORES'] },
  { name: 'zdiff', cmds: ['ZADD a 1 x 2 y 3 z', 'ZADD b 1 y', 'ZADD c 1 z', 'ZDIFF 3 a b c WITHSCORES', 'ZDIFF 1 a', 'ZDIFF 2 nokey a', 'ZDIFF 2 a a'] },
  { name: 'zdiff errors', cmds: ['ZDIFF 0 a', 'ZDIFF 1 a WEIGHTS 1', 'ZDIFF 1 a AGGREGATE SUM', 'ZDIFF 2 a', 'ZDIFFSTORE d 1 a WITHSCORES'] },
  { name: 'zdiff with sets', cmds: ['SADD s y', 'ZADD a 1 x 2 y', 'ZDIFF 2 a s WITHSCORES', 'SADD t x z', 'ZDIFF 2 t a WITHSCORES'] },
  { name: 'zdiffstore', cmds: ['ZADD a 1 x 2 y', 'ZADD b 1 y', 'ZDIFFSTORE d 2 a b', 'ZRANGE d 0 -1 WITHSCORES', 'ZDIFFSTORE d 2 a a', 'EXISTS d'] },
  { name: 'zintercard', cmds: ['ZADD a 1 x 2 y 3 z', 'ZADD b 1 x 2 y', 'SADD s x', 'ZINTERCARD 2 a b', 'ZINTERCARD 2 a b LIMIT 1', 'ZINTERCARD 2 a b LIMIT 0', 'ZINTERCARD 3 a b s', 'ZINTERCARD 2 a nokey', 'ZINTERCARD 1 a LIMIT 100'] },
  { name: 'zintercard errors', cmds: ['ZINTERCARD 0 a', 'ZINTERCARD -1 a', 'ZINTERCARD 1 a LIMIT -1', 'ZINTERCARD 1 a LIMIT x', 'ZINTERCARD 1 a WITHSCORES', 'ZINTERCARD 1 a WEIGHTS 1', 'ZINTERCARD 1 a LIMIT', 'ZINTERCARD 2 a'] },
  { name: 'zunion resp3 withscores', resp3: true, cmds: ['ZADD a 1 x 2.5 y', 'ZUNION 1 a WITHSCORES', 'ZINTER 1 a WITHSCORES', 'ZDIFF 1 a WITHSCORES', 'ZUNION 1 a'] },
  { name: 'zunion big sets', cmds: [big(300), 'ZADD small 1000 m5 1000 m299 7 extra', 'ZUNIONSTORE d 2 big small AGGREGATE MAX', 'ZCARD d', 'ZRANGE d -3 -1 WITHSCORES', 'ZINTER 2 big small WITHSCORES', 'OBJECT ENCODING d'] },
];

const scan: DiffCase[] = [
  { name: 'zscan listpack returns all', cmds: ['ZADD z 1 a 2 b 0.1 c -0 d', 'ZSCAN z 0', 'ZSCAN z 0 COUNT 1', 'ZSCAN z 123 MATCH a*', 'ZSCAN z 0 MATCH *'] },
  { name: 'zscan missing and errors', cmds: ['ZSCAN nokey 0', 'ZSCAN z x', 'ZADD z 1 a', 'ZSCAN z 0 COUNT 0', 'ZSCAN z 0 COUNT x', 'ZSCAN z 0 FOO', 'ZSCAN z 0 MATCH', 'ZSCAN z 0 TYPE zset', 'SET s x', 'ZSCAN s 0', 'ZSCAN s x'] },
  { name: 'zscan errors before key check', cmds: ['SET s x', 'ZSCAN s 0 COUNT 0', 'ZSCAN nokey 0 COUNT 0'] },
  { name: 'zscan skiplist full with large count', normalize: sortScanPairs, cmds: [big(200, 'm', (i) => i / 4), 'ZSCAN big 0 COUNT 1000'] },
  { name: 'zscan skiplist match', normalize: sortScanPairs, cmds: [big(200), 'ZSCAN big 0 COUNT 1000 MATCH m1?'] },
  { name: 'zscan skiplist scores %.17g', normalize: sortScanPairs, cmds: ['CONFIG SET zset-max-listpack-entries 0', 'ZADD z 0.1 a 1e20 b -0 c inf d', 'ZSCAN z 0 COUNT 100', 'CONFIG SET zset-max-listpack-entries 128'] },
  { name: 'zscan binary members', cmds: [['ZADD', 'z', '1', '\x00\xff', '2', 'a\r\nb'], 'ZSCAN z 0'] },
];

const misc: DiffCase[] = [
  { name: 'key emptied then recreated is listpack again', cmds: [big(200), 'ZREMRANGEBYRANK big 0 -1', 'EXISTS big', 'ZADD big 1 a', 'OBJECT ENCODING big'] },
  { name: 'zadd on expired key starts fresh', cmds: ['ZADD z 1 a', 'EXPIRE z -1', 'ZADD z 2 b', 'ZRANGE z 0 -1'] },
  { name: 'pipelined zset commands', pipeline: true, cmds: ['ZADD z 1 a 2 b', 'ZINCRBY z 1 a', 'ZRANGE z 0 -1 WITHSCORES', 'ZPOPMIN z', 'ZCARD z'] },
  { name: 'type of zset', cmds: ['ZADD z 1 a', 'TYPE z'] },
  { name: 'many updates keep order', cmds: [big(200, 'm', (i) => (i * 7919) % 200), 'ZADD big 0.5 m3 199.5 m4 -1 m100', 'ZRANGE big 0 4', 'ZRANGE big -3 -1', 'ZRANK big m100', 'ZREVRANK big m4'] },
];

const more: DiffCase[] = [
  { name: 'wrong arity across the family', cmds: ['ZCOUNT z 1', 'ZLEXCOUNT z -', 'ZRANGEBYLEX z -', 'ZREMRANGEBYRANK z 1', 'ZMSCORE z', 'ZINCRBY z 1', 'ZUNION 1', 'ZINTERCARD 1', 'ZRANDMEMBER', 'ZSCAN z', 'ZMPOP 1 z', 'BZPOPMIN z', 'BZMPOP 0 1 z', 'ZRANGESTORE d z 0', 'ZREVRANK z', 'ZUNIONSTORE d 1', 'ZDIFFSTORE d'] },
  { name: 'zrange withscores twice and options in any order', cmds: ['ZADD z 1 a 2 b 3 c', 'ZRANGE z 0 -1 WITHSCORES WITHSCORES', 'ZRANGE z (1 3 LIMIT 0 1 BYSCORE', 'ZRANGE z 3 (1 WITHSCORES REV LIMIT 0 5 BYSCORE'] },
  { name: 'zrangebyscore exclusive infinities', cmds: ['ZADD z -inf a 0 b inf c', 'ZRANGEBYSCORE z (-inf (inf', 'ZRANGEBYSCORE z (inf +inf', 'ZRANGEBYSCORE z -inf (-inf', 'ZCOUNT z (-inf +inf', 'ZCOUNT z -inf (+inf'] },
  { name: 'zrangebyscore limit negative count', cmds: ['ZADD z 1 a 2 b 3 c 4 d', 'ZRANGEBYSCORE z -inf +inf LIMIT 1 -1', 'ZREVRANGEBYSCORE z +inf -inf LIMIT 1 -7 WITHSCORES', 'ZRANGEBYLEX z - + LIMIT 2 -1', 'ZREVRANGEBYLEX z + - LIMIT 0 -2'] },
  { name: 'lex bounds with empty string and binary', cmds: [['ZADD', 'z', '0', '', '0', 'a', '0', '\x00', '0', '\xff\xff'], ['ZRANGEBYLEX', 'z', '[', '+'], ['ZRANGEBYLEX', 'z', '(', '+'], ['ZRANGEBYLEX', 'z', '-', '[\x00'], ['ZRANGEBYLEX', 'z', '(\xff', '+'], ['ZREVRANGEBYLEX', 'z', '[\xff\xff', '(']] },
  { name: 'zremrangebylex on big same-score set', cmds: [big(300, 'k', () => 0), 'ZREMRANGEBYLEX big [k1 (k2', 'ZCARD big', 'ZRANGE big 0 2', 'ZREMRANGEBYLEX big (k5 +', 'ZCARD big', 'ZLEXCOUNT big - +'] },
  { name: 'zcount on big skiplist', cmds: [big(1000, 'm', (i) => i / 10), 'ZCOUNT big 0 10', 'ZCOUNT big (0 (10', 'ZCOUNT big 99.9 +inf', 'ZCOUNT big -inf -1', 'ZCOUNT big 50.05 50.05', 'ZCOUNT big 50 50'] },
  { name: 'zpopmax big count on skiplist', cmds: [big(300), 'ZPOPMAX big 5', 'ZPOPMIN big 3', 'ZCARD big', 'ZPOPMIN big 1000', 'EXISTS big'] },
  { name: 'zmpop count larger and first key empty', cmds: ['ZADD b 1 x 2 y', 'ZMPOP 3 a b c MIN COUNT 10', 'ZMPOP 3 a b c MIN COUNT 10'] },
  { name: 'zmpop and zpop resp3 null shapes', resp3: true, cmds: ['ZMPOP 1 nokey MIN', 'ZPOPMIN nokey', 'ZPOPMIN nokey 2', 'ZADD z 1 a', 'ZPOPMIN z 0'] },
  { name: 'zincrby to inf and back', cmds: ['ZINCRBY z 1e308 a', 'ZINCRBY z 1e308 a', 'ZINCRBY z -1e308 a', 'ZSCORE z a', 'ZINCRBY z -inf a'] },
  { name: 'zadd GT LT with CH on many', cmds: ['ZADD z 1 a 2 b 3 c', 'ZADD z GT CH 0 a 5 b 3 c 4 d', 'ZADD z LT CH 0 a 5 b 3 c 9 e', 'ZRANGE z 0 -1 WITHSCORES'] },
  { name: 'zadd XX CH counts only updates', cmds: ['ZADD z 1 a', 'ZADD z XX CH 2 a 3 b', 'ZADD z XX 4 a', 'ZRANGE z 0 -1 WITHSCORES'] },
  { name: 'zinter min max with infinities', cmds: ['ZADD a -inf x inf y 1 z', 'ZADD b inf x -inf y 2 z', 'ZINTER 2 a b AGGREGATE MIN WITHSCORES', 'ZINTER 2 a b AGGREGATE MAX WITHSCORES', 'ZINTER 2 a b WITHSCORES'] },
  { name: 'zunionstore weights aggregate combos', cmds: ['ZADD a 1 x 2 y', 'ZADD b 4 y 8 z', 'SADD s z w', 'ZUNIONSTORE d 3 a b s WEIGHTS 1 0.5 -1 AGGREGATE MIN', 'ZRANGE d 0 -1 WITHSCORES', 'ZUNIONSTORE d 3 a b s WEIGHTS 2 2 2 AGGREGATE MAX', 'ZRANGE d 0 -1 WITHSCORES'] },
  { name: 'zdiff repeated and missing keys', cmds: ['ZADD a 1 x 2 y', 'ZDIFF 3 a nokey nokey WITHSCORES', 'ZDIFF 3 a nokey a', 'ZDIFFSTORE a 2 a nokey', 'ZRANGE a 0 -1 WITHSCORES'] },
  { name: 'zintercard same key and sets', cmds: ['ZADD a 1 x 2 y', 'SADD s x y z', 'ZINTERCARD 2 a a', 'ZINTERCARD 3 s a s LIMIT 1', 'ZINTERCARD 1 s'] },
  { name: 'zrangestore resp3 and store reply', resp3: true, cmds: ['ZADD z 1 a 2 b', 'ZRANGESTORE d z 0 -1', 'ZRANGE d 0 -1 WITHSCORES', 'ZUNIONSTORE d2 1 z', 'ZINTERCARD 1 z'] },
  { name: 'zscore zrank after many updates on skiplist', cmds: [big(200), 'ZINCRBY big 1000 m0', 'ZADD big -5 m199', 'ZRANK big m0', 'ZRANK big m199', 'ZSCORE big m0', 'ZRANGE big 0 1 WITHSCORES', 'ZRANGE big -1 -1 WITHSCORES'] },
  { name: 'zrandmember negative count on one member', cmds: ['ZADD z 1 a', 'ZRANDMEMBER z -3', 'ZRANDMEMBER z -2 WITHSCORES'] },
];

/**
 * Seeded random command sequences over a few keys, with small listpack
 * limits so sets change encoding along the way. Lex commands only touch
 * "lx", whose scores are all 0 (lex order is unspecified otherwise).
 */
function fuzzCase(seed: number, steps: number): DiffCase {
  let st = seed >>> 0;
  const rnd = (n: number) => {
    st = (st * 1664525 + 1013904223) >>> 0;
    return Math.floor((st / 4294967296) * n);
  };
  const pick = <T,>(a: T[]): T => a[rnd(a.length)];
  const SCORES = ['0', '1', '-1', '2.5', '-0', 'inf', '-inf', '0.1', '1e20', '3', '7', '(2', '100'];
  const MEMBERS = ['a', 'b', 'c', 'd', 'aa', 'ab', '', '\x00', '\xff', 'long'.repeat(5), 'x y', 'e', 'f', 'g'];
  const KEYS = ['k1', 'k2', 'k3'];
  const score = () => pick(SCORES.filter((x) => !x.startsWith('(')));
  const bound = () => pick(SCORES);
  const lexBound = () => pick(['-', '+', '[a', '(a', '[c', '(ab', '[', '[\xff', '(e']);
  const idx = () => String(rnd(12) - 6);
  const cmds: Cmd[] = ['CONFIG SET zset-max-listpack-entries 6', 'CONFIG SET zset-max-listpack-value 12'];
  for (let i = 0; i < steps; i++) {
    const k = pick(KEYS);
    const m = () => pick(MEMBERS);
    const r = rnd(24);
    let c: string[];
    if (r < 5) c = ['ZADD', k, ...pick([[], ['NX'], ['XX'], ['GT'], ['LT', 'CH'], ['CH']]), score(), m(), score(), m()];
    else if (r === 5) c = ['ZADD', k, 'INCR', score(), m()];
    else if (r === 6) c = ['ZINCRBY', k, score(), m()];
    else if (r === 7) c = ['ZREM', k, m(), m()];
    else if (r === 8) c = ['ZRANGE', k, idx(), idx(), ...pick([[], ['REV'], ['WITHSCORES'], ['REV', 'WITHSCORES']])];
    else if (r === 9) c = ['ZRANGE', k, bound(), bound(), 'BYSCORE', ...pick([[], ['REV'], ['LIMIT', idx(), idx()], ['WITHSCORES', 'LIMIT', '1', '2']])];
    else if (r === 10) c = ['ZCOUNT', k, bound(), bound()];
    else if (r === 11) c = [pick(['ZRANK', 'ZREVRANK', 'ZSCORE']), k, m()];
    else if (r === 12) c = [pick(['ZPOPMIN', 'ZPOPMAX']), k, ...pick([[], ['1'], ['3']])];
    else if (r === 13) c = ['ZREMRANGEBYRANK', k, idx(), idx()];
    else if (r === 14) c = ['ZREMRANGEBYSCORE', k, bound(), bound()];
    else if (r === 15) c = [pick(['ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE']), pick(KEYS), '2', pick(KEYS), pick(KEYS)];
    else if (r === 16) c = [pick(['ZUNION', 'ZINTER']), '2', pick(KEYS), pick(KEYS), 'WEIGHTS', score(), score(), 'AGGREGATE', pick(['SUM', 'MIN', 'MAX']), 'WITHSCORES'];
    else if (r === 17) c = ['ZRANGESTORE', pick(KEYS), k, bound(), bound(), 'BYSCORE', ...pick([[], ['REV']])];
    else if (r === 18) c = ['OBJECT', 'ENCODING', k];
    else if (r === 19) c = ['ZADD', 'lx', '0', m(), '0', m()];
    else if (r === 20) c = ['ZRANGE', 'lx', lexBound(), lexBound(), 'BYLEX', ...pick([[], ['REV'], ['LIMIT', idx(), idx()]])];
    else if (r === 21) c = [pick(['ZLEXCOUNT', 'ZREMRANGEBYLEX']), 'lx', lexBound(), lexBound()];
    else if (r === 22) c = ['ZMPOP', '2', pick(KEYS), pick(KEYS), pick(['MIN', 'MAX']), 'COUNT', String(1 + rnd(3))];
    else c = ['ZRANGE', k, '0', '-1', 'WITHSCORES'];
    cmds.push(c);
  }
  cmds.push('CONFIG SET zset-max-listpack-entries 128', 'CONFIG SET zset-max-listpack-value 64');
  return { name: `random sequence seed ${seed}`, cmds };
}

const fuzz: DiffCase[] = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => fuzzCase(seed, 250));

diffSuite('sorted sets', [...zadd, ...encodings, ...removal, ...reads, ...ranges, ...pops, ...randmember, ...setops, ...scan, ...misc, ...more, ...fuzz]);
