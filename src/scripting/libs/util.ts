/**
 * Helpers shared by the C-level libraries (cjson, cmsgpack, bit, struct):
 * building a library table of JS functions and raising Lua 5.1-style
 * argument errors.
 */
import type { LuaModule, CFunction } from '../wasm.js';
import { LUA_TNONE, LUA_TNUMBER, LUA_TSTRING } from '../wasm.js';
import { raiseString } from '../natives.js';

const fnCache = new Map<CFunction, number>();

/** Pushes a table of C functions (pointers are created once per process per function). */
export function pushLib(mod: LuaModule, L: number, fns: Record<string, CFunction>, extra?: (L: number) => void): void {
  const x = mod.x;
  x.lua_createtable(L, 0, Object.keys(fns).length + 4);
  for (const [name, f] of Object.entries(fns)) {
    let ptr = fnCache.get(f);
    if (ptr === undefined) {
      ptr = mod.cfunction(f);
      fnCache.set(f, ptr);
    }
    x.lua_pushcclosure(L, ptr, 0);
    x.lua_setfield(L, -2, mod.cstr(name));
  }
  extra?.(L);
}

const TYPE_NAMES = ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function', 'userdata', 'thread'];

export function typeName(mod: LuaModule, L: number, idx: number): string {
  const t = mod.x.lua_type(L, idx);
  return t === LUA_TNONE ? 'no value' : TYPE_NAMES[t] ?? '?';
}

/** luaL_argerror: "bad argument #n to 'fname' (msg)" with the caller's position. */
export function argError(mod: LuaModule, L: number, n: number, fname: string, msg: string): number {
  return raiseString(mod, L, `bad argument #${n} to '${fname}' (${msg})`);
}

/** luaL_checknumber (numeric strings are accepted). */
export function checkNumber(mod: LuaModule, L: number, idx: number, fname: string): number {
  const x = mod.x;
  const t = x.lua_type(L, idx);
  if (t === LUA_TNUMBER || (t === LUA_TSTRING && x.lua_isnumber(L, idx) !== 0)) return x.lua_tonumberx(L, idx, 0);
  argError(mod, L, idx, fname, `number expected, got ${typeName(mod, L, idx)}`);
  return 0;
}

/** luaL_checklstring (numbers are accepted and converted). */
export function checkString(mod: LuaModule, L: number, idx: number, fname: string): string {
  const t = mod.x.lua_type(L, idx);
  if (t === LUA_TSTRING || t === LUA_TNUMBER) return mod.toString(L, idx)!;
  argError(mod, L, idx, fname, `string expected, got ${typeName(mod, L, idx)}`);
  return '';
}
