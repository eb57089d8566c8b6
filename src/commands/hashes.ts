/**
 * Hash commands (t_hash.c). Encoding rules live in keyspace/hash.ts; this
 * module follows Redis's order of checks, replies, "modified" signals and
 * keyspace events for each command.
 */
import { propagateAsLazy } from './propagate.js';
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { RHash } from '../keyspace/hash.js';
import { randomCountArg } from './args.js';
import { picksFit, bulkBytes } from './reply-budget.js';
import { parseI64, intString } from '../protocol/ints.js';
import { parseLongDouble, addLongDouble, formatHumanLongDouble } from '../protocol/longdouble.js';
import { parseCursor } from '../keyspace/scan-cursors.js';
import { parseScanOptions, scanMatches, replyEmptyScan, replyScan } from './scan.js';
import { lookupTyped } from './lookup.js';
import * as E from '../errors.js';

const LONG_MAX = 9223372036854775807n;

/** Looks a hash up for reading: the hash, undefined when missing, null after a WRONGTYPE reply. */
function readHash(c: Client, key: string): RHash | undefined | null {
  return lookupTyped(c, key, RHash, false);
}

/** hashTypeLookupWriteOrCreate: the hash (created empty when missing), or null after WRONGTYPE. */
function writeHash(c: Client, key: string): RHash | null {
  const v = lookupTyped(c, key, RHash, true);
  if (v !== undefined) return v;
  const h = new RHash();
  c.server.keyspace.put(c.db, key, h);
  return h;
}

function maxEntries(c: Client): number {
  return c.server.config.num('hash-max-listpack-entries');
}

function maxValue(c: Client): number {
  return c.server.config.num('hash-max-listpack-value');
}

/** Signals a written hash and raises its event. */
function written(c: Client, key: string, event: string): void {
  const ks = c.server.keyspace;
  ks.modified(c.db, key);
  ks.notify('h', event, key, c.db.id);
}

/** HSET key field value [field value …] and HMSET (which replies OK). */
function hsetGeneric(c: Client, argv: string[], name: string): void {
  if (argv.length % 2 === 1) {
    c.error(E.wrongArity(name));
    return;
  }
  const h = writeHash(c, argv[1]);
  if (h === null) return;
  h.convertIfTooLong(argv, 2, argv.length, maxValue(c));
  const max = maxEntries(c);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (h.set(argv[i], argv[i + 1], max)) created++;
  if (name === 'hset') c.w.integer(created);
  else c.w.ok();
  written(c, argv[1], 'hset');
}

function hset(c: Client, argv: string[]): void {
  hsetGeneric(c, argv, 'hset');
}

function hmset(c: Client, argv: string[]): void {
  hsetGeneric(c, argv, 'hmset');
}

function hsetnx(c: Client, argv: string[]): void {
  const h = writeHash(c, argv[1]);
  if (h === null) return;
  if (h.has(argv[2])) {
    c.w.integer(0);
    return;
  }
  h.convertIfTooLong(argv, 2, 4, maxValue(c));
  h.set(argv[2], argv[3], maxEntries(c));
  c.w.integer(1);
  written(c, argv[1], 'hset');
}

function hget(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.w.bulkOrNil(h?.get(argv[2]));
}

function hmget(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.w.bulkOrNil(h?.get(argv[i]));
}

function hdel(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const key = argv[1];
  const v = ks.lookupWrite(c.db, key);
  if (v === undefined) {
    c.w.integer(0);
    return;
  }
  if (!(v instanceof RHash)) {
    c.error(E.WRONGTYPE);
    return;
  }
  let deleted = 0;
  let removed = false;
  for (let i = 2; i < argv.length; i++) {
    if (v.delete(argv[i])) {
      deleted++;
      if (v.size === 0) {
        ks.delete(c.db, key); // signals the change
        removed = true;
        break;
      }
    }
  }
  if (deleted !== 0) {
    if (!removed) ks.modified(c.db, key);
    ks.notify('h', 'hdel', key, c.db.id);
    if (removed) ks.notify('g', 'del', key, c.db.id);
  }
  c.w.integer(deleted);
}

function hlen(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h !== null) c.w.integer(h === undefined ? 0 : h.size);
}

function hstrlen(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h !== null) c.w.integer(h?.get(argv[2])?.length ?? 0);
}

