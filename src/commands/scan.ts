/**
 * Shared machinery for SCAN-style commands (SCAN, HSCAN, SSCAN, ZSCAN):
 * option parsing with Redis's errors (scanGenericCommand: the key-level
 * scans read options only after the key was found and type-checked, later
 * options override earlier ones, COUNT must be ≥ 1, TYPE is SCAN-only),
 * the reply shape, and stepping a live iterator kept in the server's cursor
 * registry (see keyspace/scan-cursors.ts).
 */
import type { Client } from '../server/client.js';
import { is } from './args.js';
import { parseI64Number } from '../protocol/ints.js';
import { compileGlob, globMatch, type Glob } from '../keyspace/glob.js';
import * as E from '../errors.js';

export interface ScanOptions {
  count: number;
  /** null when there is no MATCH or it is exactly "*". */
  match: Glob | null;
  /** TYPE filter (SCAN only), compared case-insensitively. */
  type: string | null;
}

/** Parses COUNT / MATCH / TYPE from argv[first..]; null after replying with the error. */
export function parseScanOptions(c: Client, argv: string[], first: number, allowType: boolean): ScanOptions | null {
  const opts: ScanOptions = { count: 10, match: null, type: null };
  for (let i = first; i < argv.length; i += 2) {
    const more = argv.length - i >= 2;
    const opt = argv[i];
    if (more && is(opt, 'COUNT')) {
      const n = parseI64Number(argv[i + 1]);
      if (n === null) {
        c.error(E.NOT_INTEGER);
        return null;
      }
      if (n < 1) {
        c.error(E.SYNTAX);
        return null;
      }
      opts.count = n;
    } else if (more && is(opt, 'MATCH')) {
      const pat = argv[i + 1];
      opts.match = pat === '*' ? null : compileGlob(pat);
    } else if (more && allowType && is(opt, 'TYPE')) {
      opts.type = argv[i + 1].toLowerCase();
    } else {
      c.error(E.SYNTAX);
      return null;
    }
  }
  return opts;
}

export function scanMatches(o: ScanOptions, s: string): boolean {
  return o.match === null || globMatch(o.match, s);
}

/** The reply for a missing key: cursor 0 and no elements. */
export function replyEmptyScan(c: Client): void {
  c.w.raw('*2\r\n$1\r\n0\r\n*0\r\n');
}

/** [cursor, [elements…]] — the same shape in RESP2 and RESP3. */
export function replyScan(c: Client, cursor: string, items: readonly string[]): void {
  c.w.array(2);
  c.w.bulk(cursor);
  c.w.bulkArray(items);
}

/**
 * An iterator that can look one element ahead, so a scan that has just
 * taken the last element answers cursor 0 instead of a final empty page.
 * The same object is saved in the registry across calls (no wrapping
 * chains).
 */
export class PeekIterator<T> implements Iterator<T> {
  private head: T | undefined = undefined;
  private hasHead = false;

  constructor(private readonly src: Iterator<T>) {}

  next(): IteratorResult<T> {
    if (this.hasHead) {
      const value = this.head as T;
      this.hasHead = false;
      this.head = undefined;
      return { value, done: false };
    }
    return this.src.next();
  }

  /** True when another element follows. */
  more(): boolean {
    if (this.hasHead) return true;
    const r = this.src.next();
    if (r.done) return false;
    this.head = r.value;
    this.hasHead = true;
    return true;
  }
}

/**
 * Visits up to `count` elements of `owner` continuing `cursor` (a canonical
 * cursor from parseCursor) and returns the cursor to reply: "0" when the
 * iteration is complete.
 */
export function scanStep<T>(c: Client, cursor: string, owner: object, start: () => Iterator<T>, count: number, visit: (item: T) => void): string {
  const reg = c.server.scanCursors;
  const it = reg.resume(cursor, owner, () => new PeekIterator<T>(start())) as PeekIterator<T>;
  for (let i = 0; i < count; i++) {
    const r = it.next();
    if (r.done) return '0';
    visit(r.value);
  }
  if (!it.more()) return '0';
  return reg.save(it, owner);
}
