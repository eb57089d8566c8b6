/**
 * The Prometheus endpoint: scraped over HTTP after some traffic, it exposes
 * redis_exporter's metric names with the values INFO reports, plus Node's
 * process metrics; it is off unless metrics-port is set.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { Redis } from 'ioredis';
import { startRespd, freePort } from '../helpers/servers.js';
import type { RunningServer } from '../../src/index.js';

let srv: RunningServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

async function scrape(port: number, path = '/metrics'): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** The value of the sample `name{labels}` (labels as printed, or none). */
function sample(body: string, name: string, labels = ''): number | undefined {
  const prefix = labels === '' ? `${name} ` : `${name}{${labels}} `;
  const line = body.split('\n').find((l) => l.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(prefix.length));
}

const NAMES = [
  'redis_up', 'redis_connected_clients', 'redis_blocked_clients', 'redis_commands_total', 'redis_commands_duration_seconds_total',
  'redis_errors_total', 'redis_keyspace_hits_total', 'redis_keyspace_misses_total', 'redis_expired_keys_total', 'redis_evicted_keys_total',
  'redis_db_keys', 'redis_db_keys_expiring', 'redis_memory_used_bytes', 'redis_memory_max_bytes', 'redis_net_input_bytes_total',
  'redis_net_output_bytes_total', 'redis_rejected_connections_total', 'redis_acl_access_denied_auth_total', 'redis_latency_percentiles_usec',
  'process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_gc_duration_seconds', 'nodejs_heap_size_used_bytes',
];

describe('Prometheus metrics endpoint', () => {
  it('exposes redis_exporter names with INFO-consistent values', async () => {
    const mport = await freePort();
    srv = await startRespd({ 'metrics-port': mport, maxmemory: '100mb' });
    const r = new Redis({ port: srv.port, host: '127.0.0.1' });
    try {
      await r.set('a', '1');
      await r.set('b', '2', 'EX', 100);
      await r.get('a');
      await r.get('missing');
      await r.hset('h', 'f', 'v');
      await r.get('h').catch(() => {});
      await r.call('NOSUCHCMD').catch(() => {});
      await r.select(3);
      await r.set('x', 'y');
      const { status, type, body } = await scrape(mport);
      expect(status).toBe(200);
      expect(type).toContain('text/plain');
      for (const n of NAMES) expect(body, n).toContain(`# TYPE ${n} `);
      const info = await r.info();
      const field = (f: string) => Number(new RegExp(`^${f}:(\\d+)`, 'm').exec(info)![1]);
      expect(sample(body, 'redis_up')).toBe(1);
      expect(sample(body, 'redis_connected_clients')).toBe(1);
      expect(sample(body, 'redis_commands_total', 'cmd="set"')).toBe(3);
      expect(sample(body, 'redis_commands_total', 'cmd="get"')).toBe(3);
      expect(sample(body, 'redis_errors_total', 'err="WRONGTYPE"')).toBe(1);
      const errInfo = await r.info('errorstats');
      expect(sample(body, 'redis_errors_total', 'err="ERR"')).toBe(Number(/^errorstat_ERR:count=(\d+)/m.exec(errInfo)![1]));
      expect(sample(body, 'redis_keyspace_hits_total')).toBe(field('keyspace_hits') - 0);
      expect(sample(body, 'redis_keyspace_misses_total')).toBe(field('keyspace_misses'));
      expect(sample(body, 'redis_db_keys', 'db="db0"')).toBe(3);
      expect(sample(body, 'redis_db_keys_expiring', 'db="db0"')).toBe(1);
      expect(sample(body, 'redis_db_keys', 'db="db3"')).toBe(1);
      expect(sample(body, 'redis_memory_max_bytes')).toBe(100 * 1024 * 1024);
      expect(sample(body, 'redis_memory_used_bytes')).toBeGreaterThan(0);
      expect(sample(body, 'redis_latency_percentiles_usec', 'cmd="set",quantile="0.99"')).toBeGreaterThan(0);
      expect(sample(body, 'redis_commands_duration_seconds_total', 'cmd="set"')).toBeGreaterThan(0);
      expect((await scrape(mport, '/nope')).status).toBe(404);
      // counters move between scrapes
      await r.set('c', '3');
      expect(sample((await scrape(mport)).body, 'redis_commands_total', 'cmd="set"')).toBe(4);
    } finally {
      r.disconnect();
    }
  });

  it('is off by default', async () => {
    srv = await startRespd({});
    expect(srv.server.config.num('metrics-port')).toBe(0);
    expect(srv.server.services.metrics).toBeUndefined();
  });
});

describe('auth-failure metrics', () => {
  it('count failures by reason, without users or addresses in labels', async () => {
    const mport = await freePort();
    srv = await startRespd({ 'metrics-port': mport, requirepass: 'secret' });
    const { RawClient } = await import('../helpers/raw-client.js');
    const c = await RawClient.connect(srv.port);
    try {
      expect((await c.call('GET', 'k'))!.toString()).toBe('-NOAUTH Authentication required.\r\n');
      expect((await c.call('AUTH', 'bad'))!.toString()).toMatch(/^-WRONGPASS/);
      expect((await c.call('AUTH', 'secret'))!.toString()).toBe('+OK\r\n');
      expect((await c.call('ACL', 'SETUSER', 'off1', 'off', '>p'))!.toString()).toBe('+OK\r\n');
      expect((await c.call('AUTH', 'off1', 'p'))!.toString()).toMatch(/^-WRONGPASS/);
      expect((await c.call('AUTH', 'nosuchuser', 'p'))!.toString()).toMatch(/^-WRONGPASS/);
      expect((await c.call('HELLO', '3', 'AUTH', 'default', 'wrong'))!.toString()).toMatch(/^-WRONGPASS/);
    } finally {
      c.close();
    }
    // an unauthenticated client over the pre-auth multibulk limit is dropped
    const d = await RawClient.connect(srv.port);
    d.write('*99999999\r\n');
    expect((await d.reply(5000))?.toString()).toBe('-ERR Protocol error: unauthenticated multibulk length\r\n');
    d.close();
    const { body } = await scrape(mport);
    expect(sample(body, 'respd_auth_failures_total', 'reason="wrong_password"')).toBe(2);
    expect(sample(body, 'respd_auth_failures_total', 'reason="disabled_user"')).toBe(1);
    expect(sample(body, 'respd_auth_failures_total', 'reason="unknown_user"')).toBe(1);
    expect(sample(body, 'respd_auth_failures_total', 'reason="pre_auth_protocol"')).toBe(1);
    expect(sample(body, 'respd_noauth_rejected_commands_total')).toBe(1);
    expect(sample(body, 'redis_acl_access_denied_auth_total')).toBe(4);
    const authLines = body.split('\n').filter((l) => l.startsWith('respd_auth_failures_total{'));
    expect(authLines.every((l) => /^respd_auth_failures_total\{reason="[a-z_]+"\} \d+$/.test(l))).toBe(true);
    expect(body).not.toContain('nosuchuser');
    expect(body).not.toContain('off1');
  });
});
