/**
 * Duplicating a value for COPY. Strings are immutable JS strings and are
 * shared. A type can implement `dup()` (see RObject) for a cheap, exact copy;
 * otherwise its object graph is cloned structurally: same prototypes, Maps,
 * Sets, arrays, typed arrays and plain fields, with shared sub-objects and
 * cycles (linked list / skiplist back pointers) preserved. The clone is
 * iterative so a long linked structure cannot overflow the stack.
 */
import type { RObject, Value } from './value.js';

export function dupValue(v: Value): Value {
  if (typeof v === 'string') return v;
  if (typeof v.dup === 'function') return v.dup();
  return deepClone(v) as RObject;
}

export function deepClone(root: unknown): unknown {
  const seen = new Map<object, object>();
  const work: [object, object][] = [];

  const shell = (v: unknown): unknown => {
    if (v === null || (typeof v !== 'object')) return v; // primitives and functions are shared
    const src = v as object;
    const done = seen.get(src);
    if (done !== undefined) return done;
    let copy: object;
    if (ArrayBuffer.isView(src)) {
      copy = Buffer.isBuffer(src) ? Buffer.from(src) : new (src.constructor as new (a: ArrayBufferView) => object)(src);
    } else if (src instanceof ArrayBuffer) {
      copy = src.slice(0);
    } else if (src instanceof Date) {
      copy = new Date(src.getTime());
    } else {
      copy = src instanceof Map ? new Map() : src instanceof Set ? new Set() : Array.isArray(src) ? new Array(src.length) : Object.create(Object.getPrototypeOf(src));
      work.push([src, copy]);
    }
    seen.set(src, copy);
    return copy;
  };

  const out = shell(root);
  while (work.length !== 0) {
    const [src, dst] = work.pop()!;
    if (src instanceof Map) {
      for (const [k, val] of src) (dst as Map<unknown, unknown>).set(shell(k), shell(val));
    } else if (src instanceof Set) {
      for (const val of src) (dst as Set<unknown>).add(shell(val));
    }
    if (Array.isArray(src)) {
      const a = dst as unknown[];
      for (let i = 0; i < src.length; i++) a[i] = shell(src[i]);
      continue;
    }
    for (const k of Reflect.ownKeys(src)) {
      const d = Object.getOwnPropertyDescriptor(src, k)!;
      if ('value' in d) d.value = shell(d.value);
      Object.defineProperty(dst, k, d);
    }
  }
  return out;
}
