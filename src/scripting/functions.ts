/**
 * FUNCTION libraries: loading (metadata header, compile, run the library
 * code with only the load-time API, redis.register_function), the function
 * and library tables, DUMP/RESTORE and the replies of LIST and STATS.
 *
 * Library names are case sensitive; function names are not (as in Redis,
 * whose function dictionary compares names case-insensitively).
 */
import type { Client } from '../server/client.js';
import type { ScriptingEngine } from './engine.js';
import { SCRIPT_FLAG_NAMES, emptyFlags, parseNumkeys } from './engine.js';
import type { ScriptFlags } from './run.js';
import { LuaVM, runtimeError51 } from './vm.js';
import { LUA_OK, LUA_MASKCOUNT, LUA_MASKLINE, LUA_TFUNCTION, LUA_TNIL, LUA_TNUMBER, LUA_TSTRING, LUA_TTABLE, LUA_REGISTRYINDEX, type LuaModule } from './wasm.js';
import { pushErrorTable } from './convert.js';
import { dumpPayload, parsePayload } from './payload.js';
import { setLogServer } from './natives.js';
import * as E from '../errors.js';
import { splitArgs } from '../protocol/splitargs.js';

export interface FunctionInfo {
  name: string;
  ref: number;
  desc: string | null;
  flags: ScriptFlags;
  lib: LibraryInfo;
}

export interface LibraryInfo {
  name: string;
  code: string;
  functions: Map<string, FunctionInfo>;
}

const LOAD_TIMEOUT_MS = 500;
const NAME_ERROR = 'Library names can only contain letters, numbers, or underscores(_) and must be at least one character long';

function validName(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (!ok) return false;
  }
  return true;
}

/** The library being loaded (redis.register_function adds to it). */
let loading: { lib: LibraryInfo; vm: LuaVM; start: number } | null = null;

/** redis.register_function as a Lua C function (registered once per process). */
export function registerFunctionNative(mod: LuaModule): (L: number) => number {
  const x = mod.x;
  const fail = (L: number, msg: string): number => {
    pushErrorTable(mod, L, E.errPrefix(msg), false);
    return x.lua_error(L);
  };
  const isString = (L: number, idx: number) => x.lua_isstring(L, idx) !== 0;
  return (L: number): number => {
    const ctx = loading;
    if (ctx === null) return fail(L, 'redis.register_function can only be called on FUNCTION LOAD command');
    const argc = x.lua_gettop(L);
    if (argc < 1 || argc > 2) return fail(L, 'wrong number of arguments to redis.register_function');
    let name: string | null = null;
    let desc: string | null = null;
    let ref = -1;
    const flags = emptyFlags();
    const releaseRef = () => {
      if (ref !== -1) x.luaL_unref(L, LUA_REGISTRYINDEX, ref);
    };
    if (argc === 1) {
      if (x.lua_type(L, 1) !== LUA_TTABLE) {
        return fail(L, 'calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).');
      }
      x.lua_pushnil(L);
      while (x.lua_next(L, -2) !== 0) {
        if (!isString(L, -2)) { releaseRef(); return fail(L, 'named argument key given to redis.register_function is not a string'); }
        x.lua_pushvalue(L, -2);
        const key = (mod.toString(L, -1) ?? '').toLowerCase();
        x.lua_settop(L, -2);
        if (key === 'function_name') {
          if (!isString(L, -1)) { releaseRef(); return fail(L, 'function_name argument given to redis.register_function must be a string'); }
          name = mod.toString(L, -1);
        } else if (key === 'description') {
          if (!isString(L, -1)) { releaseRef(); return fail(L, 'description argument given to redis.register_function must be a string'); }
          desc = mod.toString(L, -1);
        } else if (key === 'callback') {
          if (x.lua_type(L, -1) !== LUA_TFUNCTION) { releaseRef(); return fail(L, 'callback argument given to redis.register_function must be a function'); }
          releaseRef();
          ref = x.luaL_ref(L, LUA_REGISTRYINDEX);
          continue;
        } else if (key === 'flags') {
          if (x.lua_type(L, -1) !== LUA_TTABLE) { releaseRef(); return fail(L, 'flags argument to redis.register_function must be a table representing function flags'); }
          for (let j = 1; ; j++) {
            const t = x.lua_rawgeti(L, -1, BigInt(j));
            if (t === LUA_TNIL) { x.lua_settop(L, -2); break; }
            const f = t === LUA_TSTRING || t === LUA_TNUMBER ? (mod.toString(L, -1) ?? '').toLowerCase() : null;
            x.lua_settop(L, -2);
            const def = f === null ? undefined : SCRIPT_FLAG_NAMES.find(([, n]) => n === f);
            if (def === undefined) { releaseRef(); return fail(L, 'unknown flag given'); }
            flags[def[0]] = true;
          }
        } else {
          releaseRef();
          return fail(L, 'unknown argument given to redis.register_function');
        }
        x.lua_settop(L, -2);
      }
      if (name === null) { releaseRef(); return fail(L, 'redis.register_function must get a function name argument'); }
      if (ref === -1) return fail(L, 'redis.register_function must get a callback argument');
    } else {
      if (!isString(L, 1)) return fail(L, 'first argument to redis.register_function must be a string');
      name = mod.toString(L, 1);
      if (x.lua_type(L, 2) !== LUA_TFUNCTION) return fail(L, 'second argument to redis.register_function must be a function');
      x.lua_pushvalue(L, 2);
      ref = x.luaL_ref(L, LUA_REGISTRYINDEX);
    }
    const fname = name!;
    if (!validName(fname)) { releaseRef(); return fail(L, NAME_ERROR); }
    if (ctx.lib.functions.has(fname)) { releaseRef(); return fail(L, 'Function already exists in the library'); }
    ctx.lib.functions.set(fname, { name: fname, ref, desc, flags, lib: ctx.lib });
    return 0;
  };
}

