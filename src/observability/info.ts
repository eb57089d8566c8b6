/**
 * INFO text: every Redis 7.0 section and field, in Redis's order and
 * number formats, so tools that parse INFO (redis-cli --stat, exporters,
 * client libraries reading redis_version) work unchanged. Fields for
 * features respd does not have (replication, persistence forks, defrag,
 * cluster) report the values of an idle standalone Redis.
 */
import { aofOf } from '../persistence/aof/install.js';
import { rdbOf } from '../persistence/rdb-service.js';
import os from 'node:os';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Server } from '../server/server.js';
import { REDIS_VERSION, RESPD_VERSION } from '../server/server.js';
import { formatFixed, trimDoubleString } from '../protocol/doubles.js';
import { observer, usedMemory } from './observer.js';
import { scriptingMemory } from '../scripting/lazy.js';

/** Sections of plain INFO / INFO default. */
const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'module_list', 'errorstats', 'cluster', 'keyspace'];

/** Which sections INFO's arguments ask for (case-insensitive, as Redis). */
export function infoSections(args: string[]): { sections: Set<string>; all: boolean } {
  const sections = new Set<string>();
  let all = false;
  if (args.length === 0) return { sections: new Set(DEFAULT_SECTIONS), all };
  for (const a of args) {
    const l = a.toLowerCase();
    if (l === 'default') for (const s of DEFAULT_SECTIONS) sections.add(s);
    else if (l === 'all' || l === 'everything') all = true;
    else sections.add(l);
  }
  return { sections, all };
}

/** Redis's bytesToHuman: B below 1K, then two decimals with K/M/G/T/P. */
export function bytesToHuman(n: number): string {
  if (n < 1024) return `${n}B`;
  const units = ['K', 'M', 'G', 'T', 'P'];
  let div = 1024;
  for (const u of units) {
    if (n < div * 1024) return formatFixed(n / div, 2) + u;
    div *= 1024;
  }
  return `${n}B`;
}

/** getSafeInfoString: INFO's framing characters in names become '_'. */
function safe(s: string): string {
  let out = s;
  for (const ch of ['#', ':', '\n', '\r']) if (out.includes(ch)) out = out.split(ch).join('_');
  return out;
}

/** "%ld.%06ld" of a microsecond count (rusage style). */
function secsUsec(us: number): string {
  const s = Math.floor(us / 1e6);
  return `${s}.${String(Math.floor(us % 1e6)).padStart(6, '0')}`;
}

/** C float arithmetic for the few INFO values Redis computes in single precision. */
const f32 = Math.fround;

const MULTIPLEXING: Record<string, string> = { linux: 'epoll', darwin: 'kqueue', freebsd: 'kqueue', openbsd: 'kqueue', sunos: 'evport', aix: 'select', win32: 'iocp' };

/** A stable id for this respd build (computed on use: server.ts imports this module). */
const buildId = () => createHash('sha1').update(`respd-${RESPD_VERSION}`).digest('hex').slice(0, 15);

/** The effective hz: the configured one, doubled per 200 clients with dynamic-hz (max 500). */
export function effectiveHz(server: Server): number {
  let hz = Math.min(Math.max(server.config.num('hz'), 1), 500);
  if (server.config.bool('dynamic-hz')) {
    while (server.clients.size / hz > 200) {
      hz *= 2;
      if (hz > 500) {
        hz = 500;
        break;
      }
    }
  }
  return hz;
}

function supervisedMode(server: Server): string {
  const mode = server.config.str('supervised');
  if (mode === 'upstart' || mode === 'systemd') return mode;
  if (mode === 'auto') {
    if (process.env.UPSTART_JOB) return 'upstart';
    if (process.env.NOTIFY_SOCKET) return 'systemd';
  }
  return 'no';
}

