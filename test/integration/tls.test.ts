/**
 * TLS on tls-port with certificates generated here by openssl (never
 * committed): redis-cli --tls with a client certificate, tls-auth-clients,
 * a plain-text client on the TLS port, and TLS-only mode (port 0).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { startRespd, freePort, ROOT } from '../helpers/servers.js';
import { makeCa, makeLeaf } from '../helpers/certs.js';
import type { RunningServer } from '../../src/index.js';

function have(cmd: string): boolean {
  try { execFileSync(cmd, ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
}
const ok = have('openssl') || (() => { try { execFileSync('openssl', ['version'], { stdio: 'ignore' }); return true; } catch { return false; } })();
const d = ok && have('redis-cli') ? describe : describe.skip;

function cli(args: string[]): Promise<{ out: string; code: number }> {
  return new Promise((resolve) => {
    execFile('redis-cli', args, { timeout: 10000 }, (err, stdout, stderr) => {
      resolve({ out: (stdout + stderr).trim(), code: err ? (typeof err.code === 'number' ? err.code : 1) : 0 });
    });
  });
}

d('TLS', () => {
  let dir: string;
  let srv: RunningServer;
  let tlsPort: number;
  const f = (n: string) => join(dir, n);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'respd-tls-'));
    makeCa(dir);
    makeLeaf(dir, 'server', '/CN=localhost');
    makeLeaf(dir, 'client', '/CN=client');
    tlsPort = await freePort();
    srv = await startRespd({
      'tls-port': tlsPort, 'tls-cert-file': f('server.crt'), 'tls-key-file': f('server.key'), 'tls-ca-cert-file': f('ca.crt'),
    });
  }, 60000);

  afterAll(async () => {
    await srv?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('redis-cli --tls with a client certificate', async () => {
    const r = await cli(['--tls', '--cacert', f('ca.crt'), '--cert', f('client.crt'), '--key', f('client.key'), '-h', '127.0.0.1', '-p', String(tlsPort), 'SET', 'k', 'v']);
    expect(r.out).toBe('OK');
    const g = await cli(['--tls', '--cacert', f('ca.crt'), '--cert', f('client.crt'), '--key', f('client.key'), '-h', '127.0.0.1', '-p', String(tlsPort), 'GET', 'k']);
    expect(g.out).toBe('v');
  });

  it('tls-auth-clients yes refuses a client without certificate', async () => {
    const r = await cli(['--tls', '--cacert', f('ca.crt'), '-h', '127.0.0.1', '-p', String(tlsPort), 'PING']);
    expect(r.out).not.toBe('PONG');
  });

  it('a plain-text client on the TLS port is dropped and the server stays up', async () => {
    const closed = await new Promise<boolean>((resolve) => {
      const s = net.connect(tlsPort, '127.0.0.1', () => s.write('PING\r\n'));
      s.on('data', () => { /* TLS alert bytes at most */ });
      s.on('close', () => resolve(true));
      s.on('error', () => { /* reset */ });
      setTimeout(() => { s.destroy(); resolve(false); }, 5000);
    });
    expect(closed).toBe(true);
    const r = await cli(['--tls', '--cacert', f('ca.crt'), '--cert', f('client.crt'), '--key', f('client.key'), '-h', '127.0.0.1', '-p', String(tlsPort), 'PING']);
    expect(r.out).toBe('PONG');
    const plain = await cli(['-p', String(srv.port), 'PING']);
    expect(plain.out).toBe('PONG');
  });

  it('tls-auth-clients no and optional', async () => {
    for (const mode of ['no', 'optional']) {
      const port = await freePort();
      const s2 = await startRespd({
        'tls-port': port, 'tls-cert-file': f('server.crt'), 'tls-key-file': f('server.key'), 'tls-ca-cert-file': f('ca.crt'), 'tls-auth-clients': mode,
      });
      try {
        const r = await cli(['--tls', '--cacert', f('ca.crt'), '-h', '127.0.0.1', '-p', String(port), 'PING']);
        expect(r.out, mode).toBe('PONG');
      } finally {
        await s2.close();
      }
    }
  });

  it('port 0 with tls-port is TLS only (bin/respd)', async () => {
    const port = await freePort();
    const proc = spawn(process.execPath, [join(ROOT, 'bin/respd'), '--port', '0', '--bind', '127.0.0.1', '--save', '', '--tls-port', String(port),
      '--tls-cert-file', f('server.crt'), '--tls-key-file', f('server.key'), '--tls-ca-cert-file', f('ca.crt'), '--tls-auth-clients', 'no'], { stdio: 'ignore' });
    try {
      let r = { out: '', code: 1 };
      for (let i = 0; i < 50 && r.out !== 'PONG'; i++) {
        await new Promise((res) => setTimeout(res, 200));
        r = await cli(['--tls', '--cacert', f('ca.crt'), '-h', '127.0.0.1', '-p', String(port), 'PING']);
      }
      expect(r.out).toBe('PONG');
    } finally {
      proc.kill('SIGKILL');
    }
  }, 30000);
});
