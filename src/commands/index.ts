/**
 * Every command family, registered into the server's command table.
 * Adding a family: export a CommandDef[] from its module and list it here.
 */
import type { Server } from '../server/server.js';
import type { CommandDef } from './spec.js';
import { connectionCommands } from './connection.js';
import { stringCommands } from './strings.js';
import { bitmapCommands } from './bitmap.js';
import { scriptingCommands } from './scripting.js';

const FAMILIES: CommandDef[][] = [
  connectionCommands,
  stringCommands,
  bitmapCommands,
  scriptingCommands,
];

export function registerAllCommands(server: Server): void {
  for (const family of FAMILIES) for (const def of family) server.commands.add(def);
}
