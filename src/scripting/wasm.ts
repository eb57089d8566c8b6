/**
 * The Lua 5.4 VM (wasmoon's WebAssembly build) at the C API level.
 *
 * wasmoon's high-level API converts strings through UTF-8, which would
 * corrupt binary values, so respd talks to the raw WebAssembly exports and
 * moves every string as latin1 bytes through the module's linear memory.
 * The module is loaded once per process, asynchronously, when a server
 * first needs a Lua engine (lazy.ts); after that every call here is
 * synchronous. wasmoon itself is imported only then: importing it alone
 * costs several MB of RSS.
 *
 * Three process-wide adjustments are made right after loading:
 * - the raw instance exports are captured (calling them directly is several
 *   times faster than wasmoon's asserting wrappers);
 * - `_ENV` is renamed out of scripts' reach (hideEnvName);
 * - Lua 5.4 prints integral floats as "5.0" where Redis's Lua 5.1 prints
 *   "5". The suffix is decided by a `strspn(buf, "-0123456789")` test in
 *   lobject.c; blanking that constant string in the data segment turns the
 *   test off, so tostring, `..`, string.format('%s') and lua_tolstring all
 *   print numbers the 5.1 way.
 */
import type { LuaWasm } from 'wasmoon';

/** The subset of Lua's C API respd uses, as raw wasm exports (pointers are numbers). */
export interface LuaExports {
  memory: WebAssembly.Memory;
  malloc(n: number): number;
  free(p: number): void;
  luaL_newstate(): number;
  luaL_openlibs(L: number): void;
  lua_close(L: number): void;
  lua_newthread(L: number): number;
  lua_resetthread(L: number): number;
  lua_gettop(L: number): number;
  lua_settop(L: number, idx: number): void;
  lua_pushvalue(L: number, idx: number): void;
  lua_rotate(L: number, idx: number, n: number): void;
  lua_copy(L: number, from: number, to: number): void;
  lua_checkstack(L: number, n: number): number;
  lua_xmove(from: number, to: number, n: number): void;
  lua_isnumber(L: number, idx: number): number;
  lua_isstring(L: number, idx: number): number;
  lua_isinteger(L: number, idx: number): number;
  lua_type(L: number, idx: number): number;
  lua_tonumberx(L: number, idx: number, isnum: number): number;
  lua_tointegerx(L: number, idx: number, isnum: number): bigint;
  lua_toboolean(L: number, idx: number): number;
  lua_tolstring(L: number, idx: number, len: number): number;
  lua_rawlen(L: number, idx: number): bigint;
  lua_touserdata(L: number, idx: number): number;
  lua_topointer(L: number, idx: number): number;
  lua_rawequal(L: number, a: number, b: number): number;
  lua_pushnil(L: number): void;
  lua_pushnumber(L: number, n: number): void;
  lua_pushinteger(L: number, n: bigint): void;
  lua_pushlstring(L: number, s: number, len: number): number;
  lua_pushcclosure(L: number, fn: number, n: number): void;
  lua_pushboolean(L: number, b: number): void;
  lua_pushlightuserdata(L: number, p: number): void;
  lua_getglobal(L: number, name: number): number;
  lua_gettable(L: number, idx: number): number;
  lua_getfield(L: number, idx: number, k: number): number;
  lua_rawget(L: number, idx: number): number;
  lua_rawgeti(L: number, idx: number, n: bigint): number;
  lua_createtable(L: number, narr: number, nrec: number): void;
  lua_newuserdatauv(L: number, sz: number, nuv: number): number;
  lua_getmetatable(L: number, idx: number): number;
  lua_setglobal(L: number, name: number): void;
  lua_settable(L: number, idx: number): void;
  lua_setfield(L: number, idx: number, k: number): void;
  lua_rawset(L: number, idx: number): void;
  lua_rawseti(L: number, idx: number, n: bigint): void;
  lua_setmetatable(L: number, idx: number): number;
  lua_callk(L: number, nargs: number, nresults: number, ctx: number, k: number): void;
  lua_pcallk(L: number, nargs: number, nresults: number, errfunc: number, ctx: number, k: number): number;
  lua_resume(L: number, from: number, narg: number, nres: number): number;
  lua_status(L: number): number;
  lua_isyieldable(L: number): number;
  lua_yieldk(L: number, nresults: number, ctx: number, k: number): number;
  lua_error(L: number): number;
  lua_next(L: number, idx: number): number;
  lua_concat(L: number, n: number): void;
  lua_getstack(L: number, level: number, ar: number): number;
  lua_getinfo(L: number, what: number, ar: number): number;
  lua_sethook(L: number, fn: number, mask: number, count: number): void;
  luaL_loadbufferx(L: number, buf: number, sz: number, name: number, mode: number): number;
  luaL_ref(L: number, t: number): number;
  luaL_unref(L: number, t: number, ref: number): void;
}

