/**
 * ACL users, selectors and permission checks, following Redis 7.0's model:
 * a user has flags, SHA-256 password hashes and a list of selectors (the
 * first is the "root" selector set by plain rules, the others come from
 * `(…)`). A selector holds one permission bit per command (plus a "future
 * commands" bit set only by +@all), key patterns with read/write flags,
 * channel patterns and first-argument exceptions (`+select|0`).
 *
 * The command universe is the server's CommandTable, which holds every
 * Redis 7.0 command, implemented or not, so `ACL CAT geo` and `+geoadd`
 * behave as in Redis. A command's permission bit is its catalog id.
 */
import { randomBytes } from 'node:crypto';
import { ACL_CATEGORIES, F_NO_AUTH, type CommandSpec, type CommandTable } from '../catalog/spec.js';
import { keyRefs } from '../catalog/key-extract.js';
import { compileGlob, globMatch, stringMatch, type Glob } from '../keyspace/glob.js';
import { sha256Hex, safeHexEqual } from './auth.js';
import type { Client } from '../server/client.js';

export const R_PERM = 1;
export const W_PERM = 2;
export const ALL_PERM = 3;

/** Denial reasons, ordered as Redis ranks them when selectors disagree. */
export const ACL_OK = 0;
export const DENIED_CMD = 1;
export const DENIED_KEY = 2;
export const DENIED_AUTH = 3;
export const DENIED_CHANNEL = 4;

export function categoryBit(name: string): number {
  const i = (ACL_CATEGORIES as readonly string[]).indexOf(name.toLowerCase());
  return i < 0 ? 0 : 1 << i;
}

export interface KeyPattern {
  pattern: string;
  flags: number;
  glob: Glob;
}

/** Error codes of a failed rule, mapped to Redis's texts by ruleErrorText. */
export class RuleError extends Error {
  constructor(readonly code: 'ENOENT' | 'EINVAL' | 'EEXIST' | 'EISDIR' | 'ENODEV' | 'EBADMSG' | 'ECHILD' | 'EALREADY') {
    super(code);
  }
}

export function ruleErrorText(e: RuleError): string {
  switch (e.code) {
    case 'ENOENT': return 'Unknown command or category name in ACL';
    case 'EINVAL': return 'Syntax error';
    case 'EEXIST': return "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
    case 'EISDIR': return "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";
    case 'ENODEV': return 'The password you are trying to remove from the user does not exist';
    case 'EBADMSG': return 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters';
    case 'EALREADY': return 'Duplicate user found. A user can only be defined once in config files';
    case 'ECHILD': return 'Allowing first-arg of a subcommand is not supported';
  }
}

/** isspace() or NUL anywhere: Redis refuses such names and patterns. */
export function hasSpaces(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 0 || ch === 32 || (ch >= 9 && ch <= 13)) return true;
  }
  return false;
}

export class Selector {
  bits: Uint8Array;
  allKeys = false;
  allChannels = false;
  allCommands = false;
  patterns: KeyPattern[] = [];
  channels: string[] = [];
  /** Command id → allowed first arguments (`+select|0`). */
  firstArgs: Map<number, string[]> | null = null;

  constructor(readonly table: CommandTable, readonly root: boolean, pubsubAll: boolean) {
    // one bit per catalog command, and a last one for "commands added in the future" (+@all)
    this.bits = new Uint8Array(table.catalog.length + 1);
    this.allChannels = pubsubAll;
  }

  clone(): Selector {
    const s = new Selector(this.table, this.root, this.allChannels);
    s.bits = this.bits.slice();
    s.allKeys = this.allKeys;
    s.allCommands = this.allCommands;
    s.patterns = this.patterns.map((p) => ({ ...p }));
    s.channels = [...this.channels];
    if (this.firstArgs !== null) {
      s.firstArgs = new Map();
      for (const [k, v] of this.firstArgs) s.firstArgs.set(k, [...v]);
    }
    return s;
  }

  setBit(id: number, allow: boolean): void {
    this.bits[id] = allow ? 1 : 0;
    if (!allow) this.allCommands = false;
  }

  /** ACLChangeSelectorPerm: a container carries its subcommands along. */
  changePerm(cmd: CommandSpec, allow: boolean): void {
    this.setBit(cmd.id, allow);
    this.firstArgs?.delete(cmd.id);
    for (const s of cmd.children) this.setBit(s.id, allow);
  }

