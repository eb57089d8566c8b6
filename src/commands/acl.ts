/**
 * ACL SETUSER, GETUSER, DELUSER, USERS, LIST, WHOAMI, CAT, GENPASS, DRYRUN,
 * LOG, SAVE, LOAD, HELP — replies shaped as in Redis 7.0.
 */
import { command, type CommandDef, ACL_CATEGORIES } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { intArg, is } from './args.js';
import { replyHelp, subcommandSyntaxError } from './help.js';
import { aclOf } from '../security/acl-manager.js';
import { categoryBit, genpass, hasSpaces, DENIED_CMD, DENIED_KEY, DENIED_CHANNEL, DENIED_AUTH, type Selector } from '../security/acl.js';
import * as E from '../errors.js';
import { wrongArity } from '../errors.js';

function setuser(c: Client, argv: string[]): void {
  const name = argv[2];
  if (hasSpaces(name)) {
    c.error(E.ACL_USERNAME_SPACES);
    return;
  }
  const err = aclOf(c.server).setUser(name, argv.slice(3));
  if (err !== null) c.error(err);
  else c.w.ok();
}

function replySelector(c: Client, s: Selector): void {
  const w = c.w;
  w.bulk('commands'); w.bulk(s.describeCommands());
  w.bulk('keys'); w.bulk(s.keysString());
  w.bulk('channels'); w.bulk(s.channelsString());
}

function getuser(c: Client, argv: string[]): void {
  const u = aclOf(c.server).users.get(argv[2]);
  const w = c.w;
  if (u === undefined) {
    w.nil();
    return;
  }
  w.map(6);
  w.bulk('flags');
  const flags = u.flagNames();
  w.set(flags.length);
  for (const f of flags) w.bulk(f);
  w.bulk('passwords');
  w.bulkArray(u.passwords);
  replySelector(c, u.root);
  w.bulk('selectors');
  w.array(u.selectors.length - 1);
  for (let i = 1; i < u.selectors.length; i++) {
    w.map(3);
    replySelector(c, u.selectors[i]);
  }
}

function deluser(c: Client, argv: string[]): void {
  for (let j = 2; j < argv.length; j++) {
    if (argv[j] === 'default') {
      c.error(E.ACL_DEFAULT_DELUSER);
      return;
    }
  }
  const acl = aclOf(c.server);
  let n = 0;
  for (let j = 2; j < argv.length; j++) if (acl.deleteUser(argv[j])) n++;
  c.w.integer(n);
}

function users(c: Client): void {
  c.w.bulkArray(aclOf(c.server).sortedUsers().map((u) => u.name));
}

function list(c: Client): void {
  c.w.bulkArray(aclOf(c.server).listLines());
}

function whoami(c: Client): void {
  c.w.bulk(c.user);
}

function cat(c: Client, argv: string[]): void {
  if (argv.length === 2) {
    c.w.bulkArray([...ACL_CATEGORIES]);
    return;
  }
  if (argv.length !== 3) {
    subcommandSyntaxError(c, 'acl', argv[1]);
    return;
  }
  const mask = categoryBit(argv[2]);
  if (mask === 0) {
    c.error(E.aclUnknownCategory(argv[2]));
    return;
  }
  const names: string[] = [];
  for (const cmd of c.server.commands.catalog) if ((cmd.categoryMask & mask) !== 0) names.push(cmd.fullName);
  c.w.bulkArray(names);
}

function genpassCmd(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    subcommandSyntaxError(c, 'acl', argv[1]);
    return;
  }
  let bits = 256;
  if (argv.length === 3) {
    const b = intArg(c, argv[2]);
    if (b === null) return;
    bits = b;
  }
  if (bits <= 0 || bits > 4096) {
    c.error(E.ACL_GENPASS_BITS);
    return;
  }
  c.w.bulk(genpass(bits));
}

const REASONS: Record<number, string> = { [DENIED_CMD]: 'command', [DENIED_KEY]: 'key', [DENIED_CHANNEL]: 'channel', [DENIED_AUTH]: 'auth' };

