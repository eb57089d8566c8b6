/**
 * Stream behaviour the differential suite cannot pin down: auto-generated
 * IDs ('*' depends on the clock), XREAD BLOCK served by another client's
 * XADD (compared with real Redis reply for reply), and the stream
 * keyspace events and `modified` signals.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { RawClient } from '../helpers/raw-client.js';
import { startRedis, startRespd, haveRedis, type Oracle } from '../helpers/servers.js';
import type { RunningServer } from '../../src/index.js';

const text = (b: Buffer | null) => (b === null ? '<closed>' : b.toString('latin1'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bulkValue = (r: string) => r.split('\r\n')[1];

describe('stream auto IDs', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startRespd();
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('* is the current time, monotonic, and increments seq within a millisecond', async () => {
    const cl = await RawClient.connect(srv.port);
    await cl.call('FLUSHALL');
    const before = Date.now();
    for (let i = 0; i < 500; i++) cl.send(['XADD', 's', '*', 'f', String(i)]);
    const ids: [bigint, bigint][] = [];
    for (let i = 0; i < 500; i++) {
      const [ms, seq] = bulkValue(text(await cl.reply())).split('-');
      ids.push([BigInt(ms), BigInt(seq)]);
    }
    const after = Date.now();
    expect(Number(ids[0][0])).toBeGreaterThanOrEqual(before);
    expect(Number(ids[499][0])).toBeLessThanOrEqual(after);
    let sameMs = 0;
    for (let i = 1; i < ids.length; i++) {
      const [pm, ps] = ids[i - 1];
      const [m, s] = ids[i];
      expect(m > pm || (m === pm && s === ps + 1n)).toBe(true);
      if (m > pm) expect(s).toBe(0n);
      else sameMs++;
    }
    expect(sameMs).toBeGreaterThan(0); // 500 pipelined XADDs cannot all land in different milliseconds
    expect(text(await cl.call('XLEN', 's'))).toBe(':500\r\n');
    cl.close();
  });

  it('* after a future last ID continues from it; <ms>-* generates the sequence', async () => {
    const cl = await RawClient.connect(srv.port);
    await cl.call('FLUSHALL');
    const future = Date.now() + 10_000_000;
    await cl.call('XADD', 's', `${future}-7`, 'a', '1');
    expect(bulkValue(text(await cl.call('XADD', 's', '*', 'a', '2')))).toBe(`${future}-8`);
    expect(bulkValue(text(await cl.call('XADD', 's', `${future}-*`, 'a', '3')))).toBe(`${future}-9`);
    expect(bulkValue(text(await cl.call('XADD', 's', `${future + 1}-*`, 'a', '4')))).toBe(`${future + 1}-0`);
    await cl.call('XSETID', 's', '18446744073709551615-5');
    expect(bulkValue(text(await cl.call('XADD', 's', '*', 'a', '5')))).toBe('18446744073709551615-6');
    cl.close();
  });
});

/** A two-client blocking scenario: `blocker` commands are sent without waiting; `writer` commands run after a pause. */
interface BlockScenario {
  name: string;
  setup?: string[][];
  block: string[];
  writes: string[][];
  resp3?: boolean;
  /** Replies expected from the blocked client (1 normally). */
  replies?: number;
}

