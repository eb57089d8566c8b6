/**
 * Script flags (`#!lua flags=…` for EVAL, `flags={…}` for functions) and
 * what they make of the command running the script. Kept apart from the
 * engine so the dispatcher's gates can read them without loading Lua.
 */
import * as E from '../errors.js';
import { F_WRITE, F_DENYOOM, F_STALE, F_MAY_REPLICATE } from '../catalog/spec.js';

export interface ScriptFlags {
  noWrites: boolean;
  allowOom: boolean;
  allowStale: boolean;
  noCluster: boolean;
  allowCrossSlot: boolean;
}

export const SCRIPT_FLAG_NAMES: [keyof ScriptFlags, string][] = [
  ['noWrites', 'no-writes'],
  ['allowOom', 'allow-oom'],
  ['allowStale', 'allow-stale'],
  ['noCluster', 'no-cluster'],
  ['allowCrossSlot', 'allow-cross-slot-keys'],
];

export function emptyFlags(): ScriptFlags {
  return { noWrites: false, allowOom: false, allowStale: false, noCluster: false, allowCrossSlot: false };
}

/** The eval shebang line: "#!lua [flags=a,b]". Returns the flags and the header length, or the error. */
export function parseShebang(body: string): { flags: ScriptFlags; length: number } | string {
  const nl = body.indexOf('\n');
  if (nl < 0) return E.SHEBANG_INVALID;
  const parts = body.slice(0, nl).split(/[ \t\r]+/).filter((p) => p !== '');
  if (parts[0] !== '#!lua') return E.shebangEngine(parts[0]);
  const flags = emptyFlags();
  for (let j = 1; j < parts.length; j++) {
    const p = parts[j];
    if (p.startsWith('flags=')) {
      const list = p.slice(6);
      if (list === '') continue;
      for (const f of list.split(',')) {
        const def = SCRIPT_FLAG_NAMES.find(([, name]) => name === f);
        if (def === undefined) return E.shebangFlag(f);
        flags[def[0]] = true;
      }
    } else {
      return E.shebangOption(p);
    }
  }
  return { flags, length: nl };
}

/**
 * Redis's scriptFlagsToCmdFlags: a script that declares flags replaces the
 * command's write/deny-oom/stale flags with what it declared, and is no
 * longer "may replicate" (it is known to write or not).
 */
export function scriptCommandFlags(cmdFlags: number, sf: ScriptFlags): number {
  let flags = cmdFlags & ~(F_STALE | F_DENYOOM | F_WRITE | F_MAY_REPLICATE);
  if (!sf.allowOom && !sf.noWrites) flags |= F_DENYOOM;
  if (!sf.noWrites) flags |= F_WRITE;
  if (sf.allowStale) flags |= F_STALE;
  return flags;
}

/**
 * The flags of an EVAL/EVAL_RO invocation from its body's shebang (Redis's
 * evalGetCommandFlags; a cached script has the flags of the same body).
 * Without a shebang (compatibility mode) or with a bad one: the command's.
 */
export function evalCommandFlags(cmdFlags: number, body: string): number {
  if (!body.startsWith('#!')) return cmdFlags;
  const parsed = parseShebang(body);
  return typeof parsed === 'string' ? cmdFlags : scriptCommandFlags(cmdFlags, parsed.flags);
}
