/**
 * ScriptingEngine: a server's EVAL and FUNCTION machinery — the two Lua
 * VMs, the script cache, the function libraries and the script that is
 * running now.
 *
 * Long scripts (busy-reply-threshold). JS is single threaded, so a script
 * cannot run while the event loop serves other clients. Scripts therefore
 * run on a Lua coroutine with a count hook (every 100000 instructions).
 * Once a script has run longer than busy-reply-threshold, the hook yields
 * the coroutine: the EVAL's client stays blocked, the server answers every
 * other client with -BUSY (except SCRIPT KILL, FUNCTION KILL, SHUTDOWN and
 * the other allow-busy commands), and the script is resumed from
 * setImmediate, one hook period at a time, until it ends or is killed.
 * Nothing else touches the dataset meanwhile (active expiry pauses), so
 * the script stays atomic. A script can only yield where Lua allows it
 * (not inside a C call such as table.sort's comparator or a gsub callback)
 * and only when its EVAL was sent directly by a client: inside EXEC or
 * another script it runs to completion in one go.
 */
import { createHash } from 'node:crypto';
import type { Server } from '../server/server.js';
import { Client } from '../server/client.js';
import type { Socket } from 'node:net';
import { type LuaModule, LUA_OK, LUA_YIELD, LUA_ERRRUN, LUA_MASKCOUNT, LUA_TTABLE, LUA_TSTRING, LUA_TNUMBER } from './wasm.js';
import { LuaVM } from './vm.js';
import { createNatives, setActiveRun, activeRun, Rand48, type NativeTable } from './natives.js';
import { ScriptRun, type ScriptFlags } from './run.js';
import { ReplyRecorder } from './recorder.js';
import { replyFromLua, doubleToLongLong } from './convert.js';
import { PRELUDE_SOURCE } from './prelude.js';
import { FunctionsRegistry } from './functions.js';
import { callDepth } from '../server/dispatcher.js';
import * as E from '../errors.js';
import { parseI64Number } from '../protocol/ints.js';
import { registerFunctionNative } from './functions.js';
import { compatFunctions } from './compat.js';
import { sandboxFunctions } from './sandbox.js';
import { parseShebang } from './flags.js';
export { SCRIPT_FLAG_NAMES, emptyFlags, parseShebang } from './flags.js';

const HOOK_COUNT = 100000;

export interface CachedScript {
  body: string;
  /** Shebang flags; null for scripts without a shebang (compatibility mode). */
  flags: ScriptFlags | null;
  /** Registry reference of the compiled function, as the lua_Integer the C API takes. */
  ref: bigint;
}

/** Per-process pieces: the C function pointers, shared by every server's VMs. */
interface ProcessShared {
  natives: NativeTable;
  hook: number;
}
let shared: ProcessShared | null = null;

function processShared(mod: LuaModule): ProcessShared {
  if (shared !== null) return shared;
  const natives = createNatives(mod);
  natives.register_function = mod.cfunction(registerFunctionNative(mod));
  for (const [name, f] of Object.entries(compatFunctions(mod))) natives[name] = mod.cfunction(f);
  for (const [name, f] of Object.entries(sandboxFunctions(mod))) natives[name] = mod.cfunction(f);
  const hook = mod.hook((L1) => {
    const run = activeRun();
    if (run === null || run.vm === null) return;
    if (!run.timedOut) {
      if (run.elapsed() < run.threshold) return;
      run.engine.enterTimedOut(run);
    }
    if (run.canYield && L1 === run.vm.T && mod.x.lua_isyieldable(L1) !== 0) {
      run.hookYielded = true;
      mod.x.lua_yieldk(L1, 0, 0, 0);
    }
  });
  shared = { natives, hook };
  return shared;
}

function fakeSocket(): Socket {
  return { remoteAddress: undefined, remotePort: undefined, localAddress: undefined, localPort: undefined } as unknown as Socket;
}

