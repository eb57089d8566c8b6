/**
 * The append-only file, multi-part as in Redis 7.0: `appenddirname/` holds
 * a base file (the dataset at the last rewrite), incr files (the propagated
 * command stream since) and the manifest naming them in order.
 *
 * - Writing: the AOF is a propagation sink. Commands are encoded into a
 *   buffer; the buffer is written before any reply leaves (Server's
 *   beforeReplies hook, i.e. once per batch of commands read), and with
 *   `appendfsync always` fsynced there too, so an acknowledged write is on
 *   disk. `everysec` fsyncs from the cron at most once a second; `no`
 *   leaves it to the OS. No Promises: writes and fsyncs in the request path
 *   are synchronous, the rest uses callbacks.
 * - Rewriting (BGREWRITEAOF, auto-aof-rewrite-*, CONFIG SET appendonly yes):
 *   a new incr file is opened and the manifest persisted first, the dataset
 *   snapshotted at that instant, written as a new base in the background,
 *   then the manifest switched to it and the old files deleted.
 * - Loading at startup: the manifest's base then incr files, in order; an
 *   old single `appendonly.aof` is upgraded into the directory first.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from '../../server/server.js';
import type { Client } from '../../server/client.js';
import { CommandStreamEncoder, TO_AOF, type PropagationSink } from '../../server/propagation.js';
import { call, lookupCommand } from '../../server/dispatcher.js';
import { engineOf, loadEngine } from '../../scripting/lazy.js';
import { type Manifest, type AofFileInfo, emptyManifest, readManifest, writeManifest, fsyncDir, ManifestError } from './manifest.js';
import { ChunkWriter, rewriteDataset } from './rewrite.js';
import { replayStream } from './loader.js';
import { newLoaderClient } from './loader-client.js';
import * as E from '../../errors.js';
import { rdbOf } from '../rdb-service.js';
import { writeRdb } from '../rdb/snapshot.js';
import { RdbError } from '../rdb/decode.js';

type FsyncPolicy = 'always' | 'everysec' | 'no';

export class AofLoadError extends Error {}

/** A command name needing the Lua engine, as it appears in a command stream (argv[0] or FUNCTION/SCRIPT). */
const SCRIPTING_COMMAND = /\$(?:8\r\nfunction|4\r\neval|7\r\nevalsha|6\r\nscript|5\r\nfcall)\r\n/i;

export class Aof implements PropagationSink {
  /** off, or on (writing); Redis's AOF_WAIT_REWRITE is folded into `rewriting`. */
  enabled = false;
  private manifest: Manifest = emptyManifest();
  private fd = -1;
  private encoder = new CommandStreamEncoder(TO_AOF);
  private buf: string[] = [];
  private bufBytes = 0;
  private fsyncPolicy: FsyncPolicy;
  private lastFsync = Date.now();
  /** Bytes written to the current incr file since it was opened, and fsynced so far. */
  private written = 0;
  private synced = 0;
  private fsyncInFlight = false;
  /** Unix seconds of the last #TS: annotation (aof-timestamp-enabled). */
  private lastTimestamp = 0;

  // INFO persistence
  currentSize = 0;
  baseSize = 0;
  rewriting = false;
  rewriteScheduled = false;
  rewrites = 0;
  rewriteFailures = 0;
  lastRewriteStatus: 'ok' | 'err' = 'ok';
  lastRewriteTimeSec = -1;
  private rewriteStarted = 0;
  lastWriteStatus: 'ok' | 'err' = 'ok';
  delayedFsync = 0;
  /** Bumped when a rewrite is abandoned (appendonly turned off): its completion must do nothing. */
  private rewriteEpoch = 0;

  constructor(private readonly server: Server) {
    const cfg = server.config;
    this.fsyncPolicy = cfg.str('appendfsync') as FsyncPolicy;
    cfg.onChange('appendfsync', (_n, v) => {
      this.fsyncPolicy = v as FsyncPolicy;
      this.syncDeferReplies();
    });
    cfg.onApply(['appendonly'], () => this.applyAppendonly());
  }

  /** With appendfsync always, replies wait for one fsync per event-loop turn (Server.deferReplies). */
  private syncDeferReplies(): void {
    this.server.deferReplies = this.enabled && this.fsyncPolicy === 'always';
  }

  private get dir(): string {
    return path.join(this.server.config.str('dir'), this.server.config.str('appenddirname'));
  }

  private get baseName(): string {
    return this.server.config.str('appendfilename');
  }

