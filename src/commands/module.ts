/**
 * MODULE: respd loads no native modules, but the command answers as Redis
 * 7.0 does for a server without any: LIST is empty, HELP is Redis's, and
 * LOAD/LOADEX/UNLOAD are PROTECTED (refused by the dispatcher unless
 * enable-module-command allows them), then fail as a missing library does.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { replyHelp } from './help.js';
import * as E from '../errors.js';

const HELP = [
  'LIST',
  '    Return a list of loaded modules.',
  'LOAD <path> [<arg> ...]',
  '    Load a module library from <path>, passing to it any optional arguments.',
  'LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]',
  '    Load a module library from <path>, while passing it module configurations and optional arguments.',
  'UNLOAD <name>',
  '    Unload a module.',
];

function load(c: Client, argv: string[]): void {
  c.server.log.warn(`Module ${argv[2]} failed to load: respd does not load native modules`);
  c.error(E.MODULE_LOAD_FAILED);
}

export const moduleCommands: CommandDef[] = [
  command('module|help', (c) => replyHelp(c, 'module', HELP)),
  command('module|list', (c) => c.w.array(0)),
  command('module|load', load),
  command('module|loadex', load),
  command('module|unload', (c) => c.error(E.MODULE_UNLOAD_NONE)),
];
