/**
 * Differential scripts: like diffSuite cases, but a step may also be a
 * pause (for expiry) or a check run on both servers. Both servers run the
 * same script side by side, so time passes alike for each.
 */
import { RawClient } from './raw-client.js';
import type { Cmd } from './diff.js';

export type Step = Cmd | { sleep: number };

function toArgv(c: Cmd): (string | Buffer)[] {
  return typeof c === 'string' ? c.split(' ') : c;
}

/** FLUSHALL, then runs `steps` on a fresh connection; returns the replies (latin1). */
export async function runScript(port: number, steps: Step[]): Promise<string[]> {
  const admin = await RawClient.connect(port);
  await admin.call('FLUSHALL');
  admin.close();
  const cl = await RawClient.connect(port);
  const out: string[] = [];
  try {
    for (const s of steps) {
      if (typeof s === 'object' && !Array.isArray(s)) {
        await new Promise((r) => setTimeout(r, s.sleep));
        continue;
      }
      const r = await cl.call(...toArgv(s));
      out.push(r === null ? '<closed>' : r.toString('latin1'));
    }
  } finally {
    cl.close();
  }
  return out;
}

/** Minimal RESP2 reader for tests: bulk/simple → string, integers → number, arrays → arrays, nil → null. */
export type Resp = string | number | null | Resp[] | { error: string };

export function parseResp(s: string): Resp {
  let pos = 0;
  const line = (): string => {
    const e = s.indexOf('\r\n', pos);
    const l = s.slice(pos, e);
    pos = e + 2;
    return l;
  };
  const one = (): Resp => {
    const l = line();
    const t = l[0];
    const rest = l.slice(1);
    if (t === '+') return rest;
    if (t === '-') return { error: rest };
    if (t === ':') return Number(rest);
    if (t === '$') {
      const n = Number(rest);
      if (n < 0) return null;
      const v = s.slice(pos, pos + n);
      pos += n + 2;
      return v;
    }
    if (t === '*') {
      const n = Number(rest);
      if (n < 0) return null;
      const a: Resp[] = [];
      for (let i = 0; i < n; i++) a.push(one());
      return a;
    }
    throw new Error(`unexpected reply ${JSON.stringify(l)}`);
  };
  return one();
}

/** Normalizer for SCAN replies: keeps the cursor, sorts the keys. */
export function sortedScan(reply: string): string {
  if (!reply.startsWith('*2\r\n')) return reply;
  const r = parseResp(reply) as Resp[];
  const keys = (r[1] as string[]).slice().sort();
  return `scan cursor=${r[0] === '0' ? '0' : 'more'} keys=${JSON.stringify(keys)}`;
}

/** Normalizer for flat arrays whose order is unspecified (binary-safe, unlike splitting on CRLF). */
export function sortedBulks(reply: string): string {
  if (!reply.startsWith('*')) return reply;
  const r = parseResp(reply);
  if (!Array.isArray(r)) return reply;
  return `array ${JSON.stringify(r.map((x) => JSON.stringify(x)).sort())}`;
}
