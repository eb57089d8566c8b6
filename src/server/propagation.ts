/**
 * The propagation layer: the single place where a write that changed the
 * dataset becomes the command vector Redis 7.0 propagates to the AOF and to
 * replicas (server.c call() → alsoPropagate → propagatePendingCommands).
 *
 * - `call()` opens a frame per execution. When the keyspace's dirty counter
 *   moved (or the command forced it), the command's vector — the argv as
 *   sent, or what the handler put in its place with `rewrite()` — is queued.
 * - Handlers that propagate something else entirely queue it with `also()`
 *   and `prevent()` their own vector (SPOP → SREM, XREADGROUP → XCLAIM…).
 * - Deletions by expiry and eviction queue DEL/UNLINK (`deletion()`).
 * - When the outermost call ends, the queue is emitted; more than one op
 *   (EXEC, scripts, a lazily expired key plus the write) is wrapped in
 *   MULTI/EXEC, so the effects stay atomic for whoever replays them.
 *
 * Sinks (the AOF, the command-stream tap tests use, replication next) get
 * (dbid, argv, target) and choose their own SELECTs. With no sink attached
 * `active` is false and call() does a single check per command.
 */

/** Targets, as Redis's PROPAGATE_AOF / PROPAGATE_REPL. */
export const TO_AOF = 1;
export const TO_REPL = 2;
export const TO_ALL = TO_AOF | TO_REPL;

export interface PropagatedOp {
  dbid: number;
  argv: string[];
  target: number;
}

export interface PropagationSink {
  /** One propagated command. `argv` must not be mutated. */
  feed(dbid: number, argv: string[], target: number): void;
}

/** What one execution asked for; nested calls (EXEC, scripts) each get their own. */
export interface CallFrame {
  dirty: number;
  rewritten: string[] | null;
  forced: number;
  prevented: number;
  outer: CallFrame | null;
}

const MULTI = ['MULTI'];
const EXEC = ['EXEC'];
const NO_ARGV: string[] = [];

export class Propagation {
  /** True when at least one sink listens: the only check the hot path pays. */
  active = false;
  private readonly sinks: PropagationSink[] = [];
  private pending: PropagatedOp[] = [];
  private frame: CallFrame | null = null;
  /** Loading the AOF replays commands that must not be written back. */
  suspended = false;

  attach(sink: PropagationSink): void {
    this.sinks.push(sink);
    this.active = true;
  }

  detach(sink: PropagationSink): void {
    const i = this.sinks.indexOf(sink);
    if (i >= 0) this.sinks.splice(i, 1);
    this.active = this.sinks.length !== 0;
  }

  /** call(): a command starts; `dirty` is the keyspace's change counter now. */
  enter(dirty: number): CallFrame {
    const f: CallFrame = { dirty, rewritten: null, forced: 0, prevented: 0, outer: this.frame };
    this.frame = f;
    return f;
  }

  /**
   * call(): the command ended. Queues its vector when it changed the dataset
   * (or forced propagation), unless it prevented it; EXEC itself is never
   * queued (its commands were). The outermost call emits the queue.
   */
  exit(f: CallFrame, dirty: number, dbid: number, argv: string[], isExec: boolean, blocked: boolean): void {
    if (!blocked && !isExec) {
      let target = dirty !== f.dirty ? TO_ALL : 0;
      target |= f.forced;
      target &= ~f.prevented;
      if (target !== 0 && !this.suspended) this.pending.push({ dbid, argv: f.rewritten ?? argv, target });
    }
    this.frame = f.outer;
    if (this.frame === null) this.flush(true);
  }

  /** rewriteClientCommandVector: the running command propagates as `argv` instead. */
  rewrite(argv: string[]): void {
    if (this.frame !== null) this.frame.rewritten = argv;
  }

  /** forceCommandPropagation: propagate the running command even though nothing changed. */
  force(target: number = TO_ALL): void {
    if (this.frame !== null) this.frame.forced |= target;
  }

  /** preventCommandPropagation: the running command's own vector is not propagated. */
  prevent(target: number = TO_ALL): void {
    if (this.frame !== null) this.frame.prevented |= target;
  }

