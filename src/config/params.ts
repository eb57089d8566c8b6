/**
 * Every redis.conf directive of Redis 7.0, with Redis's types, ranges,
 * defaults, aliases and mutability, so CONFIG GET/SET answer exactly as
 * Redis does. The ones respd acts on are wired to the server through
 * change/apply hooks; the rest (replication, cluster, defrag, AOF
 * tuning…) are accepted and stored so that a stock redis.conf loads, but
 * they have no effect yet (see redis.conf.example).
 */
import {
  boolParam, intParam, memoryParam, enumParam, stringParam, numericParam, ConfigError,
  formatMemoryUnits, type ParamDef, type ConfigValue, parseMemoryBig,
} from './registry.js';
import { notifyKeyspaceEventsParam } from './notify-events.js';
import { trimDoubleString, formatFixed, string2d } from '../protocol/doubles.js';
import { repr } from '../protocol/repr.js';

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;
const UINT_MAX = 4294967295;
const LONG_MAX = 9223372036854775807n;
const ULLONG_MAX = 18446744073709551615n;

/** strtoll as Redis's special parsers use it: leading spaces and a sign allowed, nothing after the digits. */
function strtollStrict(s: string): bigint | null {
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 32 || (s.charCodeAt(i) >= 9 && s.charCodeAt(i) <= 13))) i++;
  let j = i;
  if (s[j] === '+' || s[j] === '-') j++;
  const d0 = j;
  while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
  if (j === d0) return s.length === 0 ? 0n : null; // no digits: ok only for the empty string (end pointer at '\0')
  if (j !== s.length) return null;
  let v = BigInt(s.slice(i, j));
  if (v > LONG_MAX) v = LONG_MAX; // strtoll saturates
  if (v < -LONG_MAX - 1n) v = -LONG_MAX - 1n;
  return v;
}

/** save <seconds> <changes> [...]: stored as words; "" clears. */
function saveParam(): ParamDef {
  return {
    name: 'save', default: ['3600', '1', '300', '100', '60', '10000'], mutable: true, words: -1, accumulates: true,
    parse(args) {
      const words = args.length === 1 && args[0] === '' ? [] : args;
      if (words.length % 2 !== 0) throw new ConfigError('Invalid save parameters');
      const out: string[] = [];
      for (let j = 0; j < words.length; j++) {
        const v = strtollStrict(words[j]);
        if (v === null || (j % 2 === 0 && v < 1n) || (j % 2 === 1 && v < 0n)) throw new ConfigError('Invalid save parameters');
        // seconds are a time_t, changes a C int
        out.push(String(j % 2 === 0 ? v : BigInt.asIntN(32, v)));
      }
      return out;
    },
    format: (v) => (v as string[]).join(' '),
    rewrite(v) {
      const w = v as string[];
      if (w.length === 0) return { lines: ['save ""'], force: true };
      const lines: string[] = [];
      for (let i = 0; i < w.length; i += 2) lines.push(`save ${w[i]} ${w[i + 1]}`);
      return { lines, force: true };
    },
  };
}

const DEFAULT_BIND = ['*', '-::*'];

function bindParam(): ParamDef {
  return {
    name: 'bind', default: DEFAULT_BIND, mutable: true, words: -1,
    parse(args) {
      if (args.length > 16) throw new ConfigError('Too many bind addresses specified.');
      return args.length === 1 && args[0] === '' ? [] : [...args];
    },
    format: (v) => (v as string[]).join(' '),
    rewrite(v, n) {
      const w = v as string[];
      if (w.length === DEFAULT_BIND.length && w.every((x, i) => x === DEFAULT_BIND[i])) return null;
      return { lines: [`${n} ${w.length ? w.join(' ') : '""'}`], force: true };
    },
  };
}

const OBUF_CLASSES = ['normal', 'slave', 'pubsub'];

