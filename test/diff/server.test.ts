import { diffSuite } from '../helpers/diff.js';
import { maskIntegers, maskNumericBulks, maskMonitor } from '../helpers/client-line.js';

// Basic server commands compared with real Redis; clocks are masked.

/** DEBUG OBJECT lines: the address, LRU clock and idle time depend on the process and the clock. */
function maskDebugObject(r: string): string {
  return r.replace(/Value at:0x[0-9a-f]+/, 'Value at:?').replace(/ lru:\d+ lru_seconds_idle:\d+/, ' lru:? lru_seconds_idle:?');
}

diffSuite('server', [
  { name: 'dbsize empty and after writes', cmds: ['DBSIZE', 'SET a 1', 'SET b 2', 'SET a 3', 'DBSIZE'] },
  { name: 'dbsize per database', cmds: ['SET a 1', 'SELECT 1', 'DBSIZE', 'SET x 1', 'SET y 1', 'DBSIZE', 'SELECT 0', 'DBSIZE'] },
  { name: 'dbsize arity', cmds: ['DBSIZE x'] },
  { name: 'dbsize counts binary and empty keys', cmds: [['SET', '', 'v'], ['SET', '\x00\xff', 'v'], ['SET', 'a\r\nb', ''], 'DBSIZE'] },
  { name: 'flushdb empties only the selected db', cmds: ['SET a 1', 'SELECT 2', 'SET b 1', 'FLUSHDB', 'DBSIZE', 'SELECT 0', 'DBSIZE', 'GET a'] },
  { name: 'flushdb sync and async', cmds: ['SET a 1', 'FLUSHDB SYNC', 'DBSIZE', 'SET a 1', 'FLUSHDB async', 'DBSIZE', 'GET a'] },
  { name: 'flushdb syntax errors', cmds: ['FLUSHDB foo', 'FLUSHDB sync x', 'FLUSHDB ASYNC ASYNC'] },
  { name: 'flushall empties every db', cmds: ['SET a 1', 'SELECT 3', 'SET b 2', 'FLUSHALL', 'DBSIZE', 'SELECT 0', 'DBSIZE'] },
  { name: 'flushall sync and async', cmds: ['SET a 1', 'FLUSHALL SYNC', 'SET a 1', 'FLUSHALL ASYNC', 'DBSIZE'] },
  { name: 'flushall syntax errors', cmds: ['FLUSHALL x', 'FLUSHALL a b', 'FLUSHALL SYNC ASYNC'] },
  { name: 'swapdb exchanges data', cmds: ['SET a db0', 'SELECT 1', 'SET b db1', 'SWAPDB 0 1', 'GET a', 'GET b', 'DBSIZE', 'SELECT 0', 'GET a', 'GET b'] },
  { name: 'swapdb twice restores', cmds: ['SET a 1', 'SWAPDB 0 9', 'GET a', 'SWAPDB 9 0', 'GET a'] },
  { name: 'swapdb same db', cmds: ['SET a 1', 'SWAPDB 0 0', 'GET a'] },
  { name: 'swapdb with an empty db', cmds: ['SET a 1', 'SWAPDB 0 15', 'DBSIZE', 'SELECT 15', 'GET a'] },
  { name: 'swapdb index errors', cmds: ['SWAPDB x 1', 'SWAPDB 0 x', 'SWAPDB 16 x', 'SWAPDB 1.5 0', 'SWAPDB 0 99999999999'] },
  { name: 'swapdb out of range', cmds: ['SWAPDB 0 16', 'SWAPDB -1 0', 'SWAPDB 0 -1', 'SWAPDB 2147483647 0'] },
  { name: 'swapdb arity', cmds: ['SWAPDB 0', 'SWAPDB 0 1 2'] },
  { name: 'swapdb keeps ttl', cmds: ['SET a 1 EX 100', 'SWAPDB 0 1', 'SELECT 1', 'GET a'] },
  { name: 'time shape', cmds: ['TIME'], normalize: maskNumericBulks },
  { name: 'time arity', cmds: ['TIME x'] },
  { name: 'lastsave is an integer', cmds: ['LASTSAVE'], normalize: maskIntegers },
  { name: 'lastsave arity', cmds: ['LASTSAVE x'] },
  { name: 'echo', cmds: ['ECHO hello', ['ECHO', ''], ['ECHO', '\x00\r\n\xff']] },
  { name: 'monitor acknowledges', cmds: ['MONITOR'] },
  { name: 'monitor arity', cmds: ['MONITOR x'] },
  { name: 'monitor sees its own later commands', raw: 'MONITOR\r\nPING\r\n', replies: 3, normalize: maskMonitor },
  { name: 'monitor client cannot touch the keyspace', raw: 'MONITOR\r\nGET a\r\nSET a 1\r\nDBSIZE\r\nPING\r\n', replies: 6, normalize: maskMonitor },
  { name: 'monitor twice gives no reply', raw: 'MONITOR\r\nMONITOR\r\nECHO x\r\n', replies: 3, normalize: maskMonitor },
  { name: 'shutdown syntax errors', cmds: ['SHUTDOWN foo', 'SHUTDOWN NOSAVE SAVE', 'SHUTDOWN save nosave now', 'SHUTDOWN ABORT NOW', 'SHUTDOWN NOSAVE ABORT', 'SHUTDOWN ABORT FORCE'] },
  { name: 'shutdown abort with nothing pending', cmds: ['SHUTDOWN ABORT', 'shutdown abort'] },
  { name: 'debug refused by default', cmds: ['DEBUG HELP', 'DEBUG SLEEP 0', 'DEBUG foo', 'DEBUG OBJECT k'] },
  { name: 'debug arity checked before refusal', cmds: ['DEBUG'] },
]);

