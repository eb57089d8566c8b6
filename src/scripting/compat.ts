/**
 * Lua 5.1 versions of base functions that need to be C functions (JS):
 * a Lua wrapper would lose the caller's frame on a tail call
 * (`return string.format(...)`), putting error positions inside the
 * prelude. pcall, string.format, string.rep, math.floor/ceil.
 *
 * `callOriginal` runs the 5.4 function the prelude registered under a
 * name, and rewrites its argument errors the way 5.1 words them, with the
 * position of the script's line.
 */
import type { LuaModule, CFunction } from './wasm.js';
import { LUA_OK, LUA_YIELD, LUA_MULTRET, LUA_REGISTRYINDEX, LUA_TNONE, LUA_TNUMBER, LUA_TSTRING, LUA_TTABLE } from './wasm.js';
import { raiseString } from './natives.js';
import { argError, checkNumber, typeName } from './libs/util.js';

const ORIG = 'respd.orig.';

/** Lua 5.1's wording for a 5.4 runtime error message. */
export function lua51Message(msg: string): string {
  let m = /^(.*?)attempt to ([a-z ]+?) a ([a-z]+) value \(([a-z]+) '(.*)'\)$/s.exec(msg);
  if (m !== null) {
    if (m[4] === 'constant') return `${m[1]}attempt to ${m[2]} a ${m[3]} value`;
    return `${m[1]}attempt to ${m[2]} ${m[4]} '${m[5]}' (a ${m[3]} value)`;
  }
  m = /^(.*?)attempt to (?:add|sub|mul|div|mod|pow|unm|idiv) a '\w+' with a '\w+'$/s.exec(msg);
  if (m !== null) return `${m[1]}attempt to perform arithmetic on a string value`;
  m = /^(.*?)bad 'for' (initial value|limit|step) \(number expected, got \w+\)$/s.exec(msg);
  if (m !== null) return `${m[1]}'for' ${m[2]} must be a number`;
  return msg;
}

/**
 * Calls the original function registered as `name` with the arguments on
 * the stack (protected); on error re-raises with 5.1 naming and the
 * caller's position.
 */
function callOriginal(mod: LuaModule, L: number, name: string, fname: string): number {
  const x = mod.x;
  const n = x.lua_gettop(L);
  x.lua_getfield(L, LUA_REGISTRYINDEX, mod.cstr(ORIG + name));
  x.lua_rotate(L, 1, 1);
  const st = x.lua_pcallk(L, n, LUA_MULTRET, 0, 0, 0);
  if (st === LUA_OK) return x.lua_gettop(L);
  if (x.lua_type(L, -1) !== LUA_TSTRING) return x.lua_error(L);
  const msg = mod.toString(L, -1)!.replace(/^bad argument #(\d+) to '[^']*'/, `bad argument #$1 to '${fname}'`);
  x.lua_settop(L, 0);
  return raiseString(mod, L, msg);
}

/** 5.1 %q: backslash before " \ and newline, \r and \0 escaped, the rest raw. */
function quote51(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === '\\' || c === '\n') out += '\\' + c;
    else if (c === '\r') out += '\\r';
    else if (c === '\0') out += '\\000';
    else out += c;
  }
  return out + '"';
}

/** Replaces the value at stack index idx. */
function replaceArg(mod: LuaModule, L: number, idx: number, push: () => void): void {
  push();
  mod.x.lua_copy(L, -1, idx);
  mod.x.lua_settop(L, -2);
}

