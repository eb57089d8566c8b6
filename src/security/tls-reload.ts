/**
 * Certificate rotation without a restart: the files named by tls-cert-file,
 * tls-key-file and tls-ca-cert-file are polled (stat once a second; a
 * rename or symlink swap, as cert-manager and certbot do, is seen too) and
 * when one changes the TLS listeners take a context built from the new
 * files; established connections keep theirs. A half-finished rotation
 * (new certificate, old key) does not make a working context: it is logged
 * and the previous context stays until the next change completes it.
 * CONFIG SET tls-* (even to the same path, as Redis re-reads the files then)
 * reloads through the same Listeners.reloadTls, from config-apply.ts.
 */
import { watchFile, unwatchFile, type Stats } from 'node:fs';
import type { Server } from '../server/server.js';

const WATCHED = ['tls-cert-file', 'tls-key-file', 'tls-ca-cert-file'];
const POLL_MS = 1000;
/** Quiet time after the last change before reloading: a rotation writes several files. */
const SETTLE_MS = 200;

export function installTlsReload(server: Server): void {
  const cfg = server.config;
  let watched: string[] = [];
  let timer: NodeJS.Timeout | null = null;

  const onChange = (cur: Stats, prev: Stats): void => {
    if (cur.mtimeMs === prev.mtimeMs && cur.ino === prev.ino && cur.size === prev.size) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(reload, SETTLE_MS);
    timer.unref();
  };

  const reload = (): void => {
    timer = null;
    if (server.shuttingDown || !server.listeners.tlsListening) return;
    try {
      server.listeners.reloadTls();
      server.log.info('TLS certificates reloaded after a change on disk');
    } catch (e) {
      server.log.warn({ err: (e as Error).message }, 'TLS files changed but do not make a working configuration: keeping the previous one');
    }
  };

  const rewatch = (): void => {
    for (const f of watched) unwatchFile(f, onChange);
    watched = WATCHED.map((n) => cfg.str(n)).filter((f, i, all) => f !== '' && all.indexOf(f) === i);
    for (const f of watched) watchFile(f, { interval: POLL_MS, persistent: false }, onChange);
  };

  rewatch();
  for (const n of WATCHED) cfg.onChange(n, rewatch);
  server.shutdownHooks.push(() => {
    if (timer !== null) clearTimeout(timer);
    for (const f of watched) unwatchFile(f, onChange);
    watched = [];
  });
}
