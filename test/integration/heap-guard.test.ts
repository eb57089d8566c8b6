/**
 * The heap ceiling: a respd whose V8 heap is forced small answers writes
 * with Redis's -OOM error as the heap fills, instead of dying with "heap out
 * of memory", and keeps serving reads and DEL; once keys are deleted,
 * writes are accepted again.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { spawnRespd, type RespdProcess } from '../helpers/servers.js';
import { RawClient } from '../helpers/raw-client.js';
import { encodeCommand } from '../helpers/resp.js';

const OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";

let child: RespdProcess | undefined;
afterEach(async () => {
  await child?.stop();
  child = undefined;
});

describe('heap ceiling', () => {
  it('a 96 MB heap: writes get -OOM before the heap runs out, reads and DEL still work, then writes resume', async () => {
    child = await spawnRespd([], { nodeArgs: ['--max-old-space-size=96', '--max-semi-space-size=2'] });
    const c = await RawClient.connect(child.port);
    const value = 'v'.repeat(1000);
    // MSETs of 100 keys x 1 KB, 20 per round trip (2 MB), until refused (or far past the heap size).
    let refusedAt = -1;
    for (let batch = 0; batch < 400 && refusedAt < 0; batch++) {
      const cmds: Buffer[] = [];
      for (let m = 0; m < 20; m++) {
        const argv = ['MSET'];
        for (let k = 0; k < 100; k++) argv.push(`key:${batch}:${m}:${k}`, value);
        cmds.push(encodeCommand(argv));
      }
      c.write(Buffer.concat(cmds));
      for (let m = 0; m < 20; m++) {
        const rr = await c.reply(30000);
        if (rr === null) console.log(child.output().slice(-3000));
        const r = rr!.toString();
        if (r === OOM) refusedAt = batch;
        else expect(r).toBe('+OK\r\n');
      }
    }
    if (refusedAt < 0) console.log(child.output().slice(-3000));
    expect(refusedAt).toBeGreaterThan(0);
    expect(child.proc.exitCode).toBeNull();
    // Refused writes, served reads and deletes.
    expect((await c.call('SET', 'another', 'x'))!.toString()).toBe(OOM);
    expect((await c.call('GET', 'key:0:0:0'))!.toString()).toBe(`$1000\r\n${value}\r\n`);
    expect((await c.call('PING'))!.toString()).toBe('+PONG\r\n');
    const del = ['DEL'];
    for (let batch = 0; batch <= refusedAt; batch++) for (let m = 0; m < 20; m++) for (let k = 0; k < 100; k++) del.push(`key:${batch}:${m}:${k}`);
    expect((await c.call(...del))!.toString()).toMatch(/^:\d+\r\n$/);
    expect((await c.call('DBSIZE'))!.toString()).toBe(':0\r\n');
    // The guard collects garbage at most every 5 s: writes come back within a generous deadline.
    let reply = '';
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      reply = (await c.call('SET', 'another', 'x'))!.toString();
      if (reply === '+OK\r\n') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(reply).toBe('+OK\r\n');
    expect(child.output()).toContain('refusing writes with -OOM');
    c.close();
  }, 120000);
});
