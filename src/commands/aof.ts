/**
 * BGREWRITEAOF: the AOF rewrite (persistence/aof) started from a client.
 */
import type { Client } from '../server/client.js';
import { command, type CommandDef } from '../catalog/spec.js';
import { aofOf } from '../persistence/aof/install.js';
import * as E from '../errors.js';

function bgrewriteaof(c: Client): void {
  const aof = aofOf(c.server);
  const err = aof === undefined ? E.AOF_UNAVAILABLE : aof.rewrite();
  if (err !== null) c.error(err);
  else if (aof!.rewriteScheduled) c.w.simple('Background append only file rewriting scheduled');
  else c.w.simple('Background append only file rewriting started');
}

export const aofCommands: CommandDef[] = [
  command('bgrewriteaof', bgrewriteaof),
];
