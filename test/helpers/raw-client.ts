/**
 * A raw-socket client: send bytes, read back whole replies as raw Buffers.
 * Used by the differential harness and by tests that assert exact bytes.
 */
import net from 'node:net';
import { frameEnd, encodeCommand } from './resp.js';

/** A plain connected socket, for tests that drive the bytes themselves. */
export function connectSocket(port: number, host = '127.0.0.1'): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, host, () => resolve(s));
    s.once('error', reject);
  });
}

export class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(private readonly sock: net.Socket) {
    sock.setNoDelay(true); // no Nagle delay: a command sent right after another must not wait for an ACK
    sock.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    sock.on('close', () => {
      this.closed = true;
      this.wake();
    });
    sock.on('error', () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  write(data: Buffer | string): void {
    this.sock.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  send(argv: (string | Buffer)[]): void {
    this.write(encodeCommand(argv));
  }

  /** Reads exactly one whole reply (or null if the connection closed first). */
  async reply(timeoutMs = 15_000): Promise<Buffer | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buf.length ? frameEnd(this.buf, 0) : -1;
      if (end >= 0) {
        const r = this.buf.subarray(0, end);
        this.buf = this.buf.subarray(end);
        return Buffer.from(r);
      }
      if (this.closed) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timeout waiting for reply; have ${JSON.stringify(this.buf.toString('latin1').slice(0, 200))}`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, left);
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
  }

  /** Sends a command and returns its raw reply. */
  async call(...argv: (string | Buffer)[]): Promise<Buffer | null> {
    this.send(argv);
    return this.reply();
  }

  /** Waits until the server closes the connection; returns whatever bytes were pending. */
  async waitClose(timeoutMs = 3000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) {
      await new Promise<void>((res) => {
        const t = setTimeout(res, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
    return this.buf;
  }

  pending(): Buffer {
    return this.buf;
  }

  close(): void {
    this.sock.destroy();
  }
}

/**
 * Waits until the server reports at least `n` blocked clients (INFO
 * clients), polling through `c`: a test that sends a blocking command waits
 * for the block itself, not for a fixed sleep a loaded machine can outrun.
 */
export async function untilBlocked(c: RawClient, n = 1, ms = 30000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const info = String(await c.call('INFO', 'clients'));
    const m = /blocked_clients:(\d+)/.exec(info);
    if (m && Number(m[1]) >= n) return;
    if (Date.now() > end) throw new Error(`no ${n} blocked client(s) after ${ms} ms: ${info}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
