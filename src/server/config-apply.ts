/**
 * What a CONFIG SET of a parameter does to the running server beyond
 * storing the value (most parameters are read where they are used, or
 * pushed by `onChange` hooks next to their users).
 *
 * port and bind: Redis re-listens synchronously and fails the CONFIG SET
 * when the address is taken. Node binds asynchronously, so respd first
 * probes the addresses synchronously (listen-probe.ts) and fails the same
 * way; then it answers OK and re-listens right after, and if that still
 * fails logs the error, restores the previous port/bind and listens there
 * again.
 */
import { createSecureContext } from 'node:tls';
import { tlsOptions } from './tls.js';
import type { Server } from './server.js';
import * as E from '../errors.js';

export function installConfigApply(server: Server): void {
  const cfg = server.config;
  let good = { port: cfg.num('port'), bind: [...(cfg.get('bind') as string[])] };
  let pending = false;
  /** The port and addresses the settings ask for; port 0 kept from startup (tests) keeps the ephemeral port. */
  const target = () => {
    const setting = cfg.num('port');
    const port = setting !== 0 ? setting : good.port === 0 ? server.listeners.tcpPort : 0;
    return { setting, port, bind: [...(cfg.get('bind') as string[])] };
  };
  const rebind = (): string | null => {
    if (pending) return null;
    const { port, bind } = target();
    // the port actually listened on now (differs from the setting when it was 0: ephemeral)
    const actualPort = server.listeners.tcpPort;
    if (port === actualPort && bind.join(' ') === good.bind.join(' ')) return null; // nothing changes (e.g. a rollback)
    // Fail now, as Redis does, when the new addresses cannot be listened on (CONFIG SET rolls back).
    const failed = server.listeners.probeTcp(port);
    if (failed !== null) return port !== actualPort ? E.CONFIG_PORT_UNAVAILABLE : E.CONFIG_BIND_FAILED;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      // read again: a later parameter of the same CONFIG SET may have rolled this one back
      const now = target();
      if (now.port === actualPort && now.bind.join(' ') === good.bind.join(' ')) return;
      server.listeners.rebindTcp(now.port, now.bind).then(
        () => {
          good = { port: now.setting, bind: now.bind };
          server.log.info({ port: now.port, bind: now.bind }, 'listening on the new port/bind addresses');
        },
        (e: Error) => {
          server.log.warn({ err: e.message, port: now.port, bind: now.bind }, 'CONFIG SET port/bind failed to listen: restoring the previous settings');
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
