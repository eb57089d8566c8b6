/**
 * Client-side caching (CLIENT TRACKING), as Redis 7.0 does it.
 *
 * Default mode: after a read-only command of a tracking client, its keys are
 * remembered in one table key → client ids (keys of every database share
 * it, as in Redis). When such a key is modified, each remembered client gets
 * one invalidation message and the entry is dropped. Ids of clients that
 * went away stay in the table and are skipped when met (lazy cleanup).
 *
 * BCAST mode: no table; every modified key under a registered prefix is
 * collected, and the collected keys are sent to the prefix's clients once
 * the current batch of I/O has been processed (Redis's beforeSleep).
 *
 * Messages: RESP3 push `>2 invalidate [keys]` (null for a flush). With
 * REDIRECT the message goes to the other client instead: as a push if it
 * speaks RESP3, or as a `__redis__:invalidate` Pub/Sub message if it is a
 * RESP2 client in subscribed mode. A message for the client that is itself
 * executing the modifying command waits until that command (or its whole
 * EXEC) has replied, so replies and pushes never interleave.
 */
import type { Client } from './client.js';
import { serviceOf, type Server } from './server.js';
import type { CommandSpec } from '../catalog/spec.js';
import { F_READONLY, F_PUBSUB } from '../catalog/spec.js';
import { keyPositions } from '../catalog/key-extract.js';
import { pushTo, isSubscribed } from './pubsub.js';

export interface TrackingState {
  /** Client id receiving our invalidations; 0 = ourselves. */
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  /** CLIENT CACHING yes/no was given for the next command. */
  caching: boolean;
  brokenRedirect: boolean;
  /** BCAST prefixes of this client. */
  prefixes: Set<string>;
}

interface PrefixState {
  /** Keys modified since the last broadcast → the client that modified it last. */
  keys: Map<string, Client | null>;
  clients: Set<Client>;
}

function bulk(s: string): string {
  return '$' + s.length + '\r\n' + s + '\r\n';
}

const INVALIDATE_CHANNEL_MSG = '*3\r\n$7\r\nmessage\r\n' + bulk('__redis__:invalidate');

export class Tracking {
  /** key → ids of clients that may cache it. */
  readonly table = new Map<string, Set<number>>();
  /** Entries summed over every key (INFO tracking_total_items). */
  totalItems = 0;
  readonly prefixes = new Map<string, PrefixState>();
  trackingClients = 0;
  /** Invalidations for executing clients, sent once their command has replied (key null: flush). */
  private pending: [Client, string | null][] = [];
  private broadcastScheduled = false;
  /** Rounds in a row the table was over tracking-table-max-keys. */
  private overLimitRounds = 0;

  constructor(private readonly server: Server) {}

  stateOf(c: Client): TrackingState | undefined {
    return c.tracking ?? undefined;
  }

  enable(c: Client, redirect: number, opts: { bcast: boolean; optin: boolean; optout: boolean; noloop: boolean }, prefixes: string[]): void {
    let st = this.stateOf(c);
    if (st === undefined) {
      st = { redirect: 0, bcast: false, optin: false, optout: false, noloop: false, caching: false, brokenRedirect: false, prefixes: new Set() };
      c.tracking = st;
      this.trackingClients++;
    }
    st.redirect = redirect;
    st.brokenRedirect = false;
    st.optin = opts.optin;
    st.optout = opts.optout;
    st.noloop = opts.noloop;
    if (opts.bcast) {
      st.bcast = true;
      if (prefixes.length === 0) this.addPrefix(c, st, '');
      for (const p of prefixes) this.addPrefix(c, st, p);
    } else {
      st.bcast = false;
    }
  }

  private addPrefix(c: Client, st: TrackingState, prefix: string): void {
    let ps = this.prefixes.get(prefix);
    if (ps === undefined) this.prefixes.set(prefix, (ps = { keys: new Map(), clients: new Set() }));
    ps.clients.add(c);
    st.prefixes.add(prefix);
  }

  disable(c: Client): void {
    const st = this.stateOf(c);
    if (st === undefined) return;
    for (const p of st.prefixes) {
      const ps = this.prefixes.get(p);
      if (ps === undefined) continue;
      ps.clients.delete(c);
      if (ps.clients.size === 0) this.prefixes.delete(p);
    }
    c.tracking = null;
    this.trackingClients--;
  }

  /** After a command: remember the keys a tracking client read. */
  rememberKeys(c: Client, cmd: CommandSpec, argv: string[]): void {
    const st = this.stateOf(c);
    if (st === undefined || st.bcast || (cmd.flags & F_PUBSUB) !== 0) return;
    if ((st.optin && !st.caching) || (st.optout && st.caching)) return;
    for (const pos of keyPositions(cmd, argv)) {
      const key = argv[pos];
      let ids = this.table.get(key);
      if (ids === undefined) this.table.set(key, (ids = new Set()));
      if (!ids.has(c.id)) {
        ids.add(c.id);
        this.totalItems++;
      }
    }
  }

  /**
   * A key changed. `by` is the client whose command changed it (a script's
   * caller), `runner` the one that ran the command (a script's fake client):
   * as in Redis, NOLOOP in BCAST mode compares with the latter, so a
   * client's own script writes are broadcast back to it.
   */
  invalidateKey(by: Client | null, key: string, bcast: boolean, runner: Client | null = by): void {
    if (bcast && this.prefixes.size !== 0) this.rememberForBroadcast(runner, key);
    const ids = this.table.get(key);
    if (ids === undefined) return;
    this.table.delete(key);
    this.totalItems -= ids.size;
    const clients = this.server.clients;
    for (const id of ids) {
      const target = clients.get(id);
      if (target === undefined) continue;
      const st = this.stateOf(target);
      if (st === undefined || st.bcast) continue;
      if (st.noloop && target === by) continue;
      if (target === by && target.current !== null) this.pending.push([target, key]);
      else this.send(target, '*1\r\n' + bulk(key));
    }
  }

