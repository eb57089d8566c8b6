/**
 * Typed values. A string value is a latin1 JS string (one char per byte):
 * binary safe and far smaller per key than a Buffer. Every other type is an
 * object carrying its `type` tag and its own compact encoding.
 */
import { isHll } from './hll.js';

export type ValueType = 'string' | 'list' | 'hash' | 'set' | 'zset' | 'stream';

export interface RObject {
  readonly type: Exclude<ValueType, 'string'>;
  /** Reported by OBJECT ENCODING. */
  encoding(): string;
  /** An independent copy with the same encoding (COPY); a structural clone is used when absent. */
  dup?(): RObject;
}

export type Value = string | RObject;

export function typeOf(v: Value): ValueType {
  return typeof v === 'string' ? 'string' : v.type;
}

/**
 * OBJECT ENCODING of a string: int when it reads back as a 64-bit integer,
 * embstr up to 44 bytes, else raw. HyperLogLogs are raw at any length:
 * Redis creates them as raw strings and PFADD unshares them into raw ones.
 */
export function stringEncoding(s: string): string {
  if (s.length <= 20 && isIntegerString(s)) return 'int';
  return s.length <= 44 && !isHll(s) ? 'embstr' : 'raw';
}

function isIntegerString(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  let i = 0;
  if (s.charCodeAt(0) === 45) { if (n === 1) return false; i = 1; }
  if (s.charCodeAt(i) === 48) return n === 1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  if (n >= 19) {
    try {
      const b = BigInt(s);
      return b <= 9223372036854775807n && b >= -9223372036854775808n;
    } catch {
      return false;
    }
  }
  return true;
}