export class FunctionsRegistry {
  vm: LuaVM;
  readonly libraries = new Map<string, LibraryInfo>();
  /** Lower-case function name → function (a library's own table is case sensitive). */
  readonly functions = new Map<string, FunctionInfo>();
  private readonly loadHook: number;

  constructor(readonly engine: ScriptingEngine) {
    this.vm = new LuaVM(engine.mod, 'function', engine.natives, engine.redisVersion);
    const mod = engine.mod;
    this.loadHook = loadHookPointer(mod);
  }

  /**
   * Compiles and runs a library's code, collecting its functions. Returns
   * the library or the error text (without "ERR ").
   */
  private create(code: string): LibraryInfo | string {
    if (!code.startsWith('#!')) return 'Missing library metadata';
    const nl = code.indexOf('\n');
    if (nl < 0) return 'Invalid library metadata';
    // Redis's functionExtractLibMetaData: the shebang is split like an inline command
    // (quotes allowed), the engine is the first word without "#!", then the name is
    // checked before the engine is looked up.
    const parts = splitArgs(code.slice(0, nl));
    if (parts === null || parts.length === 0) return 'Invalid library metadata';
    const engineName = parts[0].slice(2);
    let name: string | null = null;
    for (let j = 1; j < parts.length; j++) {
      const p = parts[j];
      if (p.length >= 5 && p.slice(0, 5).toLowerCase() === 'name=') {
        if (name !== null) return 'Invalid metadata value, name argument was given multiple times';
        name = p.slice(5);
      } else {
        return E.sanitize(`Invalid metadata value given: ${p}`);
      }
    }
    if (name === null) return 'Library name was not given';
    if (!validName(name)) return NAME_ERROR;
    if (engineName.toLowerCase() !== 'lua') return E.sanitize(`Engine '${engineName}' not found`);
    return this.compileLibrary(name, code, code.slice(nl));
  }

