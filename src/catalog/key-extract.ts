/**
 * Key extraction: which arguments of a command line are keys, and with
 * which access flags. COMMAND GETKEYS/GETKEYSANDFLAGS answer from here, and
 * ACL key patterns and cluster slot checks are meant to reuse it.
 *
 * Like Redis's getKeysFromCommandWithSpecs, the key specs of the command
 * facts are tried first. A spec whose keys cannot be found (an "unknown"
 * spec, an INCOMPLETE one, a key count out of range) makes the whole spec
 * walk fail, and the command's hand-written extractor is used instead — the
 * same fallback procs Redis has (SORT's STORE, MIGRATE's KEYS, …). Commands
 * whose specs carry VARIABLE_FLAGS (SET, BITFIELD) go straight to their proc,
 * because only the proc knows whether this call reads or overwrites.
 */
import type { CommandSpec } from './spec.js';
import type { KeySpecFacts } from './facts.js';
import { parseI64Number, atoi } from '../protocol/ints.js';

// Key spec flag bits, in the order Redis lists them in replies.
export const KEY_RO = 1 << 0;
export const KEY_RW = 1 << 1;
export const KEY_OW = 1 << 2;
export const KEY_RM = 1 << 3;
export const KEY_ACCESS = 1 << 4;
export const KEY_UPDATE = 1 << 5;
export const KEY_INSERT = 1 << 6;
export const KEY_DELETE = 1 << 7;
export const KEY_NOT_KEY = 1 << 8;
export const KEY_INCOMPLETE = 1 << 9;
export const KEY_VARIABLE_FLAGS = 1 << 10;

/** Flag names as COMMAND INFO and GETKEYSANDFLAGS print them, in bit order. */
const KEY_FLAG_NAMES: readonly [number, string, string][] = [
  [KEY_RO, 'RO', 'RO'], [KEY_RW, 'RW', 'RW'], [KEY_OW, 'OW', 'OW'], [KEY_RM, 'RM', 'RM'],
  [KEY_ACCESS, 'ACCESS', 'access'], [KEY_UPDATE, 'UPDATE', 'update'], [KEY_INSERT, 'INSERT', 'insert'],
  [KEY_DELETE, 'DELETE', 'delete'], [KEY_NOT_KEY, 'NOT_KEY', 'not_key'],
  [KEY_INCOMPLETE, 'INCOMPLETE', 'incomplete'], [KEY_VARIABLE_FLAGS, 'VARIABLE_FLAGS', 'variable_flags'],
];

export function keyFlagNames(flags: number): string[] {
  const out: string[] = [];
  for (const [bit, , name] of KEY_FLAG_NAMES) if (flags & bit) out.push(name);
  return out;
}

function parseKeyFlags(names: readonly string[] | undefined): number {
  let flags = 0;
  for (const n of names ?? []) {
    const entry = KEY_FLAG_NAMES.find((e) => e[1] === n);
    if (entry) flags |= entry[0];
  }
  return flags;
}

/** One key found in argv: its index and the access flags of the spec (or proc) that found it. */
export interface KeyRef {
  pos: number;
  flags: number;
}

export interface KeySearchOptions {
  /** Also report arguments of NOT_KEY specs (shard channels), as cluster routing needs. */
  includeNotKeys?: boolean;
  /** Keep the keys of the specs that worked instead of failing as a whole. */
  returnPartial?: boolean;
}

/** A command's key specs with their flags parsed once. */
interface Compiled {
  specs: readonly KeySpecFacts[];
  flags: number[];
  /** OR of all spec flags, and OR of the inverted flags (to ask "has a spec without X"). */
  all: number;
  allInverted: number;
  proc: KeyProc | undefined;
}

type KeyProc = (argv: readonly string[]) => KeyRef[];

const compiled = new WeakMap<CommandSpec, Compiled>();