export class ScriptingEngine {
  readonly rand = new Rand48();
  evalVM: LuaVM;
  readonly scripts = new Map<string, CachedScript>();
  /** Bytes of cached script bodies (INFO used_memory_scripts_eval). */
  scriptsBodyBytes = 0;
  readonly functions: FunctionsRegistry;
  /** The script client: runs redis.call commands, its writer records replies. */
  readonly fake: Client;
  /** The invocation in progress (synchronous, or suspended while busy). */
  current: ScriptRun | null = null;
  private readonly shared: ProcessShared;
  private readonly nresPtr: number;
  /** busy-reply-threshold, cached (read on every script start). */
  private threshold: number;

  constructor(readonly server: Server, readonly mod: LuaModule, readonly redisVersion: string) {
    this.shared = processShared(mod);
    this.threshold = server.config.num('busy-reply-threshold');
    server.config.onChange('busy-reply-threshold', (_n, v) => {
      this.threshold = v as number;
    });
    this.nresPtr = mod.x.malloc(4);
    this.evalVM = new LuaVM(mod, 'eval', this.shared.natives, redisVersion);
    this.functions = new FunctionsRegistry(this);
    const fake = new Client(server, fakeSocket());
    Object.defineProperty(fake, 'addr', { value: 'lua' });
    Object.defineProperty(fake, 'laddr', { value: 'lua' });
    (fake as { w: unknown }).w = new ReplyRecorder();
    fake.authenticated = true;
    fake.denyBlocking = true;
    fake.parser.authRequired = false;
    this.fake = fake;
  }

  get natives(): NativeTable {
    return this.shared.natives;
  }

  // ---------------------------------------------------------------- scripts

  /** Compiles and caches a script (luaCreateFunction); returns its sha or replies with the error. */
  createScript(c: Client | null, body: string): string | null {
    const sha = sha1hex(body);
    if (this.scripts.has(sha)) return sha;
    let flags: ScriptFlags | null = null;
    let code = body;
    if (body.startsWith('#!')) {
      const parsed = parseShebang(body);
      if (typeof parsed === 'string') {
        c?.error(parsed);
        return null;
      }
      flags = parsed.flags;
      code = body.slice(parsed.length);
    }
    const ref = this.evalVM.compile(code, '@user_script');
    if (typeof ref === 'string') {
      c?.error(E.scriptCompileError(ref));
      return null;
    }
    this.scripts.set(sha, { body, flags, ref: BigInt(ref) });
    this.scriptsBodyBytes += body.length;
    return sha;
  }

  /** SCRIPT FLUSH: a fresh Lua state, as Redis does. */
  flushScripts(): void {
    this.scripts.clear();
    this.scriptsBodyBytes = 0;
    const old = this.evalVM;
    this.evalVM = new LuaVM(this.mod, 'eval', this.shared.natives, this.redisVersion);
    old.close();
  }

  /** EVAL / EVALSHA / EVAL_RO / EVALSHA_RO. */
  eval(c: Client, argv: string[], evalsha: boolean, ro: boolean): void {
    const numkeys = parseNumkeys(c, argv, 2);
    if (numkeys === null) return;
    let sha: string;
    let script: CachedScript | undefined;
    if (evalsha) {
      sha = argv[1];
      script = sha.length === 40 ? this.scripts.get(sha) ?? this.scripts.get((sha = sha.toLowerCase())) : undefined;
      if (script === undefined) {
        c.error(E.NOSCRIPT);
        return;
      }
    } else {
      const created = this.createScript(c, argv[1]);
      if (created === null) return;
      sha = created;
      script = this.scripts.get(sha)!;
    }
    const run = this.prepare(c, argv, script.flags, ro, sha, true);
    if (run === null) return;
    const vm = this.evalVM;
    vm.pushEvalCall(script.ref, argv, 3, 3 + numkeys);
    this.start(run, vm, 3);
  }

