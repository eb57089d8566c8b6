/**
 * Every redis.conf directive of Redis 7.0. The ones respd acts on are typed
 * here with their ranges; the rest (replication, cluster, defrag, AOF
 * tuning…) are accepted with their Redis defaults so that a stock
 * redis.conf loads and CONFIG GET shows the same names, but they have no
 * effect yet. Their type is taken from the default's shape.
 */
import {
  boolParam, intParam, memoryParam, enumParam, stringParam, ConfigError,
  type ParamDef, type ConfigValue, parseMemory,
} from './registry.js';
import { parseI64Number } from '../protocol/ints.js';
import { notifyKeyspaceEventsParam } from '../server/notifications.js';

const INT_MAX = 2147483647;
const LLONG_MAX = Number.MAX_SAFE_INTEGER;

/** A space-separated list directive (bind, save): CONFIG GET prints it joined. */
function listParam(name: string, def: string[], mutable: boolean, validate?: (args: string[]) => void, extra: Partial<ParamDef> = {}): ParamDef {
  return {
    name, default: def, mutable, words: -1, ...extra,
    parse(args) {
      const words = args.length === 1 ? args[0].split(' ').filter((w) => w !== '') : args;
      validate?.(words);
      return words;
    },
    format: (v) => (v as string[]).join(' '),
  };
}

function validateSave(words: string[]): void {
  if (words.length === 1 && words[0] === '') return;
  if (words.length % 2 !== 0) throw new ConfigError('Invalid save parameters');
  for (const w of words) {
    const n = parseI64Number(w);
    if (n === null || n < 0) throw new ConfigError('Invalid save parameters');
  }
}

const CLASSES = ['normal', 'slave', 'replica', 'pubsub'];

