// Incremental RESP2/RESP3 reply reader for scripts (the fuzzer): feed bytes,
// take whole replies. A reply is { type, value }: type is the RESP type byte
// ('+', '-', ':', '$', '*', '%', '~', '>', '_', ',', '#', '(', '=', '|'),
// value the decoded payload (strings as latin1, aggregates as arrays).
// Attribute frames ('|') are read and dropped, as clients do.

export class RespReader {
  constructor() {
    this.buf = Buffer.alloc(0);
    this.pos = 0;
    // Bytes fed but not yet joined to buf: a big bulk arrives in many chunks,
    // and joining each one would copy the whole prefix again (quadratic).
    this.pending = [];
    this.pendingLen = 0;
    /** Bytes buf must hold (from pos) before parsing can succeed again. */
    this.need = 0;
  }

  feed(data) {
    this.pending.push(data);
    this.pendingLen += data.length;
  }

  /** The next whole reply, or undefined when more bytes are needed. */
  next() {
    if (this.pendingLen > 0) {
      if (this.buf.length - this.pos + this.pendingLen < this.need) return undefined;
      this.buf = Buffer.concat([this.buf.subarray(this.pos), ...this.pending]);
      this.pos = 0;
      this.pending = [];
      this.pendingLen = 0;
    }
    this.need = 0;
    const r = this.parse(this.pos);
    if (r === undefined) return undefined;
    this.pos = r.end;
    return r.reply;
  }

  line(at) {
    const nl = this.buf.indexOf('\r\n', at, 'latin1');
    return nl < 0 ? undefined : { text: this.buf.toString('latin1', at + 1, nl), end: nl + 2 };
  }

  parse(at) {
    if (at >= this.buf.length) return undefined;
    const type = String.fromCharCode(this.buf[at]);
    const l = this.line(at);
    if (l === undefined) return undefined;
    switch (type) {
      case '+': case '-': case ':': case '_': case ',': case '#': case '(':
        return { reply: { type, value: l.text }, end: l.end };
      case '$': case '=': case '!': {
        const n = Number(l.text);
        if (n < 0) return { reply: { type, value: null }, end: l.end };
        if (l.end + n + 2 > this.buf.length) {
          this.need = l.end + n + 2 - this.pos;
          return undefined;
        }
        return { reply: { type, value: this.buf.toString('latin1', l.end, l.end + n) }, end: l.end + n + 2 };
      }
      case '*': case '~': case '>': case '%': case '|': {
        let n = Number(l.text);
        if (n < 0) return { reply: { type, value: null }, end: l.end };
        if (type === '%' || type === '|') n *= 2;
        const items = [];
        let end = l.end;
        for (let i = 0; i < n; i++) {
          const r = this.parse(end);
          if (r === undefined) return undefined;
          items.push(r.reply);
          end = r.end;
        }
        if (type === '|') return this.parse(end); // an attribute precedes the real reply
        return { reply: { type, value: items }, end };
      }
      default:
        throw new Error(`RESP protocol violation: type byte ${JSON.stringify(type)} at ${at}`);
    }
  }
}

/** RESP-encodes one command (strings are latin1: one char per byte). */
export function encodeCommand(argv) {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** A reply as plain JS: arrays of strings, maps as flat arrays, errors as Error-like { error }. */
export function plain(r) {
  if (r.value === null) return null;
  if (Array.isArray(r.value)) return r.value.map(plain);
  return r.value;
}
