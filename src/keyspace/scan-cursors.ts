/**
 * Cursors for SCAN, HSCAN, SSCAN and ZSCAN.
 *
 * Redis walks its hash tables with a reverse-binary cursor. Our containers
 * are JS Maps/Sets, whose iterators already give the guarantee SCAN
 * promises: an element present for the whole iteration is visited exactly
 * once, whatever is added or deleted in between (new ones may or may not
 * be seen). So a cursor number names a live iterator kept here; calling
 * SCAN again with it continues that iterator.
 *
 * Cursors are plain increasing numbers. At most MAX_CURSORS are kept;
 * the oldest is dropped when more are opened (a client that abandons a
 * scan costs nothing forever). An unknown or dropped cursor starts a new
 * iteration from the beginning, which can repeat elements but never skips
 * any — the safe direction.
 */

const MAX_CURSORS = 4096;

interface Entry {
  it: Iterator<unknown>;
  /** The container being walked; a cursor is only valid for the same one. */
  owner: object;
}

export class ScanCursors {
  private cursors = new Map<string, Entry>();
  private next = 1;

  /** Iterator to continue for `cursor` over `owner`; a fresh one from `start()` when unknown or "0". */
  resume<T>(cursor: string, owner: object, start: () => Iterator<T>): Iterator<T> {
    if (cursor !== '0') {
      const e = this.cursors.get(cursor);
      if (e !== undefined && e.owner === owner) {
        this.cursors.delete(cursor);
        return e.it as Iterator<T>;
      }
      this.cursors.delete(cursor);
    }
    return start();
  }

  /** Stores an unfinished iterator and returns the cursor that resumes it. */
  save(it: Iterator<unknown>, owner: object): string {
    const id = String(this.next++);
    this.cursors.set(id, { it, owner });
    if (this.cursors.size > MAX_CURSORS) {
      const oldest = this.cursors.keys().next().value as string;
      this.cursors.delete(oldest);
    }
    return id;
  }

  clear(): void {
    this.cursors.clear();
  }
}

/**
 * Parses a SCAN cursor argument as Redis does (strtoul): optional sign,
 * decimal digits, nothing else, no leading space, at most 2^64-1; a negative
 * value wraps around, and an empty string reads as 0. Returns the cursor's
 * canonical decimal text, or null for "ERR invalid cursor".
 */
export function parseCursor(s: string): string | null {
  const n = s.length;
  if (n === 0) return '0';
  let i = 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) i = 1;
  if (i === n) return null;
  for (let j = i; j < n; j++) {
    const ch = s.charCodeAt(j);
    if (ch < 48 || ch > 57) return null;
  }
  if (n - i <= 15 && c0 !== 45) return String(Number(s.slice(i)));
  let v = BigInt(s.slice(i));
  if (v > 18446744073709551615n) return null;
  if (c0 === 45 && v !== 0n) v = 18446744073709551616n - v;
  return v.toString();
}

/** True when Redis accepts `s` as a SCAN cursor. */
export function validCursor(s: string): boolean {
  return parseCursor(s) !== null;
}
