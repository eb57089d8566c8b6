import { describe, it, beforeAll, afterAll, expect } from 'vitest';
import { diffSuite, startPair, stopPair, type Pair } from '../helpers/diff.js';
import { RawClient } from '../helpers/raw-client.js';
import { haveRedis, startRespd } from '../helpers/servers.js';
import { infoShape, infoBody, infoFields } from '../helpers/normalize.js';
import { parseResp } from '../helpers/resp-tree.js';

const RESPD = { bind: '127.0.0.1', dir: '/tmp' };

/**
 * Values that must be identical on two idle servers right after CONFIG
 * RESETSTAT: constants, counters reset to zero, and counters fed by the
 * same byte-identical traffic. Everything else (times, memory, CPU, ids,
 * the port, the process, output bytes that include earlier INFO replies)
 * is masked.
 */
const EXACT = new Set([
  'redis_version', 'redis_git_sha1', 'redis_git_dirty', 'redis_mode', 'os', 'arch_bits', 'monotonic_clock', 'multiplexing_api',
  'process_supervised', 'hz', 'configured_hz', 'config_file', 'io_threads_active',
  'cluster_connections', 'maxclients', 'blocked_clients', 'tracking_clients', 'clients_in_timeout_table',
  'maxmemory', 'maxmemory_human', 'maxmemory_policy', 'mem_not_counted_for_evict', 'mem_replication_backlog',
  'mem_total_replication_buffers', 'mem_clients_slaves', 'mem_cluster_links', 'mem_aof_buffer', 'active_defrag_running',
  'lazyfree_pending_objects', 'lazyfreed_objects', 'number_of_cached_scripts', 'number_of_functions', 'number_of_libraries',
  'loading', 'async_loading', 'current_cow_peak', 'current_cow_size', 'current_cow_size_age', 'current_fork_perc',
  'current_save_keys_processed', 'current_save_keys_total', 'rdb_bgsave_in_progress', 'rdb_last_bgsave_status',
  'rdb_last_bgsave_time_sec', 'rdb_current_bgsave_time_sec', 'rdb_saves', 'rdb_last_cow_size', 'rdb_last_load_keys_expired',
  'aof_enabled', 'aof_rewrite_in_progress', 'aof_rewrite_scheduled', 'aof_last_rewrite_time_sec',
  'aof_current_rewrite_time_sec', 'aof_last_bgrewrite_status', 'aof_rewrites', 'aof_rewrites_consecutive_failures',
  'aof_last_write_status', 'aof_last_cow_size', 'module_fork_in_progress', 'module_fork_last_cow_size',
  'total_connections_received', 'total_commands_processed', 'total_net_input_bytes',
  'total_net_repl_input_bytes', 'total_net_repl_output_bytes', 'instantaneous_input_repl_kbps', 'instantaneous_output_repl_kbps',
  'rejected_connections', 'sync_full', 'sync_partial_ok', 'sync_partial_err', 'expired_keys', 'expired_stale_perc',
  'expired_time_cap_reached_count', 'evicted_keys', 'evicted_clients', 'total_eviction_exceeded_time',
  'current_eviction_exceeded_time', 'keyspace_hits', 'keyspace_misses', 'pubsub_channels', 'pubsub_patterns',
  'pubsubshard_channels', 'latest_fork_usec', 'total_forks', 'migrate_cached_sockets', 'slave_expires_tracked_keys',
  'active_defrag_hits', 'active_defrag_misses', 'active_defrag_key_hits', 'active_defrag_key_misses', 'total_active_defrag_time',
  'current_active_defrag_time', 'tracking_total_keys', 'tracking_total_items', 'tracking_total_prefixes',
  'unexpected_error_replies', 'total_error_replies', 'dump_payload_sanitizations', 'total_reads_processed',
  'total_writes_processed', 'io_threaded_reads_processed', 'io_threaded_writes_processed',
  'role', 'connected_slaves', 'master_failover_state', 'master_replid2', 'master_repl_offset', 'second_repl_offset',
  'repl_backlog_active', 'repl_backlog_size', 'repl_backlog_first_byte_offset', 'repl_backlog_histlen',
  'used_cpu_sys_children', 'used_cpu_user_children', 'cluster_enabled',
]);

