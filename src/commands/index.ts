/**
 * Every command family, registered into the server's command table.
 * Adding a family: export a CommandDef[] from its module and list it here.
 */
import type { Server } from '../server/server.js';
import type { CommandDef } from './spec.js';
import { connectionCommands } from './connection.js';
import { stringCommands } from './strings.js';
import { configCommands } from './config.js';
import { infoCommands } from './info.js';
import { slowlogCommands } from './slowlog.js';
import { latencyCommands } from './latency.js';

const FAMILIES: CommandDef[][] = [
  connectionCommands,
  stringCommands,
  configCommands,
  infoCommands,
  slowlogCommands,
  latencyCommands,
];

export function registerAllCommands(server: Server): void {
  for (const family of FAMILIES) for (const def of family) server.commands.add(def);
}
