/**
 * Whether TCP addresses can be listened on, answered synchronously.
 *
 * Redis re-listens inside CONFIG SET port/bind and fails (and rolls back)
 * the command when that does not work. Node only listens asynchronously, so
 * a short-lived child process tries the addresses and reports the first
 * error; CONFIG SET port/bind is rare enough to pay for it (tens of ms,
 * like the bind itself would block Redis).
 */
import { spawnSync } from 'node:child_process';

export interface ProbeAddress {
  host: string;
  /** "-addr" in the bind list: an address that does not exist here is skipped. */
  optional: boolean;
}

const CHILD = `
const net = require('node:net');
const [port, list] = JSON.parse(process.argv[1]);
const skip = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EINVAL']);
const open = [];
const failed = [];
(async () => {
  for (const a of list) {
    const code = await new Promise((res) => {
      const s = net.createServer();
      s.once('error', (e) => res(e.code || 'ERR'));
      s.listen({ host: a.host, port, exclusive: true, ipv6Only: a.host === '::' }, () => { open.push(s); res(null); });
    });
    if (code !== null && !(a.optional && skip.has(code))) failed.push(code);
  }
  process.stdout.write(failed.join(','));
  for (const s of open) s.close();
})();
`;

/** The error codes (EADDRINUSE, EADDRNOTAVAIL…) of the addresses that cannot be listened on, in order. */
export function probeListen(port: number, addrs: ProbeAddress[]): string[] {
  const r = spawnSync(process.execPath, ['-e', CHILD, JSON.stringify([port, addrs])], { encoding: 'latin1', timeout: 5000 });
  if (r.error !== undefined) return []; // cannot tell: let the real listen decide
  const out = r.stdout.trim();
  return out === '' ? [] : out.split(',');
}
