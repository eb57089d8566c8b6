/**
 * Who may connect: the maxclients limit (bounded by the process's open-file
 * limit, as Redis's adjustOpenFilesLimit does) and protected mode, which
 * refuses non-loopback TCP clients while the default user has no password.
 */
import { readFileSync } from 'node:fs';
import type net from 'node:net';
import type tls from 'node:tls';
import type { Server } from './server.js';
import * as E from '../errors.js';

export const MAX_CLIENTS_REACHED = `-${E.MAX_CLIENTS}\r\n`;

export const PROTECTED_MODE_DENIED = `-${E.PROTECTED_MODE}\r\n`;

/** File descriptors Redis keeps for itself beyond the clients (CONFIG_MIN_RESERVED_FDS). */
const RESERVED_FDS = 32;

/** The reply that refuses a new connection, or null to accept it. */
export function admissionError(server: Server, socket: net.Socket, unix: boolean): string | null {
  if (server.clients.size >= server.config.num('maxclients')) {
    server.stats.rejectedConnections++;
    return MAX_CLIENTS_REACHED;
  }
  const tsock = socket as tls.TLSSocket;
  if (tsock.encrypted && server.config.str('tls-auth-clients') === 'optional' && !tsock.authorized) {
    const peer = tsock.getPeerCertificate();
    if (peer !== null && Object.keys(peer).length !== 0) return '';
  }
  if (!unix && server.config.bool('protected-mode') && server.auth.defaultNoPass()) {
    let ip = socket.remoteAddress ?? '';
    if (ip.startsWith('::ffff:')) ip = ip.slice(7);
    if (ip !== '127.0.0.1' && ip !== '::1') {
      server.log.debug({ addr: ip }, 'connection refused by protected mode');
      return PROTECTED_MODE_DENIED;
    }
  }
  return null;
}

/** Soft RLIMIT_NOFILE of this process, from /proc (null when unknown). */
export function openFilesLimit(): number | null {
  try {
    const text = readFileSync('/proc/self/limits', 'latin1');
    const line = text.split('\n').find((l) => l.startsWith('Max open files'));
    if (line === undefined) return null;
    const soft = line.slice('Max open files'.length).trim().split(/\s+/)[0];
    return soft === 'unlimited' ? null : parseInt(soft, 10);
  } catch {
    return null;
  }
}

/**
 * Node cannot raise RLIMIT_NOFILE, so when maxclients + 32 does not fit the
 * limit, maxclients is lowered with Redis's log lines.
 */
export function applyFdLimit(server: Server): void {
  const limit = openFilesLimit();
  if (limit === null) return;
  const maxclients = server.config.num('maxclients');
  const need = maxclients + RESERVED_FDS;
  if (limit >= need) return;
  const reduced = Math.max(1, limit - RESERVED_FDS);
  server.log.warn(`You requested maxclients of ${maxclients} requiring at least ${need} max file descriptors.`);
  server.log.warn(`Server can't set maximum open files to ${need} because of OS error: Operation not permitted.`);
  server.log.warn(`Current maximum open files is ${limit}. maxclients has been reduced to ${reduced} to compensate for low ulimit. If you need higher maxclients increase 'ulimit -n'.`);
  server.config.assign('maxclients', reduced);
}
