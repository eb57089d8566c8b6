/**
 * Generic keyspace commands: DEL, UNLINK, EXISTS, TYPE, TOUCH, RENAME,
 * RENAMENX, COPY, MOVE, RANDOMKEY, KEYS, SCAN. The family also registers
 * the expiry commands (expire.ts) and OBJECT (object.ts).
 *
 * Events follow Redis's db.c: the keyspace raises "new" when a key is
 * added, then each command raises its own generic ('g') event.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import type { Database } from '../keyspace/database.js';
import { typeOf } from '../keyspace/value.js';
import { int32Arg, is } from './args.js';
import { compileGlob, globMatch } from '../keyspace/glob.js';
import { samplerFor } from '../keyspace/sampler.js';
import { dupValue } from '../keyspace/dup.js';
import { getExpireExact, setExpireExact } from '../keyspace/expiry.js';
import { parseCursor } from '../keyspace/scan-cursors.js';
import { parseScanOptions, scanStep } from './scan.js';
import { expireCommands } from './expire.js';
import { objectCommands } from './object.js';
import * as E from '../errors.js';

/** DEL and UNLINK (memory is reclaimed by the GC either way). */
function del(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const db = c.db;
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i];
    if (db.expires.size !== 0) ks.expireIfNeeded(db, key);
    if (ks.delete(db, key)) {
      ks.notify('g', 'del', key, db.id);
      n++;
    }
  }
  c.w.integer(n);
}

/** EXISTS counts a key once per time it is named. */
function exists(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (ks.lookupReadNoTouch(c.db, argv[i]) !== undefined) n++;
  c.w.integer(n);
}

function type(c: Client, argv: string[]): void {
  const v = c.server.keyspace.lookupReadNoTouch(c.db, argv[1]);
  c.w.simple(v === undefined ? 'none' : typeOf(v));
}

/** TOUCH: a plain read lookup, which updates the access time. */
function touch(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (ks.lookupRead(c.db, argv[i]) !== undefined) n++;
  c.w.integer(n);
}

function renameGeneric(c: Client, argv: string[], nx: boolean): void {
  const ks = c.server.keyspace;
  const db = c.db;
  const src = argv[1];
  const dst = argv[2];
  const value = ks.lookupWrite(db, src);
  if (value === undefined) {
    c.error(E.NO_SUCH_KEY);
    return;
  }
  if (src === dst) {
    if (nx) c.w.integer(0);
    else c.w.ok();
    return;
  }
  const when = getExpireExact(ks, db, src);
  if (ks.lookupWrite(db, dst) !== undefined) {
    if (nx) {
      c.w.integer(0);
      return;
    }
    ks.delete(db, dst); // overwritten silently: no "del" event, as in Redis
  }
  ks.set(db, dst, value);
  ks.access.carry(db, src, db, dst); // the same object moves, with its LRU/LFU data
  ks.carryStringEncoding(db, src, db, dst);
  if (when !== undefined) setExpireExact(ks, db, dst, when);
  ks.delete(db, src);
  ks.notify('g', 'rename_from', src, db.id);
  ks.notify('g', 'rename_to', dst, db.id);
  if (nx) c.w.integer(1);
  else c.w.ok();
}

/** A DB index argument: C int, then within `databases`. */
function dbArg(c: Client, s: string): Database | null {
  const id = int32Arg(c, s);
  if (id === null) return null;
  const dbs = c.server.keyspace.dbs;
  if (id < 0 || id >= dbs.length) {
    c.error(E.DB_INDEX_OUT_OF_RANGE);
    return null;
  }
  return dbs[id];
}

function move(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const src = c.db;
  const key = argv[1];
  const dst = dbArg(c, argv[2]);
  if (dst === null) return;
  if (dst === src) {
    c.error(E.SAME_OBJECT);
    return;
  }
  const value = ks.lookupWrite(src, key);
  if (value === undefined || ks.lookupWrite(dst, key) !== undefined) {
    c.w.integer(0);
    return;
  }
  const when = getExpireExact(ks, src, key);
  ks.set(dst, key, value);
  ks.access.carry(src, key, dst, key);
  ks.carryStringEncoding(src, key, dst, key);
  if (when !== undefined) setExpireExact(ks, dst, key, when);
  ks.delete(src, key);
  ks.notify('g', 'move_from', key, src.id);
  ks.notify('g', 'move_to', key, dst.id);
  c.w.integer(1);
}

