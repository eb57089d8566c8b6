import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { startRespd, startRedis, haveRedis, type Oracle } from '../helpers/servers.js';
import { RawClient } from '../helpers/raw-client.js';
import type { RunningServer } from '../../src/index.js';
import type { ScriptingEngine } from '../../src/scripting/engine.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `cond` holds (polling), failing after `ms`. */
async function until(cond: () => boolean | Promise<boolean>, ms = 10000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await sleep(20);
  }
}

const text = (b: Buffer | null) => (b === null ? '<closed>' : b.toString('latin1'));

describe('scripting with real clients', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startRespd();
  });
  afterAll(async () => {
    await srv.close();
  });

  it('ioredis defineCommand (EVALSHA with EVAL fallback) runs a rate limiter', async () => {
    const r = new Redis({ port: srv.port, lazyConnect: true, maxRetriesPerRequest: 0, enableReadyCheck: false });
    await r.connect();
    r.defineCommand('limit', {
      numberOfKeys: 1,
      lua: `
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        if current >= tonumber(ARGV[1]) then return 0 end
        redis.call('SET', KEYS[1], current + 1, 'PX', ARGV[2])
        return current + 1`,
    });
    const limit = (r as unknown as { limit(k: string, max: number, ms: number): Promise<number> }).limit.bind(r);
    const results: number[] = [];
    for (let i = 0; i < 5; i++) results.push(await limit('rl:user', 3, 60000));
    expect(results).toEqual([1, 2, 3, 0, 0]);
    await r.script('FLUSH');
    expect(await limit('rl:other', 3, 60000)).toBe(1); // NOSCRIPT -> EVAL fallback
    r.disconnect();
  });

  it('binary values: all 256 bytes through ARGV, SET and back', async () => {
    const r = new Redis({ port: srv.port, lazyConnect: true, maxRetriesPerRequest: 0, enableReadyCheck: false });
    await r.connect();
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const back = (await r.callBuffer('EVAL', "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[1])", 1, 'bin', all)) as Buffer;
    expect(Buffer.compare(back, all)).toBe(0);
    expect(Buffer.compare((await r.getBuffer('bin'))!, all)).toBe(0);
    const json = await r.eval('return cjson.encode({ARGV[1]})', 0, 'é');
    expect(json).toBe('["é"]');
    r.disconnect();
  });

  it('MONITOR shows the script commands as [<db> lua]', async () => {
    const mon = await RawClient.connect(srv.port);
    if (srv.server.commands.lookup('monitor')?.handler != null) {
      expect(text(await mon.call('MONITOR'))).toBe('+OK\r\n');
    } else {
      // MONITOR lives in another command family: attach the connection by hand.
      await mon.call('PING');
      const client = [...srv.server.clients.values()].at(-1)!;
      client.monitor = true;
      srv.server.monitors.add(client);
    }
    const c = await RawClient.connect(srv.port);
    await c.call('EVAL', "redis.call('set','mk','v') return redis.call('get','mk')", '0');
    const lines: string[] = [];
    for (let i = 0; i < 3; i++) lines.push(text(await mon.reply()));
    expect(lines[0]).toMatch(/^\+\d+\.\d+ \[0 127\.0\.0\.1:\d+\] "EVAL" /);
    expect(lines[1]).toMatch(/^\+\d+\.\d+ \[0 lua\] "set" "mk" "v"\r\n$/);
    expect(lines[2]).toMatch(/^\+\d+\.\d+ \[0 lua\] "get" "mk"\r\n$/);
    mon.close();
    c.close();
  });

  it('inner commands raise keyspace events and modified signals', async () => {
    const events: string[] = [];
    const modified: string[] = [];
    srv.server.keyspace.onNotify((flag, event, key) => events.push(`${flag}:${event}:${key}`));
    srv.server.keyspace.onModified((_db, key) => modified.push(key));
    const c = await RawClient.connect(srv.port);
    await c.call('EVAL', "redis.call('set', KEYS[1], 'v') redis.call('incr', KEYS[2]) return 1", '2', 'ev1', 'ev2');
    expect(events).toContain('$:set:ev1');
    expect(events).toContain('$:incrby:ev2');
    expect(modified).toEqual(expect.arrayContaining(['ev1', 'ev2']));
    c.close();
  });

  it('exposes script statistics for INFO', async () => {
    const c = await RawClient.connect(srv.port);
    await c.call('SCRIPT', 'FLUSH');
    await c.call('SCRIPT', 'LOAD', 'return 1');
    await c.call('EVAL', 'return 2', '0');
    const engine: ScriptingEngine = srv.server.services.scripting!;
    expect(engine.numberOfCachedScripts).toBe(2);
    expect(engine.usedMemoryLua()).toBeGreaterThan(10000);
    c.close();
  });
});

