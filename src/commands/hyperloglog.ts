/**
 * HyperLogLog commands: PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST.
 *
 * The value is an ordinary string holding Redis's HLL bytes (see
 * keyspace/hll.ts). Like Redis, PFCOUNT of one key writes the computed
 * cardinality back into the header (a change other clients can WATCH), and
 * every write leaves the cache invalid.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { isOpt, cstr } from './args.js';
import * as E from '../errors.js';
import { lookupString } from './lookup.js';
import {
  HllEditor, EMPTY_HLL, isHll, addToDense, hllEncoding, cachedCount, withCachedCount, mergeInto, countRaw,
  HLL_DENSE, HLL_SPARSE, HLL_REGISTERS,
} from '../keyspace/hll.js';

const editor = new HllEditor();

/**
 * The HLL string at `key` for `c`: undefined when missing, null after the
 * reply to a non-string (WRONGTYPE) or a string that is not an HLL.
 */
function hllAt(c: Client, key: string, write: boolean): string | undefined | null {
  const v = lookupString(c, key, write);
  return v === undefined || v === null ? v : checkHll(c, v);
}

/** isHLLObjectOrReply's second half: the string `v`, or null after the error reply when it is no HLL. */
function checkHll(c: Client, v: string): string | null {
  if (isHll(v)) return v;
  c.error(E.HLL_WRONGTYPE);
  return null;
}

function sparseMax(c: Client): number {
  return c.server.config.num('hll-sparse-max-bytes');
}

/** PFADD key [element ...] → 1 when a register changed (or the key was created). */
function pfadd(c: Client, argv: string[]): void {
  const key = argv[1];
  const cur = hllAt(c, key, true);
  if (cur === null) return;
  let updated: number;
  if (cur !== undefined && hllEncoding(cur) === HLL_DENSE) {
    updated = addToDense(editor, cur, argv, 2);
  } else {
    updated = cur === undefined ? 1 : 0;
    editor.load(cur ?? EMPTY_HLL);
    const max = sparseMax(c);
    for (let j = 2; j < argv.length; j++) {
      const r = editor.add(argv[j], max);
      if (r === -1) {
        // Redis edits its value in place: registers set before the corrupt spot stay set.
        if (updated !== 0) c.server.keyspace.put(c.db, key, editor.toString());
        c.error(E.HLL_INVALID);
        return;
      }
      updated += r;
    }
  }
  if (updated !== 0) {
    const ks = c.server.keyspace;
    editor.invalidateCache();
    ks.set(c.db, key, editor.toString(), true);
    ks.notify('$', 'pfadd', key, c.db.id);
  }
  c.w.integer(updated !== 0 ? 1 : 0);
}

const maxRegs = new Uint8Array(HLL_REGISTERS);

/**
 * Folds the HLLs at argv[from..] into maxRegs. Returns null after an error
 * reply, else whether any of them was dense.
 */
function unionOf(c: Client, argv: string[], from: number): boolean | null {
  maxRegs.fill(0);
  let dense = false;
  for (let j = from; j < argv.length; j++) {
    const s = hllAt(c, argv[j], false);
    if (s === null) return null;
    if (s === undefined) continue;
    if (hllEncoding(s) === HLL_DENSE) dense = true;
    if (!mergeInto(maxRegs, s)) {
      c.error(E.HLL_INVALID);
      return null;
    }
  }
  return dense;
}

/** PFCOUNT key [key ...]: one key uses (and refreshes) the cached cardinality; several estimate their union. */
function pfcount(c: Client, argv: string[]): void {
  if (argv.length > 2) {
    if (unionOf(c, argv, 1) === null) return;
    c.w.integer(countRaw(maxRegs));
    return;
  }
  const key = argv[1];
  const s = hllAt(c, key, false);
  if (s === null) return;
  if (s === undefined) {
    c.w.integer(0);
    return;
  }
  const cached = cachedCount(s);
  if (cached !== -1) {
    c.w.integer(cached);
    return;
  }
  editor.load(s);
  const card = editor.count();
  if (card < 0) {
    c.error(E.HLL_INVALID);
    return;
  }
  const ks = c.server.keyspace;
  ks.put(c.db, key, withCachedCount(s, card));
  ks.modified(c.db, key);
  c.w.integer(card);
}

/** PFMERGE destkey [sourcekey ...]: the union written into destkey (dense if any input was dense). */
function pfmerge(c: Client, argv: string[]): void {
  // The destination is an input too: it is argv[1], merged first.
  const dense = unionOf(c, argv, 1);
  if (dense === null) return;
  const key = argv[1];
  const ks = c.server.keyspace;
  const cur = ks.lookupWrite(c.db, key) as string | undefined; // checked by unionOf
  editor.load(cur ?? EMPTY_HLL);
  if (dense && !editor.toDense()) {
    c.error(E.HLL_INVALID);
    return;
  }
  const max = sparseMax(c);
  for (let j = 0; j < HLL_REGISTERS; j++) {
    if (maxRegs[j] !== 0) editor.set(j, maxRegs[j], max);
  }
  editor.invalidateCache();
  ks.set(c.db, key, editor.toString(), true);
  ks.notify('$', 'pfadd', key, c.db.id);
  c.w.ok();
}

