/**
 * The Lua engine, loaded on first need.
 *
 * A ScriptingEngine (wasmoon's WebAssembly module plus the EVAL and
 * FUNCTION interpreters) costs about 19 MB of RSS, which a server that
 * never runs a script should not pay. So nothing of it is loaded at
 * startup (not even the modules: see the dynamic imports below), and:
 *
 * - A command that needs the engine (`ENGINE_COMMANDS`) arriving before it
 *   is ready starts the load (once per server; the WebAssembly module once
 *   per process) and holds its client as CLIENT PAUSE does (pause.ts
 *   holdClient): that command and everything the client sent after it
 *   wait, other clients go on. When the engine is ready, held clients
 *   resume in arrival order.
 * - Queued inside MULTI, such a command only starts the load; EXEC waits
 *   while the load is in flight, so the transaction still runs atomically.
 * - Commands that only read the engine's state (SCRIPT EXISTS, FUNCTION
 *   LIST/STATS/DUMP…) answer from the empty state without loading it, and
 *   INFO reports Redis's numbers for untouched interpreters (memoryInfo).
 * - If loading fails, the held commands (and whatever their clients sent
 *   after them) reply with the error; the next such command tries again.
 *
 * The dispatcher calls the gates through CommandSpec.hold; once the engine
 * is ready the gates are removed, so the request path pays nothing.
 */
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import type { CommandSpec } from '../catalog/spec.js';
import type { ScriptingEngine } from './engine.js';
import { holdClient, resumeHeld } from '../server/pause.js';
import { luaInitError } from '../errors.js';

/** Commands that cannot run without the engine (compiling or running Lua). */
export const ENGINE_COMMANDS = [
  'eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro',
  'script|load', 'function|load', 'function|restore',
];

/** Makes a server's engine once the process-wide parts are loaded. */
export type EngineMaker = (server: Server) => ScriptingEngine;

/** Loads the process-wide parts (the engine's modules, the Lua WebAssembly module). */
export async function loadEngineParts(): Promise<EngineMaker> {
  const [{ ScriptingEngine }, { loadLuaModule }, { REDIS_VERSION }] = await Promise.all([
    import('./engine.js'),
    import('./wasm.js'),
    import('../server/server.js'),
  ]);
  const mod = await loadLuaModule();
  return (server) => new ScriptingEngine(server, mod, REDIS_VERSION);
}

let loadParts: () => Promise<EngineMaker> = loadEngineParts;

/** Tests: replace how the engine is loaded (null restores the real loader). */
export function setEngineLoaderForTests(fn: (() => Promise<EngineMaker>) | null): void {
  loadParts = fn ?? loadEngineParts;
}

class LazyEngine {
  engine: ScriptingEngine | null = null;
  /** The load in flight, if any. */
  private pending: Promise<void> | null = null;
  /** Clients waiting for the engine, in arrival order. */
  private readonly held = new Set<Client>();
  /** While the clients held by a failed load are answered: their error reply. */
  failure: string | null = null;
  private readonly gated: CommandSpec[] = [];
  private readonly engineCmds = new Set<CommandSpec>();

  constructor(readonly server: Server) {
    server.clientCloseHooks.push((c) => this.held.delete(c));
    const gate = (c: Client, argv: string[]) => this.holdCommand(c, argv);
    for (const name of ENGINE_COMMANDS) {
      const cmd = lookupSpec(server, name);
      cmd.hold = gate;
      this.gated.push(cmd);
      this.engineCmds.add(cmd);
    }
    const exec = lookupSpec(server, 'exec');
    exec.hold = (c, argv) => this.holdExec(c, argv);
    this.gated.push(exec);
  }

  get loading(): boolean {
    return this.pending !== null;
  }

  /** Starts loading unless the engine is ready or already loading; resolves when settled. */
  load(): Promise<void> {
    if (this.engine !== null) return Promise.resolve();
    if (this.pending === null) {
      const p = loadParts()
        .then(
          (make) => this.loaded(make),
          (err: unknown) => this.failed(err),
        )
        // resuming clients runs their commands: a bug there must not become an unhandled rejection
        .catch((err: unknown) => this.server.log.error({ err }, 'resuming clients after loading the Lua engine failed'));
      this.pending = p;
    }
    return this.pending;
  }

  /** Gate of ENGINE_COMMANDS: true when the client must wait for the engine. */
  private holdCommand(c: Client, argv: string[]): boolean {
    if (this.engine !== null || this.failure !== null) return false;
    void this.load();
    if (c.multi !== null) return false; // queued: EXEC waits instead
    holdClient(c, argv, this.held);
    return true;
  }

