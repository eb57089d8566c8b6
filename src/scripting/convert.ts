/**
 * Type conversion between Redis replies and Lua values, both ways, with
 * Redis's rules:
 *
 *   Redis → Lua: integer → number, bulk → string, null bulk/array → false
 *   (RESP2) or nil (RESP3 null), array → table, status → {ok=…},
 *   error → {err=…}; RESP3 map → {map={…}}, set → {set={k=true}},
 *   double → {double=n}, boolean → true/false, big number → {big_number=s},
 *   verbatim → {verbatim_string={format=…, string=…}}.
 *
 *   Lua → Redis: number → integer (truncated), string → bulk, true → 1,
 *   false/nil → null, table → array up to the first nil, unless it is an
 *   {err}, {ok}, {double}, {big_number}, {verbatim_string}, {map} or {set}
 *   table.
 */
import type { LuaModule } from './wasm.js';
import { LUA_TBOOLEAN, LUA_TNIL, LUA_TNUMBER, LUA_TSTRING, LUA_TTABLE } from './wasm.js';
import { Kind, type ReplyValue } from './recorder.js';
import type { ReplyWriter } from '../protocol/writer.js';
import { sanitize, LUA_STACK_LIMIT } from '../errors.js';

/** luaPushErrorBuff's normalisation: "-CODE msg" or "msg" → "CODE msg", CR/LF trimmed from the ends. */
export function errorText(raw: string): string {
  let code = 'ERR';
  let msg = raw;
  if (raw.charCodeAt(0) === 45 /* - */) {
    const sp = raw.indexOf(' ');
    if (sp < 0) msg = raw.slice(1);
    else {
      code = raw.slice(1, sp);
      msg = raw.slice(sp + 1);
    }
  }
  let a = 0;
  let b = msg.length;
  while (a < b && (msg.charCodeAt(a) === 13 || msg.charCodeAt(a) === 10)) a++;
  while (b > a && (msg.charCodeAt(b - 1) === 13 || msg.charCodeAt(b - 1) === 10)) b--;
  return code + ' ' + msg.slice(a, b);
}

/** Pushes {err = text} (and the flag telling the caller the error was already counted). */
export function pushErrorTable(mod: LuaModule, L: number, text: string, counted: boolean): void {
  const x = mod.x;
  x.lua_createtable(L, 0, 2);
  mod.pushString(L, 'err');
  mod.pushString(L, text);
  x.lua_rawset(L, -3);
  if (counted) {
    mod.pushString(L, 'ignore_error_stats_update');
    x.lua_pushboolean(L, 1);
    x.lua_rawset(L, -3);
  }
}

function pushField(mod: LuaModule, L: number, key: string): void {
  // table is at -2 after the value is pushed
  mod.pushString(L, key);
  mod.x.lua_rotate(L, -2, 1);
  mod.x.lua_rawset(L, -3);
}

/** Pushes a recorded reply as a Lua value. */
export function pushReply(mod: LuaModule, L: number, v: ReplyValue): void {
  const x = mod.x;
  if (typeof v === 'string') {
    mod.pushString(L, v);
    return;
  }
  if (typeof v === 'number') {
    x.lua_pushnumber(L, v);
    return;
  }
  if (typeof v === 'bigint') {
    x.lua_pushnumber(L, Number(v));
    return;
  }
  if (v === null) {
    x.lua_pushboolean(L, 0);
    return;
  }
  x.lua_checkstack(L, 4);
  switch (v.k) {
    case Kind.Status:
      x.lua_createtable(L, 0, 1);
      mod.pushString(L, v.s!);
      pushField(mod, L, 'ok');
      return;
    case Kind.Error:
      pushErrorTable(mod, L, errorText('-' + v.s!), true);
      return;
    case Kind.Array: {
      const a = v.a!;
      x.lua_createtable(L, a.length, 0);
      for (let i = 0; i < a.length; i++) {
        pushReply(mod, L, a[i]);
        x.lua_rawseti(L, -2, BigInt(i + 1));
      }
      return;
    }
    case Kind.Map: {
      const a = v.a!;
      x.lua_createtable(L, 0, 1);
      x.lua_createtable(L, 0, a.length / 2);
      for (let i = 0; i + 1 < a.length; i += 2) {
        pushReply(mod, L, a[i]);
        pushReply(mod, L, a[i + 1]);
        x.lua_settable(L, -3);
      }
      pushField(mod, L, 'map');
      return;
    }
    case Kind.Set: {
      const a = v.a!;
      x.lua_createtable(L, 0, 1);
      x.lua_createtable(L, 0, a.length);
      for (let i = 0; i < a.length; i++) {
        pushReply(mod, L, a[i]);
        x.lua_pushboolean(L, 1);
        x.lua_settable(L, -3);
      }
      pushField(mod, L, 'set');
      return;
    }
    case Kind.Double:
      x.lua_createtable(L, 0, 1);
      x.lua_pushnumber(L, v.d!);
      pushField(mod, L, 'double');
      return;
    case Kind.Bool:
      x.lua_pushboolean(L, v.b ? 1 : 0);
      return;
    case Kind.BigNumber:
      x.lua_createtable(L, 0, 1);
      mod.pushString(L, v.s!);
      pushField(mod, L, 'big_number');
      return;
    case Kind.Verbatim:
      x.lua_createtable(L, 0, 1);
      x.lua_createtable(L, 0, 2);
      mod.pushString(L, v.s!);
      pushField(mod, L, 'string');
      mod.pushString(L, v.f!);
      pushField(mod, L, 'format');
      pushField(mod, L, 'verbatim_string');
      return;
    case Kind.Null:
      x.lua_pushnil(L);
      return;
  }
}

