/**
 * Basic server commands: DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, LASTSAVE,
 * MONITOR, SHUTDOWN and the DEBUG subset respd supports.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { is } from './args.js';
import { replyHelp, subcommandSyntaxError } from './help.js';
import { parseI64Number, atoi } from '../protocol/ints.js';
import { stringEncoding } from '../keyspace/value.js';
import * as E from '../errors.js';
import { strtod } from '../protocol/doubles.js';
import { rdbOf } from '../persistence/rdb-service.js';
import { datasetDigest, keyDigest } from '../persistence/digest.js';

function dbsize(c: Client): void {
  c.w.integer(c.db.dict.size);
}

/** The optional SYNC|ASYNC of FLUSHDB/FLUSHALL (freeing is immediate either way). */
function flushArgsOk(c: Client, argv: string[]): boolean {
  if (argv.length === 1) return true;
  if (argv.length === 2 && (is(argv[1], 'SYNC') || is(argv[1], 'ASYNC'))) return true;
  c.error(E.SYNTAX);
  return false;
}

function flushdb(c: Client, argv: string[]): void {
  if (!flushArgsOk(c, argv)) return;
  c.server.keyspace.flushDb(c.db);
  // Propagated even when the database was already empty (forceCommandPropagation).
  c.server.propagation.force();
  c.w.ok();
}

function flushall(c: Client, argv: string[]): void {
  if (!flushArgsOk(c, argv)) return;
  c.server.keyspace.flushAll();
  c.server.propagation.force();
  c.w.ok();
}

/** A DB index argument of SWAPDB: a C int, else the given error. */
function dbIndexArg(c: Client, s: string, err: string): number | null {
  const n = parseI64Number(s);
  if (n === null || n < -2147483648 || n > 2147483647) {
    c.error(err);
    return null;
  }
  return n;
}

function swapdb(c: Client, argv: string[]): void {
  const a = dbIndexArg(c, argv[1], E.SWAPDB_FIRST);
  if (a === null) return;
  const b = dbIndexArg(c, argv[2], E.SWAPDB_SECOND);
  if (b === null) return;
  const ks = c.server.keyspace;
  if (a < 0 || a >= ks.dbs.length || b < 0 || b >= ks.dbs.length) {
    c.error(E.DB_INDEX_OUT_OF_RANGE);
    return;
  }
  if (a !== b) ks.swapDatabases(ks.dbs[a], ks.dbs[b]);
  ks.dirty++; // propagated even when swapping a database with itself, as Redis does
  c.w.ok();
}

function time(c: Client): void {
  const us = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  c.w.array(2);
  c.w.bulk(String(Math.floor(us / 1e6)));
  c.w.bulk(String(us % 1e6));
}

function lastsave(c: Client): void {
  c.w.integer(c.server.lastSave);
}

/** MONITOR: from now on the client receives every command the server runs. */
function monitor(c: Client): void {
  if (c.denyBlocking || c.multi !== null) {
    c.error(E.MONITOR_DENY_BLOCKING);
    return;
  }
  if (c.monitor || c.kind === 'replica') return; // already streaming: no reply, as in Redis
  c.monitor = true;
  c.server.monitors.add(c);
  c.w.ok();
}

/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. With no replicas to wait
 * for, a shutdown is never pending, so ABORT always finds none. The final
 * save (or not) is left to the shutdown hooks through `shutdownSave`.
 */
function shutdown(c: Client, argv: string[]): void {
  let save = false;
  let nosave = false;
  let other = false;
  let force = false;
  let abort = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (is(a, 'NOSAVE')) nosave = true;
    else if (is(a, 'SAVE')) save = true;
    else if (is(a, 'NOW')) other = true;
    else if (is(a, 'FORCE')) other = force = true;
    else if (is(a, 'ABORT')) abort = true;
    else {
      c.error(E.SYNTAX);
      return;
    }
  }
  if ((abort && (save || nosave || other)) || (save && nosave)) {
    c.error(E.SYNTAX);
    return;
  }
  if (abort) {
    c.error(E.NO_SHUTDOWN);
    return;
  }
  const server = c.server;
  // A script past busy-reply-threshold may have half-written the dataset:
  // only SHUTDOWN NOSAVE may end the server then (it would save that half).
  if (!nosave && server.busyError !== null) {
    c.error(server.busyError);
    return;
  }
  server.log.warn({ client: c.addr }, 'User requested shutdown...');
  // The final save happens now, so a failure can refuse the shutdown (unless FORCE), as in Redis.
  const rdb = rdbOf(server);
  if (save || (!nosave && rdb.hasSavePoints())) {
    if (!rdb.saveForShutdown() && !force) {
      c.error('ERR Errors trying to SHUTDOWN. Check logs.');
      return;
    }
  }
  server.shutdownSave = false; // done (or not wanted): the shutdown hooks must not save again
  // Redis sends no reply to a successful SHUTDOWN: the connection just closes.
  c.closeAfterReply = true;
  void server.close(server.onExit !== null).then(() => server.onExit?.(0));
}

