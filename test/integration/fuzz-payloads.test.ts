/**
 * Targeted fuzzing of the attack surface the grammar fuzzer
 * (scripts/fuzz-commands.mjs) reaches badly: RESTORE with corrupted DUMP
 * payloads, HyperLogLog commands on corrupted HLL strings, GEOSEARCH with
 * extreme shapes, packed lists edited at edge indexes.
 *
 * The contract checked (Redis 7.0's): a corrupted payload is answered with an
 * error (checksum or "Bad data format") or, when it still decodes, stored as
 * a value that every read command then answers without an internal error;
 * the server keeps answering PING. Seeded, bounded by an iteration count and
 * a time budget so a loaded machine only runs fewer cases, never fails.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/index.js';
import { startRedis, haveRedis, type Oracle } from '../helpers/servers.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { prng } from '../../scripts/fuzz-commands.mjs';
import { crc64Init, crc64Update, crc64Bytes } from '../../src/persistence/rdb/crc64.js';

/** Longer or other runs: FUZZ_BUDGET_MS=60000 FUZZ_SEED=9 npx vitest run test/integration/fuzz-payloads.test.ts */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 5000);
const SEED = Number(process.env.FUZZ_SEED ?? 0);

function client(port: number): Redis {
  return new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0 });
}

/** Runs a command and returns its reply, or the error text: errors are data here. */
async function call(r: Redis, ...argv: (string | Buffer | number)[]): Promise<unknown> {
  try {
    return await r.callBuffer(String(argv[0]), ...argv.slice(1));
  } catch (e) {
    return new Error((e as Error).message);
  }
}

function expectNoInternal(reply: unknown, what: string): void {
  if (reply instanceof Error) expect(reply.message, what).not.toMatch(/internal|uncaught|TypeError|RangeError|undefined/i);
}

/** Every type in small and big encodings (listpack / intset / quicklist / hashtable / skiplist / stream / HLL). */
async function populate(r: Redis): Promise<void> {
  await r.set('str', 'hello');
  await r.set('int', '12345');
  await r.set('long', 'x'.repeat(300));
  await r.rpush('list', 'a', 'b', '1', '-5', '100000');
  await r.rpush('biglist', ...Array.from({ length: 600 }, (_, i) => `element-${i}`));
  await r.sadd('iset', 1, 2, 3, -100, 70000);
  await r.sadd('set', 'a', 'b', 'c');
  await r.sadd('bigset', ...Array.from({ length: 200 }, (_, i) => `m${i}`));
  await r.hset('hash', 'f1', 'v1', 'f2', '2');
  await r.hset('bighash', ...Array.from({ length: 300 }, (_, i) => `f${i}`));
  await r.zadd('zset', 1, 'a', 2.5, 'b', -3, 'c');
  await r.zadd('bigzset', ...Array.from({ length: 200 }, (_, i) => [String(i * 1.5), `m${i}`]).flat());
  await r.xadd('stream', '1-1', 'a', '1');
  await r.xadd('stream', '1-2', 'b', '2');
  await r.xgroup('CREATE', 'stream', 'g1', '0');
  await r.xreadgroup('GROUP', 'g1', 'alice', 'COUNT', '1', 'STREAMS', 'stream', '>');
  await r.pfadd('hll', 'a', 'b', 'c');
  await r.pfadd('hlldense', ...Array.from({ length: 3000 }, (_, i) => `e${i}`));
  await r.geoadd('geo', 13.361389, 38.115556, 'Palermo', 15.087269, 37.502669, 'Catania');
}

async function dumps(r: Redis): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const k of await r.keys('*')) {
    const d = await r.dumpBuffer(k);
    if (d) out.push(d);
  }
  return out;
}

/** Rewrites the trailing CRC64 so the corruption reaches the decoder. */
function fixCrc(p: Buffer): Buffer {
  if (p.length < 10) return p;
  const st = crc64Init();
  crc64Update(st, p, 0, p.length - 8);
  return Buffer.concat([p.subarray(0, p.length - 8), crc64Bytes(st)]);
}