diffSuite('server: DEBUG enabled', [
  { name: 'help', cmds: ['DEBUG HELP', 'debug help'] },
  { name: 'help arity', cmds: ['DEBUG HELP x'] },
  { name: 'unknown subcommand', cmds: ['DEBUG foo', 'DEBUG jmap', ['DEBUG', 'a\nb'], 'DEBUG'] },
  { name: 'sleep', cmds: ['DEBUG SLEEP 0', 'DEBUG SLEEP 0.05', 'DEBUG SLEEP x', 'DEBUG SLEEP -1', 'DEBUG SLEEP'] },
  { name: 'set-active-expire', cmds: ['DEBUG SET-ACTIVE-EXPIRE 0', 'DEBUG SET-ACTIVE-EXPIRE x', 'DEBUG SET-ACTIVE-EXPIRE 1', 'DEBUG SET-ACTIVE-EXPIRE', 'DEBUG SET-ACTIVE-EXPIRE 1 2'] },
  { name: 'object of strings', cmds: ['SET s hello', 'SET n 123', 'SET neg -5', 'SET big 99999999999', 'SET mid 300', 'SET w 70000', ['SET', 'emb', 'abcdefghij'.repeat(2)], 'DEBUG OBJECT s', 'DEBUG OBJECT n', 'DEBUG OBJECT neg', 'DEBUG OBJECT big', 'DEBUG OBJECT mid', 'DEBUG OBJECT w', 'DEBUG OBJECT emb'], normalize: maskDebugObject },
  // Redis LZF-compresses strings over 20 bytes in its RDB size; respd does not estimate that.
  { name: 'object of long strings (encoding)', cmds: [['SET', 'raw', 'x'.repeat(45)], ['SET', 'emb', 'x'.repeat(44)], 'DEBUG OBJECT raw', 'DEBUG OBJECT emb'], normalize: (r) => maskDebugObject(r).replace(/serializedlength:\d+/, 'serializedlength:?') },
  { name: 'object shared integer refcount', cmds: ['SET a 0', 'SET b 9999', 'SET c 10000', 'DEBUG OBJECT a', 'DEBUG OBJECT b', 'DEBUG OBJECT c'], normalize: maskDebugObject },
  { name: 'object of a missing key', cmds: ['DEBUG OBJECT nokey', 'DEBUG OBJECT', 'DEBUG OBJECT a b'] },
  { name: 'object of binary values', cmds: [['SET', '\x00k', '\x00\xff'], ['DEBUG', 'OBJECT', '\x00k'], ['SET', 'e', ''], 'DEBUG OBJECT e'], normalize: maskDebugObject },
  { name: 'error', cmds: ['DEBUG ERROR oops', ['DEBUG', 'ERROR', 'ERR my error'], ['DEBUG', 'ERROR', '-FOO bar'], ['DEBUG', 'ERROR', ''], ['DEBUG', 'ERROR', 'a\nb\rc']] },
  { name: 'log', cmds: ['DEBUG LOG hello', 'DEBUG LOG'] },
  { name: 'protocol types in RESP2', cmds: ['DEBUG PROTOCOL string', 'DEBUG PROTOCOL integer', 'DEBUG PROTOCOL double', 'DEBUG PROTOCOL bignum', 'DEBUG PROTOCOL null', 'DEBUG PROTOCOL array', 'DEBUG PROTOCOL set', 'DEBUG PROTOCOL map', 'DEBUG PROTOCOL attrib', 'DEBUG PROTOCOL push', 'DEBUG PROTOCOL verbatim', 'DEBUG PROTOCOL true', 'DEBUG PROTOCOL false'] },
  { name: 'protocol types in RESP3', resp3: true, cmds: ['DEBUG PROTOCOL string', 'DEBUG PROTOCOL integer', 'DEBUG PROTOCOL double', 'DEBUG PROTOCOL bignum', 'DEBUG PROTOCOL null', 'DEBUG PROTOCOL array', 'DEBUG PROTOCOL set', 'DEBUG PROTOCOL map', 'DEBUG PROTOCOL attrib', 'DEBUG PROTOCOL push', 'DEBUG PROTOCOL verbatim', 'DEBUG PROTOCOL true', 'DEBUG PROTOCOL false'] },
  { name: 'protocol errors', cmds: ['DEBUG PROTOCOL foo', 'DEBUG PROTOCOL STRING', 'DEBUG PROTOCOL'] },
  { name: 'populate default prefix', cmds: ['DEBUG POPULATE 3', 'DBSIZE', 'GET key:0', 'GET key:2', 'GET key:3'] },
  { name: 'populate prefix and size', cmds: ['DEBUG POPULATE 2 p 12', 'GET p:0', 'GET p:1', 'DEBUG POPULATE 1 q 3', 'GET q:0'] },
  { name: 'populate keeps existing keys', cmds: ['SET s:1 x', 'DEBUG POPULATE 3 s', 'GET s:0', 'GET s:1', 'GET s:2', 'DBSIZE'] },
  { name: 'populate errors', cmds: ['DEBUG POPULATE x', 'DEBUG POPULATE -1', 'DEBUG POPULATE 2 p -1', 'DEBUG POPULATE 2 p x', 'DEBUG POPULATE 1 2 3 4', 'DEBUG POPULATE 0', 'DBSIZE'] },
  { name: 'change-repl-id', cmds: ['DEBUG CHANGE-REPL-ID', 'DEBUG CHANGE-REPL-ID x'] },
], { redisArgs: ['--enable-debug-command', 'yes'], respdConfig: { 'enable-debug-command': 'yes' } });
