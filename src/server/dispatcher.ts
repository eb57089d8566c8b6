/**
 * The dispatch pipeline every command passes through, in Redis's order:
 * lookup (case-insensitive, subcommands) → arity → transaction guards →
 * authentication → ACL → memory → pub/sub context → MULTI queueing →
 * execute → statistics. Keeping it in one function means every feature
 * (stats, MONITOR, ACL, transactions) sees every command.
 */
import type { Client } from './client.js';
import type { CommandSpec } from '../catalog/spec.js';
import { F_NO_AUTH, F_NO_MULTI, F_DENYOOM, F_WRITE, F_LOADING, F_SKIP_MONITOR, F_ADMIN, F_PROTECTED, F_READONLY, F_MAY_REPLICATE, F_ALLOW_BUSY } from '../catalog/spec.js';
import * as E from '../errors.js';
import { execAbort } from './multi.js';
import { postponeForPause } from './pause.js';
import { clock, monotonicMs } from './clock.js';

/** Commands that still run while a client is inside MULTI instead of being queued. */
const TX_CONTROL = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);
/** Commands a client in MULTI may still send when memory is over maxmemory. */
const OOM_EXEMPT_IN_MULTI = new Set(['exec', 'discard', 'quit', 'reset']);
/** Commands allowed in a RESP2 subscribed context. */
const PUBSUB_ALLOWED = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);

export function lookupCommand(c: Client, argv: string[]): CommandSpec | string {
  let cmd = c.server.commands.lookup(argv[0]);
  if (cmd === undefined) return E.unknownCommand(argv);
  if (cmd.subcommands.size !== 0 && argv.length >= 2) {
    const sub = cmd.subcommands.get(argv[1].toLowerCase());
    if (sub === undefined) return E.unknownSubcommand(argv[0], argv[1]);
    cmd = sub;
  }
  if ((cmd.arity > 0 && cmd.arity !== argv.length) || argv.length < -cmd.arity) {
    cmd.stats.rejected++;
    return E.wrongArity(cmd.fullName);
  }
  return cmd;
}

/** Rejects a command before execution: counted, and poisons an open MULTI. */
export function reject(c: Client, msg: string, cmd?: CommandSpec): void {
  if (cmd !== undefined) cmd.stats.rejected++;
  if (c.multi !== null) c.multi.dirty = true;
  // A rejected EXEC ends the transaction with the reason (execCommandAbort).
  if (cmd !== undefined && cmd.name === 'exec' && cmd.parent === null) execAbort(c, msg, dispatching);
  else c.error(msg);
}

/** The argv being dispatched, for rejections that echo it (EXEC's abort feeds MONITOR). */
let dispatching: string[] = [];

/**
 * Runs one command sent by the client. CLIENT REPLY OFF keeps the writer
 * disabled; CLIENT REPLY SKIP disables it for exactly the next command,
 * whatever happens to it (rejected, queued or executed).
 */
export function dispatch(c: Client, argv: string[]): void {
  if (c.replyMode === 'on') {
    dispatchCommand(c, argv);
    return;
  }
  if (c.replyMode === 'skip') c.replyMode = 'on';
  dispatchCommand(c, argv);
  c.w.enabled = c.replyMode === 'on';
}

