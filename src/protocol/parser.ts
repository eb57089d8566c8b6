/**
 * Incremental RESP request parser: bytes in, argv arrays out, no I/O.
 *
 * Mirrors Redis's processMultibulkBuffer/processInlineBuffer so that protocol
 * errors carry the same texts and happen at the same points. Arguments are
 * returned as latin1 strings (one JS char per byte) — binary safe, and cheaper
 * than Buffers to keep as keys and values.
 *
 * redis-parser (see README) is a reply parser and does not accept inline
 * commands, so the request path uses this parser; redis-parser checks in
 * test/unit/writer.test.ts that every reply shape we write decodes the way
 * standard clients decode it.
 */
import { constants } from 'node:buffer';
import { parseIntBytes } from './ints.js';
import { splitArgs } from './splitargs.js';
import * as E from '../errors.js';

/** Largest inline request / count line Redis accepts before complaining. */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
/** Bulk length beyond which an unauthenticated client is refused. */
const UNAUTH_BULK_MAX = 16384;
const UNAUTH_MULTIBULK_MAX = 10;
const INT_MAX = 2147483647;
/**
 * V8's longest string (2^29-24 bytes as latin1): a bulk argument is a string,
 * so a longer one is refused like a length over proto-max-bulk-len (the 24
 * lengths up to Redis's 512 MB) instead of failing to be built.
 */
const STRING_MAX = constants.MAX_STRING_LENGTH;
/** Above this a bulk that has not fully arrived is assembled as it arrives (BigBulk). */
const BIG_BULK = 32 * 1024;
/**
 * Size of the pieces a big bulk is turned into while it arrives. Node makes
 * latin1 strings longer than about 1 MB (its EXTERN_APEX) external: their
 * bytes live outside the V8 heap, so a large value does not count against
 * the heap limit and is not moved by the garbage collector.
 */
const BIG_PIECE = 1 << 20;

const EMPTY = Buffer.alloc(0);
/** Bytes of a big bulk's start kept flat beside its rope (the slow log shows 128). */
const HEAD_BYTES = 128;

/**
 * The first bytes of each big bulk argument, by request (argv array) and
 * position. Reading a rope's bytes makes V8 copy the whole value into one
 * string, so code that only needs an argument's start (the slow log) asks
 * here first; keyed by the argv array's identity, never by string content.
 */
const bigHeads = new WeakMap<string[], string[]>();

/** The first bytes of argv[j] when it was received as a big bulk (rope), else undefined. */
export function bigArgumentHead(argv: string[], j: number): string | undefined {
  return bigHeads.get(argv)?.[j];
}

declare module 'node:buffer' {
  interface Buffer {
    latin1Slice(start: number, end: number): string;
    latin1Write(s: string, offset: number, length?: number): number;
  }
}

export class RequestParser {
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Arguments of the multibulk request being read, or null between requests. */
  private argv: string[] | null = null;
  private multibulkLeft = 0;
  private bulkLen = -1;
  /** The big bulk argument still arriving, or null. */
  private big: BigBulk | null = null;
  /** Bytes still to drop from the input: the CRLF after a big bulk. */
  private skip = 0;

  /** Set when a protocol error was found; the connection must be closed after replying. */
  error: string | null = null;
  /** Clients that must still authenticate get tighter limits, as in Redis. */
  authRequired = false;
  maxBulkLen = 512 * 1024 * 1024;
  /** True when the last request parsed was an inline one (for MONITOR/CLIENT LIST). */
  inline = false;

  /** `buf` is a read buffer the caller reuses: unparsed bytes must be copied before it is (retain()). */
  private borrowed = false;

  /**
   * Appends received bytes. `borrowed` says the chunk lives in a buffer the
   * caller will overwrite after this read; the parser then keeps no
   * reference to it beyond the next retain().
   */
  feed(chunk: Buffer, borrowed = false): void {
    if (this.big !== null) {
      const used = this.big.add(chunk);
      if (!this.big.done) return;
      this.finishBig();
      chunk = chunk.subarray(used);
    }
    if (this.skip > 0) {
      const n = Math.min(this.skip, chunk.length);
      this.skip -= n;
      chunk = chunk.subarray(n);
    }
    if (this.pos >= this.buf.length) {
      this.buf = chunk;
      this.borrowed = borrowed;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
      this.borrowed = false;
    }
    this.pos = 0;
  }

