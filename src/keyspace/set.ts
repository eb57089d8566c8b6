/**
 * The set type, with Redis 7.0's two encodings (7.0 has no listpack sets).
 *
 * intset: while every member is a canonical 64-bit integer and there are at
 * most set-max-intset-entries of them; a sorted array iterated in numeric
 * order, exactly like Redis, so SMEMBERS and friends reply in the same order.
 *
 * hashtable: members in a dense array, which gives O(1) uniform random
 * picks for SPOP/SRANDMEMBER (a JS Set cannot pick without walking), plus —
 * once the set outgrows INDEX_FROM members — a Map from member to slot for
 * O(1) lookups and a stable order for SSCAN cursors. Below that a linear
 * scan is as fast and the set stays a couple of hundred bytes smaller.
 * Removal moves the last member into the freed slot. Redis leaves the
 * order of a hashtable unspecified, so this layout changes no reply.
 * Conversion from intset is one-way.
 */
import type { RObject } from './value.js';
import { type IntArray, parseIntMember, intsetHas, intsetInsert, intsetRemoveAt, intsetSearch, intsetMember } from './intset.js';
import { appendCompact } from './compact-array.js';

/** Hashtable sets larger than this get a member → slot index. */
const INDEX_FROM = 16;

export class RSet implements RObject {
  /** intset encoding (sorted); null for hashtable. */
  ints: IntArray | null;
  /** hashtable encoding: the members. */
  members: string[] | null;
  /** hashtable encoding, large sets: each member's slot in `members`. */
  index: Map<string, number> | null = null;

  private constructor(intset: boolean) {
    this.ints = intset ? [] : null;
    this.members = intset ? null : [];
  }

  get type(): 'set' {
    return 'set';
  }

  /** setTypeCreate: an intset when `first` is an integer, else a hashtable. */
  static forMember(first: string): RSet {
    return new RSet(parseIntMember(first) !== null);
  }

  /** An empty intset-encoded set (the start of SUNION/SINTERSTORE results). */
  static empty(): RSet {
    return new RSet(true);
  }

  encoding(): string {
    return this.ints !== null ? 'intset' : 'hashtable';
  }

  get size(): number {
    return this.ints !== null ? this.ints.length : this.members!.length;
  }

  has(m: string): boolean {
    if (this.ints !== null) return intsetHas(this.ints, m);
    return this.index !== null ? this.index.has(m) : this.members!.includes(m);
  }

  /** setTypeAdd: true when added; converts to hashtable when needed. */
  add(m: string, maxIntset: number): boolean {
    if (this.ints !== null) {
      const v = parseIntMember(m);
      if (v !== null) {
        const grown = intsetInsert(this.ints, v);
        if (grown === null) return false;
        this.ints = grown;
        if (grown.length > maxIntset) this.convert();
        return true;
      }
      this.convert();
    }
    const index = this.index;
    const members = this.members!;
    if (index !== null) {
      if (index.has(m)) return false;
      index.set(m, members.length);
      members.push(m);
      return true;
    }
    if (members.includes(m)) return false;
    this.members = appendCompact(members, m);
    if (this.members.length > INDEX_FROM) this.buildIndex();
    return true;
  }

  delete(m: string): boolean {
    if (this.ints !== null) {
      const v = parseIntMember(m);
      if (v === null) return false;
      const pos = intsetSearch(this.ints, v);
      if (pos < 0) return false;
      intsetRemoveAt(this.ints, pos);
      return true;
    }
    const members = this.members!;
    const index = this.index;
    const i = index !== null ? index.get(m) : members.indexOf(m);
    if (i === undefined || i < 0) return false;
    if (index !== null) index.delete(m);
    const last = members.pop()!;
    if (i < members.length) {
      members[i] = last;
      if (index !== null) index.set(last, i);
    }
    return true;
  }

  /** Member at position i of the iteration order (sorted for intsets). */
  at(i: number): string {
    return this.ints !== null ? intsetMember(this.ints, i) : this.members![i];
  }

  /** A uniformly random member of a non-empty set. */
  random(): string {
    return this.at(Math.floor(Math.random() * this.size));
  }

  /** Removes and returns a uniformly random member of a non-empty set. */
  popRandom(): string {
    const i = Math.floor(Math.random() * this.size);
    if (this.ints !== null) {
      const s = intsetMember(this.ints, i);
      intsetRemoveAt(this.ints, i);
      return s;
    }
    const m = this.members![i];
    this.delete(m);
    return m;
  }

  /** An independent copy with the same encoding (COPY). */
  clone(): RSet {
    const s = new RSet(this.ints !== null);
    if (this.ints !== null) {
      s.ints = this.ints.slice() as IntArray;
    } else {
      s.members = this.members!.slice();
      if (this.index !== null) s.index = new Map(this.index);
    }
    return s;
  }

  /** Converts an intset to a hashtable. */
  convert(): void {
    const ints = this.ints;
    if (ints === null) return;
    const members = new Array<string>(ints.length);
    for (let i = 0; i < ints.length; i++) members[i] = intsetMember(ints, i);
    this.members = members;
    this.ints = null;
    if (members.length > INDEX_FROM) this.buildIndex();
  }

  private buildIndex(): void {
    const members = this.members!;
    const index = new Map<string, number>();
    for (let i = 0; i < members.length; i++) index.set(members[i], i);
    this.index = index;
  }
}
