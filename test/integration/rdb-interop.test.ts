/**
 * RDB files exchanged with a real redis-server 7.0 in both directions.
 * The oracle: redis-check-rdb accepts what respd writes, redis-server loads
 * it, and every key reads back the same on both sides (compared through
 * DUMP with rdbcompression off on both, so the bytes of every encoding are
 * compared without LZF's hash-table nondeterminism in Redis). Runs first
 * with redis-server in respd's place as the control.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, haveRedis, type Oracle } from '../helpers/servers.js';
import { startServer, type RunningServer } from '../../src/index.js';

const HAVE = haveRedis();
const DEBUG_ON = ['--enable-debug-command', 'yes'];
const LIB = "#!lua name=rdblib\nredis.register_function('rdbf', function(keys, args) return 7 end)";

function client(port: number): Redis {
  return new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0 });
}

/** Every type in small and big encodings, several databases, expiries, binary keys, a stream with groups. */
async function populate(r: Redis): Promise<void> {
  await r.select(0);
  await r.set('str', 'hello');
  await r.set('int', '12345');
  await r.set('bigint', '99999999999');
  await r.set('long', 'x'.repeat(500));
  await r.set(Buffer.from([0, 255, 1, 10, 13]), Buffer.from([0, 1, 2, 255]));
  await r.set('ttl', 'v', 'PX', 3_600_000);
  await r.rpush('list', 'a', 'b', '1', '-5', '100000', '3.14');
  await r.rpush('biglist', ...Array.from({ length: 3000 }, (_, i) => `element-${i}`));
  await r.sadd('iset', 1, 2, 3, -100, 70000);
  await r.sadd('iset64', 1, '99999999999');
  await r.sadd('bigset', ...Array.from({ length: 700 }, (_, i) => `m${i}`));
  await r.hset('hash', 'f1', 'v1', 'f2', '2', 'f3', 'hello world');
  await r.hset('bighash', ...Array.from({ length: 1200 }, (_, i) => `f${i}`));
  await r.zadd('zset', 1, 'a', 2.5, 'b', -3, 'c', 1e100, 'd', 0, 'e');
  await r.zadd('bigzset', ...Array.from({ length: 400 }, (_, i) => [String(i * 1.5), `m${i}`]).flat());
  await r.xadd('stream', '1-1', 'a', '1', 'b', '2');
  await r.xadd('stream', '1-2', 'a', '3', 'b', '4');
  await r.xadd('stream', '2-0', 'c', 'hello');
  await r.xgroup('CREATE', 'stream', 'g1', '0');
  await r.xgroup('CREATE', 'stream', 'g2', '$');
  await r.xreadgroup('GROUP', 'g1', 'alice', 'COUNT', '2', 'STREAMS', 'stream', '>');
  await r.xreadgroup('GROUP', 'g1', 'bob', 'STREAMS', 'stream', '>');
  for (let i = 0; i < 250; i++) await r.xadd('bigstream', '*', 'field', `value-${i}`, 'n', String(i));
  await r.xdel('bigstream', (await r.xrange('bigstream', '-', '+', 'COUNT', 3))[1][0]);
  await r.select(5);
  await r.set('db5key', 'five');
  await r.hset('db5hash', 'a', '1');
  await r.select(0);
  await r.function('LOAD', LIB);
}

/**
 * A key's value for comparison: the DUMP bytes, except where Redis's own
 * bytes depend on history rather than content — hashtable sets and hashes
 * (dict order) and streams with deleted entries (tombstones respd does not
 * keep): those compare by content.
 */
