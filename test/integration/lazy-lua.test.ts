/**
 * The Lua engine is loaded on first need (src/scripting/lazy.ts): a fresh
 * server has none, commands that need it hold their client until it is
 * ready (others go on), replies keep their order, and a failed or
 * abandoned load neither hangs nor crashes.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { startRespd, spawnRespd } from '../helpers/servers.js';
import { RawClient } from '../helpers/raw-client.js';
import type { RunningServer } from '../../src/index.js';
import { dumpPayload } from '../../src/scripting/payload.js';
import { engineOf, engineLoading, setEngineLoaderForTests, loadEngineParts, type EngineMaker } from '../../src/scripting/lazy.js';

const text = (b: Buffer | null) => (b === null ? '<closed>' : b.toString('latin1'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A loader that waits for `release()` (or fails with `fail()`) before loading for real. */
function gatedLoader(): { release(): void; fail(msg: string): void; started: () => boolean } {
  let release!: () => void;
  let fail!: (e: Error) => void;
  const gate = new Promise<void>((res, rej) => {
    release = res;
    fail = rej;
  });
  let started = false;
  setEngineLoaderForTests(async (): Promise<EngineMaker> => {
    started = true;
    await gate;
    return loadEngineParts();
  });
  return { release, fail: (m) => fail(new Error(m)), started: () => started };
}