  private compileLibrary(name: string, code: string, body: string): LibraryInfo | string {
    const vm = this.vm;
    const mod = vm.mod;
    const x = mod.x;
    const lib: LibraryInfo = { name, code, functions: new Map() };
    vm.setLoadMode(true);
    try {
      const ref = vm.compile(body, '@user_function');
      if (typeof ref === 'string') return E.sanitize(`Error compiling function: ${ref}`);
      const L = vm.L;
      x.lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(ref));
      x.luaL_unref(L, LUA_REGISTRYINDEX, ref);
      loading = { lib, vm, start: performance.now() };
      setLogServer(this.engine.server);
      x.lua_sethook(L, this.loadHook, LUA_MASKCOUNT, 100000);
      const st = x.lua_pcallk(L, 0, 0, 0, 0, 0);
      x.lua_sethook(L, 0, 0, 0);
      loading = null;
      setLogServer(null);
      if (st !== LUA_OK) {
        const msg = loadErrorText(mod, L);
        x.lua_settop(L, 0);
        for (const f of lib.functions.values()) vm.unref(f.ref);
        return E.sanitize(`Error registering functions: ${msg}`);
      }
      x.lua_settop(L, 0);
    } finally {
      vm.setLoadMode(false);
    }
    if (lib.functions.size === 0) return 'No functions registered';
    return lib;
  }

  private dropLibrary(lib: LibraryInfo): void {
    this.libraries.delete(lib.name);
    for (const f of lib.functions.values()) {
      const key = f.name.toLowerCase();
      if (this.functions.get(key) === f) this.functions.delete(key);
      this.vm.unref(f.ref);
    }
  }

  private addLibrary(lib: LibraryInfo): void {
    this.libraries.set(lib.name, lib);
    for (const f of lib.functions.values()) this.functions.set(f.name.toLowerCase(), f);
  }

  private discard(lib: LibraryInfo): void {
    for (const f of lib.functions.values()) this.vm.unref(f.ref);
  }

  /** FUNCTION LOAD [REPLACE] code: returns the library name or the error text. */
  load(code: string, replace: boolean): string | { error: string } {
    const lib = this.create(code);
    if (typeof lib === 'string') return { error: lib };
    const old = this.libraries.get(lib.name);
    if (old !== undefined && !replace) {
      this.discard(lib);
      return { error: E.sanitize(`Library '${lib.name}' already exists`) };
    }
    for (const f of lib.functions.values()) {
      const other = this.functions.get(f.name.toLowerCase());
      if (other !== undefined && other.lib !== old) {
        this.discard(lib);
        return { error: E.sanitize(`Function ${f.name} already exists`) };
      }
    }
    if (old !== undefined) this.dropLibrary(old);
    this.addLibrary(lib);
    return lib.name;
  }

  delete(name: string): boolean {
    const lib = this.libraries.get(name);
    if (lib === undefined) return false;
    this.dropLibrary(lib);
    return true;
  }

  flush(): void {
    for (const lib of [...this.libraries.values()]) this.dropLibrary(lib);
  }

  dump(): string {
    return dumpPayload([...this.libraries.values()].map((l) => l.code));
  }

  /** FUNCTION RESTORE: null on success, or the error text. */
  restore(payload: string, policy: 'FLUSH' | 'APPEND' | 'REPLACE'): string | null {
    const codes = parsePayload(payload);
    if (codes === null) return 'DUMP payload version or checksum are wrong';
    if (codes === 'bad') return 'given payload is not a valid function payload';
    const created: LibraryInfo[] = [];
    const fail = (msg: string) => {
      for (const l of created) this.discard(l);
      return msg;
    };
    for (const code of codes) {
      const lib = this.create(code);
      if (typeof lib === 'string') return fail(lib);
      if (created.some((l) => l.name === lib.name)) {
        this.discard(lib);
        return fail(E.sanitize(`Library ${lib.name} already exists`));
      }
      created.push(lib);
    }
    // Check collisions against what stays.
    const staying = new Map(this.libraries);
    if (policy === 'FLUSH') staying.clear();
    if (policy === 'REPLACE') for (const l of created) staying.delete(l.name);
    if (policy === 'APPEND') {
      for (const l of created) if (staying.has(l.name)) return fail(E.sanitize(`Library ${l.name} already exists`));
    }
    const names = new Map<string, LibraryInfo>();
    for (const l of staying.values()) for (const f of l.functions.values()) names.set(f.name.toLowerCase(), l);
    for (const l of created) {
      for (const f of l.functions.values()) {
        const k = f.name.toLowerCase();
        const other = names.get(k);
        if (other !== undefined && other !== l) return fail(E.sanitize(`Function ${f.name} already exists`));
        names.set(k, l);
      }
    }
    for (const l of [...this.libraries.values()]) if (!staying.has(l.name)) this.dropLibrary(l);
    for (const l of created) this.addLibrary(l);
    return null;
  }

  /** FCALL / FCALL_RO. */
  fcall(c: Client, argv: string[], ro: boolean): void {
    const f = this.functions.get(argv[1].toLowerCase());
    if (f === undefined) {
      c.error(E.FUNCTION_NOT_FOUND);
      return;
    }
    const numkeys = parseNumkeys(c, argv, 2, E.FUNCTION_BAD_NUMKEYS);
    if (numkeys === null) return;
    const engine = this.engine;
    const run = engine.prepare(c, argv, f.flags, ro, f.name, false);
    if (run === null) return;
    const vm = this.vm;
    vm.pushCall(BigInt(f.ref));
    vm.pushArray(vm.T, argv, 3, 3 + numkeys);
    vm.pushArray(vm.T, argv, 3 + numkeys, argv.length);
    engine.start(run, vm, 3);
  }

  /** FUNCTION LIST reply. */
  list(c: Client, pattern: string | null, withCode: boolean, match: (p: string, s: string) => boolean): void {
    const libs = [...this.libraries.values()].filter((l) => pattern === null || match(pattern, l.name));
    const w = c.w;
    w.array(libs.length);
    for (const lib of libs) {
      w.map(withCode ? 4 : 3);
      w.bulk('library_name');
      w.bulk(lib.name);
      w.bulk('engine');
      w.bulk('LUA');
      w.bulk('functions');
      w.array(lib.functions.size);
      for (const f of lib.functions.values()) {
        w.map(3);
        w.bulk('name');
        w.bulk(f.name);
        w.bulk('description');
        w.bulkOrNil(f.desc);
        w.bulk('flags');
        const names = SCRIPT_FLAG_NAMES.filter(([k]) => f.flags[k]).map(([, n]) => n);
        w.set(names.length);
        for (const n of names) w.simple(n);
      }
      if (withCode) {
        w.bulk('library_code');
        w.bulk(lib.code);
      }
    }
  }

  /** INFO used_memory_functions: Redis's 200 bytes for the empty registry plus its per-library and per-function overheads. */
  memoryOverhead(): number {
    return 200 + this.libraries.size * 104 + this.functions.size * 136;
  }

  close(): void {
    this.vm.close();
  }
}

/** The error message of a failed library load (string, or {err=…} table). */
function loadErrorText(mod: LuaModule, L: number): string {
  const x = mod.x;
  if (x.lua_type(L, -1) === LUA_TTABLE) {
    x.lua_getfield(L, -1, mod.cstr('err'));
    const s = mod.toString(L, -1);
    x.lua_settop(L, -2);
    return s ?? E.UNKNOWN_ERROR;
  }
  const s = mod.toString(L, -1);
  return E.errPrefix(runtimeError51(s ?? 'unknown error'));
}

let loadHookPtr = 0;

/** The FUNCTION LOAD hook: aborts library code that runs longer than 500 ms. */
function loadHookPointer(mod: LuaModule): number {
  if (loadHookPtr !== 0) return loadHookPtr;
  loadHookPtr = mod.hook((L) => {
    const ctx = loading;
    if (ctx === null) return;
    if (performance.now() - ctx.start > LOAD_TIMEOUT_MS) {
      mod.x.lua_sethook(L, loadHookPtr, LUA_MASKLINE, 0);
      pushErrorTable(mod, L, E.FUNCTION_LOAD_TIMEOUT, false);
      mod.x.lua_error(L);
    }
  });
  return loadHookPtr;
}