  /** FLUSHDB / FLUSHALL: every tracking client is told "everything" (null), the table is dropped. */
  invalidateAll(): void {
    if (this.trackingClients !== 0) {
      const current = this.server.current;
      for (const c of this.server.clients.values()) {
        if (this.stateOf(c) === undefined) continue;
        if (c === current) this.pending.push([c, null]);
        else this.send(c, c.resp === 2 ? '$-1\r\n' : '_\r\n');
      }
    }
    this.table.clear();
    this.totalItems = 0;
  }

  get hasPending(): boolean {
    return this.pending.length !== 0;
  }

  /** Sends what waited for the executing clients' replies. */
  flushPending(): void {
    if (this.pending.length === 0) return;
    const list = this.pending;
    this.pending = [];
    for (const [c, key] of list) {
      if (c.closed || this.stateOf(c) === undefined) continue;
      if (key === null) this.send(c, c.resp === 2 ? '$-1\r\n' : '_\r\n');
      else this.send(c, '*1\r\n' + bulk(key));
    }
  }

  /**
   * Delivers one invalidation whose value part (`payload`, RESP bytes) is
   * already encoded, honouring the client's redirection.
   */
  private send(c: Client, payload: string): void {
    const st = this.stateOf(c)!;
    let target = c;
    if (st.redirect !== 0) {
      const redir = this.server.clients.get(st.redirect);
      if (redir === undefined) {
        st.brokenRedirect = true;
        if (c.resp === 3) pushTo(c, '>2\r\n' + bulk('tracking-redir-broken') + ':' + st.redirect + '\r\n');
        return;
      }
      target = redir;
    }
    if (target.resp === 3) pushTo(target, '>2\r\n$10\r\ninvalidate\r\n' + payload);
    else if (target !== c && isSubscribed(target)) pushTo(target, INVALIDATE_CHANNEL_MSG + payload);
  }

  private rememberForBroadcast(by: Client | null, key: string): void {
    for (const [prefix, ps] of this.prefixes) {
      if (prefix.length > key.length || (prefix.length !== 0 && !key.startsWith(prefix))) continue;
      ps.keys.set(key, by);
      if (!this.broadcastScheduled) {
        this.broadcastScheduled = true;
        setImmediate(() => this.broadcast());
      }
    }
  }

  /** Sends each prefix's collected keys (in byte order) to its clients. */
  private broadcast(): void {
    this.broadcastScheduled = false;
    const names = [...this.prefixes.keys()].sort();
    for (const name of names) {
      const ps = this.prefixes.get(name)!;
      if (ps.keys.size === 0) continue;
      const keys = [...ps.keys.keys()].sort();
      const all = '*' + keys.length + '\r\n' + keys.map(bulk).join('');
      for (const c of ps.clients) {
        const st = this.stateOf(c);
        if (st === undefined) continue;
        if (st.noloop) {
          const mine = keys.filter((k) => ps.keys.get(k) !== c);
          if (mine.length !== 0) this.send(c, '*' + mine.length + '\r\n' + mine.map(bulk).join(''));
        } else {
          this.send(c, all);
        }
      }
      ps.keys = new Map();
    }
  }

  /** tracking-table-max-keys: forget (and invalidate) keys until the table fits again. */
  limitTable(): void {
    const max = this.server.config.num('tracking-table-max-keys');
    if (max === 0 || this.table.size <= max) {
      this.overLimitRounds = 0;
      return;
    }
    let effort = 100 * (this.overLimitRounds + 1);
    while (effort-- > 0 && this.table.size > max) {
      const key = this.table.keys().next().value as string;
      this.invalidateKey(null, key, false);
    }
    if (this.table.size <= max) this.overLimitRounds = 0;
    else this.overLimitRounds++;
  }
}

declare module './server.js' {
  interface Services {
    tracking: Tracking;
  }
}

/** Read-only script commands track nothing themselves: only the reads their script runs count. */
const SCRIPT_RUNNERS = new Set(['eval_ro', 'evalsha_ro', 'fcall_ro']);

export function trackingOf(server: Server): Tracking {
  return serviceOf(server, 'tracking');
}

/** Creates the tracking table and hooks it to commands, key changes, flushes and clients. */
export function installTracking(server: Server): Tracking {
  const t = new Tracking(server);
  server.services.tracking = t;
  const ks = server.keyspace;
  ks.onModified((_db, key) => {
    if (ks.flushing || (t.table.size === 0 && t.prefixes.size === 0)) return;
    t.invalidateKey(server.current, key, true, server.executing);
  });
  ks.onFlush(() => t.invalidateAll());
  server.callHooks.push((c, cmd, argv) => {
    if (t.trackingClients === 0 && !t.hasPending) return;
    if ((cmd.flags & F_READONLY) !== 0 && !SCRIPT_RUNNERS.has(cmd.name)) {
      // A read inside a script makes its caller track the script's declared keys.
      const sc = c.scriptCaller;
      if (sc !== null) t.rememberKeys(sc.client, sc.cmd, sc.argv);
      else t.rememberKeys(c, cmd, argv);
    }
    const st = t.stateOf(c);
    if (server.current !== null) return; // inside EXEC: the rest happens after EXEC itself
    if (st !== undefined && c.multi === null && cmd.name !== 'client' && cmd.parent?.name !== 'client') st.caching = false;
    t.flushPending();
    t.limitTable();
  });
  server.clientCloseHooks.push((c) => t.disable(c));
  server.clientResetHooks.push((c) => t.disable(c));
  return t;
}