function mutate(p: Buffer, rnd: () => number): Buffer {
  const b = Buffer.from(p);
  const body = Math.max(1, b.length - 10);
  const at = () => Math.floor(rnd() * body);
  switch (Math.floor(rnd() * 6)) {
    case 0: b[at()] ^= 1 << Math.floor(rnd() * 8); return b;
    case 1: for (let i = 0; i < 4; i++) b[at()] = Math.floor(rnd() * 256); return b;
    case 2: { const cut = at(); return Buffer.concat([b.subarray(0, cut), b.subarray(b.length - 10)]); }
    case 3: { const ins = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => Math.floor(rnd() * 256))); const pos = at(); return Buffer.concat([b.subarray(0, pos), ins, b.subarray(pos)]); }
    case 4: b[at()] = [0, 0xff, 0x7f, 0x80, 0xfe, 0xc0][Math.floor(rnd() * 6)]; return b;
    default: return b.subarray(0, Math.floor(rnd() * b.length));
  }
}

/** Every read a stored value of each type must survive. */
const READS: Record<string, (string | number)[][]> = {
  string: [['GET'], ['STRLEN'], ['GETRANGE', 0, -1], ['PFCOUNT']],
  list: [['LRANGE', 0, -1], ['LLEN'], ['LINDEX', -1], ['LPOS', 'a'], ['LRANGE', -3, -1]],
  set: [['SMEMBERS'], ['SCARD'], ['SISMEMBER', 'a'], ['SRANDMEMBER', -5], ['SSCAN', 0]],
  hash: [['HGETALL'], ['HLEN'], ['HGET', 'f1'], ['HRANDFIELD', -5, 'WITHVALUES'], ['HSCAN', 0]],
  zset: [['ZRANGE', 0, -1, 'WITHSCORES'], ['ZCARD'], ['ZSCORE', 'a'], ['ZRANGEBYSCORE', '-inf', '+inf'], ['ZRANDMEMBER', -5], ['ZSCAN', 0]],
  stream: [['XRANGE', '-', '+'], ['XLEN'], ['XINFO', 'STREAM'], ['XINFO', 'GROUPS'], ['XREVRANGE', '+', '-', 'COUNT', 2]],
};

async function readBack(r: Redis, key: string, what: string): Promise<void> {
  const type = String(await r.type(key));
  for (const cmd of [...(READS[type] ?? []), ['DUMP'], ['OBJECT', 'ENCODING'], ['DEBUG', 'OBJECT'], ['MEMORY', 'USAGE']]) {
    const argv = cmd[0] === 'OBJECT' || (cmd[0] === 'XINFO') || cmd[0] === 'DEBUG' || cmd[0] === 'MEMORY'
      ? [cmd[0], cmd[1], key, ...cmd.slice(2)]
      : [cmd[0], key, ...cmd.slice(1)];
    expectNoInternal(await call(r, ...argv), `${what}: ${argv.join(' ')}`);
  }
  // Writes on top of the restored value, then the serializer again.
  if (type === 'list') expectNoInternal(await call(r, 'RPUSH', key, 'z'), `${what}: RPUSH`);
  if (type === 'hash') expectNoInternal(await call(r, 'HSET', key, 'new', 'v'), `${what}: HSET`);
  if (type === 'set') expectNoInternal(await call(r, 'SADD', key, 'new'), `${what}: SADD`);
  if (type === 'zset') expectNoInternal(await call(r, 'ZADD', key, 1, 'new'), `${what}: ZADD`);
  if (type === 'stream') expectNoInternal(await call(r, 'XADD', key, '*', 'f', 'v'), `${what}: XADD`);
  expectNoInternal(await call(r, 'DUMP', key), `${what}: DUMP after write`);
}

