/**
 * The redis.* functions and math helpers implemented in JS as Lua C
 * functions. They are registered once per process; each call finds the
 * script invocation it belongs to through `activeRun()` (JS is single
 * threaded and only one script of one server executes at any instant).
 */
import { createHash } from 'node:crypto';
import type { LuaModule } from './wasm.js';
import { LUA_TNUMBER, LUA_TSTRING } from './wasm.js';
import { formatDouble17g } from '../protocol/doubles.js';
import { scriptCall, type ScriptRun } from './run.js';
import { errorText, pushErrorTable, pushReply } from './convert.js';
import { Kind } from './recorder.js';
import { lua51Message } from './compat.js';
import * as E from '../errors.js';

let active: ScriptRun | null = null;

export function activeRun(): ScriptRun | null {
  return active;
}

/** Makes `run` the current invocation; returns the previous one to restore. */
export function setActiveRun(run: ScriptRun | null): ScriptRun | null {
  const prev = active;
  active = run;
  return prev;
}

/** Raises {err = "ERR <msg>"} as a Lua error. */
export function raiseError(mod: LuaModule, L: number, msg: string): number {
  pushErrorTable(mod, L, errorText(msg), false);
  return mod.x.lua_error(L);
}

/** Raises a plain string error with the caller's position (luaL_error). */
export function raiseString(mod: LuaModule, L: number, msg: string): number {
  const info = mod.frameInfo(L, 1);
  const where = info !== null && info.line > 0 ? `${shortSrc(info.source)}:${info.line}: ` : '';
  mod.pushString(L, where + msg);
  return mod.x.lua_error(L);
}

/** luaO_chunkid: how a chunk name appears in messages (LUA_IDSIZE 60). */
export function shortSrc(source: string): string {
  if (source.startsWith('=')) return source.slice(1, 60);
  if (source.startsWith('@')) return source.length <= 60 ? source.slice(1) : '...' + source.slice(source.length - 56);
  const nl = source.indexOf('\n');
  const max = 60 - 15;
  if (nl < 0 && source.length <= max) return `[string "${source}"]`;
  let line = nl < 0 ? source : source.slice(0, nl);
  if (line.length > max) line = line.slice(0, max);
  return `[string "${line}..."]`;
}

/** luaL_checkint: a number (or numeric string) truncated to an integer. */
function checkInt(mod: LuaModule, L: number, idx: number, fname: string): number {
  const x = mod.x;
  const t = x.lua_type(L, idx);
  if (t === LUA_TNUMBER || (t === LUA_TSTRING && x.lua_isnumber(L, idx) !== 0)) return Math.trunc(x.lua_tonumberx(L, idx, 0)) | 0;
  const names = ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function', 'userdata', 'thread'];
  const got = t === -1 ? 'no value' : names[t];
  raiseString(mod, L, `bad argument #${idx} to '${fname}' (number expected, got ${got})`);
  return 0;
}

/** Converts the call's arguments to command argv (numbers with %.17g as Redis does). */
function argsToArgv(mod: LuaModule, L: number): string[] | string {
  const x = mod.x;
  const argc = x.lua_gettop(L);
  if (argc === 0) return 'Please specify at least one argument for this redis lib call';
  const argv: string[] = new Array(argc);
  for (let j = 0; j < argc; j++) {
    const t = x.lua_type(L, j + 1);
    if (t === LUA_TNUMBER) argv[j] = formatDouble17g(x.lua_tonumberx(L, j + 1, 0));
    else if (t === LUA_TSTRING) argv[j] = mod.toString(L, j + 1)!;
    else {
      x.lua_settop(L, 0);
      return 'Lua redis lib command arguments must be strings or integers';
    }
  }
  x.lua_settop(L, 0);
  return argv;
}

let inUse = false;

/**
 * Defence in depth against code of one script running inside another's run
 * (sandbox.ts keeps scripts from registering `__gc` finalizers, the only way
 * to do that): true when L's stack, or the script thread's, holds a frame the
 * garbage collector called. A finalizer runs non-yieldable, so the common
 * case — the script thread itself, yieldable — needs no stack walk.
 */
function outsideRun(mod: LuaModule, L: number, run: ScriptRun): boolean {
  const T = run.vm === null ? 0 : run.vm.T;
  if (L === T && mod.x.lua_isyieldable(L) !== 0) return false;
  return mod.runningFinalizer(L) || (T !== 0 && L !== T && mod.runningFinalizer(T));
}