function copy(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const src = c.db;
  let dst = c.db;
  let replace = false;
  for (let i = 3; i < argv.length; i++) {
    if (is(argv[i], 'REPLACE')) {
      replace = true;
    } else if (is(argv[i], 'DB') && i + 1 < argv.length) {
      const d = dbArg(c, argv[++i]);
      if (d === null) return;
      dst = d;
    } else {
      c.error(E.SYNTAX);
      return;
    }
  }
  const key = argv[1];
  const newkey = argv[2];
  if (src === dst && key === newkey) {
    c.error(E.SAME_OBJECT);
    return;
  }
  const value = ks.lookupRead(src, key);
  if (value === undefined) {
    c.w.integer(0);
    return;
  }
  const when = getExpireExact(ks, src, key);
  const exists = ks.lookupWrite(dst, newkey) !== undefined;
  if (exists && !replace) {
    c.w.integer(0);
    return;
  }
  const dup = dupValue(value);
  if (exists) ks.delete(dst, newkey);
  ks.set(dst, newkey, dup);
  ks.access.owned(dst, newkey); // a duplicate is never one of the shared integers
  ks.carryStringEncoding(src, key, dst, newkey); // dupStringObject keeps raw/embstr/int
  if (when !== undefined) setExpireExact(ks, dst, newkey, when);
  ks.notify('g', 'copy_to', newkey, dst.id);
  c.w.integer(1);
}

/** RANDOMKEY: a sampled key; expired ones met on the way are reclaimed, as in Redis. */
function randomkey(c: Client): void {
  const ks = c.server.keyspace;
  const db = c.db;
  const sampler = samplerFor(db.dict);
  for (;;) {
    const key = sampler.next();
    if (key === undefined) {
      c.w.nil();
      return;
    }
    if (db.expires.size !== 0 && ks.expireIfNeeded(db, key)) continue;
    c.w.bulk(key);
    return;
  }
}

/** Logically expired (KEYS hides such keys without deleting them). */
function isExpired(c: Client, db: Database, key: string, now: number): boolean {
  if (db.expires.size === 0 || c.server.keyspace.noLazyExpire) return false;
  const when = db.expires.get(key);
  return when !== undefined && when <= now;
}

function keys(c: Client, argv: string[]): void {
  const db = c.db;
  const pattern = argv[1];
  const now = Date.now();
  const out: string[] = [];
  if (pattern === '*') {
    for (const k of db.dict.keys()) if (!isExpired(c, db, k, now)) out.push(k);
  } else {
    const g = compileGlob(pattern);
    if (g.literal !== null) {
      // No glob syntax: only the key spelled like the pattern can match.
      if (db.dict.has(pattern) && !isExpired(c, db, pattern, now)) out.push(pattern);
    } else {
      for (const k of db.dict.keys()) if (globMatch(g, k) && !isExpired(c, db, k, now)) out.push(k);
    }
  }
  c.w.bulkArray(out);
}

function scan(c: Client, argv: string[]): void {
  const cursor = parseCursor(argv[1]);
  if (cursor === null) {
    c.error(E.INVALID_CURSOR);
    return;
  }
  const opts = parseScanOptions(c, argv, 2, true);
  if (opts === null) return;
  const ks = c.server.keyspace;
  const db = c.db;
  const dict = db.dict;
  const found: string[] = [];
  const { match, type: wanted } = opts;
  const next = scanStep(c, cursor, dict, () => dict.keys(), opts.count, (key) => {
    if (!dict.has(key)) return; // only possible for a look-ahead key deleted since
    if (match !== null && !globMatch(match, key)) return;
    if (wanted !== null) {
      // Redis looks the key up to learn its type, so an expired key reads as "none".
      const v = ks.lookupReadNoTouch(db, key);
      if ((v === undefined ? 'none' : typeOf(v)) !== wanted) return;
    }
    if (db.expires.size !== 0 && ks.expireIfNeeded(db, key)) return;
    found.push(key);
  });
  c.w.array(2);
  c.w.bulk(next);
  c.w.bulkArray(found);
}

export const keysCommands: CommandDef[] = [
  command('del', del),
  command('unlink', del),
  command('exists', exists),
  command('type', type),
  command('touch', touch),
  command('rename', (c, argv) => renameGeneric(c, argv, false)),
  command('renamenx', (c, argv) => renameGeneric(c, argv, true)),
  command('move', move),
  command('copy', copy),
  command('randomkey', randomkey),
  command('keys', keys),
  command('scan', scan),
  ...expireCommands,
  ...objectCommands,
];
