/**
 * Scripting commands: EVAL/EVALSHA (+ _RO), SCRIPT *, FUNCTION *, FCALL
 * (+ _RO). The engine (src/scripting/) is loaded per server on first need
 * (scripting/lazy.ts): commands that need it are held until it is ready,
 * the others answer from the empty state while there is none.
 */
import { command, type CommandDef, type CommandSpec } from '../catalog/spec.js';
import type { Server } from '../server/server.js';
import { evalCommandFlags, scriptCommandFlags } from '../scripting/flags.js';
import type { Client } from '../server/client.js';
import type { ScriptingEngine } from '../scripting/engine.js';
import { engineOf, noEngineError } from '../scripting/lazy.js';
import { dumpPayload } from '../scripting/payload.js';
import { is } from './args.js';
import { stringMatch } from '../keyspace/glob.js';
import * as E from '../errors.js';

/**
 * EVAL and FCALL take the flags their script declares (Redis's
 * getCommandFlags), so gates like CLIENT PAUSE WRITE let a no-writes script
 * through. A script or function the engine does not know (or no engine yet)
 * leaves the command's own flags.
 */
export function installScriptCommandFlags(server: Server): void {
  type FlagsFor = (c: Client, argv: string[]) => number;
  const evalFlags = (cmd: CommandSpec): FlagsFor => (_c, argv) => evalCommandFlags(cmd.flags, argv[1]);
  const evalshaFlags = (cmd: CommandSpec): FlagsFor => (c, argv) => {
    const sha = argv[1];
    const script = sha.length === 40 ? engineOf(c.server)?.scripts.get(sha.toLowerCase()) : undefined;
    return script === undefined || script.flags === null ? cmd.flags : scriptCommandFlags(cmd.flags, script.flags);
  };
  const fcallFlags = (cmd: CommandSpec): FlagsFor => (c, argv) => {
    const f = engineOf(c.server)?.functions.functions.get(argv[1]);
    return f === undefined ? cmd.flags : scriptCommandFlags(cmd.flags, f.flags);
  };
  const install = (name: string, make: (cmd: CommandSpec) => FlagsFor) => {
    const cmd = server.commands.lookup(name)!;
    cmd.flagsFor = make(cmd);
  };
  install('eval', evalFlags);
  install('eval_ro', evalFlags);
  install('evalsha', evalshaFlags);
  install('evalsha_ro', evalshaFlags);
  install('fcall', fcallFlags);
  install('fcall_ro', fcallFlags);
}

/**
 * The engine for a command that needs it. The dispatcher held the client
 * until it was loaded, so it is missing only when loading failed: replies
 * with that error and returns null.
 */
function needEngine(c: Client): ScriptingEngine | null {
  const engine = engineOf(c.server);
  if (engine === null) c.error(noEngineError(c.server));
  return engine;
}

function feedMonitors(c: Client, argv: string[]): void {
  // EVAL, EVALSHA and FCALL are skip-monitor: Redis shows them before the commands they run.
  if (c.server.monitors.size !== 0) c.server.feedMonitors(c, argv);
}

const evalCmd = (evalsha: boolean, ro: boolean) => (c: Client, argv: string[]) => {
  feedMonitors(c, argv);
  // Scripts are replicated by their effects: the commands they ran, wrapped in MULTI/EXEC.
  c.server.propagation.prevent();
  needEngine(c)?.eval(c, argv, evalsha, ro);
};

const fcallCmd = (ro: boolean) => (c: Client, argv: string[]) => {
  feedMonitors(c, argv);
  c.server.propagation.prevent();
  needEngine(c)?.functions.fcall(c, argv, ro);
};

const SCRIPT_HELP = [
  'SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
  'HELP',
  '    Prints this help.',
];

const FUNCTION_HELP = [
  'FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
  'HELP',
  '    Prints this help.',
];

function help(c: Client, lines: string[]): void {
  c.w.array(lines.length);
  for (const l of lines) c.w.simple(l);
}

/** FLUSH [ASYNC|SYNC]: true when the arguments are valid. */
function flushMode(argv: string[]): boolean {
  if (argv.length === 2) return true;
  if (argv.length === 3) return is(argv[2], 'ASYNC') || is(argv[2], 'SYNC');
  return false;
}

function scriptLoad(c: Client, argv: string[]): void {
  const engine = needEngine(c);
  if (engine === null) return;
  const sha = engine.createScript(c, argv[2]);
  if (sha !== null) c.w.bulk(sha);
}

function scriptExists(c: Client, argv: string[]): void {
  const scripts = engineOf(c.server)?.scripts;
  c.w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.w.integer(scripts?.has(argv[i].toLowerCase()) ? 1 : 0);
}

function scriptFlush(c: Client, argv: string[]): void {
  if (!flushMode(argv)) {
    c.error(E.SCRIPT_FLUSH_OPTION);
    return;
  }
  engineOf(c.server)?.flushScripts();
  c.w.ok();
}

function scriptKill(c: Client): void {
  kill(c, true);
}

/** SCRIPT KILL / FUNCTION KILL: nothing can be running without an engine. */
function kill(c: Client, isEval: boolean): void {
  const engine = engineOf(c.server);
  if (engine === null) c.error(E.NOTBUSY);
  else engine.kill(c, isEval);
}