// ---- DEBUG ----

const DEBUG_HELP = [
  'AOF-FLUSH-SLEEP <microsec>',
  '    Server will sleep before flushing the AOF, this is used for testing.',
  'ASSERT',
  '    Crash by assertion failed.',
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'CONFIG-REWRITE-FORCE-ALL',
  '    Like CONFIG REWRITE but writes all configuration options, including',
  '    keywords not listed in original configuration file or default values.',
  'CRASH-AND-RECOVER [<milliseconds>]',
  '    Hard crash and restart after a <milliseconds> delay (default 0).',
  'DIGEST',
  '    Output a hex signature representing the current DB content.',
  'DIGEST-VALUE <key> [<key> ...]',
  '    Output a hex signature of the values of all the specified keys.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'LEAK <string>',
  '    Create a memory leak of the input string.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'HTSTATS <dbid>',
  '    Return hash table statistics of the specified Redis database.',
  'HTSTATS-KEY <key>',
  '    Like HTSTATS but for the hash table stored at <key>\'s value.',
  'LOADAOF',
  '    Flush the AOF buffers on disk and reload the AOF in memory.',
  'REPLICATE <string>',
  '    Replicates the provided string to replicas, allowing data divergence.',
  'MALLCTL <key> [<val>]',
  '    Get or set a malloc tuning integer.',
  'MALLCTL-STR <key> [<val>]',
  '    Get or set a malloc tuning string.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'DROP-CLUSTER-PACKET-FILTER <packet-type>',
  '    Drop all packets that match the filtered type. Set to -1 allow all packets.',
  'OOM',
  '    Crash the server simulating an out-of-memory error.',
  'PANIC',
  '    Crash the server simulating a panic.',
  'POPULATE <count> [<prefix>] [<size>]',
  '    Create <count> string keys named key:<num>. If <prefix> is specified then',
  '    it is used instead of the \'key\' prefix. These are not propagated to',
  '    replicas. Cluster slots are not respected so keys not belonging to the',
  '    current node can be created in cluster mode.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'RELOAD [option ...]',
  '    Save the RDB on disk and reload it back to memory. Valid <option> values:',
  '    * MERGE: conflicting keys will be loaded from RDB.',
  '    * NOFLUSH: the existing database will not be removed before load, but',
  '      conflicting keys will generate an exception and kill the server.',
  '    * NOSAVE: the database will be loaded from an existing RDB file.',
  '    Examples:',
  '    * DEBUG RELOAD: verify that the server is able to persist, flush and reload',
  '      the database.',
  '    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an',
  '      existing RDB file.',
  '    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB',
  '      file to the database.',
  'RESTART [<milliseconds>]',
  '    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).',
  'SDSLEN <key>',
  '    Show low level SDS string info representing `key` and value.',
  'SEGFAULT',
  '    Crash the server with sigsegv.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'QUICKLIST-PACKED-THRESHOLD <size>',
  '    Sets the threshold for elements to be inserted as plain vs packed nodes',
  '    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.',
  'SET-SKIP-CHECKSUM-VALIDATION <0|1>',
  '    Enables or disables checksum checks for RDB files and RESTORE\'s payload.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
  'STRINGMATCH-TEST',
  '    Run a fuzz tester against the stringmatchlen() function.',
  'STRUCTSIZE',
  '    Return the size of different Redis core C structures.',
  'LISTPACK <key>',
  '    Show low level info about the listpack encoding of <key>.',
  'QUICKLIST <key> [<0|1>]',
  '    Show low level info about the quicklist encoding of <key>.',
  '    The optional argument (0 by default) sets the level of detail',
  'CLIENT-EVICTION',
  '    Show low level client eviction pools info (maxmemory-clients).',
  'PAUSE-CRON <0|1>',
  '    Stop periodic cron job processing.',
  'REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>',
  '    Sets the time (in milliseconds) to wait between client reply buffer peak resets.',
  '    In case NEVER is provided the last observed peak will never be reset',
  '    In case RESET is provided the peak reset time will be restored to the default value',
  'REPLYBUFFER RESIZING <0|1>',
  '    Enable or disable the reply buffer resize cron job',
  'CLUSTERLINK KILL <to|from|all> <node-id>',
  '    Kills the link based on the direction to/from (both) with the provided node.',
];

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** DEBUG SLEEP stalls the whole server, like Redis's usleep in the event loop. */
function blockingSleep(ms: number): void {
  if (ms > 0) Atomics.wait(sleepCell, 0, 0, Math.min(ms, 2 ** 31 - 1));
}