  setCategory(mask: number, allow: boolean): void {
    for (const cmd of this.table.catalog) if ((cmd.categoryMask & mask) !== 0) this.changePerm(cmd, allow);
  }

  canRunFuture(): boolean {
    return this.bits[this.bits.length - 1] === 1;
  }

  /** One rule (ACLSetSelector); throws RuleError. */
  apply(op: string): void {
    const lower = op.toLowerCase();
    const U = this.table;
    if (lower === 'allkeys' || op === '~*') {
      this.allKeys = true;
      this.patterns = [];
    } else if (lower === 'resetkeys') {
      this.allKeys = false;
      this.patterns = [];
    } else if (lower === 'allchannels' || op === '&*') {
      this.allChannels = true;
      this.channels = [];
    } else if (lower === 'resetchannels') {
      this.allChannels = false;
      this.channels = [];
    } else if (lower === 'allcommands' || lower === '+@all') {
      this.bits.fill(1);
      this.allCommands = true;
      this.firstArgs = null;
    } else if (lower === 'nocommands' || lower === '-@all') {
      this.bits.fill(0);
      this.allCommands = false;
      this.firstArgs = null;
    } else if (op[0] === '~' || op[0] === '%') {
      if (this.allKeys) throw new RuleError('EEXIST');
      let flags = 0;
      let off = 1;
      if (op[0] === '%') {
        for (; off < op.length; off++) {
          const ch = op[off].toUpperCase();
          if (ch === 'R' && !(flags & R_PERM)) flags |= R_PERM;
          else if (ch === 'W' && !(flags & W_PERM)) flags |= W_PERM;
          else if (op[off] === '~') { off++; break; }
          else throw new RuleError('EINVAL');
        }
      } else {
        flags = ALL_PERM;
      }
      const pat = op.slice(off);
      if (hasSpaces(pat)) throw new RuleError('EINVAL');
      const existing = this.patterns.find((p) => p.pattern === pat);
      if (existing) existing.flags |= flags;
      else this.patterns.push({ pattern: pat, flags, glob: compileGlob(pat) });
      this.allKeys = false;
    } else if (op[0] === '&') {
      if (this.allChannels) throw new RuleError('EISDIR');
      const pat = op.slice(1);
      if (hasSpaces(pat)) throw new RuleError('EINVAL');
      if (!this.channels.includes(pat)) this.channels.push(pat);
      this.allChannels = false;
    } else if (op[0] === '+' && op[1] !== '@') {
      const body = op.slice(1);
      const bar = body.lastIndexOf('|');
      if (bar < 0) {
        const cmd = U.find(body);
        if (cmd === undefined) throw new RuleError('ENOENT');
        this.changePerm(cmd, true);
      } else {
        const cmd = U.find(body.slice(0, bar));
        const sub = body.slice(bar + 1);
        if (cmd === undefined) throw new RuleError('ENOENT');
        if (cmd.parent !== null) throw new RuleError('ECHILD');
        if (sub.length === 0) throw new RuleError('EINVAL');
        if (cmd.children.length !== 0) {
          const sc = U.find(body);
          if (sc === undefined) throw new RuleError('ENOENT');
          this.changePerm(sc, true);
        } else {
          if (this.firstArgs === null) this.firstArgs = new Map();
          const list = this.firstArgs.get(cmd.id) ?? [];
          if (!list.some((a) => a.toLowerCase() === sub.toLowerCase())) list.push(sub);
          this.firstArgs.set(cmd.id, list);
        }
      }
    } else if (op[0] === '-' && op[1] !== '@') {
      const cmd = U.find(op.slice(1));
      if (cmd === undefined) throw new RuleError('ENOENT');
      this.changePerm(cmd, false);
    } else if ((op[0] === '+' || op[0] === '-') && op[1] === '@') {
      const mask = categoryBit(op.slice(2));
      if (mask === 0) throw new RuleError('ENOENT');
      this.setCategory(mask, op[0] === '+');
    } else {
      throw new RuleError('EINVAL');
    }
  }

  private countCategory(bits: Uint8Array, mask: number): [number, number] {
    let on = 0;
    let off = 0;
    for (const cmd of this.table.catalog) {
      if ((cmd.categoryMask & mask) === 0) continue;
      if (bits[cmd.id]) on++;
      else off++;
    }
    return [on, off];
  }