async function valueOf(r: Redis, k: Buffer): Promise<string> {
  const type = await r.type(k);
  const enc = await r.object('ENCODING', k);
  if (type === 'set' && enc === 'hashtable') return 'set ' + JSON.stringify((await r.smembers(k)).sort());
  if (type === 'hash' && enc === 'hashtable') return 'hash ' + JSON.stringify(Object.entries(await r.hgetall(k)).sort());
  if (type === 'stream') {
    const full = (await r.xinfo('STREAM', k, 'FULL')) as unknown[];
    const keep: unknown[] = [];
    for (let i = 0; i < full.length; i += 2) if (!String(full[i]).startsWith('radix-tree')) keep.push(full[i], full[i + 1]);
    return 'stream ' + JSON.stringify(keep);
  }
  return (await r.dumpBuffer(k))!.toString('hex');
}

/** Every key of every database with its DUMP (compression off) and TTL presence. */
async function snapshot(r: Redis): Promise<Map<string, string>> {
  await r.config('SET', 'rdbcompression', 'no');
  const out = new Map<string, string>();
  out.set('DEBUG DIGEST', String(await r.call('DEBUG', 'DIGEST')));
  for (let db = 0; db < 16; db++) {
    await r.select(db);
    const keys = await r.keysBuffer('*');
    for (const k of keys) {
      const ttl = await r.pttl(k);
      out.set(`${db}:${k.toString('hex')}`, `${await valueOf(r, k)} ttl=${ttl > 0 ? 'yes' : ttl}`);
    }
  }
  await r.select(0);
  return out;
}

/** Keys whose record differs (or is missing) in `got`, with the first differing offset. */
function mismatches(want: Map<string, string>, got: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of want) {
    const g = got.get(k);
    if (g === v) continue;
    let i = 0;
    while (g !== undefined && i < v.length && v[i] === g[i]) i++;
    out.push(`${k} differs at hex offset ${i}: want ${v.slice(i, i + 40)} got ${g?.slice(i, i + 40)}`);
  }
  for (const k of got.keys()) if (!want.has(k)) out.push(`${k} unexpected`);
  return out;
}

function checkRdb(file: string): string {
  return execFileSync('redis-check-rdb', [file], { encoding: 'latin1' });
}

