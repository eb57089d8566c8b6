/**
 * String commands.
 */
import { command, type CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import * as E from '../errors.js';

function get(c: Client, argv: string[]): void {
  const v = c.server.keyspace.lookupRead(c.db, argv[1]);
  if (v === undefined) c.w.nil();
  else if (typeof v !== 'string') c.error(E.WRONGTYPE);
  else c.w.bulk(v);
}

function set(c: Client, argv: string[]): void {
  c.server.keyspace.set(c.db, argv[1], argv[2]);
  c.w.ok();
}

export const stringCommands: CommandDef[] = [
  command('get', get),
  command('set', set),
];
