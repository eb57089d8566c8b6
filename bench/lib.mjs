// Shared helpers of the benchmark scripts: ports, medians.
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((res) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
}

/** Resolves once something accepts connections on `port` (10 s at most). */
export async function waitPort(port) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((r) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); r(true); });
      s.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} never opened`);
}

export const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
export const geomean = (a) => Math.exp(a.reduce((s, x) => s + Math.log(x), 0) / a.length);