  /**
   * scriptPrepareForRun: the flag checks that can refuse a script before it
   * starts, then the run context. Replies with the error and returns null
   * when refused.
   */
  prepare(c: Client, argv: string[], flags: ScriptFlags | null, ro: boolean, name: string, isEval: boolean): ScriptRun | null {
    const server = this.server;
    let oom = false;
    if (server.maxmemory !== 0 || server.heap.tripped) {
      const cmd = c.current ?? server.commands.lookup('eval')!;
      oom = server.writeRefusal(c, cmd) !== null;
    }
    if (flags !== null) {
      if (!flags.allowOom && oom) {
        c.error("OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'");
        return null;
      }
      if (!flags.noWrites && ro) {
        c.error(E.SCRIPT_WRITE_IN_RO);
        return null;
      }
    }
    const readOnly = ro || (flags !== null && flags.noWrites);
    const allowOom = flags !== null && flags.allowOom;
    const fake = this.fake;
    fake.db = c.db;
    fake.user = c.user;
    fake.w.resp = 2;
    (fake.w as ReplyRecorder).reset();
    return new ScriptRun(this, c, fake, name, isEval, readOnly, allowOom, oom, argv);
  }

  /** Starts a prepared run whose function and arguments are on vm.T. */
  start(run: ScriptRun, vm: LuaVM, nargs: number): void {
    run.vm = vm;
    run.nargs = nargs;
    run.threshold = this.threshold;
    run.canYield = callDepth() <= 1 && this.current === null;
    const prevCurrent = this.current;
    this.current = run;
    const x = this.mod.x;
    const hook = run.threshold > 0 ? this.shared.hook : 0;
    if (vm.hook !== hook) {
      if (hook !== 0) x.lua_sethook(vm.T, hook, LUA_MASKCOUNT, HOOK_COUNT);
      else x.lua_sethook(vm.T, 0, 0, 0);
      vm.hook = hook;
    }
    const st = this.resume(run);
    if (st === LUA_YIELD) {
      this.suspend(run);
      return;
    }
    this.current = prevCurrent;
    this.finish(run, st);
  }

  private resume(run: ScriptRun): number {
    const vm = run.vm!;
    const x = this.mod.x;
    const prev = setActiveRun(run);
    const ks = this.server.keyspace;
    const prevTime = ks.scriptTime;
    ks.scriptTime = run.snapshotMs;
    const fake = run.fake;
    const prevCaller = fake.scriptCaller;
    fake.scriptCaller = run.callerCall;
    let st: number;
    run.hookYielded = false;
    try {
      st = x.lua_resume(vm.T, vm.L, run.nargs, this.nresPtr);
    } finally {
      fake.scriptCaller = prevCaller;
      ks.scriptTime = prevTime;
      setActiveRun(prev);
    }
    run.nargs = 0;
    if (st === LUA_YIELD && !run.hookYielded) {
      // Only the busy hook may suspend a script (sandbox.ts refuses the
      // script's own yields from its thread): anything else ends it.
      x.lua_resetthread(vm.T);
      this.mod.pushString(vm.T, 'attempt to yield across metamethod/C-call boundary');
      return LUA_ERRRUN;
    }
    return st;
  }

  /** Called by the hook the first time a run passes busy-reply-threshold. */
  enterTimedOut(run: ScriptRun): void {
    run.timedOut = true;
    this.server.log.warn(
      { script: run.name },
      `Slow script detected: still in execution after ${Math.round(run.elapsed())} milliseconds. You can try killing the script using the ${run.isEval ? 'SCRIPT KILL' : 'FUNCTION KILL'} command.`,
    );
  }

  /** The script yielded (it is past the threshold): block its client, serve others with -BUSY, continue later. */
  private suspend(run: ScriptRun): void {
    const server = this.server;
    server.busyError = run.isEval ? E.SLOW_EVAL : E.SLOW_SCRIPT;
    const c = run.caller;
    run.wasSuspended = true;
    if (c.blocked === null) {
      c.blocked = {
        keys: [], db: c.db, deadline: 0, timer: null, cmdName: run.argv[0].toLowerCase(),
        type: 'script', cmd: null, argv: run.argv, execMs: 0,
        tryServe: () => false,
        onTimeout: () => {},
      };
    }
    setImmediate(() => this.continueRun(run));
  }

