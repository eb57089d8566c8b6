/**
 * Big bulk arguments: a value of 160 MB trickling in must not stall other
 * clients, neither while it arrives nor when its last byte lands (it used to
 * be joined and converted in one go at the end: seconds of stall at this size).
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

function writeAll(s: net.Socket, b: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (s.write(b)) resolve();
    else s.once('drain', () => resolve());
  });
}

describe('big bulk arguments', () => {
  it('a second client is answered promptly while a 160 MB value trickles in and when it completes', async () => {
    // Every command goes to the slow log, which keeps each argument's first 128
    // bytes: taken from the head the parser kept, not by slicing the value
    // (that would make V8 copy all 160 MB into one string, in this SET).
    srv = await startRespd({ 'slowlog-log-slower-than': 0 });
    const size = 160 * 1024 * 1024;
    const piece = 4 * 1024 * 1024;
    const chunk = Buffer.alloc(piece, 0x61);
    const sender = await connect(srv.port);
    let setReply = '';
    sender.on('data', (d) => { setReply += d.toString('latin1'); });
    const other = await RawClient.connect(srv.port);
    await writeAll(sender, Buffer.from(`*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$${size}\r\n`, 'latin1'));
    let worst = 0;
    for (let sent = 0; sent < size; sent += piece) {
      const last = sent + piece >= size;
      await writeAll(sender, last ? Buffer.concat([chunk, Buffer.from('b\r\n')]).subarray(1) : chunk);
      const t0 = performance.now();
      expect((await other.call('PING'))!.toString()).toBe('+PONG\r\n');
      worst = Math.max(worst, performance.now() - t0);
      if (!last) expect(setReply).toBe(''); // the value is still incomplete
    }
    // Generous for a loaded machine; joining 160 MB at the end took seconds here.
    expect(worst).toBeLessThan(1000);
    const deadline = Date.now() + 30000;
    while (setReply === '' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(setReply).toBe('+OK\r\n');
    const slow = (await other.call('SLOWLOG', 'GET', '-1'))!.toString('latin1');
    const shown = `${'a'.repeat(128)}... (${size - 128} more bytes)`;
    expect(slow).toContain(`$3\r\nbig\r\n$${shown.length}\r\n${shown}\r\n`);
    expect((await other.call('STRLEN', 'big'))!.toString()).toBe(`:${size}\r\n`);
    expect((await other.call('GETRANGE', 'big', String(size - 3), '-1'))!.toString()).toBe('$3\r\naab\r\n');
    expect((await other.call('DEL', 'big'))!.toString()).toBe(':1\r\n');
    sender.destroy();
    other.close();
  }, 120000);
});
