/**
 * The HELP subcommand reply shared by container commands (CONFIG HELP,
 * SLOWLOG HELP…): a header naming the command as typed, the entries, and
 * the HELP entry, each as a status line, as Redis's addReplyHelp does.
 */
import type { Client } from '../server/client.js';

export function replyHelp(c: Client, command: string, lines: readonly string[]): void {
  c.w.array(lines.length + 3);
  c.w.simple(`${command.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const l of lines) c.w.simple(l);
  c.w.simple('HELP');
  c.w.simple('    Prints this help.');
}
