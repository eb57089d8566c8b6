/**
 * ReplyWriter: the only code that knows RESP reply bytes.
 *
 * Replies for one read batch are appended to one buffer and handed to the
 * socket with a single write, without copying: the written region is never
 * touched again, and new replies go after it (or into a fresh buffer once
 * this one is full). Each method picks the RESP2 or RESP3 form from `resp`.
 */
/** Where flushed replies go (server/transport.ts implements it over a socket). */
export interface ReplySink {
  write(buf: Buffer): void;
  writev(bufs: Buffer[]): void;
}
import { formatDouble17g } from './doubles.js';

const CRLF = '\r\n';
const MIN_CHUNK = 16 * 1024;
/** Payloads this big are queued as their own Buffer instead of copied into the batch buffer. */
const BIG_PAYLOAD = 64 * 1024;
/** Bulk payloads up to this many bytes are copied by a JS loop (see bulk). */
const SHORT_COPY = 16;

// Cached ":<n>\r\n" and "$<n>\r\n" / "*<n>\r\n" headers for small n.
const SMALL = 1024;
const INT_CACHE: Buffer[] = [];
const BULK_HDR: string[] = [];
const ARR_HDR: string[] = [];
for (let i = 0; i < SMALL; i++) {
  INT_CACHE.push(Buffer.from(`:${i}\r\n`, 'latin1'));
  BULK_HDR.push(`$${i}\r\n`);
  ARR_HDR.push(`*${i}\r\n`);
}

export const OK = '+OK\r\n';

/**
 * Status and error lines end at the first CR or LF, so one carrying client
 * bytes (a user name, a script's {err=...}) would split the stream into
 * bogus replies: they become spaces, as Redis's addReplyErrorFormat does.
 * Done here, the last step, so no caller can forget it.
 */
function oneLine(s: string): string {
  return s.indexOf('\r') < 0 && s.indexOf('\n') < 0 ? s : s.replace(/[\r\n]/g, ' ');
}

export class ReplyWriter {
  resp: 2 | 3 = 2;
  private buf: Buffer | null = null;
  private start = 0;
  private pos = 0;
  /** Finished pieces waiting for the next flush (big payloads, full buffers). */
  private queued: Buffer[] | null = null;
  /** Bytes produced in total (stats: total_net_output_bytes is counted at flush). */
  /** When false, replies are dropped (CLIENT REPLY OFF/SKIP). */
  enabled = true;

  /** Bytes written since the last flush. */
  get pendingBytes(): number {
    let n = this.pos - this.start;
    if (this.queued) for (const b of this.queued) n += b.length;
    return n;
  }

  private ensure(n: number): Buffer {
    const buf = this.buf;
    if (buf !== null && this.pos + n <= buf.length) return buf;
    return this.grow(n);
  }

  private grow(n: number): Buffer {
    if (this.buf !== null && this.pos > this.start) {
      (this.queued ??= []).push(this.buf.subarray(this.start, this.pos));
    }
    const size = n > MIN_CHUNK ? n : MIN_CHUNK;
    this.buf = Buffer.allocUnsafe(size);
    this.start = this.pos = 0;
    return this.buf;
  }

  /** Append raw latin1 protocol text. */
  raw(s: string): void {
    if (!this.enabled) return;
    const n = s.length;
    const buf = this.ensure(n);
    if (n <= 32) {
      // short protocol text: a JS loop beats the native call's overhead
      let p = this.pos;
      for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
      this.pos = p;
      return;
    }
    this.pos += buf.latin1Write(s, this.pos, n);
  }

  rawBuffer(b: Buffer): void {
    if (!this.enabled) return;
    if (b.length >= BIG_PAYLOAD) {
      this.detach();
      (this.queued ??= []).push(b);
      return;
    }
    const buf = this.ensure(b.length);
    b.copy(buf, this.pos);
    this.pos += b.length;
  }

  /** Close off the current region so later writes start a new piece. */
  private detach(): void {
    if (this.buf !== null && this.pos > this.start) {
      (this.queued ??= []).push(this.buf.subarray(this.start, this.pos));
      this.start = this.pos;
    }
  }

  ok(): void {
    this.raw(OK);
  }

  simple(s: string): void {
    this.raw('+' + oneLine(s) + CRLF);
  }

  /** `msg` is the full error text including its code, e.g. "ERR syntax error". */
  error(msg: string): void {
    this.raw('-' + oneLine(msg) + CRLF);
  }

  integer(n: number | bigint): void {
    if (!this.enabled) return;
    if (typeof n === 'number' && n >= 0 && n < SMALL && Number.isInteger(n)) {
      const b = INT_CACHE[n];
      const buf = this.ensure(b.length);
      b.copy(buf, this.pos);
      this.pos += b.length;
      return;
    }
    if (typeof n === 'number' && Number.isSafeInteger(n)) this.intLine(58 /* : */, n);
    else this.raw(':' + (typeof n === 'number' ? intText(n) : n.toString()) + CRLF);
  }