  private get manifestName(): string {
    return this.baseName + '.manifest';
  }

  // ---- writing ---------------------------------------------------------------

  feed(dbid: number, argv: string[], target: number): void {
    if (this.fd < 0) return;
    if (this.server.config.bool('aof-timestamp-enabled')) {
      const now = Math.floor(Date.now() / 1000);
      if (now > this.lastTimestamp) {
        this.lastTimestamp = now;
        this.push(`#TS:${now}\r\n`);
      }
    }
    const s = this.encoder.encode(dbid, argv, target);
    if (s !== '') this.push(s);
  }

  private push(s: string): void {
    this.buf.push(s);
    this.bufBytes += s.length;
  }

  /**
   * Writes what the commands of this batch appended, before their replies
   * are sent; with appendfsync always, also makes it durable.
   */
  beforeReplies(): void {
    if (this.bufBytes === 0) return;
    this.writeBuffer();
    if (this.fsyncPolicy === 'always' && !this.fsyncPaused()) this.fsyncNow();
  }

  private fsyncPaused(): boolean {
    return this.rewriting && this.server.config.bool('no-appendfsync-on-rewrite');
  }

  private writeBuffer(): void {
    if (this.bufBytes === 0 || this.fd < 0) return;
    const data = Buffer.from(this.buf.length === 1 ? this.buf[0] : this.buf.join(''), 'latin1');
    this.buf = [];
    this.bufBytes = 0;
    try {
      let off = 0;
      while (off < data.length) off += fs.writeSync(this.fd, data, off);
      this.written += data.length;
      this.currentSize += data.length;
      this.lastWriteStatus = 'ok';
    } catch (e) {
      this.lastWriteStatus = 'err';
      this.server.log.warn({ err: e }, 'Error writing to the AOF file');
    }
  }

  private fsyncNow(): void {
    if (this.synced === this.written || this.fd < 0) return;
    try {
      fs.fdatasyncSync(this.fd);
      this.synced = this.written;
      this.lastFsync = Date.now();
    } catch (e) {
      this.lastWriteStatus = 'err';
      this.server.log.warn({ err: e }, "Can't persist the AOF file (fsync)");
    }
  }

  /** Cron: writes what commands outside a reply batch appended (expiry), fsyncs every second, auto-rewrites. */
  cron(now: number): void {
    if (!this.enabled) return;
    this.writeBuffer();
    if (this.fsyncPolicy === 'always' && !this.fsyncPaused()) this.fsyncNow();
    if (this.fsyncPolicy === 'everysec' && now - this.lastFsync >= 1000 && this.synced !== this.written && !this.fsyncPaused()) {
      this.fsyncBackground();
    }
    if (this.rewriteScheduled && !this.rewriting && rdbOf(this.server).snapshot === null) this.rewrite();
    this.maybeAutoRewrite();
  }

  /** everysec: fsync off the event loop, one at a time, like Redis's bio thread. */
  private fsyncBackground(): void {
    if (this.fsyncInFlight) {
      this.delayedFsync++;
      return;
    }
    this.fsyncInFlight = true;
    const target = this.written;
    const fd = this.fd;
    this.lastFsync = Date.now();
    fs.fdatasync(fd, (err) => {
      this.fsyncInFlight = false;
      if (err) {
        if (fd === this.fd) this.lastWriteStatus = 'err';
        return;
      }
      if (fd === this.fd && target > this.synced) this.synced = target;
    });
  }

  private maybeAutoRewrite(): void {
    if (this.rewriting) return;
    const cfg = this.server.config;
    const perc = cfg.num('auto-aof-rewrite-percentage');
    if (perc === 0 || this.currentSize <= cfg.num('auto-aof-rewrite-min-size')) return;
    const base = this.baseSize !== 0 ? this.baseSize : 1;
    const growth = Math.floor((this.currentSize * 100) / base) - 100;
    if (growth >= perc) {
      this.server.log.info(`Starting automatic rewriting of AOF on ${growth}% growth`);
      this.rewrite();
    }
  }

  /** Makes everything durable (shutdown, appendonly no). */
  flushAndSync(): void {
    this.writeBuffer();
    if (this.fd >= 0 && this.synced !== this.written) {
      try {
        fs.fsyncSync(this.fd);
        this.synced = this.written;
      } catch {
        // nothing more can be done on the way out
      }
    }
  }

  // ---- files ---------------------------------------------------------------

