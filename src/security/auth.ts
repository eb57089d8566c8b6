/**
 * Password checks for AUTH and HELLO … AUTH. Until full ACL users exist the
 * only user is `default`, protected by `requirepass`. Comparison is
 * constant-time over SHA-256 digests so timing reveals nothing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Server } from '../server/server.js';

export function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'latin1').digest();
}

export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

export interface AuthProvider {
  /** True when the default user needs no password. */
  defaultNoPass(): boolean;
  /** Checks credentials; true on success. */
  authenticate(user: string, pass: string): boolean;
}

export function requirepassAuth(server: Server): AuthProvider {
  return {
    defaultNoPass: () => server.config.str('requirepass') === '',
    authenticate(user, pass) {
      if (user !== 'default') return false;
      const req = server.config.str('requirepass');
      if (req === '') return true;
      return safeEqual(pass, req);
    },
  };
}
