import { diffSuite, type Cmd, type DiffCase } from '../helpers/diff.js';
import { wrongTypeSuite } from '../helpers/wrongtype.js';

// HyperLogLog commands compared with real Redis 7.0 byte for byte, including
// GET of the HLL strings themselves (sparse opcodes, dense registers, the
// cached cardinality in the header).

/** Deterministic pseudo-random generator (LCG). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x >>> 8;
  };
}

/** PFADDs of `n` distinct seeded elements to `key` in batches, each batch followed by `after`. */
function addMany(key: string, n: number, seed: number, batch: number, after: (i: number) => Cmd[] = () => []): Cmd[] {
  const next = lcg(seed);
  const cmds: Cmd[] = [];
  for (let i = 0; i < n; i += batch) {
    const argv = ['PFADD', key];
    for (let j = i; j < Math.min(n, i + batch); j++) argv.push(`e:${seed}:${j}:${next()}`);
    cmds.push(argv, ...after(i));
  }
  return cmds;
}

/** Elements of every length 0..40 with every byte value, so each MurmurHash64A tail length is hashed. */
function binaryElements(): Cmd[] {
  const next = lcg(99);
  const cmds: Cmd[] = [];
  for (let len = 0; len <= 40; len++) {
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(next() & 0xff);
    cmds.push(['PFADD', 'b', s, s + '\x00', '\xff' + s], ['GET', 'b']);
  }
  cmds.push(['PFCOUNT', 'b'], ['GET', 'b']);
  return cmds;
}

/** DUMP x from Redis 7.0.15 after PFADD x a b c. */
const RESTORE_PAYLOAD =
  '\x00\x1bHYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80`\xf3\x80P\xb1\x84K\xfb\x80BZ\n\x00\x9fY\x0c\x06\xb6IpI';

const HDR_SPARSE = 'HYLL\x01\0\0\0\0\0\0\0\0\0\0\0';
const HDR_DENSE = 'HYLL\x00\0\0\0\0\0\0\0\0\0\0\0';

