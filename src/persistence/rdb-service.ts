/**
 * RDB persistence for one server: SAVE / BGSAVE (fork-less, see
 * rdb/snapshot.ts), the `save` points checked by the cron, the final save
 * at shutdown, loading `dir`/`dbfilename` at startup (in slices, answering
 * -LOADING meanwhile), DEBUG RELOAD, and the INFO persistence fields.
 *
 * Files are written as Redis does: into temp-<pid>.rdb in `dir`, fsynced,
 * then renamed over dbfilename, so a crash never leaves a half file under
 * the real name; a torn file is caught by its CRC64 trailer on load.
 */
import { openSync, writeSync, fsyncSync, closeSync, renameSync, unlinkSync, readFileSync, existsSync, fsync, close } from 'node:fs';
import { join } from 'node:path';
import type { Server } from '../server/server.js';
import type { Database } from '../keyspace/database.js';
import { observer, usedMemory } from '../observability/observer.js';
import { engineOf, loadEngine } from '../scripting/lazy.js';
import { writeRdb, defaultAux, Snapshot, type RdbOptions, type SnapshotSink } from './rdb/snapshot.js';
import { RdbFileReader, RdbError, type LoadLimits, type RdbSink } from './rdb/decode.js';
import type { WriterOptions } from './rdb/encode.js';
import type { Value } from '../keyspace/value.js';
import { dumpPayload as dumpFunctions } from '../scripting/payload.js';
import * as E from '../errors.js';

/** Redis retries a failed automatic BGSAVE only after this many seconds. */
const BGSAVE_RETRY_DELAY = 5;
/** Keys read per loading slice before clients get a turn. */
const LOAD_SLICE_KEYS = 2000;

export class RdbService {
  lastBgsaveOk = true;
  lastBgsaveTry = 0;
  lastBgsaveTimeSec = -1;
  bgsaveStartMs = 0;
  saves = 0;
  bgsaveScheduled = false;
  /** DEBUG SET-SKIP-CHECKSUM-VALIDATION: RESTORE and loading skip the CRC64 check. */
  skipChecksum = false;
  snapshot: Snapshot | null = null;
  /** From BGSAVE until its file is renamed into place (the walk ends before the fsync). */
  bgsaveActive = false;
  private dirtyAtBgsave = 0;
  /** Loading state (INFO loading_* fields, -LOADING). */
  loading = false;
  loadStartSec = 0;
  loadTotalBytes = 0;
  loadedBytes = 0;
  loadedKeys = 0;
  lastLoadKeysLoaded = 0;
  lastLoadKeysExpired = 0;

  constructor(private readonly server: Server) {}

  private get cfg() {
    return this.server.config;
  }

  filePath(): string {
    return join(this.cfg.str('dir'), this.cfg.str('dbfilename'));
  }

  writerOptions(): WriterOptions {
    return { compress: this.cfg.bool('rdbcompression'), listFill: this.cfg.num('list-max-listpack-size') };
  }

  limits(): LoadLimits {
    const c = this.cfg;
    return {
      hashEntries: c.num('hash-max-listpack-entries'), hashValue: c.num('hash-max-listpack-value'),
      setIntsetEntries: c.num('set-max-intset-entries'),
      zsetEntries: c.num('zset-max-listpack-entries'), zsetValue: c.num('zset-max-listpack-value'),
      streamNodeBytes: c.num('stream-node-max-bytes'), streamNodeEntries: c.num('stream-node-max-entries'),
    };
  }

  /** Everything a snapshot needs besides the keys: options, aux fields, function libraries. */
  rdbOptions(aofBase = false): RdbOptions {
    const engine = engineOf(this.server);
    const functions = engine === null ? [] : [...engine.functions.libraries.values()].map((l) => l.code);
    const access = this.server.keyspace.access;
    return {
      ...this.writerOptions(),
      checksum: this.cfg.bool('rdbchecksum'),
      aux: defaultAux(usedMemory(this.server), aofBase),
      functions,
      // Redis saves each key's idle time (LRU policies) or counter (LFU policies) with it
      access: !access.enabled ? undefined : access.lfu
        ? (db, k, v) => [-1, access.freq(db, k, v)]
        : (db, k, v) => [Math.floor(access.idleMs(db, k, v) / 1000), -1],
    };
  }

