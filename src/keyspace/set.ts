/**
 * The set type, with Redis 7.0's two encodings (7.0 has no listpack sets).
 *
 * intset: while every member is a canonical 64-bit integer and there are at
 * most set-max-intset-entries of them; iterated in numeric order, exactly
 * like Redis, so SMEMBERS and friends reply in the same order.
 *
 * hashtable: members in a dense array plus a Map from member to its slot.
 * The Map gives O(1) lookups and a stable iteration order for SSCAN
 * cursors; the array gives O(1) uniform random picks for SPOP and
 * SRANDMEMBER (a JS Set cannot pick randomly without walking). Removal
 * moves the last member into the freed slot. Conversion is one-way.
 */
import type { RObject } from './value.js';
import { IntSet } from './intset.js';

export class RSet implements RObject {
  readonly type = 'set' as const;
  ints: IntSet | null;
  /** hashtable encoding: members, and each member's index in `members`. */
  members: string[] | null;
  index: Map<string, number> | null;

  private constructor(intset: boolean) {
    this.ints = intset ? new IntSet() : null;
    this.members = intset ? null : [];
    this.index = intset ? null : new Map();
  }

  /** setTypeCreate: an intset when `first` is an integer, else a hashtable. */
  static forMember(first: string): RSet {
    return new RSet(IntSet.parse(first) !== null);
  }

  /** An empty intset-encoded set (the start of SUNION/SINTERSTORE results). */
  static empty(): RSet {
    return new RSet(true);
  }

  encoding(): string {
    return this.ints !== null ? 'intset' : 'hashtable';
  }

  get size(): number {
    return this.ints !== null ? this.ints.len : this.members!.length;
  }

  has(m: string): boolean {
    return this.ints !== null ? this.ints.has(m) : this.index!.has(m);
  }

  /** setTypeAdd: true when added; converts to hashtable when needed. */
  add(m: string, maxIntset: number): boolean {
    const ints = this.ints;
    if (ints !== null) {
      const v = IntSet.parse(m);
      if (v !== null) {
        if (!ints.add(v)) return false;
        if (ints.len > maxIntset) this.convert();
        return true;
      }
      this.convert();
    }
    const index = this.index!;
    if (index.has(m)) return false;
    const members = this.members!;
    index.set(m, members.length);
    members.push(m);
    return true;
  }

  delete(m: string): boolean {
    if (this.ints !== null) {
      const v = IntSet.parse(m);
      return v !== null && this.ints.remove(v);
    }
    const index = this.index!;
    const i = index.get(m);
    if (i === undefined) return false;
    index.delete(m);
    const members = this.members!;
    const last = members.pop()!;
    if (i < members.length) {
      members[i] = last;
      index.set(last, i);
    }
    return true;
  }

  /** Member at position i of the iteration order (sorted for intsets). */
  at(i: number): string {
    return this.ints !== null ? this.ints.at(i) : this.members![i];
  }

  /** A uniformly random member of a non-empty set. */
  random(): string {
    return this.at(Math.floor(Math.random() * this.size));
  }

  /** Removes and returns a uniformly random member of a non-empty set. */
  popRandom(): string {
    const i = Math.floor(Math.random() * this.size);
    if (this.ints !== null) {
      const s = this.ints.at(i);
      this.ints.removeAt(i);
      return s;
    }
    const m = this.members![i];
    this.delete(m);
    return m;
  }

  /** Every member, in iteration order (sorted for intsets). */
  toArray(): string[] {
    if (this.ints === null) return this.members!.slice();
    const n = this.ints.len;
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = this.ints.at(i);
    return out;
  }

  /** Converts an intset to a hashtable. */
  convert(): void {
    const ints = this.ints;
    if (ints === null) return;
    const members: string[] = new Array<string>(ints.len);
    const index = new Map<string, number>();
    for (let i = 0; i < ints.len; i++) {
      const s = ints.at(i);
      members[i] = s;
      index.set(s, i);
    }
    this.members = members;
    this.index = index;
    this.ints = null;
  }
}
