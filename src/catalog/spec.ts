/**
 * CommandSpec: one Redis command as data plus its handler.
 *
 * Family modules declare `command('get', handler)`; the facts (arity, flags,
 * key specs, ACL categories, argument grammar) come from the Redis 7.0
 * command JSON, so they are never retyped. COMMAND, ACL categories and key
 * extraction all read these objects.
 */
import { COMMAND_FACTS } from './meta.generated.js';
import type { CommandFacts, KeySpecFacts } from './facts.js';

/**
 * The connection a handler runs for. The catalog is the ground floor and
 * names nothing above it, so this starts empty and the server core's Client
 * fills it in by module augmentation (see server/client.ts): handlers are
 * typed against the real Client without the catalog importing it.
 */
export interface CommandCaller {}
/** Per-command latency recorder; observability/histogram.ts fills it in the same way. */
export interface CommandHistogram {}

export type Handler = (c: CommandCaller, argv: string[]) => void;

// Flag bits for the dispatcher's hot-path checks.
export const F_WRITE = 1 << 0;
export const F_READONLY = 1 << 1;
export const F_DENYOOM = 1 << 2;
export const F_ADMIN = 1 << 3;
export const F_PUBSUB = 1 << 4;
export const F_NOSCRIPT = 1 << 5;
export const F_BLOCKING = 1 << 6;
export const F_LOADING = 1 << 7;
export const F_STALE = 1 << 8;
export const F_SKIP_MONITOR = 1 << 9;
export const F_SKIP_SLOWLOG = 1 << 10;
export const F_FAST = 1 << 11;
export const F_NO_AUTH = 1 << 12;
export const F_MAY_REPLICATE = 1 << 13;
export const F_NO_MULTI = 1 << 14;
export const F_ALLOW_BUSY = 1 << 15;
export const F_NO_MANDATORY_KEYS = 1 << 16;
export const F_NO_ASYNC_LOADING = 1 << 17;
export const F_NO_PROPAGATE = 1 << 18;
export const F_MODULE = 1 << 19;
export const F_ASKING = 1 << 20;
/** Gated by enable-debug-command / enable-module-command. */
export const F_PROTECTED = 1 << 21;

const FLAG_BITS: Record<string, number> = {
  WRITE: F_WRITE, READONLY: F_READONLY, DENYOOM: F_DENYOOM, ADMIN: F_ADMIN, PUBSUB: F_PUBSUB,
  NOSCRIPT: F_NOSCRIPT, BLOCKING: F_BLOCKING, LOADING: F_LOADING, STALE: F_STALE,
  SKIP_MONITOR: F_SKIP_MONITOR, SKIP_SLOWLOG: F_SKIP_SLOWLOG, FAST: F_FAST, NO_AUTH: F_NO_AUTH,
  MAY_REPLICATE: F_MAY_REPLICATE, NO_MULTI: F_NO_MULTI, ALLOW_BUSY: F_ALLOW_BUSY,
  NO_MANDATORY_KEYS: F_NO_MANDATORY_KEYS, NO_ASYNC_LOADING: F_NO_ASYNC_LOADING,
  NO_PROPAGATE: F_NO_PROPAGATE, MODULE: F_MODULE, ASKING: F_ASKING, PROTECTED: F_PROTECTED,
};

/** ACL categories in Redis's bit order (ACL CAT lists them in this order). */
export const ACL_CATEGORIES = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap',
  'hyperloglog', 'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking',
  'dangerous', 'connection', 'transaction', 'scripting',
] as const;

export interface CommandStats {
  calls: number;
  usec: number;
  rejected: number;
  failed: number;
  /** Latency histogram (INFO latencystats, LATENCY HISTOGRAM), created on the first tracked call. */
  histogram: CommandHistogram | null;
}