  /** Gate of EXEC: waits while the load its queued commands started is in flight. */
  private holdExec(c: Client, argv: string[]): boolean {
    if (this.engine !== null || this.failure !== null || c.multi === null || c.multi.dirty) return false;
    if (!c.multi.queue.some((q) => this.engineCmds.has(q.cmd))) return false;
    void this.load();
    holdClient(c, argv, this.held);
    return true;
  }

  private loaded(make: EngineMaker): void {
    const server = this.server;
    if (server.shuttingDown) {
      // close() came first: its clients are gone and no engine is wanted any more.
      this.pending = null;
      this.held.clear();
      return;
    }
    let engine: ScriptingEngine;
    try {
      engine = make(server);
    } catch (err) {
      this.failed(err);
      return;
    }
    this.pending = null;
    this.engine = engine;
    server.services.scripting = engine;
    server.shutdownHooks.push(() => engine.close());
    for (const cmd of this.gated) cmd.hold = null;
    resumeHeld(this.held);
  }

  private failed(err: unknown): void {
    this.pending = null;
    const server = this.server;
    if (server.shuttingDown) {
      this.held.clear();
      return;
    }
    const reason = err instanceof Error ? err.message : String(err);
    server.log.error({ err }, 'could not load the Lua engine');
    this.failure = luaInitError(reason);
    try {
      resumeHeld(this.held);
    } finally {
      this.failure = null;
    }
  }
}

function lookupSpec(server: Server, name: string): CommandSpec {
  const [container, sub] = name.split('|');
  const base = server.commands.lookup(container);
  const cmd = sub === undefined ? base : base?.subcommands.get(sub);
  if (cmd === undefined) throw new Error(`no command ${name}`);
  return cmd;
}

declare module '../server/server.js' {
  interface Services {
    /** Loads the Lua engine on first use and holds commands meanwhile. */
    lazyEngine: LazyEngine;
    /** The Lua engine once loaded. */
    scripting: ScriptingEngine;
  }
}

function lazyOf(server: Server): LazyEngine | undefined {
  return server.services.lazyEngine;
}

/** Installs the gates on a server's commands (at start; the engine itself waits for its first use). */
export function installLazyEngine(server: Server): void {
  if (lazyOf(server) === undefined) server.services.lazyEngine = new LazyEngine(server);
}

/** The server's engine, or null while it has not been loaded. */
export function engineOf(server: Server): ScriptingEngine | null {
  return server.services.scripting ?? null;
}

/** Whether the engine is being loaded right now. */
export function engineLoading(server: Server): boolean {
  return lazyOf(server)?.loading ?? false;
}

/**
 * Loads the engine now (embedding, tests, eager use); resolves once it is
 * ready, rejects with the reason when loading failed.
 */
export async function loadEngine(server: Server): Promise<ScriptingEngine> {
  installLazyEngine(server);
  await lazyOf(server)!.load();
  const engine = engineOf(server);
  if (engine === null) throw new Error('the Lua engine could not be loaded');
  return engine;
}

/** The error a command that needs the engine replies when it has none (failed load). */
export function noEngineError(server: Server): string {
  return lazyOf(server)?.failure ?? luaInitError('not loaded');
}

/** INFO's scripting memory figures. */
export interface ScriptingMemory {
  /** used_memory_lua / used_memory_vm_eval */
  vmEval: number;
  /** used_memory_scripts_eval */
  scriptsEval: number;
  numberOfCachedScripts: number;
  numberOfFunctions: number;
  numberOfLibraries: number;
  /** used_memory_vm_functions */
  vmFunctions: number;
  /** used_memory_functions */
  functions: number;
}

/**
 * Redis 7.0's figures for interpreters nothing has run in yet: a server
 * without an engine reports them, as it would after loading one and running
 * nothing.
 */
const IDLE_MEMORY: ScriptingMemory = {
  vmEval: 32768,
  scriptsEval: 0,
  numberOfCachedScripts: 0,
  numberOfFunctions: 0,
  numberOfLibraries: 0,
  vmFunctions: 33792,
  functions: 200,
};

export function scriptingMemory(server: Server): ScriptingMemory {
  const e = engineOf(server);
  if (e === null) return IDLE_MEMORY;
  return {
    vmEval: e.usedMemoryLua(),
    scriptsEval: e.usedMemoryScriptsEval(),
    numberOfCachedScripts: e.numberOfCachedScripts,
    numberOfFunctions: e.numberOfFunctions,
    numberOfLibraries: e.numberOfLibraries,
    vmFunctions: e.usedMemoryVmFunctions(),
    functions: e.functions.memoryOverhead(),
  };
}
