/**
 * One script invocation (EVAL or FCALL) and the commands it runs through
 * redis.call: Redis's scriptCall checks (known command, arity, not denied
 * in scripts, ACL, read-only runs, OOM) in Redis's order, then the normal
 * `call()` of the dispatcher on the script's fake client, whose
 * ReplyRecorder captures the reply as a value.
 */
import { stampClock } from '../server/clock.js';
import type { Client, ScriptCaller } from '../server/client.js';
import type { CommandSpec } from '../catalog/spec.js';
import { F_NOSCRIPT, F_WRITE, F_DENYOOM } from '../catalog/spec.js';
import { call, attributeError } from '../server/dispatcher.js';
import type { ReplyRecorder, ReplyValue } from './recorder.js';
import type { ScriptingEngine } from './engine.js';
import type { LuaVM } from './vm.js';
import * as E from '../errors.js';

export type { ScriptFlags } from './flags.js';

export class ScriptRun {
  /** Write commands ran: SCRIPT KILL is refused from now on. */
  writeDirty = false;
  killed = false;
  /** Past busy-reply-threshold: other clients get -BUSY. */
  timedOut = false;
  readonly startMs = performance.now();
  /** Wall clock at start: keys expire against this time during the run. */
  readonly snapshotMs = Date.now();
  readonly recorder: ReplyRecorder;
  /** The VM and thread running it, set when it starts. */
  vm: LuaVM | null = null;
  /** Arguments waiting on the thread for the first resume. */
  nargs = 0;
  /** busy-reply-threshold (ms) at start; 0 disables the hook. */
  threshold = 0;
  /** May be suspended (its EVAL came straight from a client, not EXEC or a script). */
  canYield = false;
  /** Set by the busy hook as it suspends the script (any other yield of its thread is refused). */
  hookYielded = false;
  /** Suspended at least once: its client is blocked until it ends. */
  wasSuspended = false;
  done = false;

  constructor(
    readonly engine: ScriptingEngine,
    readonly caller: Client,
    readonly fake: Client,
    /** The sha (EVAL) or function name (FCALL) shown in errors. */
    readonly name: string,
    readonly isEval: boolean,
    readonly readOnly: boolean,
    readonly allowOom: boolean,
    /** maxmemory was exceeded when the script started. */
    readonly oom: boolean,
    /** The command that started the run (FUNCTION STATS shows it). */
    readonly argv: string[],
  ) {
    this.recorder = fake.w as ReplyRecorder;
    this.callerCall = { client: caller, cmd: caller.current ?? caller.server.commands.lookup(argv[0])!, argv };
  }

  /** The caller and its EVAL/FCALL, put on the fake client while the script runs. */
  readonly callerCall: ScriptCaller;

  suspended(): boolean {
    return this.wasSuspended;
  }

  /** Elapsed milliseconds since the start. */
  elapsed(): number {
    return performance.now() - this.startMs;
  }
}

/** The result of a redis.call: a reply value, or a script-level error text (no reply). */
export type CallResult = { value: ReplyValue } | { err: string };

function lookupScriptCommand(c: Client, argv: string[]): CommandSpec | string {
  let cmd = c.server.commands.lookup(argv[0]);
  if (cmd === undefined) return catalogCheck(c, argv);
  if (cmd.subcommands.size !== 0 && argv.length >= 2) {
    const sub = cmd.subcommands.get(argv[1].toLowerCase());
    if (sub === undefined) return catalogCheck(c, argv);
    cmd = sub;
  }
  if ((cmd.arity > 0 && cmd.arity !== argv.length) || argv.length < -cmd.arity) {
    return E.SCRIPT_WRONG_ARITY;
  }
  if (cmd.handler === null && cmd.subcommands.size === 0) return E.SCRIPT_UNKNOWN_COMMAND;
  return cmd;
}

/** The command `argv` names when only its arity was wrong (rejected calls are counted on it). */
function knownCommand(c: Client, argv: string[]): CommandSpec | null {
  let cmd = c.server.commands.lookup(argv[0]);
  if (cmd === undefined) return null;
  if (cmd.subcommands.size !== 0 && argv.length >= 2) cmd = cmd.subcommands.get(argv[1].toLowerCase());
  return cmd ?? null;
}

/**
 * Commands respd does not implement (yet) are still judged by Redis's facts,
 * so a script gets Redis's arity and "not allowed from script" errors for them.
 */
function catalogCheck(c: Client, argv: string[]): string {
  const table = c.server.commands;
  let spec = argv[0].includes('|') ? undefined : table.find(argv[0]);
  if (spec !== undefined && argv.length >= 2 && spec.children.length !== 0) spec = table.find(`${argv[0]}|${argv[1]}`);
  if (spec === undefined) return E.SCRIPT_UNKNOWN_COMMAND;
  if ((spec.arity > 0 && spec.arity !== argv.length) || argv.length < -spec.arity) {
    return E.SCRIPT_WRONG_ARITY;
  }
  if (spec.has(F_NOSCRIPT)) return E.SCRIPT_NOT_ALLOWED;
  return E.SCRIPT_UNKNOWN_COMMAND;
}

/** Maps the dispatcher's NOPERM text to the wording Redis uses inside scripts. */
function aclScriptError(denied: string): string {
  if (denied.includes('channel')) return E.SCRIPT_ACL_CHANNEL;
  if (denied.includes('key')) return E.SCRIPT_ACL_KEY;
  if (denied.includes('command')) return E.SCRIPT_ACL_COMMAND;
  return E.SCRIPT_ACL_OTHER;
}

/**
 * A redis.call refused before running (scriptCall's error path): counted as
 * an error reply (code ERR unless the text carries one) and as a rejected
 * call of the command when it is known, as Redis does.
 */
function refuse(run: ScriptRun, cmd: CommandSpec | null, err: string): CallResult {
  run.fake.server.stats.countError(err.startsWith('-') ? err.slice(1) : E.errPrefix(err));
  attributeError(); // the script's own command is not failed by it
  if (cmd !== null) cmd.stats.rejected++;
  return { err };
}

/** Runs one redis.call/pcall command for `run`. */
export function scriptCall(run: ScriptRun, argv: string[]): CallResult {
  const fake = run.fake;
  const found = lookupScriptCommand(fake, argv);
  if (typeof found === 'string') return refuse(run, knownCommand(fake, argv), found);
  const cmd = found;
  const flags = cmd.flags;
  if ((flags & F_NOSCRIPT) !== 0) return refuse(run, cmd, E.SCRIPT_NOT_ALLOWED);
  const server = fake.server;
  const denied = server.acl.check(fake, cmd, argv, run.caller);
  if (denied !== null) return refuse(run, cmd, aclScriptError(denied));
  if ((flags & F_WRITE) !== 0 && run.readOnly) return refuse(run, cmd, E.SCRIPT_WRITE_IN_READONLY);
  if (!run.allowOom && run.oom && !run.writeDirty && (flags & F_DENYOOM) !== 0 && server.maxmemory !== 0) {
    return refuse(run, cmd, "-OOM command not allowed when used memory > 'maxmemory'.");
  }
  if ((flags & F_WRITE) !== 0) run.writeDirty = true;
  const rec = run.recorder;
  rec.reset();
  stampClock(); // time the inner command alone, not the Lua code before it
  call(fake, cmd, argv);
  const v = rec.value;
  rec.reset();
  return { value: v === undefined ? null : v };
}