/** client-output-buffer-limit <class> <hard> <soft> <seconds> [...] */
function parseObufLimits(args: string[], current: string[]): string[] {
  const words = args.length === 1 ? args[0].split(' ').filter((w) => w !== '') : args;
  if (words.length % 4 !== 0) throw new ConfigError('Wrong number of arguments in buffer limit configuration.');
  const out = [...current];
  for (let i = 0; i < words.length; i += 4) {
    let cls = words[i].toLowerCase();
    if (!CLASSES.includes(cls)) throw new ConfigError('Invalid client class specified in buffer limit configuration.');
    if (cls === 'replica') cls = 'slave';
    const hard = parseMemory(words[i + 1]);
    const soft = parseMemory(words[i + 2]);
    const secs = parseI64Number(words[i + 3]);
    if (hard === null || soft === null || secs === null || hard < 0 || soft < 0 || secs < 0) {
      throw new ConfigError('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
    }
    const idx = out.indexOf(cls);
    out.splice(idx + 1, 3, String(hard), String(soft), String(secs));
  }
  return out;
}

/** `user <name> <rules…>` lines of redis.conf: each adds one ACL user (read at startup). */
function userParam(): ParamDef {
  return {
    name: 'user', default: [], mutable: false, words: -1, accumulates: true,
    parse(args) { return [args.join(' ')]; },
    format: (v) => (v as string[]).join('\n'),
  };
}

export const OBUF_DEFAULT = ['normal', '0', '0', '0', 'slave', '268435456', '67108864', '60', 'pubsub', '33554432', '8388608', '60'];

export function coreParams(): ParamDef[] {
  const obuf: ParamDef = {
    name: 'client-output-buffer-limit', default: OBUF_DEFAULT, mutable: true, words: -1, accumulates: true,
    parse(args) { return parseObufLimits(args, OBUF_DEFAULT); },
    format: (v) => (v as string[]).join(' '),
  };
  return [
    intParam('port', 6379, 0, 65535, true),
    listParam('bind', ['*', '-::*'], true),
    boolParam('protected-mode', true),
    intParam('tcp-backlog', 511, 0, INT_MAX, false),
    intParam('timeout', 0, 0, INT_MAX),
    intParam('tcp-keepalive', 300, 0, INT_MAX),
    intParam('databases', 16, 1, INT_MAX, false),
    enumParam('loglevel', 'notice', ['debug', 'verbose', 'notice', 'warning']),
    stringParam('logfile', '', false),
    stringParam('requirepass', '', true, { secret: true }),
    intParam('maxclients', 10000, 1, 4294967295),
    memoryParam('proto-max-bulk-len', 536870912, 1024 * 1024, LLONG_MAX),
    memoryParam('client-query-buffer-limit', 1073741824, 1024 * 1024, LLONG_MAX),
    intParam('hz', 10, 0, INT_MAX),
    boolParam('dynamic-hz', true),
    listParam('save', ['3600', '1', '300', '100', '60', '10000'], true, validateSave, { accumulates: true }),
    boolParam('appendonly', false),
    stringParam('dbfilename', 'dump.rdb'),
    stringParam('dir', process.cwd()),
    boolParam('daemonize', false, false),
    stringParam('pidfile', '', false),
    memoryParam('maxmemory', 0, 0, LLONG_MAX),
    enumParam('maxmemory-policy', 'noeviction', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction']),
    intParam('maxmemory-samples', 5, 1, 64),
    memoryParam('maxmemory-clients', 0, 0, LLONG_MAX),
    intParam('lfu-log-factor', 10, 0, INT_MAX),
    intParam('lfu-decay-time', 1, 0, INT_MAX),
    intParam('active-expire-effort', 1, 1, 10),
    notifyKeyspaceEventsParam(),
    intParam('slowlog-log-slower-than', 10000, -1, LLONG_MAX),
    intParam('slowlog-max-len', 128, 0, LLONG_MAX),
    intParam('latency-monitor-threshold', 0, 0, LLONG_MAX),
    boolParam('latency-tracking', true),
    listParam('latency-tracking-info-percentiles', ['50', '99', '99.9'], true),
    intParam('busy-reply-threshold', 5000, 0, LLONG_MAX, true, { aliases: ['lua-time-limit'] }),
    stringParam('unixsocket', '', false),
    intParam('unixsocketperm', 0, 0, 0o777, false),
    enumParam('enable-debug-command', 'no', ['no', 'yes', 'local'], false),
    stringParam('aclfile', '', false),
    intParam('acllog-max-len', 128, 0, LLONG_MAX),
    userParam(),
    enumParam('acl-pubsub-default', 'resetchannels', ['allchannels', 'resetchannels']),
    intParam('list-max-listpack-size', -2, -5, INT_MAX, true, { aliases: ['list-max-ziplist-size'] }),
    intParam('list-compress-depth', 0, 0, INT_MAX),
    intParam('hash-max-listpack-entries', 512, 0, LLONG_MAX, true, { aliases: ['hash-max-ziplist-entries'] }),
    intParam('hash-max-listpack-value', 64, 0, LLONG_MAX, true, { aliases: ['hash-max-ziplist-value'] }),
    intParam('set-max-intset-entries', 512, 0, LLONG_MAX),
    intParam('zset-max-listpack-entries', 128, 0, LLONG_MAX, true, { aliases: ['zset-max-ziplist-entries'] }),
    intParam('zset-max-listpack-value', 64, 0, LLONG_MAX, true, { aliases: ['zset-max-ziplist-value'] }),
    memoryParam('stream-node-max-bytes', 4096, 0, LLONG_MAX),
    intParam('stream-node-max-entries', 100, 0, LLONG_MAX),
    obuf,
    intParam('tracking-table-max-keys', 1000000, 0, LLONG_MAX),
    intParam('shutdown-timeout', 10, 0, INT_MAX),
    boolParam('syslog-enabled', false, false),
    stringParam('syslog-ident', 'redis', false),
    enumParam('syslog-facility', 'local0', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], false),
    boolParam('replica-read-only', true, true, { aliases: ['slave-read-only'] }),
    boolParam('lazyfree-lazy-user-flush', false),
    boolParam('lazyfree-lazy-user-del', false),
    boolParam('lazyfree-lazy-expire', false),
    boolParam('lazyfree-lazy-server-del', false),
    boolParam('lazyfree-lazy-eviction', false),
    intParam('tls-port', 0, 0, 65535, true),
    stringParam('tls-cert-file', ''),
    stringParam('tls-key-file', ''),
    stringParam('tls-key-file-pass', '', true, { secret: true }),
    stringParam('tls-ca-cert-file', ''),
    stringParam('tls-ca-cert-dir', ''),
    enumParam('tls-auth-clients', 'yes', ['no', 'yes', 'optional']),
    stringParam('tls-protocols', ''),
    stringParam('tls-ciphers', ''),
    stringParam('tls-ciphersuites', ''),
    boolParam('tls-prefer-server-ciphers', false),
    ...acceptedParams(),
  ];
}

/** Directives accepted for compatibility; [name, Redis default text, aliases]. */
const ACCEPTED: [string, string, string[]?][] = [
  ["active-defrag-cycle-max", "25"],
  ["active-defrag-cycle-min", "1"],
  ["active-defrag-ignore-bytes", "104857600"],
  ["active-defrag-max-scan-fields", "1000"],
  ["active-defrag-threshold-lower", "10"],
  ["active-defrag-threshold-upper", "100"],
  ["activedefrag", "no"],
  ["activerehashing", "yes"],
  ["always-show-logo", "no"],
  ["aof-disable-auto-gc", "no"],
  ["aof-load-truncated", "yes"],
  ["aof-rewrite-incremental-fsync", "yes"],
  ["aof-timestamp-enabled", "no"],
  ["aof-use-rdb-preamble", "yes"],
  ["aof_rewrite_cpulist", ""],
  ["appenddirname", "appendonlydir"],
  ["appendfilename", "appendonly.aof"],
  ["appendfsync", "everysec"],
  ["auto-aof-rewrite-min-size", "67108864"],
  ["auto-aof-rewrite-percentage", "100"],
  ["bgsave_cpulist", ""],
  ["bind-source-addr", ""],
  ["bio_cpulist", ""],
  ["cluster-allow-pubsubshard-when-down", "yes"],
  ["cluster-allow-reads-when-down", "no"],
  ["cluster-allow-replica-migration", "yes"],
  ["cluster-announce-bus-port", "0"],
  ["cluster-announce-hostname", ""],
  ["cluster-announce-ip", ""],
  ["cluster-announce-port", "0"],
  ["cluster-announce-tls-port", "0"],
  ["cluster-config-file", "nodes.conf"],
  ["cluster-enabled", "no"],
  ["cluster-link-sendbuf-limit", "0"],
  ["cluster-migration-barrier", "1"],
  ["cluster-node-timeout", "15000"],
  ["cluster-port", "0"],
  ["cluster-preferred-endpoint-type", "ip"],
  ["cluster-replica-no-failover", "no", ["cluster-slave-no-failover"]],
  ["cluster-replica-validity-factor", "10", ["cluster-slave-validity-factor"]],
  ["cluster-require-full-coverage", "yes"],
  ["crash-log-enabled", "yes"],
  ["crash-memcheck-enabled", "yes"],
  ["disable-thp", "yes"],
  ["enable-module-command", "no"],
  ["enable-protected-configs", "no"],
  ["hll-sparse-max-bytes", "3000"],
  ["ignore-warnings", ""],
  ["io-threads", "1"],
  ["io-threads-do-reads", "no"],
  ["jemalloc-bg-thread", "yes"],
  ["masterauth", ""],
  ["masteruser", ""],
  ["maxmemory-eviction-tenacity", "10"],
  ["min-replicas-max-lag", "10", ["min-slaves-max-lag"]],
  ["min-replicas-to-write", "0", ["min-slaves-to-write"]],
  ["no-appendfsync-on-rewrite", "no"],
  ["oom-score-adj", "no"],
  ["oom-score-adj-values", "0 200 800"],
  ["proc-title-template", "{title} {listen-addr} {server-mode}"],
  ["propagation-error-behavior", "ignore"],
  ["rdb-del-sync-files", "no"],
  ["rdb-save-incremental-fsync", "yes"],
  ["rdbchecksum", "yes"],
  ["rdbcompression", "yes"],
  ["repl-backlog-size", "1048576"],
  ["repl-backlog-ttl", "3600"],
  ["repl-disable-tcp-nodelay", "no"],
  ["repl-diskless-load", "disabled"],
  ["repl-diskless-sync", "yes"],
  ["repl-diskless-sync-delay", "5"],
  ["repl-diskless-sync-max-replicas", "0"],
  ["repl-ping-replica-period", "10", ["repl-ping-slave-period"]],
  ["repl-timeout", "60"],
  ["replica-announce-ip", "", ["slave-announce-ip"]],
  ["replica-announce-port", "0", ["slave-announce-port"]],
  ["replica-announced", "yes"],
  ["replica-ignore-disk-write-errors", "no"],
  ["replica-ignore-maxmemory", "yes", ["slave-ignore-maxmemory"]],
  ["replica-lazy-flush", "no", ["slave-lazy-flush"]],
  ["replica-priority", "100", ["slave-priority"]],
  ["replica-serve-stale-data", "yes", ["slave-serve-stale-data"]],
  ["replicaof", "", ["slaveof"]],
  ["sanitize-dump-payload", "no"],
  ["server_cpulist", ""],
  ["set-proc-title", "yes"],
  ["shutdown-on-sigint", "default"],
  ["shutdown-on-sigterm", "default"],
  ["socket-mark-id", "0"],
  ["stop-writes-on-bgsave-error", "yes"],
  ["supervised", "no"],
  ["tls-client-cert-file", ""],
  ["tls-client-key-file", ""],
  ["tls-client-key-file-pass", ""],
  ["tls-cluster", "no"],
  ["tls-dh-params-file", ""],
  ["tls-replication", "no"],
  ["tls-session-cache-size", "20480"],
  ["tls-session-cache-timeout", "300"],
  ["tls-session-caching", "yes"],
];

function acceptedParams(): ParamDef[] {
  return ACCEPTED.map(([name, def, aliases]) => {
    const extra = { aliases: aliases ?? [] };
    if (def === 'yes' || def === 'no') return boolParam(name, def === 'yes', true, extra);
    if (/^-?\d+$/.test(def)) return intParam(name, Number(def), -LLONG_MAX, LLONG_MAX, true, extra);
    return stringParam(name, def, true, extra);
  });
}

export type { ConfigValue };
