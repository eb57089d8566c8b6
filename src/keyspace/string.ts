/**
 * String values are latin1 JS strings (one char per byte). These helpers
 * edit them the way Redis edits an sds in place — but by building a new
 * string from slices, which V8 represents cheaply (sliced and cons strings)
 * and flattens once on the next read.
 */
import { constants } from 'node:buffer';

/** V8's longest string (2^29 - 24 on 64-bit): slightly under Redis's 512MB default limit. */
export const MAX_STRING_LENGTH = constants.MAX_STRING_LENGTH;

const ZEROS_CHUNK = '\0'.repeat(4096);

/** n NUL bytes. */
export function zeros(n: number): string {
  if (n <= 0) return '';
  if (n <= ZEROS_CHUNK.length) return ZEROS_CHUNK.slice(0, n);
  return '\0'.repeat(n);
}

/** `s` with `v` written at byte `offset`, NUL-padded when the offset is past the end (SETRANGE). */
export function writeAt(s: string, offset: number, v: string): string {
  const len = s.length;
  const end = offset + v.length;
  if (offset >= len) return s + zeros(offset - len) + v;
  if (end >= len) return s.slice(0, offset) + v;
  return s.slice(0, offset) + v + s.slice(end);
}

/** `s` with byte `index` replaced by `byte` (0-255), padding with NULs if needed. */
export function writeByte(s: string, index: number, byte: number): string {
  const ch = String.fromCharCode(byte);
  const len = s.length;
  if (index >= len) return s + zeros(index - len) + ch;
  return s.slice(0, index) + ch + s.slice(index + 1);
}
