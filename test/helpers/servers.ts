/**
 * Starting servers for tests: real redis-server (the oracle) on a free port,
 * respd in-process (startServer) or as a child process (bin/respd).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startServer, type RunningServer } from '../../src/index.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.once('error', reject);
  });
}

export function haveRedis(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function waitPort(port: number, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((res) => {
      const s = net.connect({ port, host: '127.0.0.1' }, () => {
        s.destroy();
        res(true);
      });
      s.once('error', () => res(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`port ${port} did not open`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface Oracle {
  port: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a real redis-server 7.0 with persistence off. Extra args are redis-server flags. */
export async function startRedis(extra: string[] = []): Promise<Oracle> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', '/tmp', ...extra], {
    stdio: 'ignore',
  });
  await waitPort(port);
  return {
    port,
    proc,
    stop: () =>
      new Promise<void>((res) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return res(); // exited, or killed by a signal
        proc.once('exit', () => res());
        proc.kill('SIGKILL');
      }),
  };
}

/** respd inside this process. */
/**
 * A directory of this test process's own for respd's files (dump.rdb,
 * appendonlydir): a server started by a test must never load or leave
 * files in the working directory, where a stray dump.rdb would seed every
 * later server with keys.
 */
let ownDir: string | null = null;
export function testDir(): string {
  if (ownDir === null) {
    const dir = mkdtempSync(join(tmpdir(), 'respd-test-'));
    ownDir = dir;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return ownDir;
}

export function startRespd(config: Record<string, string | number> = {}): Promise<RunningServer> {
  return startServer({ port: 0, config: { dir: testDir(), ...config } });
}

export interface RespdProcess {
  port: number;
  proc: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** respd as a child process via bin/respd, on a free port. */
export async function spawnRespd(args: string[] = [], opts: { port?: number; wait?: boolean; env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<RespdProcess> {
  const port = opts.port ?? (await freePort());
  let out = '';
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), join(ROOT, 'bin/respd'), ...args, ...(args.includes('--dir') ? [] : ['--dir', testDir()]), '--port', String(port), '--bind', '127.0.0.1', '--save', ''], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: opts.env ? { ...process.env, ...opts.env } : process.env,
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  if (opts.wait !== false) await waitPort(port);
  return {
    port,
    proc,
    output: () => out,
    stop: () =>
      new Promise<void>((res) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return res(); // exited, or killed by a signal
        proc.once('exit', () => res());
        proc.kill('SIGKILL');
      }),
  };
}