function compile(cmd: CommandSpec): Compiled {
  let c = compiled.get(cmd);
  if (c !== undefined) return c;
  const specs = cmd.facts.keySpecs;
  const flags = specs.map((ks) => parseKeyFlags(ks.flags));
  let all = 0;
  let allInverted = 0;
  for (const f of flags) {
    all |= f;
    allInverted |= ~f;
  }
  c = { specs, flags, all, allInverted, proc: KEY_PROCS[cmd.fullName] };
  compiled.set(cmd, c);
  return c;
}

/** The flags of each key spec, in spec order (COMMAND INFO). */
export function keySpecFlags(cmd: CommandSpec): readonly number[] {
  return compile(cmd).flags;
}

/** doesCommandHaveKeys: a key proc, or a spec that is not NOT_KEY. */
export function commandHasKeys(cmd: CommandSpec): boolean {
  const c = compile(cmd);
  return c.proc !== undefined || (c.allInverted & KEY_NOT_KEY) !== 0;
}

/**
 * The keys of `argv` (argv[0] is the command name; for a subcommand argv[1]
 * is its name). Empty when none can be found, which for most commands means
 * the call is malformed.
 */
export function getKeys(cmd: CommandSpec, argv: readonly string[], opts: KeySearchOptions = {}): KeyRef[] {
  const c = compile(cmd);
  const hasKeySpec = (c.allInverted & KEY_NOT_KEY) !== 0;
  const hasVariableFlags = (c.all & KEY_VARIABLE_FLAGS) !== 0;
  if (hasKeySpec && !hasVariableFlags) {
    const keys = keysFromSpecs(c, cmd.arity, argv, opts);
    if (keys !== null) return keys;
  }
  return c.proc !== undefined ? c.proc(argv) : [];
}

/** getKeysUsingKeySpecs: null when a spec cannot be resolved (the caller falls back to the proc). */
function keysFromSpecs(c: Compiled, arity: number, argv: readonly string[], opts: KeySearchOptions): KeyRef[] | null {
  const argc = argv.length;
  const keys: KeyRef[] = [];
  for (let j = 0; j < c.specs.length; j++) {
    const spec = c.specs[j];
    const flags = c.flags[j];
    if ((flags & KEY_NOT_KEY) !== 0 && !opts.includeNotKeys) continue;
    let ok = true;
    let first = 0;
    let last = 0;
    let step = 1;
    const bs = spec.begin_search;
    const fk = spec.find_keys;
    if (bs.index !== undefined) {
      first = bs.index.pos;
    } else if (bs.keyword !== undefined) {
      first = findKeyword(argv, bs.keyword.keyword, bs.keyword.startfrom);
      if (first === 0) continue; // keyword absent: this spec has no keys here
    } else {
      ok = false;
    }
    if (ok) {
      if (fk.range !== undefined) {
        const r = fk.range;
        step = r.step;
        if (r.lastkey >= 0) last = first + r.lastkey;
        else if (r.limit === 0) last = argc + r.lastkey;
        else last = first + (Math.trunc((argc - first) / r.limit) + r.lastkey);
      } else if (fk.keynum !== undefined) {
        const kn = fk.keynum;
        step = kn.step;
        const at = first + kn.keynumidx;
        const numkeys = at < argc ? parseI64Number(argv[at]) : null;
        if (numkeys === null || numkeys < 0) {
          ok = false;
        } else {
          first += kn.firstkey;
          last = first + (numkeys | 0) - 1; // Redis narrows the count to a C int
        }
      } else {
        ok = false;
      }
    }
    if (ok && (last >= argc || last < first || first >= argc)) ok = false;
    if (ok) {
      for (let i = first; i <= last; i += step) {
        // Variadic commands are not arity-checked against their key layout; skip what is missing.
        if (i >= argc && arity < 0) continue;
        keys.push({ pos: i, flags });
      }
      if ((flags & KEY_INCOMPLETE) === 0) continue;
    }
    if (opts.returnPartial) continue;
    return null;
  }
  return keys;
}

/**
 * Where a keyword begin_search lands: the index after the keyword, or 0.
 * A positive `startfrom` searches forward and never looks at the last
 * argument; a negative one searches backward from argc+startfrom and never
 * looks at argv[0] — exactly Redis's loop bounds.
 */