function serverSection(server: Server): string[] {
  const now = Date.now();
  const uptime = Math.floor(now / 1000) - Math.floor(server.startedAt / 1000);
  const usec = Math.round((performance.timeOrigin + performance.now()) * 1000);
  const exe = process.argv[1] ? resolve(process.argv[1]) : process.execPath;
  return [
    `redis_version:${REDIS_VERSION}`,
    `respd_version:${RESPD_VERSION}`,
    'redis_git_sha1:00000000',
    'redis_git_dirty:0',
    `redis_build_id:${buildId()}`,
    'redis_mode:standalone',
    `os:${os.type()} ${os.release()} ${os.machine()}`,
    `arch_bits:${/64/.test(process.arch) ? 64 : 32}`,
    'monotonic_clock:POSIX clock_gettime',
    `multiplexing_api:${MULTIPLEXING[process.platform] ?? 'select'}`,
    'atomicvar_api:c11-builtin',
    'gcc_version:0.0.0',
    `process_id:${process.pid}`,
    `process_supervised:${supervisedMode(server)}`,
    `run_id:${server.runId}`,
    `tcp_port:${server.listeners.tcpPort || server.config.num('tls-port')}`,
    `server_time_usec:${usec}`,
    `uptime_in_seconds:${uptime}`,
    `uptime_in_days:${Math.floor(uptime / 86400)}`,
    `hz:${effectiveHz(server)}`,
    `configured_hz:${Math.min(Math.max(server.config.num('hz'), 1), 500)}`,
    `lru_clock:${Math.floor(now / 1000) & 0xffffff}`,
    `executable:${exe}`,
    `config_file:${server.config.file}`,
    'io_threads_active:0',
  ];
}

function clientsSection(server: Server): string[] {
  let maxIn = 0;
  let maxOut = 0;
  let blocked = 0;
  let timeouts = 0;
  let tracking = 0;
  for (const c of server.clients.values()) {
    if (c.parser.pending > maxIn) maxIn = c.parser.pending;
    const out = c.outputBytes;
    if (out > maxOut) maxOut = out;
    if (c.isBlocked) blocked++;
    if (c.blocked !== null && c.blocked.deadline !== 0) timeouts++;
    if (c.tracking !== null) tracking++;
  }
  return [
    `connected_clients:${server.clients.size}`,
    'cluster_connections:0',
    `maxclients:${server.config.num('maxclients')}`,
    `client_recent_max_input_buffer:${maxIn}`,
    `client_recent_max_output_buffer:${maxOut}`,
    `blocked_clients:${blocked}`,
    `tracking_clients:${tracking}`,
    `clients_in_timeout_table:${timeouts}`,
  ];
}

function ratio(a: number, b: number): string {
  return formatFixed(b === 0 ? 0 : a / b, 2);
}

/** The memory figures INFO memory and MEMORY STATS report, computed once. */
export interface MemoryFigures {
  used: number;
  peak: number;
  startup: number;
  /** Query and reply buffers of normal clients. */
  clientBufs: number;
  overhead: number;
  dataset: number;
  allocated: number;
  active: number;
  resident: number;
}

export function memoryFigures(server: Server): MemoryFigures {
  const obs = observer(server);
  const m = process.memoryUsage();
  const used = usedMemory(server);
  if (used > obs.peakMemory) obs.peakMemory = used;
  const startup = obs.startupMemory;
  let clientBufs = 0;
  for (const c of server.clients.values()) clientBufs += c.outputBytes + c.parser.pending;
  const overhead = Math.min(used, startup + clientBufs);
  return {
    used, peak: obs.peakMemory, startup, clientBufs, overhead, dataset: used - overhead,
    allocated: m.heapUsed + m.external, active: m.heapTotal + m.external, resident: m.rss,
  };
}

