/**
 * XINFO STREAM and XINFO HELP. Its own module because XINFO STREAM FULL
 * shows both the entries (streams.ts) and the consumer groups
 * (stream-groups.ts), and both of those stay independent of each other.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { formatID, MIN_ID, MAX_ID } from '../keyspace/stream.js';
import { isOpt } from './args.js';
import { replyHelp, subcommandSyntaxError } from './help.js';
import { streamForRead, replyEntry, replyRange, longArg } from './streams.js';
import { replyStreamFullGroups } from './stream-groups.js';
import * as E from '../errors.js';

const XINFO_HELP = [
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
];

function xinfoStream(c: Client, argv: string[]): void {
  let full = false;
  let count = 10;
  if (argv.length > 3) {
    if (!isOpt(argv[3], 'FULL') || (argv.length !== 4 && argv.length !== 6) || (argv.length === 6 && !isOpt(argv[4], 'COUNT'))) {
      subcommandSyntaxError(c, argv[0], argv[1]);
      return;
    }
    full = true;
    if (argv.length === 6) {
      const n = longArg(c, argv[5]);
      if (n === null) return;
      count = n < 0 ? 10 : n;
    }
  }
  const s = streamForRead(c, argv[2]);
  if (s === null) return;
  if (s === undefined) {
    c.error(E.NO_SUCH_KEY);
    return;
  }
  const w = c.w;
  w.map(full ? 9 : 10);
  w.bulk('length');
  w.integer(s.length);
  w.bulk('radix-tree-keys');
  w.integer(s.nodeCount());
  w.bulk('radix-tree-nodes');
  w.integer(s.radixTreeNodes());
  w.bulk('last-generated-id');
  w.bulk(formatID(s.lastId));
  w.bulk('max-deleted-entry-id');
  w.bulk(formatID(s.maxDeletedId));
  w.bulk('entries-added');
  w.integer(s.entriesAdded);
  w.bulk('recorded-first-entry-id');
  w.bulk(formatID(s.firstId));
  if (!full) {
    w.bulk('groups');
    w.integer(s.groups === null ? 0 : s.groups.size);
    for (const last of [false, true]) {
      w.bulk(last ? 'last-entry' : 'first-entry');
      let done = false;
      s.range(MIN_ID, MAX_ID, last, 1, (ms, seq, fv) => {
        replyEntry(w, ms, seq, fv);
        done = true;
      });
      if (!done) w.nil();
    }
  } else {
    w.bulk('entries');
    replyRange(w, s, MIN_ID, MAX_ID, false, count);
    w.bulk('groups');
    replyStreamFullGroups(c, s, count);
  }
}

export const streamInfoCommands: CommandDef[] = [
  command('xinfo|stream', xinfoStream),
  command('xinfo|help', (c, argv) => replyHelp(c, argv[0], XINFO_HELP)),
];