  private fileName(seq: number, kind: 'base.aof' | 'base.rdb' | 'incr.aof'): string {
    return `${this.baseName}.${seq}.${kind}`;
  }

  private persistManifest(): void {
    writeManifest(this.dir, this.manifestName, this.manifest);
  }

  /** Opens (creating when needed) the last incr file for appending, or a new one. */
  private openIncr(forceNew: boolean): void {
    const m = this.manifest;
    let info = m.incrs.length !== 0 && !forceNew ? m.incrs[m.incrs.length - 1] : null;
    if (info === null) {
      m.currIncrSeq++;
      info = { name: this.fileName(m.currIncrSeq, 'incr.aof'), seq: m.currIncrSeq, type: 'i' };
      m.incrs.push(info);
    }
    const fd = fs.openSync(path.join(this.dir, info.name), 'a');
    this.closeIncr();
    this.fd = fd;
    this.written = this.synced = 0;
    // A new file starts without a selected database: the next command brings its SELECT.
    this.encoder = new CommandStreamEncoder(TO_AOF);
    this.lastTimestamp = 0;
    this.persistManifest();
  }

  private closeIncr(): void {
    if (this.fd < 0) return;
    this.writeBuffer();
    try {
      fs.fsyncSync(this.fd);
    } catch {
      // best effort
    }
    fs.closeSync(this.fd);
    this.fd = -1;
  }

  /** Sum of the sizes of the base and incr files (aof_current_size). */
  private measure(): void {
    let total = 0;
    const m = this.manifest;
    for (const f of [...(m.base ? [m.base] : []), ...m.incrs]) {
      try {
        total += fs.statSync(path.join(this.dir, f.name)).size;
      } catch {
        // a missing file was reported when loading
      }
    }
    this.currentSize = total;
  }

  // ---- startup -------------------------------------------------------------

  /** loadDataFromDisk + aofOpenIfNeededOnServerStart. Throws AofLoadError to stop the server. */
  async startup(): Promise<void> {
    if (!this.server.config.bool('appendonly')) return;
    const dir = this.dir;
    fs.mkdirSync(dir, { recursive: true });
    let m: Manifest | null;
    try {
      m = readManifest(dir, this.manifestName);
    } catch (e) {
      if (e instanceof ManifestError) throw new AofLoadError(e.message);
      throw e;
    }
    if (m === null) m = this.upgradeOldAof() ?? emptyManifest();
    this.manifest = m;
    const files = this.readFiles();
    // Replay is synchronous; the Lua engine (loaded on first need) must be ready before a FUNCTION LOAD replays.
    if (files.some((f) => SCRIPTING_COMMAND.test(f.buf.latin1Slice(0, f.buf.length))) && engineOf(this.server) === null) {
      await loadEngine(this.server);
    }
    await this.loadFiles(files);
    if (m.base === null && m.incrs.length === 0) {
      // An empty dataset still gets a base, so the directory is complete from the start.
      this.writeBaseSync();
    }
    this.openIncr(false);
    this.deleteHistory();
    this.measure();
    this.baseSize = this.currentSize;
    this.enabled = true;
    this.syncDeferReplies();
    this.server.propagation.attach(this);
  }

  /** aofUpgradePrepare: a pre-7.0 `appendonly.aof` in `dir` becomes the base of a new manifest. */
  private upgradeOldAof(): Manifest | null {
    const old = path.join(this.server.config.str('dir'), this.baseName);
    if (!fs.existsSync(old)) return null;
    const m = emptyManifest();
    m.base = { name: this.baseName, seq: 1, type: 'b' };
    m.currBaseSeq = 1;
    writeManifest(this.dir, this.manifestName, m);
    fs.renameSync(old, path.join(this.dir, this.baseName));
    fsyncDir(this.dir);
    this.server.log.info(`Successfully migrated an old-style AOF into the AOF directory (${this.baseName})`);
    return m;
  }

  /** The manifest's files, base first, read whole. */
  private readFiles(): { info: AofFileInfo; buf: Buffer }[] {
    const m = this.manifest;
    return [...(m.base ? [m.base] : []), ...m.incrs].map((info) => {
      try {
        return { info, buf: fs.readFileSync(path.join(this.dir, info.name)) };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new AofLoadError(`Fatal error: can't open the append log file ${info.name} for reading: ${code}`);
      }
    });
  }