function hexists(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h !== null) c.w.integer(h !== undefined && h.has(argv[2]) ? 1 : 0);
}

const KEYS = 1;
const VALUES = 2;

/** HKEYS, HVALS, HGETALL: fields and/or values in encoding order. */
function getAllGeneric(c: Client, key: string, what: number): void {
  const h = readHash(c, key);
  if (h === null) return;
  const w = c.w;
  if (h === undefined) {
    if (what === (KEYS | VALUES)) w.map(0);
    else w.array(0);
    return;
  }
  if (what === (KEYS | VALUES)) w.map(h.size);
  else w.array(h.size);
  const lp = h.lp;
  if (lp !== null) {
    if (what === (KEYS | VALUES)) for (let i = 0; i < lp.length; i++) w.bulk(lp[i]);
    else for (let i = what === KEYS ? 0 : 1; i < lp.length; i += 2) w.bulk(lp[i]);
    return;
  }
  const ht = h.ht!;
  if (what === KEYS) for (const f of ht.keys()) w.bulk(f);
  else if (what === VALUES) for (const v of ht.values()) w.bulk(v);
  else for (const [f, v] of ht) { w.bulk(f); w.bulk(v); }
}

function hkeys(c: Client, argv: string[]): void {
  getAllGeneric(c, argv[1], KEYS);
}

function hvals(c: Client, argv: string[]): void {
  getAllGeneric(c, argv[1], VALUES);
}

function hgetall(c: Client, argv: string[]): void {
  getAllGeneric(c, argv[1], KEYS | VALUES);
}

/** Stores a computed value the way hashTypeSet does for HINCRBY*: long strings convert first. */
function setComputed(c: Client, h: RHash, field: string, value: string): void {
  const limit = maxValue(c);
  if (h.lp !== null && (field.length > limit || value.length > limit)) h.convert();
  h.set(field, value, maxEntries(c));
}

function hincrby(c: Client, argv: string[]): void {
  const incr = parseI64(argv[3]);
  if (incr === null) {
    c.error(E.NOT_INTEGER);
    return;
  }
  const h = writeHash(c, argv[1]);
  if (h === null) return;
  const cur = h.get(argv[2]);
  let old: number | bigint = 0;
  if (cur !== undefined) {
    const p = parseI64(cur);
    if (p === null) {
      c.error(E.HASH_NOT_INTEGER);
      return;
    }
    old = p;
  }
  let result: number | bigint;
  if (typeof old === 'number' && typeof incr === 'number' && Number.isSafeInteger(old + incr)) {
    result = old + incr;
  } else {
    const sum = BigInt(old) + BigInt(incr);
    if (sum > LONG_MAX || sum < -LONG_MAX - 1n) {
      c.error(E.INCR_OVERFLOW);
      return;
    }
    result = sum;
  }
  setComputed(c, h, argv[2], intString(result));
  c.w.integer(result);
  written(c, argv[1], 'hincrby');
}

function hincrbyfloat(c: Client, argv: string[]): void {
  const incr = parseLongDouble(argv[3]);
  if (incr === null) {
    c.error(E.NOT_FLOAT);
    return;
  }
  if (incr.inf) {
    c.error(E.NAN_OR_INFINITY);
    return;
  }
  const h = writeHash(c, argv[1]);
  if (h === null) return;
  const cur = h.get(argv[2]);
  let value = incr;
  if (cur !== undefined) {
    const old = parseLongDouble(cur);
    if (old === null) {
      c.error(E.HASH_NOT_FLOAT);
      return;
    }
    const sum = addLongDouble(old, incr);
    if (sum === null || sum.inf) {
      c.error(E.INCR_NAN_OR_INF);
      return;
    }
    value = sum;
  }
  const text = formatHumanLongDouble(value);
  setComputed(c, h, argv[2], text);
  c.w.bulk(text);
  written(c, argv[1], 'hincrbyfloat');
  // Replayed as the resulting value (HSET), as INCRBYFLOAT replays as SET.
  propagateAsLazy(c, () => ['HSET', argv[1], argv[2], text]);
}

/** Random index in [0, n). */
function rnd(n: number): number {
  return Math.floor(Math.random() * n);
}

