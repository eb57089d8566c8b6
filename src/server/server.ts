/**
 * The server: owns the configuration, keyspace, command table, clients and
 * listeners, and runs the periodic cron (active expiry, idle timeouts).
 * Feature modules (ACL, memory/eviction, pub/sub, …) plug into the hooks
 * declared here rather than into the dispatcher.
 */
import net from 'node:net';
import { TLSSocket } from 'node:tls';
import { adoptForDirectReads } from './transport.js';
import { randomBytes } from 'node:crypto';
import { Config } from '../config/registry.js';
import { coreParams } from '../config/params.js';
import { Keyspace } from '../keyspace/keyspace.js';
import type { Database } from '../keyspace/database.js';
import { activeExpireCycle } from '../keyspace/active-expire.js';
import { followAccessConfig } from '../keyspace/access.js';
import { Stats, type AuthFailureReason } from './stats.js';
import { createLogger, setLogLevel, type Logger } from './logger.js';
import { CommandTable, type CommandSpec } from '../catalog/spec.js';
import { Client } from './client.js';
import { Listeners } from './listeners.js';
import { monitorLine } from './monitor.js';
import { ScanCursors } from '../keyspace/scan-cursors.js';
import { isSubscribed } from './pubsub.js';
import { admissionError } from './admission.js';
import { Blocking } from './blocking.js';
import { resyncWallClock } from './clock.js';
import { drainClients } from './shutdown.js';
import { Propagation } from './propagation.js';
import { HeapGuard } from './heap-guard.js';
import * as E from '../errors.js';

export const RESPD_VERSION = '0.1.0';
/** The Redis version we speak for; clients enable features by it. */
export const REDIS_VERSION = '7.0.15';

/** Access control hook: returns a NOPERM error text, or null to allow. */
export interface AccessControl {
  /** `scriptCaller`: c is a script's client running a redis.call for that client. */
  check(c: Client, cmd: CommandSpec, argv: string[], scriptCaller?: Client): string | null;
  /** check()'s verdict without logging or counting a denial. */
  permits?(c: Client, cmd: CommandSpec, argv: string[]): boolean;
  /** Whether c's user may read every key through `cmd` (commands reading keys their key specs do not name). */
  readsAllKeys?(c: Client, cmd: CommandSpec, argv: string[]): boolean;
  /** ACL LOG of a failed AUTH. */
  onAuthFailure?(c: Client, user: string, argv0: string): void;
  /** Whether an ACL user of that name exists (CLIENT KILL USER); only `default` without it. */
  userExists?(name: string): boolean;
}

/** Memory limit hook: may evict; returns an OOM error text when the write must be refused. */
export interface MemoryGuard {
  beforeWrite(c: Client, cmd: CommandSpec): string | null;
  /** used_memory: the bytes counted against maxmemory. */
  used(): number;
}

/** The memory the process really holds for data: the V8 heap in use plus external (Buffer) memory. */
export function processMemory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/**
 * The services compose.ts installs. Each module declares its own entry by
 * declaration merging, e.g.
 *   declare module '../server/server.js' { interface Services { acl: AclManager } }
 * so every access is typed while the server core names no feature above it.
 */
export interface Services {}

/** The installed service `name`; a missing one is a wiring bug in compose.ts. */
export function serviceOf<K extends keyof Services>(server: Server, name: K): Services[K] {
  const s = server.services[name];
  if (s === undefined) throw new Error(`respd: service '${name}' is not installed`);
  return s;
}

/** Credential checks for AUTH / HELLO AUTH (the ACL module provides them). */
export interface AuthProvider {
  /** True when the default user needs no password. */
  defaultNoPass(): boolean;
  /** Checks credentials; true on success. */
  authenticate(user: string, pass: string): boolean;
  /** Whether new connections start unauthenticated (default user protected or disabled). */
  authRequired?(): boolean;
  /** Why authenticate(user, …) failed (asked only after a failure, for the metrics). */
  failureReason?(user: string): AuthFailureReason;
}

export interface ServerOptions {
  /** Extra config text (redis.conf syntax), applied after the file. */
  config?: Config;
  /** Silence logs (embedding, tests). */
  silent?: boolean;
}

