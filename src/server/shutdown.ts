/**
 * Graceful shutdown (SIGTERM, SIGINT, SHUTDOWN): once the listeners stop
 * accepting, connected clients are still served for a short while so that
 * every request already on its way gets its reply, then each connection is
 * half-closed after its last reply is written, and finally anything still
 * open is destroyed. Every phase is bounded, so the process exits within
 * about drainMs + closeMs even with clients that keep sending.
 *
 * "Already on its way" cannot be known exactly: the drain phase ends when
 * no client has sent anything for `idleMs` (the usual case: all replies
 * out in a few ms), or after `drainMs` when clients keep sending. Requests
 * that arrive after that are not executed, as with Redis.
 */
import type { Server } from './server.js';
import type { Client } from './client.js';

export interface DrainOptions {
  /** Longest time clients are still served after listeners close. */
  drainMs: number;
  /** Input silence across all clients that ends the drain early. */
  idleMs: number;
  /** Longest wait for peers to close after their connection is ended. */
  closeMs: number;
}

export const DEFAULT_DRAIN: DrainOptions = { drainMs: 700, idleMs: 50, closeMs: 400 };
const DRAIN_CHECK_MS = 10;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

/** Serves in-flight requests, then ends every connection after its replies. */
export async function drainClients(server: Server, opts: DrainOptions = DEFAULT_DRAIN): Promise<void> {
  const start = Date.now();
  // Quiet = no input bytes across several consecutive checks. Counting checks rather than
  // comparing clocks matters on a loaded host: after the process was descheduled, timers run
  // before the socket reads in the same loop turn, so wall-clock silence would be misread.
  const needQuiet = Math.max(1, Math.ceil(opts.idleMs / DRAIN_CHECK_MS));
  let quiet = 0;
  let bytes = server.stats.netInputBytes;
  while (server.clients.size !== 0 && quiet < needQuiet && Date.now() - start < opts.drainMs) {
    await sleep(DRAIN_CHECK_MS);
    const now = server.stats.netInputBytes;
    quiet = now === bytes ? quiet + 1 : 0;
    bytes = now;
  }
  const ending: Promise<void>[] = [];
  const clients = [...server.clients.values()];
  for (const c of clients) ending.push(endClient(server, c));
  await Promise.race([Promise.all(ending), sleep(opts.closeMs)]);
  for (const c of clients) c.socket.destroy();
}

/** Writes the client's pending replies and half-closes; resolves when the socket is gone. */
function endClient(server: Server, c: Client): Promise<void> {
  c.flush();
  c.closed = true; // no further commands are executed
  server.onClientClosed(c);
  const s = c.socket;
  if (s.destroyed) return Promise.resolve();
  return new Promise<void>((resolve) => {
    s.once('close', () => resolve());
    // Keep reading (and discarding) until the peer closes: closing with unread
    // input would reset the connection and could destroy replies in flight.
    s.removeAllListeners('data');
    s.on('data', () => {});
    s.end();
  });
}
