/**
 * The HELP subcommand reply shared by container commands (Redis's
 * addReplyHelp): a header naming the command as typed (upper-cased), the
 * command's own lines, then HELP itself, each as a simple string; and the
 * "unknown subcommand or wrong number of arguments" error containers give
 * for argument counts their subcommands do not accept.
 */
import type { Client } from '../server/client.js';
import { subcommandSyntax } from '../errors.js';

export function replyHelp(c: Client, container: string, lines: readonly string[]): void {
  const w = c.w;
  w.array(lines.length + 3);
  w.simple(`${container.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const l of lines) w.simple(l);
  w.simple('HELP');
  w.simple('    Prints this help.');
}

/** "unknown subcommand or wrong number of arguments" (addReplySubcommandSyntaxError). */
export function subcommandSyntaxError(c: Client, container: string, sub: string): void {
  c.error(subcommandSyntax(sub, container));
}
