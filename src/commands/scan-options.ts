/**
 * The option parsing and reply shape shared by the key-level scans
 * (HSCAN, SSCAN, ZSCAN), following scanGenericCommand: options are read
 * only after the key was found and type-checked, later options override
 * earlier ones, COUNT must be ≥ 1, TYPE is SCAN-only.
 */
import type { Client } from '../server/client.js';
import { is } from './args.js';
import { compileGlob, globMatch, type Glob } from '../keyspace/glob.js';
import { parseI64Number } from '../protocol/ints.js';
import * as E from '../errors.js';

export interface ScanOptions {
  count: number;
  /** null when there is no MATCH or it is "*". */
  glob: Glob | null;
}

/** Parses [MATCH pattern] [COUNT count] from argv[start…]; null after replying an error. */
export function parseScanOptions(c: Client, argv: string[], start: number): ScanOptions | null {
  let count = 10;
  let pattern: string | null = null;
  for (let i = start; i < argv.length; i += 2) {
    const more = argv.length - i >= 2;
    if (more && is(argv[i], 'COUNT')) {
      const n = parseI64Number(argv[i + 1]);
      if (n === null) {
        c.error(E.NOT_INTEGER);
        return null;
      }
      if (n < 1) {
        c.error(E.SYNTAX);
        return null;
      }
      count = n;
    } else if (more && is(argv[i], 'MATCH')) {
      pattern = argv[i + 1];
    } else {
      c.error(E.SYNTAX);
      return null;
    }
  }
  return { count, glob: pattern === null || pattern === '*' ? null : compileGlob(pattern) };
}

export function scanMatches(o: ScanOptions, s: string): boolean {
  return o.glob === null || globMatch(o.glob, s);
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