function log(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    subcommandSyntaxError(c, 'acl', argv[1]);
    return;
  }
  const acl = aclOf(c.server);
  let count = 10;
  if (argv.length === 3) {
    if (is(argv[2], 'RESET')) {
      acl.log.length = 0;
      c.w.ok();
      return;
    }
    const n = intArg(c, argv[2]);
    if (n === null) return;
    count = Math.max(0, n);
  }
  count = Math.min(count, acl.log.length);
  const w = c.w;
  w.array(count);
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const le = acl.log[i];
    w.map(7);
    w.bulk('count'); w.integer(le.count);
    w.bulk('reason'); w.bulk(REASONS[le.reason] ?? 'unknown');
    w.bulk('context'); w.bulk(le.context);
    w.bulk('object'); w.bulk(le.object);
    w.bulk('username'); w.bulk(le.username);
    w.bulk('age-seconds'); w.double((now - le.ctime) / 1000);
    w.bulk('client-info'); w.bulk(le.cinfo);
  }
}

function dryrun(c: Client, argv: string[]): void {
  const acl = aclOf(c.server);
  const u = acl.users.get(argv[2]);
  if (u === undefined) {
    c.error(E.aclUserNotFound(argv[2]));
    return;
  }
  const args = argv.slice(3);
  const table = c.server.commands;
  let cmd = table.find(args[0]);
  if (cmd !== undefined && cmd.children.length !== 0) {
    cmd = args.length >= 2 ? table.find(`${args[0]}|${args[1]}`) : cmd;
  }
  if (cmd === undefined || args[0].includes('|')) {
    c.error(E.aclCommandNotFound(args[0]));
    return;
  }
  const arity = cmd.arity;
  if ((arity > 0 && arity !== args.length) || args.length < -arity) {
    c.error(wrongArity(cmd.fullName));
    return;
  }
  const err = acl.dryrun(u, cmd, args);
  if (err === null) c.w.ok();
  else c.w.bulk(err);
}


function save(c: Client): void {
  const file = c.server.config.str('aclfile');
  if (file === '') {
    c.error(E.NO_ACLFILE);
    return;
  }
  if (aclOf(c.server).saveFile(file)) c.w.ok();
  else c.error(E.ACL_SAVE_FAILED);
}

function load(c: Client): void {
  const file = c.server.config.str('aclfile');
  if (file === '') {
    c.error(E.NO_ACLFILE);
    return;
  }
  const err = aclOf(c.server).loadFile(file);
  if (err === null) c.w.ok();
  else c.error(E.sanitize(E.errPrefix(err)));
}

const HELP = [
  'CAT [<category>]',
  '    List all commands that belong to <category>, or all command categories',
  '    when no category is specified.',
  'DELUSER <username> [<username> ...]',
  '    Delete a list of users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Returns whether the user can execute the given command without executing the command.',
  'GETUSER <username>',
  "    Get the user's details.",
  'GENPASS [<bits>]',
  '    Generate a secure 256-bit user password. The optional `bits` argument can',
  '    be used to specify a different size.',
  'LIST',
  '    Show users details in config file format.',
  'LOAD',
  '    Reload users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Show the ACL log entries.',
  'SAVE',
  '    Save the current config to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or modify a user with the specified attributes.',
  'USERS',
  '    List all the registered usernames.',
  'WHOAMI',
  '    Return the current connection username.',
];

export const aclCommands: CommandDef[] = [
  command('acl|setuser', setuser),
  command('acl|getuser', getuser),
  command('acl|deluser', deluser),
  command('acl|users', users),
  command('acl|list', list),
  command('acl|whoami', whoami),
  command('acl|cat', cat),
  command('acl|genpass', genpassCmd),
  command('acl|log', log),
  command('acl|dryrun', dryrun),
  command('acl|save', save),
  command('acl|load', load),
  command('acl|help', (c) => replyHelp(c, 'acl', HELP)),
];