  private async loadFiles(files: { info: AofFileInfo; buf: Buffer }[]): Promise<void> {
    if (files.length === 0) return;
    const server = this.server;
    const t0 = Date.now();
    const fake = newLoaderClient(server);
    const prop = server.propagation;
    const ks = server.keyspace;
    prop.suspended = true;
    ks.noLazyExpire = true;
    try {
      for (let i = 0; i < files.length; i++) {
        await this.loadOne(fake, files[i].info, files[i].buf, i === files.length - 1);
      }
    } finally {
      prop.suspended = false;
      ks.noLazyExpire = false;
    }
    server.log.info(`DB loaded from append only file: ${((Date.now() - t0) / 1000).toFixed(3)} seconds`);
  }

  private async loadOne(fake: Client, info: AofFileInfo, buf: Buffer, last: boolean): Promise<void> {
    const file = path.join(this.dir, info.name);
    if (buf.length === 0) return;
    const t0 = Date.now();
    let start = 0;
    if (buf.length >= 5 && buf.latin1Slice(0, 5) === 'REDIS') {
      this.server.log.info(`Reading RDB ${info.type === 'b' ? 'base file' : 'preamble'} on AOF loading...`);
      const rdb = rdbOf(this.server);
      let loaded: { bytes: number; functions: string[] };
      try {
        loaded = rdb.loadEmbedded(buf);
      } catch (e) {
        if (e instanceof RdbError || e instanceof RangeError) throw new AofLoadError(`Bad file format reading the append only file ${info.name}: ${(e as Error).message}`);
        throw e;
      }
      await rdb.restoreFunctions(loaded.functions);
      start = loaded.bytes;
    }
    const res = replayStream(buf, start, (argv) => this.execLoaded(fake, argv, info.name));
    if (res.status === 'bad-format') {
      throw new AofLoadError(`Bad file format reading the append only file ${info.name}: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>`);
    }
    if (res.status === 'truncated') {
      if (!last) throw new AofLoadError(`Fatal error: the truncated file is not the last file (${info.name})`);
      if (!this.server.config.bool('aof-load-truncated')) {
        throw new AofLoadError(`Unexpected end of file reading the append only file ${info.name}. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.`);
      }
      this.server.log.warn(`!!! Warning: short read while loading the AOF file ${info.name}!!!`);
      this.server.log.warn(`!!! Truncating the AOF ${info.name} at offset ${res.validUpTo} !!!`);
      fs.truncateSync(file, res.validUpTo);
      this.server.log.warn(`AOF ${info.name} loaded anyway because aof-load-truncated is enabled`);
    }
    this.server.log.info(`DONE loading AOF ${info.name} (${res.commands} commands, ${((Date.now() - t0) / 1000).toFixed(3)} seconds)`);
  }

  /** Runs one command read from an AOF on the loading client (MULTI blocks are queued, then EXEC runs them). */
  private execLoaded(fake: Client, argv: string[], file: string): void {
    const cmd = lookupCommand(fake, argv);
    if (typeof cmd === 'string') {
      throw new AofLoadError(`Unknown command '${argv[0].slice(0, 128)}' reading the append only file ${file}`);
    }
    const name = cmd.parent?.name ?? cmd.name;
    if (fake.multi !== null && name !== 'exec' && name !== 'discard' && name !== 'multi') {
      fake.multi.queue.push({ cmd, argv });
      return;
    }
    call(fake, cmd, argv);
  }

  // ---- rewrite -------------------------------------------------------------

  /** The dataset now, as a base file's bytes and its extension. */
  private snapshotBase(): { data: Buffer; kind: 'base.aof' | 'base.rdb' } {
    const server = this.server;
    if (server.config.bool('aof-use-rdb-preamble')) {
      return { data: writeRdb(server.keyspace.dbs, rdbOf(server).rdbOptions(true)), kind: 'base.rdb' };
    }
    return this.commandBase();
  }

  /** The dataset as commands (a `.base.aof`). */
  private commandBase(): { data: Buffer; kind: 'base.aof' } {
    const server = this.server;
    const out = new ChunkWriter();
    if (server.config.bool('aof-timestamp-enabled')) out.raw(`#TS:${Math.floor(Date.now() / 1000)}\r\n`);
    const engine = engineOf(server);
    const codes = engine === null ? [] : [...engine.functions.libraries.values()].map((l) => l.code);
    rewriteDataset(out, server.keyspace.dbs, codes);
    return { data: out.toBuffer(), kind: 'base.aof' };
  }

