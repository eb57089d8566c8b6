/**
 * The server's ACL state: the users, the ACL LOG, and the two hooks the
 * core calls — AccessControl.check (every command, from the dispatcher)
 * and AuthProvider (AUTH / HELLO AUTH). `requirepass` is the default user's
 * password, as in Redis: setting it resets the default user's passwords.
 */
import { readFileSync } from 'node:fs';
import { replaceFileAtomically, strerror } from '../config/rewrite.js';
import { serviceOf, type Server, type AccessControl, type AuthProvider } from '../server/server.js';
import type { AuthFailureReason } from '../server/stats.js';
import type { Client } from '../server/client.js';
import type { CommandSpec } from '../catalog/spec.js';
import { safeHexEqual, sha256Hex } from './auth.js';
import {
  User, RuleError, ruleErrorText, checkUser, mergeSelectorArgs, hasSpaces, userHasUnrestrictedKeys, R_PERM,
  DENIED_CMD, DENIED_KEY, DENIED_CHANNEL, DENIED_AUTH,
} from './acl.js';
import { isSubscribed } from '../server/pubsub.js';
import * as E from '../errors.js';

export interface AclLogEntry {
  count: number;
  reason: number;
  context: 'toplevel' | 'multi' | 'lua' | 'module';
  object: string;
  username: string;
  ctime: number;
  cinfo: string;
}

const GROUPING_MS = 60000;

export class AclManager implements AccessControl, AuthProvider {
  readonly users = new Map<string, User>();
  readonly log: AclLogEntry[] = [];

  constructor(private readonly server: Server) {
    this.users.set('default', this.createDefault());
  }

  get pubsubAll(): boolean {
    return this.server.config.str('acl-pubsub-default') === 'allchannels';
  }

  private createDefault(): User {
    const u = new User(this.server.commands, 'default', this.pubsubAll);
    for (const r of ['+@all', '~*', '&*', 'on', 'nopass']) u.apply(r, this.pubsubAll);
    return u;
  }

  get defaultUser(): User {
    return this.users.get('default')!;
  }

  /** ACLUpdateDefaultUserPassword (requirepass). */
  setRequirepass(pass: string): void {
    const d = this.defaultUser;
    d.apply('resetpass', this.pubsubAll);
    d.apply(pass === '' ? 'nopass' : '>' + pass, this.pubsubAll);
  }

  // --- AuthProvider ---------------------------------------------------------

  defaultNoPass(): boolean {
    return this.defaultUser.nopass;
  }

  /** Redis's authRequired(): the default user has a password or is disabled. */
  authRequired(): boolean {
    const d = this.defaultUser;
    return !d.nopass || !d.enabled;
  }

  authenticate(username: string, pass: string): boolean {
    const u = this.users.get(username);
    if (u === undefined || !u.enabled) return false;
    if (u.nopass) return true;
    const hashed = sha256Hex(pass);
    let ok = false;
    // Every stored hash is compared, so the time does not tell which one matched.
    for (const h of u.passwords) if (safeHexEqual(hashed, h)) ok = true;
    return ok;
  }

  failureReason(username: string): AuthFailureReason {
    const u = this.users.get(username);
    if (u === undefined) return 'unknown_user';
    return u.enabled ? 'wrong_password' : 'disabled_user';
  }

  // --- AccessControl --------------------------------------------------------

