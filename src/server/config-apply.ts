/**
 * What a CONFIG SET of a parameter does to the running server beyond
 * storing the value (most parameters are read where they are used, or
 * pushed by `onChange` hooks next to their users).
 *
 * port and bind: Redis re-listens synchronously and fails the CONFIG SET
 * when the address is taken. Node binds asynchronously, so respd answers
 * OK, re-listens right after, and if that fails logs the error, restores
 * the previous port/bind and listens there again.
 */
import { createSecureContext } from 'node:tls';
import { tlsOptions } from './tls.js';
import type { Server } from './server.js';

export function installConfigApply(server: Server): void {
  const cfg = server.config;
  let good = { port: cfg.num('port'), bind: [...(cfg.get('bind') as string[])] };
  let pending = false;
  const rebind = (): string | null => {
    if (pending) return null;
    pending = true;
    // the port actually listened on now (differs from the setting when it was 0: ephemeral)
    const actualPort = server.listeners.tcpPort;
    queueMicrotask(() => {
      pending = false;
      const port = cfg.num('port');
      const bind = [...(cfg.get('bind') as string[])];
      server.listeners.rebindTcp(port, bind).then(
        () => {
          good = { port, bind };
          server.log.info({ port, bind }, 'listening on the new port/bind addresses');
        },
        (e: Error) => {
          server.log.warn({ err: e.message, port, bind }, 'CONFIG SET port/bind failed to listen: restoring the previous settings');
          cfg.store('port', good.port);
          cfg.store('bind', good.bind);
          server.listeners.rebindTcp(actualPort, good.bind).catch((e2: Error) => {
            server.log.error({ err: e2.message }, 'could not listen again on the previous port/bind addresses');
          });
        },
      );
    });
    return null;
  };
  cfg.onApply(['port', 'bind'], rebind);

  // the replication backlog has a floor of 16kb, which CONFIG GET then shows
  cfg.onApply(['repl-backlog-size'], () => {
    if (cfg.num('repl-backlog-size') < 16384) cfg.store('repl-backlog-size', 16384);
    return null;
  });


  // Like Redis's applyTlsCfg: with TLS in use, the new settings must make a
  // working context, which the TLS listeners then use for new connections
  // (the files are read again even when a path is set to its current value).
  const TLS_FAIL = 'Unable to update TLS configuration. Check server logs.';
  const tlsNames = ['tls-port', 'tls-cluster', 'tls-replication', 'tls-prefer-server-ciphers', 'tls-session-caching', 'tls-session-cache-size',
    'tls-session-cache-timeout', 'tls-cert-file', 'tls-key-file', 'tls-key-file-pass', 'tls-client-cert-file', 'tls-client-key-file',
    'tls-client-key-file-pass', 'tls-dh-params-file', 'tls-ca-cert-file', 'tls-ca-cert-dir', 'tls-protocols', 'tls-ciphers', 'tls-ciphersuites',
    'tls-auth-clients'];
  cfg.onApply(tlsNames, () => {
    if (cfg.num('tls-port') === 0 && !cfg.bool('tls-cluster') && !cfg.bool('tls-replication')) return null;
    try {
      if (server.listeners.tlsListening) server.listeners.reloadTls();
      else createSecureContext(tlsOptions(cfg));
      return null;
    } catch (e) {
      server.log.warn({ err: (e as Error).message }, 'Failed to configure TLS');
      return TLS_FAIL;
    }
  });
}
