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
