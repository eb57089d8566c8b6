/**
 * The dispatch pipeline every command passes through, in Redis's order:
 * lookup (case-insensitive, subcommands) → arity → transaction guards →
 * authentication → ACL → memory → pub/sub context → MULTI queueing →
 * execute → statistics. Keeping it in one function means every feature
 * (stats, MONITOR, ACL, transactions) sees every command.
 */
import type { Client } from './client.js';
import type { CommandSpec } from '../commands/spec.js';
import { F_NO_AUTH, F_NO_MULTI, F_DENYOOM, F_WRITE, F_SKIP_MONITOR, F_ADMIN, F_ALLOW_BUSY } from '../commands/spec.js';
import * as E from '../errors.js';

/** Commands that still run while a client is inside MULTI instead of being queued. */
const TX_CONTROL = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);
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
  c.error(msg);
}

export function dispatch(c: Client, argv: string[]): void {
  const server = c.server;
  const found = lookupCommand(c, argv);
  if (typeof found === 'string') {
    if (c.multi !== null) c.multi.dirty = true;
    c.error(found);
    return;
  }
  const cmd = found;
  const flags = cmd.flags;
  if (c.multi !== null && (flags & F_NO_MULTI) !== 0) {
    reject(c, 'ERR Command not allowed inside a transaction', cmd);
    return;
  }
  if (!c.authenticated && (flags & F_NO_AUTH) === 0) {
    reject(c, E.NOAUTH, cmd);
    return;
  }
  const denied = server.acl.check(c, cmd, argv);
  if (denied !== null) {
    reject(c, denied, cmd);
    return;
  }
  if ((flags & (F_DENYOOM | F_WRITE)) !== 0 && server.maxmemory !== 0) {
    const oom = server.memory.beforeWrite(c, cmd);
    if (oom !== null && (flags & F_DENYOOM) !== 0) {
      reject(c, oom, cmd);
      return;
    }
  }
  if (c.resp === 2 && c.channels !== null && isSubscribed(c) && !PUBSUB_ALLOWED.has(cmd.parent?.name ?? cmd.name)) {
    reject(c, `ERR Can't execute '${cmd.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`, cmd);
    return;
  }
  if (server.busyError !== null && (flags & F_ALLOW_BUSY) === 0) {
    // A script is past busy-reply-threshold: only allow-busy commands run.
    reject(c, server.busyError, cmd);
    return;
  }
  if (c.multi !== null && !TX_CONTROL.has(cmd.name)) {
    c.multi.queue.push({ cmd, argv });
    c.w.raw('+QUEUED\r\n');
    return;
  }
  call(c, cmd, argv);
}

function isSubscribed(c: Client): boolean {
  return (c.channels?.size ?? 0) + (c.patterns?.size ?? 0) + (c.shardChannels?.size ?? 0) > 0;
}

let depth = 0;

/** How many command executions are nested right now (1 = sent by a client; more = inside EXEC or a script). */
export function callDepth(): number {
  return depth;
}

/**
 * Executes a command that passed every gate, with timing and statistics.
 * Also used by EXEC and scripts for their inner commands.
 */
export function call(c: Client, cmd: CommandSpec, argv: string[]): void {
  const server = c.server;
  const stats = server.stats;
  if (server.monitors.size !== 0 && (cmd.flags & F_SKIP_MONITOR) === 0 && (cmd.flags & F_ADMIN) === 0) {
    server.feedMonitors(c, argv);
  }
  const errorsBefore = stats.totalErrorReplies;
  const prev = c.current;
  c.current = cmd;
  const t0 = performance.now();
  const replyOff = c.replyMode !== 'on';
  if (replyOff) c.w.enabled = false;
  depth++;
  try {
    cmd.handler!(c, argv);
  } catch (e) {
    server.log.error({ err: e, cmd: cmd.fullName }, 'command failed with an internal error');
    stats.unexpectedErrorReplies++;
    c.error(`ERR internal error while executing '${cmd.fullName}'`);
  } finally {
    depth--;
  }
  if (replyOff) {
    c.w.enabled = true;
    if (c.replyMode === 'skip') c.replyMode = 'on';
  }
  const dt = performance.now() - t0;
  c.current = prev;
  const st = cmd.stats;
  st.calls++;
  st.usec += dt * 1000;
  if (stats.totalErrorReplies !== errorsBefore) st.failed++;
  stats.totalCommandsProcessed++;
  c.lastCmd = cmd.fullName;
  if (server.afterCall !== null) server.afterCall(c, cmd, argv, dt);
}