function dispatchCommand(c: Client, argv: string[]): void {
  dispatching = argv;
  const server = c.server;
  const found = lookupCommand(c, argv);
  if (typeof found === 'string') {
    c.lastCmd = knownCommandName(c, argv);
    if (c.multi !== null) c.multi.dirty = true;
    if (argv[0].length === 4 && argv[0].toLowerCase() === 'exec') execAbort(c, found, argv);
    else c.error(found);
    return;
  }
  const cmd = found;
  const flags = cmd.flags;
  c.lastCmd = cmd.fullName;
  if ((flags & F_PROTECTED) !== 0 && !protectedAllowed(c, cmd)) {
    reject(c, cmd.name === 'debug' ? E.protectedCommand('DEBUG', 'enable-debug-command') : E.protectedCommand('MODULE', 'enable-module-command'), cmd);
    return;
  }
  if (c.multi !== null && (flags & F_NO_MULTI) !== 0) {
    reject(c, E.NOT_ALLOWED_IN_MULTI, cmd);
    return;
  }
  if (!c.authenticated && (flags & F_NO_AUTH) === 0) {
    server.stats.noauthRejected++;
    reject(c, E.NOAUTH, cmd);
    return;
  }
  const denied = server.acl.check(c, cmd, argv);
  if (denied !== null) {
    reject(c, denied, cmd);
    return;
  }
  if (server.maxmemory !== 0 || server.heap.tripped) {
    // Queuing inside MULTI may use unbounded memory, so over the limit any queued command is
    // refused too, as in Redis (EXEC re-checks its own denyoom commands when it runs).
    const queuing = c.multi !== null && !OOM_EXEMPT_IN_MULTI.has(cmd.parent?.name ?? cmd.name);
    if ((flags & (F_DENYOOM | F_WRITE)) !== 0 || queuing) {
      const oom = server.writeRefusal(c, cmd);
      if (oom !== null && ((flags & F_DENYOOM) !== 0 || queuing)) {
        reject(c, oom, cmd);
        return;
      }
    }
  }
  if ((c.monitor || c.kind === 'replica') && (flags & (F_WRITE | F_READONLY | F_MAY_REPLICATE)) !== 0) {
    reject(c, E.REPLICA_KEYSPACE, cmd);
    return;
  }
  if (c.resp === 2 && c.channels !== null && isSubscribed(c) && !PUBSUB_ALLOWED.has(cmd.parent?.name ?? cmd.name)) {
    reject(c, E.notAllowedSubscribed(cmd.fullName), cmd);
    return;
  }
  if ((c.monitor || c.kind === 'replica') && touchesKeyspace(c, cmd)) {
    reject(c, E.REPLICA_KEYSPACE, cmd);
    return;
  }
  if ((flags & F_LOADING) === 0 && server.isLoading()) {
    reject(c, E.LOADING, cmd);
    return;
  }
  if (server.writesDenied !== null && ((flags & F_WRITE) !== 0 || cmd.name === 'ping') && server.writesDenied()) {
    reject(c, E.MISCONF, cmd);
    return;
  }
  if (server.busyError !== null && (flags & F_ALLOW_BUSY) === 0) {
    // A script is past busy-reply-threshold: only allow-busy commands run.
    reject(c, server.busyError, cmd);
    return;
  }
  if (server.pauseUntil !== 0 && postponeForPause(c, cmd, argv)) return;
  if (cmd.hold !== null && cmd.hold(c, argv)) return;
  if (c.multi !== null && !TX_CONTROL.has(cmd.name)) {
    c.multi.queue.push({ cmd, argv });
    c.w.raw('+QUEUED\r\n');
    return;
  }
  call(c, cmd, argv);
  // Keys pushed by this command (or by a whole EXEC/script) now serve blocked clients.
  if (server.blocking.hasReady) server.blocking.handleReadyKeys();
}

/**
 * CLIENT LIST's cmd= after a rejected lookup: the command when only its
 * arity was wrong, NULL when the command or subcommand is unknown.
 */
function knownCommandName(c: Client, argv: string[]): string {
  const base = c.server.commands.lookup(argv[0]);
  if (base === undefined) return 'NULL';
  if (base.subcommands.size === 0 || argv.length < 2) return base.fullName;
  return base.subcommands.get(argv[1].toLowerCase())?.fullName ?? 'NULL';
}

/** enable-debug-command / enable-module-command: "yes", or "local" for loopback and unix socket clients. */
function protectedAllowed(c: Client, cmd: CommandSpec): boolean {
  const setting = c.server.config.str(cmd.name === 'debug' ? 'enable-debug-command' : 'enable-module-command');
  if (setting === 'yes') return true;
  if (setting !== 'local') return false;
  return c.unixSocket || c.addr.startsWith('127.0.0.1:') || c.addr.startsWith('[::1]:');
}

/** Redis's is_read/is_write/is_may_replicate test, for commands a MONITOR or replica link may not send. */
function touchesKeyspace(c: Client, cmd: CommandSpec): boolean {
  const mask = F_READONLY | F_WRITE | F_MAY_REPLICATE;
  if ((cmd.flags & mask) !== 0) return true;
  return cmd.name === 'exec' && c.multi !== null && c.multi.queue.some((q) => (q.cmd.flags & mask) !== 0);
}

function isSubscribed(c: Client): boolean {
  return (c.channels?.size ?? 0) + (c.patterns?.size ?? 0) + (c.shardChannels?.size ?? 0) > 0;
}

let depth = 0;
/**
 * Error replies already put down to some command (its own failure): a
 * command is failed only by errors its nested commands (EXEC's, a script's)
 * did not account for, as Redis's incrCommandStatsOnError does.
 */
