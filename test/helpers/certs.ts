/**
 * Test certificates made with openssl (never committed): a CA and leaf
 * certificates signed by it, valid for two days.
 */
import { execFileSync } from 'node:child_process';

export function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Creates ca.key/ca.crt in `dir` (once per directory). */
export function makeCa(dir: string): void {
  const ssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  ssl(['genrsa', '-out', 'ca.key', '2048']);
  ssl(['req', '-x509', '-new', '-nodes', '-sha256', '-key', 'ca.key', '-days', '2', '-subj', '/CN=respd test CA', '-out', 'ca.crt']);
}

/** Creates `<name>.key` and `<name>.crt` (subject `subj`, e.g. "/CN=localhost/O=a") signed by the CA in `dir`. */
export function makeLeaf(dir: string, name: string, subj: string): void {
  const ssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  ssl(['genrsa', '-out', `${name}.key`, '2048']);
  ssl(['req', '-new', '-sha256', '-key', `${name}.key`, '-subj', subj, '-out', `${name}.csr`]);
  ssl(['x509', '-req', '-sha256', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', `${name}.crt`]);
}
