/**
 * What command handlers use to shape their propagation (see
 * server/propagation.ts): each checks `active` first, so building the
 * replacement vector costs nothing while no AOF, replica or tap listens.
 */
import type { Client } from '../server/client.js';

/** rewriteClientCommandVector: the running command propagates as `argv`. */
export function propagateAs(c: Client, argv: string[]): void {
  const p = c.server.propagation;
  if (p.active) p.rewrite(argv);
}

/** Like propagateAs, with the vector built only when someone listens. */
export function propagateAsLazy(c: Client, build: () => string[]): void {
  const p = c.server.propagation;
  if (p.active) p.rewrite(build());
}

/** alsoPropagate: one more command, in the client's database, after the running one's. */
export function alsoPropagate(c: Client, argv: string[]): void {
  const p = c.server.propagation;
  if (p.active) p.also(c.db.id, argv);
}

/** preventCommandPropagation: the running command's own vector is not propagated. */
export function dontPropagate(c: Client): void {
  c.server.propagation.prevent();
}

/** DEL, or UNLINK when the lazyfree directive for this kind of deletion is on. */
export function deletionCommand(c: Client, lazyfreeParam: 'lazyfree-lazy-expire' | 'lazyfree-lazy-user-del' | 'lazyfree-lazy-server-del'): string {
  return c.server.config.bool(lazyfreeParam) ? 'UNLINK' : 'DEL';
}

/** A millisecond count as Redis prints a long long. */
export function msArg(ms: number): string {
  return String(Math.trunc(ms));
}
