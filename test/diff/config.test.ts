import { describe, it, beforeAll, afterAll, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { diffSuite, startPair, stopPair, type Pair } from '../helpers/diff.js';
import { RawClient } from '../helpers/raw-client.js';
import { haveRedis, freePort, startRespd } from '../helpers/servers.js';
import { sortedPairs, mapReply, type Reply } from '../helpers/normalize.js';
import { parseResp, pairs, text } from '../helpers/resp-tree.js';
import type { RunningServer } from '../../src/index.js';

// Both servers run with the same bind/dir so that CONFIG GET values compare equal.
const RESPD = { bind: '127.0.0.1', dir: '/tmp' };
const opts = { respdConfig: RESPD };

/** CONFIG GET * minus the listening port, which differs by construction. */
function maskPort(reply: string): string {
  return sortedPairs(mapReply(reply, (r) => {
    const items = r.items!.map((it, i, all) => (i % 2 === 1 && all[i - 1].v === 'port' ? { t: '$', v: 'PORT' } : it));
    return { ...r, items };
  }));
}

const OBUF_DEFAULT = 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60';

diffSuite('config get', [
  { name: 'exact name', cmds: ['CONFIG GET maxmemory', 'CONFIG GET timeout'] },
  { name: 'name as typed is echoed', cmds: ['CONFIG GET MAXMEMORY', 'CONFIG GET Hz'] },
  { name: 'aliases answer under their own name', cmds: ['CONFIG GET slave-read-only', 'CONFIG GET hash-max-ziplist-entries', 'CONFIG GET lua-time-limit', 'CONFIG GET slaveof'] },
  { name: 'unknown and empty names', cmds: ['CONFIG GET nosuch', ['CONFIG', 'GET', ''], ['CONFIG', 'GET', 'a\r\nb']] },
  { name: 'several names', cmds: ['CONFIG GET maxmemory hz timeout nosuch'], normalize: sortedPairs },
  { name: 'same name twice, any case', cmds: ['CONFIG GET hz hz HZ'] },
  { name: 'pattern maxmemory*', cmds: ['CONFIG GET maxmemory*'], normalize: sortedPairs },
  { name: 'pattern matches aliases too', cmds: ['CONFIG GET *slave*'], normalize: sortedPairs },
  { name: 'pattern *ziplist*', cmds: ['CONFIG GET *ziplist*'], normalize: sortedPairs },
  { name: 'pattern hash-max-*', cmds: ['CONFIG GET hash-max-*'], normalize: sortedPairs },
  { name: 'pattern with ?', cmds: ['CONFIG GET ?z', 'CONFIG GET h?'], normalize: sortedPairs },
  { name: 'pattern with a class', cmds: ['CONFIG GET [lm]*'], normalize: sortedPairs },
  { name: 'pattern with negated class', cmds: ['CONFIG GET [^a-s]*'], normalize: sortedPairs },
  { name: 'pattern is case-insensitive', cmds: ['CONFIG GET MAXMEM*', 'CONFIG GET *TLS-SESSION*'], normalize: sortedPairs },
  { name: 'pattern with escape', cmds: ['CONFIG GET hz\\*', 'CONFIG GET tls\\-port'], normalize: sortedPairs },
  { name: 'pattern matching nothing', cmds: ['CONFIG GET zzz*'] },
  { name: 'hidden parameters by exact name', cmds: ['CONFIG GET watchdog-period', 'CONFIG GET key-load-delay', 'CONFIG GET use-exit-on-panic', 'CONFIG GET loading-process-events-interval-bytes', 'CONFIG GET rdb-key-save-delay'] },
  { name: 'hidden parameters never match a pattern', cmds: ['CONFIG GET watchdog*', 'CONFIG GET *delay*', 'CONFIG GET *exit*'], normalize: sortedPairs },
  { name: 'exact name then pattern', cmds: ['CONFIG GET MAXMEMORY maxmem*'], normalize: sortedPairs },
  { name: 'pattern then exact name', cmds: ['CONFIG GET maxmem* MAXMEMORY'], normalize: sortedPairs },
  { name: 'every parameter (port masked)', cmds: ['CONFIG GET *'], normalize: maskPort },
  { name: 'every parameter in RESP3', resp3: true, cmds: ['CONFIG GET *'], normalize: maskPort },
  { name: 'RESP3 map', resp3: true, cmds: ['CONFIG GET maxmemory', 'CONFIG GET nosuch'] },
  { name: 'special parameters', cmds: ['CONFIG GET save', 'CONFIG GET bind', 'CONFIG GET client-output-buffer-limit', 'CONFIG GET oom-score-adj-values', 'CONFIG GET notify-keyspace-events', 'CONFIG GET latency-tracking-info-percentiles', 'CONFIG GET replicaof', 'CONFIG GET dir'] },
  { name: 'octal and enum text', cmds: ['CONFIG GET unixsocketperm', 'CONFIG GET shutdown-on-sigterm', 'CONFIG GET oom-score-adj'] },
  { name: 'arity and subcommands', cmds: ['CONFIG GET', 'CONFIG', 'CONFIG FOO', 'config Get hz'] },
], opts);

diffSuite('config set: validation', [
  { name: 'odd number of arguments', cmds: ['CONFIG SET hz 10 maxmemory', 'CONFIG SET hz'] },
  { name: 'unknown parameter', cmds: ['CONFIG SET nosuch 1', ['CONFIG', 'SET', '', '1'], ['CONFIG', 'SET', 'a\r\nb', '1']] },
  { name: 'unknown parameter leaves the others alone', cmds: ['CONFIG SET hz 5 nosuch 1', 'CONFIG GET hz'] },
  { name: 'immutable parameters', cmds: ['CONFIG SET daemonize no', 'CONFIG SET databases 16', 'CONFIG SET unixsocket /tmp/x', ['CONFIG', 'SET', 'slaveof', 'no one'], 'CONFIG SET DAEMONIZE no', 'CONFIG SET io-threads 1', 'CONFIG SET appendfilename x', 'CONFIG SET socket-mark-id 0'] },
  { name: 'protected parameters', cmds: ['CONFIG SET dir /tmp', 'CONFIG SET dbfilename x.rdb', 'CONFIG SET dbfilename a/b'] },
  { name: 'duplicate parameter', cmds: ['CONFIG SET hz 10 hz 11', 'CONFIG SET hz 10 HZ 11', 'CONFIG GET hz'] },
  { name: 'alias and name are not duplicates', cmds: ['CONFIG SET slave-read-only yes replica-read-only no', 'CONFIG GET replica-read-only', 'CONFIG GET slave-read-only', 'CONFIG SET replica-read-only yes'] },
  { name: 'the first problem wins', cmds: ['CONFIG SET daemonize no nosuch 1', 'CONFIG SET nosuch 1 daemonize no', 'CONFIG SET hz 10 hz 11 nosuch 1', 'CONFIG SET hz abc nosuch 1', 'CONFIG SET dir x daemonize no'] },
  { name: 'error names the canonical spelling', cmds: ['CONFIG SET HZ abc', 'CONFIG SET SLAVE-READ-ONLY maybe', 'CONFIG SET lua-time-limit abc', 'CONFIG SET Maxmemory abc'] },
  { name: 'bool values', cmds: ['CONFIG SET protected-mode maybe', 'CONFIG SET protected-mode ""', 'CONFIG SET protected-mode NO', 'CONFIG GET protected-mode', 'CONFIG SET protected-mode Yes', 'CONFIG GET protected-mode'] },
  { name: 'integer parsing is strict', cmds: ['CONFIG SET hz abc', 'CONFIG SET hz -1', 'CONFIG SET hz 2147483648', ['CONFIG', 'SET', 'hz', ' 1'], 'CONFIG SET hz 01', 'CONFIG SET hz 1.5', ['CONFIG', 'SET', 'hz', ''], 'CONFIG SET hz +1', 'CONFIG SET hz -0', 'CONFIG SET hz 9223372036854775808', 'CONFIG SET hz 0x10'] },
  { name: 'hz is clamped to 1..500', cmds: ['CONFIG SET hz 1000', 'CONFIG GET hz', 'CONFIG SET hz 0', 'CONFIG GET hz', 'CONFIG SET hz 10'] },
  { name: 'signed 64-bit range', cmds: ['CONFIG SET slowlog-log-slower-than -2', 'CONFIG SET slowlog-log-slower-than 9223372036854775807', 'CONFIG GET slowlog-log-slower-than', 'CONFIG SET slowlog-log-slower-than -1', 'CONFIG GET slowlog-log-slower-than', 'CONFIG SET slowlog-log-slower-than 10000'] },
  { name: 'unsigned parameters', cmds: ['CONFIG SET maxclients -1', 'CONFIG SET maxclients 0', 'CONFIG SET maxclients 4294967296', 'CONFIG SET maxclients 100', 'CONFIG GET maxclients', 'CONFIG SET maxclients 10000', 'CONFIG SET hash-max-listpack-entries -1', 'CONFIG SET slowlog-max-len -1'] },
  { name: 'int range limits', cmds: ['CONFIG SET list-max-listpack-size -2147483649', 'CONFIG SET list-max-listpack-size -5', 'CONFIG GET list-max-ziplist-size', 'CONFIG SET list-max-listpack-size -2', 'CONFIG SET maxmemory-samples 0', 'CONFIG SET maxmemory-samples 65', 'CONFIG GET maxmemory-samples', 'CONFIG SET maxmemory-samples 5', 'CONFIG SET active-expire-effort 11', 'CONFIG SET port 65536'] },
  { name: 'multiple pairs apply together', cmds: ['CONFIG SET hz 20 timeout 100 maxmemory 1mb', 'CONFIG GET hz', 'CONFIG GET timeout', 'CONFIG GET maxmemory', 'CONFIG SET hz 10 timeout 0 maxmemory 0'] },
  { name: 'a bad value changes nothing', cmds: ['CONFIG SET hz 20 timeout abc', 'CONFIG GET hz', 'CONFIG SET timeout 5 hz abc', 'CONFIG GET timeout'] },
  { name: 'replies OK when nothing changes', cmds: ['CONFIG SET hz 10', 'CONFIG SET maxmemory 0 maxmemory-policy noeviction'] },
  { name: 'aliases set the same value', cmds: ['CONFIG SET lua-time-limit 100', 'CONFIG GET busy-reply-threshold', 'CONFIG SET hash-max-ziplist-value 1kb', 'CONFIG GET hash-max-listpack-value', 'CONFIG SET busy-reply-threshold 5000 hash-max-listpack-value 64'] },
  { name: 'passwords', cmds: ['CONFIG SET requirepass s3cret', 'CONFIG GET requirepass', 'CONFIG SET requirepass ""', 'CONFIG GET requirepass', ['CONFIG', 'SET', 'requirepass', ''], 'CONFIG SET masterauth x', 'CONFIG GET masterauth', ['CONFIG', 'SET', 'masterauth', '']] },
  { name: 'no TLS listener or links can be enabled', cmds: ['CONFIG SET tls-port 1', 'CONFIG GET tls-port', 'CONFIG SET tls-replication yes', 'CONFIG SET tls-cluster yes', 'CONFIG SET tls-port 0', 'CONFIG SET tls-cert-file /nonexistent', 'CONFIG GET tls-cert-file', ['CONFIG', 'SET', 'tls-cert-file', '']] },
  { name: 'active defrag cannot be enabled', cmds: ['CONFIG SET activedefrag yes', 'CONFIG SET activedefrag maybe', 'CONFIG SET activedefrag no', 'CONFIG GET activedefrag'] },
  { name: 'string validation', cmds: ['CONFIG SET proc-title-template {foo}', ['CONFIG', 'SET', 'proc-title-template', ''], 'CONFIG SET proc-title-template {title', 'CONFIG SET proc-title-template {title}', 'CONFIG SET proc-title-template x}', 'CONFIG SET proc-title-template {{x}}', 'CONFIG GET proc-title-template', ['CONFIG', 'SET', 'proc-title-template', '{title} {listen-addr} {server-mode}']] },
  { name: 'hostname validation', cmds: ['CONFIG SET cluster-announce-hostname a_b', 'CONFIG SET cluster-announce-hostname a-b.example', 'CONFIG GET cluster-announce-hostname', ['CONFIG', 'SET', 'cluster-announce-hostname', 'x'.repeat(256)], ['CONFIG', 'SET', 'cluster-announce-hostname', '']] },
], opts);

diffSuite('config set: typed values', [
  { name: 'memory units', cmds: ['CONFIG SET maxmemory 1gb', 'CONFIG GET maxmemory', 'CONFIG SET maxmemory 1GB', 'CONFIG SET maxmemory 100mb', 'CONFIG GET maxmemory', 'CONFIG SET maxmemory 5k', 'CONFIG GET maxmemory', 'CONFIG SET maxmemory 3Kb', 'CONFIG GET maxmemory', 'CONFIG SET maxmemory 7b', 'CONFIG GET maxmemory', 'CONFIG SET maxmemory 0'] },
  { name: 'memory errors', cmds: ['CONFIG SET maxmemory abc', 'CONFIG SET maxmemory -1', 'CONFIG SET maxmemory 1.5', ['CONFIG', 'SET', 'maxmemory', ' 1'], 'CONFIG SET maxmemory +1', 'CONFIG SET maxmemory 0x10', 'CONFIG SET maxmemory 1tb', 'CONFIG GET maxmemory'] },
  { name: 'memory odd but accepted forms', cmds: [['CONFIG', 'SET', 'maxmemory', ''], 'CONFIG GET maxmemory', 'CONFIG SET maxmemory kb', 'CONFIG GET maxmemory', 'CONFIG SET maxmemory 0'] },
  { name: 'memory beyond 2^53 and 2^64', cmds: ['CONFIG SET maxmemory 9007199254740993', 'CONFIG GET maxmemory', 'CONFIG SET maxmemory 18446744073709551615', 'CONFIG GET maxmemory', 'CONFIG SET maxmemory 99999999999999999999', 'CONFIG GET maxmemory', 'CONFIG SET maxmemory 20000000000gb', 'CONFIG GET maxmemory', 'CONFIG SET maxmemory 0'] },
  { name: 'memory with a lower bound', cmds: ['CONFIG SET proto-max-bulk-len 1kb', 'CONFIG SET proto-max-bulk-len 2mb', 'CONFIG GET proto-max-bulk-len', 'CONFIG SET proto-max-bulk-len 9223372036854775808', 'CONFIG SET proto-max-bulk-len 512mb', 'CONFIG SET client-query-buffer-limit 1', 'CONFIG SET client-query-buffer-limit 1gb'] },
  { name: 'percent values', cmds: ['CONFIG SET maxmemory-clients 10%', 'CONFIG GET maxmemory-clients', 'CONFIG SET maxmemory-clients 101%', 'CONFIG SET maxmemory-clients -1%', 'CONFIG SET maxmemory-clients %', 'CONFIG SET maxmemory-clients 0%', 'CONFIG GET maxmemory-clients', 'CONFIG SET maxmemory-clients abc', 'CONFIG SET maxmemory-clients 0'] },
  { name: 'enum values', cmds: ['CONFIG SET maxmemory-policy ALLKEYS-LRU', 'CONFIG GET maxmemory-policy', 'CONFIG SET maxmemory-policy lru', 'CONFIG SET maxmemory-policy noeviction', 'CONFIG SET loglevel loud', ['CONFIG', 'SET', 'appendfsync', 'always no'], ['CONFIG', 'SET', 'loglevel', ''], 'CONFIG SET cluster-preferred-endpoint-type x', 'CONFIG SET propagation-error-behavior x', 'CONFIG SET repl-diskless-load x', 'CONFIG SET sanitize-dump-payload x', 'CONFIG SET acl-pubsub-default x'] },
  { name: 'enum synonyms print the first spelling', cmds: ['CONFIG SET oom-score-adj relative', 'CONFIG GET oom-score-adj', 'CONFIG SET oom-score-adj no', 'CONFIG GET oom-score-adj'] },
  { name: 'other enums round trip', cmds: ['CONFIG SET sanitize-dump-payload clients', 'CONFIG GET sanitize-dump-payload', 'CONFIG SET sanitize-dump-payload no', 'CONFIG SET repl-diskless-load swapdb', 'CONFIG GET repl-diskless-load', 'CONFIG SET repl-diskless-load disabled', 'CONFIG SET acl-pubsub-default allchannels', 'CONFIG GET acl-pubsub-default', 'CONFIG SET acl-pubsub-default resetchannels'] },
  { name: 'flag enums (shutdown-on-sigint)', cmds: [['CONFIG', 'SET', 'shutdown-on-sigint', 'save now'], 'CONFIG GET shutdown-on-sigint', ['CONFIG', 'SET', 'shutdown-on-sigint', 'nosave save'], ['CONFIG', 'SET', 'shutdown-on-sigint', 'default now'], 'CONFIG GET shutdown-on-sigint', ['CONFIG', 'SET', 'shutdown-on-sigint', 'force nosave'], 'CONFIG GET shutdown-on-sigint', ['CONFIG', 'SET', 'shutdown-on-sigint', 'NOW FORCE'], 'CONFIG GET shutdown-on-sigint', ['CONFIG', 'SET', 'shutdown-on-sigint', ''], 'CONFIG SET shutdown-on-sigint x', 'CONFIG SET shutdown-on-sigint default', 'CONFIG GET shutdown-on-sigint'] },
  { name: 'save', cmds: [['CONFIG', 'SET', 'save', '100 10 200'], ['CONFIG', 'SET', 'save', '100 10  200 5'], ['CONFIG', 'SET', 'save', '0 1'], ['CONFIG', 'SET', 'save', '1 -1'], ['CONFIG', 'SET', 'save', '10 1 20 2'], 'CONFIG GET save', ['CONFIG', 'SET', 'save', ''], 'CONFIG GET save', ['CONFIG', 'SET', 'save', '  ']] },
  { name: 'save number forms', cmds: [['CONFIG', 'SET', 'save', '10 '], 'CONFIG GET save', ['CONFIG', 'SET', 'save', '+5 1'], 'CONFIG GET save', ['CONFIG', 'SET', 'save', '010 1'], 'CONFIG GET save', ['CONFIG', 'SET', 'save', '10 4294967297'], 'CONFIG GET save', ['CONFIG', 'SET', 'save', '5x 1'], ['CONFIG', 'SET', 'save', '']] },
  { name: 'bind address count', cmds: [['CONFIG', 'SET', 'bind', '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17'], 'CONFIG GET bind'] },
  { name: 'client-output-buffer-limit', cmds: [['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1mb 2mb 3'], 'CONFIG GET client-output-buffer-limit', ['CONFIG', 'SET', 'client-output-buffer-limit', 'replica 1gb 2k 3 pubsub 1 2 3'], 'CONFIG GET client-output-buffer-limit', ['CONFIG', 'SET', 'client-output-buffer-limit', 'NORMAL 0 0 0'], 'CONFIG GET client-output-buffer-limit', ['CONFIG', 'SET', 'client-output-buffer-limit', OBUF_DEFAULT]] },
  { name: 'client-output-buffer-limit errors', cmds: [['CONFIG', 'SET', 'client-output-buffer-limit', 'master 1 2 3'], ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1 2'], ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal x 2 3'], ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1 2 -3'], ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1 2 3x'], ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal -1 0 0'], ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1 1 1 bogus 1 1 1'], 'CONFIG GET client-output-buffer-limit', ['CONFIG', 'SET', 'client-output-buffer-limit', '']] },
  { name: 'oom-score-adj-values', cmds: [['CONFIG', 'SET', 'oom-score-adj-values', '0 200 3000'], ['CONFIG', 'SET', 'oom-score-adj-values', '0 200'], ['CONFIG', 'SET', 'oom-score-adj-values', '0 x 1'], ['CONFIG', 'SET', 'oom-score-adj-values', '0 100 500'], 'CONFIG GET oom-score-adj-values', ['CONFIG', 'SET', 'oom-score-adj-values', '-2000 +5 2000'], 'CONFIG GET oom-score-adj-values', ['CONFIG', 'SET', 'oom-score-adj-values', '0 200 800']] },
  { name: 'notify-keyspace-events canonical form', cmds: ['CONFIG SET notify-keyspace-events KEA', 'CONFIG GET notify-keyspace-events', 'CONFIG SET notify-keyspace-events Ex$lshz', 'CONFIG GET notify-keyspace-events', 'CONFIG SET notify-keyspace-events gA', 'CONFIG GET notify-keyspace-events', 'CONFIG SET notify-keyspace-events Kx', 'CONFIG GET notify-keyspace-events', 'CONFIG SET notify-keyspace-events mnKEd', 'CONFIG GET notify-keyspace-events', 'CONFIG SET notify-keyspace-events g$lshzxetdKE', 'CONFIG GET notify-keyspace-events', ['CONFIG', 'SET', 'notify-keyspace-events', '']] },
  { name: 'notify-keyspace-events errors', cmds: ['CONFIG SET notify-keyspace-events Q', ['CONFIG', 'SET', 'notify-keyspace-events', 'a b'], 'CONFIG SET notify-keyspace-events k', 'CONFIG GET notify-keyspace-events'] },
  { name: 'latency-tracking-info-percentiles strtod forms', cmds: [['CONFIG', 'SET', 'latency-tracking-info-percentiles', '0x10 0x1.8p1'], 'CONFIG GET latency-tracking-info-percentiles', ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '1e-400'], ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '1e400'], ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '5 '], 'CONFIG GET latency-tracking-info-percentiles', ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99 99.9']] },
  { name: 'latency-tracking-info-percentiles', cmds: [['CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99.99999999 0 1e1'], 'CONFIG GET latency-tracking-info-percentiles', ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '101'], ['CONFIG', 'SET', 'latency-tracking-info-percentiles', 'x'], ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '50  99'], ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '-1'], ['CONFIG', 'SET', 'latency-tracking-info-percentiles', ''], 'CONFIG GET latency-tracking-info-percentiles', ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '0.5 33.333 75'], 'CONFIG GET latency-tracking-info-percentiles', ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99 99.9']] },
], opts);