  private continueRun(run: ScriptRun): void {
    if (run.done) return;
    const st = this.resume(run);
    if (st === LUA_YIELD) {
      setImmediate(() => this.continueRun(run));
      return;
    }
    this.current = null;
    this.finish(run, st);
  }

  /** SCRIPT KILL / FUNCTION KILL. */
  kill(c: Client, isEval: boolean): void {
    const run = this.current;
    if (run === null || !run.timedOut || run.done) {
      c.error(E.NOTBUSY);
      return;
    }
    if (run.writeDirty) {
      c.error(E.UNKILLABLE);
      return;
    }
    if (isEval && !run.isEval) {
      c.error(E.SLOW_SCRIPT);
      return;
    }
    if (!isEval && run.isEval) {
      c.error(E.SLOW_EVAL);
      return;
    }
    run.killed = true;
    c.w.ok();
    if (!run.suspended()) return; // a synchronous run cannot be reached here
    this.server.log.warn('Lua script killed by user with SCRIPT KILL.');
    const vm = run.vm!;
    const where = userFrame(this.mod, vm.T);
    this.mod.x.lua_resetthread(vm.T);
    this.mod.x.lua_settop(vm.T, 0);
    this.current = null;
    let msg = E.SCRIPT_KILLED;
    if (where !== null) msg += ` script: ${run.name}, on ${where.source}:${where.line}.`;
    run.done = true;
    run.caller.error(E.sanitize(msg));
    this.ended(run, true);
  }

  /** Turns the finished coroutine's results into the caller's reply. */
  private finish(run: ScriptRun, st: number): void {
    const wasSuspended = run.suspended();
    run.done = true;
    this.reply(run, st);
    this.mod.x.lua_settop(run.vm!.T, 0);
    this.ended(run, wasSuspended);
  }

  /** Error replies produced while converting a result (counted unless the command already counted them). */
  private sinkClient: Client | null = null;
  private readonly errorSink = (msg: string, counted: boolean): void => {
    const c = this.sinkClient!;
    if (counted) this.countedError(c, msg);
    else c.error(msg);
  };

  /**
   * Replies an error a command inside the script already counted (Redis's
   * ERR_REPLY_FLAG_NO_STATS_UPDATE): not counted again, but the script's
   * command (EVAL, FCALL…) is failed.
   */
  private countedError(c: Client, msg: string): void {
    c.w.error(msg);
    const run = this.replying;
    if (run !== null) run.callerCall.cmd.stats.failed++;
  }

  /** The run whose result is being written as its caller's reply. */
  private replying: ScriptRun | null = null;

  /** Writes the result (or error) left on the script thread as the caller's reply. */
  private reply(run: ScriptRun, st: number): void {
    const T = run.vm!.T;
    const x = this.mod.x;
    const mod = this.mod;
    const c = run.caller;
    if (st !== LUA_OK) {
      const msg = mod.toString(T, -1) ?? 'execution failure';
      c.error(E.scriptRunError(run.name, msg));
      return;
    }
    // lua_resume's result count: a small non-negative int32, read without readInt32LE's argument checks
    const m = mod.mem();
    const np = this.nresPtr;
    const nres = m[np] | (m[np + 1] << 8) | (m[np + 2] << 16) | (m[np + 3] << 24);
    const ok = nres >= 1 && x.lua_toboolean(T, 1) !== 0;
    if (nres < 2) x.lua_pushnil(T);
    else x.lua_settop(T, 2);
    if (!ok) {
      const text = errorReplyText(mod, T, run.name);
      if (!raisedCounted(mod, T)) {
        c.error(text);
        return;
      }
      this.replying = run;
      this.countedError(c, text);
      this.replying = null;
      return;
    }
    // fast paths for the common scalar results
    const t = x.lua_type(T, -1);
    if (t === LUA_TNUMBER) {
      c.w.integer(doubleToLongLong(x.lua_tonumberx(T, -1, 0)));
      return;
    }
    if (t === LUA_TSTRING) {
      c.w.bulk(mod.toString(T, -1)!);
      return;
    }
    this.sinkClient = c;
    this.replying = run;
    replyFromLua(mod, T, c.w, run.fake.w.resp, this.errorSink);
    this.replying = null;
    this.sinkClient = null;
  }