/** `user <name> <rules…>` lines of redis.conf: each adds one ACL user (read at startup). */
function userParam(): ParamDef {
  return {
    name: 'user', default: [], mutable: false, words: -1, accumulates: true, hidden: true,
    parse(args) { return [args.join(' ')]; },
    format: (v) => (v as string[]).join('\n'),
  };
}

export const OBUF_DEFAULT = ['normal', '0', '0', '0', 'slave', '268435456', '67108864', '60', 'pubsub', '33554432', '8388608', '60'];

/** client-output-buffer-limit <class> <hard> <soft> <seconds> [...]; classes not named keep their limits. */
function obufParam(): ParamDef {
  return {
    name: 'client-output-buffer-limit', default: OBUF_DEFAULT, mutable: true, words: -1,
    parse(args, current) {
      if (args.length % 4 !== 0) throw new ConfigError('Wrong number of arguments in buffer limit configuration.');
      const out = [...((current as string[] | undefined) ?? OBUF_DEFAULT)];
      const updates: [number, string[]][] = [];
      for (let i = 0; i < args.length; i += 4) {
        let cls = args[i].toLowerCase();
        if (cls === 'replica') cls = 'slave';
        const idx = OBUF_CLASSES.indexOf(cls);
        if (idx < 0) throw new ConfigError('Invalid client class specified in buffer limit configuration.');
        const hard = parseMemoryBig(args[i + 1]);
        const soft = parseMemoryBig(args[i + 2]);
        const secs = strtollStrict(args[i + 3]);
        // soft_seconds is a C int: the range check happens after truncation
        const secsInt = secs === null ? -1n : BigInt.asIntN(32, secs);
        if (hard === null || soft === null || secsInt < 0n) {
          throw new ConfigError('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
        }
        updates.push([idx, [String(hard), String(soft), String(secsInt)]]);
      }
      for (const [idx, vals] of updates) out.splice(idx * 4 + 1, 3, ...vals);
      return out;
    },
    format: (v) => (v as string[]).join(' '),
    rewrite(v, n) {
      const w = v as string[];
      const lines: string[] = [];
      const force: boolean[] = [];
      for (let c = 0; c < 3; c++) {
        const [hard, soft, secs] = w.slice(c * 4 + 1, c * 4 + 4);
        // each class line is forced only when that class differs from its default
        force.push(hard !== OBUF_DEFAULT[c * 4 + 1] || soft !== OBUF_DEFAULT[c * 4 + 2] || secs !== OBUF_DEFAULT[c * 4 + 3]);
        lines.push(`${n} ${c === 1 ? 'replica' : OBUF_CLASSES[c]} ${formatMemoryUnits(BigInt(hard))} ${formatMemoryUnits(BigInt(soft))} ${secs}`);
      }
      return { lines, force };
    },
  };
}

function oomScoreAdjValuesParam(): ParamDef {
  const def = ['0', '200', '800'];
  return {
    name: 'oom-score-adj-values', default: def, mutable: true, words: -1,
    parse(args) {
      if (args.length !== 3) throw new ConfigError('wrong number of arguments');
      return args.map((a) => {
        const v = strtollStrict(a);
        if (v === null || v < -2000n || v > 2000n) {
          throw new ConfigError('Invalid oom-score-adj-values, elements must be between -2000 and 2000.');
        }
        return String(v);
      });
    },
    format: (v) => (v as string[]).join(' '),
    rewrite(v, n) {
      const w = v as string[];
      return { lines: [`${n} ${w.join(' ')}`], force: w.some((x, i) => x !== def[i]) };
    },
  };
}

/** latency-tracking-info-percentiles: doubles in [0, 100], printed with %f minus trailing zeros. */
function percentilesParam(): ParamDef {
  return {
    name: 'latency-tracking-info-percentiles', default: ['50', '99', '99.9'], mutable: true, words: -1,
    parse(args) {
      const words = args.length === 1 && args[0] === '' ? [] : args;
      return words.map((w) => {
        const d = string2d(w);
        if (d === null) throw new ConfigError('Invalid latency-tracking-info-percentiles parameters');
        if (d > 100 || d < 0) throw new ConfigError('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]');
        return trimDoubleString(formatFixed(d, 6));
      });
    },
    format: (v) => (v as string[]).join(' '),
    rewrite(v, n) {
      const w = v as string[];
      return { lines: [`${n} ${w.length ? w.join(' ') : '""'}`], force: true };
    },
  };
}

function dirParam(): ParamDef {
  return {
    name: 'dir', default: process.cwd(), mutable: true, protected: true, denyLoading: true,
    parse(args) {
      if (args.length !== 1) throw new ConfigError('wrong number of arguments');
      return args[0];
    },
    format: (v) => String(v),
    rewrite: (v, n) => ({ lines: [`${n} ${repr(String(v))}`], force: true }),
  };
}

function replicaofParam(): ParamDef {
  return {
    name: 'replicaof', aliases: ['slaveof'], default: '', mutable: false, words: -1,
    parse(args) {
      if (args.length !== 2) throw new ConfigError('wrong number of arguments');
      if (args[0].toLowerCase() === 'no' && args[1].toLowerCase() === 'one') return '';
      const port = strtollStrict(args[1]);
      if (port === null || port < 0n || port > 65535n) throw new ConfigError('Invalid master port');
      return `${args[0]} ${port}`;
    },
    format: (v) => String(v),
    rewrite: (v, n) => (v === '' ? null : { lines: [`${n} ${v}`], force: true }),
  };
}

/** proc-title-template: {variables} must be known and the expansion non-empty. */
function validProcTitle(t: string): void {
  const vars = new Set(['title', 'listen-addr', 'server-mode', 'port', 'tls-port', 'unixsocket', 'config-file']);
  // values as expanded with an empty title: only these can come out empty
  const maybeEmpty = new Set(['title', 'server-mode', 'unixsocket', 'config-file']);
  let out = '';
  let p = 0;
  const bad = () => new ConfigError('template format is invalid or contains unknown variables');
  while (p < t.length) {
    const sv = t.indexOf('{', p);
    if (sv < 0) { out += t.slice(p); break; }
    out += t.slice(p, sv);
    if (sv + 1 >= t.length) throw bad();
    if (t[sv + 1] === '{') { out += '{'; p = sv + 2; continue; }
    const ev = t.indexOf('}', sv + 1);
    if (ev < 0) throw bad();
    const name = t.slice(sv + 1, ev);
    if (!vars.has(name)) throw bad();
    if (!maybeEmpty.has(name)) out += 'x';
    p = ev + 1;
  }
  if (out.replace(/^ +| +$/g, '') === '') throw bad();
}

function validHostname(s: string): void {
  if (s.length >= 256) throw new ConfigError('Hostnames must be less than 256 characters');
  if (!/^[A-Za-z0-9.-]*$/.test(s)) throw new ConfigError('Hostnames may only contain alphanumeric characters, hyphens or dots');
}

function baseName(what: string, empty: string | null): (s: string) => void {
  return (s) => {
    if (empty !== null && s === '') throw new ConfigError(empty);
    if (s.includes('/')) throw new ConfigError(what);
  };
}

const SHUTDOWN_NAMES = ['default', 'save', 'nosave', 'now', 'force'];
const SHUTDOWN_BITS = [0, 1, 2, 4, 8];

function shutdownOnSig(name: string): ParamDef {
  const p = enumParam(name, 'default', SHUTDOWN_NAMES, true, {}, SHUTDOWN_BITS);
  const parse = p.parse;
  p.parse = (args) => {
    const v = parse(args) as string;
    const words = v.split(' ');
    if (words.includes('save') && words.includes('nosave')) {
      throw new ConfigError("shutdown options SAVE and NOSAVE can't be used simultaneously");
    }
    return v;
  };
  return p;
}

/** hz is a hint: any int is accepted, then kept within 1..500 (what CONFIG GET shows too). */
function clampHz(p: ParamDef): ParamDef {
  const parse = p.parse;
  p.parse = (args) => Math.min(Math.max(parse(args) as number, 1), 500);
  return p;
}

/** activedefrag: V8 manages the heap, so like a Redis built without its jemalloc it cannot be enabled. */
function noDefrag(p: ParamDef): ParamDef {
  const parse = p.parse;
  p.parse = (args) => {
    if (parse(args) === true) {
      throw new ConfigError('Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution');
    }
    return false;
  };
  return p;
}

/** Sensitive strings stored as NULL when empty (passwords). */
const secretNull = { secret: true, emptyIsNull: true };
const nullable = { emptyIsNull: true };
/** A path whose file may have changed: CONFIG SET applies even to the same path (Redis's VOLATILE_CONFIG). */
const fileRef = { emptyIsNull: true, volatile: true };

export function coreParams(): ParamDef[] {
  return [
    intParam('port', 6379, 0, 65535, true),
    bindParam(),
    boolParam('protected-mode', true),
    intParam('tcp-backlog', 511, 0, INT_MAX, false),
    intParam('timeout', 0, 0, INT_MAX),
    intParam('tcp-keepalive', 300, 0, INT_MAX),
    intParam('databases', 16, 1, INT_MAX, false),
    enumParam('loglevel', 'notice', ['debug', 'verbose', 'notice', 'warning']),
    stringParam('logfile', '', false),
    stringParam('requirepass', '', true, secretNull),
    numericParam('maxclients', 10000, 1, UINT_MAX, true, { unsigned: true }),
    memoryParam('proto-max-bulk-len', 536870912, 1024 * 1024, LONG_MAX),
    numericParam('client-query-buffer-limit', 1073741824, 1024 * 1024, LONG_MAX, true, { memory: true, unsigned: true }),
    clampHz(intParam('hz', 10, 0, INT_MAX)),
    boolParam('dynamic-hz', true),
    saveParam(),
    boolParam('appendonly', false, true, { denyLoading: true }),
    stringParam('dbfilename', 'dump.rdb', true, { protected: true, validate: baseName("dbfilename can't be a path, just a filename", null) }),
    dirParam(),
    boolParam('daemonize', false, false),
    stringParam('pidfile', '', false, nullable),
    // respd only: Prometheus endpoint (observability/metrics.ts), off with port 0; hidden from
    // CONFIG GET patterns so `CONFIG GET *` lists exactly Redis's parameters
    { ...intParam('metrics-port', 0, 0, 65535, false), hidden: true },
    { ...stringParam('metrics-bind', '127.0.0.1', false), hidden: true },
    numericParam('maxmemory', 0, 0, ULLONG_MAX, true, { memory: true, unsigned: true }),
    enumParam('maxmemory-policy', 'noeviction', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction']),
    intParam('maxmemory-samples', 5, 1, INT_MAX),
    numericParam('maxmemory-clients', 0, -100, LONG_MAX, true, { memory: true, percent: true }),
    intParam('maxmemory-eviction-tenacity', 10, 0, 100),
    intParam('lfu-log-factor', 10, 0, INT_MAX),
    intParam('lfu-decay-time', 1, 0, INT_MAX),
    intParam('active-expire-effort', 1, 1, 10),
    notifyKeyspaceEventsParam(),
    intParam('slowlog-log-slower-than', 10000, -1, LONG_MAX),
    intParam('slowlog-max-len', 128, 0, LONG_MAX),
    intParam('latency-monitor-threshold', 0, 0, LONG_MAX),
    boolParam('latency-tracking', true),
    percentilesParam(),
    intParam('busy-reply-threshold', 5000, 0, LONG_MAX, true, { aliases: ['lua-time-limit'] }),
    stringParam('unixsocket', '', false, nullable),
    numericParam('unixsocketperm', 0, 0, 0o777, false, { octal: true, unsigned: true }),
    enumParam('enable-debug-command', 'no', ['no', 'yes', 'local'], false),
    enumParam('enable-protected-configs', 'no', ['no', 'yes', 'local'], false),
    enumParam('enable-module-command', 'no', ['no', 'yes', 'local'], false),
    stringParam('aclfile', '', false),
    intParam('acllog-max-len', 128, 0, LONG_MAX),
    userParam(),
    enumParam('acl-pubsub-default', 'resetchannels', ['allchannels', 'resetchannels']),
    intParam('list-max-listpack-size', -2, INT_MIN, INT_MAX, true, { aliases: ['list-max-ziplist-size'] }),
    intParam('list-compress-depth', 0, 0, INT_MAX),
    numericParam('hash-max-listpack-entries', 512, 0, LONG_MAX, true, { unsigned: true }, { aliases: ['hash-max-ziplist-entries'] }),
    numericParam('hash-max-listpack-value', 64, 0, LONG_MAX, true, { unsigned: true, memory: true }, { aliases: ['hash-max-ziplist-value'] }),
    numericParam('set-max-intset-entries', 512, 0, LONG_MAX, true, { unsigned: true }),
    numericParam('zset-max-listpack-entries', 128, 0, LONG_MAX, true, { unsigned: true }, { aliases: ['zset-max-ziplist-entries'] }),
    numericParam('zset-max-listpack-value', 64, 0, LONG_MAX, true, { unsigned: true, memory: true }, { aliases: ['zset-max-ziplist-value'] }),
    numericParam('stream-node-max-bytes', 4096, 0, LONG_MAX, true, { unsigned: true, memory: true }),
    intParam('stream-node-max-entries', 100, 0, LONG_MAX),
    numericParam('hll-sparse-max-bytes', 3000, 0, LONG_MAX, true, { unsigned: true, memory: true }),
    obufParam(),
    numericParam('tracking-table-max-keys', 1000000, 0, LONG_MAX, true, { unsigned: true }),
    intParam('shutdown-timeout', 10, 0, INT_MAX),
    shutdownOnSig('shutdown-on-sigint'),
    shutdownOnSig('shutdown-on-sigterm'),
    boolParam('syslog-enabled', false, false),
    stringParam('syslog-ident', 'redis', false),
    enumParam('syslog-facility', 'local0', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], false),
    enumParam('supervised', 'no', ['upstart', 'systemd', 'auto', 'no'], false),
    boolParam('lazyfree-lazy-user-flush', false),
    boolParam('lazyfree-lazy-user-del', false),
    boolParam('lazyfree-lazy-expire', false),
    boolParam('lazyfree-lazy-server-del', false),
    boolParam('lazyfree-lazy-eviction', false),
    oomScoreAdjValuesParam(),
    enumParam('oom-score-adj', 'no', ['no', 'yes', 'relative', 'absolute'], true, {}, undefined, { relative: 'yes' }),
    stringParam('proc-title-template', '{title} {listen-addr} {server-mode}', true, { validate: validProcTitle }),
    boolParam('set-proc-title', true, false),
    stringParam('ignore-warnings', ''),
    boolParam('crash-log-enabled', true),
    boolParam('crash-memcheck-enabled', true),
    boolParam('always-show-logo', false, false),
    boolParam('disable-thp', true, false),
    boolParam('jemalloc-bg-thread', true),
    enumParam('sanitize-dump-payload', 'no', ['no', 'yes', 'clients']),
    // persistence (accepted; respd keeps no files yet)
    boolParam('rdbcompression', true),
    boolParam('rdbchecksum', true, false),
    boolParam('rdb-del-sync-files', false),
    boolParam('rdb-save-incremental-fsync', true),
    boolParam('stop-writes-on-bgsave-error', true),
    stringParam('appendfilename', 'appendonly.aof', false, { validate: baseName("appendfilename can't be a path, just a filename", "appendfilename can't be empty") }),
    stringParam('appenddirname', 'appendonlydir', false, { validate: baseName("appenddirname can't be a path, just a dirname", "appenddirname can't be empty") }),
    enumParam('appendfsync', 'everysec', ['everysec', 'always', 'no']),
    boolParam('no-appendfsync-on-rewrite', false),
    intParam('auto-aof-rewrite-percentage', 100, 0, INT_MAX),
    memoryParam('auto-aof-rewrite-min-size', 67108864, 0, LONG_MAX),
    boolParam('aof-load-truncated', true),
    boolParam('aof-use-rdb-preamble', true),
    boolParam('aof-rewrite-incremental-fsync', true),
    boolParam('aof-timestamp-enabled', false),
    boolParam('aof-disable-auto-gc', false),
    // defragmentation
    noDefrag(boolParam('activedefrag', false)),
    boolParam('activerehashing', true),
    intParam('active-defrag-cycle-min', 1, 1, 99),
    intParam('active-defrag-cycle-max', 25, 1, 99),
    intParam('active-defrag-threshold-lower', 10, 0, 1000),
    intParam('active-defrag-threshold-upper', 100, 0, 1000),
    numericParam('active-defrag-ignore-bytes', 104857600, 1, LONG_MAX, true, { unsigned: true, memory: true }),
    intParam('active-defrag-max-scan-fields', 1000, 1, LONG_MAX),
    // replication (accepted; respd is always a master)
    replicaofParam(),
    stringParam('masterauth', '', true, secretNull),
    stringParam('masteruser', '', true, secretNull),
    boolParam('replica-serve-stale-data', true, true, { aliases: ['slave-serve-stale-data'] }),
    boolParam('replica-read-only', true, true, { aliases: ['slave-read-only'] }),
    boolParam('replica-ignore-maxmemory', true, true, { aliases: ['slave-ignore-maxmemory'] }),
    boolParam('replica-lazy-flush', false, true, { aliases: ['slave-lazy-flush'] }),
    boolParam('replica-announced', true),
    boolParam('replica-ignore-disk-write-errors', false),
    intParam('replica-priority', 100, 0, INT_MAX, true, { aliases: ['slave-priority'] }),
    stringParam('replica-announce-ip', '', true, { aliases: ['slave-announce-ip'], emptyIsNull: true }),
    intParam('replica-announce-port', 0, 0, 65535, true, { aliases: ['slave-announce-port'] }),
    boolParam('repl-diskless-sync', true),
    intParam('repl-diskless-sync-delay', 5, 0, INT_MAX),
    intParam('repl-diskless-sync-max-replicas', 0, 0, INT_MAX),
    enumParam('repl-diskless-load', 'disabled', ['disabled', 'on-empty-db', 'swapdb'], true, { denyLoading: true }),
    intParam('repl-ping-replica-period', 10, 1, INT_MAX, true, { aliases: ['repl-ping-slave-period'] }),
    intParam('repl-timeout', 60, 1, INT_MAX),
    boolParam('repl-disable-tcp-nodelay', false),
    memoryParam('repl-backlog-size', 1048576, 1, LONG_MAX),
    intParam('repl-backlog-ttl', 3600, 0, LONG_MAX),
    intParam('min-replicas-to-write', 0, 0, INT_MAX, true, { aliases: ['min-slaves-to-write'] }),
    intParam('min-replicas-max-lag', 10, 0, INT_MAX, true, { aliases: ['min-slaves-max-lag'] }),
    enumParam('propagation-error-behavior', 'ignore', ['ignore', 'panic', 'panic-on-replicas']),
    // cluster (accepted; cluster mode is not supported)
    boolParam('cluster-enabled', false, false),
    stringParam('cluster-config-file', 'nodes.conf', false),
    intParam('cluster-node-timeout', 15000, 0, LONG_MAX),
    intParam('cluster-port', 0, 0, 65535, false),
    stringParam('cluster-announce-ip', '', true, nullable),
    stringParam('cluster-announce-hostname', '', true, { emptyIsNull: true, validate: validHostname }),
    intParam('cluster-announce-port', 0, 0, 65535),
    intParam('cluster-announce-bus-port', 0, 0, 65535),
    intParam('cluster-announce-tls-port', 0, 0, 65535),
    intParam('cluster-replica-validity-factor', 10, 0, INT_MAX, true, { aliases: ['cluster-slave-validity-factor'] }),
    intParam('cluster-migration-barrier', 1, 0, INT_MAX),
    boolParam('cluster-allow-replica-migration', true),
    boolParam('cluster-require-full-coverage', true),
    boolParam('cluster-replica-no-failover', false, true, { aliases: ['cluster-slave-no-failover'] }),
    boolParam('cluster-allow-reads-when-down', false),
    boolParam('cluster-allow-pubsubshard-when-down', true),
    numericParam('cluster-link-sendbuf-limit', 0, 0, ULLONG_MAX, true, { unsigned: true, memory: true }),
    enumParam('cluster-preferred-endpoint-type', 'ip', ['ip', 'hostname', 'unknown-endpoint']),
    // threading and CPU affinity (accepted; respd is single threaded)
    intParam('io-threads', 1, 1, 128, false),
    boolParam('io-threads-do-reads', false, false),
    stringParam('server_cpulist', '', false, nullable),
    stringParam('bio_cpulist', '', false, nullable),
    stringParam('aof_rewrite_cpulist', '', false, nullable),
    stringParam('bgsave_cpulist', '', false, nullable),
    stringParam('bind-source-addr', '', true, nullable),
    numericParam('socket-mark-id', 0, 0, UINT_MAX, false, { unsigned: true }),
    // TLS (tls-port listeners; tls-cluster / tls-replication are accepted only)
    intParam('tls-port', 0, 0, 65535, true),
    stringParam('tls-cert-file', '', true, fileRef),
    stringParam('tls-key-file', '', true, fileRef),
    stringParam('tls-key-file-pass', '', true, secretNull),
    stringParam('tls-client-cert-file', '', true, fileRef),
    stringParam('tls-client-key-file', '', true, fileRef),
    stringParam('tls-client-key-file-pass', '', true, secretNull),
    stringParam('tls-dh-params-file', '', true, fileRef),
    stringParam('tls-ca-cert-file', '', true, fileRef),
    stringParam('tls-ca-cert-dir', '', true, fileRef),
    enumParam('tls-auth-clients', 'yes', ['no', 'yes', 'optional']),
    stringParam('tls-protocols', '', true, nullable),
    stringParam('tls-ciphers', '', true, nullable),
    stringParam('tls-ciphersuites', '', true, nullable),
    boolParam('tls-prefer-server-ciphers', false),
    boolParam('tls-session-caching', true),
    intParam('tls-session-cache-size', 20480, 0, INT_MAX),
    intParam('tls-session-cache-timeout', 300, 0, INT_MAX),
    boolParam('tls-cluster', false),
    boolParam('tls-replication', false),
    // debugging knobs Redis keeps out of CONFIG GET patterns
    boolParam('use-exit-on-panic', false, true, { hidden: true }),
    intParam('rdb-key-save-delay', 0, INT_MIN, INT_MAX, true, { hidden: true }),
    intParam('key-load-delay', 0, INT_MIN, INT_MAX, true, { hidden: true }),
    intParam('watchdog-period', 0, 0, INT_MAX, true, { hidden: true }),
    intParam('loading-process-events-interval-bytes', 2097152, 1024, INT_MAX, true, { hidden: true }),
  ];
}

export type { ConfigValue };
