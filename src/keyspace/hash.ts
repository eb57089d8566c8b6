/**
 * The hash type, with Redis 7.0's two encodings.
 *
 * listpack: a flat array [field0, value0, field1, value1, …] in insertion
 * order, searched linearly — the same layout, order and complexity as
 * Redis's listpack, so HGETALL/HKEYS/HSCAN replies come out in the same
 * order. Updating a field keeps its position; deleting closes the gap.
 * Small arrays are kept at their exact size (compact-array.ts): a small
 * hash costs about a third of what a Map would.
 *
 * hashtable: a Map, once the hash outgrows hash-max-listpack-entries or a
 * field/value exceeds hash-max-listpack-value bytes. As in Redis the
 * conversion is one-way.
 */
import type { RObject } from './value.js';
import { appendCompact } from './compact-array.js';

export class RHash implements RObject {
  /** listpack encoding: alternating fields and values; null once converted. */
  lp: string[] | null = [];
  /** hashtable encoding. */
  ht: Map<string, string> | null = null;

  get type(): 'hash' {
    return 'hash';
  }

  encoding(): string {
    return this.lp !== null ? 'listpack' : 'hashtable';
  }

  get size(): number {
    return this.lp !== null ? this.lp.length >> 1 : this.ht!.size;
  }

  /** Index of `field` in the listpack array, or -1. */
  private lpFind(field: string): number {
    const lp = this.lp!;
    for (let i = 0; i < lp.length; i += 2) if (lp[i] === field) return i;
    return -1;
  }

  get(field: string): string | undefined {
    if (this.lp === null) return this.ht!.get(field);
    const i = this.lpFind(field);
    return i < 0 ? undefined : this.lp[i + 1];
  }

  has(field: string): boolean {
    return this.lp === null ? this.ht!.has(field) : this.lpFind(field) >= 0;
  }

  /**
   * Sets a field; true when it was new. In listpack encoding the hash
   * converts when it grows beyond `maxEntries` (hashTypeSet's check).
   */
  set(field: string, value: string, maxEntries: number): boolean {
    const lp = this.lp;
    if (lp === null) {
      const ht = this.ht!;
      const before = ht.size;
      ht.set(field, value);
      return ht.size !== before;
    }
    const i = this.lpFind(field);
    if (i >= 0) {
      lp[i + 1] = value;
      return false;
    }
    this.lp = appendCompact(lp, field, value);
    if (this.lp.length >> 1 > maxEntries) this.convert();
    return true;
  }

  /** Removes a field; true when it existed. */
  delete(field: string): boolean {
    if (this.lp === null) return this.ht!.delete(field);
    const i = this.lpFind(field);
    if (i < 0) return false;
    this.lp.splice(i, 2);
    return true;
  }

  /** Converts to hashtable encoding when any string is longer than `maxValue` bytes (hashTypeTryConversion). */
  convertIfTooLong(strings: readonly string[], start: number, end: number, maxValue: number): void {
    if (this.lp === null) return;
    for (let i = start; i < end; i++) {
      if (strings[i].length > maxValue) {
        this.convert();
        return;
      }
    }
  }

  convert(): void {
    const lp = this.lp;
    if (lp === null) return;
    const ht = new Map<string, string>();
    for (let i = 0; i < lp.length; i += 2) ht.set(lp[i], lp[i + 1]);
    this.ht = ht;
    this.lp = null;
  }

  /** Calls fn for every field and value, in encoding order. */
  forEach(fn: (field: string, value: string) => void): void {
    const lp = this.lp;
    if (lp !== null) {
      for (let i = 0; i < lp.length; i += 2) fn(lp[i], lp[i + 1]);
    } else {
      for (const [f, v] of this.ht!) fn(f, v);
    }
  }

  /** Field and value at position `i` (0 ≤ i < size) in iteration order. O(1) for listpack, O(i) for hashtable. */
  at(i: number): [string, string] {
    const lp = this.lp;
    if (lp !== null) return [lp[2 * i], lp[2 * i + 1]];
    for (const e of this.ht!) if (i-- === 0) return e;
    throw new RangeError('hash index out of range');
  }

  /** An independent copy with the same encoding (COPY). */
  clone(): RHash {
    const h = new RHash();
    if (this.lp !== null) {
      h.lp = this.lp.slice();
    } else {
      h.lp = null;
      h.ht = new Map(this.ht!);
    }
    return h;
  }

  /** All [field, value] pairs as one flat array, in iteration order. */
  flat(): string[] {
    if (this.lp !== null) return this.lp.slice();
    const out: string[] = [];
    for (const [f, v] of this.ht!) out.push(f, v);
    return out;
  }
}
