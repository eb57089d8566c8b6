/**
 * node:tls server options from Redis's tls-* directives. Files are read when
 * a TLS listener is (re)created, so a rebind picks up renewed certificates.
 */
import type { TlsOptions, SecureVersion } from 'node:tls';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/registry.js';

const VERSIONS: SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export function tlsOptions(cfg: Config): TlsOptions {
  const certFile = cfg.str('tls-cert-file');
  const keyFile = cfg.str('tls-key-file');
  if (certFile === '' || keyFile === '') throw new Error('Failed to configure TLS: tls-cert-file and tls-key-file are required');
  const opts: TlsOptions = {
    cert: readFileSync(certFile),
    key: readFileSync(keyFile),
  };
  const pass = cfg.str('tls-key-file-pass');
  if (pass !== '') opts.passphrase = pass;
  const ca: Buffer[] = [];
  const caFile = cfg.str('tls-ca-cert-file');
  if (caFile !== '') ca.push(readFileSync(caFile));
  const caDir = cfg.str('tls-ca-cert-dir');
  if (caDir !== '') {
    for (const f of readdirSync(caDir)) {
      try { ca.push(readFileSync(join(caDir, f))); } catch { /* not a file */ }
    }
  }
  if (ca.length !== 0) opts.ca = ca;
  const auth = cfg.str('tls-auth-clients');
  opts.requestCert = auth !== 'no';
  // "optional": a certificate is not required, but one that is sent must verify (checked on connect).
  opts.rejectUnauthorized = auth === 'yes';
  const protocols = cfg.str('tls-protocols').split(/\s+/).filter((p) => p !== '');
  if (protocols.length !== 0) {
    const idx = protocols.map((p) => VERSIONS.findIndex((v) => v.toLowerCase() === p.toLowerCase())).filter((i) => i >= 0);
    if (idx.length === 0) throw new Error(`Failed to configure TLS: invalid tls-protocols '${cfg.str('tls-protocols')}'`);
    opts.minVersion = VERSIONS[Math.min(...idx)];
    opts.maxVersion = VERSIONS[Math.max(...idx)];
  }
  const ciphers = [cfg.str('tls-ciphersuites'), cfg.str('tls-ciphers')].filter((s) => s !== '').join(':');
  if (ciphers !== '') opts.ciphers = ciphers;
  opts.honorCipherOrder = cfg.bool('tls-prefer-server-ciphers');
  return opts;
}
