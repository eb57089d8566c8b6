import { describe, it, expect } from 'vitest';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { Server } from '../../src/server/server.js';
import { createServer } from '../../src/compose.js';
import { Client } from '../../src/server/client.js';
import { dispatch } from '../../src/server/dispatcher.js';
import { pubsubOf } from '../../src/server/pubsub.js';

/** A socket stand-in that records what the server writes. */
class FakeSocket extends EventEmitter {
  remoteAddress = '127.0.0.1';
  remotePort = 1;
  localAddress = '127.0.0.1';
  localPort = 6379;
  writableLength = 0;
  bytes = 0;
  chunks = 0;
  write(b: Buffer): boolean {
    this.bytes += b.length;
    this.chunks++;
    return true;
  }
  cork(): void {}
  uncork(): void {}
  end(): void {}
  destroy(): void {}
  setNoDelay(): void {}
}

function connect(server: Server): [Client, FakeSocket] {
  const s = new FakeSocket();
  const c = new Client(server, s as unknown as Socket);
  server.clients.set(c.id, c);
  return [c, s];
}

const tick = () => new Promise((r) => process.nextTick(r));

/** Subscribes n fake clients to "news" and returns them with their sockets. */
function subscribers(server: Server, n: number): [Client, FakeSocket][] {
  const out: [Client, FakeSocket][] = [];
  for (let i = 0; i < n; i++) {
    const [c, s] = connect(server);
    dispatch(c, ['SUBSCRIBE', 'news']);
    c.flush();
    out.push([c, s]);
  }
  return out;
}

/** Best-of-5 time per delivered message when publishing to n subscribers. */
async function perDelivery(n: number): Promise<number> {
  const server = createServer({ silent: true });
  const subs = subscribers(server, n);
  const [pub] = connect(server);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) dispatch(pub, ['PUBLISH', 'news', 'hello']);
    pub.flush();
    await tick();
    best = Math.min(best, (performance.now() - t0) / (10 * n));
  }
  for (const [c] of subs) c.close();
  return best;
}

describe('pub/sub fan-out', () => {
  it('delivers to 10,000 subscribers', async () => {
    const server = createServer({ silent: true });
    const subs = subscribers(server, 10000);
    const [pub, pubSock] = connect(server);
    for (let i = 0; i < 20; i++) dispatch(pub, ['PUBLISH', 'news', 'hello']);
    pub.flush();
    await tick();
    expect(pubSock.bytes).toBe(20 * ':10000\r\n'.length);
    const frame = '*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n'.length;
    const subscribed = '*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n'.length;
    for (const [, s] of subs) expect(s.bytes).toBe(subscribed + 20 * frame);
    expect(pubsubOf(server).channels.get('news')!.size).toBe(10000);
    for (const [c] of subs) c.close();
    expect(pubsubOf(server).channels.has('news')).toBe(false);
  });

  it('costs the same per delivery at 1,000 and 10,000 subscribers (no quadratic work)', async () => {
    const small = await perDelivery(1000);
    const large = await perDelivery(10000);
    // Linear fan-out keeps the ratio near 1 (a loaded machine and 10x the buffers in cache
    // push it up a little); anything quadratic in the subscriber count makes it 10 or more.
    expect(large / small).toBeLessThan(8);
  });

  it('matches many patterns once each per publish', async () => {
    const server = createServer({ silent: true });
    const socks: FakeSocket[] = [];
    for (let i = 0; i < 2000; i++) {
      const [c, s] = connect(server);
      dispatch(c, ['PSUBSCRIBE', `user:${i}:*`, 'user:*']);
      c.flush();
      s.bytes = 0;
      socks.push(s);
    }
    const [pub, pubSock] = connect(server);
    dispatch(pub, ['PUBLISH', 'user:7:login', 'x']);
    pub.flush();
    await tick();
    expect(pubSock.bytes).toBe(':2001\r\n'.length);
    expect(pubsubOf(server).patterns.size).toBe(2001);
    expect(socks[7].bytes).toBeGreaterThan(socks[8].bytes);
  });
});
