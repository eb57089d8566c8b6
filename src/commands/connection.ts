/**
 * Connection commands: PING, ECHO, SELECT, QUIT, RESET, HELLO, AUTH.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { intArg } from './args.js';
import { parseI64Number } from '../protocol/ints.js';
import * as E from '../errors.js';
import { REDIS_VERSION } from '../server/server.js';

function ping(c: Client, argv: string[]): void {
  if (argv.length > 2) {
    c.error(E.wrongArity('ping'));
    return;
  }
  if (c.resp === 2 && c.channels !== null && (c.channels.size + (c.patterns?.size ?? 0) + (c.shardChannels?.size ?? 0)) > 0) {
    // In a RESP2 subscribed context PING answers in the message shape.
    c.w.array(2);
    c.w.bulk('pong');
    c.w.bulk(argv.length > 1 ? argv[1] : '');
    return;
  }
  if (argv.length === 1) c.w.raw('+PONG\r\n');
  else c.w.bulk(argv[1]);
}

function echo(c: Client, argv: string[]): void {
  c.w.bulk(argv[1]);
}

function select(c: Client, argv: string[]): void {
  const id = intArg(c, argv[1]);
  if (id === null) return;
  const dbs = c.server.keyspace.dbs;
  if (id < 0 || id >= dbs.length) {
    c.error(E.DB_INDEX_OUT_OF_RANGE);
    return;
  }
  c.db = dbs[id];
  c.w.ok();
}

function quit(c: Client): void {
  c.w.ok();
  c.closeAfterReply = true;
}

/** Applies an AUTH attempt; replies with the error on failure. */
export function tryAuth(c: Client, user: string, pass: string, argv0 = 'AUTH'): boolean {
  const server = c.server;
  if (server.auth.authenticate(user, pass)) {
    c.authenticated = true;
    c.parser.authRequired = false;
    c.user = user;
    return true;
  }
  server.stats.aclDeniedAuth++;
  server.stats.authFailures[server.auth.failureReason?.(user) ?? 'wrong_password']++;
  server.onAuthFailure(c, user, argv0);
  c.error(E.WRONGPASS);
  return false;
}

function auth(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.error(E.SYNTAX);
    return;
  }
  let user = 'default';
  let pass: string;
  if (argv.length === 2) {
    if (c.server.auth.defaultNoPass()) {
      c.error(E.AUTH_NOPASS);
      return;
    }
    pass = argv[1];
  } else {
    user = argv[1];
    pass = argv[2];
  }
  if (tryAuth(c, user, pass, argv[0])) c.w.ok();
}

function hello(c: Client, argv: string[]): void {
  let ver = 0;
  let next = 1;
  if (argv.length >= 2) {
    const v = parseI64Number(argv[next++]);
    if (v === null) {
      c.error(E.HELLO_PROTOVER);
      return;
    }
    if (v < 2 || v > 3) {
      c.error(E.NOPROTO);
      return;
    }
    ver = v;
  }
  let user: string | null = null;
  let pass: string | null = null;
  let name: string | null = null;
  for (let j = next; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j].toUpperCase();
    if (opt === 'AUTH' && more >= 2) {
      user = argv[j + 1];
      pass = argv[j + 2];
      j += 2;
    } else if (opt === 'SETNAME' && more >= 1) {
      name = argv[j + 1];
      j++;
    } else {
      c.error(E.helloSyntax(argv[j]));
      return;
    }
  }
  if (user !== null && pass !== null && !tryAuth(c, user, pass, argv[0])) return;
  if (!c.authenticated) {
    c.error(E.HELLO_NOAUTH);
    return;
  }
  if (name !== null) {
    if (!validClientName(name)) {
      c.error(E.CLIENT_NAME_SPACES);
      return;
    }
    c.name = name;
  }
  if (ver) c.w.resp = ver as 2 | 3;
  const w = c.w;
  w.map(7);
  w.bulk('server'); w.bulk('redis');
  w.bulk('version'); w.bulk(REDIS_VERSION);
  w.bulk('proto'); w.integer(c.resp);
  w.bulk('id'); w.integer(c.id);
  w.bulk('mode'); w.bulk('standalone');
  w.bulk('role'); w.bulk('master');
  w.bulk('modules'); w.array(0);
}

/** Client names may not contain spaces or non-printable bytes. */
export function validClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 33 || ch > 126) return false;
  }
  return true;
}

function reset(c: Client): void {
  c.server.resetClient(c);
  c.w.simple('RESET');
}

export const connectionCommands: CommandDef[] = [
  command('ping', ping),
  command('echo', echo),
  command('select', select),
  command('quit', quit),
  command('auth', auth),
  command('hello', hello),
  command('reset', reset),
];
