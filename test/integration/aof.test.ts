/**
 * The multi-part AOF against real Redis 7.0: respd's appendonlydir passes
 * redis-check-aof and real Redis loads the same dataset from it; respd
 * loads the directory real Redis wrote; restarts, rewrites, the upgrade of
 * an old single-file AOF and torn last records behave as in Redis.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, readdirSync, cpSync, statSync, truncateSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/index.js';
import { RawClient } from '../helpers/raw-client.js';
import { haveRedis, startRedis, type Oracle } from '../helpers/servers.js';
import { dumpDataset } from '../helpers/dataset.js';

const WORKLOAD: string[][] = [
  ['SET', 'str', 'hello'],
  ['SET', 'bin\x00\xff', '\x00\x01\xfe\xff'],
  ['SET', 'int', '12345'],
  ['INCRBYFLOAT', 'float', '1.5'],
  ['SET', 'ttl', 'v', 'EX', '5000'],
  ['RPUSH', 'list', 'a', 'b', 'c', 'd'],
  ['LPOP', 'list'],
  ['SADD', 'set', '1', '2', '3', 'x'],
  ['SPOP', 'set'],
  ['ZADD', 'zset', '1.5', 'a', '-inf', 'b', '3', 'c'],
  ['ZINCRBY', 'zset', '0.25', 'a'],
  ['HSET', 'hash', 'f1', 'v1', 'f2', 'v2'],
  ['HINCRBYFLOAT', 'hash', 'n', '2.5'],
  ['XADD', 'stream', '1-1', 'f', 'v'],
  ['XADD', 'stream', '2-1', 'g', 'w'],
  ['XADD', 'stream', '3-1', 'h', 'x'],
  ['XDEL', 'stream', '2-1'],
  ['XGROUP', 'CREATE', 'stream', 'grp', '0'],
  ['XREADGROUP', 'GROUP', 'grp', 'alice', 'COUNT', '1', 'STREAMS', 'stream', '>'],
  ['XGROUP', 'CREATECONSUMER', 'stream', 'grp', 'bob'],
  ['FUNCTION', 'LOAD', "#!lua name=mylib\nredis.register_function('myfn', function(keys) return redis.call('incr', keys[1]) end)"],
  ['FCALL', 'myfn', '1', 'counter'],
  ['EVAL', "redis.call('set', KEYS[1], 'x'); redis.call('rpush', KEYS[2], 'y')", '2', 'lua1', 'lua2'],
  ['MULTI'],
  ['SET', 'tx1', '1'],
  ['INCR', 'tx1'],
  ['EXEC'],
  ['SELECT', '5'],
  ['SET', 'db5', 'five'],
  ['SELECT', '0'],
  ['SET', 'gone', 'x'],
  ['DEL', 'gone'],
];

async function run(port: number, cmds: string[][]): Promise<string[]> {
  const cl = await RawClient.connect(port);
  const out: string[] = [];
  try {
    for (const c of cmds) {
      cl.send(c);
      out.push((await cl.reply(10000))!.toString('latin1'));
    }
  } finally {
    cl.close();
  }
  return out;
}

/** Redis opens its port before it has loaded its files: wait until it stops answering -LOADING. */
async function startRedisLoaded(args: string[]): Promise<Oracle> {
  const r = await startRedis(args);
  const deadline = Date.now() + 20000;
  while ((await run(r.port, [['PING']]))[0].startsWith('-LOADING')) {
    if (Date.now() > deadline) throw new Error('redis did not finish loading');
    await new Promise((res) => setTimeout(res, 20));
  }
  return r;
}

