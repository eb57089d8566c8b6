/**
 * LuaVM: one lua_State prepared as Redis prepares its Lua interpreters —
 * standard libraries, the Lua 5.1 compatibility layer, the redis API,
 * cjson/cmsgpack/bit/struct, protected globals and the error handler (see
 * prelude.ts). EVAL scripts and FUNCTION libraries use separate VMs, as in
 * Redis.
 *
 * Scripts run on a dedicated Lua thread (coroutine) so a long script can
 * be suspended from the count hook and resumed later (see engine.ts).
 */
import type { LuaModule } from './wasm.js';
import { LUA_OK, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS, LUA_TTABLE } from './wasm.js';
import { PRELUDE, PRELUDE_SOURCE } from './prelude.js';
import type { NativeTable } from './natives.js';
import { pushLibraries } from './libs/index.js';

export type VMMode = 'eval' | 'function';

export const REDIS_VERSION_NUM = 0x07000f;

/** lua_Integer indexes 0..256, made once: array fills would otherwise convert a BigInt per element. */
const INDEX: bigint[] = Array.from({ length: 257 }, (_, i) => BigInt(i));

export class LuaVM {
  readonly L: number;
  /** The thread scripts run on. */
  readonly T: number;
  private readonly runRef: number;
  private readonly runEvalRefBig: bigint;
  private readonly setLoadModeRef: number;
  private readonly runRefBig: bigint;
  /** The count hook currently set on T (0 = none). */
  hook = 0;
  private closed = false;

  constructor(readonly mod: LuaModule, readonly mode: VMMode, natives: NativeTable, redisVersion: string) {
    const x = mod.x;
    const L = x.luaL_newstate();
    if (L === 0) throw new Error('cannot create Lua state');
    this.L = L;
    x.luaL_openlibs(L);
    if (mod.load(L, PRELUDE, PRELUDE_SOURCE) !== LUA_OK) {
      throw new Error('Lua prelude failed to compile: ' + mod.toString(L, -1));
    }
    // natives table N
    x.lua_createtable(L, 0, 32);
    for (const [name, ptr] of Object.entries(natives)) {
      x.lua_pushcclosure(L, ptr, 0);
      x.lua_setfield(L, -2, mod.cstr(name));
    }
    mod.pushString(L, redisVersion);
    x.lua_setfield(L, -2, mod.cstr('REDIS_VERSION'));
    x.lua_pushnumber(L, REDIS_VERSION_NUM);
    x.lua_setfield(L, -2, mod.cstr('REDIS_VERSION_NUM'));
    pushLibraries(mod, L);
    mod.pushString(L, mode);
    if (x.lua_pcallk(L, 2, 1, 0, 0, 0) !== LUA_OK) {
      throw new Error('Lua prelude failed: ' + mod.toString(L, -1));
    }
    if (x.lua_type(L, -1) !== LUA_TTABLE) throw new Error('Lua prelude returned no table');
    const field = (name: string): number => {
      x.lua_getfield(L, -1, mod.cstr(name));
      return x.luaL_ref(L, LUA_REGISTRYINDEX);
    };
    this.runRef = field('run');
    this.setLoadModeRef = field('set_load_mode');
    this.runRefBig = BigInt(this.runRef);
    this.runEvalRefBig = BigInt(field('run_eval'));
    // Chunks loaded from now on (scripts, load/loadstring) see the protected globals.
    x.lua_getfield(L, -1, mod.cstr('PG'));
    x.lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    x.lua_settop(L, 0);
    this.T = x.lua_newthread(L);
    x.luaL_ref(L, LUA_REGISTRYINDEX); // keeps the thread alive
  }

  /** Compiles `code`; returns a registry reference to the function, or the error message. */
  compile(code: string, chunkname: string): number | string {
    const x = this.mod.x;
    const L = this.L;
    if (this.mod.load(L, code, chunkname) !== LUA_OK) {
      const msg = this.mod.toString(L, -1) ?? 'unknown error';
      x.lua_settop(L, -2);
      return compileError51(msg);
    }
    return x.luaL_ref(L, LUA_REGISTRYINDEX);
  }

  unref(ref: number): void {
    if (!this.closed) this.mod.x.luaL_unref(this.L, LUA_REGISTRYINDEX, ref);
  }

  /** Pushes the runner and the function (registry reference `ref`) on the script thread. */
  pushCall(ref: bigint): void {
    const x = this.mod.x;
    x.lua_settop(this.T, 0);
    x.lua_rawgeti(this.T, LUA_REGISTRYINDEX, this.runRefBig);
    x.lua_rawgeti(this.T, LUA_REGISTRYINDEX, ref);
  }

  /**
   * EVAL: pushes the EVAL runner, the script (registry reference `ref`)
   * and the KEYS and ARGV arrays taken from argv on the script thread:
   * run with 3 arguments.
   */
  pushEvalCall(ref: bigint, argv: string[], firstKey: number, firstArg: number): void {
    const x = this.mod.x;
    const T = this.T;
    x.lua_settop(T, 0);
    x.lua_rawgeti(T, LUA_REGISTRYINDEX, this.runEvalRefBig);
    x.lua_rawgeti(T, LUA_REGISTRYINDEX, ref);
    this.pushArray(T, argv, firstKey, firstArg);
    this.pushArray(T, argv, firstArg, argv.length);
  }

  /** Pushes a Lua array of latin1 strings on L. */
  pushArray(L: number, items: string[], from: number, to: number): void {
    const mod = this.mod;
    const x = mod.x;
    x.lua_createtable(L, to - from, 0);
    for (let i = from, j = 1; i < to; i++, j++) {
      mod.pushString(L, items[i]);
      x.lua_rawseti(L, -2, j < INDEX.length ? INDEX[j] : BigInt(j));
    }
  }

  /** Function mode: switch the globals between the load-time API and the full API. */
  setLoadMode(on: boolean): void {
    const x = this.mod.x;
    const L = this.L;
    x.lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(this.setLoadModeRef));
    x.lua_pushboolean(L, on ? 1 : 0);
    x.lua_callk(L, 1, 0, 0, 0);
  }

  /** Lua heap in bytes (collectgarbage("count") * 1024). */
  memory(): number {
    const x = this.mod.x;
    const L = this.L;
    if (this.mod.load(L, 'return collectgarbage("count")', '=mem') !== LUA_OK) return 0;
    x.lua_pcallk(L, 0, 1, 0, 0, 0);
    const kb = x.lua_tonumberx(L, -1, 0);
    x.lua_settop(L, -2);
    return Math.floor(kb * 1024);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.mod.x.lua_close(this.L);
  }
}

/** Lua 5.1's wording for the 5.4 compiler messages that differ. */
export function compileError51(msg: string): string {
  return msg
    .replace(/ near <eof>$/, " near '<eof>'")
    .replace(/: (<name>|<eof>|<string>|<number>|<integer>) expected/, ": '$1' expected");
}

/** Lua 5.1's wording for a runtime error message produced by 5.4. */
export { lua51Message as runtimeError51 } from './compat.js';