/** Keeps exact values, masks the rest; in command and latency stats only the timings are masked. */
function infoValue(field: string, v: string): string | null {
  if (field === 'respd_version') return null;
  if (EXACT.has(field) || field.startsWith('errorstat_') || /^db\d+$/.test(field)) return v;
  if (field.startsWith('cmdstat_')) return v.replace(/usec=\d+/, 'usec=*').replace(/usec_per_call=[\d.]+/, 'usec_per_call=*');
  if (field.startsWith('latency_percentiles_usec_')) return v.replace(/=[\d.]+/g, '=*');
  return '*';
}

/** INFO replies compared by structure and the values that must match; other replies as they are. */
function infoNorm(reply: string): string {
  if (reply[0] !== '$' && reply[0] !== '=') return reply;
  return reply[0] + '\n' + infoShape(infoBody(reply), infoValue);
}

/** Each case first zeroes the statistics, so both servers report from the same starting point. */
function info(name: string, ...args: string[][]): { name: string; cmds: (string | string[])[]; normalize: typeof infoNorm } {
  return { name, cmds: ['CONFIG RESETSTAT', ...args.map((a) => ['INFO', ...a])], normalize: infoNorm };
}

diffSuite('info sections and fields', [
  info('INFO'),
  info('INFO default', ['default']),
  info('INFO all', ['all']),
  info('INFO everything', ['everything']),
  info('INFO server', ['server']),
  info('INFO clients', ['clients']),
  info('INFO memory', ['memory']),
  info('INFO persistence', ['persistence']),
  info('INFO stats', ['stats']),
  info('INFO replication', ['replication']),
  info('INFO cpu', ['cpu']),
  info('INFO modules', ['modules']),
  info('INFO module_list', ['module_list']),
  info('INFO commandstats', ['commandstats']),
  info('INFO errorstats', ['errorstats']),
  info('INFO latencystats', ['latencystats']),
  info('INFO cluster', ['cluster']),
  info('INFO keyspace', ['keyspace']),
  info('section names are case-insensitive', ['SERVER'], ['Stats']),
  info('several sections come in Redis order', ['keyspace', 'server', 'cluster', 'server']),
  info('default plus extra sections', ['default', 'commandstats', 'latencystats']),
  info('all plus a section', ['all', 'server']),
  info('everything plus default', ['everything', 'default']),
  info('unknown section is empty', ['nosuch'], ['nosuch', 'other']),
  info('unknown with a known section', ['nosuch', 'cluster']),
  { ...info('RESP3 verbatim', [], ['cluster'], ['nosuch']), resp3: true },
  info('stats after several commands', ['stats'], ['stats']),
  info('commandstats count their own calls', ['commandstats'], ['commandstats']),
  { name: 'errorstats after errors', cmds: ['CONFIG RESETSTAT', 'NOSUCHCMD', 'GET', 'CONFIG SET hz abc', 'CONFIG GET', ['INFO', 'errorstats'], ['INFO', 'stats'], ['INFO', 'commandstats']], normalize: infoNorm },
  { name: 'error codes are tracked separately', cmds: ['CONFIG RESETSTAT', 'CONFIG SET nosuch 1', 'HELLO 4', 'AUTH x', ['INFO', 'errorstats']], normalize: infoNorm },
  { name: 'latencystats with custom percentiles', cmds: ['CONFIG RESETSTAT', ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '0 12.5 100'], ['INFO', 'latencystats'], ['CONFIG', 'SET', 'latency-tracking-info-percentiles', ''], ['INFO', 'latencystats'], ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99 99.9']], normalize: infoNorm },
  { name: 'latencystats off when latency-tracking is off', cmds: ['CONFIG RESETSTAT', 'CONFIG SET latency-tracking no', 'PING', ['INFO', 'latencystats'], 'CONFIG SET latency-tracking yes', ['INFO', 'latencystats']], normalize: infoNorm },
  { name: 'maxmemory in human form', cmds: ['CONFIG RESETSTAT', 'CONFIG SET maxmemory 1536mb', ['INFO', 'memory'], 'CONFIG SET maxmemory 1000', ['INFO', 'memory'], 'CONFIG SET maxmemory 5000000 maxmemory-policy allkeys-lru', ['INFO', 'memory'], 'CONFIG SET maxmemory 0 maxmemory-policy noeviction'], normalize: infoNorm },
  { name: 'hz follows the configuration', cmds: ['CONFIG RESETSTAT', 'CONFIG SET hz 100', ['INFO', 'server'], 'CONFIG SET hz 10'], normalize: infoNorm },
  { name: 'min-replicas adds a replication field', cmds: ['CONFIG RESETSTAT', 'CONFIG SET min-replicas-to-write 1', ['INFO', 'replication'], 'CONFIG SET min-replicas-to-write 0'], normalize: infoNorm },
  { name: 'arity is free', cmds: ['CONFIG RESETSTAT', ['INFO', 'server', 'clients', 'memory', 'cpu', 'cluster']], normalize: infoNorm },
], { respdConfig: RESPD });

const d = haveRedis() ? describe : describe.skip;

/** Runs commands on one connection, returning replies as latin1. */
async function run(cl: RawClient, cmds: string[][]): Promise<string[]> {
  const out: string[] = [];
  for (const c of cmds) out.push((await cl.call(...c))!.toString('latin1'));
  return out;
}

async function infoOf(cl: RawClient, section: string): Promise<Map<string, string>> {
  return infoFields(infoBody((await cl.call('INFO', section))!.toString('latin1')));
}

d('differential: info values after a workload', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair([], RESPD);
  }, 20000);
  afterAll(async () => {
    await stopPair(pair);
  });

  it('keyspace hits/misses, counters, errors and commandstats match exactly', async () => {
    const work = [
      ['CONFIG', 'RESETSTAT'],
      ['SET', 'a', '1'], ['SET', 'b', '2'], ['GET', 'a'], ['GET', 'a'], ['GET', 'nope'], ['GET', 'b'],
      ['SELECT', '3'], ['SET', 'x', 'y'], ['GET', 'x'], ['GET', 'missing'], ['SELECT', '0'],
      ['GET'], ['NOSUCH'], ['CONFIG', 'SET', 'hz', 'x'], ['PING'], ['ECHO', 'hello'],
    ];
    const results: Map<string, string>[] = [];
    for (const port of [pair.redis.port, pair.respd.port]) {
      const cl = await RawClient.connect(port);
      // Redis may have loaded a dump.rdb left in its directory; respd starts empty
      if (port === pair.redis.port) await cl.call('FLUSHALL');
      await run(cl, work);
      const text = infoBody((await cl.call('INFO', 'everything'))!.toString('latin1'));
      cl.close();
      results.push(infoFields(text));
    }
    const [r, s] = results;
    for (const f of ['keyspace_hits', 'keyspace_misses', 'total_commands_processed', 'total_error_replies', 'total_net_input_bytes',
      'total_net_output_bytes', 'total_reads_processed', 'total_writes_processed', 'expired_keys', 'evicted_keys', 'db0', 'db3',
      'errorstat_ERR', 'connected_clients', 'rejected_connections', 'total_connections_received']) {
      expect([f, s.get(f)]).toEqual([f, r.get(f)]);
    }
    for (const cmd of ['get', 'set', 'select', 'ping', 'echo', 'config|set', 'config|resetstat']) {
      const strip = (v: string | undefined) => v?.replace(/usec=\d+,usec_per_call=[\d.]+,/, '');
      expect([cmd, strip(s.get(`cmdstat_${cmd}`))]).toEqual([cmd, strip(r.get(`cmdstat_${cmd}`))]);
    }
    expect(s.get('keyspace_hits')).toBe('4');
    expect(s.get('keyspace_misses')).toBe('2');
    expect(s.get('db0')).toBe('keys=2,expires=0,avg_ttl=0');
  });

  it('expired keys and the expires count match', async () => {
    // Redis is given the TTL with PEXPIRE; respd gets the same TTL through its keyspace API
    const setup = [['CONFIG', 'RESETSTAT'], ['SELECT', '5'], ['SET', 'e1', 'v'], ['SET', 'e2', 'v'], ['SET', 'keep', 'v']];
    const rc = await RawClient.connect(pair.redis.port);
    const sc = await RawClient.connect(pair.respd.port);
    await rc.call('FLUSHALL');
    await run(rc, setup);
    await run(sc, setup);
    await run(rc, [['PEXPIRE', 'e1', '50'], ['PEXPIRE', 'e2', '100000']]);
    const ks = pair.respd.server.keyspace;
    ks.setExpire(ks.dbs[5], 'e1', Date.now() + 50);
    ks.setExpire(ks.dbs[5], 'e2', Date.now() + 100000);
    const before = [await infoOf(rc, 'keyspace'), await infoOf(sc, 'keyspace')];
    expect(before[1].get('db5')).toMatch(/^keys=3,expires=2,avg_ttl=\d+$/);
    expect(before[0].get('db5')).toMatch(/^keys=3,expires=2,avg_ttl=\d+$/);
    await new Promise((r) => setTimeout(r, 120));
    const after = await Promise.all([run(rc, [['GET', 'e1'], ['GET', 'e2']]), run(sc, [['GET', 'e1'], ['GET', 'e2']])]);
    expect(after[1]).toEqual(after[0]);
    const [ri, si] = [await infoOf(rc, 'everything'), await infoOf(sc, 'everything')];
    for (const f of ['expired_keys', 'keyspace_hits', 'keyspace_misses']) expect([f, si.get(f)]).toEqual([f, ri.get(f)]);
    expect(si.get('expired_keys')).toBe('1');
    expect(si.get('db5')?.replace(/avg_ttl=\d+/, '')).toBe(ri.get('db5')?.replace(/avg_ttl=\d+/, ''));
    expect(si.get('db5')).toMatch(/^keys=2,expires=1,/);
    rc.close();
    sc.close();
  });

  it('connected_clients counts open connections', async () => {
    const counts: string[] = [];
    for (const port of [pair.redis.port, pair.respd.port]) {
      const extra = await Promise.all([RawClient.connect(port), RawClient.connect(port), RawClient.connect(port)]);
      const cl = await RawClient.connect(port);
      await cl.call('PING');
      for (const e of extra) await e.call('PING');
      counts.push((await infoOf(cl, 'clients')).get('connected_clients')!);
      for (const e of extra) e.close();
      cl.close();
    }
    expect(counts[1]).toBe(counts[0]);
  });

  it('INFO is a verbatim string in RESP3 and a bulk string in RESP2', async () => {
    for (const port of [pair.redis.port, pair.respd.port]) {
      const cl = await RawClient.connect(port);
      const r2 = (await cl.call('INFO', 'cluster'))!.toString('latin1');
      await cl.call('HELLO', '3');
      const r3 = (await cl.call('INFO', 'cluster'))!.toString('latin1');
      cl.close();
      expect(r2).toBe('$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n');
      expect(r3).toBe('=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n');
      expect(parseResp(r3).t).toBe('=');
    }
  });
});