function findKeyword(argv: readonly string[], keyword: string, startfrom: number): number {
  const argc = argv.length;
  const start = startfrom > 0 ? startfrom : argc + startfrom;
  const end = startfrom > 0 ? argc - 1 : 0;
  const up = start <= end;
  for (let i = start; i !== end; i = up ? i + 1 : i - 1) {
    if (i >= argc || i < 1) break;
    if (eqIgnoreCase(argv[i], keyword)) return i + 1;
  }
  return 0;
}

function eqIgnoreCase(a: string, upper: string): boolean {
  return a.length === upper.length && a.toUpperCase() === upper.toUpperCase();
}

// ---- Hand-written extractors (Redis's getkeys_proc functions) ----

/**
 * genericGetKeys: a key count at `countAt`, the keys from `firstAt`, and an
 * optional destination key at `storeAt` reported last. Flags are unknown (0).
 */
function countedKeys(storeAt: number, countAt: number, firstAt: number): KeyProc {
  return (argv) => {
    const num = atoi(argv[countAt]);
    if (num < 1 || num > argv.length - firstAt) return [];
    const keys: KeyRef[] = [];
    for (let i = 0; i < num; i++) keys.push({ pos: firstAt + i, flags: 0 });
    if (storeAt !== 0) keys.push({ pos: storeAt, flags: 0 });
    return keys;
  };
}

/** SET: reads the old value only with GET. */
function setKeys(argv: readonly string[]): KeyRef[] {
  for (let i = 3; i < argv.length; i++) {
    if (eqIgnoreCase(argv[i], 'GET')) return [{ pos: 1, flags: KEY_RW | KEY_ACCESS | KEY_UPDATE }];
  }
  return [{ pos: 1, flags: KEY_OW | KEY_UPDATE }];
}

/** BITFIELD: read-only unless a SET/INCRBY (or anything unparsable) appears. */
function bitfieldKeys(argv: readonly string[]): KeyRef[] {
  let readonly = true;
  for (let i = 2; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const a = argv[i];
    if (eqIgnoreCase(a, 'GET') && more >= 2) i += 2;
    else if ((eqIgnoreCase(a, 'SET') || eqIgnoreCase(a, 'INCRBY')) && more >= 3) { readonly = false; break; }
    else if (eqIgnoreCase(a, 'OVERFLOW') && more >= 1) i += 1;
    else { readonly = false; break; }
  }
  return [{ pos: 1, flags: readonly ? KEY_RO | KEY_ACCESS : KEY_RW | KEY_ACCESS | KEY_UPDATE }];
}

/** SORT: the sorted key, plus the last STORE destination (BY/GET/LIMIT arguments skipped). */
function sortKeys(argv: readonly string[]): KeyRef[] {
  const keys: KeyRef[] = [{ pos: 1, flags: KEY_RO | KEY_ACCESS }];
  let store = 0;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (eqIgnoreCase(a, 'LIMIT')) i += 2;
    else if (eqIgnoreCase(a, 'STORE') && i + 1 < argv.length) store = i + 1;
    else if (eqIgnoreCase(a, 'GET') || eqIgnoreCase(a, 'BY')) i += 1;
  }
  if (store !== 0) keys.push({ pos: store, flags: KEY_OW | KEY_UPDATE });
  return keys;
}

function sortRoKeys(): KeyRef[] {
  return [{ pos: 1, flags: KEY_RO | KEY_ACCESS }];
}

/** MIGRATE: the key argument, or everything after KEYS (which needs an empty key argument). */
function migrateKeys(argv: readonly string[]): KeyRef[] {
  let first = 3;
  let num = 1;
  if (argv.length > 6) {
    for (let i = 6; i < argv.length; i++) {
      const a = argv[i];
      if (eqIgnoreCase(a, 'KEYS')) {
        if (argv[3].length > 0) return [];
        first = i + 1;
        num = argv.length - first;
        break;
      }
      if (eqIgnoreCase(a, 'AUTH')) i += 1;
      else if (eqIgnoreCase(a, 'AUTH2')) i += 2;
    }
  }
  const keys: KeyRef[] = [];
  for (let i = 0; i < num; i++) keys.push({ pos: first + i, flags: KEY_RW | KEY_ACCESS | KEY_DELETE });
  return keys;
}

