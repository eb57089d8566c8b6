import { it, expect } from 'vitest';
import { RawClient } from '../helpers/raw-client.js';
import { pairSuite } from '../helpers/diff.js';

// Redis's tests/unit/querybuf.tcl, run against real Redis (the control) and
// respd: CLIENT LIST's qbuf + qbuf-free is the query buffer's size, which
// shrinks to 0 once the client is idle for more than 2 s, and which grows for
// a big argument and shrinks back (not to 0) while the client keeps working.
// Every wait has a deadline and fails instead of hanging.

async function field(admin: RawClient, name: string, f: string): Promise<number> {
  const list = (await admin.call('CLIENT', 'LIST'))!.toString('latin1');
  const line = list.split('\n').find((l) => l.includes(` name=${name} `));
  if (line === undefined) throw new Error(`no client ${name}`);
  return Number(new RegExp(` ${f}=(\\d+)`).exec(line)![1]);
}

async function queryBuffer(admin: RawClient, name: string): Promise<number> {
  return (await field(admin, name, 'qbuf')) + (await field(admin, name, 'qbuf-free'));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

pairSuite('query buffer', {}, (pair) => {
  for (const which of ['redis', 'respd'] as const) {
    const port = () => (which === 'redis' ? pair().redis.port : pair().respd.port);

    it(`${which}: query buffer resized correctly when idle`, async () => {
      const admin = await RawClient.connect(port());
      const c = await RawClient.connect(port());
      try {
        await c.call('CLIENT', 'SETNAME', 'idle_client');
        const orig = await queryBuffer(admin, 'idle_client');
        expect(orig).toBeGreaterThanOrEqual(16384);
        expect(orig).toBeLessThan(32768);
        const deadline = Date.now() + 10_000;
        while (!((await field(admin, 'idle_client', 'idle')) >= 3 && (await queryBuffer(admin, 'idle_client')) === 0)) {
          if (Date.now() > deadline) throw new Error('query buffer was not resized');
          await sleep(50);
        }
      } finally {
        c.close();
        admin.close();
      }
    }, 20_000);

    it(`${which}: query buffer resized correctly when not idle`, async () => {
      const admin = await RawClient.connect(port());
      const c = await RawClient.connect(port());
      try {
        await c.call('CLIENT', 'SETNAME', 'busy_client');
        // Two cron passes between the SET and CLIENT LIST trim the buffer already (on a
        // loaded machine): the big write is repeated until the grown buffer is seen.
        let orig = 0;
        for (let i = 0; i < 5 && orig <= 32768; i++) {
          await c.call('SET', 'x', 'A'.repeat(400000));
          orig = await queryBuffer(admin, 'busy_client');
        }
        expect(orig).toBeGreaterThan(32768);
        const t = Date.now();
        for (;;) {
          await c.call('SET', 'x', 'A'.repeat(100));
          if ((await queryBuffer(admin, 'busy_client')) < orig || Date.now() - t > 1000) break;
          await sleep(10);
        }
        const now = await queryBuffer(admin, 'busy_client');
        expect(now).toBeGreaterThan(0);
        expect(now).toBeLessThan(orig);
      } finally {
        c.close();
        admin.close();
      }
    }, 20_000);
  }
});
