/**
 * The server: owns the configuration, keyspace, command table, clients and
 * listeners, and runs the periodic cron (active expiry, idle timeouts).
 * Feature modules (ACL, memory/eviction, pub/sub, …) plug into the hooks
 * declared here rather than into the dispatcher.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { Config } from '../config/registry.js';
import { coreParams } from '../config/params.js';
import { Keyspace } from '../keyspace/keyspace.js';
import { activeExpireCycle } from '../keyspace/active-expire.js';
import { Stats } from '../observability/stats.js';
import { createLogger, setLogLevel, type Logger } from '../observability/logger.js';
import { CommandTable, type CommandSpec } from '../commands/spec.js';
import { registerAllCommands } from '../commands/index.js';
import { Client } from './client.js';
import { Listeners } from './listeners.js';
import { monitorLine } from '../observability/monitor.js';
import { ScanCursors } from '../keyspace/scan-cursors.js';
import { requirepassAuth, type AuthProvider } from '../security/auth.js';
import { startupHooks } from './startup.js';

export const RESPD_VERSION = '0.1.0';
/** The Redis version we speak for; clients enable features by it. */
export const REDIS_VERSION = '7.0.15';

/** Access control hook: returns a NOPERM error text, or null to allow. */
export interface AccessControl {
  check(c: Client, cmd: CommandSpec, argv: string[]): string | null;
}

/** Memory limit hook: may evict; returns an OOM error text when the write must be refused. */
export interface MemoryGuard {
  beforeWrite(c: Client, cmd: CommandSpec): string | null;
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
  readonly commands = new CommandTable();
  readonly clients = new Map<number, Client>();
  readonly monitors = new Set<Client>();
  /** Live iterators behind SCAN/HSCAN/SSCAN/ZSCAN cursors. */
  readonly scanCursors = new ScanCursors();
  log: Logger;
  readonly runId = randomBytes(20).toString('hex');
  readonly startedAt = Date.now();
  acl: AccessControl = { check: () => null };
  auth: AuthProvider;
  memory: MemoryGuard = { beforeWrite: () => null };
  /** Called after every executed command (slowlog, latency, propagation). */
  afterCall: ((c: Client, cmd: CommandSpec, argv: string[], ms: number) => void) | null = null;
  /** While a script runs past busy-reply-threshold: the -BUSY error other clients get. */
  busyError: string | null = null;
  /** Cached `maxmemory` for the dispatcher's hot path. */
  maxmemory = 0;
  /** CLIENT PAUSE: until when, and whether only writes are paused. */
  pauseUntil = 0;
  pauseWritesOnly = false;
  /** Clients paused by CLIENT PAUSE, resumed when it ends. */
  readonly pausedClients = new Set<Client>();
  readonly listeners: Listeners;
  private cron: NodeJS.Timeout | null = null;
  private toFlush = new Set<Client>();
  private flushScheduled = false;
  shuttingDown = false;
  /** How SHUTDOWN ends the process; embedded servers just close. */
  onExit: ((code: number) => void) | null = null;
  /** Features attach their state here (pubsub registry, tracking table…). */
  readonly ext: Record<string, unknown> = {};
  /** Run when the server stops (persistence, pidfile…). */
  readonly shutdownHooks: (() => void)[] = [];

  constructor(opts: ServerOptions = {}) {
    this.config = opts.config ?? new Config(coreParams());
    this.log = createLogger(this.config.str('loglevel'), this.config.str('logfile'), opts.silent ?? false);
    this.keyspace = new Keyspace(this.config.num('databases'), this.stats);
    this.maxmemory = this.config.num('maxmemory');
    this.config.onChange('maxmemory', (_n, v) => { this.maxmemory = v as number; });
    this.config.onChange('loglevel', (_n, v) => setLogLevel(this.log, v as string));
    this.config.onChange('proto-max-bulk-len', (_n, v) => {
      for (const c of this.clients.values()) c.parser.maxBulkLen = v as number;
    });
    this.config.onChange('hz', () => this.startCron());
    this.auth = requirepassAuth(this);
    registerAllCommands(this);
    this.listeners = new Listeners(this);
  }

  /** True when new connections must authenticate (requirepass set or default user protected). */
  authRequired(): boolean {
    return this.config.str('requirepass') !== '';
  }

  async start(): Promise<void> {
    for (const hook of startupHooks) await hook(this);
    await this.listeners.listenAll();
    this.startCron();
    this.log.info({ version: RESPD_VERSION, redis_version: REDIS_VERSION, pid: process.pid, port: this.port }, 'respd started');
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

  /** Periodic housekeeping, like Redis's serverCron. */
  private serverCron(periodMs: number): void {
    if (this.busyError === null) activeExpireCycle(this.keyspace, periodMs * 0.25);
    const timeout = this.config.num('timeout');
    const now = Date.now();
    if (timeout > 0) {
      for (const c of this.clients.values()) {
        if (c.blocked !== null || c.channels !== null && (c.channels.size + (c.patterns?.size ?? 0)) > 0 || c.monitor) continue;
        if (now - c.lastInteraction > timeout * 1000) {
          this.log.debug({ client: c.addr }, 'closing idle client');
          c.close();
        }
      }
    }
    if (this.pauseUntil !== 0 && now >= this.pauseUntil) this.unpause();
    for (const c of this.clients.values()) if (now - c.lastInteraction > 2000) c.w.release();
  }

  /** Accepts a new socket (from any listener). */
  accept(socket: net.Socket, unix = false): void {
    this.stats.totalConnectionsReceived++;
    if (this.clients.size >= this.config.num('maxclients')) {
      this.stats.rejectedConnections++;
      socket.end('-' + 'ERR max number of clients reached' + '\r\n');
      return;
    }
    socket.setNoDelay(true);
    const ka = this.config.num('tcp-keepalive');
    if (ka > 0 && !unix) socket.setKeepAlive(true, ka * 1000);
    const c = new Client(this, socket, unix);
    this.clients.set(c.id, c);
    this.log.debug({ client: c.addr, id: c.id }, 'client connected');
    socket.on('data', (chunk: Buffer) => c.onData(chunk));
    socket.on('error', () => c.close());
    socket.on('close', () => c.close());
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
  onAuthFailure(c: Client, user: string): void {
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
      st.suppressed++;
    }
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

  /** CLIENT PAUSE gate: true when `c` must wait (it is then resumed on unpause). */
  pausedFor(c: Client): boolean {
    if (this.pauseUntil === 0) return false;
    if (Date.now() >= this.pauseUntil) {
      this.unpause();
      return false;
    }
    if (this.pauseWritesOnly) return false; // write-pause is decided per command by the client module
    this.pausedClients.add(c);
    return true;
  }

  unpause(): void {
    this.pauseUntil = 0;
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
      if (m === c) continue;
      m.w.raw(line);
      m.scheduleFlush();
    }
  }

  /** Stops listening, closes clients, runs shutdown hooks. */
  async close(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    if (this.cron) clearInterval(this.cron);
    await this.listeners.closeAll();
    for (const c of [...this.clients.values()]) {
      c.flush();
      c.close();
    }
    for (const h of this.shutdownHooks) {
      try { h(); } catch (e) { this.log.error({ err: e }, 'shutdown hook failed'); }
    }
    this.log.info('respd is now ready to exit, bye bye...');
  }
}