/** GEORADIUS[BYMEMBER]: the key, plus the last STORE/STOREDIST destination. */
function georadiusKeys(argv: readonly string[]): KeyRef[] {
  let stored = -1;
  for (let i = 5; i < argv.length; i++) {
    if ((eqIgnoreCase(argv[i], 'STORE') || eqIgnoreCase(argv[i], 'STOREDIST')) && i + 1 < argv.length) {
      stored = i + 1;
      i++;
    }
  }
  const keys: KeyRef[] = [{ pos: 1, flags: 0 }];
  if (stored !== -1) keys.push({ pos: stored, flags: 0 });
  return keys;
}

/** XREAD/XREADGROUP: the first half of the arguments after STREAMS. */
function xreadKeys(argv: readonly string[]): KeyRef[] {
  let streamsAt = -1;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (eqIgnoreCase(a, 'BLOCK') || eqIgnoreCase(a, 'COUNT')) i += 1;
    else if (eqIgnoreCase(a, 'GROUP')) i += 2;
    else if (eqIgnoreCase(a, 'NOACK')) continue;
    else if (eqIgnoreCase(a, 'STREAMS')) { streamsAt = i; break; }
    else break;
  }
  const n = argv.length - streamsAt - 1;
  if (streamsAt === -1 || n === 0 || n % 2 !== 0) return [];
  const keys: KeyRef[] = [];
  for (let i = streamsAt + 1; i < argv.length - n / 2; i++) keys.push({ pos: i, flags: 0 });
  return keys;
}

const KEY_PROCS: Record<string, KeyProc> = {
  zunion: countedKeys(0, 1, 2), zinter: countedKeys(0, 1, 2), zdiff: countedKeys(0, 1, 2),
  zunionstore: countedKeys(1, 2, 3), zinterstore: countedKeys(1, 2, 3), zdiffstore: countedKeys(1, 2, 3),
  eval: countedKeys(0, 2, 3), evalsha: countedKeys(0, 2, 3), eval_ro: countedKeys(0, 2, 3), evalsha_ro: countedKeys(0, 2, 3),
  fcall: countedKeys(0, 2, 3), fcall_ro: countedKeys(0, 2, 3),
  lmpop: countedKeys(0, 1, 2), zmpop: countedKeys(0, 1, 2), sintercard: countedKeys(0, 1, 2), zintercard: countedKeys(0, 1, 2),
  blmpop: countedKeys(0, 2, 3), bzmpop: countedKeys(0, 2, 3),
  set: setKeys,
  bitfield: bitfieldKeys,
  sort: sortKeys,
  sort_ro: sortRoKeys,
  migrate: migrateKeys,
  georadius: georadiusKeys,
  georadiusbymember: georadiusKeys,
  xread: xreadKeys,
  xreadgroup: xreadKeys,
};

/** Argument positions of the keys of `argv` (shorthand for callers that need no flags). */
export function keyPositions(cmd: CommandSpec, argv: readonly string[]): number[] {
  return getKeys(cmd, argv).map((k) => k.pos);
}

/**
 * Key positions with the ACL permission each needs (1 = read for ACCESS,
 * 2 = write for INSERT/DELETE/UPDATE), as ACLSelectorCheckKey reads them.
 */
export function keyRefs(cmd: CommandSpec, argv: readonly string[]): [number, number][] {
  return getKeys(cmd, argv).map((k) => {
    let perm = 0;
    if (k.flags & KEY_ACCESS) perm |= 1;
    if (k.flags & (KEY_INSERT | KEY_DELETE | KEY_UPDATE)) perm |= 2;
    return [k.pos, perm];
  });
}
