/**
 * Wires the AOF into a server: replies wait for its writes, the cron drives
 * fsync and auto-rewrite, startup loads it, shutdown makes it durable.
 */
import type { Server } from '../../server/server.js';
import { Aof } from './aof.js';

declare module '../../server/server.js' {
  interface Services {
    /** The append-only file (persistence/aof). */
    aof: Aof;
  }
}

export function installAof(server: Server): Aof {
  const aof = new Aof(server);
  server.services.aof = aof;
  server.beforeReplies = () => aof.beforeReplies();
  server.cronHooks.push((_p, now) => aof.cron(now));
  server.loaders.push(() => aof.startup());
  server.shutdownHooks.push(() => aof.shutdown());
  return aof;
}

export function aofOf(server: Server): Aof | undefined {
  return server.services.aof;
}
