/**
 * The slow log: the last `slowlog-max-len` commands that took at least
 * `slowlog-log-slower-than` microseconds, newest first. Like Redis, an
 * entry keeps at most 32 arguments (the last slot then says how many more
 * there were) and at most 128 bytes of each argument, so a huge command
 * cannot pin huge memory in the log. Passwords are stored as "(redacted)".
 */
import { bigArgumentHead } from '../protocol/parser.js';
import { parseI64 } from '../protocol/ints.js';

export const SLOWLOG_MAX_ARGC = 32;
export const SLOWLOG_MAX_STRING = 128;
export const REDACTED = '(redacted)';

export interface SlowlogEntry {
  id: number;
  /** Unix time in seconds when the command finished. */
  time: number;
  /** Execution time in microseconds. */
  duration: number;
  argv: string[];
  peer: string;
  name: string;
}

/** A copy that does not keep a (possibly huge) parent string alive. */
function flat(s: string): string {
  return Buffer.from(s, 'latin1').toString('latin1');
}

/** The arguments as the slow log keeps them: capped in count and length, redactions applied. */
export function slowlogArgv(argv: string[], redacted: ReadonlySet<number> | null): string[] {
  const argc = Math.min(argv.length, SLOWLOG_MAX_ARGC);
  const out: string[] = new Array(argc);
  for (let j = 0; j < argc; j++) {
    if (argc !== argv.length && j === argc - 1) {
      out[j] = `... (${argv.length - argc + 1} more arguments)`;
    } else if (redacted !== null && redacted.has(j)) {
      out[j] = REDACTED;
    } else {
      const a = argv[j];
      // A big argument received in pieces: its start is kept flat (slicing the rope would copy it all).
      const head = a.length > SLOWLOG_MAX_STRING ? bigArgumentHead(argv, j) ?? flat(a.slice(0, SLOWLOG_MAX_STRING)) : '';
      out[j] = a.length > SLOWLOG_MAX_STRING
        ? head.slice(0, SLOWLOG_MAX_STRING) + `... (${a.length - SLOWLOG_MAX_STRING} more bytes)`
        : flat(a);
    }
  }
  return out;
}

/**
 * Argument positions holding secrets, hidden exactly where Redis hides
 * them: AUTH's arguments (unless it is a syntax error), each HELLO AUTH
 * pair parsed before any syntax error, MIGRATE's AUTH/AUTH2 credentials.
 */
export function secretArgs(name: string, argv: string[], failed = false): Set<number> | null {
  const argc = argv.length;
  if (name === 'auth') {
    if (argc > 3) return null;
    const s = new Set<number>();
    for (let i = 1; i < argc; i++) s.add(i);
    return s;
  }
  if (name === 'hello') {
    // Redis 7.0 authenticates each AUTH pair as it parses it and stops at the
    // first failure, so a failed HELLO hides only its first AUTH pair
    if (argc < 2) return null;
    const ver = parseI64(argv[1]);
    if (ver === null || ver < 2 || ver > 3) return null;
    let s: Set<number> | null = null;
    for (let j = 2; j < argc; j++) {
      const more = argc - 1 - j;
      const opt = argv[j].toLowerCase();
      if (opt === 'auth' && more >= 2) {
        (s ??= new Set()).add(j + 1).add(j + 2);
        if (failed) break;
        j += 2;
      } else if (opt === 'setname' && more >= 1) {
        j++;
      } else {
        break;
      }
    }
    return s;
  }
  if (name === 'migrate') {
    let s: Set<number> | null = null;
    for (let j = 6; j < argc; j++) {
      const opt = argv[j].toLowerCase();
      if (opt === 'copy' || opt === 'replace') continue;
      if (opt === 'auth' && j + 1 < argc) {
        (s ??= new Set()).add(++j);
      } else if (opt === 'auth2' && j + 2 < argc) {
        (s ??= new Set()).add(j + 1).add(j + 2);
        j += 2;
      } else {
        break;
      }
    }
    return s;
  }
  return null;
}

export class SlowLog {
  /** Oldest first from `head`; entries before `head` are dropped ones awaiting compaction. */
  private entries: SlowlogEntry[] = [];
  private head = 0;
  private nextId = 0;

  get length(): number {
    return this.entries.length - this.head;
  }

  /** Records a command if it is slow enough, then drops the oldest entries beyond `maxLen`. */
  pushIfNeeded(slowerThan: number, maxLen: number, durationUs: number, argv: string[], redacted: ReadonlySet<number> | null, peer: string, name: string): void {
    if (slowerThan < 0 || durationUs < slowerThan) return;
    this.entries.push({
      id: this.nextId++,
      time: Math.floor(Date.now() / 1000),
      duration: durationUs,
      argv: slowlogArgv(argv, redacted),
      peer: flat(peer),
      name: flat(name),
    });
    // like Redis, the length limit is enforced when an entry is added
    while (this.length > maxLen) this.entries[this.head++] = undefined as unknown as SlowlogEntry;
    if (this.head > 64 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** The newest `count` entries, newest first. */
  get(count: number): SlowlogEntry[] {
    const out: SlowlogEntry[] = [];
    for (let i = this.entries.length - 1; i >= this.head && out.length < count; i--) out.push(this.entries[i]);
    return out;
  }

  reset(): void {
    this.entries = [];
    this.head = 0;
  }
}
