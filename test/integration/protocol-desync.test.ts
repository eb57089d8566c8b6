import { it, expect } from 'vitest';
import net from 'node:net';
import { pairSuite } from '../helpers/diff.js';

// Redis's "protocol desync" regression tests (tests/unit/protocol.tcl) and
// variants: a client whose request never completes — a NUL hiding the line
// end (Redis looks for it with strchr), a huge announced bulk followed by
// something else — keeps sending; both servers must answer the same protocol
// error and drop it at the same point. Each run stops sending once the error
// is a protocol error and has a deadline, so it fails instead of hanging.

interface Outcome {
  reply: string;
  closed: boolean;
}

function run(port: number, first: string, chunk: string, limit = 400_000): Promise<Outcome> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let out = '';
    let sent = 0;
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      s.destroy();
      resolve({ reply: out, closed });
    };
    const deadline = setTimeout(() => finish(false), 10_000);
    s.on('data', (d) => (out += d.toString('latin1')));
    s.on('close', () => finish(true));
    s.on('error', () => finish(true));
    const pump = () => {
      // stop once the protocol error came or past the limit; then only the close (or the deadline) ends the run
      if (done || out.includes('Protocol error') || sent > limit) return;
      s.write(chunk, () => setImmediate(pump));
      sent += chunk.length;
    };
    s.on('connect', () => {
      s.write(first);
      sent += first.length;
      pump();
    });
  });
}

/**
 * A server that closes while the client still writes resets the connection,
 * and the reset can discard its last reply before we read it: retry a few
 * times until the reply arrives.
 */
async function runUntilAnswered(port: number, first: string, chunk: string): Promise<Outcome> {
  let o = await run(port, first, chunk);
  for (let i = 0; i < 4 && o.closed && o.reply === ''; i++) o = await run(port, first, chunk);
  return o;
}

const LINE = 'A'.repeat(1024);
const cases: [string, string, string][] = [
  ['desync #1: NUL then lines', '\x00', LINE + '\n'],
  ['desync #2: * NUL then lines', '*\x00', LINE + '\n'],
  ['desync #3: $ NUL then lines', '$\x00', LINE + '\n'],
  ['desync with the literal payload of protocol.tcl', '\x00', 'payload'],
  ['NUL inside a bulk length line', '*1\r\n$\x00', LINE + '\r\n'],
  ['NUL after the bulk length digits', '*1\r\n$1\x00', LINE + '\r\n'],
  ['NUL inside an inline command', 'PING\x00 x\r\n', 'B'.repeat(100) + '\r\n'],
  ['a command then a bulk that never ends in CRLF', '*2\r\n$3\r\nGET\r\n$100\r\n', 'AAAAAAAAAA'],
  ['announced bulk then something else: SET then garbage', '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nabcxx', 'payload'],
];

pairSuite('protocol desync', {}, (pair) => {
  for (const [name, first, chunk] of cases) {
    it(name, async () => {
      const want = await runUntilAnswered(pair().redis.port, first, chunk);
      const got = await runUntilAnswered(pair().respd.port, first, chunk);
      expect(got).toEqual(want);
      expect(want.closed).toBe(true);
    }, 30_000);
  }
});