  /**
   * Writes `<type><n>\r\n` for a safe integer digit by digit into the
   * buffer: no number-to-string conversion and no concatenated string to
   * flatten (counters and lengths past the cached range are common).
   */
  private intLine(type: number, n: number): void {
    const buf = this.ensure(20);
    let p = this.pos;
    buf[p++] = type;
    if (n < 0) {
      buf[p++] = 45; // -
      n = -n;
    }
    let digits = 1;
    let q: number;
    if (n < 2147483648) {
      // small integer arithmetic (the common case) is much cheaper than double division
      let x = n | 0;
      for (let t = x; t >= 10; t = (t / 10) | 0) digits++;
      q = p + digits;
      p = q;
      do {
        buf[--q] = 48 + (x % 10);
        x = (x / 10) | 0;
      } while (x > 0);
    } else {
      for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
      q = p + digits;
      p = q;
      do {
        buf[--q] = 48 + (n % 10);
        n = Math.floor(n / 10);
      } while (n > 0);
    }
    buf[p++] = 13;
    buf[p++] = 10;
    this.pos = p;
  }

  /** Bulk string from a latin1 string (byte per char). */
  bulk(s: string): void {
    if (!this.enabled) return;
    const n = s.length;
    if (n >= BIG_PAYLOAD) {
      this.raw((n < SMALL ? BULK_HDR[n] : '$' + n + CRLF));
      this.detach();
      (this.queued ??= []).push(Buffer.from(s, 'latin1'));
      this.raw(CRLF);
      return;
    }
    const hdr = n < SMALL ? BULK_HDR[n] : '$' + n + CRLF;
    const total = hdr.length + n + 2;
    const buf = this.ensure(total);
    let p = this.pos;
    if (n <= SHORT_COPY) {
      // A byte loop is cheaper than two native latin1Write calls for short strings.
      for (let i = 0; i < hdr.length; i++) buf[p++] = hdr.charCodeAt(i);
      for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    } else {
      p += buf.latin1Write(hdr, p, hdr.length);
      p += buf.latin1Write(s, p, n);
    }
    buf[p++] = 13;
    buf[p++] = 10;
    this.pos = p;
  }

  bulkOrNil(s: string | null | undefined): void {
    if (s === null || s === undefined) this.nil();
    else this.bulk(s);
  }

  /** Null bulk ($-1 in RESP2, _ in RESP3). */
  nil(): void {
    this.raw(this.resp === 2 ? '$-1\r\n' : '_\r\n');
  }

  /** Null array (*-1 in RESP2, _ in RESP3). */
  nilArray(): void {
    this.raw(this.resp === 2 ? '*-1\r\n' : '_\r\n');
  }

  array(n: number): void {
    if (n >= 0 && n < SMALL) this.raw(ARR_HDR[n]);
    else if (this.enabled) this.intLine(42 /* * */, n);
  }

  /** Map header; in RESP2 a flat array of 2n elements. */
  map(n: number): void {
    if (this.resp === 2) this.array(n * 2);
    else this.raw('%' + n + CRLF);
  }

  /** Set header; in RESP2 a plain array. */
  set(n: number): void {
    if (this.resp === 2) this.array(n);
    else this.raw('~' + n + CRLF);
  }

  /** Push header (RESP3); RESP2 pub/sub messages are plain arrays. */
  push(n: number): void {
    if (this.resp === 2) this.array(n);
    else this.raw('>' + n + CRLF);
  }

  /** Double: RESP3 ",<d>", RESP2 bulk string in %.17g. */
  double(d: number): void {
    const s = formatDouble17g(d);
    if (this.resp === 2) this.bulk(s);
    else this.raw(',' + s + CRLF);
  }

  bool(b: boolean): void {
    if (this.resp === 2) this.integer(b ? 1 : 0);
    else this.raw(b ? '#t\r\n' : '#f\r\n');
  }

  /** Verbatim string (RESP3 "=len\r\ntxt:..."), plain bulk in RESP2. */
  verbatim(s: string, format = 'txt'): void {
    if (this.resp === 2) this.bulk(s);
    else this.raw('=' + (s.length + 4) + CRLF + format + ':' + s + CRLF);
  }

  bulkArray(items: readonly string[]): void {
    this.array(items.length);
    for (let i = 0; i < items.length; i++) this.bulk(items[i]);
  }

  /** Hands everything written since the last flush to the socket in one write. */
  flush(sink: ReplySink): number {
    let bytes = 0;
    const q = this.queued;
    if (q !== null) {
      this.queued = null;
      this.detach();
      const rest = this.queued as Buffer[] | null;
      this.queued = null;
      const all = rest ? q.concat(rest) : q;
      if (all.length === 1) {
        bytes = all[0].length;
        sink.write(all[0]);
      } else {
        for (const b of all) bytes += b.length;
        sink.writev(all);
      }
      return bytes;
    }
    if (this.buf === null || this.pos === this.start) return 0;
    const region = this.buf.subarray(this.start, this.pos);
    this.start = this.pos;
    // A nearly full buffer is retired, so the next batch starts in a fresh one.
    if (this.buf.length - this.pos < 512) this.buf = null;
    sink.write(region);
    return region.length;
  }

  /** Drops the reusable buffer (idle clients hold no memory). */
  release(): void {
    if (this.pos === this.start && this.queued === null) this.buf = null;
  }

  /** Takes the bytes written since the last flush (used to capture replies, e.g. for scripts). */
  take(): Buffer {
    this.detach();
    const q = this.queued ?? [];
    this.queued = null;
    return q.length === 1 ? q[0] : Buffer.concat(q);
  }
}

function intText(n: number): string {
  // Integers beyond 2^53 are printed from their exact decimal value.
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}
