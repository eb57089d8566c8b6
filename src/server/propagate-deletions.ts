/**
 * Deletions the server decides on its own — a TTL that passed (lazily on
 * access or in the active expiry cycle) and eviction — are propagated as
 * DEL, or UNLINK when the matching lazyfree directive is on, exactly as
 * Redis's propagateDeletion(): replicas and the AOF never expire or evict
 * by themselves, they replay these.
 */
import type { Server } from './server.js';
import type { Database } from '../keyspace/database.js';

export function installDeletionPropagation(server: Server): void {
  const prop = server.propagation;
  const cfg = server.config;
  let lazyExpire = cfg.bool('lazyfree-lazy-expire');
  let lazyEviction = cfg.bool('lazyfree-lazy-eviction');
  cfg.onChange('lazyfree-lazy-expire', (_n, v) => { lazyExpire = v as boolean; });
  cfg.onChange('lazyfree-lazy-eviction', (_n, v) => { lazyEviction = v as boolean; });
  server.keyspace.expiredListeners.push((db: Database, key: string) => {
    if (prop.active) prop.also(db.id, [lazyExpire ? 'UNLINK' : 'DEL', key]);
  });
  server.evictedListeners.push((db: Database, key: string) => {
    if (prop.active) prop.also(db.id, [lazyEviction ? 'UNLINK' : 'DEL', key]);
  });
}
