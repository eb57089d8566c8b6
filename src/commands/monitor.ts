/**
 * MONITOR: the connection becomes a feed of every command executed after
 * it (lines formatted in observability/monitor.ts). Like Redis, a monitor
 * is treated as a replica: it may not touch the keyspace afterwards.
 */
import { command, type CommandDef } from './spec.js';
import type { Client } from '../server/client.js';

function monitor(c: Client): void {
  // A client that expects one reply per command (EXEC) cannot turn into a feed.
  if (c.multi !== null) {
    c.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
    return;
  }
  if (c.monitor) return; // already monitoring: Redis replies nothing
  c.monitor = true;
  c.server.monitors.add(c);
  c.w.ok();
}

export const monitorCommands: CommandDef[] = [command('monitor', monitor)];