/** Reads INFO memory's scripting fields. */
async function luaInfo(c: RawClient): Promise<Record<string, string>> {
  const body = text(await c.call('INFO', 'memory'));
  const out: Record<string, string> = {};
  for (const line of body.split('\r\n')) {
    const m = /^(used_memory_lua|used_memory_vm_eval|used_memory_lua_human|used_memory_scripts_eval|number_of_cached_scripts|number_of_functions|number_of_libraries|used_memory_vm_functions|used_memory_vm_total|used_memory_vm_total_human|used_memory_functions|used_memory_scripts|used_memory_scripts_human):(.*)$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

describe('lazy Lua engine', () => {
  let srv: RunningServer | null = null;
  const clients: RawClient[] = [];
  async function connect(): Promise<RawClient> {
    const c = await RawClient.connect(srv!.port);
    clients.push(c);
    return c;
  }
  afterEach(async () => {
    setEngineLoaderForTests(null);
    for (const c of clients.splice(0)) c.close();
    await srv?.close();
    srv = null;
  });

  it('a fresh server has no engine; state commands and INFO answer as an untouched Redis without loading it', async () => {
    srv = await startRespd();
    const c = await connect();
    expect(engineOf(srv.server)).toBeNull();
    expect(srv.server.services.scripting).toBeUndefined();
    expect(await luaInfo(c)).toEqual({
      used_memory_lua: '32768',
      used_memory_vm_eval: '32768',
      used_memory_lua_human: '32.00K',
      used_memory_scripts_eval: '0',
      number_of_cached_scripts: '0',
      number_of_functions: '0',
      number_of_libraries: '0',
      used_memory_vm_functions: '33792',
      used_memory_vm_total: '66560',
      used_memory_vm_total_human: '65.00K',
      used_memory_functions: '200',
      used_memory_scripts: '200',
      used_memory_scripts_human: '200B',
    });
    expect(text(await c.call('SCRIPT', 'EXISTS', 'a'.repeat(40), 'b'))).toBe('*2\r\n:0\r\n:0\r\n');
    expect(text(await c.call('SCRIPT', 'FLUSH'))).toBe('+OK\r\n');
    expect(text(await c.call('SCRIPT', 'KILL'))).toBe('-NOTBUSY No scripts in execution right now.\r\n');
    expect(text(await c.call('FUNCTION', 'LIST'))).toBe('*0\r\n');
    expect(text(await c.call('FUNCTION', 'FLUSH'))).toBe('+OK\r\n');
    expect(text(await c.call('FUNCTION', 'DELETE', 'x'))).toBe('-ERR Library not found\r\n');
    expect(text(await c.call('FUNCTION', 'KILL'))).toBe('-NOTBUSY No scripts in execution right now.\r\n');
    expect(text(await c.call('FUNCTION', 'STATS'))).toBe(
      '*4\r\n$14\r\nrunning_script\r\n$-1\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n$15\r\nlibraries_count\r\n:0\r\n$15\r\nfunctions_count\r\n:0\r\n',
    );
    const empty = dumpPayload([]);
    expect(text(await c.call('FUNCTION', 'DUMP'))).toBe(`$${empty.length}\r\n${empty}\r\n`);
    // errors found before the gate (arity) do not load it either
    expect(text(await c.call('EVAL', 'return 1'))).toBe("-ERR wrong number of arguments for 'eval' command\r\n");
    expect(engineOf(srv.server)).toBeNull();
    expect(engineLoading(srv.server)).toBe(false);
    // the first script loads it
    expect(text(await c.call('EVAL', 'return 7', '0'))).toBe(':7\r\n');
    expect(engineOf(srv.server)).not.toBeNull();
    expect(Number((await luaInfo(c)).number_of_cached_scripts)).toBe(1);
  });

  it('the first EVALs of several clients wait for the engine in arrival order while other clients go on', async () => {
    const gate = gatedLoader();
    srv = await startRespd();
    const [a, b, d, other] = [await connect(), await connect(), await connect(), await connect()];
    const script = "return redis.call('INCR', KEYS[1])";
    a.send(['EVAL', script, '1', 'n']);
    a.send(['GET', 'n']);
    await sleep(30);
    b.send(['EVAL', script, '1', 'n']);
    await sleep(30);
    d.send(['EVAL', script, '1', 'n']);
    d.send(['SET', 'd', 'x']);
    await sleep(30);
    expect(gate.started()).toBe(true);
    expect(engineLoading(srv.server)).toBe(true);
    // meanwhile another client is served, and sees nothing of the held commands
    expect(text(await other.call('GET', 'n'))).toBe('$-1\r\n');
    expect(text(await other.call('SET', 'o', '1'))).toBe('+OK\r\n');
    expect(text(await other.call('EXISTS', 'd'))).toBe(':0\r\n');
    expect(a.pending().length + b.pending().length + d.pending().length).toBe(0);
    gate.release();
    expect(text(await a.reply())).toBe(':1\r\n');
    expect(text(await a.reply())).toBe('$1\r\n1\r\n');
    expect(text(await b.reply())).toBe(':2\r\n');
    expect(text(await d.reply())).toBe(':3\r\n');
    expect(text(await d.reply())).toBe('+OK\r\n');
    expect(engineLoading(srv.server)).toBe(false);
    expect(srv.server.commands.lookup('eval')!.hold).toBeNull(); // no gate once loaded
  });

  it('MULTI/EVAL/EXEC: queueing starts the load, EXEC waits for it and stays atomic', async () => {
    const gate = gatedLoader();
    srv = await startRespd();
    const c = await connect();
    const other = await connect();
    expect(text(await c.call('MULTI'))).toBe('+OK\r\n');
    expect(text(await c.call('SET', 'k', '1'))).toBe('+QUEUED\r\n');
    expect(text(await c.call('EVAL', "return redis.call('INCR', KEYS[1])", '1', 'k'))).toBe('+QUEUED\r\n');
    expect(engineLoading(srv.server)).toBe(true);
    c.send(['EXEC']);
    c.send(['GET', 'k']);
    await sleep(50);
    expect(c.pending().length).toBe(0);
    expect(text(await other.call('GET', 'k'))).toBe('$-1\r\n'); // nothing of the transaction ran yet
    gate.release();
    expect(text(await c.reply())).toBe('*2\r\n+OK\r\n:2\r\n');
    expect(text(await c.reply())).toBe('$1\r\n2\r\n');
  });

  it('FUNCTION LOAD then FCALL on a fresh server, pipelined', async () => {
    srv = await startRespd();
    const c = await connect();
    c.send(['FUNCTION', 'LOAD', "#!lua name=lib\nredis.register_function('f', function(keys, args) return redis.call('INCRBY', keys[1], args[1]) end)"]);
    c.send(['FCALL', 'f', '1', 'fk', '5']);
    c.send(['FCALL_RO', 'f', '1', 'fk', '5']);
    c.send(['GET', 'fk']);
    expect(text(await c.reply())).toBe('$3\r\nlib\r\n');
    expect(text(await c.reply())).toBe(':5\r\n');
    expect(text(await c.reply())).toBe('-ERR Can not execute a script with write flag using *_ro command.\r\n');
    expect(text(await c.reply())).toBe('$1\r\n5\r\n');
    expect((await luaInfo(c)).number_of_libraries).toBe('1');
  });

  it('a pipelined EVAL; SET; GET in one write replies in order', async () => {
    srv = await startRespd();
    const c = await connect();
    c.write(
      '*3\r\n$4\r\nEVAL\r\n$36\r\nreturn redis.call("SET", "p", "lua")\r\n$1\r\n0\r\n' +
        '*3\r\n$3\r\nSET\r\n$1\r\nq\r\n$1\r\n1\r\n' +
        '*2\r\n$3\r\nGET\r\n$1\r\np\r\n',
    );
    expect(text(await c.reply())).toBe('+OK\r\n');
    expect(text(await c.reply())).toBe('+OK\r\n');
    expect(text(await c.reply())).toBe('$3\r\nlua\r\n');
  });

  it('a failed load answers the held commands with an error, and the next command tries again', async () => {
    const gate = gatedLoader();
    srv = await startRespd();
    const a = await connect();
    const b = await connect();
    a.send(['EVAL', 'return 1', '0']);
    a.send(['SET', 'after', '1']);
    await sleep(20);
    b.send(['SCRIPT', 'LOAD', 'return 2']);
    await sleep(20);
    gate.fail('boom');
    expect(text(await a.reply())).toBe('-ERR Error initializing the Lua engine: boom\r\n');
    expect(text(await a.reply())).toBe('+OK\r\n');
    expect(text(await b.reply())).toBe('-ERR Error initializing the Lua engine: boom\r\n');
    expect(engineOf(srv.server)).toBeNull();
    setEngineLoaderForTests(null);
    expect(text(await a.call('EVAL', 'return 3', '0'))).toBe(':3\r\n');
  });

  it('close() while the engine loads does not crash, and no engine is made', async () => {
    const gate = gatedLoader();
    srv = await startRespd();
    const server = srv.server;
    const c = await connect();
    c.send(['EVAL', 'return 1', '0']);
    await sleep(30);
    expect(engineLoading(server)).toBe(true);
    await srv.close();
    srv = null;
    gate.release();
    await sleep(50);
    expect(engineOf(server)).toBeNull();
    expect(engineLoading(server)).toBe(false);
  });

  it('bin/respd starts without the engine and loads it on the first script', async () => {
    const p = await spawnRespd();
    try {
      const c = await RawClient.connect(p.port);
      clients.push(c);
      expect((await luaInfo(c)).used_memory_lua).toBe('32768');
      expect(text(await c.call('EVALSHA', 'a'.repeat(40), '0'))).toBe('-NOSCRIPT No matching script. Please use EVAL.\r\n');
      expect(text(await c.call('EVAL', "return redis.call('PING')", '0'))).toBe('+PONG\r\n');
      expect(Number((await luaInfo(c)).used_memory_lua)).toBeGreaterThan(32768);
    } finally {
      await p.stop();
    }
  });
});
