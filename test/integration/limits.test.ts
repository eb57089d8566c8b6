/**
 * Client limits and auth-failure monitoring: maxclients with many idle
 * connections, and a brute force of 10,000 wrong passwords (server stays
 * responsive, failures counted, warning lines bounded).
 */
import { describe, it, expect, afterEach } from 'vitest';
import net from 'node:net';
import { startRespd } from '../helpers/servers.js';
import { RawClient, connectSocket as connect } from '../helpers/raw-client.js';
import type { RunningServer } from '../../src/index.js';

let srv: RunningServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

describe('client limits', () => {
  it('maxclients 200: 200 idle clients held, the next refused with the exact error', async () => {
    srv = await startRespd({ maxclients: 200 });
    const max = srv.server.config.num('maxclients'); // may be lowered by a small `ulimit -n`
    const socks: net.Socket[] = [];
    try {
      for (let i = 0; i < max; i++) socks.push(await connect(srv.port));
      await new Promise((r) => setTimeout(r, 200));
      expect(srv.server.clients.size).toBe(max);
      const extra = await connect(srv.port);
      const got = await new Promise<string>((resolve) => {
        let buf = '';
        extra.on('data', (d) => (buf += d.toString('latin1')));
        extra.on('close', () => resolve(buf));
        extra.on('error', () => { /* reset after the reply */ });
      });
      expect(got).toBe('-ERR max number of clients reached\r\n');
      expect(srv.server.stats.rejectedConnections).toBe(1);
      // One idle client leaves: a new one is served again.
      socks.pop()!.destroy();
      await new Promise((r) => setTimeout(r, 200));
      const c = await RawClient.connect(srv.port);
      expect((await c.call('PING'))!.toString()).toBe('+PONG\r\n');
      c.close();
    } finally {
      for (const s of socks) s.destroy();
    }
  }, 60000);

  it('10,000 wrong passwords: responsive, counted, log lines bounded', async () => {
    srv = await startRespd({ requirepass: 'right-password' });
    const server = srv.server;
    let warnings = 0;
    const log = server.log as unknown as { warn: (...a: unknown[]) => void };
    log.warn = () => { warnings++; };
    const attacker = await RawClient.connect(srv.port);
    const N = 10000;
    const t0 = Date.now();
    for (let i = 0; i < N; i++) attacker.send(['AUTH', 'default', `guess${i}`]);
    // Meanwhile an honest client is served promptly.
    const honest = await RawClient.connect(srv.port);
    const h0 = Date.now();
    expect((await honest.call('AUTH', 'right-password'))!.toString()).toBe('+OK\r\n');
    expect((await honest.call('PING'))!.toString()).toBe('+PONG\r\n');
    const honestMs = Date.now() - h0;
    let wrong = 0;
    for (let i = 0; i < N; i++) {
      const r = await attacker.reply(10000);
      if (r !== null && r.toString() === '-WRONGPASS invalid username-password pair or user is disabled.\r\n') wrong++;
    }
    const totalMs = Date.now() - t0;
    expect(wrong).toBe(N);
    expect(server.stats.aclDeniedAuth).toBe(N);
    // At most 10 lines a second plus one summary line per second.
    expect(warnings).toBeLessThanOrEqual(11 * (Math.ceil(totalMs / 1000) + 1));
    expect(honestMs).toBeLessThan(5000);
    attacker.close();
    honest.close();
    console.log(`brute force: ${N} attempts in ${totalMs} ms, ${warnings} warning lines, honest client served in ${honestMs} ms`);
  }, 120000);
});
