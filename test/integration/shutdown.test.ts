/**
 * Graceful shutdown of the respd process: under a client pipelining SETs,
 * SIGTERM loses no reply to a request sent before the signal, the process
 * exits 0 within 2 s and removes its pidfile; a second signal forces exit;
 * SHUTDOWN closes the caller's connection without a reply.
 */
import { describe, it, expect } from 'vitest';
import net from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnRespd } from '../helpers/servers.js';

function exitOf(proc: import('node:child_process').ChildProcess): Promise<number | null> {
  return new Promise((res) => {
    if (proc.exitCode !== null) return res(proc.exitCode);
    proc.once('exit', (code) => res(code));
  });
}

describe('graceful shutdown', () => {
  it('SIGTERM under pipelined load: every request sent before the signal is answered, exit 0 < 2 s, pidfile removed', async () => {
    const pidfile = join(tmpdir(), `respd-test-${process.pid}-${Date.now()}.pid`);
    const srv = await spawnRespd(['--pidfile', pidfile]);
    try {
      for (let i = 0; i < 50 && !existsSync(pidfile); i++) await new Promise((r) => setTimeout(r, 20));
      expect(readFileSync(pidfile, 'utf8').trim()).toBe(String(srv.proc.pid));
      const sock = net.connect(srv.port, '127.0.0.1');
      await new Promise<void>((r) => sock.once('connect', () => r()));
      let sent = 0;
      let replies = 0;
      let tail = '';
      let open = true;
      sock.on('data', (d: Buffer) => {
        const s = tail + d.toString('latin1');
        let i = 0;
        for (;;) {
          const j = s.indexOf('+OK\r\n', i);
          if (j < 0) break;
          replies++;
          i = j + 5;
        }
        tail = s.slice(i);
      });
      sock.on('error', () => { open = false; });
      sock.on('close', () => { open = false; });
      sock.on('end', () => { open = false; sock.end(); });
      const batch = (n: number) => {
        let out = '';
        for (let k = 0; k < n; k++) {
          const key = `k${sent + k}`;
          out += `*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$5\r\nvalue\r\n`;
        }
        sent += n;
        return out;
      };
      const pump = async () => {
        while (open) {
          // a window of outstanding requests, as a pipelining client keeps
          if (sent - replies > 20000) {
            await new Promise((r) => setTimeout(r, 1));
            continue;
          }
          const ok = sock.write(batch(200));
          if (!ok) await new Promise<void>((r) => { sock.once('drain', () => r()); sock.once('close', () => r()); });
          else await new Promise((r) => setImmediate(r));
        }
      };
      const pumping = pump();
      await new Promise((r) => setTimeout(r, 400));
      const sentBefore = sent;
      const t0 = Date.now();
      srv.proc.kill('SIGTERM');
      const code = await exitOf(srv.proc);
      const elapsed = Date.now() - t0;
      await pumping;
      await new Promise((r) => setTimeout(r, 50));
      console.log(`SIGTERM: sent before signal ${sentBefore}, sent in all ${sent}, replies ${replies}, exit ${code} after ${elapsed} ms`);
      expect(code).toBe(0);
      expect(elapsed).toBeLessThan(2000);
      expect(replies).toBeGreaterThanOrEqual(sentBefore);
      expect(sentBefore).toBeGreaterThan(0);
      expect(existsSync(pidfile)).toBe(false);
      expect(srv.output()).toContain('ready to exit');
    } finally {
      await srv.stop();
    }
  }, 30000);

  it('an idle server exits 0 promptly on SIGINT', async () => {
    const srv = await spawnRespd([]);
    const t0 = Date.now();
    srv.proc.kill('SIGINT');
    expect(await exitOf(srv.proc)).toBe(0);
    expect(Date.now() - t0).toBeLessThan(2000);
  }, 30000);

  it('a second signal forces the exit', async () => {
    const srv = await spawnRespd([]);
    // a client that keeps sending and never closes its side keeps the graceful close waiting
    const sock = net.connect({ port: srv.port, host: '127.0.0.1', allowHalfOpen: true });
    sock.on('error', () => {});
    await new Promise<void>((r) => sock.once('connect', () => r()));
    // the server has accepted us once it answers
    await new Promise<void>((r) => { sock.once('data', () => r()); sock.write('PING\r\n'); });
    const timer = setInterval(() => { if (!sock.destroyed) sock.write('PING\r\n'); }, 5);
    srv.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 20));
    srv.proc.kill('SIGINT');
    const code = await exitOf(srv.proc);
    if (code !== 1) console.log(srv.output());
    expect(code).toBe(1);
    clearInterval(timer);
    expect(srv.output()).toContain('second signal');
    sock.destroy();
  }, 30000);

  it('SHUTDOWN closes the connection without a reply and the process exits 0', async () => {
    const srv = await spawnRespd([]);
    const sock = net.connect(srv.port, '127.0.0.1');
    await new Promise<void>((r) => sock.once('connect', () => r()));
    let got = '';
    sock.on('data', (d) => (got += d.toString('latin1')));
    const closed = new Promise<void>((r) => sock.once('close', () => r()));
    sock.write('*1\r\n$8\r\nSHUTDOWN\r\n');
    await closed;
    expect(got).toBe('');
    expect(await exitOf(srv.proc)).toBe(0);
  }, 30000);
});