  /** The first base of an empty dataset, written before the server serves anyone. */
  private writeBaseSync(): void {
    const { data, kind } = this.snapshotBase();
    const m = this.manifest;
    m.currBaseSeq++;
    const info: AofFileInfo = { name: this.fileName(m.currBaseSeq, kind), seq: m.currBaseSeq, type: 'b' };
    const fd = fs.openSync(path.join(this.dir, info.name), 'w');
    try {
      fs.writeSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    m.base = info;
  }

  /** BGREWRITEAOF: null when started, else the error reply. */
  rewrite(): string | null {
    if (this.rewriting) return E.AOF_REWRITE_IN_PROGRESS;
    const server = this.server;
    const dir = this.dir;
    const rdbBase = server.config.bool('aof-use-rdb-preamble');
    if (rdbBase && rdbOf(server).snapshot !== null) {
      // One snapshot at a time, as Redis has one child: the rewrite starts when the BGSAVE ends.
      this.rewriteScheduled = true;
      return null;
    }
    this.rewriteScheduled = false;
    try {
      fs.mkdirSync(dir, { recursive: true });
      if (this.enabled) {
        // Everything before this instant goes to the old incr file; everything after, to a new one.
        this.flushAndSync();
        this.openIncr(true);
      }
    } catch (e) {
      this.rewriteFailed(e);
      return E.AOF_CANT_OPEN;
    }
    this.rewriting = true;
    this.rewriteStarted = Date.now();
    const epoch = ++this.rewriteEpoch;
    const baseIncrSeq = this.manifest.currIncrSeq;
    const tmp = path.join(dir, `temp-rewriteaof-bg-${process.pid}.aof`);
    const done = (err: Error | null, kind: 'base.aof' | 'base.rdb'): void => {
      if (epoch !== this.rewriteEpoch) {
        fs.unlink(tmp, () => {}); // abandoned (appendonly turned off meanwhile)
        return;
      }
      if (err !== null) {
        this.rewriteFailed(err);
        return;
      }
      try {
        this.installBase(tmp, kind, baseIncrSeq);
      } catch (e) {
        this.rewriteFailed(e);
        return;
      }
      this.rewriting = false;
      this.rewrites++;
      this.rewriteFailures = 0;
      this.lastRewriteStatus = 'ok';
      this.lastRewriteTimeSec = Math.round((Date.now() - this.rewriteStarted) / 1000);
      server.log.info('Background AOF rewrite finished successfully');
    };
    if (rdbBase) {
      // Node cannot fork: the RDB service's point-in-time snapshot walks the keyspace in slices
      // (copy-before-write), so the base is this instant's dataset while clients keep being served.
      writeSnapshotDurably(server, tmp, (err) => done(err, 'base.rdb'));
    } else {
      // The command form is built in one go (it is the exception: aof-use-rdb-preamble no).
      const { data, kind } = this.snapshotBase();
      writeFileDurably(tmp, data, (err) => done(err, kind));
    }
    server.log.info('Background append only file rewriting started');
    return null;
  }

  /** backgroundRewriteDoneHandler: the new base replaces the old one and the incr files it covers. */
  private installBase(tmp: string, kind: 'base.aof' | 'base.rdb', newestCoveredIncr: number): void {
    const m = this.manifest;
    m.currBaseSeq++;
    const base: AofFileInfo = { name: this.fileName(m.currBaseSeq, kind), seq: m.currBaseSeq, type: 'b' };
    fs.renameSync(tmp, path.join(this.dir, base.name));
    if (m.base !== null) m.history.push({ ...m.base, type: 'h' });
    m.base = base;
    const keep: AofFileInfo[] = [];
    for (const f of m.incrs) {
      if (f.seq < newestCoveredIncr) m.history.push({ ...f, type: 'h' });
      else keep.push(f);
    }
    m.incrs = keep;
    this.persistManifest();
    this.deleteHistory();
    this.measure();
    this.baseSize = this.currentSize;
    if (!this.enabled && this.server.config.bool('appendonly')) this.turnedOn();
  }

  private rewriteFailed(e: unknown): void {
    this.rewriting = false;
    this.rewriteFailures++;
    this.lastRewriteStatus = 'err';
    this.server.log.warn({ err: e }, 'Background AOF rewrite failed');
  }

  private deleteHistory(): void {
    if (this.server.config.bool('aof-disable-auto-gc')) return;
    for (const h of this.manifest.history) {
      try {
        fs.unlinkSync(path.join(this.dir, h.name));
      } catch {
        // already gone
      }
    }
    if (this.manifest.history.length !== 0) {
      this.manifest.history = [];
      this.persistManifest();
    }
  }

  // ---- CONFIG SET appendonly ------------------------------------------------

  private applyAppendonly(): string | null {
    const on = this.server.config.bool('appendonly');
    if (on && !this.enabled) return this.startAppendOnly();
    if (!on && this.enabled) this.stopAppendOnly();
    return null;
  }

  /** startAppendOnly: a rewrite writes the base, and writing starts into a new incr file. */
  private startAppendOnly(): string | null {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      this.manifest = readManifest(this.dir, this.manifestName) ?? emptyManifest();
    } catch (e) {
      this.server.log.warn({ err: e }, 'Redis needs to enable the AOF but can\'t open the append only file');
      return E.AOF_CANT_OPEN;
    }
    this.enabled = true;
    this.syncDeferReplies();
    this.server.propagation.attach(this);
    this.rewriteEpoch++;
    this.rewriting = false;
    const err = this.rewrite();
    if (err !== null) return err;
    return null;
  }