describe('targeted fuzzing of the new attack surface', () => {
  let srv: RunningServer;
  let r: Redis;
  let oracle: Oracle | undefined;
  const payloads: Buffer[] = [];

  beforeAll(async () => {
    srv = await startServer({ port: 0, config: { 'enable-debug-command': 'yes' } });
    r = client(srv.port);
    await r.connect();
    await populate(r);
    payloads.push(...(await dumps(r)));
    if (haveRedis()) {
      oracle = await startRedis();
      const o = client(oracle.port);
      await o.connect();
      await populate(o);
      payloads.push(...(await dumps(o)));
      o.disconnect();
    }
  }, 60000);

  afterAll(async () => {
    r?.disconnect();
    await srv?.close();
    await oracle?.stop();
  });

  it('RESTORE of corrupted payloads: an error or a readable value, never a crash', async () => {
    const rnd = prng(SEED + 12);
    const t0 = Date.now();
    let n = 0;
    let stored = 0;
    for (; n < (process.env.FUZZ_BUDGET_MS ? 1e9 : 3000) && Date.now() - t0 < BUDGET_MS; n++) {
      const sanitize = ['yes', 'no'][n % 2];
      const skip = rnd() < 0.25 ? '1' : '0';
      await r.config('SET', 'sanitize-dump-payload', sanitize);
      await r.call('DEBUG', 'SET-SKIP-CHECKSUM-VALIDATION', skip);
      const src = payloads[Math.floor(rnd() * payloads.length)];
      let p = mutate(src, rnd);
      if (rnd() < 0.8) p = fixCrc(p);
      const what = `case ${n} sanitize=${sanitize} skip=${skip} payload=${p.toString('hex')}`;
      const reply = await call(r, 'RESTORE', 'fz', 0, p, 'REPLACE');
      if (reply instanceof Error) {
        expect(reply.message, what).toMatch(/^(ERR Bad data format|ERR DUMP payload version or checksum are wrong)$/);
      } else {
        expect(String(reply), what).toBe('OK');
        stored++;
        await readBack(r, 'fz', what);
      }
      expect(await r.ping(), what).toBe('PONG');
    }
    await r.call('DEBUG', 'SET-SKIP-CHECKSUM-VALIDATION', '0');
    await r.config('SET', 'sanitize-dump-payload', 'no');
    expect(n).toBeGreaterThan(50);
    expect(stored).toBeGreaterThan(0);
  }, 120000);

  it('PFADD / PFCOUNT / PFMERGE on HLL strings corrupted with SETRANGE', async () => {
    const rnd = prng(SEED + 34);
    const t0 = Date.now();
    let n = 0;
    for (; n < (process.env.FUZZ_BUDGET_MS ? 1e9 : 2000) && Date.now() - t0 < BUDGET_MS; n++) {
      const src = rnd() < 0.5 ? 'hll' : 'hlldense';
      await r.copy(src, 'h1', 'REPLACE');
      const len = await r.strlen('h1');
      const off = rnd() < 0.3 ? Math.floor(rnd() * 16) : Math.floor(rnd() * (len + 8));
      const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => Math.floor(rnd() * 256)));
      await r.setrange('h1', off, bytes);
      if (rnd() < 0.2) await r.call('SETRANGE', 'h1', len + Math.floor(rnd() * 64), 'x');
      const what = `case ${n} ${src} off=${off} bytes=${bytes.toString('hex')}`;
      for (const argv of [['PFCOUNT', 'h1'], ['PFADD', 'h1', `x${n}`, 'y'], ['PFCOUNT', 'h1', 'hll'], ['PFMERGE', 'h2', 'h1', 'hlldense'], ['PFCOUNT', 'h2'], ['PFMERGE', 'h1', 'hll'], ['PFDEBUG', 'GETREG', 'h1'], ['PFDEBUG', 'DECODE', 'h1']]) {
        const reply = await call(r, ...argv);
        expectNoInternal(reply, `${what}: ${argv.join(' ')}`);
      }
      expect(await r.ping(), what).toBe('PONG');
    }
    expect(n).toBeGreaterThan(50);
  }, 120000);

  it('GEOSEARCH with extreme radii and boxes', async () => {
    const rnd = prng(SEED + 56);
    const nums = ['0', '-0', '1e-300', '1e300', '40075017', '1e15', 'inf', '-inf', 'nan', '180', '-180', '85.05112878', '-85.05112878', '90', '1e-9', '100000000'];
    const pick = () => nums[Math.floor(rnd() * nums.length)];
    const units = ['m', 'km', 'ft', 'mi'];
    for (let n = 0; n < 400; n++) {
      const from = rnd() < 0.5 ? ['FROMMEMBER', 'Palermo'] : ['FROMLONLAT', pick(), pick()];
      const by = rnd() < 0.5 ? ['BYRADIUS', pick(), units[n % 4]] : ['BYBOX', pick(), pick(), units[(n + 1) % 4]];
      const argv = ['GEOSEARCH', 'geo', ...from, ...by, 'ASC', 'WITHCOORD', 'WITHDIST', 'WITHHASH'];
      expectNoInternal(await call(r, ...argv), argv.join(' '));
      const store = ['GEOSEARCHSTORE', 'gdst', 'geo', ...from, ...by, 'STOREDIST'];
      expectNoInternal(await call(r, ...store), store.join(' '));
    }
    expect(await r.ping()).toBe('PONG');
  }, 120000);

  it('packed lists under LINSERT / LSET / LREM / LTRIM / LPOS at edge indexes', async () => {
    const rnd = prng(SEED + 78);
    const idx = () => [0, -1, 1, -2, 127, 128, -128, -129, 600, -600, 601, -601, 2 ** 31, -(2 ** 31), Math.floor(rnd() * 1300) - 650][Math.floor(rnd() * 15)];
    const val = () => (rnd() < 0.3 ? String(Math.floor(rnd() * 2 ** 40) - 2 ** 39) : rnd() < 0.5 ? `element-${Math.floor(rnd() * 600)}` : 'v'.repeat(Math.floor(rnd() * 9000)));
    const model: string[] = [];
    for (let i = 0; i < 600; i++) model.push(`element-${i}`);
    const o = oracle ? client(oracle.port) : undefined;
    for (const c of o ? [r, o] : [r]) {
      await c.del('pl');
      await c.rpush('pl', ...model);
    }
    for (let n = 0; n < 1500; n++) {
      const op = Math.floor(rnd() * 6);
      let argv: (string | number)[];
      if (op === 0) argv = ['LINSERT', 'pl', rnd() < 0.5 ? 'BEFORE' : 'AFTER', val(), val()];
      else if (op === 1) argv = ['LSET', 'pl', idx(), val()];
      else if (op === 2) argv = ['LREM', 'pl', idx(), val()];
      else if (op === 3) argv = ['LTRIM', 'pl', idx(), idx()];
      else if (op === 4) argv = ['LPOS', 'pl', val(), 'RANK', idx() || 1, 'COUNT', Math.abs(idx()), 'MAXLEN', Math.abs(idx())];
      else argv = ['RPUSH', 'pl', val(), val(), val()];
      const what = `op ${n}: ${argv.join(' ').slice(0, 200)}`;
      const mine = await call(r, ...argv);
      expectNoInternal(mine, what);
      // Same edit on real Redis: the replies must match exactly.
      if (o) expect(mine, what).toEqual(await call(o, ...argv));
      if ((await r.llen('pl')) === 0) {
        await r.rpush('pl', ...model);
        if (o) await o.rpush('pl', ...model);
      }
    }
    if (o) expect(await call(r, 'LRANGE', 'pl', 0, -1)).toEqual(await call(o, 'LRANGE', 'pl', 0, -1));
    expectNoInternal(await call(r, 'LRANGE', 'pl', 0, -1), 'LRANGE');
    expectNoInternal(await call(r, 'DUMP', 'pl'), 'DUMP');
    expect(await r.ping()).toBe('PONG');
    o?.disconnect();
  }, 120000);
});

