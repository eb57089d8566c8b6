/**
 * The configuration registry: one typed table of parameters that serves
 * redis.conf parsing, command-line flags, CONFIG GET/SET/REWRITE and the
 * startup log.
 *
 * A parameter knows how to parse words into a value (with Redis's error
 * texts), how to print it back for CONFIG GET, how CONFIG REWRITE writes
 * it, whether it may change at runtime, and which hooks apply a change to
 * the running server. Numeric parameters follow Redis's numeric config
 * types exactly: strict integers, memory units, percentages, octal, and
 * the signed/unsigned bound checks (values beyond 2^53 are kept as bigint
 * so CONFIG GET prints them exactly).
 */
import { parseI64 } from '../protocol/ints.js';
import { repr } from '../protocol/repr.js';

export type ConfigValue = string | number | boolean | string[] | bigint;

/**
 * Lines CONFIG REWRITE writes for a parameter; `force` (one flag, or one
 * per line) writes a line even if the file never mentioned the directive.
 */
export interface RewriteLines {
  lines: string[];
  force: boolean | boolean[];
}

export interface ParamDef {
  name: string;
  aliases?: string[];
  /**
   * Parse words into a value; throws ConfigError with Redis's reason text.
   * `current` is the value being replaced (client-output-buffer-limit
   * keeps the classes a new setting does not mention).
   */
  parse(args: string[], current?: ConfigValue): ConfigValue;
  /** CONFIG GET text. */
  format(v: ConfigValue): string;
  default: ConfigValue;
  /** May be changed with CONFIG SET. */
  mutable: boolean;
  /** Never printed in logs or the slow log (passwords). */
  secret?: boolean;
  /** How many words the directive takes in a config file (default 1; -1 = any, CONFIG SET splits on spaces). */
  words?: number;
  /** Multi-line directives (e.g. `save`) accumulate in a file instead of replacing. */
  accumulates?: boolean;
  /** Only matched by exact name in CONFIG GET, never by a pattern. */
  hidden?: boolean;
  /** CONFIG SET refused unless enable-protected-configs allows it. */
  protected?: boolean;
  /** Names a file whose content may change: CONFIG SET applies it even when set to its current value. */
  volatile?: boolean;
  /** CONFIG SET refused while loading. */
  denyLoading?: boolean;
  /** CONFIG REWRITE output; null removes the directive from the file. Default: `name value`, forced when not default. */
  rewrite?(v: ConfigValue, name: string): RewriteLines | null;
}

export class ConfigError extends Error {}

/** Canonical number form: a JS number when exact, else a bigint. */
function num(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

function big(v: ConfigValue): bigint {
  return typeof v === 'bigint' ? v : BigInt(v as number);
}

export function boolParam(name: string, def: boolean, mutable = true, extra: Partial<ParamDef> = {}): ParamDef {
  return {
    name, default: def, mutable, ...extra,
    parse([s]) {
      const l = s.toLowerCase();
      if (l === 'yes') return true;
      if (l === 'no') return false;
      throw new ConfigError("argument must be 'yes' or 'no'");
    },
    format: (v) => (v ? 'yes' : 'no'),
  };
}

/** How a numeric parameter reads and prints, as Redis's numeric config flags. */
export interface NumericOpts {
  /** Unsigned C type: negative input wraps around and fails the upper bound. */
  unsigned?: boolean;
  /** Accepts memory units (1gb, 5k); printed in bytes, rewritten with units. */
  memory?: boolean;
  /** Accepts "N%" (stored negative, printed back as "N%"). */
  percent?: boolean;
  /** Parsed and printed in octal. */
  octal?: boolean;
}

const U64 = 1n << 64n;

/** Redis's memtoull: digits with an optional b/k/kb/m/mb/g/gb unit, wrapping at 2^64. Null when invalid. */
export function parseMemoryBig(s: string): bigint | null {
  if (s.startsWith('-')) return null;
  let i = 0;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  const unit = s.slice(i).toLowerCase();
  const mul = MEM_UNITS[unit];
  if (mul === undefined || i >= 128) return null;
  // strtoull saturates on overflow; the multiplication then wraps like unsigned C arithmetic
  let n = i === 0 ? 0n : BigInt(s.slice(0, i));
  if (n >= U64) n = U64 - 1n;
  return (n * mul) % U64;
}

const MEM_UNITS: Record<string, bigint> = {
  '': 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000n ** 2n, mb: 1024n ** 2n, g: 1000n ** 3n, gb: 1024n ** 3n,
};

/** parseMemory for callers that want a plain number (null when invalid). */
export function parseMemory(s: string): number | null {
  const b = parseMemoryBig(s);
  return b === null ? null : Number(b);
}

/** Reinterprets an unsigned 64-bit value as signed, as storing it in a C long long does. */
function toSigned(b: bigint): bigint {
  return b >= 1n << 63n ? b - U64 : b;
}

function parseOctal(s: string): bigint | null {
  // strtoll(s, 8): optional spaces and sign, octal digits, nothing after
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-7]+)$/.exec(s);
  if (m === null) return null;
  const v = BigInt('0o' + m[2]);
  if (v > (1n << 63n) - 1n) return null;
  return m[1] === '-' ? -v : v;
}