const INT64_MIN = -9223372036854775808n;

/** C's (long long) cast of a double as x86 does it: truncation, INT64_MIN when out of range or NaN. */
export function doubleToLongLong(d: number): number | bigint {
  if (Number.isNaN(d) || d >= 9223372036854775808 || d < -9223372036854775808) return INT64_MIN;
  const t = Math.trunc(d);
  return Number.isSafeInteger(t) ? t : BigInt(t);
}

/** Receives error replies produced while converting (so the caller can count them). */
export type ErrorSink = (msg: string, counted: boolean) => void;

/** Redis's Lua 5.1 runs out of C stack slots (LUAI_MAXCSTACK) this many tables deep. */
const MAX_DEPTH = 7995;

const enum F {
  Array,
  Map,
  Set,
}

/**
 * A table being written: arrays by index; maps and sets by lua_next, with
 * `key` true while a map key has been written and its value is next.
 */
interface Frame {
  kind: F;
  i: number;
  n: number;
  key: boolean;
}

/**
 * Writes the Lua value at the top of L's stack as a reply (and pops it).
 * `scriptResp` is the protocol the script selected (booleans depend on it).
 * Iterative (an explicit stack of tables), so deep nesting cannot overflow
 * the JS stack.
 */
export function replyFromLua(mod: LuaModule, L: number, w: ReplyWriter, scriptResp: 2 | 3, onError: ErrorSink): void {
  const x = mod.x;
  const frames: Frame[] = [];
  emitValue(mod, L, w, scriptResp, onError, frames);
  while (frames.length !== 0) {
    const f = frames[frames.length - 1];
    if (f.kind === F.Array) {
      if (f.i > f.n) {
        x.lua_settop(L, -2);
        frames.pop();
        continue;
      }
      x.lua_rawgeti(L, -1, BigInt(f.i++));
      emitValue(mod, L, w, scriptResp, onError, frames);
    } else if (f.kind === F.Map) {
      // stack: outer, inner, key [, value]
      if (f.key) {
        f.key = false;
        emitValue(mod, L, w, scriptResp, onError, frames); // the value
        continue;
      }
      if (x.lua_next(L, -2) === 0) {
        x.lua_settop(L, -3);
        frames.pop();
        continue;
      }
      x.lua_pushvalue(L, -2);
      f.key = true;
      emitValue(mod, L, w, scriptResp, onError, frames); // the key
    } else {
      // set: stack outer, inner, key
      if (x.lua_next(L, -2) === 0) {
        x.lua_settop(L, -3);
        frames.pop();
        continue;
      }
      x.lua_settop(L, -2);
      x.lua_pushvalue(L, -1);
      emitValue(mod, L, w, scriptResp, onError, frames);
    }
  }
}