function hrandfield(c: Client, argv: string[]): void {
  if (argv.length === 2) {
    const h = readHash(c, argv[1]);
    if (h === null) return;
    if (h === undefined) c.w.nil();
    else c.w.bulk(h.at(rnd(h.size))[0]);
    return;
  }
  const parsed = randomCountArg(c, argv, 'WITHVALUES');
  if (parsed === null) return;
  const l = parsed.count;
  const h = readHash(c, argv[1]);
  if (h === null) return;
  if (h === undefined || l === 0) {
    c.w.array(0);
    return;
  }
  randomFields(c, h, l, parsed.paired);
}

/** HRANDFIELD with a count: negative allows repeats, positive returns distinct fields. */
function randomFields(c: Client, h: RHash, l: number, withValues: boolean): void {
  const w = c.w;
  const resp3 = c.resp === 3;
  const size = h.size;
  const emit = (f: string, v: string) => {
    if (withValues && resp3) w.array(2);
    w.bulk(f);
    if (withValues) w.bulk(v);
  };
  const header = (n: number) => w.array(withValues && !resp3 ? n * 2 : n);
  // Random access: direct on a listpack, one flattening pass on a hashtable.
  const flat = h.lp ?? h.flat();
  if (l < 0 || l === 1) {
    const count = l < 0 ? -l : 1;
    const pickBytes = () => {
      const j = rnd(size) * 2;
      return bulkBytes(flat[j].length) + (withValues ? bulkBytes(flat[j + 1].length) + 4 : 0);
    };
    if (!picksFit(c, count, pickBytes)) return;
    header(count);
    for (let i = 0; i < count; i++) {
      const j = rnd(size) * 2;
      emit(flat[j], flat[j + 1]);
    }
    return;
  }
  if (l >= size) {
    header(size);
    for (let i = 0; i < flat.length; i += 2) emit(flat[i], flat[i + 1]);
    return;
  }
  // Distinct sample: a partial Fisher–Yates shuffle over pair indexes.
  const idx = new Uint32Array(size);
  for (let i = 0; i < size; i++) idx[i] = i;
  header(l);
  for (let i = 0; i < l; i++) {
    const j = i + rnd(size - i);
    const pick = idx[j];
    idx[j] = idx[i];
    emit(flat[pick * 2], flat[pick * 2 + 1]);
  }
}

function hscan(c: Client, argv: string[]): void {
  const cursor = parseCursor(argv[2]);
  if (cursor === null) {
    c.error(E.INVALID_CURSOR);
    return;
  }
  const h = readHash(c, argv[1]);
  if (h === null) return;
  if (h === undefined) {
    replyEmptyScan(c);
    return;
  }
  const opts = parseScanOptions(c, argv, 3, false);
  if (opts === null) return;
  const out: string[] = [];
  const lp = h.lp;
  if (lp !== null) {
    // Small encodings are returned whole, with cursor 0, as Redis does.
    for (let i = 0; i < lp.length; i += 2) if (scanMatches(opts, lp[i])) out.push(lp[i], lp[i + 1]);
    replyScan(c, '0', out);
    return;
  }
  const ht = h.ht!;
  const cursors = c.server.scanCursors;
  const it = cursors.resume(cursor, ht, () => ht.keys());
  // Redis counts fields and values alike against COUNT.
  const want = Math.ceil(opts.count / 2);
  let taken = 0;
  let done = false;
  while (taken < want) {
    const r = it.next();
    if (r.done) {
      done = true;
      break;
    }
    taken++;
    const f = r.value;
    if (scanMatches(opts, f)) out.push(f, ht.get(f)!);
  }
  replyScan(c, done ? '0' : cursors.save(it, ht), out);
}

export const hashCommands: CommandDef[] = [
  command('hset', hset),
  command('hmset', hmset),
  command('hsetnx', hsetnx),
  command('hget', hget),
  command('hmget', hmget),
  command('hdel', hdel),
  command('hlen', hlen),
  command('hstrlen', hstrlen),
  command('hexists', hexists),
  command('hkeys', hkeys),
  command('hvals', hvals),
  command('hgetall', hgetall),
  command('hincrby', hincrby),
  command('hincrbyfloat', hincrbyfloat),
  command('hrandfield', hrandfield),
  command('hscan', hscan),
];
