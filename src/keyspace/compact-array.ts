/**
 * Growing small arrays without push()'s slack.
 *
 * V8 reserves ~16 extra slots whenever push() or splice() grows an array,
 * which for a 2-field hash or a 3-member set is more than the data itself.
 * Small arrays are therefore rebuilt at their exact size (O(n), like
 * Redis's listpack/intset realloc + memmove); past SMALL elements the
 * slack is proportionally small and in-place growth is used.
 */
const SMALL = 64;

/** a with `items` appended; may return a new array. */
export function appendCompact<T>(a: T[], ...items: T[]): T[] {
  if (a.length + items.length <= SMALL) return a.concat(items);
  a.push(...items);
  return a;
}

/** a with `item` inserted at `at`; may return a new array. */
export function insertCompact<T>(a: T[], at: number, item: T): T[] {
  if (a.length < SMALL) return a.slice(0, at).concat([item], a.slice(at));
  a.splice(at, 0, item);
  return a;
}