export class CommandSpec {
  /** Lower-case full name: "get", or "config|get" for a subcommand. */
  readonly fullName: string;
  readonly arity: number;
  readonly flags: number;
  readonly flagNames: string[];
  /** ACL categories without '@', in Redis's reply order. */
  readonly categories: string[];
  readonly categoryMask: number;
  readonly firstKey: number;
  readonly lastKey: number;
  readonly keyStep: number;
  /** Keys cannot be found by (first, last, step) alone: COMMAND GETKEYS must read the specs. */
  readonly movableKeys: boolean;
  /** The implemented subcommands by lower-case name, in registration order: what dispatch and COMMAND see. */
  readonly subcommands = new Map<string, CommandSpec>();
  /** Every Redis 7.0 subcommand, implemented or not, in id order: what ACL rules see. */
  readonly children: CommandSpec[] = [];
  readonly stats: CommandStats = { calls: 0, usec: 0, rejected: 0, failed: 0, histogram: null };
  handler: Handler | null;
  /**
   * Optional gate run by the dispatcher right before the command would be
   * queued or executed: returning true means the client is held (its
   * `postponed` command is re-dispatched later, see pause.ts holdClient).
   * Used while a resource the command needs is still loading (the Lua engine).
   */
  hold: ((c: CommandCaller, argv: string[]) => boolean) | null = null;
  /**
   * Redis's getCommandFlags: the flags of one invocation, when they depend on
   * its arguments (a script's declared flags replace EVAL's and FCALL's).
   * Null: always `flags`. See flagsOf().
   */
  flagsFor: ((c: CommandCaller, argv: string[]) => number) | null = null;

  constructor(
    readonly name: string,
    readonly facts: CommandFacts,
    handler: Handler | null,
    readonly parent: CommandSpec | null = null,
    /** Position in the catalog: the command's ACL permission bit. */
    readonly id = 0,
  ) {
    this.fullName = parent ? `${parent.name}|${name}` : name;
    this.arity = facts.arity;
    this.handler = handler;
    let flags = 0;
    for (const f of facts.flags) flags |= FLAG_BITS[f] ?? 0;
    this.flags = flags;
    this.flagNames = facts.flags.map((f) => f.toLowerCase());
    this.categories = implicitCategories(facts.acl.map((a) => a.toLowerCase()), flags);
    let mask = 0;
    for (const c of this.categories) mask |= 1 << ACL_CATEGORIES.indexOf(c as (typeof ACL_CATEGORIES)[number]);
    this.categoryMask = mask;
    [this.firstKey, this.lastKey, this.keyStep, this.movableKeys] = legacyKeyRange(facts.keySpecs);
  }

  has(flag: number): boolean {
    return (this.flags & flag) !== 0;
  }

  /** respd runs it: a handler, or (a container) at least one implemented subcommand. */
  get implemented(): boolean {
    return this.handler !== null || this.subcommands.size !== 0;
  }
}

/**
 * Redis adds categories implied by flags (setImplicitACLCategories):
 * write -> @write, readonly -> @read (unless @scripting), admin -> @admin
 * and @dangerous, pubsub -> @pubsub, fast -> @fast, blocking -> @blocking,
 * and everything not fast is @slow. The reply lists them in bit order.
 */
function implicitCategories(explicit: string[], flags: number): string[] {
  const set = new Set(explicit);
  if (flags & F_WRITE) set.add('write');
  if (flags & F_READONLY && !set.has('scripting')) set.add('read');
  if (flags & F_ADMIN) { set.add('admin'); set.add('dangerous'); }
  if (flags & F_PUBSUB) set.add('pubsub');
  if (flags & F_FAST) set.add('fast');
  if (flags & F_BLOCKING) set.add('blocking');
  if (!(flags & F_FAST)) set.add('slow');
  return ACL_CATEGORIES.filter((c) => set.has(c));
}

/**
 * The legacy (first, last, step) triple Redis derives from key specs
 * (populateCommandLegacyRangeSpec), and whether the command has "movable"
 * keys that only the key specs can locate.
 */
function legacyKeyRange(specs: KeySpecFacts[]): [number, number, number, boolean] {
  if (specs.length === 0) return [0, 0, 0, false];
  const simple = (ks: KeySpecFacts) => ks.begin_search.index !== undefined && ks.find_keys.range !== undefined;
  const incomplete = (ks: KeySpecFacts) => ks.flags?.includes('INCOMPLETE') ?? false;
  if (specs.length === 1 && simple(specs[0])) {
    const ks = specs[0];
    const pos = ks.begin_search.index!.pos;
    const r = ks.find_keys.range!;
    return [pos, r.lastkey >= 0 ? pos + r.lastkey : r.lastkey, r.step, incomplete(ks)];
  }
  let movable = false;
  let first = Infinity;
  let last = 0;
  let prevLast = 0;
  const asUnsigned = (n: number) => (n < 0 ? 2 ** 32 + n : n);
  for (const ks of specs) {
    if (!simple(ks)) { movable = true; continue; }
    const pos = ks.begin_search.index!.pos;
    const r = ks.find_keys.range!;
    if (r.step !== 1 || (prevLast !== 0 && prevLast !== pos - 1)) { movable = true; continue; }
    if (incomplete(ks)) movable = true;
    first = Math.min(first, pos);
    const abs = r.lastkey >= 0 ? r.lastkey + pos : r.lastkey;
    last = asUnsigned(abs) > asUnsigned(last) ? abs : last;
    prevLast = last;
  }
  if (first === Infinity) return [0, 0, 0, movable];
  return [first, last, 1, movable];
}