/** A numeric parameter with Redis's parse, bound check and print rules. */
export function numericParam(name: string, def: number, min: number | bigint, max: number | bigint, mutable: boolean, opts: NumericOpts, extra: Partial<ParamDef> = {}): ParamDef {
  const lo = BigInt(min);
  const hi = BigInt(max);
  const errText = opts.memory && opts.percent ? 'argument must be a memory or percent value'
    : opts.memory ? 'argument must be a memory value'
      : opts.octal ? "argument couldn't be parsed as an octal number"
        : "argument couldn't be parsed into an integer";
  const fmt = (v: ConfigValue): string => {
    const b = big(v);
    if (opts.percent && b < 0n) return `${-b}%`;
    if (opts.octal) return b.toString(8);
    return (opts.memory || opts.unsigned ? BigInt.asUintN(64, b) : b).toString();
  };
  return {
    name, default: def, mutable, ...extra,
    parse([s]) {
      let ll: bigint | null = null;
      if (opts.memory) {
        const m = parseMemoryBig(s);
        if (m !== null) ll = toSigned(m);
      }
      if (ll === null && opts.percent && s.length > 1 && s.endsWith('%')) {
        const p = parseI64(s.slice(0, -1));
        if (p !== null && p >= 0) ll = -BigInt(p);
      }
      if (ll === null && opts.octal) ll = parseOctal(s);
      if (ll === null && !opts.memory && !opts.percent && !opts.octal) {
        const p = parseI64(s);
        if (p !== null) ll = BigInt(p);
      }
      if (ll === null) throw new ConfigError(errText);
      if (opts.unsigned) {
        const u = BigInt.asUintN(64, ll);
        const ulo = BigInt.asUintN(64, lo);
        const uhi = BigInt.asUintN(64, hi);
        if (u > uhi || u < ulo) {
          throw new ConfigError(opts.octal ? `argument must be between ${ulo.toString(8)} and ${uhi.toString(8)} inclusive`
            : `argument must be between ${ulo} and ${uhi} inclusive`);
        }
        return num(u);
      }
      if (opts.percent && ll < 0n) {
        if (ll < lo) throw new ConfigError(`percentage argument must be less or equal to ${-lo}`);
      } else if (ll > hi || ll < lo) {
        throw new ConfigError(`argument must be between ${lo} and ${hi} inclusive`);
      }
      return num(ll);
    },
    format: fmt,
    rewrite(v, n) {
      const b = big(v);
      const force = b !== BigInt(def);
      if (opts.percent && b < 0n) return { lines: [`${n} ${-b}%`], force };
      if (opts.memory) return { lines: [`${n} ${formatMemoryUnits(BigInt.asUintN(64, b))}`], force };
      return { lines: [`${n} ${fmt(v)}`], force };
    },
  };
}

/** Byte counts as CONFIG REWRITE writes them: the largest exact gb/mb/kb unit. */
export function formatMemoryUnits(b: bigint): string {
  const s = BigInt.asIntN(64, b);
  if (s !== 0n && s % (1n << 30n) === 0n) return `${s / (1n << 30n)}gb`;
  if (s !== 0n && s % (1n << 20n) === 0n) return `${s / (1n << 20n)}mb`;
  if (s !== 0n && s % 1024n === 0n) return `${s / 1024n}kb`;
  return s.toString();
}

