/**
 * Password helpers for AUTH and HELLO … AUTH. Passwords are stored as
 * SHA-256 hex digests (as Redis does); comparison is constant-time over the
 * digests so timing reveals nothing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'latin1').digest();
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'latin1').digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** Constant-time equality of two 64-char hex digests. */
export function safeHexEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));
}