const BLOCK_SCENARIOS: BlockScenario[] = [
  { name: 'served by xadd', block: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'], writes: [['XADD', 's', '5-1', 'a', '1']] },
  { name: 'served by xadd resp3', resp3: true, block: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'], writes: [['XADD', 's', '5-1', 'a', '1']] },
  { name: 'dollar of existing stream', setup: [['XADD', 's', '1-1', 'a', '1']], block: ['XREAD', 'BLOCK', '5000', 'STREAMS', 's', '$'], writes: [['XADD', 's', '2-1', 'b', '2']] },
  { name: 'second key of several', setup: [['XADD', 't', '1-1', 'x', '1']], block: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', 't', '0', '$'], writes: [['XADD', 't', '3-1', 'y', '2'], ['XADD', 's', '4-1', 'z', '3']] },
  { name: 'count limits a blocked read', block: ['XREAD', 'COUNT', '2', 'BLOCK', '0', 'STREAMS', 's', '0'], writes: [['EVAL', "for i=1,5 do redis.call('XADD', 's', i .. '-0', 'f', i) end", '0']] },
  { name: 'xadd below the wanted id does not serve', setup: [['XADD', 's', '1-1', 'a', '1']], block: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '10-0'], writes: [['XADD', 's', '5-0', 'a', '1'], ['XDEL', 's', '5-0'], ['XADD', 's', '11-0', 'b', '2']] },
  { name: 'wrong type write does not serve', block: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'], writes: [['SET', 's', 'x'], ['DEL', 's'], ['XADD', 's', '1-1', 'a', '1']] },
  { name: 'multi xadd then xdel', block: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'], writes: [['MULTI'], ['XADD', 's', '1-1', 'a', '1'], ['XADD', 's', '2-1', 'a', '1'], ['XDEL', 's', '2-1'], ['EXEC']] },
  { name: 'times out', block: ['XREAD', 'BLOCK', '100', 'STREAMS', 's', '$'], writes: [] },
  { name: 'times out resp3', resp3: true, block: ['XREAD', 'BLOCK', '100', 'STREAMS', 's', '$'], writes: [] },
  { name: 'pipelined commands after the block wait', block: ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'], writes: [['XADD', 's', '1-1', 'a', '1']], replies: 1 },
];

async function runBlock(port: number, sc: BlockScenario): Promise<string[]> {
  const admin = await RawClient.connect(port);
  await admin.call('FLUSHALL');
  for (const c of sc.setup ?? []) await admin.call(...c);
  const b = await RawClient.connect(port);
  if (sc.resp3) await b.call('HELLO', '3');
  b.send(sc.block);
  await sleep(50);
  const out: string[] = [];
  for (const c of sc.writes) out.push(text(await admin.call(...c)));
  const n = sc.replies ?? 1;
  for (let i = 0; i < n; i++) out.push(text(await b.reply(3000)));
  out.push(text(await b.call('PING')));
  admin.close();
  b.close();
  return out;
}

const d = haveRedis() ? describe : describe.skip;
d('XREAD BLOCK matches Redis', () => {
  let redis: Oracle;
  let respd: RunningServer;
  beforeAll(async () => {
    [redis, respd] = await Promise.all([startRedis(), startRespd()]);
  }, 20000);
  afterAll(async () => {
    await redis?.stop();
    await respd?.close();
  });
  for (const sc of BLOCK_SCENARIOS) {
    it(sc.name, async () => {
      const [want, got] = await Promise.all([runBlock(redis.port, sc), runBlock(respd.port, sc)]);
      expect(got).toEqual(want);
    });
  }
});

const EVENTS = new Set(['xadd', 'xtrim', 'xdel', 'xsetid', 'del', 'rename_from', 'rename_to', 'copy_to']);
const EVENT_SCENARIOS: { name: string; cmds: string[] }[] = [
  { name: 'xadd', cmds: ['XADD s 1-1 a 1', 'XADD s 1-1 a 1', 'XADD s NOMKSTREAM 2-1 a 1', 'XADD t NOMKSTREAM 2-1 a 1', 'XADD s bad a 1'] },
  { name: 'xadd with trimming', cmds: ['XADD s 1-1 a 1', 'XADD s MAXLEN 1 2-1 a 1', 'XADD s MAXLEN 5 3-1 a 1', 'XADD s MAXLEN ~ 0 4-1 a 1', 'XADD s MINID 4 5-1 a 1'] },
  { name: 'xtrim', cmds: ['XADD s 1-1 a 1', 'XADD s 2-1 a 1', 'XTRIM s MAXLEN 5', 'XTRIM s MAXLEN 1', 'XTRIM s MINID 9', 'XTRIM s MINID 9', 'XTRIM nokey MAXLEN 0'] },
  { name: 'xdel', cmds: ['XADD s 1-1 a 1', 'XDEL s 9-9', 'XDEL s 1-1', 'XDEL s 1-1', 'XDEL nokey 1'] },
  { name: 'xsetid', cmds: ['XADD s 1-1 a 1', 'XSETID s 5-0', 'XSETID s 0-1', 'XSETID nokey 1'] },
  { name: 'generic commands', cmds: ['XADD s 1-1 a 1', 'COPY s t', 'RENAME t u', 'DEL u'] },
];

async function redisEvents(port: number, sub: RawClient, cmds: string[]): Promise<string[]> {
  const cl = await RawClient.connect(port);
  await cl.call('FLUSHALL');
  for (const c of cmds) await cl.call(...c.split(' '));
  await cl.call('PUBLISH', '__keyevent@0__:sentinel', 'end');
  cl.close();
  const out: string[] = [];
  for (;;) {
    const r = await sub.reply();
    const lines = r!.toString('latin1').split('\r\n');
    const event = lines[6].slice(lines[6].indexOf(':') + 1);
    if (event === 'sentinel') return out;
    if (EVENTS.has(event)) out.push(`${event} ${lines[8]}`);
  }
}

d('stream keyspace events match Redis', () => {
  let redis: Oracle;
  let respd: RunningServer;
  let sub: RawClient;
  const log: string[] = [];
  const modified: string[] = [];

  beforeAll(async () => {
    redis = await startRedis(['--notify-keyspace-events', 'EA']);
    respd = await startRespd();
    respd.server.keyspace.onNotify((_flag, event, key) => {
      if (EVENTS.has(event)) log.push(`${event} ${key}`);
    });
    respd.server.keyspace.onModified((_db, key) => modified.push(key));
    sub = await RawClient.connect(redis.port);
    await sub.call('PSUBSCRIBE', '__keyevent@0__:*');
  }, 20000);
  afterAll(async () => {
    sub?.close();
    await redis?.stop();
    await respd?.close();
  });

  for (const sc of EVENT_SCENARIOS) {
    it(sc.name, async () => {
      const want = await redisEvents(redis.port, sub, sc.cmds);
      const cl = await RawClient.connect(respd.port);
      await cl.call('FLUSHALL');
      log.length = 0;
      for (const c of sc.cmds) await cl.call(...c.split(' '));
      cl.close();
      expect(log).toEqual(want);
    });
  }

  it('signals modified once per changing write and never for no-ops', async () => {
    const cl = await RawClient.connect(respd.port);
    await cl.call('FLUSHALL');
    const count = async (...argv: string[]) => {
      modified.length = 0;
      await cl.call(...argv);
      return modified.filter((k) => k === 's').length;
    };
    expect(await count('XADD', 's', '1-1', 'a', '1')).toBe(1);
    expect(await count('XADD', 's', 'MAXLEN', '0', '2-1', 'a', '1')).toBe(1);
    expect(await count('XADD', 's', '1-1', 'a', '1')).toBe(0);
    expect(await count('XADD', 's', '3-1', 'a', '1')).toBe(1);
    expect(await count('XDEL', 's', '9-9')).toBe(0);
    expect(await count('XDEL', 's', '3-1')).toBe(1);
    expect(await count('XTRIM', 's', 'MAXLEN', '0')).toBe(0);
    expect(await count('XSETID', 's', '5-0')).toBe(1);
    expect(await count('XRANGE', 's', '-', '+')).toBe(0);
    expect(await count('XLEN', 's')).toBe(0);
    cl.close();
  });
});