  /** `scriptCaller`: c is a script's client, running a redis.call for that client (logged as context "lua"). */
  check(c: Client, cmd: CommandSpec, argv: string[], scriptCaller?: Client): string | null {
    const u = this.users.get(c.user);
    if (u === undefined || u.unrestricted()) return null;
    const r = checkUser(u, cmd, argv);
    if (r.code === 0) return null;
    const st = this.server.stats;
    const ctx = scriptCaller !== undefined ? 'lua' : c.multi !== null ? 'multi' : 'toplevel';
    // the log shows the client that sent the script, as Redis does
    const who = scriptCaller ?? c;
    const whoCmd = scriptCaller?.current?.fullName ?? cmd.fullName;
    switch (r.code) {
      case DENIED_CMD:
        st.aclDeniedCmd++;
        this.addLog(who, DENIED_CMD, ctx, cmd.fullName, c.user, whoCmd);
        return E.nopermCommand(cmd.fullName);
      case DENIED_KEY:
        st.aclDeniedKey++;
        this.addLog(who, DENIED_KEY, ctx, argv[r.idx], c.user, whoCmd);
        return E.NOPERM_KEY;
      default:
        st.aclDeniedChannel++;
        this.addLog(who, DENIED_CHANNEL, ctx, argv[r.idx], c.user, whoCmd);
        return E.NOPERM_CHANNEL;
    }
  }

  /** The verdict of check() without its side effects (ACL LOG, denial counters): redis.acl_check_cmd. */
  permits(c: Client, cmd: CommandSpec, argv: string[]): boolean {
    const u = this.users.get(c.user);
    return u === undefined || u.unrestricted() || checkUser(u, cmd, argv).code === 0;
  }

  /** Whether c's user may read every key with `cmd` (SORT BY/GET patterns). */
  readsAllKeys(c: Client, cmd: CommandSpec, argv: string[]): boolean {
    const u = this.users.get(c.user);
    return u === undefined || u.unrestricted() || userHasUnrestrictedKeys(u, cmd, argv, R_PERM);
  }

  /** ACL DRYRUN's reply text for a denial, or null when allowed. */
  dryrun(u: User, cmd: CommandSpec, argv: string[]): string | null {
    const r = checkUser(u, cmd, argv);
    if (r.code === 0) return null;
    if (r.code === DENIED_CMD) return `This user has no permissions to run the '${cmd.fullName}' command`;
    if (r.code === DENIED_KEY) return `This user has no permissions to access the '${argv[r.idx]}' key`;
    return `This user has no permissions to access the '${argv[r.idx]}' channel`;
  }

  // --- ACL LOG --------------------------------------------------------------

  addLog(c: Client, reason: number, context: AclLogEntry['context'], object: string, username: string, cmdName: string): void {
    const le: AclLogEntry = { count: 1, reason, context, object, username, ctime: Date.now(), cinfo: clientInfo(c, cmdName) };
    const scan = Math.min(10, this.log.length);
    for (let i = 0; i < scan; i++) {
      const cur = this.log[i];
      if (cur.reason === le.reason && cur.context === le.context && Math.abs(cur.ctime - le.ctime) <= GROUPING_MS &&
        cur.object === le.object && cur.username === le.username) {
        this.log.splice(i, 1);
        cur.cinfo = le.cinfo;
        cur.ctime = le.ctime;
        cur.count++;
        this.log.unshift(cur);
        return;
      }
    }
    this.log.unshift(le);
    const max = this.server.config.num('acllog-max-len');
    while (this.log.length > max) this.log.pop();
  }

  onAuthFailure(c: Client, username: string, argv0: string): void {
    this.addLog(c, DENIED_AUTH, c.multi !== null ? 'multi' : 'toplevel', argv0, username, argv0.toLowerCase());
  }

  // --- users ----------------------------------------------------------------

  /** ACL SETUSER semantics on a copy: returns an error text or null after committing. */
  setUser(name: string, rules: string[]): string | null {
    const merged = mergeSelectorArgs(rules);
    if (typeof merged === 'number') return E.aclUnmatchedParen(rules[merged]);
    const existing = this.users.get(name);
    const temp = existing ? existing.clone() : new User(this.server.commands, name, this.pubsubAll);
    for (const op of merged) {
      try {
        temp.apply(op, this.pubsubAll);
      } catch (e) {
        if (e instanceof RuleError) return E.aclSetuserError(op, ruleErrorText(e));
        if (op[0] === '(') return E.aclSetuserError(op, 'Syntax error');
        throw e;
      }
    }
    if (existing) this.killPubsubIfNeeded(temp, existing);
    this.users.set(name, temp);
    return null;
  }

