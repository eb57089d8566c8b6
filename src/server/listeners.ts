/**
 * Listening sockets: every `bind` address on `port` (a leading `-` means
 * "skip if unavailable", `*` all IPv4, `::*` all IPv6), plus the optional
 * unix socket. Port 0 picks an ephemeral port once and reuses it for the
 * other addresses, which is what embedding and tests want.
 */
import net from 'node:net';
import { chmodSync, unlinkSync } from 'node:fs';
import type { Server } from './server.js';

export class Listeners {
  private servers: net.Server[] = [];
  tcpPort = 0;

  constructor(private readonly server: Server) {}

  async listenAll(): Promise<void> {
    const cfg = this.server.config;
    await this.listenTcpAll(cfg.num('port'), cfg.get('bind') as string[]);
    const unix = cfg.str('unixsocket');
    if (unix !== '') await this.listenUnix(unix, cfg.num('unixsocketperm'));
  }

  /**
   * CONFIG SET port/bind: closes the TCP listeners (existing connections
   * stay) and listens on `port` at `binds`; port 0 means no TCP listener,
   * as in Redis. Rejects when an address cannot be bound.
   */
  async rebindTcp(port: number, binds: string[]): Promise<void> {
    const old = this.servers.filter((s) => typeof s.address() !== 'string');
    this.servers = this.servers.filter((s) => !old.includes(s));
    await Promise.all(old.map((s) => new Promise<void>((r) => s.close(() => r()))));
    if (port === 0) return;
    try {
      await this.listenTcpAll(port, binds);
    } catch (e) {
      const opened = this.servers.filter((s) => typeof s.address() !== 'string');
      this.servers = this.servers.filter((s) => !opened.includes(s));
      await Promise.all(opened.map((s) => new Promise<void>((r) => s.close(() => r()))));
      throw e;
    }
  }

  private async listenTcpAll(port: number, binds: string[]): Promise<void> {
    this.tcpPort = port;
    for (const raw of binds) {
      const optional = raw.startsWith('-');
      const addr = raw.replace(/^-/, '');
      const host = addr === '*' ? '0.0.0.0' : addr === '::*' ? '::' : addr;
      try {
        await this.listenTcp(host, this.tcpPort, host === '::');
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (optional && (err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT' || err.code === 'EINVAL')) {
          this.server.log.debug({ addr: raw }, 'skipping optional bind address');
          continue;
        }
        throw new Error(`Could not create server TCP listening socket ${addr}:${this.tcpPort}: ${err.message}`);
      }
    }
  }

  private listenTcp(host: string, port: number, ipv6Only: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const srv = net.createServer({ noDelay: true, pauseOnConnect: false }, (s) => this.server.accept(s));
      srv.once('error', reject);
      srv.listen({ host, port, ipv6Only, backlog: this.server.config.num('tcp-backlog') }, () => {
        srv.off('error', reject);
        srv.on('error', (e) => this.server.log.error({ err: e }, 'listener error'));
        const a = srv.address();
        if (a && typeof a === 'object') this.tcpPort = a.port;
        this.servers.push(srv);
        this.server.log.info({ addr: host, port: this.tcpPort }, 'Ready to accept connections tcp');
        resolve();
      });
    });
  }

  private listenUnix(path: string, perm: number): Promise<void> {
    try { unlinkSync(path); } catch { /* not there */ }
    return new Promise((resolve, reject) => {
      const srv = net.createServer((s) => this.server.accept(s, true));
      srv.once('error', reject);
      srv.listen(path, () => {
        srv.off('error', reject);
        if (perm) chmodSync(path, perm);
        this.servers.push(srv);
        this.server.log.info({ path }, 'Ready to accept connections unix');
        resolve();
      });
    });
  }

  async closeAll(): Promise<void> {
    const all = this.servers;
    this.servers = [];
    await Promise.all(all.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}
