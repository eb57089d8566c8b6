/**
 * COMMAND and its subcommands: introspection of the command table.
 *
 * Everything is answered from the CommandTable, so only the commands respd
 * implements are listed. Reply shapes follow Redis 7.0 (addReplyCommandInfo,
 * addReplyCommandDocs): flags, ACL categories, tips and key specs come from
 * the generated Redis facts; the prose of COMMAND DOCS (summaries) is ours,
 * and the parts of it the facts do not carry (complexity, history) are left
 * out.
 */
import {
  command, type CommandDef, type CommandSpec,
  F_WRITE, F_READONLY, F_DENYOOM, F_MODULE, F_ADMIN, F_PUBSUB, F_NOSCRIPT, F_BLOCKING, F_LOADING,
  F_STALE, F_SKIP_MONITOR, F_SKIP_SLOWLOG, F_ASKING, F_FAST, F_NO_AUTH,
  F_NO_MANDATORY_KEYS, F_NO_ASYNC_LOADING, F_NO_MULTI, F_ALLOW_BUSY, ACL_CATEGORIES,
} from '../catalog/spec.js';
import type { ArgFacts, KeySpecFacts } from '../catalog/facts.js';
import type { Client } from '../server/client.js';
import type { ReplyWriter } from '../protocol/writer.js';
import { is } from './args.js';
import { replyHelp } from './help.js';
import { getKeys, commandHasKeys, keySpecFlags, keyFlagNames } from '../catalog/key-extract.js';
import { SUMMARIES } from '../catalog/summaries.js';
import { stringMatch } from '../keyspace/glob.js';
import { COMMAND_FACTS } from '../catalog/meta.generated.js';
import * as E from '../errors.js';

/** Marker for the computed movablekeys flag in the reply table below (not a dispatch bit). */
const MOVABLE = -1;

/** Command flags in the order Redis prints them (Redis 7.0 never prints may_replicate). */
const FLAG_REPLY: readonly [number, string][] = [
  [F_WRITE, 'write'], [F_READONLY, 'readonly'], [F_DENYOOM, 'denyoom'], [F_MODULE, 'module'],
  [F_ADMIN, 'admin'], [F_PUBSUB, 'pubsub'], [F_NOSCRIPT, 'noscript'], [F_BLOCKING, 'blocking'],
  [F_LOADING, 'loading'], [F_STALE, 'stale'], [F_SKIP_MONITOR, 'skip_monitor'],
  [F_SKIP_SLOWLOG, 'skip_slowlog'], [F_ASKING, 'asking'], [F_FAST, 'fast'], [F_NO_AUTH, 'no_auth'],
  [F_NO_MANDATORY_KEYS, 'no_mandatory_keys'],
  [F_NO_ASYNC_LOADING, 'no_async_loading'], [F_NO_MULTI, 'no_multi'], [MOVABLE, 'movablekeys'],
  [F_ALLOW_BUSY, 'allow_busy'],
];

/** The flag names of COMMAND INFO for `cmd`. */
function commandFlagNames(cmd: CommandSpec): string[] {
  const out: string[] = [];
  for (const [bit, name] of FLAG_REPLY) {
    if (bit === MOVABLE ? cmd.movableKeys : (cmd.flags & bit) !== 0) out.push(name);
  }
  return out;
}

function statusSet(w: ReplyWriter, items: readonly string[]): void {
  w.set(items.length);
  for (const s of items) w.simple(s);
}

// ---- COMMAND INFO ----

function replyInfo(w: ReplyWriter, cmd: CommandSpec | undefined): void {
  if (cmd === undefined) {
    w.nil();
    return;
  }
  w.array(10);
  w.bulk(cmd.fullName);
  w.integer(cmd.arity);
  statusSet(w, commandFlagNames(cmd));
  w.integer(cmd.firstKey);
  w.integer(cmd.lastKey);
  w.integer(cmd.keyStep);
  statusSet(w, cmd.categories.map((cat) => '@' + cat));
  const tips = cmd.facts.tips ?? [];
  w.set(tips.length);
  for (const t of tips) w.bulk(t);
  replyKeySpecs(w, cmd);
  if (cmd.subcommands.size === 0) {
    w.set(0);
    return;
  }
  w.array(cmd.subcommands.size);
  for (const sub of cmd.subcommands.values()) replyInfo(w, sub);
}