function memorySection(server: Server): string[] {
  const { used, peak, startup, clientBufs, overhead, dataset, allocated, active, resident } = memoryFigures(server);
  const m = { rss: resident };
  const net = used > startup ? used - startup : 1;
  // printed with %lld in Redis, so values past 2^63 show up negative
  const maxmemory = BigInt.asIntN(64, BigInt(server.config.get('maxmemory') as number | bigint));
  const maxmemoryNum = server.config.num('maxmemory');
  const total = os.totalmem();
  const lua = scriptingMemory(server);
  return [
    `used_memory:${used}`,
    `used_memory_human:${bytesToHuman(used)}`,
    `used_memory_rss:${m.rss}`,
    `used_memory_rss_human:${bytesToHuman(m.rss)}`,
    `used_memory_peak:${peak}`,
    `used_memory_peak_human:${bytesToHuman(peak)}`,
    `used_memory_peak_perc:${formatFixed(f32(f32(used * 100) / peak), 2)}%`,
    `used_memory_overhead:${overhead}`,
    `used_memory_startup:${startup}`,
    `used_memory_dataset:${dataset}`,
    `used_memory_dataset_perc:${formatFixed(f32(f32(dataset * 100) / net), 2)}%`,
    `allocator_allocated:${allocated}`,
    `allocator_active:${active}`,
    `allocator_resident:${resident}`,
    `total_system_memory:${total}`,
    `total_system_memory_human:${bytesToHuman(total)}`,
    `used_memory_lua:${lua.vmEval}`,
    `used_memory_vm_eval:${lua.vmEval}`,
    `used_memory_lua_human:${bytesToHuman(lua.vmEval)}`,
    `used_memory_scripts_eval:${lua.scriptsEval}`,
    `number_of_cached_scripts:${lua.numberOfCachedScripts}`,
    `number_of_functions:${lua.numberOfFunctions}`,
    `number_of_libraries:${lua.numberOfLibraries}`,
    `used_memory_vm_functions:${lua.vmFunctions}`,
    `used_memory_vm_total:${lua.vmEval + lua.vmFunctions}`,
    `used_memory_vm_total_human:${bytesToHuman(lua.vmEval + lua.vmFunctions)}`,
    `used_memory_functions:${lua.functions}`,
    `used_memory_scripts:${lua.scriptsEval + lua.functions}`,
    `used_memory_scripts_human:${bytesToHuman(lua.scriptsEval + lua.functions)}`,
    `maxmemory:${String(maxmemory)}`,
    `maxmemory_human:${maxmemoryNum >= 1024 ** 6 ? `${BigInt.asUintN(64, maxmemory)}B` : bytesToHuman(maxmemoryNum)}`,
    `maxmemory_policy:${server.config.str('maxmemory-policy')}`,
    `allocator_frag_ratio:${ratio(active, allocated)}`,
    `allocator_frag_bytes:${active - allocated}`,
    `allocator_rss_ratio:${ratio(resident, active)}`,
    `allocator_rss_bytes:${resident - active}`,
    'rss_overhead_ratio:1.00',
    'rss_overhead_bytes:0',
    `mem_fragmentation_ratio:${ratio(m.rss, used)}`,
    `mem_fragmentation_bytes:${m.rss - used}`,
    'mem_not_counted_for_evict:0',
    'mem_replication_backlog:0',
    'mem_total_replication_buffers:0',
    'mem_clients_slaves:0',
    `mem_clients_normal:${clientBufs}`,
    'mem_cluster_links:0',
    'mem_aof_buffer:0',
    `mem_allocator:v8-${process.versions.v8}`,
    'active_defrag_running:0',
    'lazyfree_pending_objects:0',
    'lazyfreed_objects:0',
  ];
}

function persistenceSection(server: Server): string[] {
  return [
    ...rdbOf(server).infoFields(),
    ...aofInfoFields(server),
    ...rdbOf(server).loadingFields(),
  ];
}

/** The AOF's part of INFO persistence (aof_enabled … module_fork_last_cow_size, then the sizes while on). */
function aofInfoFields(server: Server): string[] {
  return aofOf(server)?.infoFields() ?? [];
}