  /** Clients of a user that loses a channel they are subscribed to are disconnected. */
  private killPubsubIfNeeded(next: User, prev: User): void {
    if (next.selectors.some((s) => s.allChannels)) return;
    const allowed = (ch: string, literal: boolean) => next.selectors.some((s) => s.checkChannel(ch, literal));
    for (const c of [...this.server.clients.values()]) {
      if (c.user !== prev.name || !isSubscribed(c)) continue;
      let kill = false;
      for (const p of c.patterns ?? []) if (!allowed(p, true)) kill = true;
      for (const ch of c.channels ?? []) if (!allowed(ch, false)) kill = true;
      for (const ch of c.shardChannels ?? []) if (!allowed(ch, false)) kill = true;
      if (kill) this.dropClient(c);
    }
  }

  private dropClient(c: Client): void {
    if (c === this.server.current) c.closeAfterReply = true;
    else c.close();
  }

  /** ACL DELUSER of one user: its clients are logged out and closed. */
  deleteUser(name: string): boolean {
    if (!this.users.delete(name)) return false;
    this.logoutClientsOf(name);
    return true;
  }

  private logoutClientsOf(name: string): void {
    for (const c of [...this.server.clients.values()]) {
      if (c.user !== name) continue;
      c.user = 'default';
      c.authenticated = false;
      this.dropClient(c);
    }
  }

  sortedUsers(): User[] {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  listLines(): string[] {
    return this.sortedUsers().map((u) => `user ${u.name} ${u.describe()}`);
  }

  /** `user` directives of redis.conf (ACLLoadConfiguredUsers); throws with Redis's log text. */
  loadConfigured(lines: string[]): void {
    const seen = new Set<string>();
    for (const line of lines) {
      const words = line.split(' ').filter((w) => w !== '');
      if (words.length === 0) continue;
      const name = words[0];
      if (seen.has(name)) throw new Error(`Error in user declaration '${name}': ${ruleErrorText(new RuleError('EALREADY'))}`);
      seen.add(name);
      if (hasSpaces(name)) throw new Error('Spaces not allowed in ACL usernames');
      const merged = mergeSelectorArgs(words.slice(1));
      if (typeof merged === 'number') throw new Error(`Unmatched parenthesis in selector definition for user '${name}'`);
      let u = this.users.get(name);
      if (u === undefined) {
        u = new User(this.server.commands, name, this.pubsubAll);
        this.users.set(name, u);
      } else {
        u.apply('reset', this.pubsubAll);
      }
      for (const op of merged) {
        try {
          u.apply(op, this.pubsubAll);
        } catch (e) {
          if (!(e instanceof RuleError)) throw e;
          throw new Error(`Error loading ACL rule '${op}' for the user named '${name}': ${ruleErrorText(e)}`);
        }
      }
      if (!u.enabled) {
        this.server.log.info(`The user '${name}' is disabled (there is no 'on' modifier in the user description). Make sure this is not a configuration error.`);
      }
    }
  }

  /** ACLLoadFromFile: returns null on success or the error text (nothing changes on error). */
  loadFile(filename: string): string | null {
    let text: string;
    try {
      text = readFileSync(filename, 'latin1');
    } catch (e) {
      return `Error loading ACLs, opening file '${filename}': ${strerror(e)}`;
    }
    const users = new Map<string, User>();
    let errors = '';
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
      const linenum = i + 1;
      if (line === '') continue;
      const argv = line.split(' ').filter((w) => w !== '');
      if (argv.length === 0) continue;
      if (argv[0] !== 'user' || argv.length < 2) {
        errors += `${filename}:${linenum} should start with user keyword followed by the username. `;
        continue;
      }
      if (hasSpaces(argv[1])) {
        errors += `'${filename}:${linenum}: username '${argv[1]}' contains invalid characters. `;
        continue;
      }
      if (users.has(argv[1])) {
        errors += `WARNING: Duplicate user '${argv[1]}' found on line ${linenum}. `;
        continue;
      }
      const u = new User(this.server.commands, argv[1], this.pubsubAll);
      users.set(argv[1], u);
      const merged = mergeSelectorArgs(argv.slice(2));
      if (typeof merged === 'number') {
        errors += `${filename}:${linenum}: Unmatched parenthesis in selector definition.`;
        continue;
      }
      // Unknown commands are all named (nothing secret in them); of the
      // other errors only the first is told, as it may garble the rest.
      let syntaxError = false;
      for (const raw of merged) {
        const op = raw.replace(/^[\t\r\n]+|[\t\r\n]+$/g, '');
        try {
          u.apply(op, this.pubsubAll);
        } catch (e) {
          if (!(e instanceof RuleError)) throw e;
          if (e.code === 'ENOENT') errors += `${filename}:${linenum}: Error in applying operation '${op}': ${ruleErrorText(e)}. `;
          else if (!syntaxError) {
            errors += `${filename}:${linenum}: ${ruleErrorText(e)}. `;
            syntaxError = true;
          }
        }
      }
    }
    if (errors !== '') return errors + 'WARNING: ACL errors detected, no change to the previously active ACL rules was performed';
    if (!users.has('default')) users.set('default', this.createDefault());
    const old = this.users;
    const oldNames = [...old.keys()];
    old.clear();
    for (const [k, v] of users) old.set(k, v);
    // Clients of users that no longer exist are logged out, as freeing the old set does in Redis.
    for (const n of oldNames) if (n !== 'default') this.logoutClientsOf(n);
    return null;
  }

