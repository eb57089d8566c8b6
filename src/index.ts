/**
 * Embedding API: start a respd server inside a Node process.
 *
 *   import { startServer } from 'respd';
 *   const srv = await startServer({ port: 0 });
 *   // … connect any Redis client to srv.port …
 *   await srv.close();
 */
import { Config } from './config/registry.js';
import { coreParams } from './config/params.js';
import { createServer } from './compose.js';
import { loadConfigText } from './config/file.js';
import { Server } from './server/server.js';

export { Server } from './server/server.js';

export interface StartOptions {
  /** TCP port; 0 (the default here) picks a free one. */
  port?: number;
  /** Address(es) to bind; default loopback only when embedded. */
  bind?: string | string[];
  /** Any other redis.conf directives, e.g. { maxmemory: '100mb', requirepass: 's3cret' }. */
  config?: Record<string, string | number>;
  /** Raw redis.conf text applied last. */
  configText?: string;
  /** Log to stdout (default false when embedded). */
  logs?: boolean;
}

export interface RunningServer {
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const config = new Config(coreParams());
  config.set('port', [String(opts.port ?? 0)]);
  const bind = opts.bind ?? ['127.0.0.1', '-::1'];
  config.set('bind', Array.isArray(bind) ? bind : [bind]);
  config.set('save', ['']);
  for (const [k, v] of Object.entries(opts.config ?? {})) config.set(k, [String(v)]);
  if (opts.configText) loadConfigText(config, opts.configText);
  const server = createServer({ config, silent: !opts.logs });
  await server.start();
  return { port: server.port, server, close: () => server.close() };
}