describe('busy scripts (busy-reply-threshold)', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startRespd({ 'busy-reply-threshold': 100 });
  });
  afterAll(async () => {
    await srv.close();
  });

  it('other clients get -BUSY, SCRIPT KILL stops a read-only script', async () => {
    const a = await RawClient.connect(srv.port);
    const b = await RawClient.connect(srv.port);
    a.send(['EVAL', 'local i = 0 while true do i = i + 1 end', '0']);
    await until(async () => text(await b.call('PING')).startsWith('-BUSY'));
    expect(text(await b.call('GET', 'x'))).toBe('-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n');
    expect(text(await b.call('FUNCTION', 'KILL'))).toBe('-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n');
    expect(text(await b.call('FUNCTION', 'STATS'))).toBe('-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n');
    // only SHUTDOWN NOSAVE may end the server under a busy script (it would save a half-run script's writes)
    expect(text(await b.call('SHUTDOWN'))).toBe('-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n');
    expect(text(await b.call('SHUTDOWN', 'SAVE', 'NOW'))).toBe('-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n');
    expect(text(await b.call('SCRIPT', 'KILL'))).toBe('+OK\r\n');
    expect(text(await a.reply(10000))).toMatch(/^-ERR Script killed by user with SCRIPT KILL\.\.\. script: [0-9a-f]{40}, on @user_script:1\.\r\n$/);
    expect(text(await b.call('PING'))).toBe('+PONG\r\n');
    expect(text(await a.call('PING'))).toBe('+PONG\r\n');
    a.close();
    b.close();
  }, 30000);

  it('a script that wrote is UNKILLABLE and finishes; pipelined commands wait for it', async () => {
    const a = await RawClient.connect(srv.port);
    const b = await RawClient.connect(srv.port);
    // Runs 5 s by the clock (TIME is not frozen in scripts), not a fixed number of
    // iterations: on a fast machine 4e6 iterations ended before BUSY was seen.
    a.send(['EVAL', "redis.call('set','w','1') local t = redis.call('TIME') local t0 = t[1]*1000000 + t[2] repeat t = redis.call('TIME') until t[1]*1000000 + t[2] - t0 >= 5000000 return 4000000", '0']);
    a.send(['GET', 'w']);
    await until(async () => text(await b.call('PING')).startsWith('-BUSY'));
    expect(text(await b.call('SCRIPT', 'KILL'))).toBe(
      '-UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n',
    );
    expect(text(await a.reply(60000))).toBe(':4000000\r\n');
    expect(text(await a.reply())).toBe('$1\r\n1\r\n');
    expect(text(await b.call('PING'))).toBe('+PONG\r\n');
    a.close();
    b.close();
  }, 90000);

  it('FUNCTION KILL stops a function; FUNCTION STATS shows it', async () => {
    const a = await RawClient.connect(srv.port);
    const b = await RawClient.connect(srv.port);
    await a.call('FUNCTION', 'LOAD', "#!lua name=busy\nredis.register_function('spin', function() local i = 0 while true do i = i + 1 end end)");
    a.send(['FCALL', 'spin', '0']);
    await until(async () => text(await b.call('PING')).startsWith('-BUSY'));
    expect(text(await b.call('PING'))).toBe('-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n');
    expect(text(await b.call('SCRIPT', 'KILL'))).toBe('-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n');
    expect(text(await b.call('SHUTDOWN'))).toBe('-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n');
    const stats = text(await b.call('FUNCTION', 'STATS'));
    expect(stats).toContain('$4\r\nname\r\n$4\r\nspin\r\n$7\r\ncommand\r\n*3\r\n$5\r\nFCALL\r\n$4\r\nspin\r\n$1\r\n0\r\n$11\r\nduration_ms\r\n:');
    expect(text(await b.call('FUNCTION', 'KILL'))).toBe('+OK\r\n');
    expect(text(await a.reply(10000))).toBe('-ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.\r\n');
    expect(text(await b.call('FUNCTION', 'KILL'))).toBe('-NOTBUSY No scripts in execution right now.\r\n');
    a.close();
    b.close();
  }, 30000);

  it('a slow script inside pcall and coroutines can still be killed', async () => {
    const a = await RawClient.connect(srv.port);
    const b = await RawClient.connect(srv.port);
    a.send(['EVAL', 'local ok = pcall(function() local i = 0 while true do i = i + 1 end end) return 1', '0']);
    await until(async () => text(await b.call('PING')).startsWith('-BUSY'));
    expect(text(await b.call('SCRIPT', 'KILL'))).toBe('+OK\r\n');
    expect(text(await a.reply(10000))).toMatch(/^-ERR Script killed by user/);
    a.close();
    b.close();
  }, 30000);
});

const d = haveRedis() ? describe : describe.skip;
d('FUNCTION DUMP interoperability', () => {
  let srv: RunningServer;
  let redis: Oracle;
  beforeAll(async () => {
    [srv, redis] = await Promise.all([startRespd(), startRedis()]);
  });
  afterAll(async () => {
    await Promise.all([srv.close(), redis.stop()]);
  });

  it('a respd dump restores into Redis and back', async () => {
    const code = "#!lua name=interop\nredis.register_function('interop_fn', function(keys, args) return 'interop ' .. #args end)";
    const mine = new Redis({ port: srv.port, lazyConnect: true, enableReadyCheck: false });
    const real = new Redis({ port: redis.port, lazyConnect: true, enableReadyCheck: false });
    await Promise.all([mine.connect(), real.connect()]);
    await mine.function('LOAD', code);
    const dump = (await mine.callBuffer('FUNCTION', 'DUMP')) as Buffer;
    expect(await real.call('FUNCTION', 'RESTORE', dump)).toBe('OK');
    expect(await real.fcall('interop_fn', 0, 'a', 'b')).toBe('interop 2');
    const redisDump = (await real.callBuffer('FUNCTION', 'DUMP')) as Buffer;
    expect(await mine.call('FUNCTION', 'RESTORE', redisDump, 'REPLACE')).toBe('OK');
    expect(await mine.fcall('interop_fn', 0, 'x')).toBe('interop 1');
    mine.disconnect();
    real.disconnect();
  });
});