  /** The big bulk is complete: it becomes the next argument, and its CRLF is skipped when it comes. */
  private finishBig(): void {
    const argv = this.argv!;
    let heads = bigHeads.get(argv);
    if (heads === undefined) bigHeads.set(argv, (heads = []));
    heads[this.argc] = this.big!.head;
    argv[this.argc++] = this.big!.value();
    this.big = null;
    this.bulkLen = -1;
    this.multibulkLeft--;
    this.skip = 2;
  }

  /** Copies still-unparsed bytes out of a borrowed read buffer (call before that buffer is reused). */
  retain(): void {
    if (!this.borrowed) return;
    this.borrowed = false;
    this.buf = this.pos < this.buf.length ? Buffer.from(this.buf.subarray(this.pos)) : EMPTY;
    this.pos = 0;
  }

  /** Bytes received but not yet consumed as commands (CLIENT LIST qbuf). */
  get pending(): number {
    return this.big !== null ? this.big.received : this.buf.length - this.pos;
  }

  /** Length of the big bulk (≥ 32 KB) being read, or -1: Redis sizes its query buffer for it (CLIENT LIST). */
  get bigBulk(): number {
    return this.bulkLen >= BIG_BULK ? this.bulkLen : -1;
  }

  /** True when no partial request is buffered. */
  get idle(): boolean {
    return this.argv === null && this.pending === 0;
  }

  /**
   * Returns the next complete request, an empty array for an empty request
   * (skipped by the caller), or null when more bytes are needed or an error
   * was found (then `error` is set).
   */
  next(): string[] | null {
    if (this.error !== null || this.big !== null) return null;
    if (this.argv === null) {
      if (this.pos >= this.buf.length) {
        if (this.buf.length !== 0) { this.buf = EMPTY; this.pos = 0; this.borrowed = false; }
        return null;
      }
      if (this.buf[this.pos] !== 42 /* * */) return this.nextInline();
      this.inline = false;
      const fast = this.fastNumber(this.buf, this.pos + 1);
      if (fast > 0 && fast <= INT_MAX && (fast <= UNAUTH_MULTIBULK_MAX || !this.authRequired)) {
        this.pos = this.fastEnd + 2;
        this.multibulkLeft = fast;
        this.startArgv(fast);
        return this.continueMultibulk();
      }
      // multibulk count line (slow path: errors, zero/negative counts, partial lines)
      const cr = lineEnd(this.buf, this.pos);
      if (cr < 0) {
        if (this.buf.length - this.pos > PROTO_INLINE_MAX_SIZE) this.error = E.PROTO_BIG_MBULK_COUNT;
        return null;
      }
      if (cr > this.buf.length - 2) return null; // the \n has not arrived yet
      const n = parseIntBytes(this.buf, this.pos + 1, cr);
      if (Number.isNaN(n) || n > INT_MAX) {
        this.error = E.PROTO_INVALID_MBULK_LEN;
        return null;
      }
      if (n > UNAUTH_MULTIBULK_MAX && this.authRequired) {
        this.error = E.PROTO_UNAUTH_MBULK_LEN;
        return null;
      }
      this.pos = cr + 2;
      if (n <= 0) return EMPTY_ARGV;
      this.multibulkLeft = n;
      this.startArgv(n);
    }
    return this.continueMultibulk();
  }

  /** Arguments read so far of the current multibulk request. */
  private argc = 0;

  /**
   * Sizes the argument array up front for ordinary counts (no growth while
   * filling it); a huge announced count grows as arguments really arrive,
   * as Redis does, so a bogus `*2147483647` allocates nothing.
   */
  private startArgv(count: number): void {
    this.argv = count <= 1024 ? new Array<string>(count) : [];
    this.argc = 0;
  }

