/**
 * CLIENT: connection management — ID, SETNAME/GETNAME, LIST/INFO, KILL,
 * REPLY, NO-EVICT, PAUSE/UNPAUSE, GETREDIR, UNBLOCK, HELP.
 *
 * Like Redis 7.0, every CLIENT subcommand goes through one argument check
 * per subcommand, and argument counts a subcommand does not accept get the
 * generic "unknown subcommand or wrong number of arguments" error.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { is, intArg, msTimeoutArg } from './args.js';
import { replyHelp, subcommandSyntaxError } from './help.js';
import { validClientName } from './connection.js';
import { parseI64Number } from '../protocol/ints.js';
import { pauseClients, unpauseClients } from '../server/pause.js';
import * as E from '../errors.js';

/** Client classes of CLIENT LIST TYPE / CLIENT KILL TYPE (getClientTypeByName). */
type ClientType = 'normal' | 'master' | 'replica' | 'pubsub';

function clientTypeByName(name: string): ClientType | null {
  const n = name.toLowerCase();
  if (n === 'normal' || n === 'master' || n === 'pubsub' || n === 'replica') return n;
  if (n === 'slave') return 'replica';
  return null;
}

function subscriptions(c: Client): number {
  return (c.channels?.size ?? 0) + (c.patterns?.size ?? 0) + (c.shardChannels?.size ?? 0);
}

/** getClientType: MONITOR clients count as normal ones. */
export function clientType(c: Client): ClientType {
  if (c.kind === 'master') return 'master';
  if (c.kind === 'replica' && !c.monitor) return 'replica';
  if (subscriptions(c) !== 0) return 'pubsub';
  return 'normal';
}

/** The tracking redirection of CLIENT GETREDIR / CLIENT LIST redir= (-1: not tracking). */
function trackingRedirect(c: Client): number {
  return c.tracking === null ? -1 : c.tracking.redirect;
}

/** Redis's reply buffer size (PROTO_REPLY_CHUNK_BYTES), for plausible memory fields. */
const REPLY_BUF = 16384;
/** Rough fixed cost of a client structure (tot-mem). */
const CLIENT_STRUCT = 1792;

/** Bytes of the request as a RESP multibulk, like the query buffer holds it while the command runs. */
function requestBytes(argv: readonly string[]): number {
  let n = 1 + String(argv.length).length + 2;
  for (const a of argv) n += 1 + String(a.length).length + 2 + a.length + 2;
  return n;
}

function argvBytes(argv: readonly string[]): number {
  let n = 0;
  for (const a of argv) n += a.length;
  return n;
}

function flagLetters(c: Client): string {
  let f = '';
  if (c.monitor) f += 'O';
  else if (c.kind === 'replica') f += 'S';
  if (c.kind === 'master') f += 'M';
  if (subscriptions(c) !== 0) f += 'P';
  if (c.multi !== null) f += 'x';
  if (c.blocked !== null || c.postponed !== null) f += 'b';
  const tracking = c.tracking;
  if (tracking !== null) {
    f += 't';
    if (tracking.brokenRedirect) f += 'R';
    if (tracking.bcast) f += 'B';
  }
  if (c.watchDirty) f += 'd';
  if (c.closeAfterReply) f += 'c';
  if (c.unixSocket) f += 'U';
  if (c.noEvict) f += 'e';
  return f === '' ? 'N' : f;
}

/**
 * One CLIENT LIST line (without the newline), in Redis 7.0's field order.
 * `current` is the argv of the command being run by the client itself.
 */