function replyKeySpecs(w: ReplyWriter, cmd: CommandSpec): void {
  const specs = cmd.facts.keySpecs;
  const flags = keySpecFlags(cmd);
  w.set(specs.length);
  for (let i = 0; i < specs.length; i++) {
    const ks: KeySpecFacts = specs[i];
    if (ks.notes !== undefined) {
      w.map(4);
      w.bulk('notes');
      w.bulk(ks.notes);
    } else {
      w.map(3);
    }
    w.bulk('flags');
    statusSet(w, keyFlagNames(flags[i]));
    w.bulk('begin_search');
    const bs = ks.begin_search;
    if (bs.index !== undefined) {
      typedSpec(w, 'index');
      w.map(1);
      w.bulk('index'); w.integer(bs.index.pos);
    } else if (bs.keyword !== undefined) {
      typedSpec(w, 'keyword');
      w.map(2);
      w.bulk('keyword'); w.bulk(bs.keyword.keyword);
      w.bulk('startfrom'); w.integer(bs.keyword.startfrom);
    } else {
      typedSpec(w, 'unknown');
      w.map(0);
    }
    w.bulk('find_keys');
    const fk = ks.find_keys;
    if (fk.range !== undefined) {
      typedSpec(w, 'range');
      w.map(3);
      w.bulk('lastkey'); w.integer(fk.range.lastkey);
      w.bulk('keystep'); w.integer(fk.range.step);
      w.bulk('limit'); w.integer(fk.range.limit);
    } else if (fk.keynum !== undefined) {
      typedSpec(w, 'keynum');
      w.map(3);
      w.bulk('keynumidx'); w.integer(fk.keynum.keynumidx);
      w.bulk('firstkey'); w.integer(fk.keynum.firstkey);
      w.bulk('keystep'); w.integer(fk.keynum.step);
    } else {
      typedSpec(w, 'unknown');
      w.map(0);
    }
  }
}

/** The `type` entry of a begin_search/find_keys map; the caller writes the `spec` map. */
function typedSpec(w: ReplyWriter, type: string): void {
  w.map(2);
  w.bulk('type'); w.bulk(type);
  w.bulk('spec');
}

function commandAll(c: Client): void {
  const cmds = c.server.commands.commands;
  c.w.array(cmds.size);
  for (const cmd of cmds.values()) replyInfo(c.w, cmd);
}

function commandInfo(c: Client, argv: string[]): void {
  if (argv.length === 2) {
    commandAll(c);
    return;
  }
  c.w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) replyInfo(c.w, c.server.commands.lookupFull(argv[i]));
}

function commandCount(c: Client): void {
  c.w.integer(c.server.commands.commands.size);
}

// ---- COMMAND DOCS ----

function docsFieldCount(cmd: CommandSpec): number {
  const f = cmd.facts;
  let n = 3; // summary, since, group
  if (f.docFlags !== undefined && f.docFlags.length !== 0) n++;
  if (f.deprecatedSince !== undefined) n++;
  if (f.replacedBy !== undefined) n++;
  if (f.args !== undefined) n++;
  if (cmd.subcommands.size !== 0) n++;
  return n;
}

function replyDocs(w: ReplyWriter, cmd: CommandSpec): void {
  const f = cmd.facts;
  w.map(docsFieldCount(cmd));
  w.bulk('summary'); w.bulk(SUMMARIES[factsKey(cmd)] ?? '');
  w.bulk('since'); w.bulk(f.since);
  w.bulk('group'); w.bulk(f.group === 'sorted_set' ? 'sorted-set' : f.group);
  if (f.docFlags !== undefined && f.docFlags.length !== 0) {
    w.bulk('doc_flags');
    statusSet(w, ['DEPRECATED', 'SYSCMD'].filter((x) => f.docFlags!.includes(x)).map((x) => x.toLowerCase()));
  }
  if (f.deprecatedSince !== undefined) {
    w.bulk('deprecated_since'); w.bulk(f.deprecatedSince);
  }
  if (f.replacedBy !== undefined) {
    w.bulk('replaced_by'); w.bulk(replacedByText(f.replacedBy));
  }
  if (f.args !== undefined) {
    w.bulk('arguments');
    replyArgs(w, f.args);
  }
  if (cmd.subcommands.size !== 0) {
    w.bulk('subcommands');
    w.map(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) {
      w.bulk(sub.fullName);
      replyDocs(w, sub);
    }
  }
}

/** "GET", "CLIENT LIST": how the facts and summaries are keyed. */
function factsKey(cmd: CommandSpec): string {
  return cmd.parent ? `${cmd.parent.name.toUpperCase()} ${cmd.name.toUpperCase()}` : cmd.name.toUpperCase();
}

/**
 * The facts keep only the words of "replaced by" (e.g. ["ZRANGE", "REV",
 * "BYSCORE"]); we phrase them the way Redis does: the replacing commands,
 * then the arguments to use with them.
 */