  private continueMultibulk(): string[] | null {
    const argv = this.argv!;
    const buf = this.buf;
    while (this.multibulkLeft > 0) {
      if (this.bulkLen < 0 && buf[this.pos] === 36 /* $ */) {
        // fast path: a well-formed length line, read without native calls
        const len = this.fastNumber(buf, this.pos + 1);
        if (len >= 0 && len <= this.maxBulkLen && len <= STRING_MAX && (len <= UNAUTH_BULK_MAX || !this.authRequired)) {
          this.pos = this.fastEnd + 2;
          this.bulkLen = len;
        }
      }
      if (this.bulkLen < 0) {
        const cr = lineEnd(buf, this.pos);
        if (cr < 0) {
          if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) this.error = E.PROTO_BIG_BULK_COUNT;
          return null;
        }
        if (cr > buf.length - 2) return null;
        if (buf[this.pos] !== 36 /* $ */) {
          this.error = E.protoExpectedDollar(sanitizeChar(buf[this.pos]));
          return null;
        }
        const len = parseIntBytes(buf, this.pos + 1, cr);
        if (Number.isNaN(len) || len < 0 || len > this.maxBulkLen || len > STRING_MAX) {
          this.error = E.PROTO_INVALID_BULK_LEN;
          return null;
        }
        if (len > UNAUTH_BULK_MAX && this.authRequired) {
          this.error = E.PROTO_UNAUTH_BULK_LEN;
          return null;
        }
        this.pos = cr + 2;
        this.bulkLen = len;
      }
      const end = this.pos + this.bulkLen;
      if (end + 2 > buf.length) {
        // Wait for the rest. A big value is assembled as it arrives, so
        // completing it costs no more than any other read (see BigBulk).
        if (this.bulkLen >= BIG_BULK && end > buf.length) {
          this.big = new BigBulk(this.bulkLen);
          this.big.add(buf.subarray(this.pos)); // less than the whole payload
          this.buf = EMPTY;
          this.pos = 0;
          this.borrowed = false;
        }
        return null;
      }
      const i = this.argc++;
      const len = this.bulkLen;
      argv[i] = len <= SHORT_MAX ? (i === 0 ? commandName(buf, this.pos, end) : shortArg(buf, this.pos, end)) : buf.latin1Slice(this.pos, end);
      this.pos = end + 2;
      this.bulkLen = -1;
      this.multibulkLeft--;
    }
    this.argv = null;
    return argv;
  }

  /** Where the last fastNumber() found its CR. */
  private fastEnd = 0;

  /**
   * Reads a positive decimal (no sign, no leading zero) from `start` up to a
   * CR that is followed by at least one more byte, as the length lines of
   * well-behaved clients are. Returns -1 for anything else, which the
   * caller then hands to the general path (errors, partial input).
   */
  private fastNumber(buf: Buffer, start: number): number {
    const n = buf.length;
    let i = start;
    if (i >= n) return -1;
    let c = buf[i];
    if (c < 49 || c > 57) return -1;
    let v = 0;
    for (;;) {
      v = v * 10 + (c - 48);
      if (++i >= n || i - start > 15) return -1;
      c = buf[i];
      if (c === 13) break;
      if (c < 48 || c > 57) return -1;
    }
    if (i + 1 >= n) return -1;
    this.fastEnd = i;
    return v;
  }

  private nextInline(): string[] | null {
    const buf = this.buf;
    const start = this.pos;
    // Inline requests are short (telnet, PING_INLINE): look for the newline in JS first.
    let nl = -1;
    const scanEnd = Math.min(buf.length, start + 128);
    for (let i = start; i < scanEnd; i++) {
      if (buf[i] === 10) { nl = i; break; }
    }
    if (nl < 0 && scanEnd < buf.length) nl = buf.indexOf(10, scanEnd);
    if (nl >= 0 && nulBefore(buf, start, nl)) nl = -1;
    if (nl < 0) {
      if (buf.length - start > PROTO_INLINE_MAX_SIZE) this.error = E.PROTO_BIG_INLINE;
      return null;
    }
    let end = nl;
    if (end > start && buf[end - 1] === 13) end--;
    this.pos = nl + 1;
    this.inline = true;
    const plain = splitPlainBytes(buf, start, end);
    if (plain !== null) return plain;
    const argv = splitArgs(buf.latin1Slice(start, end));
    if (argv === null) {
      this.error = E.PROTO_UNBALANCED_QUOTES;
      return null;
    }
    return argv;
  }
}

/**
 * Redis finds the inline newline with strchr, which stops at a NUL byte: a
 * NUL before the newline hides it, so the request keeps growing until it is
 * "too big" and the client is dropped (the protocol desync regression tests).
 */
function nulBefore(buf: Buffer, start: number, end: number): boolean {
  const z = buf.indexOf(0, start);
  return z >= 0 && z < end;
}

/** The CR ending a count or length line, as Redis's strchr finds it (-1 also when a NUL comes first). */
function lineEnd(buf: Buffer, start: number): number {
  const cr = buf.indexOf(13, start);
  return cr >= 0 && nulBefore(buf, start, cr) ? -1 : cr;
}

/**
 * A big bulk argument being received. Redis reads such an argument straight
 * into a buffer of its announced size, so its memory is touched once, as it
 * arrives. Here the value must end up a latin1 string: each BIG_PIECE of
 * input is staged in one reused buffer and turned into a string piece at
 * once, and the pieces are joined by concatenation, which V8 does without
 * copying (a rope). No step ever copies the whole value, so completing a
 * 400 MB value stalls other clients no longer than any read does, and memory
 * while it arrives stays near its size (previously: the chunks, their join,
 * and the string — three copies made in one go).
 */