export class Server {
  readonly config: Config;
  readonly stats = new Stats();
  readonly keyspace: Keyspace;
  /** Clients blocked on keys (BLPOP & co). */
  readonly blocking: Blocking;
  readonly commands = new CommandTable();
  readonly clients = new Map<number, Client>();
  readonly monitors = new Set<Client>();
  /** Live iterators behind SCAN/HSCAN/SSCAN/ZSCAN cursors. */
  readonly scanCursors = new ScanCursors();
  /** Writes become the command stream the AOF and replicas consume (propagation.ts). */
  readonly propagation = new Propagation();
  log: Logger;
  readonly runId = randomBytes(20).toString('hex');
  readonly startedAt = Date.now();
  acl: AccessControl = { check: () => null };
  auth!: AuthProvider;
  memory: MemoryGuard = { beforeWrite: () => null, used: processMemory };
  /** Refuses writes while the V8 heap is near its limit (checked by the cron). */
  readonly heap = new HeapGuard();
  /**
   * The client whose command is executing (null between commands, e.g. during
   * active expiry); for commands run by a script, the script's caller.
   */
  current: Client | null = null;
  /** The client running the innermost command: a script's own fake client while it calls commands. */
  executing: Client | null = null;
  /** Run after every executed command, nested ones (EXEC) included; `current` is the caller's by then. */
  readonly callHooks: ((c: Client, cmd: CommandSpec, argv: string[]) => void)[] = [];
  /** Called after every executed command (slowlog, latency, propagation). */
  afterCall: ((c: Client, cmd: CommandSpec, argv: string[], ms: number) => void) | null = null;
  /** While a script runs past busy-reply-threshold: the -BUSY error other clients get. */
  busyError: string | null = null;
  /** Cached `maxmemory` for the dispatcher's hot path. */
  maxmemory = 0;
  /** CLIENT PAUSE: until when, and whether only writes are paused. */
  pauseUntil = 0;
  pauseWritesOnly = false;
  /** DEBUG SET-ACTIVE-EXPIRE: the cron's expiry sweep runs only while true. */
  activeExpireEnabled = true;
  /** LASTSAVE: unix seconds of the last successful save (startup until one happens). */
  lastSave = Math.floor(Date.now() / 1000);
  /** Clients held by CLIENT PAUSE (blocked, for INFO and CLIENT LIST), resumed in this order when it ends. */
  readonly pausedClients = new Set<Client>();
  readonly listeners: Listeners;
  private cron: NodeJS.Timeout | null = null;
  private toFlush = new Set<Client>();
  private flushScheduled = false;
  shuttingDown = false;
  /** SHUTDOWN SAVE (true) / NOSAVE (false) for the shutdown hooks' final save; null follows the save points. */
  shutdownSave: boolean | null = null;
  /** How SHUTDOWN ends the process; embedded servers just close. */
  onExit: ((code: number) => void) | null = null;
  /** Installed services (pub/sub registry, tracking table, ACL…), typed by their modules. */
  readonly services: Partial<Services> = {};
  /** Run before any reply leaves (the AOF writes — and with appendfsync always, fsyncs — what they acknowledge). */
  beforeReplies: (() => void) | null = null;
  /**
   * Set while every reply waits for an fsync (appendfsync always): replies to
   * what was read are sent once per event-loop turn, after one fsync covering
   * every client's commands of that turn, as Redis does in beforeSleep.
   */
  deferReplies = false;
  private toFlushAfterIo = new Set<Client>();
  /** Load the dataset at start, before listening (AOF); a throw stops the start. */
  readonly loaders: (() => Promise<void>)[] = [];
  /** Told of every key eviction deletes (propagated as DEL/UNLINK). */
  readonly evictedListeners: ((db: Database, key: string) => void)[] = [];
  /** Run when the server stops (persistence, pidfile…). */
  readonly shutdownHooks: (() => void)[] = [];
  /** -MISCONF: true while writes must be refused because persistence failed. */
  writesDenied: (() => boolean) | null = null;
  /** -LOADING: true while the dataset is being loaded. */
  isLoading: () => boolean = () => false;
  /** Run once the listeners are bound, before the cron starts (the metrics endpoint). */
  readonly listeningHooks: (() => Promise<void>)[] = [];
  /** Run at the end of every cron tick with its period and time (sampling, latency…). */
  readonly cronHooks: ((periodMs: number, now: number) => void)[] = [];

  constructor(opts: ServerOptions = {}) {
    this.config = opts.config ?? new Config(coreParams());
    this.log = createLogger(this.config.str('loglevel'), this.config.str('logfile'), opts.silent ?? false);
    this.keyspace = new Keyspace(this.config.num('databases'), this.stats);
    this.blocking = new Blocking(this);
    // after SWAPDB, keys clients wait on may exist in their database now
    this.keyspace.swappedListeners.push((a, b) => { this.blocking.signalDb(a); this.blocking.signalDb(b); });
    this.maxmemory = this.config.num('maxmemory');
    this.config.onChange('maxmemory', (_n, v) => { this.maxmemory = v as number; });
    this.config.onChange('loglevel', (_n, v) => setLogLevel(this.log, v as string));
    this.config.onChange('proto-max-bulk-len', (_n, v) => {
      for (const c of this.clients.values()) c.parser.maxBulkLen = v as number;
    });
    this.config.onChange('hz', () => this.startCron());
    this.heap.onChange = (tripped) => {
      const mb = (n: number) => Math.round(n / 1048576);
      if (tripped) this.log.warn({ heapLimitMb: mb(this.heap.limit), thresholdMb: mb(this.heap.threshold) }, 'V8 heap near its limit: refusing writes with -OOM');
      else this.log.warn({ heapLimitMb: mb(this.heap.limit) }, 'V8 heap below its limit again: accepting writes');
    };
    followAccessConfig(this.config, this.keyspace.access);
    this.listeners = new Listeners(this);
    // Command families and features are plugged in by src/compose.ts.
  }

