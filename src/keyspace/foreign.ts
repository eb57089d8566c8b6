/**
 * Read access to value types owned by other families, for the commands
 * here that accept them: ZUNION/ZINTER/ZDIFF take sets as inputs (every
 * member scoring 1), SORT sorts lists and sets and reads hash fields for
 * BY/GET "key->field", and SORT ... STORE creates a list.
 *
 * Each type lives in its own module; these few duck-typed accessors are
 * the only place this family depends on their shape, so adapting to a
 * type's final representation means editing this file only:
 *   - list: `length` and `at(i)` (ListValue in keyspace/list.ts)
 *   - set: `size`, `has(m)` and iteration of members
 *   - hash: `get(field)` returning the value or undefined
 */
import type { RObject } from './value.js';
import type { RSet } from './set.js';
import { ListValue } from './list.js';

type SetLike = {
  size: number;
  has(m: string): boolean;
  members?: () => Iterable<string>;
  [Symbol.iterator]?: () => Iterator<string>;
};
type ListLike = { length: number; at(i: number): string };
type HashLike = { get(field: string): string | undefined | null };

export function setSize(v: RObject): number {
  return (v as unknown as SetLike).size;
}

export function setHas(v: RObject, m: string): boolean {
  return (v as unknown as SetLike).has(m);
}

export function* setMembers(v: RObject): Iterable<string> {
  const s = v as unknown as RSet;
  for (let i = 0, n = s.size; i < n; i++) yield s.at(i);
}

export function listLength(v: RObject): number {
  return (v as unknown as ListLike).length;
}

export function listAt(v: RObject, i: number): string {
  return (v as unknown as ListLike).at(i);
}

export function hashField(v: RObject, field: string): string | undefined {
  const r = (v as unknown as HashLike).get(field);
  return r === null ? undefined : r;
}

/** A new list value holding `items` in order (SORT ... STORE). */
export function newList(items: string[]): RObject {
  const l = new ListValue(items.length);
  for (const it of items) l.pushTail(it);
  return l;
}