function redisGenericCommand(mod: LuaModule, L: number, raise: boolean): number {
  const run = active;
  if (run === null || outsideRun(mod, L, run)) return raiseError(mod, L, 'redis.call/pcall can only be called inside a script invocation');
  const argv = argsToArgv(mod, L);
  if (typeof argv === 'string') {
    pushErrorTable(mod, L, errorText(argv), false);
    return raise ? mod.x.lua_error(L) : 1;
  }
  if (inUse) {
    pushErrorTable(mod, L, errorText('luaRedisGenericCommand() recursive call detected. Are you doing funny stuff with Lua debug hooks?'), false);
    return 1;
  }
  inUse = true;
  let res;
  try {
    res = scriptCall(run, argv);
  } finally {
    inUse = false;
  }
  if ('err' in res) {
    pushErrorTable(mod, L, errorText(res.err), true);
    return raise ? mod.x.lua_error(L) : 1;
  }
  const v = res.value;
  pushReply(mod, L, v);
  if (raise && v !== null && typeof v === 'object' && v.k === Kind.Error) return mod.x.lua_error(L);
  return 1;
}

// rand48 as Redis's rand.c implements it (same sequence on every platform).
export class Rand48 {
  private x = 0x1234abcd330en;
  next(): number {
    this.x = (0x5deece66dn * this.x + 0xbn) & 0xffffffffffffn;
    return Number(this.x >> 17n);
  }
  seed(s: number): void {
    const v = BigInt.asUintN(32, BigInt(Math.trunc(s)));
    this.x = (v << 16n) | 0x330en;
  }
}

const LRAND48_MAX = 2147483647;

function frexp(d: number): [number, number] {
  if (d === 0 || !Number.isFinite(d)) return [d, 0];
  const abs = Math.abs(d);
  let e = Math.max(-1073, Math.floor(Math.log2(abs)) + 1);
  let m = abs * Math.pow(2, -e);
  while (m < 0.5) { m *= 2; e--; }
  while (m >= 1) { m /= 2; e++; }
  return [d < 0 ? -m : m, e];
}

function ldexp(m: number, e: number): number {
  if (e > 1023) return m * Math.pow(2, 1023) * Math.pow(2, e - 1023);
  if (e < -1022) return m * Math.pow(2, -1022) * Math.pow(2, e + 1022);
  return m * Math.pow(2, e);
}

const LOG_LEVELS = ['debug', 'debug', 'info', 'warn'] as const;
const VERBOSITY: Record<string, number> = { debug: 0, verbose: 1, notice: 2, warning: 3 };

export interface NativeTable {
  [name: string]: number;
}

