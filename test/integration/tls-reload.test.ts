/**
 * Certificate rotation without a restart: when the certificate files change
 * on disk (or CONFIG SET tls-cert-file names a file, even the same one),
 * new TLS connections get the new certificate while established connections
 * keep working; a half-written rotation (certificate and key not matching)
 * keeps the previous certificate.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, copyFileSync, renameSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { startRespd, freePort } from '../helpers/servers.js';
import { haveOpenssl, makeCa, makeLeaf } from '../helpers/certs.js';
import type { RunningServer } from '../../src/index.js';

const d = haveOpenssl() ? describe : describe.skip;

/** A TLS connection that verifies the server against the test CA. */
function connect(port: number, ca: Buffer): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Sends PING on `s` and waits for the reply. */
function ping(s: tls.TLSSocket): Promise<string> {
  return new Promise((resolve, reject) => {
    s.once('data', (b: Buffer) => resolve(b.toString('latin1')));
    s.once('error', reject);
    s.write('*1\r\n$4\r\nPING\r\n');
  });
}

/** The O= of the certificate a new connection is served. */
async function servedOrg(port: number, ca: Buffer): Promise<string> {
  const s = await connect(port, ca);
  const org = String(s.getPeerCertificate().subject.O);
  s.destroy();
  return org;
}

async function until(cond: () => Promise<boolean>, ms = 15000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

d('TLS certificate rotation', () => {
  let dir: string;
  let srv: RunningServer;
  let port: number;
  let ca: Buffer;
  const f = (n: string) => join(dir, n);
  /** Installs `name`'s key and certificate as the server files, each by an atomic rename. */
  const install = (certOf: string, keyOf: string) => {
    copyFileSync(f(`${keyOf}.key`), f('tmp.key'));
    renameSync(f('tmp.key'), f('server.key'));
    copyFileSync(f(`${certOf}.crt`), f('tmp.crt'));
    renameSync(f('tmp.crt'), f('server.crt'));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'respd-tlsrot-'));
    makeCa(dir);
    for (const name of ['a', 'b', 'c', 'd']) makeLeaf(dir, name, `/CN=localhost/O=${name}`);
    ca = readFileSync(f('ca.crt'));
    install('a', 'a');
    port = await freePort();
    srv = await startRespd({ port: 0, 'tls-port': port, 'tls-cert-file': f('server.crt'), 'tls-key-file': f('server.key'), 'tls-auth-clients': 'no' });
  }, 60000);

  afterAll(async () => {
    await srv?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('files rewritten on disk: new connections get the new certificate, established ones stay up', async () => {
    const old = await connect(port, ca);
    expect(String(old.getPeerCertificate().subject.O)).toBe('a');
    expect(await ping(old)).toBe('+PONG\r\n');
    install('b', 'b');
    await until(async () => (await servedOrg(port, ca)) === 'b');
    expect(await ping(old)).toBe('+PONG\r\n');
    old.destroy();
  }, 30000);

  it('a certificate whose key does not match keeps the previous certificate', async () => {
    install('c', 'b'); // half a rotation: c's certificate, b's key
    // two poll periods plus the settle time: the change has been seen and refused
    await new Promise((r) => setTimeout(r, 2500));
    expect(await servedOrg(port, ca)).toBe('b');
    install('c', 'c'); // the rotation completes
    await until(async () => (await servedOrg(port, ca)) === 'c');
  }, 30000);

  it('CONFIG SET tls-cert-file reloads at once, the same path included', async () => {
    const plain = await connect(port, ca);
    const cmd = (...argv: string[]) =>
      new Promise<string>((resolve) => {
        plain.once('data', (b: Buffer) => resolve(b.toString('latin1')));
        plain.write(`*${argv.length}\r\n` + argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join(''));
      });
    install('d', 'd');
    expect(await cmd('CONFIG', 'SET', 'tls-cert-file', f('server.crt'), 'tls-key-file', f('server.key'))).toBe('+OK\r\n');
    expect(await servedOrg(port, ca)).toBe('d');
    // a key that does not match is refused and changes nothing
    expect(await cmd('CONFIG', 'SET', 'tls-key-file', f('a.key'))).toBe("-ERR CONFIG SET failed (possibly related to argument 'tls-key-file') - Unable to update TLS configuration. Check server logs.\r\n");
    expect(await servedOrg(port, ca)).toBe('d');
    expect(await ping(plain)).toBe('+PONG\r\n');
    plain.destroy();
  }, 30000);
});
