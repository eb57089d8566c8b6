/**
 * ROLE and WAIT for a server that is always a master without replicas
 * (replication is not implemented yet): what Redis answers in that state.
 */
import type { Client } from '../server/client.js';
import { command, type CommandDef } from '../catalog/spec.js';
import { intArg, msTimeoutArg } from './args.js';

/** ROLE: master, replication offset 0, no replicas. */
function role(c: Client): void {
  const w = c.w;
  w.array(3);
  w.bulk('master');
  w.integer(0);
  w.array(0);
}

/**
 * WAIT numreplicas timeout: no replica can ever acknowledge, so asking for
 * none answers 0 at once, and asking for some blocks until the timeout
 * (0 = forever, CLIENT UNBLOCK ends it early) and then answers 0 — as Redis
 * does without replicas. Inside MULTI or a script it answers at once.
 */
function wait(c: Client, argv: string[]): void {
  const wanted = intArg(c, argv[1]);
  if (wanted === null) return;
  const ms = msTimeoutArg(c, argv[2]);
  if (ms === null) return;
  const blocking = c.server.blocking;
  if (wanted <= 0 || !blocking.canBlock(c)) {
    c.w.integer(0);
    return;
  }
  blocking.block(c, [], 'wait', ms === 0 ? 0 : Date.now() + ms, () => false, () => c.w.integer(0));
}

export const replicationCommands: CommandDef[] = [
  command('role', role),
  command('wait', wait),
];
