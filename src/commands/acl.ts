/**
 * ACL SETUSER, GETUSER, DELUSER, USERS, LIST, WHOAMI, CAT, GENPASS, DRYRUN,
 * LOG, SAVE, LOAD, HELP — replies shaped as in Redis 7.0.
 */
import { command, type CommandDef, ACL_CATEGORIES } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { intArg, is } from './args.js';
import { replyHelp, subcommandSyntaxError } from './help.js';
import { aclOf } from '../security/acl-manager.js';
import { aclUniverse, categoryBit, genpass, hasSpaces, DENIED_CMD, DENIED_KEY, DENIED_CHANNEL, DENIED_AUTH, type Selector } from '../security/acl.js';
import * as E from '../errors.js';
import { wrongArity } from '../errors.js';

function setuser(c: Client, argv: string[]): void {
  const name = argv[2];
  if (hasSpaces(name)) {
    c.error("ERR Usernames can't contain spaces or null characters");
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
      c.error("ERR The 'default' user cannot be removed");
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
    c.error(`ERR Unknown category '${argv[2].slice(0, 128)}'`);
    return;
  }
  const names: string[] = [];
  for (const cmd of aclUniverse().list) if ((cmd.mask & mask) !== 0) names.push(cmd.fullName);
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
    c.error('ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096');
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
    c.error(`ERR User '${argv[2]}' not found`);
    return;
  }
  const args = argv.slice(3);
  const U = aclUniverse();
  let cmd = U.lookup(args[0]);
  if (cmd !== undefined && cmd.subs.length !== 0) {
    cmd = args.length >= 2 ? U.lookup(`${args[0]}|${args[1]}`) : cmd;
  }
  if (cmd === undefined || args[0].includes('|')) {
    c.error(`ERR Command '${args[0]}' not found`);
    return;
  }
  const arity = cmd.spec.arity;
  if ((arity > 0 && arity !== args.length) || args.length < -arity) {
    c.error(wrongArity(cmd.fullName));
    return;
  }
  const err = acl.dryrun(u, cmd, args);
  if (err === null) c.w.ok();
  else c.w.bulk(err);
}

const NO_ACLFILE = 'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.';

function save(c: Client): void {
  const file = c.server.config.str('aclfile');
  if (file === '') {
    c.error(NO_ACLFILE);
    return;
  }
  if (aclOf(c.server).saveFile(file)) c.w.ok();
  else c.error('ERR There was an error trying to save the ACLs. Please check the server logs for more information');
}

function load(c: Client): void {
  const file = c.server.config.str('aclfile');
  if (file === '') {
    c.error(NO_ACLFILE);
    return;
  }
  const err = aclOf(c.server).loadFile(file);
  if (err === null) c.w.ok();
  else c.error(E.sanitize('ERR ' + err));
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
