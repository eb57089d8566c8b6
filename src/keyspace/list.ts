/**
 * The list value. A short list is a growable ring buffer of latin1 strings;
 * past PACK_AFTER elements it becomes a PackedList (packed-list.ts: chunks
 * of bytes, as Redis's quicklist), where an element costs its bytes plus
 * two instead of a string object and a pointer (a 10M-element list of
 * short strings: ~850 MB before, tens of MB packed). Lists stay packed once
 * packed, as Redis 7.0's quicklists do.
 *
 * The ring buffer:
 * Push and pop at both ends are O(1) (amortised over doublings), and any
 * index is reached in O(1) — better than Redis's quicklist, which walks
 * nodes. Inserting or removing in the middle moves the shorter side, as a
 * memmove would; those commands are O(n) in Redis too because they first
 * search for the element. Slots that fall out of the live range are cleared
 * so popped strings can be collected, and the buffer shrinks when mostly
 * empty so a drained list gives its memory back.
 */
import type { RObject } from './value.js';
import { PackedList } from './packed-list.js';

const MIN_CAPACITY = 8;
/** Elements a ring-buffer list holds before it is packed. */
const PACK_AFTER = 128;

export class ListValue implements RObject {
  readonly type = 'list' as const;
  /** Capacity is always a power of two, so wrapping is a mask. */
  private buf: (string | undefined)[];
  private mask: number;
  private head = 0;
  private len = 0;
  /** Set once the list is packed; the ring buffer is then empty and unused. */
  private packed: PackedList | null = null;

  constructor(capacity = MIN_CAPACITY) {
    let cap = MIN_CAPACITY;
    while (cap < capacity) cap *= 2;
    this.buf = new Array<string | undefined>(cap);
    this.mask = cap - 1;
  }

  /** Redis 7.0 always reports quicklist for lists (listpack lists came in 7.2). */
  encoding(): string {
    return 'quicklist';
  }

  /** True once the elements are packed (memory estimates: bytes plus about 4 per element). */
  get isPacked(): boolean {
    return this.packed !== null;
  }

  /** COPY: the same elements (a structural clone would share the packed chunks' buffers). */
  dup(): ListValue {
    const n = this.length;
    const l = new ListValue(n <= PACK_AFTER ? n : MIN_CAPACITY);
    for (let i = 0; i < n; i++) l.pushTail(this.at(i));
    return l;
  }

  get length(): number {
    return this.packed !== null ? this.packed.length : this.len;
  }

  /** Element at 0 <= i < length (caller checks the range). */
  at(i: number): string {
    if (this.packed !== null) return this.packed.at(i);
    return this.buf[(this.head + i) & this.mask] as string;
  }

  /** Whether the element at 0 <= i < length equals `s` (packed lists compare bytes in place). */
  equalsAt(i: number, s: string): boolean {
    if (this.packed !== null) return this.packed.equalsAt(i, s);
    return this.buf[(this.head + i) & this.mask] === s;
  }

  /** Replaces the element at 0 <= i < length. */
  setAt(i: number, s: string): void {
    if (this.packed !== null) return this.packed.setAt(i, s);
    this.buf[(this.head + i) & this.mask] = s;
  }

  /** Moves the elements into a PackedList and drops the ring buffer. */
  private pack(): void {
    const p = new PackedList();
    for (let i = 0; i < this.len; i++) p.pushTail(this.at(i));
    this.packed = p;
    this.buf = new Array<string | undefined>(MIN_CAPACITY);
    this.mask = MIN_CAPACITY - 1;
    this.head = 0;
    this.len = 0;
  }

  pushTail(s: string): void {
    if (this.packed !== null) return this.packed.pushTail(s);
    if (this.len >= PACK_AFTER) {
      this.pack();
      return this.packed!.pushTail(s);
    }
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    this.buf[(this.head + this.len) & this.mask] = s;
    this.len++;
  }

  pushHead(s: string): void {
    if (this.packed !== null) return this.packed.pushHead(s);
    if (this.len >= PACK_AFTER) {
      this.pack();
      return this.packed!.pushHead(s);
    }
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = s;
    this.len++;
  }

  /** Removes and returns the first element; the list must not be empty. */
  popHead(): string {
    if (this.packed !== null) return this.packed.popHead();
    const buf = this.buf;
    const s = buf[this.head] as string;
    buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.len--;
    this.maybeShrink();
    return s;
  }

  /** Removes and returns the last element; the list must not be empty. */
  popTail(): string {
    if (this.packed !== null) return this.packed.popTail();
    const buf = this.buf;
    const p = (this.head + this.len - 1) & this.mask;
    const s = buf[p] as string;
    buf[p] = undefined;
    this.len--;
    this.maybeShrink();
    return s;
  }

