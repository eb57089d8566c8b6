/**
 * Listening sockets: every `bind` address on `port` (a leading `-` means
 * "skip if unavailable", `*` all IPv4, `::*` all IPv6), the same addresses
 * on `tls-port` with TLS, plus the optional unix socket. Port 0 picks an
 * ephemeral port once and reuses it for the other addresses, which is what
 * embedding and tests want. `port 0` with a tls-port set means TLS only
 * when the server runs from redis.conf (see `tlsOnly`).
 */
import net from 'node:net';
import tls, { createSecureContext } from 'node:tls';
import { chmodSync, unlinkSync, readFileSync } from 'node:fs';
import type { Server } from './server.js';
import { tlsOptions } from './tls.js';
import { probeListen } from './listen-probe.js';

export class Listeners {
  private tcp: net.Server[] = [];
  private tlsServers: tls.Server[] = [];
  private unix: net.Server[] = [];
  tcpPort = 0;
  tlsPort = 0;
  /** Set by the CLI: `port 0` means "no plain TCP listener" as in redis-server. */
  tlsOnly = false;

  constructor(private readonly server: Server) {
    // port and bind are re-listened by config/apply.ts (with rollback); tls-port here
    server.config.onChange('tls-port', () => { void this.rebind(); });
  }

  async listenAll(): Promise<void> {
    this.warnBacklog();
    await this.listenTcpAll();
    const unix = this.server.config.str('unixsocket');
    if (unix !== '') await this.listenUnix(unix, this.server.config.num('unixsocketperm'));
  }

  /**
   * CONFIG SET port/bind: the error code that listening on `port` at the
   * configured bind addresses would meet, or null. On the port already in
   * use by us only addresses that do not exist can be told (our own
   * listeners hold the port until the real re-listen).
   */
  probeTcp(port: number): string | null {
    if (port === 0) return null;
    const ours = port === this.tcpPort && this.tcp.length !== 0;
    return probeListen(port, this.binds()).find((code) => !(ours && code === 'EADDRINUSE')) ?? null;
  }

  private binds(): { host: string; optional: boolean; raw: string }[] {
    const binds = this.server.config.get('bind') as string[];
    return binds.map((raw) => {
      const optional = raw.startsWith('-');
      const addr = optional ? raw.slice(1) : raw;
      return { host: addr === '*' ? '0.0.0.0' : addr === '::*' ? '::' : addr, optional, raw };
    });
  }

  private async listenTcpAll(): Promise<void> {
    const cfg = this.server.config;
    const port = cfg.num('port');
    const tlsPort = cfg.num('tls-port');
    if (!(this.tlsOnly && port === 0)) {
      this.tcpPort = port;
      await this.listenEach(false);
    }
    if (tlsPort !== 0) {
      this.tlsPort = tlsPort;
      await this.listenEach(true);
    }
  }

