/**
 * Popping from sorted sets: ZPOPMIN/ZPOPMAX, ZMPOP and the blocking forms
 * BZPOPMIN/BZPOPMAX/BZMPOP.
 *
 * `zpopGeneric` is Redis's genericZpopCommand: every reply shape (flat,
 * RESP3 nested, with the key for the blocking forms, [key, pairs] for
 * *MPOP) comes from its two switches, so the blocking commands only add
 * "wait until a key is ready, then call it". Blocking uses the server's
 * key-blocking service (server/blocking.ts) when present; without it, or
 * when the client may not block (MULTI, scripts), an empty wait answers the
 * timeout reply at once, which is what Redis does in those contexts.
 */
import { propagateAsLazy } from './propagate.js';
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { is, timeoutArg } from './args.js';
import { ZSet } from '../keyspace/zset.js';
import { parseI64Number } from '../protocol/ints.js';
import { zsetForWrite, afterRemoval } from './zset-common.js';
import * as E from '../errors.js';

/**
 * Pops up to `count` elements (-1: a plain single pop) from the first
 * sorted set among `keys`, replying in the shape Redis uses for the caller:
 * `withKey` adds the key (BZPOP*, *MPOP), `nested` makes [member, score]
 * pairs, `nilWhenEmpty` answers a null array instead of an empty one when
 * no key holds a set. Returns true when something was popped.
 */
export function zpopGeneric(c: Client, keys: readonly string[], max: boolean, withKey: boolean, count: number, nested: boolean, nilWhenEmpty: boolean): boolean {
  let key = '';
  let z: ZSet | undefined;
  for (const k of keys) {
    const v = zsetForWrite(c, k);
    if (v === null) return false;
    if (v === undefined) continue;
    key = k;
    z = v;
    break;
  }
  const w = c.w;
  if (z === undefined) {
    if (nilWhenEmpty) w.nilArray();
    else w.array(0);
    return false;
  }
  if (count === 0) {
    w.array(0);
    return false;
  }
  const single = count === -1;
  if (single) count = 1;
  const n = z.size;
  const take = count > n ? n : count;
  if (!nested && !withKey) w.array(take * 2);
  else if (nested && !withKey) w.array(take);
  else if (!nested && withKey) {
    w.array(take * 2 + 1);
    w.bulk(key);
  } else {
    w.array(2);
    w.bulk(key);
    w.array(take);
  }
  const ks = c.server.keyspace;
  for (let i = 0; i < take; i++) {
    const cur = z.at(max ? z.size - 1 : 0);
    const m = cur.member;
    const s = cur.score;
    z.remove(m);
    if (i === 0) ks.notify('z', max ? 'zpopmax' : 'zpopmin', key, c.db.id);
    if (nested) w.array(2);
    w.bulk(m);
    w.double(s);
  }
  afterRemoval(c, key, z);
  // The forms that name their key (BZPOP*, ZMPOP, BZMPOP) replay as a plain ZPOPMIN/ZPOPMAX.
  if (withKey) {
    const name = max ? 'ZPOPMAX' : 'ZPOPMIN';
    propagateAsLazy(c, () => (single ? [name, key] : [name, key, String(take)]));
  }
  return true;
}

/** ZPOPMIN/ZPOPMAX key [count] */
function zpopMinMax(c: Client, argv: string[], max: boolean): void {
  if (argv.length > 3) {
    c.error(E.SYNTAX);
    return;
  }
  let count = -1;
  if (argv.length === 3) {
    const n = parseI64Number(argv[2]);
    if (n === null || n < 0) {
      c.error(E.MUST_BE_POSITIVE);
      return;
    }
    count = n;
  }
  // RESP3 nests the pairs only when a count was given.
  zpopGeneric(c, [argv[1]], max, false, count, c.resp === 3 && count !== -1, false);
}

interface MpopArgs {
  keys: string[];
  max: boolean;
  count: number;
}

