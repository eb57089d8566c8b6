/**
 * Test-only stand-ins for commands this branch does not implement yet
 * (FLUSHALL, DEL, PEXPIRE, MULTI/EXEC, CLIENT ID/UNBLOCK), so the list and blocking
 * tests can run the same scenarios on respd as on real Redis. Each shim is
 * installed only when the command is missing from the server's table, so
 * they become inert once the real families land. Import for side effects.
 */
import { CommandTable, command, type Handler } from '../../src/commands/spec.js';
import { call } from '../../src/server/dispatcher.js';
import { parseI64Number } from '../../src/protocol/ints.js';

const SHIMS: Record<string, [string, Handler][]> = {
  flushall: [['flushall', (c) => {
    c.server.keyspace.flushAll();
    c.w.ok();
  }]],
  del: [['del', (c, argv) => {
    let n = 0;
    for (let i = 1; i < argv.length; i++) {
      if (c.server.keyspace.lookupWrite(c.db, argv[i]) === undefined) continue;
      c.server.keyspace.delete(c.db, argv[i]);
      c.server.keyspace.notify('g', 'del', argv[i], c.db.id);
      n++;
    }
    c.w.integer(n);
  }]],
  pexpire: [['pexpire', (c, argv) => {
    const ms = parseI64Number(argv[2]);
    if (ms === null) {
      c.error('ERR value is not an integer or out of range');
      return;
    }
    if (c.server.keyspace.lookupWrite(c.db, argv[1]) === undefined) {
      c.w.integer(0);
      return;
    }
    c.server.keyspace.setExpire(c.db, argv[1], Date.now() + ms);
    c.w.integer(1);
  }]],
  multi: [['multi', (c) => {
    c.multi = { queue: [], dirty: false };
    c.w.ok();
  }]],
  // Keeps c.multi set while the queue runs, like Redis's CLIENT_MULTI flag.
  exec: [['exec', (c) => {
    const m = c.multi;
    if (m === null) {
      c.error('ERR EXEC without MULTI');
      return;
    }
    c.w.array(m.queue.length);
    for (const q of m.queue) call(c, q.cmd, q.argv);
    c.multi = null;
  }]],
  client: [
    ['client|id', (c) => c.w.integer(c.id)],
    ['client|unblock', (c, argv) => {
      const id = parseI64Number(argv[2]);
      if (id === null) {
        c.error('ERR value is not an integer or out of range');
        return;
      }
      const mode = (argv[3] ?? 'TIMEOUT').toUpperCase();
      if (mode !== 'TIMEOUT' && mode !== 'ERROR') {
        c.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
        return;
      }
      const target = c.server.clients.get(id);
      const done = target !== undefined && c.server.blocking.clientUnblock(target, mode === 'ERROR');
      c.w.integer(done ? 1 : 0);
    }],
  ],
};

const lookup = CommandTable.prototype.lookup;
CommandTable.prototype.lookup = function (this: CommandTable, name: string) {
  const found = lookup.call(this, name);
  if (found !== undefined) return found;
  const defs = SHIMS[name.toLowerCase()];
  if (defs === undefined) return undefined;
  for (const [n, h] of defs) this.add(command(n, h));
  return lookup.call(this, name);
};
