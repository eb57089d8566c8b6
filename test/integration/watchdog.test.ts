/**
 * A stuck event loop is not silent, and does not make the process immortal:
 * respd (as a process) names a command that held the loop past the
 * threshold, its watchdog thread warns while the loop is blocked, and
 * SIGTERM ends the process within shutdown-timeout even while a command
 * is still running (server/watchdog.ts).
 */
import { describe, it, expect } from 'vitest';
import { spawnRespd } from '../helpers/servers.js';
import { RawClient } from '../helpers/raw-client.js';

/** Waits until `cond()` holds, polling; generous deadline for a loaded machine. */
async function until(cond: () => boolean, ms = 60000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('watchdog', () => {
  it('a slow command is logged by name, with its client', async () => {
    const srv = await spawnRespd(['--enable-debug-command', 'yes', '--watchdog-period', '200']);
    try {
      const c = await RawClient.connect(srv.port);
      expect((await c.call('DEBUG', 'SLEEP', '0.3'))?.toString()).toBe('+OK\r\n');
      c.close();
      await until(() => srv.output().includes("slow command: 'debug'"));
      expect(srv.output()).toMatch(/slow command: 'debug' from 127\.0\.0\.1:\d+ blocked the event loop for \d+ ms/);
    } finally {
      await srv.stop();
    }
  }, 90000);

  it('SIGTERM during a command that blocks for a minute: warned, then the process ends after shutdown-timeout', async () => {
    const srv = await spawnRespd(['--enable-debug-command', 'yes', '--shutdown-timeout', '1', '--watchdog-period', '500']);
    try {
      const c = await RawClient.connect(srv.port);
      c.send(['DEBUG', 'SLEEP', '60']);
      // the watchdog thread says the loop is blocked: the sleep has started
      await until(() => srv.output().includes('event loop blocked')).catch((e) => {
        throw new Error(`${e.message}; output: ${srv.output()}`);
      });
      const exited = new Promise<number>((res) => srv.proc.once('exit', () => res(Date.now())));
      const t0 = Date.now();
      srv.proc.kill('SIGTERM');
      const t1 = await exited;
      // shutdown-timeout is 1 s; the bound allows for a loaded machine, far below the 60 s sleep
      expect(t1 - t0).toBeLessThan(20000);
      expect(srv.output()).toMatch(/SIGTERM received \d+ ms ago and the event loop is blocked/);
      c.close();
    } finally {
      await srv.stop();
    }
  }, 90000);
});