const cases: DiffCase[] = [
  {
    name: 'a new HLL, its bytes, and the cached cardinality',
    cmds: [
      'PFADD h', 'GET h', 'PFADD h', 'PFCOUNT h', 'PFADD h a b c', 'GET h', 'PFCOUNT h', 'GET h', 'PFADD h a', 'GET h',
      'PFADD h d', 'GET h', 'PFCOUNT h', 'PFCOUNT h', 'GET h', 'PFDEBUG ENCODING h', 'PFDEBUG DECODE h', 'STRLEN h',
      'PFCOUNT nokey', 'PFCOUNT nokey h', 'OBJECT ENCODING h', 'TYPE h', 'EXISTS h',
    ],
  },
  {
    name: 'sparse to dense: GET after every batch',
    pipeline: true,
    cmds: addMany('h', 3000, 1, 50, () => ['GET h', 'PFDEBUG ENCODING h']).concat(['PFCOUNT h', 'GET h', 'PFDEBUG DECODE h']),
  },
  {
    name: 'sparse opcodes: single adds, merges of VAL runs, PFDEBUG DECODE',
    pipeline: true,
    cmds: addMany('h', 400, 2, 1, (i) => (i % 7 === 0 ? ['GET h', 'PFDEBUG DECODE h'] : [])).concat(['PFCOUNT h', 'GET h']),
  },
  {
    name: 'PFCOUNT estimates across cardinalities',
    pipeline: true,
    cmds: [0, 1, 2, 3, 10, 33, 100, 250, 600, 1000, 2500, 5000, 12000, 30000, 80000].flatMap((n, k) => [
      ...addMany(`k${n}`, n, 100 + k, 500),
      `PFCOUNT k${n}`,
      `GET k${n}`,
    ]),
  },
  {
    name: 'PFCOUNT of several keys and PFMERGE of sparse and dense',
    pipeline: true,
    cmds: [
      ...addMany('s1', 50, 3, 50),
      ...addMany('s2', 300, 4, 100),
      ...addMany('d1', 6000, 5, 1000),
      'PFDEBUG ENCODING s1', 'PFDEBUG ENCODING d1',
      'PFCOUNT s1 s2', 'PFCOUNT s1 d1', 'PFCOUNT s1 s2 d1 nokey', 'PFCOUNT nokey nokey2',
      'PFMERGE m1 s1 s2', 'GET m1', 'PFCOUNT m1', 'PFDEBUG ENCODING m1',
      'PFMERGE m2 s1 d1', 'GET m2', 'PFCOUNT m2', 'PFDEBUG ENCODING m2',
      'PFMERGE s1 s2', 'GET s1', 'PFCOUNT s1',
      'PFMERGE s2', 'GET s2', 'PFMERGE s2 s2', 'GET s2',
      'PFMERGE new', 'GET new', 'PFMERGE new2 nokey', 'GET new2', 'PFMERGE s1 d1', 'GET s1', 'PFDEBUG ENCODING s1',
    ],
  },
  {
    name: 'hll-sparse-max-bytes promotes earlier',
    pipeline: true,
    cmds: [
      'CONFIG SET hll-sparse-max-bytes 60',
      ...addMany('h', 60, 6, 3, () => ['GET h', 'PFDEBUG ENCODING h']),
      'CONFIG SET hll-sparse-max-bytes 0', 'PFADD z x', 'GET z', 'PFADD z y', 'PFDEBUG ENCODING z',
      'CONFIG SET hll-sparse-max-bytes 3000',
    ],
  },
  { name: 'binary elements of every length', cmds: binaryElements() },
  {
    name: 'PFDEBUG subcommands',
    cmds: [
      'PFADD h a b c', 'PFDEBUG DECODE h', 'PFDEBUG ENCODING h', 'PFDEBUG TODENSE h', 'GET h', 'PFDEBUG TODENSE h',
      'PFDEBUG DECODE h', 'PFDEBUG ENCODING h', 'PFDEBUG GETREG nokey', 'PFDEBUG foo h', 'PFDEBUG getreg h',
      'PFADD s x', 'PFDEBUG GETREG s', 'GET s', 'PFDEBUG ENCODING s', 'SET str hello', 'PFDEBUG GETREG str',
      'PFDEBUG todense str', 'PFDEBUG todense nokey', 'PFDEBUG', 'PFDEBUG a b c',
    ],
  },
  {
    name: 'non-HLL strings and corrupted HLLs',
    cmds: [
      'SET str hello', 'PFADD str a', 'PFCOUNT str', 'PFCOUNT nokey str', 'PFMERGE str', 'PFMERGE d str', 'EXISTS d',
      ['SET', 'short', 'HYLL\x01\0\0'], 'PFADD short a', 'PFCOUNT short',
      ['SET', 'enc2', 'HYLL\x02\0\0\0\0\0\0\0\0\0\0\0\x7f\xff'], 'PFADD enc2 a',
      ['SET', 'dense', HDR_DENSE + 'x'], 'PFCOUNT dense',
      // A sparse HLL whose opcodes cover too few registers.
      ['SET', 'few', HDR_SPARSE.slice(0, 15) + '\x80' + '\x7f\x00'], 'PFCOUNT few', 'PFADD few a b c d e f g', 'GET few', 'PFCOUNT few other',
      'PFMERGE m few', 'PFDEBUG GETREG few', 'PFDEBUG TODENSE few', 'PFDEBUG DECODE few',
      // Too many registers.
      ['SET', 'many', HDR_SPARSE.slice(0, 15) + '\x80' + '\x7f\xff\x7f\xff'], 'PFCOUNT many', 'PFADD many a', 'PFMERGE m many',
      // A valid cached cardinality is trusted as Redis trusts it.
      ['SET', 'cached', HDR_SPARSE.slice(0, 8) + '\x39\x30\0\0\0\0\0\0' + '\x7f\xff'], 'PFCOUNT cached',
      ['SET', 'big', HDR_SPARSE.slice(0, 8) + '\xff\xff\xff\xff\xff\xff\xff\x7f' + '\x7f\xff'], 'PFCOUNT big',
      ['SET', 'bad', HDR_SPARSE.slice(0, 15) + '\x80' + '\x7f'], 'PFCOUNT bad', 'PFADD bad a',
      // A register above what the sparse form holds forces dense.
      ['SET', 'v', HDR_SPARSE + '\x7f\xff'], 'PFADD v a', 'GET v',
    ],
  },
  {
    name: 'PFADD then PFCOUNT in MULTI and with WATCH',
    cmds: ['PFADD h a', 'MULTI', 'PFADD h b', 'PFCOUNT h', 'PFCOUNT h h', 'EXEC', 'GET h'],
  },
  {
    name: 'DUMP and RESTORE carry the HLL bytes unchanged (sparse, dense, compressed)',
    pipeline: true,
    cmds: [
      // The dense value's DUMP is LZF-compressed; its bytes are compared through a RESTORE round trip
      // (respd's LZF output can differ from Redis's by a byte while decoding to the same value).
      'PFADD s a b c', 'DUMP s', ...addMany('d', 3000, 8, 500), 'PFCOUNT d',
      ['EVAL', "redis.call('RESTORE', KEYS[2], 0, redis.call('DUMP', KEYS[1])) return redis.call('GET', KEYS[2])", '2', 'd', 'd2'],
      'PFCOUNT d2', 'PFADD d2 zz', 'PFCOUNT d2',
      // A payload Redis 7.0.15 produced for PFADD x a b c, restored into both servers.
      ['RESTORE', 'r', '0', RESTORE_PAYLOAD], 'GET r', 'PFCOUNT r', 'PFADD r d', 'GET r', 'OBJECT ENCODING r',
    ],
  },
  { name: 'arity errors', cmds: ['PFADD', 'PFCOUNT', 'PFMERGE', 'PFSELFTEST x', 'PFDEBUG GETREG'] },
];

diffSuite('hyperloglog', cases);

wrongTypeSuite('hyperloglog wrong types', [
  { name: 'list keys', lists: ['l'], cmds: ['PFADD l a', 'PFCOUNT l', 'PFCOUNT l x', 'PFMERGE l', 'PFMERGE d l', 'PFDEBUG GETREG l', 'EXISTS d'] },
]);