function scriptDebug(c: Client, argv: string[]): void {
  if (is(argv[2], 'NO')) {
    c.w.ok();
    return;
  }
  if (is(argv[2], 'YES') || is(argv[2], 'SYNC')) {
    c.error(E.SCRIPT_DEBUG_UNSUPPORTED);
    return;
  }
  c.error(E.SCRIPT_DEBUG_SYNTAX);
}

function functionLoad(c: Client, argv: string[]): void {
  let replace = false;
  for (let i = 2; i < argv.length - 1; i++) {
    if (is(argv[i], 'REPLACE')) replace = true;
    else {
      c.error(E.unknownOptionGiven(argv[i]));
      return;
    }
  }
  const engine = needEngine(c);
  if (engine === null) return;
  const res = engine.functions.load(argv[argv.length - 1], replace);
  if (typeof res === 'string') {
    c.server.keyspace.dirty++; // the library set is part of the dataset: propagated
    c.w.bulk(res);
  } else c.error(E.errPrefix(res.error));
}

function functionDelete(c: Client, argv: string[]): void {
  if (engineOf(c.server)?.functions.delete(argv[2])) {
    c.server.keyspace.dirty++;
    c.w.ok();
  } else c.error(E.LIBRARY_NOT_FOUND);
}

function functionFlush(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.error(E.subcommandSyntax(argv[1], 'function'));
    return;
  }
  if (!flushMode(argv)) {
    c.error(E.FUNCTION_FLUSH_OPTION);
    return;
  }
  engineOf(c.server)?.functions.flush();
  c.server.keyspace.dirty++;
  c.w.ok();
}

function functionList(c: Client, argv: string[]): void {
  let withCode = false;
  let pattern: string | null = null;
  for (let i = 2; i < argv.length; i++) {
    if (is(argv[i], 'WITHCODE') && !withCode) {
      withCode = true;
    } else if (is(argv[i], 'LIBRARYNAME') && pattern === null) {
      if (i + 1 >= argv.length) {
        c.error(E.LIBRARY_NAME_MISSING);
        return;
      }
      pattern = argv[++i];
    } else {
      c.error(E.unknownArgument(argv[i]));
      return;
    }
  }
  const engine = engineOf(c.server);
  if (engine === null) c.w.array(0);
  else engine.functions.list(c, pattern, withCode, (p, s) => stringMatch(p, s));
}

function functionDump(c: Client): void {
  c.w.bulk(engineOf(c.server)?.functions.dump() ?? dumpPayload([]));
}

function functionRestore(c: Client, argv: string[]): void {
  if (argv.length > 4) {
    c.error(E.subcommandSyntax(argv[1], 'function'));
    return;
  }
  let policy: 'FLUSH' | 'APPEND' | 'REPLACE' = 'APPEND';
  if (argv.length === 4) {
    const p = argv[3].toUpperCase();
    if (p !== 'FLUSH' && p !== 'APPEND' && p !== 'REPLACE') {
      c.error(E.RESTORE_POLICY);
      return;
    }
    policy = p;
  }
  const engine = needEngine(c);
  if (engine === null) return;
  const err = engine.functions.restore(argv[2], policy);
  if (err === null) {
    c.server.keyspace.dirty++;
    c.w.ok();
  } else c.error(E.errPrefix(err));
}

function functionStats(c: Client): void {
  const engine = engineOf(c.server);
  const running = engine?.current ?? null;
  if (running !== null && !running.done && running.isEval && running.timedOut) {
    c.error(E.SLOW_EVAL);
    return;
  }
  const w = c.w;
  w.map(2);
  w.bulk('running_script');
  const run = running;
  if (run === null || run.done || run.isEval) {
    w.nil();
  } else {
    w.map(3);
    w.bulk('name');
    w.bulk(run.name);
    w.bulk('command');
    w.bulkArray(run.argv);
    w.bulk('duration_ms');
    w.integer(Math.floor(run.elapsed()));
  }
  w.bulk('engines');
  w.map(1);
  w.bulk('LUA');
  w.map(2);
  w.bulk('libraries_count');
  w.integer(engine?.functions.libraries.size ?? 0);
  w.bulk('functions_count');
  w.integer(engine?.functions.functions.size ?? 0);
}

function functionKill(c: Client): void {
  kill(c, false);
}

export const scriptingCommands: CommandDef[] = [
  command('eval', evalCmd(false, false)),
  command('evalsha', evalCmd(true, false)),
  command('eval_ro', evalCmd(false, true)),
  command('evalsha_ro', evalCmd(true, true)),
  command('fcall', fcallCmd(false)),
  command('fcall_ro', fcallCmd(true)),
  command('script|load', scriptLoad),
  command('script|exists', scriptExists),
  command('script|flush', scriptFlush),
  command('script|kill', scriptKill),
  command('script|debug', scriptDebug),
  command('script|help', (c) => help(c, SCRIPT_HELP)),
  command('function|load', functionLoad),
  command('function|delete', functionDelete),
  command('function|flush', functionFlush),
  command('function|list', functionList),
  command('function|dump', functionDump),
  command('function|restore', functionRestore),
  command('function|stats', functionStats),
  command('function|kill', functionKill),
  command('function|help', (c) => help(c, FUNCTION_HELP)),
];