export function clientInfoLine(c: Client, current: readonly string[] | null): string {
  const now = Math.floor(Date.now() / 1000);
  let qbuf = c.parser.pending;
  if (current !== null) qbuf += requestBytes(current);
  const idleSecs = now - Math.floor(c.lastInteraction / 1000);
  const qbufFree = Math.max(0, c.qbuf.alloc - qbuf);
  const pendingArgv = current ?? c.postponed ?? (c.blocked !== null ? c.blocked.keys : null);
  const argvMem = pendingArgv !== null ? argvBytes(pendingArgv) : 0;
  let multiMem = 0;
  if (c.multi !== null) for (const q of c.multi.queue) multiMem += argvBytes(q.argv) + 8 * q.argv.length;
  const pending = c.w.pendingBytes;
  const obl = Math.min(pending, REPLY_BUF);
  const omem = c.sink.pending + Math.max(0, pending - REPLY_BUF);
  const oll = omem === 0 ? 0 : Math.ceil(omem / REPLY_BUF);
  const totMem = CLIENT_STRUCT + REPLY_BUF + qbuf + qbufFree + argvMem + multiMem + omem;
  const events = c.sink.pending > 0 ? 'rw' : 'r';
  return `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=${c.fd} name=${c.name} age=${now - Math.floor(c.createdAt / 1000)} ` +
    `idle=${current !== null ? 0 : idleSecs} flags=${flagLetters(c)} db=${c.db.id} sub=${c.channels?.size ?? 0} ` +
    `psub=${c.patterns?.size ?? 0} ssub=${c.shardChannels?.size ?? 0} multi=${c.multi !== null ? c.multi.queue.length : -1} ` +
    `qbuf=${qbuf} qbuf-free=${qbufFree} argv-mem=${argvMem} multi-mem=${multiMem} rbs=${REPLY_BUF} rbp=${REPLY_BUF} ` +
    `obl=${obl} oll=${oll} omem=${omem} tot-mem=${totMem} events=${events} cmd=${c.lastCmd} user=${c.user} ` +
    `redir=${trackingRedirect(c)} resp=${c.resp}`;
}

function infoLineFor(c: Client, target: Client, argv: string[]): string {
  return clientInfoLine(target, target === c ? argv : null) + '\n';
}

function clientId(c: Client): void {
  c.w.integer(c.id);
}

function clientInfo(c: Client, argv: string[]): void {
  c.w.verbatim(infoLineFor(c, c, argv));
}

function clientList(c: Client, argv: string[]): void {
  let out = '';
  if (argv.length === 4 && is(argv[2], 'TYPE')) {
    const type = clientTypeByName(argv[3]);
    if (type === null) {
      c.error(E.unknownClientType(argv[3]));
      return;
    }
    for (const x of c.server.clients.values()) if (clientType(x) === type) out += infoLineFor(c, x, argv);
  } else if (argv.length > 3 && is(argv[2], 'ID')) {
    for (let i = 3; i < argv.length; i++) {
      const id = intArg(c, argv[i], E.INVALID_CLIENT_ID);
      if (id === null) return;
      const x = c.server.clients.get(id);
      if (x !== undefined) out += infoLineFor(c, x, argv);
    }
  } else if (argv.length !== 2) {
    c.error(E.SYNTAX);
    return;
  } else {
    for (const x of c.server.clients.values()) out += infoLineFor(c, x, argv);
  }
  c.w.verbatim(out);
}

function clientSetname(c: Client, argv: string[]): void {
  const name = argv[2];
  if (!validClientName(name)) {
    c.error(E.CLIENT_NAME_SPACES);
    return;
  }
  c.name = name;
  c.w.ok();
}

function clientGetname(c: Client): void {
  if (c.name === '') c.w.nil();
  else c.w.bulk(c.name);
}

/**
 * CLIENT REPLY: OFF and SKIP silence the writer (the dispatcher restores it
 * after a skipped command); ON speaks again, starting with its own +OK.
 */
function clientReply(c: Client, argv: string[]): void {
  const mode = argv[2];
  if (is(mode, 'ON')) {
    c.replyMode = 'on';
    c.w.enabled = true;
    c.w.ok();
  } else if (is(mode, 'OFF')) {
    c.replyMode = 'off';
    c.w.enabled = false;
  } else if (is(mode, 'SKIP')) {
    if (c.replyMode !== 'off') {
      c.replyMode = 'skip';
      c.w.enabled = false;
    }
  } else {
    c.error(E.SYNTAX);
  }
}

function clientNoEvict(c: Client, argv: string[]): void {
  if (is(argv[2], 'ON')) c.noEvict = true;
  else if (is(argv[2], 'OFF')) c.noEvict = false;
  else {
    c.error(E.SYNTAX);
    return;
  }
  c.w.ok();
}

interface KillFilter {
  addr: string | null;
  laddr: string | null;
  type: ClientType | null;
  id: number;
  user: string | null;
  skipme: boolean;
}

