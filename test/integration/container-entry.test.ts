/**
 * What the container image relies on, tested without a container
 * (scripts/container-test.sh checks the image itself): the password from
 * REDIS_PASSWORD / REDIS_PASSWORD_FILE (never logged), Redis's classic text
 * log format, file-system failures as Redis-style messages (pidfile, logfile),
 * the healthcheck's target derived from the configuration, and the
 * entrypoint's argument handling and /data ownership fix.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, statSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { buildConfig, passwordFromEnv } from '../../src/cli.js';
import { redisLine } from '../../src/server/logger.js';
import { healthTarget, respdArgs, probe } from '../../src/healthcheck.js';
import { startRespd, spawnRespd, haveRedis, ROOT, type RespdProcess } from '../helpers/servers.js';
import type { RunningServer } from '../../src/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'respd-container-'));
let srv: RunningServer | undefined;
let proc: RespdProcess | undefined;
afterEach(async () => {
  await srv?.close();
  await proc?.stop();
  srv = undefined;
  proc = undefined;
});

/** One command over a raw socket: the raw reply text. */
function ask(port: number, req: string): Promise<string> {
  return new Promise((res, rej) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(req));
    let got = '';
    s.on('data', (d) => { got += d.toString('latin1'); if (got.endsWith('\r\n')) { s.destroy(); res(got); } });
    s.on('error', rej);
  });
}

function probeP(t: ReturnType<typeof healthTarget>): Promise<[boolean, string]> {
  return new Promise((res) => probe(t, 5000, (ok, reply) => res([ok, reply])));
}

describe('password from the environment', () => {
  it('REDIS_PASSWORD, REDIS_PASSWORD_FILE (trailing newline dropped), both, unreadable file', () => {
    expect(passwordFromEnv({})).toBeUndefined();
    expect(passwordFromEnv({ REDIS_PASSWORD: 'p w"\\' })).toBe('p w"\\');
    const f = join(tmp, 'secret');
    writeFileSync(f, 's3cret\n');
    expect(passwordFromEnv({ REDIS_PASSWORD_FILE: f })).toBe('s3cret');
    expect(() => passwordFromEnv({ REDIS_PASSWORD: 'a', REDIS_PASSWORD_FILE: f })).toThrow('Fatal error: set REDIS_PASSWORD or REDIS_PASSWORD_FILE, not both');
    expect(() => passwordFromEnv({ REDIS_PASSWORD_FILE: join(tmp, 'none') })).toThrow(`Fatal error, can't read REDIS_PASSWORD_FILE '${join(tmp, 'none')}': No such file or directory`);
  });

  it('applies after the config file and before the flags (flags win)', () => {
    const conf = join(tmp, 'a.conf');
    writeFileSync(conf, 'requirepass fromfile\nport 7000\n');
    expect(buildConfig([conf], { REDIS_PASSWORD: 'fromenv' }).str('requirepass')).toBe('fromenv');
    expect(buildConfig([conf, '--requirepass', 'fromflag'], { REDIS_PASSWORD: 'fromenv' }).str('requirepass')).toBe('fromflag');
  });

  it('the server asks for it and never logs it', async () => {
    proc = await spawnRespd([], { env: { REDIS_PASSWORD: 'env-secret-123' } });
    expect(await ask(proc.port, 'PING\r\n')).toBe('-NOAUTH Authentication required.\r\n');
    expect(await ask(proc.port, '*2\r\n$4\r\nAUTH\r\n$14\r\nenv-secret-123\r\n')).toBe('+OK\r\n');
    expect(proc.output()).toContain('respd started');
    expect(proc.output()).not.toContain('env-secret-123');
  });

  it('an unreadable REDIS_PASSWORD_FILE stops startup with a message, exit 1', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/respd'), '--port', '0'], { env: { ...process.env, REDIS_PASSWORD_FILE: join(tmp, 'none') }, encoding: 'latin1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`Fatal error, can't read REDIS_PASSWORD_FILE '${join(tmp, 'none')}': No such file or directory\n`);
  });
});