/** Writes (and pops) the value at the top, or opens a frame for a table to walk. */
function emitValue(mod: LuaModule, L: number, w: ReplyWriter, resp: 2 | 3, onError: ErrorSink, frames: Frame[]): void {
  const x = mod.x;
  if (frames.length >= MAX_DEPTH || x.lua_checkstack(L, 4) === 0) {
    onError(LUA_STACK_LIMIT, false);
    x.lua_settop(L, -2);
    return;
  }
  switch (x.lua_type(L, -1)) {
    case LUA_TSTRING:
      w.bulk(mod.toString(L, -1)!);
      break;
    case LUA_TBOOLEAN: {
      const b = x.lua_toboolean(L, -1) !== 0;
      if (resp === 2) {
        if (b) w.integer(1);
        else w.nil();
      } else w.bool(b);
      break;
    }
    case LUA_TNUMBER:
      w.integer(doubleToLongLong(x.lua_tonumberx(L, -1, 0)));
      break;
    case LUA_TTABLE:
      tableReply(mod, L, w, onError, frames);
      return;
    default:
      w.nil();
  }
  x.lua_settop(L, -2);
}

/** rawget(table at -1, key) pushed; returns its type. */
function rawField(mod: LuaModule, L: number, key: string): number {
  mod.pushString(L, key);
  return mod.x.lua_rawget(L, -2);
}

/** Counts the pairs of the table at the top. */
function countPairs(mod: LuaModule, L: number): number {
  const x = mod.x;
  let n = 0;
  x.lua_pushnil(L);
  while (x.lua_next(L, -2) !== 0) {
    n++;
    x.lua_settop(L, -2);
  }
  return n;
}

function tableReply(mod: LuaModule, L: number, w: ReplyWriter, onError: ErrorSink, frames: Frame[]): void {
  const x = mod.x;
  // {err = "..."}
  if (rawField(mod, L, 'err') === LUA_TSTRING) {
    const msg = mod.toString(L, -1)!;
    x.lua_settop(L, -2);
    const counted = rawField(mod, L, 'ignore_error_stats_update') === LUA_TBOOLEAN && x.lua_toboolean(L, -1) !== 0;
    x.lua_settop(L, -3);
    onError(sanitize(msg), counted);
    return;
  }
  x.lua_settop(L, -2);
  if (rawField(mod, L, 'ok') === LUA_TSTRING) {
    const s = mod.toString(L, -1)!;
    x.lua_settop(L, -3);
    w.simple(s.replace(/[\r\n]/g, ' '));
    return;
  }
  x.lua_settop(L, -2);
  if (rawField(mod, L, 'double') === LUA_TNUMBER) {
    const d = x.lua_tonumberx(L, -1, 0);
    x.lua_settop(L, -3);
    w.double(d);
    return;
  }
  x.lua_settop(L, -2);
  if (rawField(mod, L, 'big_number') === LUA_TSTRING) {
    const s = mod.toString(L, -1)!.replace(/[\r\n]/g, ' ');
    x.lua_settop(L, -3);
    if (w.resp === 2) w.bulk(s);
    else w.raw('(' + s + '\r\n');
    return;
  }
  x.lua_settop(L, -2);
  if (rawField(mod, L, 'verbatim_string') === LUA_TTABLE) {
    if (rawField(mod, L, 'format') === LUA_TSTRING) {
      const format = mod.toString(L, -1)!;
      x.lua_settop(L, -2);
      if (rawField(mod, L, 'string') === LUA_TSTRING) {
        const s = mod.toString(L, -1)!;
        x.lua_settop(L, -4);
        w.verbatim(s, format.slice(0, 3));
        return;
      }
    }
    x.lua_settop(L, -2);
  }
  x.lua_settop(L, -2);
  if (rawField(mod, L, 'map') === LUA_TTABLE) {
    w.map(countPairs(mod, L));
    x.lua_pushnil(L);
    frames.push({ kind: F.Map, i: 0, n: 0, key: false });
    return;
  }
  x.lua_settop(L, -2);
  if (rawField(mod, L, 'set') === LUA_TTABLE) {
    w.set(countPairs(mod, L));
    x.lua_pushnil(L);
    frames.push({ kind: F.Set, i: 0, n: 0, key: false });
    return;
  }
  x.lua_settop(L, -2);
  // Array: elements 1..n up to the first nil.
  let n = 0;
  while (x.lua_rawgeti(L, -1, BigInt(n + 1)) !== LUA_TNIL) {
    n++;
    x.lua_settop(L, -2);
  }
  x.lua_settop(L, -2);
  w.array(n);
  frames.push({ kind: F.Array, i: 1, n, key: false });
}
