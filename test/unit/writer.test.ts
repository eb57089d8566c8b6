/**
 * ReplyWriter's RESP2 output, read back by redis-parser — the reply parser
 * ioredis is built on — so every reply shape we emit is one a standard
 * client decodes. (redis-parser cannot parse requests: it has no inline
 * commands, which is why the request path has its own parser; see README.)
 */
import { describe, it, expect } from 'vitest';
import { createRequire } from 'node:module';
import { ReplyWriter, type ReplySink } from '../../src/protocol/writer.js';

const require = createRequire(import.meta.url);
const RedisParser = require('redis-parser') as new (opts: {
  returnReply: (r: unknown) => void;
  returnError: (e: Error) => void;
  returnBuffers?: boolean;
}) => { execute(b: Buffer): void };

/** A ReplySink that copies what it is given into `chunks`. */
function collectingSink(chunks: Buffer[]): ReplySink {
  return {
    write: (b: Buffer) => { chunks.push(Buffer.from(b)); },
    writev: (bs: Buffer[]) => { for (const b of bs) chunks.push(Buffer.from(b)); },
  };
}

/** Runs `fill` on a fresh writer, flushes it, decodes every reply with redis-parser. */
function decode(fill: (w: ReplyWriter) => void): unknown[] {
  const w = new ReplyWriter();
  fill(w);
  const chunks: Buffer[] = [];
  w.flush(collectingSink(chunks));
  const out: unknown[] = [];
  const parser = new RedisParser({
    returnReply: (r) => out.push(r),
    returnError: (e) => out.push({ error: e.message }),
  });
  parser.execute(Buffer.concat(chunks));
  return out;
}

describe('ReplyWriter decodes with redis-parser', () => {
  it('scalars', () => {
    expect(
      decode((w) => {
        w.ok();
        w.simple('PONG');
        w.error('ERR syntax error');
        w.integer(0);
        w.integer(-42);
        w.integer(123456789012);
        w.integer(9007199254740991n); // redis-parser reads integers as JS numbers: exact up to 2^53
        w.bulk('hello');
        w.bulk('');
        w.nil();
      }),
    ).toEqual(['OK', 'PONG', { error: 'ERR syntax error' }, 0, -42, 123456789012, 9007199254740991, 'hello', '', null]);
  });

  it('integers around every formatting path (cached, 32-bit, double, BigInt)', () => {
    const values = [0, 9, 10, 1023, 1024, 65535, -1, -1024, 2147483647, 2147483648, -2147483647, -2147483648, -2147483649,
      4294967296, 9007199254740991, -9007199254740991, -0];
    expect(decode((w) => { for (const v of values) w.integer(v); w.array(0); w.array(1024); for (let i = 0; i < 1024; i++) w.integer(i); }))
      .toEqual([...values.map((v) => (Object.is(v, -0) ? 0 : v)), [], Array.from({ length: 1024 }, (_, i) => i)]);
  });

  it('nested arrays, null arrays, maps and doubles in RESP2 form', () => {
    expect(
      decode((w) => {
        w.array(3);
        w.bulk('a');
        w.array(2);
        w.integer(1);
        w.nil();
        w.bulk('c');
        w.nilArray();
        w.map(1);
        w.bulk('k');
        w.double(1.5);
        w.bulkArray(['x', 'y']);
      }),
    ).toEqual([['a', [1, null], 'c'], null, ['k', '1.5'], ['x', 'y']]);
  });

  it('binary and large bulks survive byte for byte', () => {
    const bin = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    const big = 'z'.repeat(200 * 1024);
    const w = new ReplyWriter();
    w.bulk(bin);
    w.bulk(big);
    const chunks: Buffer[] = [];
    w.flush(collectingSink(chunks));
    const out: Buffer[] = [];
    const parser = new RedisParser({ returnReply: (r) => out.push(r as Buffer), returnError: () => {}, returnBuffers: true });
    parser.execute(Buffer.concat(chunks));
    expect(out[0].equals(Buffer.from(bin, 'latin1'))).toBe(true);
    expect(out[1].length).toBe(big.length);
  });
});
