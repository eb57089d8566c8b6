/**
 * SORT and SORT_RO over lists, sets and sorted sets, following Redis 7.0's
 * sortCommandGeneric: BY pattern (a pattern without '*' means "don't
 * sort"; "key->field" reads a hash field), LIMIT, GET (with "#" for the
 * element itself), ASC/DESC, ALPHA and STORE.
 *
 * Faithful details: numeric sorting parses with C strtod (leading spaces,
 * hex and "inf" accepted; trailing junk, NaN or out-of-range values give
 * "One or more scores can't be converted into double"); equal scores fall
 * back to comparing the elements' bytes; ALPHA compares like strcoll in
 * the C locale (bytes, stopping at a NUL) unless STORE is given, which
 * compares whole binary strings; sorting a set to STORE without a real BY
 * pattern is forced to ALPHA so the stored order is deterministic; and, as
 * in 7.0, sorting a sorted set converts its encoding to skiplist.
 *
 * JS's sort is stable like glibc's merge-sort qsort, so elements that
 * compare equal keep their input order. (Redis switches to its partial
 * quicksort when BY and LIMIT are combined, whose order for equal
 * elements is not reproduced here.)
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { is, intArg } from './args.js';
import { ZSet } from '../keyspace/zset.js';
import type { RObject } from '../keyspace/value.js';
import { hashField, listAt, listLength, newList, setMembers } from '../keyspace/foreign.js';
import { strtod, strtodResult } from '../protocol/doubles.js';
import * as E from '../errors.js';

interface Item {
  obj: string;
  score: number;
  /** ALPHA with BY: the looked-up value, null when missing. */
  cmp: string | null;
}

