import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startRespd, spawnRespd, type RespdProcess } from '../helpers/servers.js';
import type { RunningServer } from '../../src/index.js';

const haveCli = spawnSync('redis-cli', ['--version']).status === 0;

describe('real clients against respd', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startRespd();
  });
  afterAll(async () => {
    await srv.close();
  });

  it('ioredis: strings, pipelines and binary values', async () => {
    const r = new Redis({ port: srv.port, lazyConnect: true, maxRetriesPerRequest: 0 });
    await r.connect();
    expect(await r.ping()).toBe('PONG');
    expect(await r.set('greeting', 'hello')).toBe('OK');
    expect(await r.get('greeting')).toBe('hello');
    const bin = Buffer.from([0, 1, 2, 255, 13, 10, 0]);
    await r.set(Buffer.from('bin\xffkey', 'latin1'), bin);
    expect(Buffer.compare((await r.getBuffer(Buffer.from('bin\xffkey', 'latin1')))!, bin)).toBe(0);
    const res = await r.pipeline().set('a', '1').get('a').echo('x').exec();
    expect(res).toEqual([[null, 'OK'], [null, '1'], [null, 'x']]);
    await expect(r.call('nosuchcommand')).rejects.toThrow("ERR unknown command 'nosuchcommand'");
    r.disconnect();
  });

  it('node-redis (RESP2 and RESP3 via HELLO)', async () => {
    const c = createClient({ socket: { port: srv.port } });
    await c.connect();
    expect(await c.ping()).toBe('PONG');
    await c.set('k', 'v');
    expect(await c.get('k')).toBe('v');
    await c.quit();
    const c3 = createClient({ socket: { port: srv.port }, RESP: 3 });
    await c3.connect();
    expect(await c3.get('k')).toBe('v');
    expect(await c3.get('missing')).toBeNull();
    await c3.quit();
  });

  it('many concurrent connections with pipelining', async () => {
    const clients = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const r = new Redis({ port: srv.port, lazyConnect: true });
        await r.connect();
        const p = r.pipeline();
        for (let j = 0; j < 100; j++) p.set(`c${i}:${j}`, String(j));
        await p.exec();
        return r;
      }),
    );
    for (const [i, r] of clients.entries()) {
      expect(await r.get(`c${i}:99`)).toBe('99');
      r.disconnect();
    }
  });
});

describe.runIf(haveCli)('redis-cli against bin/respd', () => {
  let proc: RespdProcess;
  beforeAll(async () => {
    proc = await spawnRespd();
  });
  afterAll(async () => {
    await proc.stop();
  });

  it('ping and errors', () => {
    expect(execFileSync('redis-cli', ['-p', String(proc.port), 'ping']).toString()).toBe('PONG\n');
    expect(execFileSync('redis-cli', ['-p', String(proc.port), 'set', 'x', 'y']).toString()).toBe('OK\n');
    expect(execFileSync('redis-cli', ['-p', String(proc.port), 'get', 'x']).toString()).toBe('y\n');
  });

  it('--pipe loads 100k SET commands', () => {
    let input = '';
    for (let i = 0; i < 100000; i++) input += `*3\r\n$3\r\nSET\r\n$${String(i).length + 2}\r\nk:${i}\r\n$1\r\nv\r\n`;
    const out = execFileSync('redis-cli', ['-p', String(proc.port), '--pipe'], { input }).toString();
    expect(out).toContain('errors: 0, replies: 100000');
    expect(execFileSync('redis-cli', ['-p', String(proc.port), 'get', 'k:99999']).toString()).toBe('v\n');
  });
});