/** Creates the C function pointers of the redis API (once per process). */
export function createNatives(mod: LuaModule): NativeTable {
  const x = mod.x;
  const fn = (f: (L: number) => number) => mod.cfunction(f);
  return {
    call: fn((L) => redisGenericCommand(mod, L, true)),
    pcall: fn((L) => redisGenericCommand(mod, L, false)),
    sha1hex: fn((L) => {
      if (x.lua_gettop(L) !== 1) return raiseError(mod, L, 'wrong number of arguments');
      const s = mod.toString(L, 1) ?? '';
      mod.pushString(L, createHash('sha1').update(s, 'latin1').digest('hex'));
      return 1;
    }),
    error_reply: fn((L) => {
      if (x.lua_gettop(L) !== 1 || x.lua_type(L, -1) !== LUA_TSTRING) {
        pushErrorTable(mod, L, E.LUA_WRONG_ARGS, false);
        return 1;
      }
      let s = mod.toString(L, -1)!;
      const nul = s.indexOf('\0');
      if (nul >= 0) s = s.slice(0, nul);
      pushErrorTable(mod, L, errorText(s.charCodeAt(0) === 45 ? s : '-' + s), false);
      return 1;
    }),
    status_reply: fn((L) => {
      if (x.lua_gettop(L) !== 1 || x.lua_type(L, -1) !== LUA_TSTRING) {
        pushErrorTable(mod, L, E.LUA_WRONG_ARGS, false);
        return 1;
      }
      x.lua_createtable(L, 0, 1);
      mod.pushString(L, 'ok');
      x.lua_pushvalue(L, -3);
      x.lua_rawset(L, -3);
      return 1;
    }),
    log: fn((L) => {
      const argc = x.lua_gettop(L);
      if (argc < 2) return raiseError(mod, L, 'redis.log() requires two arguments or more.');
      if (x.lua_isnumber(L, 1) === 0) return raiseError(mod, L, 'First argument must be a number (log level).');
      const level = Math.trunc(x.lua_tonumberx(L, 1, 0));
      if (!(level >= 0 && level <= 3)) return raiseError(mod, L, 'Invalid debug level.');
      const run = active;
      const server = run?.engine.server ?? logServer;
      if (server === null) return 0;
      if (level < (VERBOSITY[server.config.str('loglevel')] ?? 2)) return 0;
      let msg = '';
      for (let j = 2; j <= argc; j++) {
        const s = mod.toString(L, j);
        if (s !== null) {
          if (j !== 2) msg += ' ';
          msg += s;
        }
      }
      server.log[LOG_LEVELS[level]]({ script: run?.name }, msg);
      return 0;
    }),
    setresp: fn((L) => {
      const run = active;
      if (run === null) return raiseError(mod, L, 'redis.setresp can only be called inside a script invocation');
      if (x.lua_gettop(L) !== 1) return raiseError(mod, L, 'redis.setresp() requires one argument.');
      const resp = Math.trunc(x.lua_tonumberx(L, 1, 0));
      if (resp !== 2 && resp !== 3) return raiseError(mod, L, 'RESP version must be 2 or 3.');
      run.fake.w.resp = resp;
      return 0;
    }),
    set_repl: fn((L) => {
      const run = active;
      if (run === null) return raiseError(mod, L, 'redis.set_repl can only be called inside a script invocation');
      if (x.lua_gettop(L) !== 1) return raiseError(mod, L, 'redis.set_repl() requires two arguments.');
      const flags = Math.trunc(x.lua_tonumberx(L, 1, 0));
      if ((flags & ~3) !== 0) return raiseError(mod, L, 'Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.');
      return 0;
    }),
    acl_check_cmd: fn((L) => {
      const run = active;
      if (run === null) return raiseError(mod, L, 'redis.acl_check_cmd can only be called inside a script invocation');
      const argv = argsToArgv(mod, L);
      if (typeof argv === 'string') return raiseError(mod, L, argv);
      const server = run.engine.server;
      let cmd = server.commands.lookup(argv[0]);
      if (cmd !== undefined && cmd.subcommands.size !== 0 && argv.length >= 2) cmd = cmd.subcommands.get(argv[1].toLowerCase());
      if (cmd === undefined || (cmd.arity > 0 && cmd.arity !== argv.length) || argv.length < -cmd.arity) {
        return raiseError(mod, L, 'Invalid command passed to redis.acl_check_cmd()');
      }
      // a question, not an attempt: nothing goes to the ACL LOG, as in Redis
      const acl = server.acl;
      const ok = acl.permits !== undefined ? acl.permits(run.caller, cmd, argv) : acl.check(run.caller, cmd, argv) === null;
      x.lua_pushboolean(L, ok ? 1 : 0);
      return 1;
    }),
    random: fn((L) => {
      const run = active;
      if (run === null) return raiseString(mod, L, 'math.random can only be called inside a script invocation');
      const r = (run.engine.rand.next() % LRAND48_MAX) / LRAND48_MAX;
      switch (x.lua_gettop(L)) {
        case 0:
          x.lua_pushnumber(L, r);
          return 1;
        case 1: {
          const u = checkInt(mod, L, 1, 'random');
          if (u < 1) return raiseString(mod, L, "bad argument #1 to 'random' (interval is empty)");
          x.lua_pushnumber(L, Math.floor(r * u) + 1);
          return 1;
        }
        case 2: {
          const l = checkInt(mod, L, 1, 'random');
          const u = checkInt(mod, L, 2, 'random');
          if (l > u) return raiseString(mod, L, "bad argument #2 to 'random' (interval is empty)");
          x.lua_pushnumber(L, Math.floor(r * (u - l + 1)) + l);
          return 1;
        }
        default:
          return raiseString(mod, L, 'wrong number of arguments');
      }
    }),
    randomseed: fn((L) => {
      const run = active;
      if (run === null) return raiseString(mod, L, 'math.randomseed can only be called inside a script invocation');
      run.engine.rand.seed(checkInt(mod, L, 1, 'randomseed'));
      return 0;
    }),
    setn: fn((L) => raiseString(mod, L, "'setn' is obsolete")),
    fix51: fn((L) => {
      if (x.lua_type(L, 1) === LUA_TSTRING) {
        const msg = mod.toString(L, 1)!;
        const fixed = lua51Message(msg);
        if (fixed !== msg) {
          mod.pushString(L, fixed);
          return 1;
        }
      }
      x.lua_settop(L, 1);
      return 1;
    }),
    error: fn((L) => {
      const level = x.lua_gettop(L) >= 2 ? Math.trunc(x.lua_tonumberx(L, 2, 0)) : 1;
      x.lua_settop(L, 1);
      const t = x.lua_type(L, 1);
      if ((t === LUA_TSTRING || t === LUA_TNUMBER) && level > 0) {
        const info = mod.frameInfo(L, level);
        if (info !== null && info.line > 0) {
          const msg = mod.toString(L, 1)!;
          x.lua_settop(L, 0);
          mod.pushString(L, `${shortSrc(info.source)}:${info.line}: ${msg}`);
        }
      }
      return x.lua_error(L);
    }),
    frexp: fn((L) => {
      const [m, e] = frexp(x.lua_tonumberx(L, 1, 0));
      x.lua_pushnumber(L, m);
      x.lua_pushnumber(L, e);
      return 2;
    }),
    ldexp: fn((L) => {
      x.lua_pushnumber(L, ldexp(x.lua_tonumberx(L, 1, 0), Math.trunc(x.lua_tonumberx(L, 2, 0))));
      return 1;
    }),
  };
}

/** Server used by redis.log outside a script invocation (FUNCTION LOAD). */
let logServer: import('../server/server.js').Server | null = null;
export function setLogServer(s: import('../server/server.js').Server | null): void {
  logServer = s;
}

