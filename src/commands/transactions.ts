/**
 * Transaction commands: MULTI, EXEC, DISCARD, WATCH, UNWATCH.
 * Queueing happens in the dispatcher; the state lives in server/multi.ts.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { discardTransaction, execAbort, execTransaction, watchesOf } from '../server/multi.js';
import { F_DENYOOM, F_WRITE } from '../catalog/spec.js';
import * as E from '../errors.js';

function multi(c: Client): void {
  if (c.multi !== null) {
    c.error(E.MULTI_NESTED);
    return;
  }
  c.multi = { queue: [], dirty: false };
  c.w.ok();
}

function exec(c: Client, argv: string[]): void {
  if (c.multi === null) {
    c.error(E.EXEC_WITHOUT_MULTI);
    return;
  }
  // The queue's write commands face maxmemory now, as if EXEC carried their flags.
  if (c.server.maxmemory !== 0 || c.server.heap.tripped) {
    const queue = c.multi.queue;
    const denyoom = queue.find((q) => (q.cmd.flags & F_DENYOOM) !== 0);
    const write = denyoom ?? queue.find((q) => (q.cmd.flags & F_WRITE) !== 0);
    if (write !== undefined) {
      const oom = c.server.writeRefusal(c, write.cmd);
      if (oom !== null && denyoom !== undefined) {
        execAbort(c, oom, argv);
        return;
      }
    }
  }
  execTransaction(c);
}

function discard(c: Client): void {
  if (c.multi === null) {
    c.error(E.DISCARD_WITHOUT_MULTI);
    return;
  }
  discardTransaction(c);
  c.w.ok();
}

function watch(c: Client, argv: string[]): void {
  if (c.multi !== null) {
    c.error(E.WATCH_IN_MULTI);
    return;
  }
  // Already doomed: watching more keys cannot change the outcome.
  if (!c.watchDirty) {
    const watches = watchesOf(c.server);
    for (let i = 1; i < argv.length; i++) watches.watch(c, c.db, argv[i]);
  }
  c.w.ok();
}

function unwatch(c: Client): void {
  watchesOf(c.server).unwatchAll(c);
  c.watchDirty = false;
  c.w.ok();
}

export const transactionCommands: CommandDef[] = [
  command('multi', multi),
  command('exec', exec),
  command('discard', discard),
  command('watch', watch),
  command('unwatch', unwatch),
];
