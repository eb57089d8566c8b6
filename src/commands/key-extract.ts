/**
 * Finds the key arguments of a command from its Redis 7.0 key specs
 * (getKeysUsingKeySpecs): a begin-search step (fixed index or keyword)
 * followed by a find-keys step (range or key count). Specs Redis marks as
 * "unknown" yield nothing.
 */
import type { CommandSpec } from './spec.js';
import { parseI64Number } from '../protocol/ints.js';

/** Argument positions of the keys of `argv` (argv[0] is the command). */
export function keyPositions(cmd: CommandSpec, argv: string[]): number[] {
  return scanKeys(cmd, argv, null);
}

/**
 * Key positions with the ACL permission each needs (1 = read for ACCESS,
 * 2 = write for INSERT/DELETE/UPDATE), as ACLSelectorCheckKey reads them.
 */
export function keyRefs(cmd: CommandSpec, argv: string[]): [number, number][] {
  const perms: number[] = [];
  const pos = scanKeys(cmd, argv, perms);
  return pos.map((p, i) => [p, perms[i]]);
}

function aclPerm(flags: string[] | undefined): number {
  let p = 0;
  if (flags === undefined) return 0;
  for (const f of flags) {
    if (f === 'ACCESS') p |= 1;
    else if (f === 'INSERT' || f === 'DELETE' || f === 'UPDATE') p |= 2;
  }
  return p;
}

function scanKeys(cmd: CommandSpec, argv: string[], perms: number[] | null): number[] {
  const argc = argv.length;
  const out: number[] = [];
  for (const ks of cmd.facts.keySpecs) {
    let first: number;
    const bs = ks.begin_search;
    if (bs.index !== undefined) {
      first = bs.index.pos;
    } else if (bs.keyword !== undefined) {
      const { keyword, startfrom } = bs.keyword;
      const start = startfrom > 0 ? startfrom : argc + startfrom;
      const end = startfrom > 0 ? argc - 1 : 0;
      const incr = start > end ? -1 : 1;
      first = 0;
      for (let i = start; i !== end + incr; i += incr) {
        if (i >= argc || i < 1) break;
        if (argv[i].toUpperCase() === keyword.toUpperCase()) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue;
    } else {
      continue;
    }
    const fk = ks.find_keys;
    let last: number;
    let step: number;
    if (fk.range !== undefined) {
      const { lastkey, limit } = fk.range;
      step = fk.range.step;
      if (lastkey >= 0) last = first + lastkey;
      else if (limit === 0) last = argc + lastkey;
      else last = first + Math.floor((argc - first) / limit) + lastkey;
    } else if (fk.keynum !== undefined) {
      const idx = first + fk.keynum.keynumidx;
      if (idx >= argc) continue;
      const n = parseI64Number(argv[idx]);
      if (n === null || n < 0) continue;
      first += fk.keynum.firstkey;
      step = fk.keynum.step;
      last = first + (n - 1) * step;
    } else {
      continue;
    }
    if (step < 1 || last >= argc || first >= argc) continue;
    for (let i = first; i <= last; i += step) {
      out.push(i);
      if (perms !== null) perms.push(aclPerm(ks.flags));
    }
  }
  return out;
}