/** numkeys key [key ...] MIN|MAX [COUNT count], starting at argv[at]. */
function parseMpop(c: Client, argv: string[], at: number): MpopArgs | null {
  const numkeys = parseI64Number(argv[at]);
  if (numkeys === null || numkeys < 1) {
    c.error(E.NUMKEYS_POSITIVE);
    return null;
  }
  const whereIdx = at + numkeys + 1;
  if (whereIdx >= argv.length) {
    c.error(E.SYNTAX);
    return null;
  }
  let max: boolean;
  if (is(argv[whereIdx], 'MIN')) max = false;
  else if (is(argv[whereIdx], 'MAX')) max = true;
  else {
    c.error(E.SYNTAX);
    return null;
  }
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && j < argv.length - 1 && is(argv[j], 'COUNT')) {
      const n = parseI64Number(argv[++j]);
      if (n === null || n < 1) {
        c.error(E.COUNT_POSITIVE);
        return null;
      }
      count = n;
    } else {
      c.error(E.SYNTAX);
      return null;
    }
  }
  return { keys: argv.slice(at + 1, whereIdx), max, count: count === -1 ? 1 : count };
}

function zmpop(c: Client, argv: string[]): void {
  const a = parseMpop(c, argv, 1);
  if (a !== null) zpopGeneric(c, a.keys, a.max, true, a.count, true, true);
}

// ---- blocking forms --------------------------------------------------------

/** The key-blocking service (server/blocking.ts), looked up at run time. */
interface KeyBlocker {
  canBlock(c: Client): boolean;
  block(c: Client, keys: string[], type: 'zset', deadline: number, tryServe: (key: string) => boolean, onTimeout: () => void): void;
}

function blocker(c: Client): KeyBlocker | undefined {
  return (c.server as unknown as { blocking?: KeyBlocker }).blocking;
}

/**
 * Serves from the first non-empty sorted set among `keys` now, or waits
 * for one; `serve(key)` pops from a ready key. Without the blocking
 * service, or where blocking is denied, an empty wait is a timeout.
 */
function popOrBlock(c: Client, keys: string[], deadline: number, serve: (key: string) => void): void {
  for (const key of keys) {
    const z = zsetForWrite(c, key);
    if (z === null) return;
    if (z !== undefined && z.size !== 0) {
      serve(key);
      return;
    }
  }
  const b = blocker(c);
  if (b === undefined || !b.canBlock(c)) {
    c.w.nilArray();
    return;
  }
  b.block(c, keys, 'zset', deadline, (key) => {
    serve(key);
    return true;
  }, () => c.w.nilArray());
}

/** BZPOPMIN/BZPOPMAX key [key ...] timeout: replies [key, member, score]. */
function bzpopMinMax(c: Client, argv: string[], max: boolean): void {
  const deadline = timeoutArg(c, argv[argv.length - 1]);
  if (deadline === null) return;
  popOrBlock(c, argv.slice(1, argv.length - 1), deadline, (key) => zpopGeneric(c, [key], max, true, -1, false, false));
}

/** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: the options are checked before the timeout. */
function bzmpop(c: Client, argv: string[]): void {
  const a = parseMpop(c, argv, 2);
  if (a === null) return;
  const deadline = timeoutArg(c, argv[1]);
  if (deadline === null) return;
  popOrBlock(c, a.keys, deadline, (key) => zpopGeneric(c, [key], a.max, true, a.count, true, true));
}

export const zpopCommands: CommandDef[] = [
  command('zpopmin', (c, argv) => zpopMinMax(c, argv, false)),
  command('zpopmax', (c, argv) => zpopMinMax(c, argv, true)),
  command('zmpop', zmpop),
  command('bzpopmin', (c, argv) => bzpopMinMax(c, argv, false)),
  command('bzpopmax', (c, argv) => bzpopMinMax(c, argv, true)),
  command('bzmpop', bzmpop),
];