  /** ACLDescribeSelectorCommandRules: best-fit categories, then single commands. */
  describeCommands(): string {
    const additive = !this.canRunFuture();
    const rules: string[] = [additive ? '-@all' : '+@all'];
    const fake = new Selector(this.table, false, false);
    fake.apply(additive ? '-@all' : '+@all');
    const temp = new Selector(this.table, false, false);
    temp.bits = this.bits.slice();
    const applied = new Array<boolean>(ACL_CATEGORIES.length).fill(false);
    for (;;) {
      let best = -1;
      let mindiff = Infinity;
      let maxsame = 0;
      for (let j = 0; j < ACL_CATEGORIES.length; j++) {
        if (applied[j]) continue;
        const [on, off] = this.countCategory(temp.bits, 1 << j);
        const diff = additive ? off : on;
        const same = additive ? on : off;
        if (same > diff && (diff < mindiff || (diff === mindiff && same > maxsame))) {
          best = j;
          mindiff = diff;
          maxsame = same;
        }
      }
      if (best < 0) break;
      fake.setCategory(1 << best, additive);
      temp.setCategory(1 << best, !additive);
      rules.push((additive ? '+@' : '-@') + ACL_CATEGORIES[best]);
      applied[best] = true;
    }
    const single = (cmd: CommandSpec): void => {
      const userbit = this.bits[cmd.id] === 1;
      const fakebit = fake.bits[cmd.id] === 1;
      if (userbit !== fakebit) {
        rules.push((userbit ? '+' : '-') + cmd.fullName);
        fake.changePerm(cmd, userbit);
      }
      for (const s of cmd.children) single(s);
      const fa = this.firstArgs?.get(cmd.id);
      if (!userbit && fa !== undefined) for (const a of fa) rules.push(`+${cmd.fullName}|${a}`);
    };
    for (const cmd of this.table.topLevel) single(cmd);
    return rules.join(' ');
  }

  keysString(): string {
    if (this.allKeys) return '~*';
    return this.patterns.map(patternString).join(' ');
  }

  channelsString(): string {
    if (this.allChannels) return '&*';
    return this.channels.map((c) => '&' + c).join(' ');
  }

  /** ACLDescribeSelector: keys, channels, commands. */
  describe(): string {
    let res = '';
    if (this.allKeys) res += '~* ';
    else for (const p of this.patterns) res += patternString(p) + ' ';
    if (this.allChannels) res += '&* ';
    else {
      res += 'resetchannels ';
      for (const c of this.channels) res += '&' + c + ' ';
    }
    return res + this.describeCommands();
  }

  checkKey(key: string, keyFlags: number): boolean {
    if (this.allKeys) return true;
    for (const p of this.patterns) {
      if ((p.flags & keyFlags) !== keyFlags) continue;
      if (globMatch(p.glob, key)) return true;
    }
    return false;
  }

  /** ACLSelectorHasUnrestrictedKeyAccess: every key with `keyFlags` (allkeys, or a `*` pattern granting them). */
  unrestrictedKeys(keyFlags: number): boolean {
    if (this.allKeys) return true;
    return this.patterns.some((p) => (p.flags & keyFlags) === keyFlags && p.pattern === '*');
  }

  checkChannel(channel: string, literal: boolean): boolean {
    if (this.allChannels) return true;
    for (const p of this.channels) {
      if (literal ? p === channel : stringMatch(p, channel)) return true;
    }
    return false;
  }
}

function patternString(p: KeyPattern): string {
  if (p.flags === ALL_PERM) return '~' + p.pattern;
  if (p.flags === R_PERM) return '%R~' + p.pattern;
  return '%W~' + p.pattern;
}

export class User {
  enabled = false;
  nopass = false;
  /** 1 = sanitize-payload, 2 = skip-sanitize-payload, 0 = neither. */
  sanitize = 0;
  passwords: string[] = [];
  selectors: Selector[];

  constructor(readonly table: CommandTable, readonly name: string, pubsubAll: boolean) {
    this.selectors = [new Selector(table, true, pubsubAll)];
  }

  get root(): Selector {
    return this.selectors[0];
  }

  clone(name = this.name): User {
    const u = new User(this.table, name, false);
    u.enabled = this.enabled;
    u.nopass = this.nopass;
    u.sanitize = this.sanitize;
    u.passwords = [...this.passwords];
    u.selectors = this.selectors.map((s) => s.clone());
    return u;
  }

