/**
 * Lua 5.4 features that would let a script act outside its own run, made to
 * behave as Redis's Lua 5.1 (see docs/lua-compat.md, "Sandbox").
 *
 * setmetatable: 5.1 never runs `__gc` on tables; 5.4 would call it at some
 * later allocation, inside whichever script (and user) is running then. 5.4
 * marks a table for finalization only if the metatable holds `__gc` at the
 * instant setmetatable is called, so the field is hidden for that instant:
 * the metatable keeps it (scripts see what 5.1 shows) but the table is never
 * finalized. Native (not a Lua wrapper) so errors carry the script's line
 * even on `return setmetatable(...)` tail calls.
 *
 * collectgarbage: only 5.1's options; 5.4's mode switches and queries are
 * refused with 5.1's text.
 *
 * coroutine.yield / coroutine.running: a script runs on a Lua coroutine (so
 * the engine can suspend a slow one, engine.ts) where 5.1 runs it on the main
 * thread. A yield from that thread itself would reach the engine as if the
 * busy hook had suspended the script, letting other clients in mid-script;
 * it fails as 5.1's yield from the main thread does. running() there
 * answers nil, as on 5.1's main thread, so the script never holds its own
 * thread.
 */
import type { LuaModule, CFunction } from './wasm.js';
import { LUA_REGISTRYINDEX, LUA_TNIL, LUA_TNONE, LUA_TTABLE, LUA_TSTRING, LUA_TNUMBER } from './wasm.js';
import { raiseString, activeRun } from './natives.js';
import { argError, typeName } from './libs/util.js';

/** Registry key of the prelude's proxy → target table (read-only library proxies). */
export const PROXIES_KEY = 'respd.proxies';
const RO = 'Attempt to modify a readonly table';

/** collectgarbage options Lua 5.1 knows; the default is "collect". */
const GC_OPTIONS_51 = new Set(['collect', 'stop', 'restart', 'count', 'step', 'setpause', 'setstepmul']);

/** The thread the active script runs on (its "main thread" as 5.1 sees it), 0 when none. */
function scriptThread(): number {
  const run = activeRun();
  return run === null || run.vm === null ? 0 : run.vm.T;
}

/** Calls the 5.4 function registered as `name` with the arguments on L's stack, keeping `nres` results. */
function callOrig(mod: LuaModule, L: number, name: string, nres: number): number {
  const x = mod.x;
  const n = x.lua_gettop(L);
  x.lua_getfield(L, LUA_REGISTRYINDEX, mod.cstr('respd.orig.' + name));
  x.lua_rotate(L, 1, 1);
  x.lua_callk(L, n, nres, 0, 0);
  return nres < 0 ? x.lua_gettop(L) : nres;
}

export function sandboxFunctions(mod: LuaModule): Record<string, CFunction> {
  const x = mod.x;
  return {
    co_yield: (L) => {
      if (L === scriptThread()) {
        mod.pushString(L, 'attempt to yield across metamethod/C-call boundary');
        return x.lua_error(L);
      }
      // a coroutine the script made: the real yield (resume's arguments become its results)
      return x.lua_yieldk(L, x.lua_gettop(L), 0, 0);
    },
    co_running: (L) => {
      if (L === scriptThread()) {
        x.lua_pushnil(L);
        return 1;
      }
      return callOrig(mod, L, 'running', 1);
    },
    setmetatable: (L) => {
      x.lua_getfield(L, LUA_REGISTRYINDEX, mod.cstr(PROXIES_KEY));
      x.lua_pushvalue(L, 1);
      const proxy = x.lua_rawget(L, -2) !== LUA_TNIL;
      x.lua_settop(L, -3);
      if (proxy) {
        mod.pushString(L, RO);
        return x.lua_error(L);
      }
      const t2 = x.lua_type(L, 2);
      if (x.lua_type(L, 1) !== LUA_TTABLE) return argError(mod, L, 1, 'setmetatable', `table expected, got ${typeName(mod, L, 1)}`);
      if (t2 !== LUA_TNIL && t2 !== LUA_TTABLE) return argError(mod, L, 2, 'setmetatable', 'nil or table expected');
      if (x.lua_getmetatable(L, 1) !== 0) {
        mod.pushString(L, '__metatable');
        const prot = x.lua_rawget(L, -2) !== LUA_TNIL; // raw, as luaL_getmetafield
        x.lua_settop(L, -3);
        if (prot) return raiseString(mod, L, 'cannot change a protected metatable');
      }
      x.lua_settop(L, 2);
      let hidGc = false;
      if (t2 === LUA_TTABLE) {
        mod.pushString(L, '__gc');
        hidGc = x.lua_rawget(L, 2) !== LUA_TNIL; // stack: t, mt, gc
        if (hidGc) {
          mod.pushString(L, '__gc');
          x.lua_pushnil(L);
          x.lua_rawset(L, 2);
        }
      }
      x.lua_pushvalue(L, 2);
      x.lua_setmetatable(L, 1);
      if (hidGc) {
        mod.pushString(L, '__gc');
        x.lua_pushvalue(L, 3);
        x.lua_rawset(L, 2);
      }
      x.lua_settop(L, 1);
      return 1;
    },
    collectgarbage: (L) => {
      const t = x.lua_type(L, 1);
      if (t !== LUA_TNONE && t !== LUA_TNIL) {
        const opt = t === LUA_TSTRING || t === LUA_TNUMBER ? mod.toString(L, 1)! : null;
        if (opt === null) return argError(mod, L, 1, 'collectgarbage', `string expected, got ${typeName(mod, L, 1)}`);
        if (!GC_OPTIONS_51.has(opt)) return argError(mod, L, 1, 'collectgarbage', `invalid option '${opt}'`);
      }
      return callOrig(mod, L, 'collectgarbage', 1);
    },
  };
}