  private turnedOn(): void {
    this.server.log.info('AOF rewrite done, AOF is on');
  }

  /** stopAppendOnly: everything written made durable, the file closed; a rewrite in progress is abandoned. */
  private stopAppendOnly(): void {
    this.flushAndSync();
    this.closeIncr();
    this.server.propagation.detach(this);
    this.enabled = false;
    this.syncDeferReplies();
    if (this.rewriting) {
      this.rewriteEpoch++;
      this.rewriting = false;
    }
  }

  /** Server shutdown. */
  shutdown(): void {
    if (!this.enabled) return;
    this.flushAndSync();
    this.closeIncr();
  }

  /** INFO persistence: the aof_* fields of Redis 7.0, in its order. */
  infoFields(): string[] {
    const current = this.rewriting ? Math.round((Date.now() - this.rewriteStarted) / 1000) : -1;
    const lines = [
      `aof_enabled:${this.enabled ? 1 : 0}`,
      `aof_rewrite_in_progress:${this.rewriting ? 1 : 0}`,
      `aof_rewrite_scheduled:${this.rewriteScheduled ? 1 : 0}`,
      `aof_last_rewrite_time_sec:${this.lastRewriteTimeSec}`,
      `aof_current_rewrite_time_sec:${current}`,
      `aof_last_bgrewrite_status:${this.lastRewriteStatus}`,
      `aof_rewrites:${this.rewrites}`,
      `aof_rewrites_consecutive_failures:${this.rewriteFailures}`,
      `aof_last_write_status:${this.lastWriteStatus}`,
      'aof_last_cow_size:0',
      'module_fork_in_progress:0',
      'module_fork_last_cow_size:0',
    ];
    if (this.enabled) {
      lines.push(
        `aof_current_size:${this.currentSize}`,
        `aof_base_size:${this.baseSize}`,
        `aof_pending_rewrite:${this.rewriteScheduled ? 1 : 0}`,
        `aof_buffer_length:${this.bufBytes}`,
        `aof_pending_bio_fsync:${this.fsyncInFlight ? 1 : 0}`,
        `aof_delayed_fsync:${this.delayedFsync}`,
      );
    }
    return lines;
  }
}

/** Streams a fork-less RDB snapshot (marked as an AOF base) into `file`, fsyncs it; `done(null)` once durable. */
function writeSnapshotDurably(server: Server, file: string, done: (err: Error | null) => void): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'w');
  } catch (e) {
    done(e as Error);
    return;
  }
  rdbOf(server).startSnapshot({
    write: (chunk) => {
      let off = 0;
      while (off < chunk.length) off += fs.writeSync(fd, chunk, off);
    },
    end: (err) => {
      if (err !== null) {
        fs.close(fd, () => done(err));
        return;
      }
      fs.fsync(fd, (fe) => fs.close(fd, () => done(fe)));
    },
  }, true);
}

/** Writes `data` to `file` and fsyncs it, off the event loop; `done(null)` once durable. */
function writeFileDurably(file: string, data: Buffer, done: (err: Error | null) => void): void {
  fs.open(file, 'w', (err, fd) => {
    if (err) return done(err);
    const finish = (e: Error | null): void => fs.close(fd, () => done(e));
    const writeFrom = (off: number): void => {
      if (off >= data.length) {
        fs.fsync(fd, (e) => finish(e));
        return;
      }
      fs.write(fd, data, off, data.length - off, null, (e, n) => {
        if (e) return finish(e);
        writeFrom(off + n);
      });
    };
    writeFrom(0);
  });
}