/** Distinct pub/sub channels, patterns and shard channels over all clients. */
function pubsubCounts(server: Server): [number, number, number] {
  const ch = new Set<string>();
  const pat = new Set<string>();
  const shard = new Set<string>();
  for (const c of server.clients.values()) {
    if (c.channels) for (const x of c.channels) ch.add(x);
    if (c.patterns) for (const x of c.patterns) pat.add(x);
    if (c.shardChannels) for (const x of c.shardChannels) shard.add(x);
  }
  return [ch.size, pat.size, shard.size];
}

function statsSection(server: Server): string[] {
  const st = server.stats;
  const smp = observer(server).sampler;
  const [channels, patterns, shards] = pubsubCounts(server);
  const kbps = (v: number) => formatFixed(f32(f32(v) / 1024), 2);
  return [
    `total_connections_received:${st.totalConnectionsReceived}`,
    `total_commands_processed:${st.totalCommandsProcessed}`,
    `instantaneous_ops_per_sec:${smp.ops.get()}`,
    `total_net_input_bytes:${st.netInputBytes}`,
    `total_net_output_bytes:${st.netOutputBytes}`,
    'total_net_repl_input_bytes:0',
    'total_net_repl_output_bytes:0',
    `instantaneous_input_kbps:${kbps(smp.netInput.get())}`,
    `instantaneous_output_kbps:${kbps(smp.netOutput.get())}`,
    'instantaneous_input_repl_kbps:0.00',
    'instantaneous_output_repl_kbps:0.00',
    `rejected_connections:${st.rejectedConnections}`,
    `sync_full:${st.syncFull}`,
    'sync_partial_ok:0',
    'sync_partial_err:0',
    `expired_keys:${st.expiredKeys}`,
    'expired_stale_perc:0.00',
    'expired_time_cap_reached_count:0',
    `expire_cycle_cpu_milliseconds:${Math.floor(st.expireCycleTimeUs / 1000)}`,
    `evicted_keys:${st.evictedKeys}`,
    'evicted_clients:0',
    'total_eviction_exceeded_time:0',
    'current_eviction_exceeded_time:0',
    `keyspace_hits:${st.keyspaceHits}`,
    `keyspace_misses:${st.keyspaceMisses}`,
    `pubsub_channels:${channels}`,
    `pubsub_patterns:${patterns}`,
    `pubsubshard_channels:${shards}`,
    'latest_fork_usec:0',
    'total_forks:0',
    'migrate_cached_sockets:0',
    'slave_expires_tracked_keys:0',
    'active_defrag_hits:0',
    'active_defrag_misses:0',
    'active_defrag_key_hits:0',
    'active_defrag_key_misses:0',
    'total_active_defrag_time:0',
    'current_active_defrag_time:0',
    'tracking_total_keys:0',
    'tracking_total_items:0',
    'tracking_total_prefixes:0',
    `unexpected_error_replies:${st.unexpectedErrorReplies}`,
    `total_error_replies:${st.totalErrorReplies}`,
    'dump_payload_sanitizations:0',
    `total_reads_processed:${st.totalReads}`,
    `total_writes_processed:${st.totalWrites}`,
    'io_threaded_reads_processed:0',
    'io_threaded_writes_processed:0',
    'reply_buffer_shrinks:0',
    'reply_buffer_expands:0',
  ];
}

function replicationSection(server: Server): string[] {
  const cfg = server.config;
  const lines = ['role:master', 'connected_slaves:0'];
  if (cfg.num('min-replicas-to-write') !== 0 && cfg.num('min-replicas-max-lag') !== 0) lines.push('min_slaves_good_slaves:0');
  lines.push(
    'master_failover_state:no-failover',
    `master_replid:${observer(server).replid}`,
    'master_replid2:0000000000000000000000000000000000000000',
    'master_repl_offset:0',
    'second_repl_offset:-1',
    'repl_backlog_active:0',
    `repl_backlog_size:${cfg.text('repl-backlog-size')}`,
    'repl_backlog_first_byte_offset:0',
    'repl_backlog_histlen:0',
  );
  return lines;
}

