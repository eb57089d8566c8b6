/**
 * The socket paths of src/server/transport.ts: direct reads into a shared
 * buffer and direct handle writes (the default), and the stream fallback
 * (RESPD_STREAM_WRITES=1). The cases that matter are the unusual ones:
 * input split at odd places across reads, and replies much bigger than the
 * kernel's socket buffer written to a client that is not reading, so that
 * libuv has to queue them (in order, with their bytes kept alive).
 */
import { describe, it, expect, afterAll } from 'vitest';
import net from 'node:net';
import { spawnRespd, type RespdProcess } from '../helpers/servers.js';
import { encodeCommand } from '../helpers/resp.js';

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Reads from `s` until `total` bytes arrived. */
function readBytes(s: net.Socket, total: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let n = 0;
    const on = (d: Buffer) => {
      parts.push(d);
      n += d.length;
      if (n >= total) {
        s.off('data', on);
        resolve(Buffer.concat(parts));
      }
    };
    s.on('data', on);
    s.resume();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const mode of ['direct', 'stream'] as const) {
  describe(`socket transport (${mode} writes)`, () => {
    let srv: RespdProcess | null = null;
    const start = async () => (srv ??= await spawnRespd([], mode === 'stream' ? { env: { RESPD_STREAM_WRITES: '1' } } : {}));
    afterAll(async () => { await srv?.stop(); });

    it('parses requests split byte by byte and in odd-sized pieces', async () => {
      const { port } = await start();
      const s = await connect(port);
      const value = Buffer.alloc(70 * 1024, 'v'); // big enough for the parser's chunked bulk path
      const req = Buffer.concat([
        encodeCommand(['SET', 'split', 'a\r\nb']),
        encodeCommand(['SET', 'bigv', value.toString('latin1')]),
        Buffer.from('PING\r\n'),
        encodeCommand(['GET', 'split']),
        encodeCommand(['STRLEN', 'bigv']),
      ]);
      const expected = Buffer.from('+OK\r\n+OK\r\n+PONG\r\n$4\r\na\r\nb\r\n:71680\r\n');
      const got = readBytes(s, expected.length);
      // 1-byte writes for the first 100 bytes, then pieces of 1..5000 bytes
      let off = 0;
      let step = 0;
      while (off < req.length) {
        const n = off < 100 ? 1 : 1 + ((step++ * 2654435761) % 5000);
        s.write(req.subarray(off, off + n));
        off += n;
        if (step % 7 === 0) await sleep(1);
      }
      expect((await got).toString('latin1')).toBe(expected.toString('latin1'));
      s.destroy();
    });

    it('queues replies bigger than the socket buffer for a client that is not reading, in order', async () => {
      const { port } = await start();
      const s = await connect(port);
      s.pause();
      const size = 3 * 1024 * 1024;
      // Each value is one repeated byte, so any reordering or reuse of a queued buffer shows.
      const setup = ['a', 'b', 'c'].map((ch) => encodeCommand(['SET', `k${ch}`, ch.repeat(size)]));
      s.write(Buffer.concat(setup));
      expect((await readBytes(s, 15)).toString()).toBe('+OK\r\n+OK\r\n+OK\r\n');
      s.pause();
      // Three separate batches (separate flushes) while the first is still queued.
      const gets = ['a', 'b', 'c', 'a'].map((ch) => encodeCommand(['GET', `k${ch}`]));
      for (const g of gets) {
        s.write(g);
        await sleep(30);
      }
      const header = `$${size}\r\n`;
      const one = header.length + size + 2;
      const all = await readBytes(s, one * gets.length);
      expect(all.length).toBe(one * gets.length);
      ['a', 'b', 'c', 'a'].forEach((ch, i) => {
        const part = all.subarray(i * one, (i + 1) * one);
        expect(part.subarray(0, header.length).toString()).toBe(header);
        const body = part.subarray(header.length, header.length + size);
        expect(body.equals(Buffer.alloc(size, ch))).toBe(true);
        expect(part.subarray(-2).toString()).toBe('\r\n');
      });
      s.destroy();
    });

    it('a half-closed client gets replies to what it sent; one left blocked is dropped, as by Redis', async () => {
      const { port } = await start();
      const exchange = async (payload: string): Promise<string> => {
        const s = await connect(port);
        let out = '';
        s.on('data', (d) => (out += d.toString('latin1')));
        const closed = new Promise<void>((r) => s.once('close', () => r()));
        s.end(payload); // sends FIN after the payload
        await closed;
        return out;
      };
      expect(await exchange('PING\r\nECHO hi\r\n')).toBe('+PONG\r\n$2\r\nhi\r\n');
      // The first script of a fresh server waits for the Lua engine to load: still answered.
      expect(await exchange('EVAL "return 1+1" 0\r\nPING\r\n')).toBe(':2\r\n+PONG\r\n');
      expect(await exchange('PING\r\nBLPOP nolist 0\r\n')).toBe('+PONG\r\n');
    });

    it('QUIT replies before closing', async () => {
      const { port } = await start();
      const s = await connect(port);
      const closed = new Promise<void>((r) => s.once('close', () => r()));
      let out = '';
      s.on('data', (d) => (out += d.toString()));
      s.write('PING\r\nQUIT\r\nPING\r\n');
      await closed;
      expect(out).toBe('+PONG\r\n+OK\r\n');
    });
  });
}