export function intParam(name: string, def: number, min: number | bigint, max: number | bigint, mutable = true, extra: Partial<ParamDef> = {}): ParamDef {
  return numericParam(name, def, min, max, mutable, {}, extra);
}

export function memoryParam(name: string, def: number, min: number | bigint, max: number | bigint, mutable = true, extra: Partial<ParamDef> = {}): ParamDef {
  return numericParam(name, def, min, max, mutable, { memory: true }, extra);
}

/**
 * An enum parameter. With `flags` (shutdown-on-sig*) several names may be
 * given and are OR-ed together; CONFIG GET prints the combination. `same`
 * maps spellings that Redis stores as an earlier entry's value
 * (oom-score-adj: relative = yes), which CONFIG GET then prints.
 */
export function enumParam(name: string, def: string, values: string[], mutable = true, extra: Partial<ParamDef> = {}, flags?: number[], same: Record<string, string> = {}): ParamDef {
  // Redis builds this text in a 256-byte buffer
  const err = `argument(s) must be one of the following: ${values.join(', ')}`.slice(0, 255);
  return {
    name, default: def, mutable, words: flags ? -1 : 1, ...extra,
    parse(args) {
      if (flags === undefined) {
        const l = args.length === 1 ? args[0].toLowerCase() : '';
        if (args.length !== 1 || !values.includes(l)) throw new ConfigError(err);
        return same[l] ?? l;
      }
      if (args.length === 0) throw new ConfigError(err);
      let bits = 0;
      for (const a of args) {
        const i = values.indexOf(a.toLowerCase());
        if (i < 0) throw new ConfigError(err);
        bits |= flags[i];
      }
      return flagsToNames(bits, values, flags);
    },
    format: (v) => String(v),
    rewrite(v, n) {
      return { lines: [`${n} ${String(v)}`], force: v !== def };
    },
  };
}

/** configEnumGetName for bit-flag enums: an exact match, else the flag names that make up `bits`. */
function flagsToNames(bits: number, values: string[], flags: number[]): string {
  const exact = flags.indexOf(bits);
  if (exact >= 0) return values[exact];
  const names: string[] = [];
  let left = bits;
  for (let i = 0; i < values.length; i++) {
    if (flags[i] !== 0 && (left & flags[i]) === flags[i]) {
      names.push(values[i]);
      left &= ~flags[i];
    }
  }
  return names.length === 0 || left !== 0 ? 'unknown' : names.join(' ');
}

/** Numeric value of a bit-flag enum's text (as stored by enumParam with flags). */
export function enumFlags(text: string, values: string[], flags: number[]): number {
  let bits = 0;
  for (const w of text.split(' ')) {
    const i = values.indexOf(w);
    if (i >= 0) bits |= flags[i];
  }
  return bits;
}

/**
 * A string parameter. `emptyIsNull`: Redis stores "" as NULL, which CONFIG
 * REWRITE expresses by removing the directive rather than writing `x ""`.
 */
export function stringParam(name: string, def: string, mutable = true, extra: Partial<ParamDef> & { emptyIsNull?: boolean; validate?: (s: string) => void } = {}): ParamDef {
  const { emptyIsNull, validate, ...rest } = extra;
  return {
    name, default: def, mutable, ...rest,
    parse([s]) {
      validate?.(s);
      return s;
    },
    format: (v) => String(v),
    rewrite(v, n) {
      const s = String(v);
      if (emptyIsNull && s === '') return null;
      return { lines: [`${n} ${repr(s)}`], force: emptyIsNull ? true : s !== def };
    },
  };
}

export type ChangeHook = (name: string, value: ConfigValue) => void;
/** Applies a changed value to the running server; returns an error text to make CONFIG SET fail and roll back. */
export type ApplyHook = () => string | null;

export class Config {
  private defs = new Map<string, ParamDef>();
  /** Canonical name by any spelling (name or alias), lower case. */
  private byName = new Map<string, string>();
  private values = new Map<string, ConfigValue>();
  private hooks = new Map<string, ChangeHook[]>();
  private applies = new Map<string, ApplyHook>();
  /** CONFIG REWRITE output taken from live state a feature owns (the ACL's `user` lines). */
  private rewriters = new Map<string, () => RewriteLines | null>();
  /** Path of the config file we started from, for CONFIG REWRITE and INFO. */
  file = '';