  /** ACLSaveToFile: true on success. */
  saveFile(filename: string): boolean {
    const text = this.listLines().map((l) => l + '\n').join('');
    try {
      replaceFileAtomically(filename, `${filename}.tmp-${process.pid}-${Date.now()}`, text);
      return true;
    } catch (e) {
      this.server.log.warn(`Writing ACL file for ACL SAVE: ${strerror(e)}`);
      return false;
    }
  }
}

/** A CLIENT LIST line for ACL LOG entries. */
function clientInfo(c: Client, cmdName: string): string {
  const now = Date.now();
  const flags = (c.multi !== null ? 'x' : '') || 'N';
  return `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=${c.fd} name=${c.name} age=${Math.floor((now - c.createdAt) / 1000)} ` +
    `idle=${Math.floor((now - c.lastInteraction) / 1000)} flags=${flags} db=${c.db.id} sub=${c.channels?.size ?? 0} ` +
    `psub=${c.patterns?.size ?? 0} ssub=${c.shardChannels?.size ?? 0} multi=${c.multi !== null ? c.multi.queue.length : -1} ` +
    `qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=${cmdName} user=${c.user} redir=-1 resp=${c.resp}`;
}

/** Installs ACLs into the server: hooks, requirepass, `user` directives and aclfile. */
export function installAcl(server: Server): AclManager {
  const acl = new AclManager(server);
  server.services.acl = acl;
  server.acl = acl;
  server.auth = acl;
  const rp = server.config.str('requirepass');
  if (rp !== '') acl.setRequirepass(rp);
  server.config.onChange('requirepass', (_n, v) => acl.setRequirepass(v as string));
  const lines = (server.config.get('user') as string[] | undefined) ?? [];
  const aclfile = server.config.str('aclfile');
  if (aclfile !== '' && lines.length !== 0) {
    throw new Error('Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.');
  }
  acl.loadConfigured(lines);
  // rewriteConfigUserOption: the live users (hashed passwords), every one
  // forced; with an aclfile the users live there and `user` lines go away
  server.config.onRewrite('user', () => (server.config.str('aclfile') !== '' ? null : { lines: acl.listLines(), force: true }));
  if (aclfile !== '') {
    const err = acl.loadFile(aclfile);
    if (err !== null) throw new Error(`Aborting Redis startup because of ACL errors: ${err}`);
  }
  return acl;
}

declare module '../server/server.js' {
  interface Services {
    acl: AclManager;
  }
}

export function aclOf(server: Server): AclManager {
  return serviceOf(server, 'acl');
}
