/**
 * CLIENT PAUSE: holding clients' commands for a while, as Redis 7.0 does.
 *
 * Like Redis's blockPostponeClient, the hold happens in the dispatcher after
 * every check that can reject the command (lookup, arity, auth, ACL…), right
 * before it would be queued or run: `postponeForPause` keeps the command on
 * the client (`postponed`), which then counts as blocked (INFO
 * blocked_clients, flag b in CLIENT LIST, cmd= the held command).
 *
 * - ALL: every command of a normal client is held.
 * - WRITE: only commands that may change the dataset or replicate — flagged
 *   write or may_replicate (PUBLISH, PFCOUNT, EVAL/FCALL unless their script
 *   declares no-writes), queued inside MULTI or run by an EXEC whose
 *   transaction holds one.
 *
 * When the pause ends (CLIENT UNPAUSE or its time), held clients resume in
 * the order they were held: each re-dispatches its held command, then the
 * rest of its input. A held client whose peer goes away is dropped with its
 * command, as Redis frees a blocked client. A second pause never shortens
 * or weakens a running one: the end time is the later of the two and ALL
 * wins over WRITE. Replicas are never paused. While paused, expiry (lazy and
 * active) and eviction stand still.
 */
import type { Server } from './server.js';
import type { Client } from './client.js';
import type { CommandSpec } from '../catalog/spec.js';
import { F_WRITE, F_MAY_REPLICATE, flagsOf } from '../catalog/spec.js';

const timers = new WeakMap<Server, NodeJS.Timeout>();

/** True while a pause is in force (ends it when its time has passed). */
export function isPaused(server: Server): boolean {
  if (server.pauseUntil === 0) return false;
  if (Date.now() < server.pauseUntil) return true;
  server.unpause();
  return false;
}

/** Starts or extends a pause until `endMs` (absolute); `writesOnly` for CLIENT PAUSE … WRITE. */
export function pauseClients(server: Server, endMs: number, writesOnly: boolean): void {
  if (!isPaused(server)) {
    server.pauseUntil = endMs;
    server.pauseWritesOnly = writesOnly;
  } else {
    if (!writesOnly) server.pauseWritesOnly = false;
    if (endMs > server.pauseUntil) server.pauseUntil = endMs;
  }
  if (!isPaused(server)) return; // a pause that already ended (CLIENT PAUSE 0)
  server.keyspace.expiryPausedUntil = server.pauseUntil;
  const old = timers.get(server);
  if (old !== undefined) clearTimeout(old);
  const t = setTimeout(() => {
    timers.delete(server);
    isPaused(server);
  }, Math.min(server.pauseUntil - Date.now() + 1, 2 ** 31 - 1));
  t.unref();
  timers.set(server, t);
}

/** CLIENT UNPAUSE: resumes every held client now. */
export function unpauseClients(server: Server): void {
  const old = timers.get(server);
  if (old !== undefined) {
    clearTimeout(old);
    timers.delete(server);
  }
  if (server.pauseUntil !== 0) server.unpause();
}

/** Whether this invocation counts as a write for a WRITE pause (Redis's is_may_replicate_command). */
function mayReplicate(c: Client, cmd: CommandSpec, argv: string[]): boolean {
  const WRITES = F_WRITE | F_MAY_REPLICATE;
  if ((flagsOf(c, cmd, argv) & WRITES) !== 0) return true;
  if (cmd.name !== 'exec' || c.multi === null) return false;
  return c.multi.queue.some((q) => (flagsOf(c, q.cmd, q.argv) & WRITES) !== 0);
}

/**
 * Called by the dispatcher while a pause is set: holds `argv` on the client
 * and returns true when the command must wait for the pause to end.
 */
export function postponeForPause(c: Client, cmd: CommandSpec, argv: string[]): boolean {
  const server = c.server;
  if (!isPaused(server) || c.kind === 'replica') return false;
  if (server.pauseWritesOnly && !mayReplicate(c, cmd, argv)) return false;
  c.postponed = argv;
  server.pausedClients.add(c);
  return true;
}

/**
 * Holds `c` on `argv` the way a pause does, for other waits (the Lua engine
 * loading, scripting/lazy.ts): the command and everything the client sent
 * after it wait on the client, other clients go on. `held` keeps the
 * clients in the order they were first held; `resumeHeld` lets them go.
 */
export function holdClient(c: Client, argv: string[], held: Set<Client>): void {
  c.postponed = argv;
  held.add(c);
}

/** Resumes the clients of `held` in arrival order: each re-dispatches its held command, then the rest of its input. */
export function resumeHeld(held: Set<Client>): void {
  const list = [...held];
  held.clear();
  for (const c of list) {
    if (c.closed) continue;
    c.processInput();
    c.flush();
  }
}