  /** alsoPropagate: queue an extra command, emitted with the running command's. */
  also(dbid: number, argv: string[], target: number = TO_ALL): void {
    if (this.suspended) return;
    this.pending.push({ dbid, argv, target });
    // Outside any command (active expiry, eviction, timers) there is nothing to wait for.
    if (this.frame === null && !this.batching) this.flush(false);
  }

  /**
   * A unit of execution outside call() — serving a blocked client: what it
   * queues is emitted when it ends, in MULTI/EXEC when more than one op.
   */
  unit(dbid: number, fn: () => void): void {
    if (!this.active) {
      fn();
      return;
    }
    const f = this.enter(0);
    try {
      fn();
    } finally {
      // What the served command rewrote itself to is what the unit propagates.
      if (f.rewritten === null) f.prevented = TO_ALL;
      this.exit(f, 1, dbid, NO_ARGV, false, false);
    }
  }

  /** Deletions outside commands (active expiry, eviction) are emitted one by one, never in MULTI. */
  private batching = false;

  /**
   * Runs `fn` (an expiry cycle, an eviction pass) queueing its deletions and
   * emits them at the end without MULTI/EXEC, as Redis does for those paths.
   */
  batch(fn: () => void): void {
    if (this.frame !== null || this.batching) {
      fn();
      return;
    }
    this.batching = true;
    try {
      fn();
    } finally {
      this.batching = false;
      this.flush(false);
    }
  }

  /** propagatePendingCommands. */
  private flush(wrap: boolean): void {
    const ops = this.pending;
    if (ops.length === 0) return;
    this.pending = [];
    const transaction = wrap && ops.length > 1;
    if (transaction) this.emit(ops[0].dbid, MULTI, TO_ALL);
    for (let i = 0; i < ops.length; i++) this.emit(ops[i].dbid, ops[i].argv, ops[i].target);
    if (transaction) this.emit(ops[ops.length - 1].dbid, EXEC, TO_ALL);
  }

  private emit(dbid: number, argv: string[], target: number): void {
    const sinks = this.sinks;
    for (let i = 0; i < sinks.length; i++) sinks[i].feed(dbid, argv, target);
  }
}

/**
 * Serialises propagated commands the way one consumer sees them: a SELECT
 * whenever the database differs from the last one it was sent, then the
 * command as a RESP multibulk. The AOF and the test tap both use it.
 */
export class CommandStreamEncoder {
  /** -1: the next command is preceded by a SELECT whatever its database. */
  selected = -1;

  constructor(private readonly target: number) {}

  /** The bytes for one command, or '' when this consumer does not take it. */
  encode(dbid: number, argv: string[], target: number): string {
    if ((target & this.target) === 0) return '';
    let out = '';
    if (dbid !== this.selected) {
      const id = String(dbid);
      out = `*2\r\n$6\r\nSELECT\r\n$${id.length}\r\n${id}\r\n`;
      this.selected = dbid;
    }
    return out + encodeCommand(argv);
  }
}

/** A command as a RESP multibulk (latin1 string: one char per byte). */
export function encodeCommand(argv: string[]): string {
  let out = `*${argv.length}\r\n`;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    out += `$${a.length}\r\n${a}\r\n`;
  }
  return out;
}

/**
 * The command-stream tap: an in-process listener that records what would be
 * written to the AOF (or sent to replicas) as bytes. Tests compare it with
 * what real Redis writes for the same commands.
 */
export class CommandTap implements PropagationSink {
  private readonly encoder: CommandStreamEncoder;
  private chunks: string[] = [];
  readonly ops: PropagatedOp[] = [];

  constructor(target: number = TO_AOF) {
    this.encoder = new CommandStreamEncoder(target);
  }

  feed(dbid: number, argv: string[], target: number): void {
    const s = this.encoder.encode(dbid, argv, target);
    if (s === '') return;
    this.chunks.push(s);
    this.ops.push({ dbid, argv, target });
  }

  /** Everything recorded so far, and start afresh (SELECT state is kept, as a real stream's). */
  take(): string {
    const s = this.chunks.join('');
    this.chunks = [];
    this.ops.length = 0;
    return s;
  }
}