/** Parses the new-style KILL filters; replies with the error and returns null on a bad one. */
function parseKillFilter(c: Client, argv: string[]): KillFilter | null {
  const f: KillFilter = { addr: null, laddr: null, type: null, id: 0, user: null, skipme: true };
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i];
    if (i + 1 >= argv.length) {
      c.error(E.SYNTAX);
      return null;
    }
    const val = argv[i + 1];
    if (is(opt, 'ID')) {
      const id = parseI64Number(val);
      if (id === null || id < 1) {
        c.error(E.CLIENT_ID_POSITIVE);
        return null;
      }
      f.id = id;
    } else if (is(opt, 'TYPE')) {
      f.type = clientTypeByName(val);
      if (f.type === null) {
        c.error(E.unknownClientType(val));
        return null;
      }
    } else if (is(opt, 'ADDR')) {
      f.addr = val;
    } else if (is(opt, 'LADDR')) {
      f.laddr = val;
    } else if (is(opt, 'USER')) {
      if (!userExists(c, val)) {
        c.error(E.noSuchUser(val));
        return null;
      }
      f.user = val;
    } else if (is(opt, 'SKIPME')) {
      if (is(val, 'YES')) f.skipme = true;
      else if (is(val, 'NO')) f.skipme = false;
      else {
        c.error(E.SYNTAX);
        return null;
      }
    } else {
      c.error(E.SYNTAX);
      return null;
    }
  }
  return f;
}

function userExists(c: Client, name: string): boolean {
  const acl = c.server.acl;
  return acl.userExists !== undefined ? acl.userExists(name) : name === 'default';
}

function clientKill(c: Client, argv: string[]): void {
  const oldForm = argv.length === 3;
  let f: KillFilter | null;
  if (oldForm) f = { addr: argv[2], laddr: null, type: null, id: 0, user: null, skipme: false };
  else f = parseKillFilter(c, argv);
  if (f === null) return;
  let killed = 0;
  let killSelf = false;
  for (const x of [...c.server.clients.values()]) {
    if (f.addr !== null && x.addr !== f.addr) continue;
    if (f.laddr !== null && x.laddr !== f.laddr) continue;
    if (f.type !== null && clientType(x) !== f.type) continue;
    if (f.id !== 0 && x.id !== f.id) continue;
    if (f.user !== null && x.user !== f.user) continue;
    if (x === c && f.skipme) continue;
    if (x === c) killSelf = true;
    else x.close();
    killed++;
  }
  if (oldForm) {
    if (killed === 0) c.error(E.NO_SUCH_CLIENT);
    else c.w.ok();
  } else {
    c.w.integer(killed);
  }
  // The reply goes out first, then the connection closes.
  if (killSelf) c.closeAfterReply = true;
}

/** CLIENT PAUSE timeout [WRITE|ALL]: the mode is checked before the timeout, as in Redis. */
function clientPause(c: Client, argv: string[]): void {
  if (argv.length > 4) {
    subcommandSyntaxError(c, argv[0], argv[1]);
    return;
  }
  let writesOnly = false;
  if (argv.length === 4) {
    if (is(argv[3], 'WRITE')) writesOnly = true;
    else if (!is(argv[3], 'ALL')) {
      c.error(E.PAUSE_MODE);
      return;
    }
  }
  const ms = msTimeoutArg(c, argv[2]);
  if (ms === null) return;
  // Redis adds the timeout to the clock in 64 bits; an end past 2^63 wraps into the past.
  const end = ms === 0 ? 0 : ms > 9223372036854775807 - Date.now() ? -1 : Date.now() + ms;
  pauseClients(c.server, end, writesOnly);
  c.w.ok();
}

function clientUnpause(c: Client): void {
  unpauseClients(c.server);
  c.w.ok();
}

/**
 * CLIENT UNBLOCK id [TIMEOUT|ERROR]: ends another client's blocking command
 * as if it timed out, or with the UNBLOCKED error.
 */
function clientUnblock(c: Client, argv: string[]): void {
  if (argv.length > 4) {
    subcommandSyntaxError(c, argv[0], argv[1]);
    return;
  }
  let withError = false;
  if (argv.length === 4) {
    if (is(argv[3], 'ERROR')) withError = true;
    else if (!is(argv[3], 'TIMEOUT')) {
      c.error(E.UNBLOCK_REASON);
      return;
    }
  }
  const id = intArg(c, argv[2]);
  if (id === null) return;
  const target = c.server.clients.get(id);
  c.w.integer(target !== undefined && c.server.blocking.clientUnblock(target, withError) ? 1 : 0);
}

const HELP = [
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
];

export const clientCommands: CommandDef[] = [
  command('client|id', clientId),
  command('client|info', clientInfo),
  command('client|list', clientList),
  command('client|setname', clientSetname),
  command('client|getname', clientGetname),
  command('client|reply', clientReply),
  command('client|no-evict', clientNoEvict),
  command('client|kill', clientKill),
  command('client|pause', clientPause),
  command('client|unpause', clientUnpause),
  command('client|unblock', clientUnblock),
  command('client|help', (c, argv) => replyHelp(c, argv[0], HELP)),
];