describe('regressions found by the fuzzer', () => {
  // Seed 404 of scripts/fuzz-commands.mjs: PEXPIREAT k 9223372036854775807 (valid in
  // Redis) became 2^63 as a double and the RDB writer threw: SAVE answered "ERR", and
  // any write to the key during a BGSAVE answered an internal error.
  it('a key expiring at LLONG_MAX ms saves, reloads and keeps its TTL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'respd-fuzzreg-'));
    const srv = await startServer({ port: 0, config: { dir, 'enable-debug-command': 'yes' } });
    const r = client(srv.port);
    try {
      await r.connect();
      await r.set('k', 'v');
      expect(await r.call('PEXPIREAT', 'k', '9223372036854775807')).toBe(1);
      expect(await r.call('SAVE')).toBe('OK');
      expect(await r.call('DEBUG', 'RELOAD')).toBe('OK');
      expect(await r.get('k')).toBe('v');
      expect(Number(await r.pttl('k'))).toBeGreaterThan(9e18);
      expect(await r.call('BGSAVE')).toBe('Background saving started');
      expect(await r.call('APPEND', 'k', 'w')).toBe(2);
    } finally {
      r.disconnect();
      await srv.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);

  // An LZF string claiming 2 GB in 5 compressed bytes: the decoder allocated the
  // claimed length before finding the input corrupt (used_memory jumped to 4 GB).
  it('RESTORE of an LZF string with an impossible length allocates nothing', async () => {
    const srv = await startServer({ port: 0 });
    const r = client(srv.port);
    try {
      await r.connect();
      const payload = fixCrc(Buffer.from([0, 0xc3, 0x05, 0x80, 0x7f, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
      const reply = await call(r, 'RESTORE', 'k', 0, payload);
      expect(reply).toEqual(new Error('ERR Bad data format'));
      const used = Number(/used_memory:(\d+)/.exec(await r.info('memory'))![1]);
      expect(used).toBeLessThan(1 << 30);
    } finally {
      r.disconnect();
      await srv.close();
    }
  }, 60000);
});