class BigBulk {
  private rope = '';
  private readonly stage: Buffer;
  private staged = 0;
  /** Payload bytes taken so far. */
  received = 0;
  /** The value's first HEAD_BYTES bytes, as a flat string (set with the first piece). */
  head = '';

  constructor(private readonly size: number) {
    this.stage = Buffer.allocUnsafe(Math.min(size, BIG_PIECE));
  }

  get done(): boolean {
    return this.received === this.size;
  }

  /** Takes payload bytes from `chunk` (never beyond the value's end); returns how many. */
  add(chunk: Buffer): number {
    const n = Math.min(chunk.length, this.size - this.received);
    let from = 0;
    while (from < n) {
      const take = Math.min(n - from, this.stage.length - this.staged);
      chunk.copy(this.stage, this.staged, from, from + take);
      this.staged += take;
      from += take;
      if (this.staged === this.stage.length) this.cut();
    }
    this.received += n;
    if (this.done && this.staged > 0) this.cut();
    return n;
  }

  private cut(): void {
    if (this.rope.length === 0) this.head = this.stage.latin1Slice(0, Math.min(HEAD_BYTES, this.staged));
    this.rope += this.stage.latin1Slice(0, this.staged);
    this.staged = 0;
  }

  value(): string {
    return this.rope;
  }
}

function isSpaceByte(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

/**
 * splitArgs for the common inline line without quotes, straight from the
 * bytes: whitespace-separated words, sharing cached strings like multibulk
 * arguments. Returns null when the line has quotes (splitArgs handles it).
 */
function splitPlainBytes(buf: Buffer, start: number, end: number): string[] | null {
  // First pass: no quotes allowed, and count the words so the array is made at its size
  // (the same shape as multibulk argv arrays, which keeps the code reading argv monomorphic).
  let words = 0;
  let inWord = false;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === 34 || c === 39) return null;
    const space = isSpaceByte(c);
    if (!space && !inWord) words++;
    inWord = !space;
  }
  const argv = new Array<string>(words);
  let i = start;
  for (let w = 0; w < words; w++) {
    while (isSpaceByte(buf[i])) i++;
    const from = i;
    while (i < end && !isSpaceByte(buf[i])) i++;
    argv[w] = i - from > SHORT_MAX ? buf.latin1Slice(from, i) : w === 0 ? commandName(buf, from, i) : shortArg(buf, from, i);
  }
  return argv;
}

const EMPTY_ARGV: string[] = [];

/**
 * Command names repeat on every request, and so do many short arguments
 * (small values such as "1", "OK", "true", short keys). Each is looked up in
 * a small direct-mapped cache of recently seen strings before allocating a
 * new one: a hit returns the same string object, so a million keys holding
 * the value "xxx" share one string (as Redis shares small integers), and
 * its hash is already computed for Map lookups. Bytes are compared exactly,
 * so a name keeps the case the client sent (error texts echo it).
 */
const SHORT_MAX = 24;
const nameCache: (string | undefined)[] = new Array(512).fill(undefined);
/** Only arguments this short are shared: longer ones are mostly unique keys, not worth the probe. */
const SHARE_MAX = 8;
const argCache: (string | undefined)[] = new Array(1024).fill(undefined);

function commandName(buf: Buffer, start: number, end: number): string {
  return cached(nameCache, 511, buf, start, end);
}

function shortArg(buf: Buffer, start: number, end: number): string {
  return end - start <= SHARE_MAX ? cached(argCache, 1023, buf, start, end) : buf.latin1Slice(start, end);
}

function cached(cache: (string | undefined)[], mask: number, buf: Buffer, start: number, end: number): string {
  let h = end - start;
  for (let i = start; i < end; i++) h = (h * 31 + buf[i]) & mask;
  const hit = cache[h];
  if (hit !== undefined && hit.length === end - start) {
    let same = true;
    for (let i = start, j = 0; i < end; i++, j++) {
      if (hit.charCodeAt(j) !== buf[i]) { same = false; break; }
    }
    if (same) return hit;
  }
  const s = buf.latin1Slice(start, end);
  cache[h] = s;
  return s;
}

function sanitizeChar(c: number): string {
  return c === 13 || c === 10 ? ' ' : String.fromCharCode(c);
}
