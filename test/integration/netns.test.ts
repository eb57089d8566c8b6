/**
 * Private subnet with network namespaces (root only): respd in one
 * namespace, redis-cli in another, joined by a veth pair with addresses
 * chosen here. The root namespace gets no interface or route, so nothing
 * can leave towards a real network. Real redis-server runs beside respd so
 * the DENIED text is compared byte for byte.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/servers.js';

const isRoot = process.getuid?.() === 0;
let haveIp = false;
try { execFileSync('ip', ['-V'], { stdio: 'ignore' }); haveIp = true; } catch { /* no iproute2 */ }
if (!isRoot || !haveIp) console.warn('netns tests skipped: they need root and iproute2 (ip netns)');
const d = isRoot && haveIp ? describe : describe.skip;

const tag = `${process.pid % 100000}`;
const SRV = `respd-srv-${tag}`;
const CLI = `respd-cli-${tag}`;
const SRV_IP = '10.213.77.1';
const CLI_IP = '10.213.77.2';

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'latin1' });
}
/** redis-cli from the client namespace; raw output (no formatting). */
function cliFrom(ns: string, args: string[]): string {
  try {
    return execFileSync('ip', ['netns', 'exec', ns, 'redis-cli', ...args], { encoding: 'latin1', timeout: 10000, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}`.trim();
  }
}

const procs: ChildProcess[] = [];
function inSrv(cmd: string, args: string[]): ChildProcess {
  const p = spawn('ip', ['netns', 'exec', SRV, cmd, ...args], { stdio: 'ignore' });
  procs.push(p);
  return p;
}
async function waitFor(fn: () => boolean, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
function up(ns: string, port: number): boolean {
  const out = cliFrom(ns, ['-h', ns === SRV ? '127.0.0.1' : SRV_IP, '-p', String(port), 'PING']);
  return out !== '' && !out.startsWith('Could not connect');
}
function stop(p: ChildProcess): Promise<void> {
  return new Promise((res) => {
    if (p.exitCode !== null || p.signalCode !== null) return res();
    p.once('exit', () => res());
    p.kill('SIGKILL');
  });
}
function cleanup(): void {
  for (const ns of [SRV, CLI]) {
    try {
      for (const pid of ip('netns', 'pids', ns).split('\n').filter((s) => s !== '')) {
        try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone */ }
      }
    } catch { /* no namespace */ }
    try { ip('netns', 'del', ns); } catch { /* already gone */ }
  }
}

const RESPD = [join(ROOT, 'bin/respd')];

d('private subnet (network namespaces)', () => {
  beforeAll(() => {
    execFileSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, stdio: 'ignore' });
    cleanup();
    ip('netns', 'add', SRV);
    ip('netns', 'add', CLI);
    // The veth pair is created inside SRV with its peer moved straight into CLI.
    ip('-n', SRV, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1', 'netns', CLI);
    ip('-n', SRV, 'addr', 'add', `${SRV_IP}/24`, 'dev', 'veth0');
    ip('-n', CLI, 'addr', 'add', `${CLI_IP}/24`, 'dev', 'veth1');
    for (const [ns, dev] of [[SRV, 'veth0'], [CLI, 'veth1']]) {
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'link', 'set', dev, 'up');
    }
  }, 120000);

  afterAll(async () => {
    for (const p of procs) await stop(p);
    cleanup();
  });

  it('remote client DENIED under protected mode (same text as Redis), served after a password is set', async () => {
    const redis = inSrv('redis-server', ['--port', '7001', '--save', '', '--appendonly', 'no']);
    const respd = inSrv(process.execPath, [...RESPD, '--port', '7002', '--save', '']);
    await waitFor(() => up(SRV, 7001) && up(SRV, 7002));
    const deniedRedis = cliFrom(CLI, ['-h', SRV_IP, '-p', '7001', 'PING']);
    const deniedRespd = cliFrom(CLI, ['-h', SRV_IP, '-p', '7002', 'PING']);
    expect(deniedRedis).toMatch(/^DENIED Redis is running in protected mode/);
    expect(deniedRespd).toBe(deniedRedis);
    // Loopback inside the server's namespace is still served.
    expect(cliFrom(SRV, ['-p', '7002', 'PING'])).toBe('PONG');
    // A password for the default user lifts protected mode.
    expect(cliFrom(SRV, ['-p', '7002', 'ACL', 'SETUSER', 'default', '>s3cret'])).toBe('OK');
    expect(cliFrom(SRV, ['-p', '7001', 'ACL', 'SETUSER', 'default', '>s3cret'])).toBe('OK');
    for (const port of ['7001', '7002']) {
      expect(cliFrom(CLI, ['-h', SRV_IP, '-p', port, 'PING']), port).toBe('NOAUTH Authentication required.');
      expect(cliFrom(CLI, ['-h', SRV_IP, '-p', port, '--no-auth-warning', '-a', 's3cret', 'PING']), port).toBe('PONG');
    }
    // A wrong password: redis-cli reports the same thing for both servers.
    const wrong = (port: string) => cliFrom(CLI, ['-h', SRV_IP, '-p', port, '--no-auth-warning', '-a', 'wrong', 'PING']);
    expect(wrong('7002')).toBe(wrong('7001'));
    await stop(redis);
    await stop(respd);
  }, 60000);

  it('protected-mode no serves remote clients without a password', async () => {
    const respd = inSrv(process.execPath, [...RESPD, '--port', '7003', '--save', '', '--protected-mode', 'no']);
    await waitFor(() => up(SRV, 7003));
    expect(cliFrom(CLI, ['-h', SRV_IP, '-p', '7003', 'PING'])).toBe('PONG');
    await stop(respd);
  }, 60000);

  it('bind to a specific address refuses others', async () => {
    const respd = inSrv(process.execPath, [...RESPD, '--port', '7004', '--save', '', '--bind', '127.0.0.1', '--requirepass', 'pw']);
    await waitFor(() => up(SRV, 7004));
    expect(cliFrom(CLI, ['-h', SRV_IP, '-p', '7004', 'PING'])).toMatch(/Connection refused/);
    await stop(respd);
    const respd2 = inSrv(process.execPath, [...RESPD, '--port', '7005', '--save', '', '--bind', SRV_IP, '--requirepass', 'pw']);
    await waitFor(() => up(CLI, 7005));
    expect(cliFrom(CLI, ['-h', SRV_IP, '-p', '7005', '--no-auth-warning', '-a', 'pw', 'PING'])).toBe('PONG');
    expect(cliFrom(SRV, ['-h', '127.0.0.1', '-p', '7005', 'PING'])).toMatch(/Connection refused/);
    await stop(respd2);
  }, 60000);
});