describe.skipIf(!HAVE)('RDB files with real Redis 7.0', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'respd-rdb-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function saveFrom(port: number): Promise<void> {
    const r = client(port);
    expect(await r.save()).toBe('OK');
    r.disconnect();
  }

  /** Loads `file` in a fresh redis-server and returns its key snapshot and function list. */
  async function redisLoads(sub: string): Promise<[Map<string, string>, unknown]> {
    const o = await startRedis(['--dir', join(dir, sub), '--dbfilename', 'dump.rdb', ...DEBUG_ON]);
    try {
      const r = client(o.port);
      const snap = await snapshot(r);
      const fns = await r.function('LIST');
      r.disconnect();
      return [snap, fns];
    } finally {
      await o.stop();
    }
  }

  for (const side of ['redis (control)', 'respd'] as const) {
    it(`${side} writes an RDB that redis-check-rdb accepts and redis-server loads key for key`, async () => {
      const sub = side === 'respd' ? 'w-respd' : 'w-redis';
      execFileSync('mkdir', ['-p', join(dir, sub)]);
      let source: Oracle | RunningServer;
      if (side === 'respd') source = await startServer({ port: 0, config: { dir: join(dir, sub), 'enable-debug-command': 'yes' } });
      else source = await startRedis(['--dir', join(dir, sub), ...DEBUG_ON]);
      try {
        const r = client(source.port);
        await populate(r);
        const before = await snapshot(r);
        r.disconnect();
        await saveFrom(source.port);
        expect(checkRdb(join(dir, sub, 'dump.rdb'))).toContain('RDB looks OK');
        const [after, fns] = await redisLoads(sub);
        expect(mismatches(before, after)).toEqual([]);
        expect(JSON.stringify(fns)).toContain('rdblib');
      } finally {
        if ('stop' in source) await source.stop();
        else await source.close();
      }
    }, 60_000);
  }

  it('respd loads what redis-server wrote, key for key (DUMP bytes equal)', async () => {
    const sub = 'r-redis';
    execFileSync('mkdir', ['-p', join(dir, sub)]);
    const o = await startRedis(['--dir', join(dir, sub), ...DEBUG_ON]);
    let expected: Map<string, string>;
    try {
      const r = client(o.port);
      await populate(r);
      expected = await snapshot(r);
      r.disconnect();
      await saveFrom(o.port);
    } finally {
      await o.stop();
    }
    const srv = await startServer({ port: 0, config: { dir: join(dir, sub), 'enable-debug-command': 'yes' } });
    try {
      const r = client(srv.port);
      const got = await snapshot(r);
      expect(mismatches(expected, got)).toEqual([]);
      expect(await r.fcall('rdbf', 0)).toBe(7);
      const info = await r.info('persistence');
      expect(info).toContain(`rdb_last_load_keys_loaded:${expected.size - 1}`); // the map also holds the digest
      r.disconnect();
    } finally {
      await srv.close();
    }
  }, 60_000);

  it('a torn RDB (power loss) is refused at startup by its checksum or length', async () => {
    const sub = 'torn';
    execFileSync('mkdir', ['-p', join(dir, sub)]);
    const srv = await startServer({ port: 0, config: { dir: join(dir, sub), 'enable-debug-command': 'yes' } });
    const r = client(srv.port);
    await populate(r);
    await r.save();
    r.disconnect();
    await srv.close();
    const file = join(dir, sub, 'dump.rdb');
    const whole = readFileSync(file);
    // a flipped byte in the middle: only the CRC64 notices
    const flipped = Buffer.from(whole);
    flipped[Math.floor(whole.length / 2)] ^= 0x01;
    writeFileSync(file, flipped);
    await expect(startServer({ port: 0, config: { dir: join(dir, sub), 'enable-debug-command': 'yes' } })).rejects.toThrow();
    writeFileSync(file, whole.subarray(0, whole.length - 100));
    await expect(startServer({ port: 0, config: { dir: join(dir, sub), 'enable-debug-command': 'yes' } })).rejects.toThrow(/Short read/);
    expect(existsSync(file)).toBe(true);
  }, 60_000);

  it('BGSAVE under concurrent writes saves the dataset of the instant it started (real Redis loads it: same DEBUG DIGEST)', async () => {
    const sub = 'bgsave';
    execFileSync('mkdir', ['-p', join(dir, sub)]);
    const srv = await startServer({ port: 0, config: { dir: join(dir, sub), 'enable-debug-command': 'yes' } });
    try {
      const r = client(srv.port);
      await r.call('DEBUG', 'POPULATE', '20000', 'key', '20');
      await r.hset('h', 'f', 'v');
      await r.rpush('l', 'a', 'b');
      const before = await r.call('DEBUG', 'DIGEST');
      expect(await r.bgsave()).toBe('Background saving started');
      const w = client(srv.port);
      let writes = 0;
      for (;;) {
        const p = w.pipeline();
        for (let i = 0; i < 50; i++) {
          const k = `key:${(writes * 7919 + i * 104729) % 20000}`;
          if (i % 3 === 0) p.del(k);
          else if (i % 3 === 1) p.set(k, 'changed');
          else p.expire(k, 1000);
        }
        p.hset('h', 'f', `v${writes}`).lpop('l').set(`brand-new-${writes}`, 'x');
        await p.exec();
        writes += 50;
        if ((await r.info('persistence')).includes('rdb_bgsave_in_progress:0')) break;
      }
      expect(writes).toBeGreaterThan(0);
      expect(await r.call('DEBUG', 'DIGEST')).not.toBe(before);
      w.disconnect();
      r.disconnect();
      expect(checkRdb(join(dir, sub, 'dump.rdb'))).toContain('RDB looks OK');
      const o = await startRedis(['--dir', join(dir, sub), ...DEBUG_ON]);
      try {
        const rr = client(o.port);
        expect(await rr.call('DEBUG', 'DIGEST')).toBe(before);
        rr.disconnect();
      } finally {
        await o.stop();
      }
    } finally {
      await srv.close();
    }
  }, 120_000);
});
