/**
 * Composition: builds a Server and plugs every feature and command family
 * into it. Only the entry points (index.ts, cli.ts) import this module, so
 * the layers below never import the floors above them: the server core
 * knows its hooks, not who fills them.
 */
import { Server, type ServerOptions } from './server/server.js';
import { registerAllCommands } from './commands/index.js';
import { installAcl } from './security/acl-manager.js';
import { applyFdLimit } from './server/admission.js';
import { installPubsub } from './server/pubsub.js';
import { installMulti } from './server/multi.js';
import { installNotifications } from './server/notifications.js';
import { installTracking } from './server/tracking.js';
import { installObservability } from './observability/observer.js';
import { installEviction } from './memory/eviction.js';
import { installConfigApply } from './server/config-apply.js';
import { installLazyEngine } from './scripting/lazy.js';
import { installScriptCommandFlags } from './commands/scripting.js';
import { installDeletionPropagation } from './server/propagate-deletions.js';
import { installAof } from './persistence/aof/install.js';
import { installRdb } from './persistence/rdb-service.js';
import { installTlsReload } from './security/tls-reload.js';

/** A server with every command family and feature installed, not yet listening. */
export function createServer(opts: ServerOptions = {}): Server {
  const server = new Server(opts);
  registerAllCommands(server);
  // Order matters where features wrap each other's hooks (observability wraps afterCall).
  installAcl(server);
  applyFdLimit(server);
  installPubsub(server);
  installMulti(server);
  installNotifications(server);
  installTracking(server);
  installObservability(server);
  installEviction(server);
  installConfigApply(server);
  // Gates the scripting commands until the Lua engine is loaded on first need.
  installLazyEngine(server);
  // EVAL/FCALL take the flags their script declares (CLIENT PAUSE WRITE lets no-writes scripts through).
  installScriptCommandFlags(server);
  installDeletionPropagation(server);
  installAof(server);
  installTlsReload(server);
  // prom-client and http cost ~8 MB of RSS: loaded only when the endpoint is configured.
  server.listeningHooks.push(async () => {
    if (server.config.num('metrics-port') !== 0) await (await import('./observability/metrics.js')).startMetrics(server);
  });
  // loads the dataset once listening, so clients connecting meanwhile get -LOADING
  installRdb(server);
  return server;
}