function replacedByText(words: string | string[]): string {
  if (typeof words === 'string') return words;
  const cmds: string[] = [];
  let i = 0;
  while (i < words.length && (i === 0 || COMMAND_FACTS[words[i]] !== undefined)) cmds.push(words[i++]);
  const args = words.slice(i);
  let text = joinAnd(cmds.map((x) => `\`${x}\``));
  if (args.length !== 0) {
    text += ` with the ${joinAnd(args.map((x) => `\`${x}\``))} argument${args.length > 1 ? 's' : ''}`;
  }
  return text;
}

function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const ARG_FLAGS = ['optional', 'multiple', 'multiple_token'] as const;

function replyArgs(w: ReplyWriter, args: readonly ArgFacts[]): void {
  w.array(args.length);
  for (const a of args) {
    const flags = ARG_FLAGS.filter((fl) => a[fl] === true);
    const nested = a.type === 'oneof' || a.type === 'block';
    let n = 2;
    if (a.key_spec_index !== undefined) n++;
    if (a.token !== undefined) n++;
    if (a.since !== undefined) n++;
    if (a.deprecated_since !== undefined) n++;
    if (flags.length !== 0) n++;
    if (nested) n++;
    w.map(n);
    // Redis prints argument names in lower case and tokens in upper case.
    w.bulk('name'); w.bulk(a.name.toLowerCase());
    w.bulk('type'); w.bulk(a.type);
    if (a.key_spec_index !== undefined) {
      w.bulk('key_spec_index'); w.integer(a.key_spec_index);
    }
    if (a.token !== undefined) {
      w.bulk('token'); w.bulk(a.token === '""' ? '' : a.token.toUpperCase());
    }
    if (a.since !== undefined) {
      w.bulk('since'); w.bulk(a.since);
    }
    if (a.deprecated_since !== undefined) {
      w.bulk('deprecated_since'); w.bulk(a.deprecated_since);
    }
    if (flags.length !== 0) {
      w.bulk('flags');
      statusSet(w, flags);
    }
    if (nested) {
      w.bulk('arguments');
      replyArgs(w, a.arguments ?? []);
    }
  }
}

function commandDocs(c: Client, argv: string[]): void {
  const w = c.w;
  const table = c.server.commands;
  if (argv.length === 2) {
    w.map(table.commands.size);
    for (const cmd of table.commands.values()) {
      w.bulk(cmd.fullName);
      replyDocs(w, cmd);
    }
    return;
  }
  const found: CommandSpec[] = [];
  for (let i = 2; i < argv.length; i++) {
    const cmd = table.lookupFull(argv[i]);
    if (cmd !== undefined) found.push(cmd);
  }
  w.map(found.length);
  for (const cmd of found) {
    w.bulk(cmd.fullName);
    replyDocs(w, cmd);
  }
}

// ---- COMMAND LIST ----

type ListFilter = (cmd: CommandSpec) => boolean;

function commandList(c: Client, argv: string[]): void {
  let filter: ListFilter | null = null;
  for (let i = 2; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    if (!is(argv[i], 'FILTERBY') || more !== 2) {
      c.error(E.SYNTAX);
      return;
    }
    const type = argv[i + 1];
    const arg = argv[i + 2];
    if (is(type, 'MODULE')) {
      filter = () => false; // no modules are ever loaded
    } else if (is(type, 'ACLCAT')) {
      const bit = ACL_CATEGORIES.findIndex((cat) => cat === arg.toLowerCase());
      filter = bit < 0 ? () => false : (cmd) => (cmd.categoryMask & (1 << bit)) !== 0;
    } else if (is(type, 'PATTERN')) {
      filter = (cmd) => stringMatch(arg, cmd.fullName, true);
    } else {
      c.error(E.SYNTAX);
      return;
    }
    i += 2;
  }
  const names: string[] = [];
  for (const cmd of c.server.commands.all()) {
    if (filter === null || filter(cmd)) names.push(cmd.fullName);
  }
  c.w.bulkArray(names);
}

// ---- COMMAND GETKEYS / GETKEYSANDFLAGS ----

/** lookupCommand over a command line: the subcommand when the container has them, else the command. */
function lookupLine(c: Client, line: string[]): CommandSpec | undefined {
  const base = c.server.commands.lookup(line[0]);
  if (base === undefined || line.length === 1 || base.subcommands.size === 0) return base;
  return base.subcommands.get(line[1].toLowerCase());
}

function getKeysReply(c: Client, argv: string[], withFlags: boolean): void {
  const line = argv.slice(2);
  const cmd = lookupLine(c, line);
  if (cmd === undefined) {
    c.error(E.GETKEYS_INVALID_COMMAND);
    return;
  }
  if (!commandHasKeys(cmd)) {
    c.error(E.GETKEYS_NO_KEYS);
    return;
  }
  if ((cmd.arity > 0 && cmd.arity !== line.length) || line.length < -cmd.arity) {
    c.error(E.GETKEYS_ARITY);
    return;
  }
  const keys = getKeys(cmd, line);
  if (keys.length === 0) {
    if ((cmd.flags & F_NO_MANDATORY_KEYS) !== 0) c.w.array(0);
    else c.error(E.GETKEYS_INVALID_ARGS);
    return;
  }
  const w = c.w;
  w.array(keys.length);
  for (const k of keys) {
    if (!withFlags) {
      w.bulk(line[k.pos]);
      continue;
    }
    w.array(2);
    w.bulk(line[k.pos]);
    statusSet(w, keyFlagNames(k.flags));
  }
}

const HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

export const commandCommands: CommandDef[] = [
  command('command', commandAll),
  command('command|count', commandCount),
  command('command|info', commandInfo),
  command('command|docs', commandDocs),
  command('command|list', commandList),
  command('command|getkeys', (c, argv) => getKeysReply(c, argv, false)),
  command('command|getkeysandflags', (c, argv) => getKeysReply(c, argv, true)),
  command('command|help', (c, argv) => replyHelp(c, argv[0], HELP)),
];
