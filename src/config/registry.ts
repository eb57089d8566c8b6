/**
 * The configuration registry: one typed table of parameters that serves
 * redis.conf parsing, command-line flags, CONFIG GET/SET and the startup log.
 *
 * A parameter knows how to parse text into a value (with Redis's error
 * texts), how to print it back for CONFIG GET / REWRITE, whether it may
 * change at runtime, and which hook applies a change to the running server.
 */
import { parseI64Number } from '../protocol/ints.js';

export type ConfigValue = string | number | boolean | string[];

export interface ParamDef {
  name: string;
  aliases?: string[];
  /** Parse one or more words into a value; throws ConfigError with Redis's reason text. */
  parse(args: string[]): ConfigValue;
  format(v: ConfigValue): string;
  default: ConfigValue;
  /** May be changed with CONFIG SET. */
  mutable: boolean;
  /** Never printed in logs (passwords). */
  secret?: boolean;
  /** How many words the directive takes in a config file (default 1; -1 = any). */
  words?: number;
  /** Multi-line directives (e.g. `save`, `user`) accumulate in a file instead of replacing. */
  accumulates?: boolean;
}

export class ConfigError extends Error {}

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

export function intParam(name: string, def: number, min: number, max: number, mutable = true, extra: Partial<ParamDef> = {}): ParamDef {
  return {
    name, default: def, mutable, ...extra,
    parse([s]) {
      const n = parseI64Number(s);
      if (n === null) throw new ConfigError("argument couldn't be parsed into an integer");
      if (n < min || n > max) throw new ConfigError(`argument must be between ${min} and ${max} inclusive`);
      return n;
    },
    format: (v) => String(v),
  };
}

const UNITS: Record<string, number> = {
  b: 1, k: 1000, kb: 1024, m: 1000 ** 2, mb: 1024 ** 2, g: 1000 ** 3, gb: 1024 ** 3,
};

/** Redis's memtoull: "1gb", "100mb", "5k", plain bytes. Null when invalid. */
export function parseMemory(s: string): number | null {
  const l = s.toLowerCase();
  let i = 0;
  while (i < l.length && ((l.charCodeAt(i) >= 48 && l.charCodeAt(i) <= 57) || (i === 0 && l[i] === '-'))) i++;
  const num = l.slice(0, i);
  const unit = l.slice(i);
  const mul = unit === '' ? 1 : UNITS[unit];
  if (mul === undefined || num === '' || num === '-') return null;
  const n = Number(num);
  if (!Number.isSafeInteger(n)) return null;
  return n * mul;
}

export function memoryParam(name: string, def: number, min: number, max: number, mutable = true, extra: Partial<ParamDef> = {}): ParamDef {
  return {
    name, default: def, mutable, ...extra,
    parse([s]) {
      const n = parseMemory(s);
      if (n === null) throw new ConfigError('argument must be a memory value');
      if (n < min || n > max) throw new ConfigError(`argument must be between ${min} and ${max} inclusive`);
      return n;
    },
    format: (v) => String(v),
  };
}

export function enumParam(name: string, def: string, values: string[], mutable = true, extra: Partial<ParamDef> = {}): ParamDef {
  return {
    name, default: def, mutable, ...extra,
    parse([s]) {
      const l = s.toLowerCase();
      if (!values.includes(l)) throw new ConfigError(`argument(s) must be one of the following: ${values.join(', ')}`);
      return l;
    },
    format: (v) => String(v),
  };
}

export function stringParam(name: string, def: string, mutable = true, extra: Partial<ParamDef> = {}): ParamDef {
  return {
    name, default: def, mutable, ...extra,
    parse([s]) { return s; },
    format: (v) => String(v),
  };
}

export type ChangeHook = (name: string, value: ConfigValue) => void;

export class Config {
  private defs = new Map<string, ParamDef>();
  /** Canonical name by any spelling (name or alias), lower case. */
  private byName = new Map<string, string>();
  private values = new Map<string, ConfigValue>();
  private hooks = new Map<string, ChangeHook[]>();
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
    return this.get(name) as number;
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

  /** Sets from words; throws ConfigError. Runs change hooks. */
  set(name: string, args: string[]): void {
    const canon = this.resolve(name);
    if (canon === undefined) throw new ConfigError('Bad directive or wrong number of arguments');
    const d = this.defs.get(canon)!;
    const v = d.parse(args);
    this.assign(canon, v);
  }

  /** Stores an already parsed value and notifies. */
  assign(canon: string, v: ConfigValue): void {
    this.values.set(canon, v);
    for (const h of this.hooks.get(canon) ?? []) h(canon, v);
  }

  onChange(name: string, hook: ChangeHook): void {
    const list = this.hooks.get(name) ?? [];
    list.push(hook);
    this.hooks.set(name, list);
  }

  /** Every parameter with the spellings CONFIG GET matches against. */
  *entries(): Iterable<[string, ParamDef]> {
    yield* this.defs.entries();
  }

  /** Spellings that refer to `canon` (its name first, then aliases). */
  spellings(canon: string): string[] {
    const d = this.defs.get(canon)!;
    return [d.name, ...(d.aliases ?? [])];
  }
}
