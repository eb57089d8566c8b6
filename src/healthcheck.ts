/**
 * The container HEALTHCHECK (bin/respd-healthcheck): PING the server the way
 * it is actually configured, not a hard-wired 6379. The running server's
 * arguments are read from /proc/1/cmdline (respd is PID 1 in the image) and
 * turned into a Config exactly as startup did — config file, REDIS_PASSWORD /
 * REDIS_PASSWORD_FILE (the exec'd check inherits the container's environment),
 * flags — so `--port 7000`, a TLS-only setup or a password all just work.
 * Healthy means +PONG, after AUTH when a password is set: -NOAUTH or -LOADING
 * are unhealthy. (CONFIG SET port at run time is not seen: restart instead.)
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { resolve } from 'node:path';
import type { Config } from './config/registry.js';
import { buildConfig } from './cli.js';

export interface HealthTarget {
  host: string;
  port: number;
  tls: boolean;
  password?: string;
  /** Client certificate for tls-auth-clients (tls-client-* files, else the server's own pair, as redis-cli users do). */
  cert?: string;
  key?: string;
}

/** The respd arguments in a command line such as `node --flags /app/bin/respd /etc/redis.conf --port 7000`. */
export function respdArgs(cmdline: string[]): string[] {
  const i = cmdline.findIndex((a) => /(^|\/)(respd|cli\.js)$/.test(a));
  const args = i < 0 ? [] : cmdline.slice(i + 1);
  // config read from stdin at startup cannot be read again
  return args[args.length - 1] === '-' ? args.slice(0, -1) : args;
}

/** Where and how to reach the server a Config describes. */
export function healthTarget(config: Config): HealthTarget {
  const tlsPort = config.num('tls-port');
  const tls = config.num('port') === 0 && tlsPort !== 0;
  const bind = (config.get('bind') as string[]).map((a) => a.replace(/^-/, ''));
  // wildcard or loopback in the bind list: loopback; otherwise the first address it listens on
  const loopback = bind.length === 0 || bind.some((a) => a === '*' || a === '0.0.0.0' || a === '127.0.0.1');
  const host = loopback ? '127.0.0.1' : bind.some((a) => a === '::*' || a === '::' || a === '::1') ? '::1' : bind[0];
  const t: HealthTarget = { host, port: tls ? tlsPort : config.num('port'), tls };
  const password = config.str('requirepass');
  if (password !== '') t.password = password;
  if (tls && config.str('tls-auth-clients') !== 'no') {
    t.cert = config.str('tls-client-cert-file') || config.str('tls-cert-file');
    t.key = config.str('tls-client-key-file') || config.str('tls-key-file');
  }
  return t;
}

function bulk(s: string): string {
  return `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`;
}

/** AUTH (when needed) then PING, as RESP arrays so any password byte is safe. */
export function healthRequest(t: HealthTarget): string {
  const auth = t.password === undefined ? '' : `*2\r\n${bulk('AUTH')}${bulk(t.password)}`;
  return `${auth}*1\r\n${bulk('PING')}`;
}

/** Connects, asks, and calls back with true only for +OK (if AUTH was sent) followed by +PONG. */
export function probe(t: HealthTarget, timeoutMs: number, done: (healthy: boolean, reply: string) => void): void {
  const expect = (t.password === undefined ? '' : '+OK\r\n') + '+PONG\r\n';
  const expectLines = t.password === undefined ? 1 : 2;
  const sock: Socket = t.tls
    ? tlsConnect({
        host: t.host, port: t.port, rejectUnauthorized: false,
        cert: t.cert ? readFileSync(t.cert) : undefined, key: t.key ? readFileSync(t.key) : undefined,
      })
    : tcpConnect(t.port, t.host);
  let got = '';
  let finished = false;
  const finish = (ok: boolean) => {
    if (finished) return;
    finished = true;
    sock.destroy();
    done(ok, got);
  };
  sock.setTimeout(timeoutMs, () => finish(false));
  sock.once(t.tls ? 'secureConnect' : 'connect', () => sock.write(healthRequest(t), 'latin1'));
  sock.on('data', (d: Buffer) => {
    got += d.toString('latin1');
    const lines = got.split('\r\n').length - 1;
    // an error as the first reply (WRONGPASS, NOAUTH, LOADING) ends it at once
    if (lines >= expectLines || (lines > 0 && got.startsWith('-'))) finish(got === expect);
  });
  sock.on('error', () => finish(false));
  sock.on('close', () => finish(false));
}

/** Entry point: exit 0 healthy, 1 not; the first reply line goes to stdout for `docker inspect`. */
export function healthcheckMain(): void {
  let target: HealthTarget;
  try {
    const cmdline = readFileSync('/proc/1/cmdline', 'latin1').split('\0').filter((a) => a !== '');
    let args = respdArgs(cmdline);
    // a relative config file is relative to the server's working directory
    if (args.length > 0 && !args[0].startsWith('-')) args = [resolve(readlinkSync('/proc/1/cwd'), args[0]), ...args.slice(1)];
    target = healthTarget(buildConfig(args, process.env));
  } catch (e) {
    process.stdout.write(`cannot read the server's configuration: ${(e as Error).message}\n`);
    process.exit(1);
  }
  probe(target, 2500, (ok, reply) => {
    process.stdout.write(`${ok ? 'PONG' : reply.split('\r\n').find((l) => l.startsWith('-')) ?? (reply || 'no reply')}\n`);
    process.exit(ok ? 0 : 1);
  });
}
