/**
 * The Lua sandbox across users: a script must never run code later, under
 * another script's (and another user's) identity. Lua 5.4 finalizers
 * (`__gc`) would do exactly that; Redis's Lua 5.1 never runs `__gc` on
 * tables. Checked from both ends: the script cannot register a finalizer,
 * and a finalizer injected underneath (through the C API) finds redis.call
 * refusing to work.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRespd, spawnRespd } from '../helpers/servers.js';
import { RawClient } from '../helpers/raw-client.js';
import type { RunningServer } from '../../src/index.js';
import type { ScriptingEngine } from '../../src/scripting/engine.js';
import { LUA_OK, LUA_REGISTRYINDEX } from '../../src/scripting/wasm.js';

const text = (b: Buffer | null) => (b === null ? '<closed>' : b.toString('latin1'));
const ALLOCATE = 'local t={} for i=1,200000 do t[i]={i} end collectgarbage() collectgarbage() return #t';

describe('Lua finalizers cannot act for another user', () => {
  let srv: RunningServer;
  let admin: RawClient;
  beforeAll(async () => {
    srv = await startRespd();
    admin = await RawClient.connect(srv.port);
    await admin.call('ACL', 'SETUSER', 'u', 'on', '>p', '~foo:*', '+@all', '-@dangerous');
  });
  afterAll(async () => {
    admin.close();
    await srv.close();
  });

  it('a __gc set by a restricted user never runs in the default user\'s script', async () => {
    await admin.call('FLUSHALL');
    await admin.call('SET', 'bar', 'secret');
    const u = await RawClient.connect(srv.port);
    expect(text(await u.call('AUTH', 'u', 'p'))).toBe('+OK\r\n');
    const evil = "setmetatable({}, {__gc=function() redis.call('set','foo:leak', redis.call('get','bar')) redis.call('flushall') end}) return 1";
    expect(text(await u.call('EVAL', evil, '0'))).toBe(':1\r\n');
    u.close();
    expect(text(await admin.call('EVAL', ALLOCATE, '0'))).toBe(':200000\r\n');
    expect(text(await admin.call('GET', 'foo:leak'))).toBe('$-1\r\n');
    expect(text(await admin.call('GET', 'bar'))).toBe('$6\r\nsecret\r\n');
  });

  it('the metatable keeps its __gc field, as in Lua 5.1', async () => {
    const r = await admin.call('EVAL', "local mt={__gc=function() end} local t=setmetatable({}, mt) return {tostring(getmetatable(t)==mt), type(mt.__gc)}", '0');
    expect(text(r)).toBe('*2\r\n$4\r\ntrue\r\n$8\r\nfunction\r\n');
  });

  it('a protected metatable still refuses a __gc metatable with 5.1\'s text', async () => {
    const r = await admin.call('EVAL', "local t=setmetatable({}, {__metatable=1}) return setmetatable(t, {__gc=type})", '0');
    expect(text(r)).toMatch(/^-ERR .*cannot change a protected metatable/);
  });

  /** Registers, through the raw C API (no script can reach lua_setmetatable), a finalizer running `code` with `t` as its probe table. */
  function injectFinalizer(code: string): () => string | null {
    const engine: ScriptingEngine = srv.server.services.scripting!;
    const vm = engine.evalVM;
    const mod = engine.mod;
    const x = mod.x;
    expect(mod.load(vm.L, `local t = ... ; return function() ${code} end`, '=inject')).toBe(LUA_OK);
    x.lua_createtable(vm.L, 0, 0);
    x.lua_pushvalue(vm.L, -1);
    const probe = x.luaL_ref(vm.L, LUA_REGISTRYINDEX);
    x.lua_callk(vm.L, 1, 1, 0, 0); // the finalizer function
    x.lua_createtable(vm.L, 0, 0); // the object
    x.lua_createtable(vm.L, 0, 1); // its metatable
    x.lua_rotate(vm.L, -3, -1); // object, metatable, finalizer
    x.lua_setfield(vm.L, -2, mod.cstr('__gc'));
    x.lua_setmetatable(vm.L, -2);
    x.lua_settop(vm.L, 0); // the object is garbage now
    return () => {
      x.lua_rawgeti(vm.L, LUA_REGISTRYINDEX, BigInt(probe));
      x.lua_getfield(vm.L, -1, mod.cstr('err'));
      const err = mod.toString(vm.L, -1);
      x.lua_settop(vm.L, 0);
      x.luaL_unref(vm.L, LUA_REGISTRYINDEX, probe);
      return err;
    };
  }

  for (const [name, code] of [
    ['directly', "local ok, e = pcall(redis.call, 'set', 'leak', 'x') t.err = e"],
    ['from a coroutine', "coroutine.wrap(function() local ok, e = pcall(redis.call, 'set', 'leak', 'x') t.err = e end)()"],
  ]) {
    it(`redis.call refuses inside a finalizer that got in underneath, ${name} (defence in depth)`, async () => {
      await admin.call('FLUSHALL');
      const probe = injectFinalizer(code);
      expect(text(await admin.call('EVAL', ALLOCATE, '0'))).toBe(':200000\r\n');
      expect(text(await admin.call('EXISTS', 'leak'))).toBe(':0\r\n');
      expect(probe()).toBe('ERR redis.call/pcall can only be called inside a script invocation');
    });
  }
});