/** The C-string view of a binary string: up to its first NUL byte. */
function cstr(s: string): string {
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** indexOf limited to the C string (before the first NUL). */
function cIndexOf(s: string, needle: string, from: number): number {
  const i = s.indexOf(needle, from);
  if (i < 0) return -1;
  const z = s.indexOf('\0', from);
  return z >= 0 && z < i + needle.length ? -1 : i;
}

/**
 * lookupKeyByPattern: replaces the first '*' of `pattern` with `subst`
 * and reads that key — a string, or with "->field" a hash field. "#" is
 * the element itself. Null when there is no such value.
 */
function lookupByPattern(c: Client, pattern: string, subst: string): string | null {
  if (pattern.charCodeAt(0) === 35 /* # */ && (pattern.length === 1 || pattern.charCodeAt(1) === 0)) return subst;
  const star = cIndexOf(pattern, '*', 0);
  if (star < 0) return null;
  const arrow = cIndexOf(pattern, '->', star + 1);
  let fieldLen = 0;
  let field: string | null = null;
  if (arrow >= 0 && arrow + 2 < pattern.length && pattern.charCodeAt(arrow + 2) !== 0) {
    fieldLen = pattern.length - arrow - 2;
    field = pattern.slice(arrow + 2);
  }
  const postfixLen = pattern.length - (star + 1) - (field !== null ? fieldLen + 2 : 0);
  const key = pattern.slice(0, star) + subst + pattern.slice(star + 1, star + 1 + postfixLen);
  const v = c.server.keyspace.lookupRead(c.db, key);
  if (v === undefined) return null;
  if (field !== null) {
    if (typeof v === 'string' || v.type !== 'hash') return null;
    return hashField(v, field) ?? null;
  }
  return typeof v === 'string' ? v : null;
}

function readsAllKeys(c: Client, argv: string[]): boolean {
  const acl = c.server.acl;
  return c.current === null || acl.readsAllKeys === undefined || acl.readsAllKeys(c, c.current, argv);
}

function sortGeneric(c: Client, argv: string[], readonly: boolean): void {
  let desc = false;
  let alpha = false;
  let limitStart = 0;
  let limitCount = -1;
  let dontsort = false;
  let sortby: string | null = null;
  let storekey: string | null = null;
  const gets: string[] = [];
  // BY and GET patterns name keys the key specs do not: only a user who may
  // read every key can use them (computed once, when first needed)
  let fullAccess: boolean | undefined;
  const mayReadAll = () => (fullAccess ??= readsAllKeys(c, argv));
  for (let j = 2; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const opt = argv[j];
    if (is(opt, 'ASC')) desc = false;
    else if (is(opt, 'DESC')) desc = true;
    else if (is(opt, 'ALPHA')) alpha = true;
    else if (left >= 2 && is(opt, 'LIMIT')) {
      const s = intArg(c, argv[j + 1]);
      if (s === null) return;
      const n = intArg(c, argv[j + 2]);
      if (n === null) return;
      limitStart = s;
      limitCount = n;
      j += 2;
    } else if (!readonly && left >= 1 && is(opt, 'STORE')) {
      storekey = argv[++j];
    } else if (left >= 1 && is(opt, 'BY')) {
      sortby = argv[++j];
      // Once a BY without '*' was seen the sort stays off, as in Redis.
      if (cIndexOf(sortby, '*', 0) < 0) dontsort = true;
      else if (!mayReadAll()) {
        c.error(E.SORT_BY_NOPERM);
        return;
      }
    } else if (left >= 1 && is(opt, 'GET')) {
      if (!mayReadAll()) {
        c.error(E.SORT_GET_NOPERM);
        return;
      }
      gets.push(argv[++j]);
    } else {
      c.error(E.SYNTAX);
      return;
    }
  }

  const ks = c.server.keyspace;
  const v = storekey === null ? ks.lookupRead(c.db, argv[1]) : ks.lookupWrite(c.db, argv[1]);
  let type: 'list' | 'set' | 'zset' = 'list';
  if (v !== undefined) {
    if (typeof v === 'string' || (v.type !== 'list' && v.type !== 'set' && v.type !== 'zset')) {
      c.error(E.WRONGTYPE);
      return;
    }
    type = v.type;
  }
  const obj = v as RObject | undefined;
  // A set has no order of its own: when stored or read by a script (both replicated), Redis
  // sorts it anyway (ALPHA, no BY) so the result is the same everywhere.
  if (dontsort && type === 'set' && (storekey !== null || c.scriptCaller !== null)) {
    dontsort = false;
    alpha = true;
    sortby = null;
  }
  if (obj instanceof ZSet) obj.listpack = false;

  let vectorlen = obj === undefined ? 0 : type === 'list' ? listLength(obj) : type === 'zset' ? (obj as ZSet).size : -1;
  const items: Item[] = [];
  if (type === 'set') {
    for (const m of setMembers(obj!)) items.push({ obj: m, score: 0, cmp: null });
    vectorlen = items.length;
  }
  let start = limitStart < 0 ? 0 : limitStart;
  let end = limitCount < 0 ? vectorlen - 1 : start + limitCount - 1;
  if (start >= vectorlen) {
    start = vectorlen - 1;
    end = vectorlen - 2;
  }
  if (end >= vectorlen) end = vectorlen - 1;

  if (obj !== undefined && type !== 'set') {
    if (dontsort) {
      // Native order, read straight from the requested range.
      const n = end - start + 1;
      if (type === 'list') {
        const len = listLength(obj);
        for (let i = 0; i < n; i++) items.push({ obj: listAt(obj, desc ? len - 1 - start - i : start + i), score: 0, cmp: null });
      } else {
        const z = obj as ZSet;
        const cur = z.at(desc ? z.size - 1 - start : start);
        for (let i = 0; i < n; i++) {
          items.push({ obj: cur.member, score: 0, cmp: null });
          if (desc) cur.prev();
          else cur.next();
        }
      }
      if (n > 0) {
        end -= start;
        start = 0;
      }
    } else if (type === 'list') {
      const len = listLength(obj);
      for (let i = 0; i < len; i++) items.push({ obj: listAt(obj, i), score: 0, cmp: null });
    } else {
      // Redis fills the vector from the set's hash table; member-map order stands in for it.
      for (const m of (obj as ZSet).dict.keys()) items.push({ obj: m, score: 0, cmp: null });
    }
  }

  let convError = false;
  if (!dontsort) {
    for (const it of items) {
      let byval: string | null = it.obj;
      if (sortby !== null) {
        byval = lookupByPattern(c, sortby, it.obj);
        if (byval === null) continue;
      }
      if (alpha) {
        if (sortby !== null) it.cmp = byval;
      } else {
        const d = strtod(byval, 0);
        const r = strtodResult;
        if ((r.end !== byval.length && byval.charCodeAt(r.end) !== 0) || r.erange || Number.isNaN(d)) convError = true;
        it.score = d;
      }
    }
    const store = storekey !== null;
    const byPattern = sortby !== null;
    let cmp: (a: Item, b: Item) => number;
    if (!alpha) {
      cmp = (a, b) => (a.score > b.score ? 1 : a.score < b.score ? -1 : compareBytes(a.obj, b.obj));
    } else if (byPattern) {
      cmp = (a, b) => {
        if (a.cmp === null || b.cmp === null) return a.cmp === b.cmp ? 0 : a.cmp === null ? -1 : 1;
        return store ? compareBytes(a.cmp, b.cmp) : compareBytes(cstr(a.cmp), cstr(b.cmp));
      };
    } else {
      cmp = store ? (a, b) => compareBytes(a.obj, b.obj) : (a, b) => compareBytes(cstr(a.obj), cstr(b.obj));
    }
    items.sort(desc ? (a, b) => -cmp(a, b) : cmp);
  }

  const count = end - start + 1 > 0 ? end - start + 1 : 0;
  const outputlen = gets.length !== 0 ? gets.length * count : count;
  if (convError) {
    c.error(E.SORT_NOT_DOUBLE);
    return;
  }
  if (storekey === null) {
    const w = c.w;
    w.array(outputlen);
    for (let j = start; j <= end; j++) {
      const el = items[j].obj;
      if (gets.length === 0) w.bulk(el);
      for (const g of gets) {
        const val = lookupByPattern(c, g, el);
        if (val === null) w.nil();
        else w.bulk(val);
      }
    }
    return;
  }
  const out: string[] = [];
  for (let j = start; j <= end; j++) {
    const el = items[j].obj;
    if (gets.length === 0) out.push(el);
    for (const g of gets) out.push(lookupByPattern(c, g, el) ?? '');
  }
  if (outputlen !== 0) {
    ks.set(c.db, storekey, newList(out));
    ks.notify('l', 'sortstore', storekey, c.db.id);
  } else if (ks.delete(c.db, storekey)) {
    ks.notify('g', 'del', storekey, c.db.id);
  }
  c.w.integer(outputlen);
}

export const sortCommands: CommandDef[] = [
  command('sort', (c, argv) => sortGeneric(c, argv, false)),
  command('sort_ro', (c, argv) => sortGeneric(c, argv, true)),
];
