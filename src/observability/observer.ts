/**
 * The observability hub of one server: slow log, latency monitor,
 * per-command latency histograms, INFO's instantaneous sampler and the
 * counters INFO needs beyond `Stats` (dirty keys, peak memory).
 *
 * It hooks into the server without touching the dispatcher: `afterCall`
 * (chained with any other user) sees every executed command with its
 * duration, and a cron hook drives sampling and event-loop stall detection.
 * Config values read per command are cached here and refreshed on change.
 */
import { randomBytes } from 'node:crypto';
import { serviceOf, type Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { F_FAST, F_SKIP_SLOWLOG, type CommandSpec } from '../catalog/spec.js';
import { SlowLog, secretArgs } from './slowlog.js';
import { LatencyMonitor } from './latency.js';
import { LatencyHistogram } from './histogram.js';
import { Sampler } from './sampler.js';

/** How late a timer may fire without it counting as an event-loop stall. */
const TIMER_JITTER_MS = 2;

export class Observer {
  readonly slowlog = new SlowLog();
  readonly latency = new LatencyMonitor();
  readonly sampler = new Sampler();
  /** Replication id INFO reports for this (always master) server. */
  readonly replid = randomBytes(20).toString('hex');
  /** Keys changed since the last save (rdb_changes_since_last_save). */
  dirty = 0;
  /** Unix seconds of the last save; startup until persistence says otherwise. */
  lastSave = Math.floor(Date.now() / 1000);
  peakMemory = 0;
  startupMemory = 0;
  /** Extra state features reset on CONFIG RESETSTAT. */
  readonly resetHooks: (() => void)[] = [];

  // cached config
  slowerThan = 10000;
  slowlogMaxLen = 128;
  latencyThreshold = 0;
  latencyTracking = true;

  /** Argument positions the running command asked to hide from the slow log. */
  private redactions: Set<number> | null = null;
  private pendingMods = 0;
  /** Failed-call counts seen per command, to tell whether the call just made failed. */
  private lastFailed = new WeakMap<CommandSpec, number>();
  private lastExpired = 0;
  private lastCron = 0;
  private lastExpireUs = 0;

  constructor(private readonly server: Server) {
    const cfg = server.config;
    const sync = () => {
      this.slowerThan = cfg.num('slowlog-log-slower-than');
      this.slowlogMaxLen = cfg.num('slowlog-max-len');
      this.latencyThreshold = cfg.num('latency-monitor-threshold');
      this.latencyTracking = cfg.bool('latency-tracking');
    };
    sync();
    for (const n of ['slowlog-log-slower-than', 'slowlog-max-len', 'latency-monitor-threshold', 'latency-tracking']) cfg.onChange(n, sync);
    // Redis counts one change per key written; expirations are not changes
    server.keyspace.onModified(() => { this.pendingMods++; });
    this.startupMemory = usedMemory(server);
    this.peakMemory = this.startupMemory;
  }

  /** Hides argument `index` of the running command from the slow log (CONFIG SET of a password). */
  redact(index: number): void {
    (this.redactions ??= new Set()).add(index);
  }

  /** Runs after every executed command: keep it cheap. */
  afterCall(c: Client, cmd: CommandSpec, argv: string[], ms: number): void {
    const redacted = this.redactions;
    this.redactions = null;
    // a command that blocked is accounted for when it is served
    if (c.blocked !== null) return;
    const usec = Math.floor(ms * 1000);
    if (this.latencyTracking) (cmd.stats.histogram ??= new LatencyHistogram()).record(usec * 1000);
    if ((cmd.flags & F_SKIP_SLOWLOG) === 0 && this.slowerThan >= 0 && usec >= this.slowerThan) {
      const secrets = redacted ?? secretArgs(cmd.parent?.name ?? cmd.name, argv, this.failedNow(cmd));
      // A script's commands come from a client without a connection: Redis shows its peer as ?:0.
      const addr = c.scriptCaller !== null ? '?:0' : c.addr;
      this.slowlog.pushIfNeeded(this.slowerThan, this.slowlogMaxLen, usec, argv, secrets, addr, c.name);
    }
    if (this.latencyThreshold !== 0) {
      this.latency.addIfNeeded(this.latencyThreshold, (cmd.flags & F_FAST) !== 0 ? 'fast-command' : 'command', Math.trunc(usec / 1000));
    }
  }

  /** Whether the call of `cmd` that just ended failed (its failed counter moved since last seen). */
  private failedNow(cmd: CommandSpec): boolean {
    const prev = this.lastFailed.get(cmd) ?? 0;
    this.lastFailed.set(cmd, cmd.stats.failed);
    return cmd.stats.failed > prev;
  }

  /** Keys changed since the last save, expirations left out (INFO rdb_changes_since_last_save). */
  dirtyCount(): number {
    this.flushDirty();
    return this.dirty;
  }

  /** Moves key changes counted since the last check into `dirty`, leaving out expirations. */
  private flushDirty(): void {
    const expired = this.server.stats.expiredKeys;
    const changes = this.pendingMods - (expired - this.lastExpired);
    if (changes > 0) this.dirty += changes;
    this.pendingMods = 0;
    this.lastExpired = expired;
  }

  /** Cron tick: instantaneous metrics, peak memory, expire-cycle and event-loop latency. */
  cron(periodMs: number, now = Date.now()): void {
    this.flushDirty();
    const st = this.server.stats;
    this.sampler.tick(periodMs, st.totalCommandsProcessed, st.netInputBytes, st.netOutputBytes, now);
    const used = usedMemory(this.server);
    if (used > this.peakMemory) this.peakMemory = used;
    const thr = this.latencyThreshold;
    const expireUs = st.expireCycleTimeUs;
    if (thr !== 0) {
      this.latency.addIfNeeded(thr, 'expire-cycle', Math.trunc((expireUs - this.lastExpireUs) / 1000));
      // the cron fires every periodMs: anything later than that (beyond the couple of
      // milliseconds timers are routinely late) was time the event loop was stuck
      const stall = this.lastCron === 0 ? 0 : now - this.lastCron - periodMs;
      if (stall > TIMER_JITTER_MS) this.latency.addIfNeeded(thr, 'event-loop', Math.trunc(stall));
    }
    this.lastExpireUs = expireUs;
    this.lastCron = now;
  }

  /** CONFIG RESETSTAT: counters, command and error statistics, latency histograms, sampler. */
  resetStats(): void {
    this.server.stats.reset();
    for (const cmd of this.server.commands.all()) {
      cmd.stats.calls = 0;
      cmd.stats.usec = 0;
      cmd.stats.rejected = 0;
      cmd.stats.failed = 0;
      cmd.stats.histogram = null;
    }
    this.lastFailed = new WeakMap();
    this.sampler.reset();
    this.lastExpired = 0;
    this.lastExpireUs = 0;
    for (const h of this.resetHooks) h();
  }
}

/** used_memory: the memory guard's count (the eviction module's estimate, or the process's heap). */
export function usedMemory(server: Server): number {
  return server.memory.used();
}

declare module '../server/server.js' {
  interface Services {
    observer: Observer;
  }
}

/** The observer of `server` (created by installObservability). */
export function observer(server: Server): Observer {
  return serviceOf(server, 'observer');
}

/** Creates the observer and attaches it to the server's afterCall and cron hooks. */
export function installObservability(server: Server): Observer {
  const obs = new Observer(server);
  server.services.observer = obs;
  const prev = server.afterCall;
  server.afterCall = prev === null
    ? (c, cmd, argv, ms) => obs.afterCall(c, cmd, argv, ms)
    : (c, cmd, argv, ms) => { prev(c, cmd, argv, ms); obs.afterCall(c, cmd, argv, ms); };
  server.cronHooks.push((periodMs, now) => obs.cron(periodMs, now));
  return obs;
}
