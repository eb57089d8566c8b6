/**
 * Redis's intset: a sorted array of 64-bit integers, binary searched.
 *
 * Held in a plain JS array of numbers while every member is a safe integer
 * (V8 stores those unboxed, 8 bytes each, in an exact-size backing store —
 * far smaller than a typed array's fixed overhead for small sets). The
 * first member beyond ±2^53 switches the whole array to bigints, the way
 * Redis upgrades int16 → int32 → int64.
 */
import { parseI64 } from '../protocol/ints.js';
import { insertCompact } from './compact-array.js';

export type IntArray = number[] | bigint[];

/** Parses a member the way isSdsRepresentableAsLongLong does; null when not an integer. */
export function parseIntMember(s: string): number | bigint | null {
  return parseI64(s);
}

/** Position of v in a, or -(insertion point) - 1. */
export function intsetSearch(a: IntArray, v: number | bigint): number {
  let lo = 0;
  let hi = a.length - 1;
  if (a.length !== 0 && typeof a[0] === 'bigint') {
    const b = BigInt(v);
    const arr = a as bigint[];
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = arr[mid];
      if (x < b) lo = mid + 1;
      else if (x > b) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }
  // Number mode: a bigint argument lies beyond every member.
  if (typeof v === 'bigint') return v > 0n ? -a.length - 1 : -1;
  const arr = a as number[];
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = arr[mid];
    if (x < v) lo = mid + 1;
    else if (x > v) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

export function intsetHas(a: IntArray, s: string): boolean {
  const v = parseI64(s);
  return v !== null && intsetSearch(a, v) >= 0;
}

/** Inserts v in order; returns the (possibly new) array, or null when v was present. */
export function intsetInsert(a: IntArray, v: number | bigint): IntArray | null {
  const big = a.length !== 0 && typeof a[0] === 'bigint';
  if (typeof v === 'bigint' && !big && a.length !== 0) a = (a as number[]).map((x) => BigInt(x));
  const pos = intsetSearch(a, v);
  if (pos >= 0) return null;
  const at = -pos - 1;
  if (typeof a[0] === 'bigint' || (a.length === 0 && typeof v === 'bigint')) return insertCompact(a as bigint[], at, BigInt(v));
  return insertCompact(a as number[], at, v as number);
}

/** Removes the member at pos (in place). */
export function intsetRemoveAt(a: IntArray, pos: number): void {
  a.splice(pos, 1);
}

/** Member at sorted position i, as its canonical decimal text. */
export function intsetMember(a: IntArray, i: number): string {
  return String(a[i]);
}