function cpuSection(): string[] {
  const u = process.cpuUsage();
  return [
    `used_cpu_sys:${secsUsec(u.system)}`,
    `used_cpu_user:${secsUsec(u.user)}`,
    'used_cpu_sys_children:0.000000',
    'used_cpu_user_children:0.000000',
    `used_cpu_sys_main_thread:${secsUsec(u.system)}`,
    `used_cpu_user_main_thread:${secsUsec(u.user)}`,
  ];
}

function commandStats(server: Server): string[] {
  const out: string[] = [];
  for (const cmd of server.commands.all()) {
    const s = cmd.stats;
    if (s.calls === 0 && s.failed === 0 && s.rejected === 0) continue;
    const usec = Math.floor(s.usec);
    const perCall = s.calls === 0 ? 0 : f32(f32(usec) / s.calls);
    out.push(`cmdstat_${safe(cmd.fullName)}:calls=${s.calls},usec=${usec},usec_per_call=${formatFixed(perCall, 2)},rejected_calls=${s.rejected},failed_calls=${s.failed}`);
  }
  return out;
}

function errorStats(server: Server): string[] {
  const codes = [...server.stats.errors.keys()].sort();
  return codes.map((code) => `errorstat_${safe(code)}:count=${server.stats.errors.get(code)}`);
}

function latencyStats(server: Server): string[] {
  if (!server.config.bool('latency-tracking')) return [];
  const percentiles = (server.config.get('latency-tracking-info-percentiles') as string[]).map(Number);
  const out: string[] = [];
  for (const cmd of server.commands.all()) {
    const h = cmd.stats.histogram;
    if (h === null) continue;
    const parts = percentiles.map((p) => `p${trimDoubleString(formatFixed(p, 6))}=${formatFixed(h.valueAtPercentile(p) / 1000, 3)}`);
    out.push(`latency_percentiles_usec_${safe(cmd.fullName)}:${parts.join(',')}`);
  }
  return out;
}

function keyspaceSection(server: Server): string[] {
  const out: string[] = [];
  for (const db of server.keyspace.dbs) {
    const keys = db.dict.size;
    const expires = db.expires.size;
    if (keys || expires) out.push(`db${db.id}:keys=${keys},expires=${expires},avg_ttl=${Math.trunc(db.avgTtl)}`);
  }
  return out;
}

type SectionFn = (server: Server) => string[];

/** Redis's section order, with the names that select each section. */
const SECTIONS: [string, string[], SectionFn][] = [
  ['Server', ['server'], serverSection],
  ['Clients', ['clients'], clientsSection],
  ['Memory', ['memory'], memorySection],
  ['Persistence', ['persistence'], persistenceSection],
  ['Stats', ['stats'], statsSection],
  ['Replication', ['replication'], replicationSection],
  ['CPU', ['cpu'], cpuSection],
  ['Modules', ['module_list', 'modules'], () => []],
  ['Commandstats', ['commandstats'], commandStats],
  ['Errorstats', ['errorstats'], errorStats],
  ['Latencystats', ['latencystats'], latencyStats],
  ['Cluster', ['cluster'], () => ['cluster_enabled:0']],
  ['Keyspace', ['keyspace'], keyspaceSection],
];

/** The INFO reply text for the given arguments (without the command name). */
export function genInfo(server: Server, args: string[]): string {
  const { sections, all } = infoSections(args);
  let out = '';
  for (const [title, names, fn] of SECTIONS) {
    if (!all && !names.some((n) => sections.has(n))) continue;
    if (out !== '') out += '\r\n';
    out += `# ${title}\r\n`;
    for (const line of fn(server)) out += line + '\r\n';
  }
  return out;
}
