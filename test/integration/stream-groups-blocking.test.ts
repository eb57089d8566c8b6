/**
 * Blocking XREADGROUP, compared with real Redis 7.0: each scenario runs on
 * both servers with three connections and the transcripts (every reply,
 * or "<blocked>" where a client is still waiting) must be identical. Also
 * checks that idle times grow (they cannot be compared across servers).
 */
import { it, expect } from 'vitest';
import { pairSuite } from '../helpers/diff.js';
import { RawClient, untilBlocked } from '../helpers/raw-client.js';

type Who = 'a' | 'b' | 'c';
/** send: fire a command without waiting; call: send and read its reply; read: read a pending reply (or note "<blocked>"). */
type Step = ['send', Who, string] | ['call', Who, string] | ['read', Who] | ['sleep', number];

const text = (b: Buffer | null) => (b === null ? '<blocked>' : b.toString('latin1'));
const argv = (s: string) => s.split(' ');

async function run(port: number, steps: Step[]): Promise<string[]> {
  const admin = await RawClient.connect(port);
  await admin.call('FLUSHALL');
  admin.close();
  const cl: Record<Who, RawClient> = {
    a: await RawClient.connect(port),
    b: await RawClient.connect(port),
    c: await RawClient.connect(port),
  };
  const out: string[] = [];
  try {
    for (const st of steps) {
      if (st[0] === 'sleep') await new Promise((r) => setTimeout(r, st[1]));
      else if (st[0] === 'send') {
        cl[st[1]].send(argv(st[2]));
        await new Promise((r) => setTimeout(r, 30)); // let it block, in order
      } else if (st[0] === 'call') out.push(`${st[1]}: ${text(await cl[st[1]].call(...argv(st[2])))}`);
      else out.push(`${st[1]}> ${text(await cl[st[1]].reply(150).catch(() => null))}`);
    }
  } finally {
    for (const c of Object.values(cl)) c.close();
  }
  return out;
}

const SETUP: Step[] = [['call', 'c', 'XGROUP CREATE s g $ MKSTREAM']];

