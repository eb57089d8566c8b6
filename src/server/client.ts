/**
 * One connected client: its socket, request parser, reply writer, selected
 * database and per-connection state (name, protocol, auth, transaction,
 * blocking, pub/sub). Reading a batch of bytes runs every complete command
 * in it and then flushes all replies with one socket write.
 */
import type { Socket } from 'node:net';
import { RequestParser } from '../protocol/parser.js';
import { QueryBufferModel } from './querybuf.js';
import { ReplyWriter } from '../protocol/writer.js';
import type { Database } from '../keyspace/database.js';
import type { Server } from './server.js';
import { dispatch } from './dispatcher.js';
import { stampClock } from './clock.js';
import type { CommandSpec } from '../catalog/spec.js';
import type { TrackingState } from './tracking.js';
import { checkOutputLimits } from './output-limits.js';
import { replySink, type SocketSink } from './transport.js';

/** State of a client inside MULTI (filled in by the transactions module). */
export interface MultiState {
  queue: { cmd: CommandSpec; argv: string[] }[];
  /** A command failed to queue: EXEC must answer EXECABORT. */
  dirty: boolean;
}

/** A client blocked in BLPOP & co: how to resume it (built by `server.blocking.block()`, blocking.ts). */
export interface BlockState {
  keys: string[];
  db: Database;
  /** Absolute ms deadline, 0 = forever. */
  deadline: number;
  timer: NodeJS.Timeout | null;
  /** The value type whose arrival can serve it: 'list' for BLPOP & co, 'zset' for BZPOPMIN & co. */
  type: 'list' | 'zset' | 'stream' | 'script' | 'wait';
  /**
   * Called when `key` holds a value of `type`: serves from it and replies
   * (an error reply counts as served); false leaves the client waiting.
   */
  tryServe(key: string): boolean;
  /** Replies for a timeout (nil) or CLIENT UNBLOCK ... TIMEOUT. */
  onTimeout(): void;
  cmdName: string;
  /** The command that blocked and its arguments: its stats are counted when it unblocks. */
  cmd: CommandSpec | null;
  argv: string[];
  /** Time spent in the handler before blocking (ms). */
  execMs: number;
  /** Also call tryServe when a waited key is deleted or holds another type (XREADGROUP's error). */
  servesGone?: boolean;
}

/** Who runs a script, seen from the script's fake client (tracking, server.current). */
export interface ScriptCaller {
  client: Client;
  cmd: CommandSpec;
  argv: string[];
}

export type ClientKind = 'normal' | 'pubsub' | 'master' | 'replica';

let nextClientId = 1;

// Handlers in the catalog's CommandTable receive this Client (see CommandCaller).
declare module '../catalog/spec.js' {
  interface CommandCaller extends Client {}
}

export class Client {
  readonly id = nextClientId++;
  /** Replication role of the connection (output buffer limit class, CLIENT LIST). */
  kind: ClientKind = 'normal';
  readonly w = new ReplyWriter();
  readonly parser = new RequestParser();
  /** The query buffer Redis would hold for this client (CLIENT LIST qbuf-free). */
  readonly qbuf = new QueryBufferModel();
  db: Database;
  name = '';
  /** Name of the ACL user this connection is authenticated as. */
  user = 'default';
  authenticated: boolean;
  readonly createdAt = Date.now();
  lastInteraction = Date.now();
  /** Full name of the last command run (CLIENT LIST cmd=). */
  lastCmd = 'NULL';
  /** Reply, then close (protocol errors, QUIT, CLIENT KILL of self). */
  closeAfterReply = false;
  closed = false;
  multi: MultiState | null = null;
  /** Keys watched with WATCH ("dbid:key"), and whether one was touched. */
  watched: Set<string> | null = null;
  watchDirty = false;
  blocked: BlockState | null = null;
  /** Blocking commands must not block (set while EXEC or a script runs, like Redis's CLIENT_DENY_BLOCKING). */
  denyBlocking = false;
  /** A command held back by CLIENT PAUSE, run again when the pause ends (server/pause.ts). */
  postponed: string[] | null = null;
  /** CLIENT REPLY OFF / SKIP. */
  replyMode: 'on' | 'off' | 'skip' = 'on';
  /** Channel and pattern subscriptions (pub/sub module). */
  channels: Set<string> | null = null;
  patterns: Set<string> | null = null;
  shardChannels: Set<string> | null = null;
  monitor = false;
  noEvict = false;
  /** CLIENT SETINFO-like library name/version (7.2+, kept for CLIENT LIST completeness). */
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;
  /** The command being executed (for error accounting and MONITOR). */
  current: CommandSpec | null = null;
  /**
   * Set on a script's fake client while the script runs: the client that ran
   * the script and its EVAL/FCALL command. A read command inside the script
   * makes that client track the script's declared keys, as Redis does.
   */
  scriptCaller: ScriptCaller | null = null;
  /** Client-side caching state while CLIENT TRACKING is on (owned by tracking.ts). */
  tracking: TrackingState | null = null;

  /** Replies leave through here (transport.ts picks the path). */
  readonly sink: SocketSink;