describe('logs', () => {
  it('classic Redis line: pid:M dd Mon yyyy hh:mm:ss.mmm mark message key=value', () => {
    const d = new Date(2026, 0, 5, 7, 8, 9, 42);
    expect(redisLine({ level: 30, time: d.toISOString(), pid: 12, msg: 'Ready', port: 6379 })).toBe('12:M 05 Jan 2026 07:08:09.042 * Ready port=6379\n');
    expect(redisLine({ level: 40, time: d.toISOString(), pid: 12, msg: 'careful' })).toBe('12:M 05 Jan 2026 07:08:09.042 # careful\n');
    expect(redisLine({ level: 20, time: d.toISOString(), pid: 12, msg: 'dbg', o: { a: 1 } })).toBe('12:M 05 Jan 2026 07:08:09.042 . dbg o={"a":1}\n');
  });

  it('RESPD_LOG_FORMAT=redis; an unwritable pidfile is logged and the server keeps serving', async () => {
    proc = await spawnRespd(['--pidfile', join(tmp, 'no/such/dir/respd.pid')], { env: { RESPD_LOG_FORMAT: 'redis' } });
    expect(await ask(proc.port, 'PING\r\n')).toBe('+PONG\r\n');
    for (let i = 0; i < 100 && !proc.output().includes('PID file'); i++) await new Promise((r) => setTimeout(r, 20));
    const lines = proc.output().trim().split('\n');
    const pid = proc.proc.pid;
    for (const l of lines) expect(l).toMatch(new RegExp(`^${pid}:M \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} [.*#-] `));
    expect(lines.some((l) => l.endsWith('# Failed to write PID file: No such file or directory'))).toBe(true);
  });

  it('JSON by default, with pid once per line', async () => {
    proc = await spawnRespd([]);
    const start = proc.output().split('\n').find((l) => l.includes('respd started'))!;
    expect(start.match(/"pid"/g)).toHaveLength(1);
  });

  it('a logfile that cannot be opened stops startup as redis-server does', () => {
    const args = ['--port', '0', '--logfile', join(tmp, 'no/dir/x.log')];
    const ours = spawnSync(process.execPath, [join(ROOT, 'bin/respd'), ...args], { encoding: 'latin1' });
    expect(ours.status).toBe(1);
    expect(ours.stderr).toBe("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan't open the log file: No such file or directory\n");
    if (haveRedis()) {
      const theirs = spawnSync('redis-server', args, { encoding: 'latin1' });
      expect([ours.status, ours.stdout + ours.stderr]).toEqual([theirs.status, theirs.stdout + theirs.stderr]);
    }
  });
});

describe('healthcheck', () => {
  it('finds the respd arguments in PID 1 command line', () => {
    expect(respdArgs(['node', '--max-semi-space-size=2', '/app/bin/respd', '/etc/r.conf', '--port', '7000'])).toEqual(['/etc/r.conf', '--port', '7000']);
    expect(respdArgs(['node', '/app/bin/respd', '--port', '7000', '-'])).toEqual(['--port', '7000']);
  });

  it('target follows port, bind, TLS-only and password', () => {
    expect(healthTarget(buildConfig([]))).toEqual({ host: '127.0.0.1', port: 6379, tls: false });
    expect(healthTarget(buildConfig(['--port', '7000', '--bind', '10.1.2.3'], { REDIS_PASSWORD: 'pw' }))).toEqual({ host: '10.1.2.3', port: 7000, tls: false, password: 'pw' });
    expect(healthTarget(buildConfig(['--port', '0', '--tls-port', '6380', '--tls-cert-file', '/c.crt', '--tls-key-file', '/c.key', '--bind', '::1']))).toEqual({
      host: '::1', port: 6380, tls: true, cert: '/c.crt', key: '/c.key',
    });
    expect(healthTarget(buildConfig(['--port', '0', '--tls-port', '6380', '--tls-auth-clients', 'no'])).cert).toBeUndefined();
  });

  it('healthy only on PONG: authenticates, and NOAUTH or a wrong password is unhealthy', async () => {
    srv = await startRespd({ requirepass: 'hc-pass' });
    const t = { host: '127.0.0.1', port: srv.port, tls: false };
    expect(await probeP({ ...t, password: 'hc-pass' })).toEqual([true, '+OK\r\n+PONG\r\n']);
    expect(await probeP(t)).toEqual([false, '-NOAUTH Authentication required.\r\n']);
    const [ok, reply] = await probeP({ ...t, password: 'wrong' });
    expect(ok).toBe(false);
    expect(reply.startsWith('-WRONGPASS')).toBe(true);
    await srv.close();
    srv = undefined;
    expect((await probeP({ ...t, password: 'hc-pass' }))[0]).toBe(false); // nothing listening
  });
});

const asRoot = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
(asRoot ? describe : describe.skip)('docker-entrypoint.sh', () => {
  const entry = join(ROOT, 'bin/docker-entrypoint.sh');
  const run = (args: string[], env: Record<string, string>) =>
    execFileSync('sh', [entry, ...args], { env: { PATH: process.env.PATH!, ...env }, encoding: 'latin1' });

  it('redis-server / respd / a flag / a .conf run the server as the unprivileged user after giving it the data dir', () => {
    const data = mkdtempSync(join(tmpdir(), 'respd-data-'));
    writeFileSync(join(data, 'dump.rdb'), 'x');
    chownSync(data, 0, 0);
    const env = { RESPD_BIN: '/bin/echo', RESPD_USER: 'nobody', RESPD_DATA_DIR: data };
    expect(run(['redis-server', '--appendonly', 'yes'], env)).toBe('--appendonly yes\n');
    const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'latin1' }).trim());
    expect(statSync(data).uid).toBe(nobody);
    expect(statSync(join(data, 'dump.rdb')).uid).toBe(nobody);
    expect(run(['respd', '--port', '7000'], env)).toBe('--port 7000\n');
    expect(run(['--port', '7000'], env)).toBe('--port 7000\n');
    expect(run(['/etc/respd/redis.conf'], env)).toBe('/etc/respd/redis.conf\n');
    // the server runs as that user, not root
    expect(run(['redis-server', '-u'], { ...env, RESPD_BIN: '/usr/bin/id' })).toBe(`${nobody}\n`);
    // other commands run as given, as root
    expect(run(['id', '-u'], env)).toBe('0\n');
    rmSync(data, { recursive: true, force: true });
  });
});
