/**
 * Transactions: the MULTI queue, EXEC, and optimistic locking with WATCH.
 *
 * The dispatcher queues commands while `c.multi` is set and marks the
 * transaction dirty when one is rejected; EXEC then aborts with E.EXECABORT.
 * While EXEC runs its queue, `c.multi` stays set, so blocking commands can
 * tell (`c.multi !== null`) that they must answer at once instead of block.
 *
 * WATCH keeps one map "dbid\0key" → watching clients. Any keyspace write
 * signal (`keyspace.modified`: writes, expiry, flushes, renames, eviction)
 * on such a key marks its watchers dirty, and their EXEC answers a null
 * array. As in Redis 7.0, a watched key that has merely expired by EXEC
 * time also fails the EXEC, while a key that was already expired when
 * WATCHed does not count as changed when it is finally deleted.
 */
import type { Client } from './client.js';
import { serviceOf, type Server } from './server.js';
import type { Database } from '../keyspace/database.js';
import { call } from './dispatcher.js';
import * as E from '../errors.js';


export class Watches {
  /** "dbid\0key" → clients watching it. */
  private readonly byKey = new Map<string, Set<Client>>();
  /** Per client: its watched entries, mapped to "was already expired when watched". */
  private readonly byClient = new Map<Client, Map<string, { db: Database; key: string; expired: boolean }>>();

  constructor(private readonly server: Server) {}

  watch(c: Client, db: Database, key: string): void {
    const id = db.id + '\0' + key;
    let mine = this.byClient.get(c);
    if (mine === undefined) this.byClient.set(c, (mine = new Map()));
    if (mine.has(id)) return;
    mine.set(id, { db, key, expired: isExpired(db, key) });
    let set = this.byKey.get(id);
    if (set === undefined) this.byKey.set(id, (set = new Set()));
    set.add(c);
    c.watched ??= new Set();
    c.watched.add(id);
  }

  unwatchAll(c: Client): void {
    const mine = this.byClient.get(c);
    if (mine !== undefined) {
      this.byClient.delete(c);
      for (const id of mine.keys()) {
        const set = this.byKey.get(id);
        if (set === undefined) continue;
        set.delete(c);
        if (set.size === 0) this.byKey.delete(id);
      }
    }
    c.watched = null;
  }

  /** A key changed: its watchers' transactions must fail. */
  touched(db: Database, key: string): void {
    if (this.byKey.size === 0) return;
    const id = db.id + '\0' + key;
    const set = this.byKey.get(id);
    if (set === undefined) return;
    const gone = this.server.keyspace.flushing || !db.dict.has(key);
    for (const c of set) {
      const wk = this.byClient.get(c)?.get(id);
      if (wk !== undefined && wk.expired) {
        // Deleting a key that was already expired when watched changes nothing logically.
        if (gone) {
          wk.expired = false;
          continue;
        }
      }
      c.watchDirty = true;
      // Dirty is final until EXEC/DISCARD/UNWATCH: stop tracking its other keys.
      this.unwatchAll(c);
    }
  }

  /**
   * SWAPDB, called before the swap for each side (Redis's touchAllWatchedKeysInDb):
   * a key watched in `emptied` changes if it exists there or in `replacement`,
   * except that swapping an already expired watched key for nothing, or for
   * another expired key, changes nothing logically.
   */
  touchOnSwap(emptied: Database, replacement: Database): void {
    if (this.byKey.size === 0) return;
    const prefix = emptied.id + '\0';
    for (const [id, set] of [...this.byKey]) {
      if (!id.startsWith(prefix)) continue;
      const key = id.slice(prefix.length);
      const inEmptied = emptied.dict.has(key);
      const inReplacement = replacement.dict.has(key);
      if (!inEmptied && !inReplacement) continue;
      for (const c of [...set]) {
        const wk = this.byClient.get(c)?.get(id);
        if (wk === undefined) continue;
        if (inEmptied && wk.expired) {
          if (!inReplacement) {
            wk.expired = false;
            continue;
          }
          if (isExpired(replacement, key)) continue;
        } else if (!inEmptied && isExpired(replacement, key)) {
          wk.expired = true;
          continue;
        }
        c.watchDirty = true;
        this.unwatchAll(c);
      }
    }
  }

  /** EXEC: a watched key (not already expired when watched) has expired since. */
  expiredSinceWatch(c: Client): boolean {
    const mine = this.byClient.get(c);
    if (mine === undefined) return false;
    for (const wk of mine.values()) {
      if (!wk.expired && isExpired(wk.db, wk.key)) return true;
    }
    return false;
  }

  get watchedKeyCount(): number {
    return this.byKey.size;
  }
}

/** Logically expired (TTL passed) but maybe not deleted yet. */
function isExpired(db: Database, key: string): boolean {
  if (db.expires.size === 0) return false;
  const when = db.expires.get(key);
  return when !== undefined && when <= Date.now();
}

declare module './server.js' {
  interface Services {
    watches: Watches;
  }
}

export function watchesOf(server: Server): Watches {
  return serviceOf(server, 'watches');
}

/**
 * For SWAPDB: call before swapping the two databases' contents. SWAPDB must
 * fail the transactions watching keys present in either database, but it
 * is not a per-key modification (no tracking invalidation, no events), so it
 * goes through here instead of keyspace.modified().
 */
export function touchWatchedKeysOnSwap(server: Server, a: Database, b: Database): void {
  const w = watchesOf(server);
  w.touchOnSwap(a, b);
  w.touchOnSwap(b, a);
}

/** Leaves the transaction state (EXEC, DISCARD, RESET, disconnect). */
export function discardTransaction(c: Client): void {
  c.multi = null;
  c.watchDirty = false;
  watchesOf(c.server).unwatchAll(c);
}

/**
 * EXEC rejected before it could run (wrong arity, subscribed context, ACL,
 * OOM…): the transaction ends with the reason, and MONITOR still sees EXEC.
 */
export function execAbort(c: Client, msg: string, argv: string[]): void {
  discardTransaction(c);
  c.error(E.execAbort(msg));
  if (c.server.monitors.size !== 0) c.server.feedMonitors(c, argv);
}

export function execTransaction(c: Client): void {
  const multi = c.multi!;
  const watches = watchesOf(c.server);
  if (watches.expiredSinceWatch(c)) c.watchDirty = true;
  if (multi.dirty) {
    c.error(E.EXECABORT);
    discardTransaction(c);
    return;
  }
  if (c.watchDirty) {
    c.w.nilArray();
    discardTransaction(c);
    return;
  }
  watches.unwatchAll(c);
  const queue = multi.queue;
  c.w.array(queue.length);
  const acl = c.server.acl;
  for (let i = 0; i < queue.length; i++) {
    const { cmd, argv } = queue[i];
    // ACL rules may have changed since the command was queued.
    const denied = acl.check(c, cmd, argv);
    if (denied !== null) {
      c.error(E.aclChangedInMulti(denied));
      continue;
    }
    call(c, cmd, argv);
  }
  discardTransaction(c);
}

/** Creates the WATCH registry and hooks it to keyspace changes and client lifecycle. */
export function installMulti(server: Server): Watches {
  const w = new Watches(server);
  server.services.watches = w;
  server.keyspace.onModified((db, key) => w.touched(db, key));
  server.keyspace.swapListeners.push((a, b) => touchWatchedKeysOnSwap(server, a, b));
  server.clientCloseHooks.push((c) => w.unwatchAll(c));
  server.clientResetHooks.push((c) => w.unwatchAll(c));
  return w;
}