  /** ACLSetUser: one rule; throws RuleError. */
  apply(op: string, pubsubAll: boolean): void {
    if (op.length === 0) return;
    const lower = op.toLowerCase();
    if (lower === 'on') this.enabled = true;
    else if (lower === 'off') this.enabled = false;
    else if (lower === 'skip-sanitize-payload') this.sanitize = 2;
    else if (lower === 'sanitize-payload') this.sanitize = 1;
    else if (lower === 'nopass') {
      this.nopass = true;
      this.passwords = [];
    } else if (lower === 'resetpass') {
      this.nopass = false;
      this.passwords = [];
    } else if (op[0] === '>' || op[0] === '#') {
      const hash = op[0] === '>' ? sha256Hex(op.slice(1)) : checkedHash(op.slice(1));
      if (!this.passwords.includes(hash)) this.passwords.push(hash);
      this.nopass = false;
    } else if (op[0] === '<' || op[0] === '!') {
      const hash = op[0] === '<' ? sha256Hex(op.slice(1)) : checkedHash(op.slice(1));
      const i = this.passwords.indexOf(hash);
      if (i < 0) throw new RuleError('ENODEV');
      this.passwords.splice(i, 1);
    } else if (op[0] === '(' && op[op.length - 1] === ')') {
      const s = new Selector(this.table, false, pubsubAll);
      for (const part of splitSelector(op.slice(1, -1))) s.apply(part);
      this.selectors.push(s);
    } else if (lower === 'clearselectors') {
      this.selectors.length = 1;
    } else if (lower === 'reset') {
      this.apply('resetpass', pubsubAll);
      this.apply('resetkeys', pubsubAll);
      this.apply('resetchannels', pubsubAll);
      if (pubsubAll) this.apply('allchannels', pubsubAll);
      this.apply('off', pubsubAll);
      this.apply('sanitize-payload', pubsubAll);
      this.apply('clearselectors', pubsubAll);
      this.apply('-@all', pubsubAll);
    } else {
      this.root.apply(op);
    }
  }

  /** ACLDescribeUser: the rule string of ACL LIST after "user <name> ". */
  describe(): string {
    let res = '';
    res += this.enabled ? 'on ' : 'off ';
    if (this.nopass) res += 'nopass ';
    if (this.sanitize === 2) res += 'skip-sanitize-payload ';
    if (this.sanitize === 1) res += 'sanitize-payload ';
    for (const p of this.passwords) res += '#' + p + ' ';
    for (const s of this.selectors) {
      res += s.root ? s.describe() : ` (${s.describe()})`;
    }
    return res;
  }

  flagNames(): string[] {
    const out = [this.enabled ? 'on' : 'off'];
    if (this.nopass) out.push('nopass');
    if (this.sanitize === 2) out.push('skip-sanitize-payload');
    if (this.sanitize === 1) out.push('sanitize-payload');
    return out;
  }

  /** Fast path: everything allowed (the default user as shipped). */
  unrestricted(): boolean {
    const r = this.root;
    return r.allCommands && r.allKeys && r.allChannels;
  }
}

function checkedHash(h: string): string {
  if (h.length !== 64) throw new RuleError('EBADMSG');
  for (let i = 0; i < 64; i++) {
    const ch = h.charCodeAt(i);
    if (!((ch >= 48 && ch <= 57) || (ch >= 97 && ch <= 102))) throw new RuleError('EBADMSG');
  }
  return h;
}

/** Splits a selector body the way sdssplitargs does (spaces, quotes). */
function splitSelector(body: string): string[] {
  return body.split(/[ \t\r\n]+/).filter((w) => w !== '');
}

/**
 * Joins `(` … `)` arguments that arrived as separate words
 * (ACLMergeSelectorArguments). Returns the index of an unclosed selector
 * as a number instead of the list.
 */
export function mergeSelectorArgs(args: string[]): string[] | number {
  const out: string[] = [];
  let open = -1;
  let cur = '';
  for (let j = 0; j < args.length; j++) {
    const op = args[j];
    if (open < 0 && op[0] === '(' && op[op.length - 1] !== ')') {
      cur = op;
      open = j;
      continue;
    }
    if (open >= 0) {
      cur += ' ' + op;
      if (op[op.length - 1] === ')') {
        open = -1;
        out.push(cur);
      }
      continue;
    }
    out.push(op);
  }
  return open >= 0 ? open : out;
}

