/**
 * SLOWLOG GET [count] / LEN / RESET / HELP.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { replyHelp } from './help.js';
import { observer } from '../observability/observer.js';
import { parseI64 } from '../protocol/ints.js';
import * as E from '../errors.js';

function slowlogGet(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.error(E.subcommandSyntax(argv[1], argv[0]));
    return;
  }
  const log = observer(c.server).slowlog;
  let count = 10;
  if (argv.length === 3) {
    const n = parseI64(argv[2]);
    if (n === null || n < -1) {
      c.error(E.SLOWLOG_COUNT);
      return;
    }
    count = n === -1 ? log.length : Number(n);
  }
  const entries = log.get(count);
  const w = c.w;
  w.array(entries.length);
  for (const e of entries) {
    w.array(6);
    w.integer(e.id);
    w.integer(e.time);
    w.integer(e.duration);
    w.bulkArray(e.argv);
    w.bulk(e.peer);
    w.bulk(e.name);
  }
}

const HELP = [
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
];

export const slowlogCommands: CommandDef[] = [
  command('slowlog|get', slowlogGet),
  command('slowlog|len', (c) => c.w.integer(observer(c.server).slowlog.length)),
  command('slowlog|reset', (c) => {
    observer(c.server).slowlog.reset();
    c.w.ok();
  }),
  command('slowlog|help', (c, argv) => replyHelp(c, argv[0], HELP)),
];
