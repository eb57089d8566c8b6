/**
 * Clients blocked on keys (BLPOP, BLMOVE, BLMPOP…; later BZPOPMIN & co).
 *
 * Mirrors Redis's blocked.c: each key has a FIFO of the clients waiting on
 * it; a write to a waited key (the keyspace `modified` signal) only marks
 * it "ready", and the dispatcher calls `handleReadyKeys()` after each
 * top-level command — so a push inside MULTI/EXEC or a script wakes
 * waiters once the whole transaction is done. Serving a client can make
 * other keys ready (BLMOVE pushes), so ready keys are drained in rounds.
 *
 * A served, timed-out or unblocked client resumes its buffered input on
 * the next tick, after the command that woke it has finished, as Redis
 * does from beforeSleep.
 */
import type { Client, BlockState } from './client.js';
import type { Server } from './server.js';
import type { Database } from '../keyspace/database.js';
import { typeOf } from '../keyspace/value.js';
import * as E from '../errors.js';

/** setTimeout's limit; longer blocks re-arm their timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Blocking {
  /** Waiting clients per database and key, in the order they blocked. */
  private waiting = new Map<Database, Map<string, Set<Client>>>();
  /** Keys written since the last round, in signal order, deduplicated per database. */
  private readyList: [Database, string][] = [];
  private readySets = new Map<Database, Set<string>>();
  private toResume: Client[] = [];
  private resumeScheduled = false;
  /** INFO blocked_clients. */
  blockedCount = 0;
  /** INFO clients_in_timeout_table: blocked clients with a deadline. */
  timeoutCount = 0;

  constructor(private readonly server: Server) {
    server.keyspace.onModified((db, key) => this.signal(db, key));
    server.clientCloseHooks.push((c) => {
      if (c.blocked !== null) this.unblock(c);
    });
  }

  /** True when keys were written that clients wait on; the dispatcher then calls handleReadyKeys. */
  get hasReady(): boolean {
    return this.readyList.length !== 0;
  }

  /** Whether `c` may block now; inside MULTI or a script blocking commands act like their non-blocking forms. */
  canBlock(c: Client): boolean {
    return c.multi === null && !c.denyBlocking;
  }

  /**
   * Blocks `c` on `keys` (duplicates ignored) until one of them holds a
   * value of `type` and `tryServe` serves it, or `deadline` (absolute ms,
   * 0 = never) passes and `onTimeout` replies.
   */
  block(c: Client, keys: string[], type: BlockState['type'], deadline: number, tryServe: (key: string) => boolean, onTimeout: () => void): void {
    const db = c.db;
    let perDb = this.waiting.get(db);
    if (perDb === undefined) this.waiting.set(db, (perDb = new Map()));
    const unique: string[] = [];
    for (const key of keys) {
      let q = perDb.get(key);
      if (q === undefined) perDb.set(key, (q = new Set()));
      if (q.has(c)) continue;
      q.add(c);
      unique.push(key);
    }
    const cmd = c.current;
    c.blocked = {
      keys: unique,
      db,
      deadline,
      timer: null,
      type,
      tryServe,
      onTimeout,
      cmdName: cmd?.fullName ?? '',
      cmd,
      argv: [],
      execMs: 0,
    };
    this.blockedCount++;
    if (deadline !== 0) {
      this.timeoutCount++;
      this.armTimer(c, c.blocked);
    }
  }

  private armTimer(c: Client, st: BlockState): void {
    const left = st.deadline - Date.now();
    st.timer = setTimeout(() => {
      st.timer = null;
      if (c.blocked !== st) return;
      if (st.deadline - Date.now() > 0) {
        this.armTimer(c, st); // a block longer than setTimeout allows
        return;
      }
      this.finishWith(c, () => st.onTimeout());
    }, left < 1 ? 1 : left > MAX_TIMER_MS ? MAX_TIMER_MS : left);
    st.timer.unref();
  }

  /**
   * CLIENT UNBLOCK: ends the block of `c` with its timeout reply, or with
   * the UNBLOCKED error. Returns false when `c` is not blocked.
   */
  clientUnblock(c: Client, withError: boolean): boolean {
    const st = c.blocked;
    if (st === null || st.type === 'script') return false; // a busy script's caller is not blocked on keys
    this.finishWith(c, withError ? () => c.error(E.UNBLOCKED) : () => st.onTimeout());
    return true;
  }

  /** Keyspace `modified` listener: remembers keys someone waits on. */
  private signal(db: Database, key: string): void {
    if (this.blockedCount === 0) return;
    const perDb = this.waiting.get(db);
    if (perDb === undefined || !perDb.has(key)) return;
    let set = this.readySets.get(db);
    if (set === undefined) this.readySets.set(db, (set = new Set()));
    if (set.has(key)) return;
    set.add(key);
    this.readyList.push([db, key]);
  }

  /** Marks `key` ready without a modification (Redis's signalKeyAsReady, e.g. XGROUP DESTROY). */
  signalKey(db: Database, key: string): void {
    this.signal(db, key);
  }

  /**
   * Marks every waited key of `db` ready, for commands that replace a whole
   * database at once (SWAPDB, loading), like Redis's scanDatabaseForReadyKeys.
   */
  signalDb(db: Database): void {
    const perDb = this.waiting.get(db);
    if (perDb !== undefined) for (const key of perDb.keys()) this.signal(db, key);
  }

  /**
   * Serves clients waiting on keys that became ready, FIFO per key, until
   * no key is ready any more. Called by the dispatcher after a top-level command.
   */
  handleReadyKeys(): void {
    const ks = this.server.keyspace;
    while (this.readyList.length !== 0) {
      const round = this.readyList;
      this.readyList = [];
      this.readySets.clear();
      for (const [db, key] of round) {
        const q = this.waiting.get(db)?.get(key);
        if (q === undefined) continue;
        // Serving removes the client from `q`; Set iteration tolerates that.
        for (const c of q) {
          const v = ks.lookupWrite(db, key);
          const st = c.blocked;
          if (st === null) continue;
          if (v === undefined || typeOf(v) !== st.type) {
            if (st.servesGone === true) this.serve(c, st, key);
            continue;
          }
          this.serve(c, st, key);
        }
      }
    }
  }

  private serve(c: Client, st: BlockState, key: string): void {
    const prev = c.current;
    c.current = st.cmd;
    let served = false;
    // What serving does (the pop, the move) is propagated as one unit, like a command.
    this.server.propagation.unit(st.db.id, () => {
      this.finishWith(c, () => {
        served = st.tryServe(key);
      }, () => served);
    });
    c.current = prev;
  }

  /**
   * Runs `reply` for the blocked client, then (when `done` agrees) unblocks
   * it, counts the command's statistics as Redis's updateStatsOnUnblock
   * does, and schedules the reply flush and the rest of its input.
   */
  private finishWith(c: Client, reply: () => void, done: () => boolean = () => true): void {
    const st = c.blocked!;
    const server = this.server;
    const stats = server.stats;
    const errorsBefore = stats.totalErrorReplies;
    const t0 = performance.now();
    reply();
    if (!done()) return;
    const ms = st.execMs + (performance.now() - t0);
    this.unblock(c);
    const cmd = st.cmd;
    if (cmd !== null) {
      cmd.stats.calls++;
      cmd.stats.usec += ms * 1000;
      if (stats.totalErrorReplies !== errorsBefore) cmd.stats.failed++;
      stats.totalCommandsProcessed++;
      if (server.afterCall !== null) server.afterCall(c, cmd, st.argv, ms);
    }
    this.scheduleResume(c);
  }

  /** Removes every trace of the block (served, timed out, unblocked or disconnected). */
  private unblock(c: Client): void {
    const st = c.blocked!;
    c.blocked = null;
    this.blockedCount--;
    if (st.deadline !== 0) this.timeoutCount--;
    if (st.timer !== null) clearTimeout(st.timer);
    const perDb = this.waiting.get(st.db);
    if (perDb === undefined) return;
    for (const key of st.keys) {
      const q = perDb.get(key);
      if (q === undefined) continue;
      q.delete(c);
      if (q.size === 0) perDb.delete(key);
    }
  }

  /** Flushes the reply and runs the client's pipelined input after the current command completes. */
  private scheduleResume(c: Client): void {
    this.toResume.push(c);
    if (this.resumeScheduled) return;
    this.resumeScheduled = true;
    process.nextTick(() => {
      this.resumeScheduled = false;
      const list = this.toResume;
      this.toResume = [];
      for (const x of list) {
        if (x.closed) continue;
        if (x.blocked === null) x.processInput();
        x.flush();
      }
    });
  }
}