const scenarios: [string, Step[]][] = [
  ['two consumers are served in the order they blocked', [
    ...SETUP,
    ['send', 'a', 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'],
    ['send', 'b', 'XREADGROUP GROUP g bob BLOCK 0 STREAMS s >'],
    ['call', 'c', 'XADD s 1-1 f v'],
    ['read', 'a'],
    ['read', 'b'],
    ['call', 'c', 'XADD s 2-1 f w'],
    ['read', 'b'],
    ['call', 'c', 'XPENDING s g'],
    ['call', 'c', 'XINFO GROUPS s'],
  ]],
  ['a transaction adding two entries serves the first waiter both', [
    ...SETUP,
    ['send', 'a', 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'],
    ['send', 'b', 'XREADGROUP GROUP g bob BLOCK 0 STREAMS s >'],
    ['call', 'c', 'MULTI'],
    ['call', 'c', 'XADD s 1-1 f v'],
    ['call', 'c', 'XADD s 2-1 f w'],
    ['call', 'c', 'EXEC'],
    ['read', 'a'],
    ['read', 'b'],
  ]],
  ['with COUNT 1 the second waiter gets the next entry', [
    ...SETUP,
    ['send', 'a', 'XREADGROUP GROUP g alice COUNT 1 BLOCK 0 STREAMS s >'],
    ['send', 'b', 'XREADGROUP GROUP g bob COUNT 1 BLOCK 0 STREAMS s >'],
    ['call', 'c', 'MULTI'],
    ['call', 'c', 'XADD s 1-1 f v'],
    ['call', 'c', 'XADD s 2-1 f w'],
    ['call', 'c', 'EXEC'],
    ['read', 'a'],
    ['read', 'b'],
    ['call', 'c', 'XPENDING s g'],
    ['call', 'c', 'XPENDING s g IDLE 100000 - + 10 bob'],
  ]],
  ['group destroyed while blocked', [
    ...SETUP,
    ['send', 'a', 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'],
    ['call', 'c', 'XGROUP DESTROY s g'],
    ['read', 'a'],
    ['call', 'a', 'PING'],
  ]],
  ['key deleted while blocked', [
    ...SETUP,
    ['send', 'a', 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'],
    ['call', 'c', 'DEL s'],
    ['read', 'a'],
  ]],
  ['key overwritten with another type while blocked', [
    ...SETUP,
    ['send', 'a', 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'],
    ['call', 'c', 'SET s x'],
    ['read', 'a'],
  ]],
  ['flushall while blocked', [
    ...SETUP,
    ['send', 'a', 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'],
    ['call', 'c', 'FLUSHALL'],
    ['read', 'a'],
  ]],
  ['stream replaced by one without the group', [
    ...SETUP,
    ['send', 'a', 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'],
    ['call', 'c', 'MULTI'],
    ['call', 'c', 'DEL s'],
    ['call', 'c', 'XADD s 5-5 f v'],
    ['call', 'c', 'EXEC'],
    ['read', 'a'],
  ]],
  ['SETID while blocked serves nothing until an XADD', [
    ...SETUP,
    ['send', 'a', 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'],
    ['call', 'c', 'XGROUP SETID s g 0'],
    ['read', 'a'],
    ['call', 'c', 'XADD s 1-1 f v'],
    ['read', 'a'],
  ]],
  ['NOACK while blocked', [
    ...SETUP,
    ['send', 'a', 'XREADGROUP GROUP g alice NOACK BLOCK 0 STREAMS s >'],
    ['call', 'c', 'XADD s 1-1 f v'],
    ['read', 'a'],
    ['call', 'c', 'XPENDING s g'],
    ['call', 'c', 'XINFO GROUPS s'],
  ]],
  ['blocked on two keys, served by the second', [
    ...SETUP,
    ['call', 'c', 'XGROUP CREATE t g $ MKSTREAM'],
    ['send', 'a', 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s t > >'],
    ['call', 'c', 'XADD t 3-3 f v'],
    ['read', 'a'],
  ]],
  ['timeout gives a null array', [
    ...SETUP,
    ['call', 'a', 'XREADGROUP GROUP g alice BLOCK 50 STREAMS s >'],
    ['call', 'c', 'XINFO GROUPS s'],
  ]],
  ['XDEL does not serve a waiter', [
    ['call', 'c', 'XADD s 1-1 f v'],
    ['call', 'c', 'XGROUP CREATE s g $'],
    ['send', 'a', 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'],
    ['call', 'c', 'XDEL s 1-1'],
    ['read', 'a'],
    ['call', 'c', 'XADD s 2-1 f v'],
    ['read', 'a'],
  ]],
  ['served in RESP3', [
    ...SETUP,
    ['call', 'a', 'HELLO 3'],
    ['send', 'a', 'XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'],
    ['call', 'c', 'XADD s 1-1 f v'],
    ['read', 'a'],
  ]],
];

pairSuite('blocking XREADGROUP', {}, (pair) => {
  for (const [name, steps] of scenarios) {
    it(name, async () => {
      const expected = await run(pair().redis.port, steps);
      const actual = await run(pair().respd.port, steps);
      // HELLO's server banner differs
      const norm = (s: string) => (s.includes('$6\r\nserver') ? '<masked>' : s);
      expect(actual.map(norm)).toEqual(expected.map(norm));
    });
  }

  it('idle times grow (respd)', async () => {
    const port = pair().respd.port;
    const cl = await RawClient.connect(port);
    await cl.call('FLUSHALL');
    await cl.call('XADD', 's', '1-1', 'f', 'v');
    await cl.call('XGROUP', 'CREATE', 's', 'g', '0');
    await cl.call('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
    await new Promise((r) => setTimeout(r, 120));
    const pend = text(await cl.call('XPENDING', 's', 'g', '-', '+', '10'));
    const idle = Number(/\r\n:(\d+)\r\n:1\r\n$/.exec(pend)![1]);
    expect(idle).toBeGreaterThanOrEqual(110);
    expect(idle).toBeLessThan(5000);
    const cons = text(await cl.call('XINFO', 'CONSUMERS', 's', 'g'));
    const cidle = Number(/idle\r\n:(\d+)/.exec(cons)![1]);
    expect(cidle).toBeGreaterThanOrEqual(110);
    // Reading the history refreshes the consumer's seen-time and the delivery time.
    await cl.call('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '0');
    const pend2 = text(await cl.call('XPENDING', 's', 'g', '-', '+', '10'));
    expect(Number(/\r\n:(\d+)\r\n:2\r\n$/.exec(pend2)![1])).toBeLessThan(100);
    const full = text(await cl.call('XPENDING', 's', 'g', 'IDLE', '100', '-', '+', '10'));
    expect(full).toBe('*0\r\n');
    cl.close();
  });

  it('CLIENT UNBLOCK ends a blocked XREADGROUP (timeout and error forms)', async () => {
    for (const port of [pair().redis.port, pair().respd.port]) {
      const a = await RawClient.connect(port);
      const c = await RawClient.connect(port);
      await c.call('FLUSHALL');
      await c.call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      const id = text(await a.call('CLIENT', 'ID')).slice(1, -2);
      a.send(argv('XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'));
      await untilBlocked(c);
      expect(text(await c.call('CLIENT', 'UNBLOCK', id))).toBe(':1\r\n');
      expect(text(await a.reply())).toBe('*-1\r\n');
      a.send(argv('XREADGROUP GROUP g alice BLOCK 0 STREAMS s >'));
      await untilBlocked(c);
      expect(text(await c.call('CLIENT', 'UNBLOCK', id, 'ERROR'))).toBe(':1\r\n');
      expect(text(await a.reply())).toBe('-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n');
      a.close();
      c.close();
    }
  });
});