export function compatFunctions(mod: LuaModule): Record<string, CFunction> {
  const x = mod.x;
  let pcallK = 0;
  /** After the protected call: 5.1 message, error tables give their `err` text. */
  const finishPcall = (L: number, status: number): number => {
    if (status !== LUA_OK && status !== LUA_YIELD) {
      const t = x.lua_type(L, -1);
      if (t === LUA_TTABLE) {
        const ft = x.lua_getfield(L, -1, mod.cstr('err'));
        if (ft === LUA_TSTRING || ft === LUA_TNUMBER) x.lua_copy(L, -1, -2);
        x.lua_settop(L, -2);
      } else if (t === LUA_TSTRING) {
        const msg = mod.toString(L, -1)!;
        const fixed = lua51Message(msg);
        if (fixed !== msg) replaceArg(mod, L, x.lua_gettop(L), () => mod.pushString(L, fixed));
      }
      x.lua_pushboolean(L, 0);
      x.lua_rotate(L, -2, 1);
      return 2;
    }
    return x.lua_gettop(L);
  };
  return {
    set_orig: (L) => {
      const name = mod.toString(L, 1)!;
      x.lua_settop(L, 2);
      x.lua_setfield(L, LUA_REGISTRYINDEX, mod.cstr(ORIG + name));
      return 0;
    },
    lua_pcall: (L) => {
      if (x.lua_type(L, 1) === LUA_TNONE) {
        // Redis's pcall calls its own placeholder boolean when given nothing
        x.lua_pushboolean(L, 0);
        mod.pushString(L, 'attempt to call a boolean value');
        return 2;
      }
      x.lua_pushboolean(L, 1);
      x.lua_rotate(L, 1, 1);
      if (pcallK === 0) pcallK = mod.continuation((L1, status) => finishPcall(L1, status));
      const st = x.lua_pcallk(L, x.lua_gettop(L) - 2, LUA_MULTRET, 0, 0, pcallK);
      return finishPcall(L, st);
    },
    format: (L) => {
      const fmt = x.lua_type(L, 1) === LUA_TSTRING || x.lua_type(L, 1) === LUA_TNUMBER ? mod.toString(L, 1)! : null;
      if (fmt === null) return argError(mod, L, 1, 'format', `string expected, got ${typeName(mod, L, 1)}`);
      let newFmt: string | null = null;
      let arg = 1;
      for (let i = 0; i < fmt.length; i++) {
        if (fmt.charCodeAt(i) !== 37) continue;
        if (fmt[i + 1] === '%') {
          i++;
          continue;
        }
        let j = i + 1;
        while (j < fmt.length && '-+ #0'.includes(fmt[j])) j++;
        while (j < fmt.length && fmt[j] >= '0' && fmt[j] <= '9') j++;
        if (fmt[j] === '.') {
          j++;
          while (j < fmt.length && fmt[j] >= '0' && fmt[j] <= '9') j++;
        }
        const conv = fmt[j];
        arg++;
        const t = x.lua_type(L, arg);
        if (conv === 'd' || conv === 'i' || conv === 'x' || conv === 'X' || conv === 'o' || conv === 'c' || conv === 'e' || conv === 'E' || conv === 'f' || conv === 'g' || conv === 'G') {
          if (t === LUA_TNONE) return argError(mod, L, arg, 'format', 'no value');
          if (conv !== 'e' && conv !== 'E' && conv !== 'f' && conv !== 'g' && conv !== 'G' && (t === LUA_TNUMBER || t === LUA_TSTRING) && x.lua_isnumber(L, arg) !== 0 && x.lua_isinteger(L, arg) === 0) {
            const d = x.lua_tonumberx(L, arg, 0);
            if (Number.isFinite(d)) replaceArg(mod, L, arg, () => x.lua_pushnumber(L, Math.trunc(d)));
          }
        } else if (conv === 's') {
          if (t === LUA_TNONE) return argError(mod, L, arg, 'format', 'no value');
          if (t !== LUA_TSTRING && t !== LUA_TNUMBER) return argError(mod, L, arg, 'format', `string expected, got ${typeName(mod, L, arg)}`);
        } else if (conv === 'q') {
          if (t === LUA_TNONE) return argError(mod, L, arg, 'format', 'no value');
          const s = mod.toString(L, arg);
          if (s === null) return argError(mod, L, arg, 'format', `string expected, got ${typeName(mod, L, arg)}`);
          replaceArg(mod, L, arg, () => mod.pushString(L, quote51(s)));
          newFmt = (newFmt ?? fmt).slice(0, j) + 's' + (newFmt ?? fmt).slice(j + 1);
        }
        i = j;
      }
      if (newFmt !== null) replaceArg(mod, L, 1, () => mod.pushString(L, newFmt!));
      return callOriginal(mod, L, 'format', 'format');
    },
    rep: (L) => {
      if (x.lua_gettop(L) > 2) x.lua_settop(L, 2); // 5.1 has no separator argument
      if (x.lua_type(L, 2) === LUA_TNUMBER && x.lua_isinteger(L, 2) === 0) {
        const d = x.lua_tonumberx(L, 2, 0);
        if (Number.isFinite(d)) replaceArg(mod, L, 2, () => x.lua_pushnumber(L, Math.trunc(d)));
      }
      return callOriginal(mod, L, 'rep', 'rep');
    },
    floor: (L) => {
      x.lua_pushnumber(L, Math.floor(checkNumber(mod, L, 1, 'floor')));
      return 1;
    },
    ceil: (L) => {
      x.lua_pushnumber(L, Math.ceil(checkNumber(mod, L, 1, 'ceil')));
      return 1;
    },
  };
}
