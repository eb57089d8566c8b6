/**
 * Redis's addReplyHelp: the `<CMD> <subcommand> ...` header with the command
 * name as typed (upper-cased), the given lines, then the HELP entry, all as
 * status replies.
 */
import type { Client } from '../server/client.js';

export function replyHelp(c: Client, commandName: string, lines: readonly string[]): void {
  const w = c.w;
  w.array(lines.length + 3);
  w.simple(`${commandName.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const l of lines) w.simple(l);
  w.simple('HELP');
  w.simple('    Prints this help.');
}