export const LUA_OK = 0;
export const LUA_YIELD = 1;
export const LUA_ERRRUN = 2;
export const LUA_ERRSYNTAX = 3;
export const LUA_ERRMEM = 4;

export const LUA_TNONE = -1;
export const LUA_TNIL = 0;
export const LUA_TBOOLEAN = 1;
export const LUA_TLIGHTUSERDATA = 2;
export const LUA_TNUMBER = 3;
export const LUA_TSTRING = 4;
export const LUA_TTABLE = 5;
export const LUA_TFUNCTION = 6;
export const LUA_TUSERDATA = 7;
export const LUA_TTHREAD = 8;

export const LUA_MASKCALL = 1;
export const LUA_MASKRET = 2;
export const LUA_MASKLINE = 4;
export const LUA_MASKCOUNT = 8;

export const LUA_REGISTRYINDEX = -1000000 - 1000;
export const LUA_RIDX_GLOBALS = 2n;
export const LUA_MULTRET = -1;

/** A C function implemented in JS: receives the lua_State, returns the number of results. */
export type CFunction = (L: number) => number;

/**
 * The process-wide Lua module: raw exports plus latin1 string helpers.
 * Every lua_State of every server lives in this one linear memory.
 */
export class LuaModule {
  readonly x: LuaExports;
  private heap: Buffer;
  /** Scratch area for strings pushed into Lua (grown on demand). */
  private scratch: number;
  private scratchSize: number;
  /** size_t out-parameter for lua_tolstring. */
  private readonly lenPtr: number;
  /** lua_Debug scratch for lua_getstack/lua_getinfo. */
  readonly debugPtr: number;
  private readonly cstrings = new Map<string, number>();
  private readonly addFunction: (fn: (...a: number[]) => number | void, sig: string) => number;

  constructor(x: LuaExports, addFunction: (fn: (...a: number[]) => number | void, sig: string) => number) {
    this.x = x;
    this.addFunction = addFunction;
    this.heap = Buffer.from(x.memory.buffer);
    this.scratchSize = 64 * 1024;
    this.scratch = x.malloc(this.scratchSize);
    this.lenPtr = x.malloc(8);
    this.debugPtr = x.malloc(256);
  }

  /** The linear memory as a Buffer (re-created after the memory grows). */
  mem(): Buffer {
    // Growing the memory detaches the old ArrayBuffer (length drops to 0).
    const h = this.heap;
    if (h.length !== 0) return h;
    return (this.heap = Buffer.from(this.x.memory.buffer));
  }

  /** A NUL-terminated copy of an ASCII constant, allocated once and kept. */
  cstr(s: string): number {
    let p = this.cstrings.get(s);
    if (p === undefined) {
      p = this.x.malloc(s.length + 1);
      const m = this.mem();
      m.latin1Write(s, p, s.length);
      m[p + s.length] = 0;
      this.cstrings.set(s, p);
    }
    return p;
  }

  /** Pushes a latin1 JS string as a Lua string, byte for byte. */
  pushString(L: number, s: string): void {
    const n = s.length;
    if (n <= this.scratchSize) {
      const m = this.mem();
      if (n <= 32) {
        // short strings: a JS loop beats the native latin1Write call
        const base = this.scratch;
        for (let i = 0; i < n; i++) m[base + i] = s.charCodeAt(i);
      } else m.latin1Write(s, this.scratch, n);
      this.x.lua_pushlstring(L, this.scratch, n);
      return;
    }
    const p = this.x.malloc(n);
    try {
      this.mem().latin1Write(s, p, n);
      this.x.lua_pushlstring(L, p, n);
    } finally {
      this.x.free(p);
    }
  }