/**
 * The command table: every Redis 7.0 command and subcommand from the
 * catalog, each with its handler once a family registers one (`handler:
 * null` = not implemented). Dispatch and COMMAND see the implemented ones;
 * ACL rules see all of them, as in Redis (`+geoadd` is valid even where
 * respd lacks GEOADD).
 */
export class CommandTable {
  /** Implemented top-level commands by lower-case name, in registration order. */
  readonly commands = new Map<string, CommandSpec>();
  /** Every command and subcommand, indexed by id (top-level sorted by name, each followed by its subcommands). */
  readonly catalog: CommandSpec[] = [];
  /** Every top-level command, in id order. */
  readonly topLevel: CommandSpec[] = [];
  private byFullName = new Map<string, CommandSpec>();
  /** Lookup cache that also holds upper-case spellings, so most lookups skip toLowerCase. */
  private fast = new Map<string, CommandSpec>();

  constructor() {
    const names = Object.keys(COMMAND_FACTS).sort();
    for (const name of names) {
      if (name.includes(' ')) continue;
      const top = this.create(name.toLowerCase(), COMMAND_FACTS[name], null);
      this.topLevel.push(top);
      const prefix = name + ' ';
      for (const sub of names) {
        if (sub.startsWith(prefix)) top.children.push(this.create(sub.slice(prefix.length).toLowerCase(), COMMAND_FACTS[sub], top));
      }
    }
  }

  private create(name: string, facts: CommandFacts, parent: CommandSpec | null): CommandSpec {
    const spec = new CommandSpec(name, facts, null, parent, this.catalog.length);
    this.catalog.push(spec);
    this.byFullName.set(spec.fullName, spec);
    return spec;
  }

  /** Gives a catalog command its handler (family registration). */
  add(def: CommandDef): void {
    const spec = this.byFullName.get(def.name);
    if (spec === undefined) throw new Error(`no Redis 7.0 facts for command ${def.name}`);
    spec.handler = def.handler;
    const parent = spec.parent;
    if (parent === null) this.register(spec);
    else {
      if (!this.commands.has(parent.name)) this.register(parent);
      parent.subcommands.set(spec.name, spec);
    }
  }

  private register(spec: CommandSpec): void {
    this.commands.set(spec.name, spec);
    this.fast.set(spec.name, spec);
    this.fast.set(spec.name.toUpperCase(), spec);
  }

  /** An implemented top-level command by name, any case (dispatch's hot path). */
  lookup(name: string): CommandSpec | undefined {
    return this.fast.get(name) ?? this.commands.get(name.toLowerCase());
  }

  /**
   * Any catalog command by "name" or "container|sub", case-insensitive
   * (Redis's lookupCommandBySds: ACL rules, COMMAND INFO/DOCS).
   */
  find(fullName: string): CommandSpec | undefined {
    const lower = fullName.toLowerCase();
    const bar = lower.indexOf('|');
    if (bar < 0) return this.byFullName.get(lower);
    const parent = this.byFullName.get(lower.slice(0, bar));
    if (parent === undefined || parent.parent !== null || parent.children.length === 0) return undefined;
    return this.byFullName.get(lower);
  }

  /** Like find, but only what respd implements. */
  lookupFull(fullName: string): CommandSpec | undefined {
    const spec = this.find(fullName);
    return spec?.implemented ? spec : undefined;
  }

  /** Every implemented command, subcommands after their container. */
  *all(): Iterable<CommandSpec> {
    for (const c of this.commands.values()) {
      yield c;
      yield* c.subcommands.values();
    }
  }
}

export interface CommandDef {
  name: string;
  handler: Handler;
}

/** Declares a command (or "container|sub") implemented by `handler`. */
export function command(name: string, handler: Handler): CommandDef {
  factsFor(name.replace('|', ' ').toUpperCase()); // fail fast on a typo
  return { name: name.toLowerCase(), handler };
}

function factsFor(key: string): CommandFacts {
  const f = COMMAND_FACTS[key];
  if (!f) throw new Error(`no Redis 7.0 facts for command ${key}`);
  return f;
}

/** The flags of this invocation of `cmd` (CommandSpec.flagsFor). */
export function flagsOf(c: CommandCaller, cmd: CommandSpec, argv: string[]): number {
  return cmd.flagsFor === null ? cmd.flags : cmd.flagsFor(c, argv);
}