  /** Whether save points are configured (SHUTDOWN saves only then, unless told). */
  hasSavePoints(): boolean {
    return (this.cfg.get('save') as string[]).length !== 0;
  }

  /** The -MISCONF condition: a failed background save with stop-writes-on-bgsave-error. */
  writesDenied(): boolean {
    return !this.lastBgsaveOk && this.cfg.bool('stop-writes-on-bgsave-error') && this.hasSavePoints();
  }

  private markSaved(dirtyLeft: number): void {
    const obs = observer(this.server);
    obs.dirtyCount();
    obs.dirty = dirtyLeft;
    const now = Math.floor(Date.now() / 1000);
    obs.lastSave = now;
    this.server.lastSave = now;
  }

  /** SAVE: writes the whole file now. False (and logged) on failure. */
  saveSync(): boolean {
    const file = this.filePath();
    const tmp = join(this.cfg.str('dir'), `temp-${process.pid}.rdb`);
    try {
      const data = writeRdb(this.server.keyspace.dbs, this.rdbOptions());
      const fd = openSync(tmp, 'w');
      try {
        writeSync(fd, data);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
    } catch (e) {
      try { unlinkSync(tmp); } catch { /* never created */ }
      this.server.log.warn({ err: (e as Error).message }, `Failed opening the temp RDB file ${tmp} (in server root dir ${this.cfg.str('dir')}) for saving`);
      this.lastBgsaveOk = false;
      return false;
    }
    this.server.log.info('DB saved on disk');
    this.markSaved(0);
    this.lastBgsaveOk = true;
    this.saves++;
    return true;
  }

  /**
   * BGSAVE: starts a fork-less snapshot into temp-<pid>.rdb, renamed over
   * dbfilename when complete. Returns false when it could not start.
   */
  bgsave(): boolean {
    if (this.snapshot !== null || this.bgsaveActive) return false;
    const file = this.filePath();
    const tmp = join(this.cfg.str('dir'), `temp-${process.pid}.rdb`);
    this.lastBgsaveTry = Math.floor(Date.now() / 1000);
    let fd: number;
    try {
      fd = openSync(tmp, 'w');
    } catch (e) {
      this.server.log.warn({ err: (e as Error).message }, `Failed opening the temp RDB file ${tmp} for saving`);
      this.lastBgsaveOk = false;
      return false;
    }
    const sink: SnapshotSink = {
      write: (chunk) => { writeSync(fd, chunk); },
      end: (err) => {
        if (err !== null) {
          closeSync(fd);
          try { unlinkSync(tmp); } catch { /* gone */ }
          this.bgsaveDone(err);
          return;
        }
        // fsync off the event loop; rename once the data is durable
        fsync(fd, (fe) => close(fd, () => {
          if (fe) {
            try { unlinkSync(tmp); } catch { /* gone */ }
            this.bgsaveDone(fe);
            return;
          }
          try {
            renameSync(tmp, file);
            this.bgsaveDone(null);
          } catch (re) {
            this.bgsaveDone(re as Error);
          }
        }));
      },
    };
    this.bgsaveActive = true;
    this.startSnapshot(sink, false);
    this.server.log.info('Background saving started');
    return true;
  }

  /**
   * A point-in-time snapshot of the whole keyspace streamed into `sink`
   * without stalling (for BGSAVE, AOF base files, replica full sync).
   * Only one runs at a time: callers check `snapshot` first.
   */
  startSnapshot(sink: SnapshotSink, aofBase: boolean): Snapshot {
    const ks = this.server.keyspace;
    this.dirtyAtBgsave = observer(this.server).dirtyCount();
    this.bgsaveStartMs = Date.now();
    const snap = new Snapshot(ks.dbs, this.rdbOptions(aofBase), {
      write: (c) => sink.write(c),
      end: (err) => {
        ks.snapshot = null;
        this.snapshot = null;
        sink.end(err);
      },
    });
    this.snapshot = snap;
    ks.snapshot = snap;
    snap.start();
    return snap;
  }

  private bgsaveDone(err: Error | null): void {
    this.bgsaveActive = false;
    this.lastBgsaveTimeSec = Math.round((Date.now() - this.bgsaveStartMs) / 1000);
    if (err === null) {
      this.server.log.info('Background saving terminated with success');
      this.markSaved(observer(this.server).dirtyCount() - this.dirtyAtBgsave);
      this.lastBgsaveOk = true;
      this.saves++;
    } else {
      this.server.log.warn({ err: err.message }, 'Background saving error');
      this.lastBgsaveOk = false;
    }
  }

  /** serverCron's part: scheduled BGSAVE, then the save points. */
  cron(): void {
    if (this.snapshot !== null || this.bgsaveActive || this.loading) return;
    if (this.bgsaveScheduled) {
      this.bgsaveScheduled = false;
      this.bgsave();
      return;
    }
    const points = this.cfg.get('save') as string[];
    if (points.length === 0) return;
    const now = Math.floor(Date.now() / 1000);
    const dirty = observer(this.server).dirtyCount();
    for (let i = 0; i < points.length; i += 2) {
      const seconds = Number(points[i]);
      const changes = Number(points[i + 1]);
      if (dirty >= changes && now - this.server.lastSave > seconds && (now - this.lastBgsaveTry > BGSAVE_RETRY_DELAY || this.lastBgsaveOk)) {
        this.server.log.info(`${changes} changes in ${seconds} seconds. Saving...`);
        this.bgsave();
        return;
      }
    }
  }

  /** The final synchronous save (a running BGSAVE is abandoned: this one supersedes it). */
  saveForShutdown(): boolean {
    if (this.snapshot !== null) this.snapshot.abort(new Error('shutdown'));
    this.server.log.info('Saving the final RDB snapshot before exiting.');
    const ok = this.saveSync();
    if (!ok) this.server.log.warn('Error trying to save the DB, can\'t exit.');
    return ok;
  }

  /** Shutdown hook (signals, embedding close): SHUTDOWN SAVE/NOSAVE decided already, else the save points. */
  shutdownSave(): void {
    const want = this.server.shutdownSave ?? this.hasSavePoints();
    if (want) this.saveForShutdown();
  }

  /** A sink that stores loaded keys into the keyspace (expired ones are dropped and counted, as a master does). */
  private keySink(dbs: Database[], functions: string[], now: number): RdbSink & { expired: number; loaded: number } {
    const ks = this.server.keyspace;
    const s = {
      expired: 0,
      loaded: 0,
      fn: (code: string) => { functions.push(code); },
      key: (dbi: number, key: string, value: Value, expireAt: number | undefined, idle: number | undefined, freq: number | undefined) => {
        if (dbi >= dbs.length) throw new RdbError(`FATAL: Data file was created with a Redis server configured to handle more than ${dbs.length} databases. Exiting`);
        if (expireAt !== undefined && expireAt < now) {
          s.expired++;
          return;
        }
        const db = dbs[dbi];
        if (db.dict.has(key)) throw new RdbError(`RDB has duplicated key '${key}' in DB ${dbi}`);
        db.dict.set(key, value);
        if (expireAt !== undefined) db.expires.set(key, expireAt);
        if (idle !== undefined || freq !== undefined) ks.access.restore(db, key, idle ?? -1, freq ?? -1);
        s.loaded++;
      },
    };
    return s;
  }

  /**
   * Loads the RDB at the start of `buf` — an AOF base or preamble — into the
   * keyspace in one go, keys already expired included (Redis keeps them for
   * an AOF preamble: the AOF's own DELs follow). Returns the bytes the RDB
   * spanned and the function libraries it held (see restoreFunctions).
   */
  loadEmbedded(buf: Buffer): { bytes: number; functions: string[] } {
    const functions: string[] = [];
    const sink = this.keySink(this.server.keyspace.dbs, functions, Number.NEGATIVE_INFINITY);
    const reader = new RdbFileReader(buf, this.limits(), this.cfg.bool('rdbchecksum'));
    reader.header();
    while (!reader.step(sink, LOAD_SLICE_KEYS)) {
      // one go: the AOF replay that follows is synchronous too
    }
    return { bytes: reader.progress, functions };
  }

  /** Restores function libraries read from a file (the engine is loaded for them). */
  async restoreFunctions(codes: string[]): Promise<void> {
    if (codes.length === 0) return;
    const engine = await loadEngine(this.server);
    for (const code of codes) {
      const err = engine.functions.restore(functionPayload(code), 'APPEND');
      if (err !== null) throw new RdbError(`Failed loading library: ${err}`);
    }
  }

  /**
   * Startup load of dir/dbfilename, in slices so that clients connecting
   * meanwhile get -LOADING. Missing file: nothing to do. A bad file is fatal.
   */
  async loadAtStartup(): Promise<void> {
    // With appendonly yes the AOF is the dataset's source, not the RDB (loadDataFromDisk).
    if (this.cfg.bool('appendonly')) return;
    const file = this.filePath();
    if (!existsSync(file)) return;
    const buf = readFileSync(file);
    const t0 = Date.now();
    this.loading = true;
    this.loadStartSec = Math.floor(t0 / 1000);
    this.loadTotalBytes = buf.length;
    this.loadedBytes = 0;
    this.loadedKeys = 0;
    const ks = this.server.keyspace;
    const functions: string[] = [];
    const sink = this.keySink(ks.dbs, functions, Date.now());
    const reader = new RdbFileReader(buf, this.limits(), this.cfg.bool('rdbchecksum'));
    let lastLog = t0;
    try {
      reader.header();
      while (!reader.step(sink, LOAD_SLICE_KEYS)) {
        this.loadedBytes = reader.progress;
        this.loadedKeys = sink.loaded;
        if (Date.now() - lastLog >= 2000) {
          lastLog = Date.now();
          this.server.log.info(`Loading RDB: ${sink.loaded} keys, ${(100 * reader.progress / buf.length).toFixed(1)}% of ${buf.length} bytes`);
        }
        await new Promise<void>((r) => setImmediate(r));
      }
      await this.restoreFunctions(functions);
    } finally {
      this.loading = false;
    }
    this.loadedBytes = buf.length;
    this.lastLoadKeysLoaded = sink.loaded;
    this.lastLoadKeysExpired = sink.expired;
    if (sink.expired > 0) this.server.log.info(`Done loading RDB, keys loaded: ${sink.loaded}, keys expired: ${sink.expired}.`);
    this.server.log.info(`DB loaded from disk: ${((Date.now() - t0) / 1000).toFixed(3)} seconds`);
  }

  /**
   * DEBUG RELOAD: save (unless NOSAVE), empty the keyspace (unless NOFLUSH)
   * and load the file back, synchronously. Null on success, else the error.
   */
  reload(save: boolean, flush: boolean, merge: boolean): string | null {
    if (save && !this.saveSync()) return 'ERR';
    const file = this.filePath();
    let buf: Buffer;
    try {
      buf = readFileSync(file);
    } catch {
      return E.RDB_LOAD_FAILED;
    }
    const ks = this.server.keyspace;
    if (flush) ks.flushAll();
    const functions: string[] = [];
    const sink = this.keySink(ks.dbs, functions, Date.now());
    if (merge) {
      const inner = sink.key;
      sink.key = (dbi, key, value, exp, idle, freq) => {
        ks.dbs[dbi]?.dict.delete(key);
        ks.dbs[dbi]?.expires.delete(key);
        inner(dbi, key, value, exp, idle, freq);
      };
    }
    try {
      const reader = new RdbFileReader(buf, this.limits(), this.cfg.bool('rdbchecksum'));
      reader.header();
      while (!reader.step(sink, 1 << 30)) { /* one go */ }
    } catch (e) {
      this.server.log.warn({ err: (e as Error).message }, 'Error trying to load the RDB dump');
      return E.RDB_LOAD_FAILED;
    }
    const engine = engineOf(this.server);
    if (functions.length !== 0 && engine !== null) {
      if (flush) engine.functions.flush();
      for (const code of functions) engine.functions.restore(functionPayload(code), 'REPLACE');
    }
    this.server.log.info('DB reloaded by DEBUG RELOAD');
    return null;
  }

  /** INFO persistence, rdb_* and loading_* part. */
  infoFields(): string[] {
    const obs = observer(this.server);
    const now = Date.now();
    const snap = this.snapshot;
    const out = [
      `loading:${this.loading ? 1 : 0}`,
      'async_loading:0',
      'current_cow_peak:0',
      'current_cow_size:0',
      'current_cow_size_age:0',
      'current_fork_perc:0.00',
      `current_save_keys_processed:${snap !== null ? snap.stats.keys : 0}`,
      `current_save_keys_total:${snap !== null ? this.server.keyspace.totalKeys() : 0}`,
    ];
    out.push(
      `rdb_changes_since_last_save:${obs.dirtyCount()}`,
      `rdb_bgsave_in_progress:${this.bgsaveActive ? 1 : 0}`,
      `rdb_last_save_time:${obs.lastSave}`,
      `rdb_last_bgsave_status:${this.lastBgsaveOk ? 'ok' : 'err'}`,
      `rdb_last_bgsave_time_sec:${this.lastBgsaveTimeSec}`,
      `rdb_current_bgsave_time_sec:${this.bgsaveActive ? Math.round((now - this.bgsaveStartMs) / 1000) : -1}`,
      `rdb_saves:${this.saves}`,
      'rdb_last_cow_size:0',
      `rdb_last_load_keys_expired:${this.lastLoadKeysExpired}`,
      `rdb_last_load_keys_loaded:${this.lastLoadKeysLoaded}`,
    );
    return out;
  }

  /** INFO persistence's loading_* fields, which Redis lists at the end of the section while loading. */
  loadingFields(): string[] {
    const out: string[] = [];
    const now = Date.now();
    if (this.loading) {
      const elapsed = Math.floor(now / 1000) - this.loadStartSec;
      const perc = this.loadTotalBytes === 0 ? 0 : (100 * this.loadedBytes) / this.loadTotalBytes;
      const eta = elapsed === 0 || this.loadedBytes === 0 ? 1 : Math.round(((this.loadTotalBytes - this.loadedBytes) / (this.loadedBytes / elapsed)));
      out.push(
        `loading_start_time:${this.loadStartSec}`,
        `loading_total_bytes:${this.loadTotalBytes}`,
        `loading_rdb_used_mem:0`,
        `loading_loaded_bytes:${this.loadedBytes}`,
        `loading_loaded_perc:${perc.toFixed(2)}`,
        `loading_eta_seconds:${eta}`,
      );
    }
    return out;
  }
}

/** One library as a FUNCTION RESTORE payload (the registry's loading path checks and compiles it). */
function functionPayload(code: string): string {
  return dumpFunctions([code]);
}

const services = new WeakMap<Server, RdbService>();

/** The server's RDB service (created by installRdb). */
export function rdbOf(server: Server): RdbService {
  return services.get(server)!;
}

/** Wires RDB persistence into a server: cron, shutdown save, startup load. */
export function installRdb(server: Server): RdbService {
  const svc = new RdbService(server);
  services.set(server, svc);
  server.cronHooks.push(() => svc.cron());
  server.shutdownHooks.unshift(() => svc.shutdownSave());
  server.listeningHooks.push(() => svc.loadAtStartup());
  server.writesDenied = () => svc.writesDenied();
  server.isLoading = () => svc.loading;
  return svc;
}