export interface CheckResult {
  code: number;
  /** Argument index of the denied key or channel. */
  idx: number;
}

const CHANNEL_CMDS: Record<string, 'one' | 'all' | 'pattern'> = {
  publish: 'one', spublish: 'one', subscribe: 'all', ssubscribe: 'all', psubscribe: 'pattern',
};

/** ACLSelectorCheckCmd for one selector. */
function checkSelector(s: Selector, cmd: CommandSpec, argv: string[], keys: () => [number, number][]): CheckResult {
  if (!s.allCommands && (cmd.flags & F_NO_AUTH) === 0 && s.bits[cmd.id] === 0) {
    const fa = s.firstArgs?.get(cmd.id);
    if (argv.length < 2 || fa === undefined) return { code: DENIED_CMD, idx: 0 };
    const arg = argv[cmd.parent !== null ? 2 : 1];
    if (arg === undefined || !fa.some((a) => a.toLowerCase() === arg.toLowerCase())) return { code: DENIED_CMD, idx: 0 };
  }
  if (!s.allKeys && cmd.facts.keySpecs.length !== 0) {
    for (const [pos, flags] of keys()) {
      if (!s.checkKey(argv[pos], flags)) return { code: DENIED_KEY, idx: pos };
    }
  }
  const kind = s.allChannels ? undefined : CHANNEL_CMDS[cmd.fullName];
  if (kind !== undefined) {
    const last = kind === 'one' ? 2 : argv.length;
    for (let j = 1; j < last && j < argv.length; j++) {
      if (!s.checkChannel(argv[j], kind === 'pattern')) return { code: DENIED_CHANNEL, idx: j };
    }
  }
  return { code: ACL_OK, idx: 0 };
}

/**
 * Key specs flagged VARIABLE_FLAGS get their real flags from the command's
 * getkeys procedure in Redis: SET without GET only writes, BITFIELD with only
 * GET operations only reads.
 */
function variableKeyFlags(cmd: CommandSpec, argv: string[], refs: [number, number][]): [number, number][] {
  if (refs.length === 0) return refs;
  if (cmd.fullName === 'set') {
    let get = false;
    for (let i = 3; i < argv.length; i++) if (argv[i].toUpperCase() === 'GET') get = true;
    refs[0][1] = get ? R_PERM | W_PERM : W_PERM;
  } else if (cmd.fullName === 'bitfield') {
    let write = false;
    for (let i = 2; i < argv.length; i++) {
      const a = argv[i].toUpperCase();
      if (a === 'SET' || a === 'INCRBY') write = true;
    }
    refs[0][1] = write ? R_PERM | W_PERM : R_PERM;
  }
  return refs;
}

/** The command's key positions and flags, computed once on first use and shared by the selectors. */
function lazyKeys(cmd: CommandSpec, argv: string[]): () => [number, number][] {
  let cache: [number, number][] | null = null;
  return () => (cache ??= variableKeyFlags(cmd, argv, keyRefs(cmd, argv)));
}

/** ACLCheckAllUserCommandPerm: allowed when any selector allows. */
export function checkUser(u: User, cmd: CommandSpec, argv: string[]): CheckResult {
  const keys = lazyKeys(cmd, argv);
  let best: CheckResult = { code: DENIED_CMD, idx: 0 };
  for (const s of u.selectors) {
    const r = checkSelector(s, cmd, argv, keys);
    if (r.code === ACL_OK) return r;
    if (r.code > best.code || (r.code === best.code && r.idx > best.idx)) best = r;
  }
  return best;
}

/**
 * ACLUserCheckCmdWithUnrestrictedKeyAccess: some selector both allows the
 * command and grants `keyFlags` on every key. Commands that read keys named
 * by patterns rather than by their key specs (SORT's BY and GET) need it.
 */
export function userHasUnrestrictedKeys(u: User, cmd: CommandSpec, argv: string[], keyFlags: number): boolean {
  const keys = lazyKeys(cmd, argv);
  return u.selectors.some((s) => checkSelector(s, cmd, argv, keys).code === ACL_OK && s.unrestrictedKeys(keyFlags));
}

export function genpass(bits: number): string {
  const chars = Math.floor((bits + 3) / 4);
  return randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars);
}

export type { Client };