/** Whether small integers are shared objects (refcount INT_MAX), as Redis decides. */
function sharedIntegers(c: Client): boolean {
  const policy = c.server.config.str('maxmemory-policy');
  return c.server.maxmemory === 0 || !(policy.endsWith('-lru') || policy.endsWith('-lfu'));
}

/** Length of an RDB length prefix. */
function rdbLenBytes(n: number): number {
  return n < 64 ? 1 : n < 16384 ? 2 : n <= 0xffffffff ? 5 : 9;
}

/** The RDB size of a string (integer encodings for numbers, no LZF compression). */
function rdbStringLen(s: string): number {
  if (stringEncoding(s) === 'int') {
    const n = Number(s);
    if (n >= -128 && n <= 127) return 2;
    if (n >= -32768 && n <= 32767) return 3;
    if (n >= -2147483648 && n <= 2147483647) return 5;
  }
  return rdbLenBytes(s.length) + s.length;
}

/** DEBUG OBJECT: looks the key up in the dictionary directly (no expiry, no access update). */
function debugObject(c: Client, key: string): void {
  const v = c.db.dict.get(key);
  if (v === undefined) {
    c.error(E.NO_SUCH_KEY);
    return;
  }
  const enc = typeof v === 'string' ? c.server.keyspace.stringEncodingOf(c.db, key, v) : v.encoding();
  const shared = typeof v === 'string' && enc === 'int' && sharedIntegers(c) && Number(v) >= 0 && Number(v) < 10000;
  const refcount = shared ? 2147483647 : 1;
  const serialized = typeof v === 'string' ? rdbStringLen(v) : 0;
  const lru = Math.floor(Date.now() / 1000) & 0xffffff;
  let addr = 0x7f0000000000;
  for (let i = 0; i < key.length; i++) addr = (addr + key.charCodeAt(i) * 0x1010) % 0x7fffffffff00;
  c.w.simple(`Value at:0x${(addr - (addr % 16)).toString(16)} refcount:${refcount} encoding:${enc} serializedlength:${serialized} lru:${lru} lru_seconds_idle:0`);
}

/** DEBUG POPULATE count [prefix] [size]: creates prefix:N = value:N, skipping existing keys. */
function debugPopulate(c: Client, argv: string[]): void {
  const count = parseI64Number(argv[2]);
  if (count === null || count < 0) {
    c.error(E.MUST_BE_POSITIVE);
    return;
  }
  let size = 0;
  if (argv.length === 5) {
    const n = parseI64Number(argv[4]);
    if (n === null || n < 0) {
      c.error(E.MUST_BE_POSITIVE);
      return;
    }
    size = n;
  }
  const prefix = argv.length >= 4 ? argv[3] : 'key';
  const ks = c.server.keyspace;
  for (let j = 0; j < count; j++) {
    const key = `${prefix}:${j}`;
    if (ks.lookupWrite(c.db, key) !== undefined) continue;
    let val = `value:${j}`;
    if (size !== 0) val = val.length >= size ? val.slice(0, size) : val + '\0'.repeat(size - val.length);
    ks.set(c.db, key, val);
  }
  c.w.ok();
}

