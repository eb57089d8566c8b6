/**
 * Redis's intset: a sorted array of 64-bit integers, binary searched.
 *
 * Members live in a Float64Array while every one is a safe integer
 * (|v| ≤ 2^53, exact in a double) and move to a BigInt64Array the first
 * time a larger one arrives — the same idea as Redis upgrading int16 →
 * int32 → int64. Eight bytes per member, no per-member objects.
 */
import { parseI64 } from '../protocol/ints.js';

export class IntSet {
  private nums: Float64Array | null = new Float64Array(4);
  private bigs: BigInt64Array | null = null;
  len = 0;

  /** Parses a member the way isSdsRepresentableAsLongLong does; null when not an integer. */
  static parse(s: string): number | bigint | null {
    return parseI64(s);
  }

  /** Position of v, or -(insertion point) - 1. */
  private search(v: number | bigint): number {
    let lo = 0;
    let hi = this.len - 1;
    if (this.nums !== null) {
      if (typeof v === 'bigint') return v > 0n ? -this.len - 1 : -1; // beyond every safe integer
      const a = this.nums;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const x = a[mid];
        if (x < v) lo = mid + 1;
        else if (x > v) hi = mid - 1;
        else return mid;
      }
      return -lo - 1;
    }
    const a = this.bigs!;
    const b = typeof v === 'bigint' ? v : BigInt(v);
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = a[mid];
      if (x < b) lo = mid + 1;
      else if (x > b) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  hasValue(v: number | bigint): boolean {
    return this.search(v) >= 0;
  }

  has(s: string): boolean {
    const v = parseI64(s);
    return v !== null && this.search(v) >= 0;
  }

  /** Inserts v in order; false when already present. */
  add(v: number | bigint): boolean {
    if (typeof v === 'bigint' && this.nums !== null) this.upgrade();
    const pos = this.search(v);
    if (pos >= 0) return false;
    const at = -pos - 1;
    if (this.nums !== null) {
      let a = this.nums;
      if (this.len === a.length) {
        const grown = new Float64Array(a.length * 2);
        grown.set(a);
        this.nums = a = grown;
      }
      a.copyWithin(at + 1, at, this.len);
      a[at] = v as number;
    } else {
      let a = this.bigs!;
      if (this.len === a.length) {
        const grown = new BigInt64Array(a.length * 2);
        grown.set(a);
        this.bigs = a = grown;
      }
      a.copyWithin(at + 1, at, this.len);
      a[at] = typeof v === 'bigint' ? v : BigInt(v);
    }
    this.len++;
    return true;
  }

  /** Removes v; false when absent. */
  remove(v: number | bigint): boolean {
    const pos = this.search(v);
    if (pos < 0) return false;
    this.removeAt(pos);
    return true;
  }

  removeAt(pos: number): void {
    const a = this.nums ?? this.bigs!;
    a.copyWithin(pos, pos + 1, this.len);
    this.len--;
    // Give memory back when mostly empty, as Redis reallocs the blob on every removal.
    if (a.length > 8 && this.len < a.length >> 2) {
      if (this.nums !== null) this.nums = this.nums.slice(0, a.length >> 1);
      else this.bigs = this.bigs!.slice(0, a.length >> 1);
    }
  }

  /** Member at sorted position i, as its canonical decimal text. */
  at(i: number): string {
    return this.nums !== null ? String(this.nums[i]) : this.bigs![i].toString();
  }

  /** Numeric value at position i. */
  valueAt(i: number): number | bigint {
    return this.nums !== null ? this.nums[i] : this.bigs![i];
  }

  private upgrade(): void {
    const a = this.nums!;
    const b = new BigInt64Array(Math.max(a.length, 4));
    for (let i = 0; i < this.len; i++) b[i] = BigInt(a[i]);
    this.bigs = b;
    this.nums = null;
  }
}