  /** True when new connections must authenticate (requirepass set or default user protected). */
  authRequired(): boolean {
    return this.auth.authRequired?.() ?? this.config.str('requirepass') !== '';
  }

  async start(): Promise<void> {
    for (const load of this.loaders) await load();
    await this.listeners.listenAll();
    for (const hook of this.listeningHooks) await hook();
    this.startCron();
    this.log.info({ version: RESPD_VERSION, redis_version: REDIS_VERSION, port: this.port }, 'respd started');
  }

  /** The bound TCP port (useful with port 0). */
  get port(): number {
    return this.listeners.tcpPort;
  }

  private startCron(): void {
    if (this.cron) clearInterval(this.cron);
    const hz = Math.min(Math.max(this.config.num('hz'), 1), 500);
    const period = 1000 / hz;
    this.cron = setInterval(() => this.serverCron(period), period);
    this.cron.unref();
  }

  /**
   * Why a write that may grow memory must be refused, or null: the heap
   * ceiling first (it holds with or without maxmemory), then maxmemory,
   * which may evict keys to make room.
   */
  writeRefusal(c: Client, cmd: CommandSpec): string | null {
    return this.heap.tripped ? E.OOM : this.memory.beforeWrite(c, cmd);
  }

  /** Periodic housekeeping, like Redis's serverCron. */
  private serverCron(periodMs: number): void {
    resyncWallClock();
    this.heap.check();
    this.keyspace.access.tick();
    // A CLIENT PAUSE also holds expiry, so the dataset does not change while clients wait;
    // so does a script past busy-reply-threshold (it must stay atomic).
    if (this.activeExpireEnabled && this.busyError === null && (this.pauseUntil === 0 || Date.now() >= this.pauseUntil)) {
      const t0 = performance.now();
      // Its DELs are propagated as they come, never wrapped in MULTI (propagate_no_multi).
      this.propagation.batch(() => activeExpireCycle(this.keyspace, periodMs * 0.25));
      this.stats.expireCycleTimeUs += (performance.now() - t0) * 1000;
    }
    const timeout = this.config.num('timeout');
    const now = Date.now();
    if (timeout > 0) {
      for (const c of this.clients.values()) {
        if (c.blocked !== null || isSubscribed(c) || c.monitor) continue;
        if (now - c.lastInteraction > timeout * 1000) {
          this.log.debug({ client: c.addr }, 'closing idle client');
          c.close();
        }
      }
    }
    if (this.pauseUntil !== 0 && now >= this.pauseUntil) this.unpause();
    const nowSec = Math.floor(now / 1000);
    for (const c of this.clients.values()) {
      if (now - c.lastInteraction > 2000) c.w.release();
      c.qbuf.cron(c.parser.pending, nowSec - Math.floor(c.lastInteraction / 1000), c.parser.bigBulk);
    }
    for (const h of this.cronHooks) h(periodMs, now);
  }