  /** Pushes bytes as a Lua string. */
  pushBytes(L: number, b: Uint8Array): void {
    const n = b.length;
    if (n <= this.scratchSize) {
      this.mem().set(b, this.scratch);
      this.x.lua_pushlstring(L, this.scratch, n);
      return;
    }
    const p = this.x.malloc(n);
    try {
      this.mem().set(b, p);
      this.x.lua_pushlstring(L, p, n);
    } finally {
      this.x.free(p);
    }
  }

  /** lua_tolstring as a latin1 JS string (numbers are converted in place, as in C); null if not a string/number. */
  toString(L: number, idx: number): string | null {
    const p = this.x.lua_tolstring(L, idx, this.lenPtr);
    if (p === 0) return null;
    const m = this.mem();
    const lp = this.lenPtr;
    const n = m[lp] | (m[lp + 1] << 8) | (m[lp + 2] << 16) | (m[lp + 3] << 24);
    if (n === 0) return '';
    if (n <= 16) {
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(m[p + i]);
      return s;
    }
    return m.latin1Slice(p, p + n);
  }

  /** lua_tolstring as a Buffer copy. */
  toBytes(L: number, idx: number): Buffer | null {
    const p = this.x.lua_tolstring(L, idx, this.lenPtr);
    if (p === 0) return null;
    const m = this.mem();
    const n = m.readUInt32LE(this.lenPtr);
    return Buffer.from(m.subarray(p, p + n));
  }

  /** Reads a NUL-terminated C string. */
  readCString(p: number): string {
    const m = this.mem();
    const end = m.indexOf(0, p);
    return m.latin1Slice(p, end);
  }

  /** Loads a chunk from latin1 source; returns the status (the function or error message is pushed). */
  load(L: number, code: string, chunkname: string): number {
    const n = code.length;
    const name = this.cstr(chunkname);
    if (n <= this.scratchSize) {
      this.mem().latin1Write(code, this.scratch, n);
      return this.x.luaL_loadbufferx(L, this.scratch, n, name, 0);
    }
    const p = this.x.malloc(n);
    try {
      this.mem().latin1Write(code, p, n);
      return this.x.luaL_loadbufferx(L, p, n, name, 0);
    } finally {
      this.x.free(p);
    }
  }

  /**
   * Registers a JS function as a C function pointer. JS exceptions other
   * than Lua's own longjmp (a thrown number) are turned into Lua errors so
   * a bug never unwinds through the VM's frames.
   */
  cfunction(fn: CFunction): number {
    const x = this.x;
    return this.addFunction((L: number) => {
      let msg: string;
      try {
        return fn(L);
      } catch (e) {
        if (typeof e === 'number') throw e; // lua_error's longjmp: let it unwind
        msg = e instanceof Error ? e.message : String(e);
      }
      this.pushString(L, msg);
      return x.lua_error(L);
    }, 'ii');
  }

  /** Registers a continuation (lua_KFunction: L, status, ctx) for a yieldable lua_pcallk. */
  continuation(fn: (L: number, status: number, ctx: number) => number): number {
    const x = this.x;
    return this.addFunction((L: number, status: number, ctx: number) => {
      let msg: string;
      try {
        return fn(L, status, ctx);
      } catch (e) {
        if (typeof e === 'number') throw e;
        msg = e instanceof Error ? e.message : String(e);
      }
      this.pushString(L, msg);
      return x.lua_error(L);
    }, 'iiii');
  }

  /** Registers a hook function (lua_Hook). */
  hook(fn: (L: number, ar: number) => void): number {
    return this.addFunction((L: number, ar: number) => {
      fn(L, ar);
    }, 'vii');
  }

  /**
   * True when some frame of L's stack was called by the garbage collector
   * as a `__gc` finalizer. A finalizer runs inside whatever code happened to
   * allocate, i.e. possibly another script run by another user, so the
   * redis.* functions refuse to work there (getinfo names such a frame
   * "__gc", namewhat "metamethod").
   */
  runningFinalizer(L: number): boolean {
    const x = this.x;
    const ar = this.debugPtr;
    const what = this.cstr('n');
    for (let level = 0; x.lua_getstack(L, level, ar) !== 0; level++) {
      x.lua_getinfo(L, what, ar);
      const m = this.mem();
      const name = m.readUInt32LE(ar + 4);
      // "__gc\0": compare the bytes in place (no string made on the common path)
      if (name !== 0 && m[name] === 95 && m[name + 1] === 95 && m[name + 2] === 103 && m[name + 3] === 99 && m[name + 4] === 0) {
        if (this.readCString(m.readUInt32LE(ar + 8)) === 'metamethod') return true;
      }
    }
    return false;
  }

