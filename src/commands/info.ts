/**
 * INFO [section ...]: the server report, as a verbatim string in RESP3.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import { genInfo } from '../observability/info.js';

export const infoCommands: CommandDef[] = [
  command('info', (c, argv) => c.w.verbatim(genInfo(c.server, argv.slice(1)))),
];
