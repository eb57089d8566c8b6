/**
 * The typed key lookup every collection family starts with: the value of
 * the wanted class, undefined when the key is missing, or null after the
 * WRONGTYPE reply. `write` picks lookupWrite (no hit/miss statistics, as
 * Redis's lookupKeyWrite) over lookupRead.
 */
import type { Client } from '../server/client.js';
import * as E from '../errors.js';

/** A value class; matched with instanceof (some have private constructors and factories). */
type ValueClass<T> = Function & { prototype: T };

export function lookupTyped<T>(c: Client, key: string, type: ValueClass<T>, write: boolean): T | undefined | null {
  const ks = c.server.keyspace;
  const v = write ? ks.lookupWrite(c.db, key) : ks.lookupRead(c.db, key);
  if (v === undefined || v instanceof type) return v as T | undefined;
  c.error(E.WRONGTYPE);
  return null;
}

/** The string at `key`: the string, undefined when missing, or null after the WRONGTYPE reply. */
export function lookupString(c: Client, key: string, write: boolean): string | undefined | null {
  const ks = c.server.keyspace;
  const v = write ? ks.lookupWrite(c.db, key) : ks.lookupRead(c.db, key);
  if (v === undefined || typeof v === 'string') return v;
  c.error(E.WRONGTYPE);
  return null;
}
