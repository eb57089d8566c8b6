/**
 * Optional Prometheus endpoint (`metrics-port`, `metrics-bind`; off with
 * port 0): GET /metrics on a separate HTTP listener, built on prom-client.
 *
 * Metric names follow oliver006/redis_exporter so existing dashboards and
 * alerts work unchanged. Every value is computed at scrape time from the
 * same state INFO reads (Stats, per-command stats and latency histograms,
 * the keyspace, used_memory), so the two never disagree and the request
 * path pays nothing for the endpoint. Node process metrics (CPU, RSS, heap,
 * GC, event-loop lag) come from prom-client's default collectors.
 */
import http from 'node:http';
import { Registry, Gauge, Counter, collectDefaultMetrics } from 'prom-client';
import type { Server } from '../server/server.js';
import { usedMemory } from './observer.js';

/** Latency percentiles exported per command, as redis_exporter's summary quantiles. */
const QUANTILES = [0.5, 0.99, 0.999];

/** A registry with every redis_* metric reading `server`, plus Node's default metrics. */
export function buildRegistry(server: Server): Registry {
  const register = new Registry();
  collectDefaultMetrics({ register });
  const st = server.stats;
  const gauge = (name: string, help: string, value: () => number) =>
    new Gauge({ name, help, registers: [register], collect() { this.set(value()); } });
  const counter = (name: string, help: string, value: () => number) =>
    new Counter({ name, help, registers: [register], collect() { this.reset(); this.inc(value()); } });

  gauge('redis_up', 'Information about the Redis instance', () => 1);
  gauge('redis_connected_clients', 'connected_clients metric', () => server.clients.size);
  gauge('redis_blocked_clients', 'blocked_clients metric', () => {
    let n = 0;
    for (const c of server.clients.values()) if (c.isBlocked) n++;
    return n;
  });
  counter('redis_keyspace_hits_total', 'keyspace_hits metric', () => st.keyspaceHits);
  counter('redis_keyspace_misses_total', 'keyspace_misses metric', () => st.keyspaceMisses);
  counter('redis_expired_keys_total', 'expired_keys metric', () => st.expiredKeys);
  counter('redis_evicted_keys_total', 'evicted_keys metric', () => st.evictedKeys);
  counter('redis_net_input_bytes_total', 'total_net_input_bytes metric', () => st.netInputBytes);
  counter('redis_net_output_bytes_total', 'total_net_output_bytes metric', () => st.netOutputBytes);
  counter('redis_rejected_connections_total', 'rejected_connections metric', () => st.rejectedConnections);
  counter('redis_acl_access_denied_auth_total', 'acl_access_denied_auth metric', () => st.aclDeniedAuth);
  new Counter({
    name: 'respd_auth_failures_total',
    help: 'Failed authentications by reason (wrong_password, unknown_user, disabled_user, pre_auth_protocol); never labelled by user or address',
    labelNames: ['reason'], registers: [register],
    collect() {
      this.reset();
      for (const [reason, n] of Object.entries(st.authFailures)) this.inc({ reason }, n);
    },
  });
  counter('respd_noauth_rejected_commands_total', 'Commands refused with NOAUTH (sent before authenticating)', () => st.noauthRejected);
  counter('redis_commands_processed_total', 'total_commands_processed metric', () => st.totalCommandsProcessed);
  counter('redis_connections_received_total', 'total_connections_received metric', () => st.totalConnectionsReceived);
  gauge('redis_memory_used_bytes', 'used_memory metric', () => usedMemory(server));
  gauge('redis_memory_max_bytes', 'maxmemory metric', () => server.config.num('maxmemory'));
  gauge('redis_uptime_in_seconds', 'uptime_in_seconds metric', () => Math.floor((Date.now() - server.startedAt) / 1000));

  new Counter({
    name: 'redis_commands_total', help: 'Total number of calls per command', labelNames: ['cmd'], registers: [register],
    collect() {
      this.reset();
      for (const cmd of server.commands.all()) if (cmd.stats.calls !== 0) this.inc({ cmd: cmd.fullName }, cmd.stats.calls);
    },
  });
  new Counter({
    name: 'redis_commands_duration_seconds_total', help: 'Total amount of time in seconds spent per command', labelNames: ['cmd'], registers: [register],
    collect() {
      this.reset();
      for (const cmd of server.commands.all()) if (cmd.stats.calls !== 0) this.inc({ cmd: cmd.fullName }, cmd.stats.usec / 1e6);
    },
  });
  new Counter({
    name: 'redis_commands_rejected_calls_total', help: 'Total number of errors prior command execution per command', labelNames: ['cmd'], registers: [register],
    collect() {
      this.reset();
      for (const cmd of server.commands.all()) if (cmd.stats.rejected !== 0) this.inc({ cmd: cmd.fullName }, cmd.stats.rejected);
    },
  });
  new Counter({
    name: 'redis_commands_failed_calls_total', help: 'Total number of errors within command execution per command', labelNames: ['cmd'], registers: [register],
    collect() {
      this.reset();
      for (const cmd of server.commands.all()) if (cmd.stats.failed !== 0) this.inc({ cmd: cmd.fullName }, cmd.stats.failed);
    },
  });
  new Counter({
    name: 'redis_errors_total', help: 'Total number of errors per error type', labelNames: ['err'], registers: [register],
    collect() {
      this.reset();
      for (const [err, n] of st.errors) this.inc({ err }, n);
    },
  });
  new Gauge({
    name: 'redis_db_keys', help: 'Total number of keys by DB', labelNames: ['db'], registers: [register],
    collect() {
      this.reset();
      for (const db of server.keyspace.dbs) if (db.id === 0 || db.dict.size !== 0) this.set({ db: `db${db.id}` }, db.dict.size);
    },
  });
  new Gauge({
    name: 'redis_db_keys_expiring', help: 'Total number of expiring keys by DB', labelNames: ['db'], registers: [register],
    collect() {
      this.reset();
      for (const db of server.keyspace.dbs) if (db.id === 0 || db.dict.size !== 0) this.set({ db: `db${db.id}` }, db.expires.size);
    },
  });
  new Gauge({
    name: 'redis_latency_percentiles_usec', help: 'A summary of latency percentile distribution per command', labelNames: ['cmd', 'quantile'], registers: [register],
    collect() {
      this.reset();
      for (const cmd of server.commands.all()) {
        const h = cmd.stats.histogram;
        if (h === null) continue;
        for (const q of QUANTILES) this.set({ cmd: cmd.fullName, quantile: String(q) }, h.valueAtPercentile(q * 100) / 1000);
      }
    },
  });
  return register;
}

declare module '../server/server.js' {
  interface Services {
    /** The Prometheus endpoint, when metrics-port is set. */
    metrics: http.Server;
  }
}

/** Starts the endpoint when metrics-port is set; it is closed with the server. */
export async function startMetrics(server: Server): Promise<http.Server | null> {
  const port = server.config.num('metrics-port');
  if (port === 0) return null;
  const bind = server.config.str('metrics-bind');
  const register = buildRegistry(server);
  const httpServer = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || (path !== '/metrics' && path !== '/')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    register.metrics().then(
      (text) => res.writeHead(200, { 'content-type': register.contentType }).end(text),
      (e: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${e.message}\n`),
    );
  });
  httpServer.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, bind, () => resolve());
  });
  httpServer.unref();
  server.services.metrics = httpServer;
  server.shutdownHooks.push(() => { httpServer.closeAllConnections(); httpServer.close(); });
  server.log.info({ addr: bind, port: (httpServer.address() as { port: number }).port }, 'Prometheus metrics endpoint listening');
  return httpServer;
}
