/**
 * ReplyRecorder: a ReplyWriter that builds reply values instead of bytes.
 *
 * Commands run by redis.call write their reply through the usual writer
 * methods; the script's fake client carries this recorder, so the reply is
 * captured as a small tree (no RESP serialisation and re-parsing). The RESP2
 * and RESP3 shapes are chosen exactly as ReplyWriter chooses them, from the
 * protocol the script selected with redis.setresp. Raw protocol text (used
 * by a few commands for canned replies) is parsed.
 */
import { ReplyWriter } from '../protocol/writer.js';
import { formatDouble17g } from '../protocol/doubles.js';

/** A recorded reply. Integers are numbers/bigints, bulk strings are strings, null bulk/array is null. */
export type ReplyValue = number | bigint | string | null | ReplyNode;

export const enum Kind {
  Status,
  Error,
  Array,
  Map,
  Set,
  Double,
  Bool,
  BigNumber,
  Verbatim,
  /** RESP3 null (`_`): nil in Lua, where RESP2 nulls become false. */
  Null,
}

export interface ReplyNode {
  k: Kind;
  /** Status/error/bignum/verbatim text. */
  s?: string;
  /** Verbatim format. */
  f?: string;
  d?: number;
  b?: boolean;
  /** Aggregate items (maps: key, value, key, value…). */
  a?: ReplyValue[];
}

const RESP3_NULL: ReplyNode = { k: Kind.Null };

interface Frame {
  node: ReplyNode;
  left: number;
}

export class ReplyRecorder extends ReplyWriter {
  /** The first complete top-level reply, or undefined when nothing was written. */
  value: ReplyValue | undefined = undefined;
  private stack: Frame[] = [];
  private pendingRaw = '';

  reset(): void {
    this.value = undefined;
    if (this.stack.length !== 0) this.stack.length = 0;
    if (this.pendingRaw !== '') this.pendingRaw = '';
  }

  private emit(v: ReplyValue): void {
    for (;;) {
      const top = this.stack.length === 0 ? null : this.stack[this.stack.length - 1];
      if (top === null) {
        if (this.value === undefined) this.value = v;
        return;
      }
      top.node.a!.push(v);
      if (--top.left > 0) return;
      this.stack.pop();
      v = top.node;
    }
  }

  private open(k: Kind, n: number): void {
    const node: ReplyNode = { k, a: [] };
    if (n <= 0) {
      this.emit(node);
      return;
    }
    this.stack.push({ node, left: n });
  }

  override raw(s: string): void {
    if (!this.enabled) return;
    this.parseRaw(this.pendingRaw === '' ? s : this.pendingRaw + s);
  }

  override rawBuffer(b: Buffer): void {
    this.raw(b.toString('latin1'));
  }

  override ok(): void {
    if (this.enabled) this.emit({ k: Kind.Status, s: 'OK' });
  }

  override simple(s: string): void {
    if (this.enabled) this.emit({ k: Kind.Status, s });
  }

  override error(msg: string): void {
    if (this.enabled) this.emit({ k: Kind.Error, s: msg });
  }

  override integer(n: number | bigint): void {
    if (this.enabled) this.emit(n);
  }

  override bulk(s: string): void {
    if (this.enabled) this.emit(s);
  }

  override bulkOrNil(s: string | null | undefined): void {
    if (s === null || s === undefined) this.nil();
    else this.bulk(s);
  }

  override nil(): void {
    if (this.enabled) this.emit(this.resp === 2 ? null : RESP3_NULL);
  }

  override nilArray(): void {
    if (this.enabled) this.emit(this.resp === 2 ? null : RESP3_NULL);
  }

  override array(n: number): void {
    if (this.enabled) this.open(Kind.Array, n);
  }

  override map(n: number): void {
    if (!this.enabled) return;
    if (this.resp === 2) this.open(Kind.Array, n * 2);
    else this.open(Kind.Map, n * 2);
  }

  override set(n: number): void {
    if (!this.enabled) return;
    this.open(this.resp === 2 ? Kind.Array : Kind.Set, n);
  }

  override push(n: number): void {
    if (this.enabled) this.open(Kind.Array, n);
  }

  override double(d: number): void {
    if (!this.enabled) return;
    if (this.resp === 2) this.emit(formatDouble17g(d));
    else this.emit({ k: Kind.Double, d });
  }

  override bool(b: boolean): void {
    if (!this.enabled) return;
    if (this.resp === 2) this.emit(b ? 1 : 0);
    else this.emit({ k: Kind.Bool, b });
  }

  override verbatim(s: string, format = 'txt'): void {
    if (!this.enabled) return;
    if (this.resp === 2) this.emit(s);
    else this.emit({ k: Kind.Verbatim, s, f: format });
  }

  override bulkArray(items: readonly string[]): void {
    if (!this.enabled) return;
    this.open(Kind.Array, items.length);
    for (let i = 0; i < items.length; i++) this.emit(items[i]);
  }

  override flush(): number {
    return 0;
  }

  /** Parses raw RESP text into values; an incomplete tail waits for the next call. */
  private parseRaw(s: string): void {
    let i = 0;
    const n = s.length;
    while (i < n) {
      const eol = s.indexOf('\r\n', i);
      if (eol < 0) break;
      const type = s[i];
      const line = s.slice(i + 1, eol);
      let next = eol + 2;
      switch (type) {
        case '+': this.emit({ k: Kind.Status, s: line }); break;
        case '-': this.emit({ k: Kind.Error, s: line }); break;
        case ':': {
          const v = Number(line);
          this.emit(Number.isSafeInteger(v) ? v : BigInt(line));
          break;
        }
        case '$': {
          const len = Number(line);
          if (len < 0) { this.emit(null); break; }
          if (next + len + 2 > n) { this.pendingRaw = s.slice(i); return; }
          this.emit(s.slice(next, next + len));
          next += len + 2;
          break;
        }
        case '=': {
          const len = Number(line);
          if (next + len + 2 > n) { this.pendingRaw = s.slice(i); return; }
          const body = s.slice(next, next + len);
          this.emit({ k: Kind.Verbatim, f: body.slice(0, 3), s: body.slice(4) });
          next += len + 2;
          break;
        }
        case '*': case '>': {
          const len = Number(line);
          if (len < 0) this.emit(null);
          else this.open(Kind.Array, len);
          break;
        }
        case '%': this.open(Kind.Map, Number(line) * 2); break;
        case '~': this.open(Kind.Set, Number(line)); break;
        case '_': this.emit(RESP3_NULL); break;
        case '#': this.emit({ k: Kind.Bool, b: line === 't' }); break;
        case ',': this.emit({ k: Kind.Double, d: parseRespDouble(line) }); break;
        case '(': this.emit({ k: Kind.BigNumber, s: line }); break;
        default: break;
      }
      i = next;
    }
    this.pendingRaw = i < n ? s.slice(i) : '';
  }
}

function parseRespDouble(s: string): number {
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  if (s === 'nan' || s === '-nan') return NaN;
  return Number(s);
}