/** Waits until INFO says no AOF rewrite is in progress (on respd or Redis). */
async function rewriteDone(port: number): Promise<void> {
  const deadline = Date.now() + 20000;
  while ((await run(port, [['INFO', 'persistence']]))[0].includes('aof_rewrite_in_progress:1')) {
    if (Date.now() > deadline) throw new Error('rewrite did not finish');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function startRespd(dir: string, extra: Record<string, string> = {}): Promise<RunningServer> {
  return startServer({ port: 0, config: { dir, appendonly: 'yes', appendfsync: 'always', 'aof-use-rdb-preamble': 'no', ...extra } });
}

function redisArgs(dir: string, extra: string[] = []): string[] {
  return ['--dir', dir, '--appendonly', 'yes', '--aof-use-rdb-preamble', 'no', ...extra];
}

function checkAof(dir: string): string {
  return execFileSync('redis-check-aof', [join(dir, 'appendonlydir', 'appendonly.aof.manifest')], { encoding: 'latin1' });
}

describe.skipIf(!haveRedis())('multi-part AOF', () => {
  let dir: string;
  let dir2: string;
  let respd: RunningServer | null = null;
  let redis: Oracle | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'respd-aof-'));
    dir2 = mkdtempSync(join(tmpdir(), 'respd-aof2-'));
  });
  afterEach(async () => {
    if (respd) await respd.close();
    if (redis) await redis.stop();
    respd = null;
    redis = null;
    rmSync(dir, { recursive: true, force: true });
    rmSync(dir2, { recursive: true, force: true });
  });

  it('writes the directory layout and manifest Redis writes', async () => {
    respd = await startRespd(dir);
    await run(respd.port, [['SET', 'a', '1']]);
    const files = readdirSync(join(dir, 'appendonlydir')).sort();
    expect(files).toEqual(['appendonly.aof.1.base.aof', 'appendonly.aof.1.incr.aof', 'appendonly.aof.manifest']);
    expect(readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'latin1')).toBe(
      'file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
    expect(readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.1.incr.aof'), 'latin1')).toBe(
      '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n');
  });

  for (const [rewrite, preamble] of [[false, 'no'], [true, 'no'], [false, 'yes'], [true, 'yes']] as const) {
    it(`real Redis loads respd's directory${rewrite ? ' after BGREWRITEAOF' : ''} (aof-use-rdb-preamble ${preamble}), and respd reloads it, with the same dataset`, async () => {
      respd = await startRespd(dir, { 'aof-use-rdb-preamble': preamble });
      await run(respd.port, WORKLOAD);
      if (rewrite) {
        expect(await run(respd.port, [['BGREWRITEAOF']])).toEqual(['+Background append only file rewriting started\r\n']);
        await rewriteDone(respd.port);
        await run(respd.port, [['SET', 'after-rewrite', 'yes'], ['RPUSH', 'list', 'z']]);
      }
      const before = await dumpDataset(respd.port);
      await respd.close();
      respd = null;
      expect(checkAof(dir)).toContain('All AOF files and manifest are valid');
      const files = readdirSync(join(dir, 'appendonlydir'));
      expect(files.some((f) => f.endsWith(preamble === 'yes' ? '.base.rdb' : '.base.aof'))).toBe(true);
      cpSync(dir, dir2, { recursive: true });
      redis = await startRedisLoaded(redisArgs(dir2));
      expect(await dumpDataset(redis.port)).toBe(before);
      respd = await startRespd(dir, { 'aof-use-rdb-preamble': preamble });
      expect(await dumpDataset(respd.port)).toBe(before);
    }, 60000);
  }

  for (const preamble of ['no', 'yes']) it(`respd loads the directory real Redis wrote (aof-use-rdb-preamble ${preamble}), with the same dataset`, async () => {
    redis = await startRedisLoaded(redisArgs(dir, ['--appendfsync', 'always', '--aof-use-rdb-preamble', preamble]));
    await run(redis.port, WORKLOAD);
    await run(redis.port, [['BGREWRITEAOF']]);
    await rewriteDone(redis.port);
    await run(redis.port, [['SET', 'after-rewrite', 'yes'], ['LPUSH', 'list', 'q']]);
    const before = await dumpDataset(redis.port);
    await redis.stop();
    redis = null;
    respd = await startRespd(dir);
    expect(await dumpDataset(respd.port)).toBe(before);
  }, 60000);

  it('upgrades an old single-file appendonly.aof into the directory', async () => {
    writeFileSync(join(dir, 'appendonly.aof'), '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$3\r\nold\r\n$5\r\nvalue\r\n');
    respd = await startRespd(dir);
    expect(await run(respd.port, [['GET', 'old']])).toEqual(['$5\r\nvalue\r\n']);
    expect(readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'latin1')).toBe(
      'file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
    await run(respd.port, [['SET', 'new', 'v']]);
    await respd.close();
    respd = null;
    expect(checkAof(dir)).toContain('All AOF files and manifest are valid');
    respd = await startRespd(dir);
    expect(await run(respd.port, [['MGET', 'old', 'new']])).toEqual(['*2\r\n$5\r\nvalue\r\n$1\r\nv\r\n']);
  });

  it('a torn last record: truncated and loaded with aof-load-truncated yes, refused with no', async () => {
    respd = await startRespd(dir);
    await run(respd.port, [['SET', 'a', '1'], ['MULTI'], ['SET', 'b', '2'], ['SET', 'c', '3'], ['EXEC'], ['SET', 'd', '4']]);
    await respd.close();
    respd = null;
    const incr = join(dir, 'appendonlydir', 'appendonly.aof.1.incr.aof');
    const full = statSync(incr).size;
    // Cut inside the last SET: only that command is lost.
    truncateSync(incr, full - 3);
    await expect(startRespd(dir, { 'aof-load-truncated': 'no' })).rejects.toThrow(/Unexpected end of file/);
    respd = await startRespd(dir);
    expect(await run(respd.port, [['MGET', 'a', 'b', 'c', 'd']])).toEqual(['*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$-1\r\n']);
    await respd.close();
    respd = null;
    expect(checkAof(dir)).toContain('All AOF files and manifest are valid');
    // Cut inside the transaction: the whole MULTI block is dropped, as Redis does.
    const text = readFileSync(incr, 'latin1');
    truncateSync(incr, text.indexOf('EXEC') - 10);
    respd = await startRespd(dir);
    expect(await run(respd.port, [['MGET', 'a', 'b', 'c']])).toEqual(['*3\r\n$1\r\n1\r\n$-1\r\n$-1\r\n']);
  });

  it('CONFIG SET appendonly yes at runtime writes a base of the current dataset', async () => {
    respd = await startServer({ port: 0, config: { dir, 'aof-use-rdb-preamble': 'no' } });
    await run(respd.port, [['SET', 'k', 'v'], ['CONFIG', 'SET', 'appendonly', 'yes'], ['SET', 'k2', 'v2']]);
    await rewriteDone(respd.port);
    const info = (await run(respd.port, [['INFO', 'persistence']]))[0];
    expect(info).toContain('aof_enabled:1\r\n');
    expect(info).toContain('aof_rewrites:1\r\n');
    await respd.close();
    respd = null;
    expect(checkAof(dir)).toContain('All AOF files and manifest are valid');
    redis = await startRedisLoaded(redisArgs(dir));
    expect(await run(redis.port, [['MGET', 'k', 'k2']])).toEqual(['*2\r\n$1\r\nv\r\n$2\r\nv2\r\n']);
  });

  it('BGREWRITEAOF while a BGSAVE runs is scheduled and runs when it ends', async () => {
    respd = await startRespd(dir, { 'aof-use-rdb-preamble': 'yes', 'enable-debug-command': 'yes' });
    await run(respd.port, [['DEBUG', 'POPULATE', '100000']]);
    // Sent together: the fork-less BGSAVE is still walking the keyspace when BGREWRITEAOF arrives.
    const cl = await RawClient.connect(respd.port);
    cl.send(['BGSAVE']);
    cl.send(['BGREWRITEAOF']);
    const replies = [(await cl.reply(10000))!.toString('latin1'), (await cl.reply(10000))!.toString('latin1')];
    cl.close();
    expect(replies).toEqual(['+Background saving started\r\n', '+Background append only file rewriting scheduled\r\n']);
    const deadline = Date.now() + 60000;
    while (!(await run(respd.port, [['INFO', 'persistence']]))[0].includes('aof_rewrites:1\r\n')) {
      if (Date.now() > deadline) throw new Error('the scheduled rewrite did not run');
      await new Promise((r) => setTimeout(r, 50));
    }
    await respd.close();
    respd = null;
    expect(readdirSync(join(dir, 'appendonlydir')).sort()).toEqual(['appendonly.aof.2.base.rdb', 'appendonly.aof.2.incr.aof', 'appendonly.aof.manifest']);
    expect(checkAof(dir)).toContain('All AOF files and manifest are valid');
    respd = await startRespd(dir, { 'aof-use-rdb-preamble': 'yes' });
    expect(await run(respd.port, [['DBSIZE']])).toEqual([':100000\r\n']);
  }, 90000);

  it('aof-timestamp-enabled annotates the incr file and the annotations are skipped on load', async () => {
    respd = await startRespd(dir, { 'aof-timestamp-enabled': 'yes' });
    await run(respd.port, [['SET', 'a', '1']]);
    await respd.close();
    respd = null;
    const text = readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.1.incr.aof'), 'latin1');
    expect(text).toMatch(/^#TS:\d+\r\n\*2\r\n\$6\r\nSELECT/);
    expect(checkAof(dir)).toContain('All AOF files and manifest are valid');
    respd = await startRespd(dir);
    expect(await run(respd.port, [['GET', 'a']])).toEqual(['$1\r\n1\r\n']);
  });
});