  constructor(defs: ParamDef[]) {
    for (const d of defs) this.define(d);
  }

  define(d: ParamDef): void {
    this.defs.set(d.name, d);
    this.byName.set(d.name, d.name);
    for (const a of d.aliases ?? []) this.byName.set(a, d.name);
    this.values.set(d.name, d.default);
  }

  /** Canonical name for a spelling, or undefined for an unknown parameter. */
  resolve(name: string): string | undefined {
    return this.byName.get(name.toLowerCase());
  }

  def(name: string): ParamDef | undefined {
    const n = this.resolve(name);
    return n === undefined ? undefined : this.defs.get(n);
  }

  get(name: string): ConfigValue {
    const v = this.values.get(name);
    if (v === undefined) throw new Error(`unknown config ${name}`);
    return v;
  }

  num(name: string): number {
    const v = this.get(name);
    return typeof v === 'bigint' ? Number(v) : (v as number);
  }

  bool(name: string): boolean {
    return this.get(name) as boolean;
  }

  str(name: string): string {
    return this.get(name) as string;
  }

  /** Text form of a parameter, as CONFIG GET prints it. */
  text(name: string): string {
    const d = this.defs.get(name)!;
    return d.format(this.values.get(name)!);
  }

  /**
   * Sets from words (CONFIG SET and embedding options); throws ConfigError.
   * A multi-word directive given as one string is split on spaces, as
   * CONFIG SET does. Runs change hooks.
   */
  set(name: string, args: string[]): void {
    const canon = this.resolve(name);
    if (canon === undefined) throw new ConfigError('Bad directive or wrong number of arguments');
    const d = this.defs.get(canon)!;
    this.assign(canon, d.parse(splitWords(d, args), this.values.get(canon)));
  }

  /** Stores an already parsed value and notifies. */
  assign(canon: string, v: ConfigValue): void {
    this.store(canon, v);
    this.notify(canon);
  }

  /** Stores a value without running hooks (CONFIG SET stores everything before applying). */
  store(canon: string, v: ConfigValue): void {
    this.values.set(canon, v);
  }

  /** Runs the change hooks of a parameter with its current value. */
  notify(canon: string): void {
    const v = this.values.get(canon)!;
    for (const h of this.hooks.get(canon) ?? []) h(canon, typeof v === 'bigint' ? Number(v) : v);
  }

  onChange(name: string, hook: ChangeHook): void {
    const list = this.hooks.get(name) ?? [];
    list.push(hook);
    this.hooks.set(name, list);
  }

  /**
   * Registers the function that makes a CONFIG SET of `names` take effect
   * and may fail (e.g. listening on a new port). One function shared by
   * several parameters runs once per CONFIG SET.
   */
  onApply(names: string[], fn: ApplyHook): void {
    for (const n of names) this.applies.set(n, fn);
  }

  applyHook(canon: string): ApplyHook | undefined {
    return this.applies.get(canon);
  }

  /** Makes CONFIG REWRITE write `name` from `fn` (live state) instead of its stored value. */
  onRewrite(name: string, fn: () => RewriteLines | null): void {
    this.rewriters.set(name, fn);
  }

  rewriter(canon: string): (() => RewriteLines | null) | undefined {
    return this.rewriters.get(canon);
  }

  /** Every parameter by canonical name. */
  *entries(): Iterable<[string, ParamDef]> {
    yield* this.defs.entries();
  }

  /** Spellings that refer to `canon` (its name first, then aliases). */
  spellings(canon: string): string[] {
    const d = this.defs.get(canon)!;
    return [d.name, ...(d.aliases ?? [])];
  }
}

/**
 * The words of a CONFIG SET value: multi-word directives split on single
 * spaces like sdssplitlen (so "a  b" holds an empty word, and "" none).
 */
export function splitWords(d: ParamDef, args: string[]): string[] {
  if (d.words !== -1 || args.length !== 1) return args;
  return args[0] === '' ? [] : args[0].split(' ');
}