  constructor(readonly server: Server, readonly socket: Socket, readonly unixSocket = false) {
    this.sink = replySink(socket, () => this.close());
    this.db = server.keyspace.dbs[0];
    this.authenticated = !server.authRequired();
    this.parser.authRequired = !this.authenticated;
    this.parser.maxBulkLen = server.config.num('proto-max-bulk-len');
    this.addr = unixSocket ? `${server.config.str('unixsocket')}:0` : formatAddr(socket.remoteAddress, socket.remotePort);
    this.laddr = unixSocket ? `${server.config.str('unixsocket')}:0` : formatAddr(socket.localAddress, socket.localPort);
    this.fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;
  }

  /** Blocked as Redis counts it (INFO blocked_clients): on keys, a script, WAIT, or held by CLIENT PAUSE. */
  get isBlocked(): boolean {
    return this.blocked !== null || (this.postponed !== null && this.server.pausedClients.has(this));
  }

  get resp(): 2 | 3 {
    return this.w.resp;
  }

  /** Replies with an error (full text, e.g. "ERR syntax error") and counts it. */
  error(msg: string): void {
    this.server.stats.countError(msg);
    this.w.error(msg);
  }

  /** Called with each chunk read from the socket ('data' events: TLS, or where direct reads are unavailable). */
  onData(chunk: Buffer, borrowed = false): void {
    if (this.closed) return; // ending: input is read and dropped
    const stats = this.server.stats;
    stats.netInputBytes += chunk.length;
    this.server.heap.noteInput(chunk.length);
    stats.totalReads++;
    const now = stampClock();
    this.lastInteraction = now;
    // The LRU clock is otherwise refreshed by the cron, which a busy event loop delays.
    const access = this.server.keyspace.access;
    if (access.enabled) access.tick(now);
    this.qbuf.onRead(this.parser.pending, chunk.length, this.parser.bigBulk);
    this.parser.feed(chunk, borrowed);
    this.processInput(true);
    this.qbuf.afterParse(this.parser.bigBulk);
    if (this.server.deferReplies) this.server.flushAfterIo(this);
    else this.flush();
    if (borrowed) this.parser.retain();
  }

  /** The peer sent FIN: no more input will come. */
  inputEnded = false;

  /**
   * The peer closed its sending side (direct sockets are half-open capable).
   * Commands already received but held while the Lua engine loads are
   * answered first, then the connection ends; a client blocked on keys or
   * held by CLIENT PAUSE is dropped, as Redis drops a blocked client on EOF.
   */
  onInputEnd(): void {
    if (this.closed) return;
    this.inputEnded = true;
    if (this.server.pausedClients.has(this)) {
      this.close(); // held by CLIENT PAUSE: blocked, so dropped with its command, as Redis does
      return;
    }
    if (this.postponed !== null) return; // processInput ends it once the held commands ran
    this.endInput();
    this.flush();
  }

  /** After the peer's FIN: end once replies are out, or drop a client left blocked (Redis would not keep it). */
  private endInput(): void {
    if (this.blocked !== null) this.close();
    else this.closeAfterReply = true;
  }

  /** Direct reads (transport.ts): `n` bytes at the start of the shared read buffer. */
  onRead(buf: Buffer, n: number): void {
    this.onData(buf.subarray(0, n), true);
  }

  /** Runs every complete command buffered, unless blocked or closing. `stamped`: the caller just stamped the clock. */
  processInput(stamped = false): void {
    const parser = this.parser;
    if (!stamped) stampClock();
    while (this.blocked === null && !this.closeAfterReply && !this.closed) {
      if (this.postponed !== null && this.server.pausedClients.has(this)) return; // held by CLIENT PAUSE
      const argv = this.postponed ?? parser.next();
      this.postponed = null;
      if (argv === null) {
        if (parser.error !== null) {
          if (!this.authenticated) this.server.stats.authFailures.pre_auth_protocol++;
          this.error(parser.error);
          this.server.log.debug({ client: this.addr, reason: parser.error }, 'protocol error');
          this.closeAfterReply = true;
        }
        break;
      }
      if (argv.length === 0) continue;
      dispatch(this, argv);
      if (this.postponed !== null) return;
    }
    if (this.inputEnded && !this.closed) this.endInput();
    if (parser.pending > this.server.config.num('client-query-buffer-limit')) {
      this.server.stats.clientQbufLimitDisconnections++;
      this.server.log.warn({ client: this.addr }, 'closing client that reached max query buffer length');
      this.close();
    }
  }

  /** Sends everything replied since the last flush, in one write. */
  flush(): void {
    if (this.closed) return;
    // Nothing is acknowledged before the AOF has it (and, with appendfsync always, has it on disk).
    const before = this.server.beforeReplies;
    if (before !== null) before();
    if (checkOutputLimits(this)) return;
    const n = this.w.flush(this.sink);
    if (n !== 0) {
      this.server.stats.netOutputBytes += n;
      this.server.stats.totalWrites++;
    }
    if (this.closeAfterReply) {
      this.closed = true;
      this.socket.end();
      this.server.onClientClosed(this);
    }
  }

  /** Closes the connection now, dropping unsent replies. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.server.onClientClosed(this);
  }

  /** Bytes queued in the socket plus unflushed replies (CLIENT LIST omem). */
  get outputBytes(): number {
    return this.w.pendingBytes + this.sink.pending;
  }

  /** Flush later in this tick: used when another client's command writes to us. */
  scheduleFlush(): void {
    this.server.scheduleFlush(this);
  }
}

function formatAddr(ip: string | undefined, port: number | undefined): string {
  if (ip === undefined) return '?:0';
  if (ip.startsWith('::ffff:')) ip = ip.slice(7);
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}