  /** Accepts a new socket (from any listener). */
  accept(socket: net.Socket, unix = false): void {
    this.stats.totalConnectionsReceived++;
    const refusal = admissionError(this, socket, unix);
    if (refusal !== null) {
      // Best effort, as Redis: write the reason and close; errors on a dying socket are ignored.
      socket.on('error', () => socket.destroy());
      socket.end(refusal);
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    // Plain sockets arrive paused (pauseOnConnect) and switch to direct reads (transport.ts).
    let c: Client | null = null;
    const direct = socket instanceof TLSSocket ? null : adoptForDirectReads(socket, (buf, n) => c!.onRead(buf, n));
    if (direct !== null) socket = direct;
    socket.setNoDelay(true);
    const ka = this.config.num('tcp-keepalive');
    if (ka > 0 && !unix) socket.setKeepAlive(true, ka * 1000);
    c = new Client(this, socket, unix);
    const client = c;
    this.clients.set(c.id, c);
    this.log.debug({ client: c.addr, id: c.id }, 'client connected');
    if (direct === null) {
      socket.on('data', (chunk: Buffer) => client.onData(chunk));
      if (socket.isPaused()) socket.resume();
    } else {
      socket.on('end', () => client.onInputEnd());
    }
    socket.on('error', () => client.close());
    socket.on('close', () => client.close());
  }

  onClientClosed(c: Client): void {
    if (!this.clients.delete(c.id)) return;
    this.monitors.delete(c);
    this.pausedClients.delete(c);
    for (const fn of this.clientCloseHooks) fn(c);
    this.log.debug({ client: c.addr, id: c.id }, 'client disconnected');
  }

  /** Features clean up per-client state here (subscriptions, blocking, WATCH). */
  readonly clientCloseHooks: ((c: Client) => void)[] = [];
  /** RESET: features clear their per-client state here too. */
  readonly clientResetHooks: ((c: Client) => void)[] = [];
  private authFailLog = { windowStart: 0, logged: 0, suppressed: 0 };

  /** RESET: back to a fresh connection's state (keeps the socket and id). */
  resetClient(c: Client): void {
    for (const fn of this.clientResetHooks) fn(c);
    c.multi = null;
    c.watched = null;
    c.watchDirty = false;
    c.db = this.keyspace.dbs[0];
    c.w.resp = 2;
    c.name = '';
    c.replyMode = 'on';
    c.w.enabled = true;
    c.noEvict = false;
    if (c.monitor) {
      c.monitor = false;
      this.monitors.delete(c);
    }
    c.user = 'default';
    c.authenticated = !this.authRequired();
    c.parser.authRequired = !c.authenticated;
  }

  /**
   * Logs a failed AUTH at warning level with peer and user (never the
   * password), at most 10 lines a second; the rest are summarised.
   */
  onAuthFailure(c: Client, user: string, argv0 = 'AUTH'): void {
    this.acl.onAuthFailure?.(c, user, argv0);
    const now = Date.now();
    const st = this.authFailLog;
    if (now - st.windowStart >= 1000) {
      if (st.suppressed > 0) this.log.warn({ suppressed: st.suppressed }, 'more authentication failures were not logged');
      st.windowStart = now;
      st.logged = 0;
      st.suppressed = 0;
    }
    if (st.logged < 10) {
      st.logged++;
      this.log.warn({ client: c.addr, user }, 'authentication failed');
    } else {
      // The summary is written when the window ends even if the attack stops.
      if (st.suppressed++ === 0) {
        setTimeout(() => {
          if (st.suppressed > 0) this.log.warn({ suppressed: st.suppressed }, 'more authentication failures were not logged');
          st.suppressed = 0;
        }, Math.max(0, st.windowStart + 1000 - now)).unref();
      }
    }
  }

  /** Flushes `c` once this turn's I/O callbacks have all run (deferReplies). */
  flushAfterIo(c: Client): void {
    if (this.toFlushAfterIo.size === 0) {
      setImmediate(() => {
        const list = [...this.toFlushAfterIo];
        this.toFlushAfterIo.clear();
        for (const x of list) x.flush();
      });
    }
    this.toFlushAfterIo.add(c);
  }

  scheduleFlush(c: Client): void {
    this.toFlush.add(c);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(() => {
        this.flushScheduled = false;
        const list = [...this.toFlush];
        this.toFlush.clear();
        for (const x of list) x.flush();
      });
    }
  }

  /** Ends a CLIENT PAUSE: expiry goes on, held clients resume in the order they were held (pause.ts). */
  unpause(): void {
    this.pauseUntil = 0;
    this.keyspace.expiryPausedUntil = 0;
    const list = [...this.pausedClients];
    this.pausedClients.clear();
    for (const c of list) {
      c.processInput();
      c.flush();
    }
  }

  feedMonitors(c: Client, argv: string[]): void {
    const line = monitorLine(c, argv);
    for (const m of this.monitors) {
      m.w.raw(line);
      m.scheduleFlush();
    }
  }

  /**
   * Stops listening, closes clients, runs shutdown hooks. `graceful` (signals,
   * SHUTDOWN) first serves requests in flight and ends connections after their
   * last reply (shutdown.ts); otherwise clients are dropped at once (embedding).
   */
  async close(graceful = false): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    if (this.cron) clearInterval(this.cron);
    // net.Server.close() only completes once every connection is gone: close the clients meanwhile.
    const listenersClosed = this.listeners.closeAll();
    if (graceful) {
      await drainClients(this);
    } else {
      for (const c of [...this.clients.values()]) {
        c.flush();
        c.close();
      }
    }
    await listenersClosed;
    for (const h of this.shutdownHooks) {
      try { h(); } catch (e) { this.log.error({ err: e }, 'shutdown hook failed'); }
    }
    this.log.info('respd is now ready to exit, bye bye...');
  }
}
