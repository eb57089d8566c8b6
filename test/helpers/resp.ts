/**
 * Splits a byte stream of RESP2/RESP3 replies into whole replies, without
 * interpreting them, so the differential harness can compare raw bytes.
 */

/** Returns the offset just past the reply starting at `pos`, or -1 if incomplete. */
export function frameEnd(buf: Buffer, pos: number): number {
  if (pos >= buf.length) return -1;
  const type = buf[pos];
  const cr = buf.indexOf('\r\n', pos);
  if (cr < 0) return -1;
  const line = buf.toString('latin1', pos + 1, cr);
  const next = cr + 2;
  switch (type) {
    case 0x2b: // +
    case 0x2d: // -
    case 0x3a: // :
    case 0x5f: // _
    case 0x2c: // ,
    case 0x23: // #
    case 0x28: // (
      return next;
    case 0x24: // $
    case 0x21: // !
    case 0x3d: { // =
      const n = parseInt(line, 10);
      if (n < 0) return next;
      return next + n + 2 <= buf.length ? next + n + 2 : -1;
    }
    case 0x2a: // *
    case 0x7e: // ~
    case 0x3e: // >
    case 0x25: // %
    case 0x7c: { // |
      let n = parseInt(line, 10);
      if (n < 0) return next;
      if (type === 0x25 || type === 0x7c) n *= 2;
      let p = next;
      for (let i = 0; i < n; i++) {
        p = frameEnd(buf, p);
        if (p < 0) return -1;
      }
      if (type === 0x7c) return frameEnd(buf, p); // attribute precedes the real reply
      return p;
    }
    default:
      throw new Error(`bad reply type byte ${type} at ${pos}: ${JSON.stringify(buf.toString('latin1', pos, pos + 40))}`);
  }
}

/** Encodes argv as a RESP multibulk request. Strings are latin1 (byte per char). */
export function encodeCommand(argv: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)];
  for (const a of argv) {
    const b = typeof a === 'string' ? Buffer.from(a, 'latin1') : a;
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Printable form of a reply for assertion messages. */
export function show(b: Buffer): string {
  return JSON.stringify(b.toString('latin1'));
}