diffSuite('config other subcommands', [
  { name: 'help', cmds: ['CONFIG HELP', 'config help', 'CONFIG HELP extra'] },
  { name: 'resetstat', cmds: ['CONFIG RESETSTAT', 'CONFIG RESETSTAT now'] },
  { name: 'rewrite without a config file', cmds: ['CONFIG REWRITE', 'CONFIG REWRITE x'] },
], opts);

/**
 * Every parameter against a spread of values: the reply to the SET, the
 * value CONFIG GET then shows, and the restore of the original, must all
 * match Redis. A few parameters whose change would disturb the servers
 * themselves (listening, passwords, persistence, client eviction) are
 * covered by the explicit cases above instead.
 */
const SWEEP_SKIP = new Set(['port', 'bind', 'requirepass', 'appendonly', 'save', 'maxmemory-clients', 'watchdog-period', 'timeout', 'maxclients']);
const SWEEP_VALUES = ['abc', '-1', '0', '1', '7', '100', '2147483648', '9223372036854775808', '1kb', '3M', '5%', 'yes', 'NO', '', 'local', '0777'];

const sweep = haveRedis() ? describe : describe.skip;
sweep('differential: config set sweep over every parameter', () => {
  let pair: Pair;
  let names: string[] = [];
  const originals = new Map<number, Map<string, string>>();
  beforeAll(async () => {
    pair = await startPair([], RESPD);
    for (const port of [pair.redis.port, pair.respd.port]) {
      const cl = await RawClient.connect(port);
      const r = parseResp((await cl.call('CONFIG', 'GET', '*'))!);
      cl.close();
      const m = new Map<string, string>();
      for (const [k, v] of pairs(r)) m.set(text(k)!, text(v)!);
      originals.set(port, m);
    }
    names = [...originals.get(pair.redis.port)!.keys()].filter((n) => !SWEEP_SKIP.has(n)).sort();
  }, 20000);
  afterAll(async () => {
    await stopPair(pair);
  });

  async function run(port: number, name: string): Promise<string[]> {
    const cl = await RawClient.connect(port);
    const out: string[] = [];
    try {
      const orig = originals.get(port)!.get(name)!;
      for (const v of SWEEP_VALUES) {
        out.push(`SET ${JSON.stringify(v)} -> ${(await cl.call('CONFIG', 'SET', name, v))!.toString('latin1')}`);
        out.push(`GET -> ${(await cl.call('CONFIG', 'GET', name))!.toString('latin1')}`);
        out.push(`restore -> ${(await cl.call('CONFIG', 'SET', name, orig))!.toString('latin1')}`);
      }
    } finally {
      cl.close();
    }
    return out;
  }

  it('covers every parameter', () => {
    expect(names.length).toBeGreaterThan(150);
  });

  it('all parameters behave like Redis', async () => {
    const mismatches: string[] = [];
    for (const name of names) {
      const expected = await run(pair.redis.port, name);
      const actual = await run(pair.respd.port, name);
      for (let i = 0; i < expected.length; i++) {
        if (expected[i] !== actual[i]) mismatches.push(`${name}: expected ${JSON.stringify(expected[i])} got ${JSON.stringify(actual[i])}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 120000);
});

/** redis.conf text both servers start from (port and paths substituted). */
function confText(port: number, dir: string): string {
  return [
    '# respd/redis CONFIG REWRITE test',
    '   # an indented comment',
    `port ${port}`,
    'bind 127.0.0.1',
    '',
    '',
    'slave-read-only no',
    'hz 20',
    'HZ 30',
    '',
    '# between',
    'maxmemory-policy allkeys-lru',
    'save 100 1',
    'save 200 2',
    'client-output-buffer-limit normal 1mb 2mb 3',
    'hash-max-ziplist-entries 100',
    'loglevel notice',
    `dir ${dir}`,
    'appendonly no',
    '',
  ].join('\n');
}

const rewrite = haveRedis() ? describe : describe.skip;
rewrite('differential: config rewrite', () => {
  it('rewrites the file it started from like Redis', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'respd-rewrite-'));
    const redisFile = join(dir, 'redis.conf');
    const respdFile = join(dir, 'respd.conf');
    const rport = await freePort();
    writeFileSync(redisFile, confText(rport, dir));
    const proc = spawn('redis-server', [redisFile], { stdio: 'ignore' });
    let respd: RunningServer | null = null;
    try {
      await new Promise((r) => setTimeout(r, 400));
      respd = await startRespd({ bind: '127.0.0.1' });
      writeFileSync(respdFile, confText(respd.port, dir));
      // what `respd respd.conf` would have loaded
      const { loadConfigText } = await import('../../src/config/file.js');
      loadConfigText(respd.server.config, confText(respd.port, dir));
      respd.server.config.file = respdFile;
      const cmds = [['CONFIG', 'SET', 'maxmemory', '2gb'], ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'], ['CONFIG', 'SET', 'slowlog-max-len', '5'],
        ['CONFIG', 'SET', 'hash-max-listpack-entries', '100'], ['CONFIG', 'SET', 'timeout', '0'], ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 1mb 0'], ['CONFIG', 'REWRITE']];
      for (const [port, file] of [[rport, redisFile], [respd.port, respdFile]] as const) {
        const cl = await RawClient.connect(port);
        for (const c of cmds) expect((await cl.call(...c))!.toString('latin1')).toBe('+OK\r\n');
        cl.close();
        void file;
      }
      const norm = (text: string) => {
        const [kept, added = ''] = text.split('# Generated by CONFIG REWRITE\n');
        // appended directives come in hash-table order in Redis; paths, port and the ACL user line differ by setup
        const skip = /^(port|dir|user|logfile|pidfile|daemonize) /;
        return kept.replace(/^port \d+$/m, 'port P') + '\n---\n' + added.split('\n').filter((l) => l !== '' && !skip.test(l)).sort().join('\n');
      };
      expect(norm(readFileSync(respdFile, 'latin1'))).toBe(norm(readFileSync(redisFile, 'latin1')));
    } finally {
      proc.kill('SIGKILL');
      await respd?.close();
    }
  }, 20000);
});