describe('info on respd alone', () => {
  it('reports respd_version next to redis_version, and real process figures', async () => {
    const srv = await startRespd();
    try {
      const cl = await RawClient.connect(srv.port);
      const f = infoFields(infoBody((await cl.call('INFO', 'everything'))!.toString('latin1')));
      cl.close();
      expect(f.get('redis_version')).toBe('7.0.15');
      expect(f.get('respd_version')).toMatch(/^\d+\.\d+\.\d+/);
      expect(f.get('process_id')).toBe(String(process.pid));
      expect(f.get('tcp_port')).toBe(String(srv.port));
      expect(Number(f.get('used_memory'))).toBeGreaterThan(0);
      expect(Number(f.get('used_memory_rss'))).toBeGreaterThan(0);
      expect(f.get('used_memory_human')).toMatch(/^\d+\.\d\d[KMG]$/);
      expect(f.get('used_cpu_user')).toMatch(/^\d+\.\d{6}$/);
      expect(f.get('run_id')).toMatch(/^[0-9a-f]{40}$/);
      expect(f.get('master_replid')).toMatch(/^[0-9a-f]{40}$/);
      expect(Number(f.get('server_time_usec'))).toBeGreaterThan(Date.now() * 1000 - 10_000_000);
    } finally {
      await srv.close();
    }
  });

  it('instantaneous_ops_per_sec follows the load (sampled by the cron)', async () => {
    const srv = await startRespd({ hz: 100 });
    try {
      const cl = await RawClient.connect(srv.port);
      const until = Date.now() + 600;
      let sent = 0;
      while (Date.now() < until) {
        for (let i = 0; i < 50; i++) cl.send(['PING']);
        for (let i = 0; i < 50; i++) await cl.reply();
        sent += 50;
      }
      const f = infoFields(infoBody((await cl.call('INFO', 'stats'))!.toString('latin1')));
      cl.close();
      expect(sent).toBeGreaterThan(100);
      expect(Number(f.get('instantaneous_ops_per_sec'))).toBeGreaterThan(0);
      expect(Number(f.get('instantaneous_input_kbps'))).toBeGreaterThan(0);
      expect(Number(f.get('instantaneous_output_kbps'))).toBeGreaterThan(0);
    } finally {
      await srv.close();
    }
  });
});
