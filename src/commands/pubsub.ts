/**
 * Pub/Sub commands: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and
 * the PUBSUB introspection subcommands. The registry lives in
 * server/pubsub.ts; these handlers only parse and reply.
 */
import { TO_REPL } from '../server/propagation.js';
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { pubsubOf, type SubKind } from '../server/pubsub.js';
import { compileGlob, globMatch } from '../keyspace/glob.js';
import { replyHelp, subcommandSyntaxError } from './help.js';
import * as E from '../errors.js';

function subscribe(c: Client, argv: string[]): void {
  const ps = pubsubOf(c.server);
  for (let i = 1; i < argv.length; i++) ps.subscribe(c, argv[i], false);
}

function ssubscribe(c: Client, argv: string[]): void {
  // Unlike SUBSCRIBE, Redis 7.0 makes no exception for EXEC: it expects one reply per command.
  if (c.multi !== null) {
    c.error(E.SSUBSCRIBE_DENY_BLOCKING);
    return;
  }
  const ps = pubsubOf(c.server);
  for (let i = 1; i < argv.length; i++) ps.subscribe(c, argv[i], true);
}

function psubscribe(c: Client, argv: string[]): void {
  const ps = pubsubOf(c.server);
  for (let i = 1; i < argv.length; i++) ps.psubscribe(c, argv[i]);
}

function unsubscribeGeneric(c: Client, argv: string[], kind: SubKind): void {
  const ps = pubsubOf(c.server);
  if (argv.length === 1) {
    ps.unsubscribeAll(c, kind, true);
    return;
  }
  for (let i = 1; i < argv.length; i++) {
    if (kind === 'pattern') ps.punsubscribe(c, argv[i], true);
    else ps.unsubscribe(c, argv[i], kind === 'shard', true);
  }
}

// Messages reach replicas' subscribers through the replication stream (never the AOF), as without cluster mode.
function publish(c: Client, argv: string[]): void {
  c.server.propagation.force(TO_REPL);
  c.w.integer(pubsubOf(c.server).publish(argv[1], argv[2]));
}

function spublish(c: Client, argv: string[]): void {
  c.server.propagation.force(TO_REPL);
  c.w.integer(pubsubOf(c.server).spublish(argv[1], argv[2]));
}

/** Channel names with at least one subscriber, optionally filtered by a glob. */
function channelList(c: Client, argv: string[], map: Map<string, Set<Client>>): void {
  if (argv.length > 3) {
    subcommandSyntaxError(c, 'pubsub', argv[1]);
    return;
  }
  const glob = argv.length === 3 ? compileGlob(argv[2]) : null;
  const out: string[] = [];
  for (const name of map.keys()) if (glob === null || globMatch(glob, name)) out.push(name);
  c.w.bulkArray(out);
}

function numsub(c: Client, argv: string[], map: Map<string, Set<Client>>): void {
  const w = c.w;
  w.array((argv.length - 2) * 2);
  for (let i = 2; i < argv.length; i++) {
    w.bulk(argv[i]);
    w.integer(map.get(argv[i])?.size ?? 0);
  }
}

const HELP = [
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
];

export const pubsubCommands: CommandDef[] = [
  command('subscribe', subscribe),
  command('ssubscribe', ssubscribe),
  command('psubscribe', psubscribe),
  command('unsubscribe', (c, argv) => unsubscribeGeneric(c, argv, 'channel')),
  command('sunsubscribe', (c, argv) => unsubscribeGeneric(c, argv, 'shard')),
  command('punsubscribe', (c, argv) => unsubscribeGeneric(c, argv, 'pattern')),
  command('publish', publish),
  command('spublish', spublish),
  command('pubsub|channels', (c, argv) => channelList(c, argv, pubsubOf(c.server).channels)),
  command('pubsub|shardchannels', (c, argv) => channelList(c, argv, pubsubOf(c.server).shardChannels)),
  command('pubsub|numsub', (c, argv) => numsub(c, argv, pubsubOf(c.server).channels)),
  command('pubsub|shardnumsub', (c, argv) => numsub(c, argv, pubsubOf(c.server).shardChannels)),
  command('pubsub|numpat', (c) => c.w.integer(pubsubOf(c.server).patterns.size)),
  command('pubsub|help', (c) => replyHelp(c, 'pubsub', HELP)),
];