/** DEBUG PROTOCOL type: one sample reply of each RESP type. */
function debugProtocol(c: Client, type: string): void {
  const w = c.w;
  switch (type.toLowerCase()) {
    case 'string': w.bulk('Hello World'); break;
    case 'integer': w.integer(12345); break;
    case 'double':
      if (c.resp === 2) w.bulk('3.141');
      else w.raw(',3.141\r\n');
      break;
    case 'bignum':
      if (c.resp === 2) w.bulk('1234567999999999999999999999999999999');
      else w.raw('(1234567999999999999999999999999999999\r\n');
      break;
    case 'null': w.nil(); break;
    case 'array':
      w.array(3);
      for (let j = 0; j < 3; j++) w.integer(j);
      break;
    case 'set':
      w.set(3);
      for (let j = 0; j < 3; j++) w.integer(j);
      break;
    case 'map':
      w.map(3);
      for (let j = 0; j < 3; j++) {
        w.integer(j);
        w.bool(j === 1);
      }
      break;
    case 'attrib':
      if (c.resp === 3) w.raw('|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n');
      w.bulk('Some real reply following the attribute');
      break;
    case 'push':
      if (c.resp === 2) {
        c.error(E.RESP2_UNSUPPORTED);
        return;
      }
      w.push(2);
      w.bulk('server-cpu-usage');
      w.integer(42);
      w.bulk('Some real reply following the push reply');
      break;
    case 'verbatim': w.verbatim('This is a verbatim\nstring'); break;
    case 'true': w.bool(true); break;
    case 'false': w.bool(false); break;
    default:
      c.error(E.DEBUG_PROTOCOL_TYPE);
  }
}

/** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, flush and load the RDB back, synchronously. */
function debugReload(c: Client, argv: string[]): void {
  let save = true;
  let flush = true;
  let merge = false;
  for (let i = 2; i < argv.length; i++) {
    if (is(argv[i], 'MERGE')) merge = true;
    else if (is(argv[i], 'NOFLUSH')) flush = false;
    else if (is(argv[i], 'NOSAVE')) save = false;
    else {
      c.error(E.DEBUG_RELOAD_OPTIONS);
      return;
    }
  }
  const err = rdbOf(c.server).reload(save, flush, merge);
  if (err === null) c.w.ok();
  else c.error(err);
}

function debug(c: Client, argv: string[]): void {
  const sub = argv[1];
  const n = argv.length;
  if (n === 2 && is(sub, 'HELP')) {
    replyHelp(c, argv[0], DEBUG_HELP);
  } else if (n === 3 && is(sub, 'SLEEP')) {
    blockingSleep(strtod(argv[2]) * 1000); // C strtold on a prefix: "1.5x" is 1.5, "x" is 0
    c.w.ok();
  } else if (n === 3 && is(sub, 'SET-ACTIVE-EXPIRE')) {
    c.server.activeExpireEnabled = atoi(argv[2]) !== 0;
    c.w.ok();
  } else if (n === 3 && is(sub, 'OBJECT')) {
    debugObject(c, argv[2]);
  } else if (n === 3 && is(sub, 'ERROR')) {
    c.error(E.sanitize(argv[2]));
  } else if (n === 3 && is(sub, 'LOG')) {
    c.server.log.warn(`DEBUG LOG: ${argv[2]}`);
    c.w.ok();
  } else if (n === 3 && is(sub, 'PROTOCOL')) {
    debugProtocol(c, argv[2]);
  } else if (n >= 3 && n <= 5 && is(sub, 'POPULATE')) {
    debugPopulate(c, argv);
  } else if (n === 2 && is(sub, 'DIGEST')) {
    c.w.simple(datasetDigest(c.server.keyspace.dbs));
  } else if (is(sub, 'DIGEST-VALUE')) {
    c.w.array(n - 2);
    for (let j = 2; j < n; j++) c.w.simple(keyDigest(c.db, argv[j]));
  } else if (is(sub, 'RELOAD')) {
    debugReload(c, argv);
  } else if (n === 3 && is(sub, 'SET-SKIP-CHECKSUM-VALIDATION')) {
    rdbOf(c.server).skipChecksum = atoi(argv[2]) !== 0;
    c.w.ok();
  } else if (n === 2 && is(sub, 'CHANGE-REPL-ID')) {
    c.server.log.warn('Changing replication IDs after receiving DEBUG change-repl-id');
    c.w.ok();
  } else {
    subcommandSyntaxError(c, argv[0], sub);
  }
}

export const serverCommands: CommandDef[] = [
  command('dbsize', dbsize),
  command('flushdb', flushdb),
  command('flushall', flushall),
  command('swapdb', swapdb),
  command('time', time),
  command('lastsave', lastsave),
  command('monitor', monitor),
  command('shutdown', shutdown),
  command('debug', debug),
];