describe('SHUTDOWN under an unkillable busy script', () => {
  it('plain SHUTDOWN is refused with -BUSY, SHUTDOWN NOSAVE ends the server without saving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'respd-busy-'));
    const srv = await spawnRespd(['--busy-reply-threshold', '100', '--dir', dir, '--dbfilename', 'dump.rdb']);
    try {
      const a = await RawClient.connect(srv.port);
      const b = await RawClient.connect(srv.port);
      a.send(['EVAL', "redis.call('set','w','1') while true do end", '0']);
      const deadline = Date.now() + 20000;
      while (!text(await b.call('PING')).startsWith('-BUSY')) {
        if (Date.now() > deadline) throw new Error('the script never became busy');
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(text(await b.call('SCRIPT', 'KILL'))).toMatch(/^-UNKILLABLE /);
      expect(text(await b.call('SHUTDOWN'))).toBe('-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n');
      expect(srv.proc.exitCode).toBe(null);
      const exited = new Promise<number | null>((res) => srv.proc.once('exit', (code) => res(code)));
      b.send(['SHUTDOWN', 'NOSAVE']);
      expect(await exited).toBe(0);
      expect(existsSync(join(dir, 'dump.rdb'))).toBe(false);
      a.close();
      b.close();
    } finally {
      await srv.stop();
    }
  }, 60000);
});

describe('Lua 5.4 to-be-closed variables stay inside their run', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startRespd({ 'busy-reply-threshold': 100 });
  });
  afterAll(async () => {
    await srv.close();
  });

  const CLOSER = "local x <close> = setmetatable({}, {__close=function() redis.call('set', KEYS[1], '1') end})";

  it('a __close handler runs at scope exit, within the run and its ACL', async () => {
    const c = await RawClient.connect(srv.port);
    await c.call('ACL', 'SETUSER', 'cl', 'on', '>p', '~ok:*', '+@all');
    expect(text(await c.call('AUTH', 'cl', 'p'))).toBe('+OK\r\n');
    expect(text(await c.call('EVAL', `do ${CLOSER} end return 1`, '1', 'ok:1'))).toBe(':1\r\n');
    expect(text(await c.call('GET', 'ok:1'))).toBe('$1\r\n1\r\n');
    const denied = text(await c.call('EVAL', `do ${CLOSER.replace('KEYS[1]', "'secret'")} end return 1`, '0'));
    expect(denied).toMatch(/^-ERR The user executing the script can't access at least one of the keys mentioned in the command arguments/);
    c.close();
  });

  it('SCRIPT KILL does not let a pending __close handler touch the dataset', async () => {
    const a = await RawClient.connect(srv.port);
    const b = await RawClient.connect(srv.port);
    a.send(['EVAL', `${CLOSER} while true do end`, '1', 'closed']);
    const deadline = Date.now() + 20000;
    while (!text(await b.call('PING')).startsWith('-BUSY')) {
      if (Date.now() > deadline) throw new Error('the script never became busy');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(text(await b.call('SCRIPT', 'KILL'))).toBe('+OK\r\n');
    expect(text(await a.reply(10000))).toMatch(/^-ERR Script killed by user with SCRIPT KILL\.\.\./);
    expect(text(await b.call('EXISTS', 'closed'))).toBe(':0\r\n');
    a.close();
    b.close();
  }, 30000);
});
