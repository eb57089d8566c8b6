import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import { startRespd } from '../helpers/servers.js';
import { RawClient } from '../helpers/raw-client.js';
import { encodeCommand } from '../helpers/resp.js';
import type { RunningServer } from '../../src/index.js';

/** A connection that subscribes and then stops reading (a paused socket also misses the close). */
async function stalledSubscriber(port: number, channel: string): Promise<net.Socket> {
  const sock = net.connect({ port, host: '127.0.0.1' });
  await new Promise<void>((r) => sock.once('connect', () => r()));
  sock.on('error', () => {});
  sock.write(encodeCommand(['SUBSCRIBE', channel]));
  await new Promise<void>((r) => sock.once('data', () => r()));
  sock.pause();
  return sock;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('client-output-buffer-limit', () => {
  let srv: RunningServer;
  let admin: RawClient;
  beforeAll(async () => {
    srv = await startRespd();
    admin = await RawClient.connect(srv.port);
  });
  afterAll(async () => {
    admin.close();
    await srv.close();
  });

  it('disconnects a slow subscriber over the hard limit', async () => {
    await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 0 0');
    const before = srv.server.stats.clientOutbufLimitDisconnections;
    const sub = await stalledSubscriber(srv.port, 'flood');
    const payload = 'x'.repeat(256 * 1024);
    let receivers = '';
    for (let i = 0; i < 400 && receivers !== ':0\r\n'; i++) {
      receivers = (await admin.call('PUBLISH', 'flood', payload))!.toString();
      await wait(1);
    }
    // The subscriber was dropped (the channel has no receivers left) and counted.
    expect(receivers).toBe(':0\r\n');
    expect(srv.server.stats.clientOutbufLimitDisconnections).toBe(before + 1);
    sub.destroy();
  });

  it('disconnects after the soft limit lasts longer than its seconds', async () => {
    await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 0 512kb 1');
    const before = srv.server.stats.clientOutbufLimitDisconnections;
    const sub = await stalledSubscriber(srv.port, 'slow');
    const payload = 'y'.repeat(256 * 1024);
    // Fill the socket buffers well past the soft limit: no disconnection yet.
    for (let i = 0; i < 60; i++) expect((await admin.call('PUBLISH', 'slow', payload))!.toString()).toBe(':1\r\n');
    expect(srv.server.stats.clientOutbufLimitDisconnections).toBe(before);
    // Still over it more than a second later: the next message drops the subscriber.
    await wait(2100);
    await admin.call('PUBLISH', 'slow', payload);
    expect((await admin.call('PUBLISH', 'slow', 'x'))!.toString()).toBe(':0\r\n');
    expect(srv.server.stats.clientOutbufLimitDisconnections).toBe(before + 1);
    sub.destroy();
  });

  it('subscribers that keep reading are never disconnected', async () => {
    await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 0 0');
    const sub = await RawClient.connect(srv.port);
    await sub.call('SUBSCRIBE', 'ok');
    const payload = 'z'.repeat(100 * 1024);
    for (let i = 0; i < 50; i++) {
      await admin.call('PUBLISH', 'ok', payload);
      expect((await sub.reply())!.length).toBeGreaterThan(payload.length);
    }
    expect(sub.closed).toBe(false);
    sub.close();
  });

  it('applies the normal class to ordinary replies', async () => {
    await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1mb 0 0');
    const before = srv.server.stats.clientOutbufLimitDisconnections;
    await admin.call('SET', 'big', 'b'.repeat(512 * 1024));
    const sock = net.connect({ port: srv.port, host: '127.0.0.1' });
    await new Promise<void>((r) => sock.once('connect', () => r()));
    sock.on('error', () => {});
    sock.pause();
    const get = encodeCommand(['GET', 'big']);
    for (let i = 0; i < 64 && srv.server.stats.clientOutbufLimitDisconnections === before; i++) {
      sock.write(get);
      await wait(2);
    }
    expect(srv.server.stats.clientOutbufLimitDisconnections).toBe(before + 1);
    sock.destroy();
    await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 0 0 0');
  });
});