  /** Source and current line of the function at `level` of L's stack (for error positions). */
  frameInfo(L: number, level: number): { source: string; line: number; what: string } | null {
    const ar = this.debugPtr;
    if (this.x.lua_getstack(L, level, ar) === 0) return null;
    this.x.lua_getinfo(L, this.cstr('Sl'), ar);
    const m = this.mem();
    // lua_Debug (wasm32): event, name, namewhat, what, source, srclen, currentline, ...
    const what = this.readCString(m.readUInt32LE(ar + 12));
    const source = this.readCString(m.readUInt32LE(ar + 16));
    const line = m.readInt32LE(ar + 24);
    return { source, line, what };
  }
}

let modulePromise: Promise<LuaModule> | null = null;
let loaded: LuaModule | null = null;

/** Loads the WebAssembly module once per process (a failed load is tried again on the next call). */
export function loadLuaModule(): Promise<LuaModule> {
  if (modulePromise !== null) return modulePromise;
  const p = (async () => {
    const { LuaWasm } = await import('wasmoon');
    let instance: WebAssembly.Instance | null = null;
    const orig = WebAssembly.instantiate;
    // Capture the instance to reach its raw exports (wasmoon does not expose them).
    (WebAssembly as { instantiate: unknown }).instantiate = async function (this: unknown, ...args: unknown[]) {
      const r = await (orig as (...a: unknown[]) => Promise<unknown>).apply(this, args);
      const inst = (r as { instance?: WebAssembly.Instance }).instance ?? (r as WebAssembly.Instance);
      if (instance === null) instance = inst;
      return r;
    };
    let lw: LuaWasm;
    try {
      lw = await LuaWasm.initialize();
    } finally {
      (WebAssembly as { instantiate: unknown }).instantiate = orig;
    }
    if (instance === null) throw new Error('could not capture the Lua WebAssembly instance');
    const x = (instance as WebAssembly.Instance).exports as unknown as LuaExports;
    const addFunction = (lw.module as unknown as { addFunction: LuaModule['addFunction'] extends infer T ? T : never }).addFunction;
    const mod = new LuaModule(x, addFunction as never);
    patchNumberFormatting(mod);
    hideEnvName(mod);
    loaded = mod;
    return mod;
  })();
  modulePromise = p;
  p.catch(() => {
    if (modulePromise === p) modulePromise = null;
  });
  return p;
}

/** The loaded module; throws if `loadLuaModule()` has not completed. */
export function luaModule(): LuaModule {
  if (loaded === null) throw new Error('Lua module not loaded yet');
  return loaded;
}

export function luaModuleLoaded(): boolean {
  return loaded !== null;
}

/**
 * Lua 5.1 has no `_ENV`: there it is an ordinary (nonexistent) global. 5.4's
 * compiler and debug info name the environment upvalue with the one
 * LUA_ENV constant "_ENV"; renaming it to "\x01ENV", which no script can
 * spell as a name, gives scripts 5.1's behaviour (the environment is still
 * found by position, as lua_load sets it).
 */
function hideEnvName(mod: LuaModule): void {
  const m = mod.mem();
  const needle = Buffer.from('\0_ENV\0', 'latin1');
  const at = m.indexOf(needle);
  if (at < 0 || m.indexOf(needle, at + 1) >= 0) throw new Error('Lua _ENV constant not found exactly once');
  m[at + 1] = 1;
}

function patchNumberFormatting(mod: LuaModule): void {
  const m = mod.mem();
  const needle = Buffer.from('-0123456789\0', 'latin1');
  const at = m.indexOf(needle);
  if (at < 0 || m.indexOf(needle, at + 1) >= 0) throw new Error('Lua number formatting constant not found exactly once');
  m[at] = 0;
}
