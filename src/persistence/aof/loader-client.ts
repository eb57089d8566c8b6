/**
 * The client AOF commands are replayed on (Redis's fake client with
 * CLIENT_ID_AOF): authenticated, never blocks, its replies dropped.
 */
import type { Socket } from 'node:net';
import { Client } from '../../server/client.js';
import type { Server } from '../../server/server.js';

export function newLoaderClient(server: Server): Client {
  const socket = { remoteAddress: undefined, remotePort: undefined, localAddress: undefined, localPort: undefined } as unknown as Socket;
  const c = new Client(server, socket);
  c.authenticated = true;
  c.denyBlocking = true;
  c.parser.authRequired = false;
  c.w.enabled = false;
  return c;
}
