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
 * Parses a SCAN cursor argument the way Redis does (strtoul, base 10): an
 * optional sign, digits (leading zeros allowed), value within 64 bits —
 * a negative one wraps around — and no leading whitespace; the empty string
 * is cursor 0. Returns the canonical decimal cursor, or null when Redis
 * answers "ERR invalid cursor".
 */
export function parseCursor(s: string): string | null {
  const n = s.length;
  if (n === 0) return '0';
  let i = 0;
  const sign = s.charCodeAt(0);
  if (sign === 43 /* + */ || sign === 45 /* - */) i = 1;
  if (i === n) return null;
  for (let j = i; j < n; j++) {
    const ch = s.charCodeAt(j);
    if (ch < 48 || ch > 57) return null;
  }
  if (n <= 16 && sign !== 45) return String(Number(s)); // exact below 2^53
  const v = BigInt(s.slice(i));
  if (v > 18446744073709551615n) return null;
  if (sign === 45 && v !== 0n) return String(18446744073709551616n - v);
  return String(v);
}

/** True when `s` is a cursor Redis accepts. */
export function validCursor(s: string): boolean {
  return parseCursor(s) !== null;
}