  private async listenEach(secure: boolean): Promise<void> {
    for (const b of this.binds()) {
      try {
        await this.listenTcp(b.host, secure);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (b.optional && (err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT' || err.code === 'EINVAL')) {
          this.server.log.debug({ addr: b.raw }, 'skipping optional bind address');
          continue;
        }
        const port = secure ? this.tlsPort : this.tcpPort;
        throw new Error(`Could not create server TCP listening socket ${b.host === '0.0.0.0' ? '*' : b.host}:${port}: ${err.message}`);
      }
    }
  }

  private listenTcp(host: string, secure: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const srv = secure
        ? tls.createServer(tlsOptions(this.server.config), (s) => this.server.accept(s))
        : net.createServer({ noDelay: true, pauseOnConnect: true }, (s) => this.server.accept(s));
      if (secure) {
        // A plain-text client or a failed handshake only costs that socket.
        srv.on('tlsClientError', (err, sock) => {
          this.server.log.debug({ err: err.message, addr: sock.remoteAddress }, 'Error accepting a client connection (TLS)');
          sock.destroy();
        });
      }
      srv.once('error', reject);
      const port = secure ? this.tlsPort : this.tcpPort;
      srv.listen({ host, port, ipv6Only: host === '::', backlog: this.server.config.num('tcp-backlog') }, () => {
        srv.off('error', reject);
        srv.on('error', (e) => this.server.log.error({ err: e }, 'listener error'));
        const a = srv.address();
        if (a && typeof a === 'object') {
          if (secure) this.tlsPort = a.port;
          else this.tcpPort = a.port;
        }
        if (secure) this.tlsServers.push(srv as tls.Server);
        else this.tcp.push(srv);
        this.server.log.info({ addr: host, port: a && typeof a === 'object' ? a.port : port, tls: secure }, 'Ready to accept connections ' + (secure ? 'tls' : 'tcp'));
        resolve();
      });
    });
  }

  private listenUnix(path: string, perm: number): Promise<void> {
    try { unlinkSync(path); } catch { /* not there */ }
    return new Promise((resolve, reject) => {
      const srv = net.createServer({ pauseOnConnect: true }, (s) => this.server.accept(s, true));
      srv.once('error', reject);
      srv.listen(path, () => {
        srv.off('error', reject);
        if (perm) chmodSync(path, perm);
        this.unix.push(srv);
        this.server.log.info({ path }, 'Ready to accept connections unix');
        resolve();
      });
    });
  }

  /**
   * New TLS settings (CONFIG SET tls-*, or certificate files rewritten on
   * disk): every TLS listener takes a context built from the files as they
   * are now, for connections accepted from now on; established connections
   * keep theirs, as with Redis's tlsConfigure. Throws, changing nothing,
   * when the files do not make a working context (e.g. a certificate whose
   * key is not written yet).
   */
  reloadTls(): void {
    if (this.tlsServers.length === 0) return;
    const opts = tlsOptions(this.server.config);
    createSecureContext(opts); // validate before touching any listener
    for (const srv of this.tlsServers) {
      srv.setSecureContext(opts);
      // not part of the secure context: read from the server per accepted socket
      const s = srv as unknown as { requestCert: boolean; rejectUnauthorized: boolean };
      s.requestCert = opts.requestCert ?? false;
      s.rejectUnauthorized = opts.rejectUnauthorized ?? false;
    }
  }

  get tlsListening(): boolean {
    return this.tlsServers.length !== 0;
  }

  /**
   * CONFIG SET bind / port / tls-port: close the TCP listeners and open the
   * new set. Existing connections stay. On failure the error is logged and
   * the server keeps whatever could be bound.
   */
  async rebind(): Promise<void> {
    if (this.server.shuttingDown || this.tcp.length + this.tlsServers.length === 0) return;
    const old = [...this.tcp, ...this.tlsServers];
    this.tcp = [];
    this.tlsServers = [];
    await Promise.all(old.map((s) => new Promise<void>((r) => s.close(() => r()))));
    try {
      await this.listenTcpAll();
    } catch (e) {
      this.server.log.warn({ err: (e as Error).message }, 'Failed to bind to specified addresses.');
    }
  }

  /**
   * CONFIG SET port/bind: closes the plain TCP listeners (connections stay)
   * and listens on `port` at the configured bind addresses; port 0 means no
   * plain listener, as in Redis. Rejects when an address cannot be bound,
   * after closing whatever it did open, so the caller can roll back.
   */
  async rebindTcp(port: number, _binds: string[]): Promise<void> {
    const old = this.tcp;
    this.tcp = [];
    await Promise.all(old.map((s) => new Promise<void>((r) => s.close(() => r()))));
    if (port === 0) return;
    this.tcpPort = port;
    try {
      await this.listenEach(false);
    } catch (e) {
      const opened = this.tcp;
      this.tcp = [];
      await Promise.all(opened.map((s) => new Promise<void>((r) => s.close(() => r()))));
      throw e;
    }
  }

  /** Redis warns when tcp-backlog exceeds the kernel's somaxconn. */
  private warnBacklog(): void {
    const backlog = this.server.config.num('tcp-backlog');
    try {
      const somaxconn = parseInt(readFileSync('/proc/sys/net/core/somaxconn', 'latin1'), 10);
      if (somaxconn > 0 && somaxconn < backlog) {
        this.server.log.warn(`WARNING: The TCP backlog setting of ${backlog} cannot be enforced because /proc/sys/net/core/somaxconn is set to the lower value of ${somaxconn}.`);
      }
    } catch { /* not Linux */ }
  }

  async closeAll(): Promise<void> {
    const all = [...this.tcp, ...this.tlsServers, ...this.unix];
    this.tcp = [];
    this.tlsServers = [];
    this.unix = [];
    await Promise.all(all.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}