  /** Removes `n` (<= length) elements from the head. */
  dropHead(n: number): void {
    if (this.packed !== null) return this.packed.dropHead(n);
    const buf = this.buf;
    const mask = this.mask;
    for (let i = 0; i < n; i++) buf[(this.head + i) & mask] = undefined;
    this.head = (this.head + n) & mask;
    this.len -= n;
    this.maybeShrink();
  }

  /** Removes `n` (<= length) elements from the tail. */
  dropTail(n: number): void {
    if (this.packed !== null) return this.packed.dropTail(n);
    const buf = this.buf;
    const mask = this.mask;
    for (let i = this.len - n; i < this.len; i++) buf[(this.head + i) & mask] = undefined;
    this.len -= n;
    this.maybeShrink();
  }

  /** Inserts `s` so that it ends up at index 0 <= i <= length, moving the shorter side. */
  insertAt(i: number, s: string): void {
    if (this.packed !== null) return this.packed.insertAt(i, s);
    if (i === 0) return this.pushHead(s);
    if (i === this.len) return this.pushTail(s);
    if (this.len >= PACK_AFTER) {
      this.pack();
      return this.packed!.insertAt(i, s);
    }
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    const buf = this.buf;
    const mask = this.mask;
    if (i < this.len - i) {
      // Shift the first i elements one slot towards the head.
      const h = (this.head - 1) & mask;
      for (let k = 0; k < i; k++) buf[(h + k) & mask] = buf[(h + k + 1) & mask];
      this.head = h;
    } else {
      // Shift elements [i, len) one slot towards the tail.
      for (let k = this.len; k > i; k--) buf[(this.head + k) & mask] = buf[(this.head + k - 1) & mask];
    }
    buf[(this.head + i) & mask] = s;
    this.len++;
  }

  /** Index of the first element equal to `s` scanning from the head, or -1. */
  indexOf(s: string): number {
    if (this.packed !== null) return this.packed.indexOf(s);
    const buf = this.buf;
    const mask = this.mask;
    for (let i = 0; i < this.len; i++) if (buf[(this.head + i) & mask] === s) return i;
    return -1;
  }

  /**
   * Removes up to `limit` elements equal to `s` (0 = all), scanning from the
   * tail when `fromTail`. One compaction pass, O(n). Returns how many went.
   */
  removeEqual(s: string, limit: number, fromTail: boolean): number {
    if (this.packed !== null) return this.packed.removeEqual(s, limit, fromTail);
    const buf = this.buf;
    const mask = this.mask;
    const head = this.head;
    const n = this.len;
    let removed = 0;
    if (!fromTail) {
      let w = 0;
      for (let r = 0; r < n; r++) {
        const v = buf[(head + r) & mask];
        if (v === s && (limit === 0 || removed < limit)) {
          removed++;
          continue;
        }
        if (w !== r) buf[(head + w) & mask] = v;
        w++;
      }
      for (let k = w; k < n; k++) buf[(head + k) & mask] = undefined;
    } else {
      let w = n - 1;
      for (let r = n - 1; r >= 0; r--) {
        const v = buf[(head + r) & mask];
        if (v === s && (limit === 0 || removed < limit)) {
          removed++;
          continue;
        }
        if (w !== r) buf[(head + w) & mask] = v;
        w--;
      }
      for (let k = 0; k <= w; k++) buf[(head + k) & mask] = undefined;
      this.head = (head + removed) & mask;
    }
    this.len = n - removed;
    this.maybeShrink();
    return removed;
  }

  /** Keeps only [start, start + count) (already clamped by the caller). */
  keepRange(start: number, count: number): void {
    if (this.packed !== null) return this.packed.keepRange(start, count);
    this.dropTail(this.len - start - count);
    this.dropHead(start);
  }

  private maybeShrink(): void {
    const cap = this.buf.length;
    if (cap > MIN_CAPACITY && this.len < cap >>> 2) this.resize(nextPow2(this.len * 2));
  }

  private resize(cap: number): void {
    const old = this.buf;
    const mask = this.mask;
    const nb = new Array<string | undefined>(cap);
    for (let i = 0; i < this.len; i++) nb[i] = old[(this.head + i) & mask];
    this.buf = nb;
    this.mask = cap - 1;
    this.head = 0;
  }
}

function nextPow2(n: number): number {
  let p = MIN_CAPACITY;
  while (p < n) p *= 2;
  return p;
}