let attributedErrors = 0;

/** An error reply already put down to a command outside call() (a script's refused redis.call). */
export function attributeError(): void {
  attributedErrors++;
}

/** How many command executions are nested right now (1 = sent by a client; more = inside EXEC or a script). */
export function callDepth(): number {
  return depth;
}

/** Below this a command is never reported as slow: the hot path pays one comparison. */
const SLOW_FLOOR_MS = 100;
/** The slow-command threshold while watchdog-period is 0 (its default, as in Redis). */
const SLOW_DEFAULT_MS = 1000;

/**
 * A command that held the event loop longer than the threshold: every other
 * client waited that long, so say which command and which client (the
 * latency monitor only records it when asked to). The threshold is Redis's
 * watchdog-period when set, else SLOW_DEFAULT_MS.
 */
function warnSlow(c: Client, cmd: CommandSpec, ms: number): void {
  const period = c.server.config.num('watchdog-period');
  const limit = period > 0 ? Math.max(period, SLOW_FLOOR_MS) : SLOW_DEFAULT_MS;
  if (ms < limit) return;
  c.server.log.warn(
    { cmd: cmd.fullName, client: c.addr, id: c.id, ms: Math.round(ms) },
    `slow command: '${cmd.fullName}' from ${c.addr} blocked the event loop for ${Math.round(ms)} ms`,
  );
}

/**
 * Executes a command that passed every gate, with timing and statistics.
 * Also used by EXEC and scripts for their inner commands.
 */
export function call(c: Client, cmd: CommandSpec, argv: string[]): void {
  const server = c.server;
  const stats = server.stats;
  const errorsBefore = stats.totalErrorReplies;
  const attributedBefore = attributedErrors;
  const prev = c.current;
  c.current = cmd;
  const prevClient = server.current;
  // The client whose command runs: inner commands of EXEC or of a script keep
  // the outer client (Redis's current_client), so NOLOOP and the deferral of
  // a client's own invalidations see the script's caller, not its fake client.
  if (prevClient === null) server.current = c.scriptCaller?.client ?? c;
  const prevExecuting = server.executing;
  server.executing = c;
  const t0 = clock.now;
  const prop = server.propagation;
  // The one check propagation costs when nothing listens (no AOF, no replica, no tap).
  const frame = prop.active ? prop.enter(server.keyspace.dirty) : null;
  depth++;
  try {
    cmd.handler!(c, argv);
  } catch (e) {
    server.log.error({ err: e, cmd: cmd.fullName }, 'command failed with an internal error');
    stats.unexpectedErrorReplies++;
    c.error(E.internalError(cmd.fullName));
  } finally {
    depth--;
  }
  if (frame !== null) {
    prop.exit(frame, server.keyspace.dirty, c.db.id, argv, cmd.name === 'exec' && cmd.parent === null, c.blocked !== null);
  }
  const t1 = monotonicMs();
  clock.now = t1;
  const dt = t1 - t0;
  c.current = prev;
  server.current = prevClient;
  server.executing = prevExecuting;
  if (dt >= SLOW_FLOOR_MS && depth === 0) warnSlow(c, cmd, dt);
  // Fed after execution, as Redis 7.0 does: inner EXEC commands precede EXEC, SELECT shows the new db.
  // A command that blocked is shown now too, when it was called.
  if (server.monitors.size !== 0 && (cmd.flags & F_SKIP_MONITOR) === 0 && (cmd.flags & F_ADMIN) === 0) {
    server.feedMonitors(c, argv);
  }
  if (c.blocked !== null) {
    // A blocking command is counted once, when it unblocks (blocking.ts), as in Redis.
    c.blocked.execMs = dt;
    c.blocked.argv = argv;
    c.lastCmd = cmd.fullName;
    return;
  }
  const st = cmd.stats;
  st.calls++;
  st.usec += dt * 1000;
  const ownErrors = stats.totalErrorReplies - errorsBefore - (attributedErrors - attributedBefore);
  if (ownErrors > 0) st.failed++;
  attributedErrors += ownErrors;
  stats.totalCommandsProcessed++;
  c.lastCmd = cmd.fullName;
  const hooks = server.callHooks;
  for (let i = 0; i < hooks.length; i++) hooks[i](c, cmd, argv);
  if (server.afterCall !== null) server.afterCall(c, cmd, argv, dt);
}
