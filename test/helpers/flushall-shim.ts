/**
 * Test-only stand-in for FLUSHALL while this branch has no keyspace
 * commands: the differential harness flushes both servers before each case,
 * and without it respd would carry keys from one case into the next.
 * It only answers when no real FLUSHALL is registered, so it is inert once
 * the keyspace family lands; import it for its side effect.
 */
import { CommandTable, command } from '../../src/commands/spec.js';

const lookup = CommandTable.prototype.lookup;
CommandTable.prototype.lookup = function (this: CommandTable, name: string) {
  const found = lookup.call(this, name);
  if (found !== undefined || name.toLowerCase() !== 'flushall') return found;
  this.add(command('flushall', (c) => {
    c.server.keyspace.flushAll();
    c.w.ok();
  }));
  return lookup.call(this, name);
};