  /** After the reply: clear the busy state, unblock a suspended caller and let it go on. */
  private ended(run: ScriptRun, wasSuspended: boolean): void {
    if (run.timedOut) this.server.busyError = null;
    if (wasSuspended) {
      const c = run.caller;
      c.blocked = null;
      if (!c.closed) {
        c.processInput();
        c.flush();
      }
    }
  }

  /** INFO: number_of_cached_scripts. */
  get numberOfCachedScripts(): number {
    return this.scripts.size;
  }

  /** INFO: used_memory_lua / used_memory_vm_eval (the EVAL interpreter's heap). */
  usedMemoryLua(): number {
    return this.evalVM.memory();
  }

  /** INFO: used_memory_scripts_eval (cached script bodies plus per-entry overhead). */
  usedMemoryScriptsEval(): number {
    return this.scriptsBodyBytes + this.scripts.size * 96;
  }

  /** INFO: used_memory_vm_functions (the FUNCTION interpreter's heap). */
  usedMemoryVmFunctions(): number {
    return this.functions.vm.memory();
  }

  /** INFO: number_of_functions / number_of_libraries. */
  get numberOfFunctions(): number {
    return this.functions.functions.size;
  }

  get numberOfLibraries(): number {
    return this.functions.libraries.size;
  }

  close(): void {
    // A suspended script stops here (its slices check `done`).
    const run = this.current;
    if (run !== null) run.done = true;
    this.current = null;
    if (this.server.busyError !== null) this.server.busyError = null;
    this.evalVM.close();
    this.functions.close();
  }
}

/** The user's frame nearest the top of a suspended thread (skipping C and prelude frames). */
function userFrame(mod: LuaModule, T: number): { source: string; line: number } | null {
  for (let level = 0; level < 200; level++) {
    const info = mod.frameInfo(T, level);
    if (info === null) return null;
    if (info.what === 'C' || info.source === PRELUDE_SOURCE) continue;
    return { source: info.source, line: info.line };
  }
  return null;
}

/** The reply text for a failed script: the error table at the top of L. */
function errorReplyText(mod: LuaModule, L: number, name: string): string {
  const x = mod.x;
  if (x.lua_type(L, -1) !== LUA_TTABLE) {
    const msg = mod.toString(L, -1) ?? 'execution failure';
    return E.scriptRunError(name, msg);
  }
  const field = (k: string): string | null => {
    const t = x.lua_getfield(L, -1, mod.cstr(k));
    const v = t === LUA_TSTRING || t === LUA_TNUMBER ? mod.toString(L, -1) : null;
    x.lua_settop(L, -2);
    return v;
  };
  const msg = field('err') ?? E.UNKNOWN_ERROR;
  const source = field('source');
  const line = field('line');
  let text = msg;
  if (source !== null && line !== null) text += ` script: ${name}, on ${source}:${line}.`;
  return E.sanitize(text);
}

/** The raised error is a table a redis.call error made (the command already counted it). */
function raisedCounted(mod: LuaModule, L: number): boolean {
  const x = mod.x;
  if (x.lua_type(L, -1) !== LUA_TTABLE) return false;
  x.lua_getfield(L, -1, mod.cstr('ignore_error_stats_update'));
  const counted = x.lua_toboolean(L, -1) !== 0;
  x.lua_settop(L, -2);
  return counted;
}

export function sha1hex(s: string): string {
  return createHash('sha1').update(s, 'latin1').digest('hex');
}

/** Parses `numkeys` at argv[idx] with EVAL's checks; replies and returns null on error. */
export function parseNumkeys(c: Client, argv: string[], idx: number, notInt = E.NOT_INTEGER): number | null {
  const n = parseI64Number(argv[idx]);
  if (n === null) {
    c.error(notInt);
    return null;
  }
  if (n > argv.length - idx - 1) {
    c.error(E.NUMKEYS_TOO_MANY);
    return null;
  }
  if (n < 0) {
    c.error(E.NUMKEYS_NEGATIVE);
    return null;
  }
  return n;
}