/** Converts the sparse HLL loaded in the editor to dense and stores it at `key`; false after the corrupt-HLL reply. */
function storeDense(c: Client, key: string): boolean {
  if (!editor.toDense()) {
    c.error(E.HLL_INVALID);
    return false;
  }
  c.server.keyspace.put(c.db, key, editor.toString());
  c.server.keyspace.modified(c.db, key);
  return true;
}

/** PFDEBUG GETREG|DECODE|ENCODING|TODENSE key */
function pfdebug(c: Client, argv: string[]): void {
  const sub = argv[1];
  const key = argv[2];
  const v = lookupString(c, key, true);
  if (v === null) return;
  if (v === undefined) {
    c.error(E.PFDEBUG_NO_KEY);
    return;
  }
  const s = checkHll(c, v);
  if (s === null) return;
  editor.load(s);
  if (isOpt(sub, 'GETREG')) {
    if (editor.encoding === HLL_SPARSE && !storeDense(c, key)) return;
    c.w.array(HLL_REGISTERS);
    for (let j = 0; j < HLL_REGISTERS; j++) c.w.integer(editor.register(j));
  } else if (isOpt(sub, 'DECODE')) {
    if (editor.encoding !== HLL_SPARSE) {
      c.error(E.PFDEBUG_NOT_SPARSE);
      return;
    }
    c.w.bulk(editor.decode());
  } else if (isOpt(sub, 'ENCODING')) {
    c.w.simple(editor.encoding === HLL_DENSE ? 'dense' : 'sparse');
  } else if (isOpt(sub, 'TODENSE')) {
    const conv = editor.encoding === HLL_SPARSE;
    if (conv && !storeDense(c, key)) return;
    c.w.integer(conv ? 1 : 0);
  } else {
    c.error(E.pfdebugUnknown(cstr(sub)));
  }
}

/**
 * PFSELFTEST: Redis's self test of the register layout, the sparse/dense
 * agreement and the estimator error, run on this implementation.
 */
function pfselftest(c: Client): void {
  const err = selfTest(sparseMax(c));
  if (err === null) c.w.ok();
  else c.error(err);
}

function selfTest(sparseMaxBytes: number): string | null {
  const dense = new HllEditor();
  const sparse = new HllEditor();
  dense.load(EMPTY_HLL);
  dense.toDense();
  const bytes = new Uint8Array(HLL_REGISTERS);
  for (let cycle = 0; cycle < 1000; cycle++) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const r = (Math.random() * 64) | 0;
      bytes[i] = r;
      dense.setRegister(i, r);
    }
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const v = dense.register(i);
      if (v !== bytes[i]) return `TESTFAILED Register ${i} should be ${bytes[i]} but is ${v}`;
    }
  }
  dense.load(EMPTY_HLL);
  dense.toDense();
  sparse.load(EMPTY_HLL);
  const relerr = 1.04 / Math.sqrt(HLL_REGISTERS);
  const seedLo = (Math.random() * 0x100000000) >>> 0;
  const seedHi = (Math.random() * 0x100000000) >>> 0;
  const ele = Buffer.alloc(8);
  let checkpoint = 1;
  for (let j = 1; j <= 10000000; j++) {
    ele.writeUInt32LE((j ^ seedLo) >>> 0, 0);
    ele.writeUInt32LE(seedHi, 4);
    const s = ele.toString('latin1');
    dense.add(s, sparseMaxBytes);
    sparse.add(s, sparseMaxBytes);
    if (j !== checkpoint) continue;
    if (j < sparseMaxBytes / 2 && sparse.encoding !== HLL_SPARSE) return 'TESTFAILED sparse encoding not used';
    const card = dense.count();
    if (card !== sparse.count()) return 'TESTFAILED dense/sparse disagree';
    let maxerr = Math.ceil(relerr * 6 * checkpoint);
    if (j === 10) maxerr = 1;
    const abserr = Math.abs(checkpoint - card);
    if (abserr > maxerr) return `TESTFAILED Too big error. card:${checkpoint} abserr:${abserr}`;
    checkpoint *= 10;
  }
  return null;
}

export const hyperloglogCommands: CommandDef[] = [
  command('pfadd', pfadd),
  command('pfcount', pfcount),
  command('pfmerge', pfmerge),
  command('pfdebug', pfdebug),
  command('pfselftest', pfselftest),
];
