import { describe, it, expect } from 'vitest';
import { RequestParser } from '../../src/protocol/parser.js';
import { splitArgs } from '../../src/protocol/splitargs.js';

function parseAll(chunks: Buffer[]): { cmds: string[][]; error: string | null } {
  const p = new RequestParser();
  const cmds: string[][] = [];
  for (const ch of chunks) {
    p.feed(ch);
    for (;;) {
      const a = p.next();
      if (a === null) break;
      if (a.length) cmds.push(a);
    }
    if (p.error) break;
  }
  return { cmds, error: p.error };
}

function mb(...args: string[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`).join('');
}

// deterministic PRNG so failures reproduce
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe('RequestParser', () => {
  it('keeps no reference to a borrowed read buffer after retain()', () => {
    // Direct socket reads reuse one buffer: it is overwritten after each feed.
    const big = 'B'.repeat(40 * 1024); // collected in parts (BIG_BULK)
    const stream = Buffer.from(mb('SET', 'k', 'v1') + mb('SET', 'big', big) + 'PING\r\n' + mb('GET', 'k'), 'latin1');
    const rand = rng(7);
    for (let round = 0; round < 50; round++) {
      const p = new RequestParser();
      const shared = Buffer.alloc(8192);
      const cmds: string[][] = [];
      for (let off = 0; off < stream.length;) {
        const n = Math.min(stream.length - off, 1 + Math.floor(rand() ** 4 * 8191)); // mostly small reads
        stream.copy(shared, 0, off, off + n);
        off += n;
        p.feed(shared.subarray(0, n), true);
        for (let a = p.next(); a !== null; a = p.next()) if (a.length) cmds.push(a);
        p.retain();
        shared.fill(0x21); // what the next read would do to it
      }
      expect(p.error).toBeNull();
      expect(cmds).toEqual([['SET', 'k', 'v1'], ['SET', 'big', big], ['PING'], ['GET', 'k']]);
    }
  });

  it('assembles a multi-megabyte bulk from reads of any size, binary-safe, its CRLF split anywhere', () => {
    // Big bulks are staged in 1 MB pieces as they arrive (BigBulk): cover piece
    // boundaries, a read ending inside the CRLF, and commands right after it.
    const size = 3 * 1024 * 1024 + 17;
    const value = Buffer.alloc(size);
    for (let i = 0; i < size; i++) value[i] = (i * 7 + (i >> 11)) & 255;
    const big = value.toString('latin1');
    const stream = Buffer.concat([
      Buffer.from(mb('SET', 'k', 'v1') + `*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$${size}\r\n`, 'latin1'),
      value,
      Buffer.from('\r\n' + mb('GET', 'big') + 'PING\r\n', 'latin1'),
    ]);
    const rand = rng(11);
    for (let round = 0; round < 12; round++) {
      const p = new RequestParser();
      const shared = Buffer.alloc(256 * 1024);
      const cmds: string[][] = [];
      let maxPending = 0;
      for (let off = 0; off < stream.length;) {
        // round 0 reads the bytes around the value's start and end one at a time
        const edge = round === 0 && (off < 100 || off > stream.length - 200);
        const n = Math.min(stream.length - off, edge ? 1 : 1 + Math.floor(rand() ** 2 * (shared.length - 1)));
        stream.copy(shared, 0, off, off + n);
        off += n;
        p.feed(shared.subarray(0, n), true);
        for (let a = p.next(); a !== null; a = p.next()) if (a.length) cmds.push(a);
        p.retain();
        maxPending = Math.max(maxPending, p.pending);
        shared.fill(0x21);
      }
      expect(p.error).toBeNull();
      expect(p.idle).toBe(true);
      expect(cmds.length).toBe(4);
      expect(cmds[1][2].length).toBe(size);
      expect(cmds[1][2] === big).toBe(true);
      expect(cmds.map((c) => c.length === 3 ? [c[0], c[1]] : c)).toEqual([['SET', 'k'], ['SET', 'big'], ['GET', 'big'], ['PING']]);
      expect(maxPending).toBeLessThanOrEqual(size);
    }
  });

  it('refuses a bulk longer than V8 can hold as a string (24 lengths short of 512 MB) as an invalid bulk length', () => {
    const r = parseAll([Buffer.from('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870889\r\nxx', 'latin1')]);
    expect(r.error).toBe('ERR Protocol error: invalid bulk length');
    const ok = new RequestParser();
    ok.feed(Buffer.from('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870888\r\nxx', 'latin1'));
    expect(ok.next()).toBeNull();
    expect(ok.error).toBeNull();
  });

  it('parses multibulk and inline', () => {
    const r = parseAll([Buffer.from(mb('SET', 'a', 'b') + 'PING\r\n' + mb('GET', 'a'))]);
    expect(r.cmds).toEqual([['SET', 'a', 'b'], ['PING'], ['GET', 'a']]);
    expect(r.error).toBeNull();
  });

  it('survives every split point', () => {
    const stream = Buffer.from(mb('SET', 'key', 'v\r\nal') + 'ECHO "x y"\r\n' + mb('DEL', '', '\x00\xff'), 'latin1');
    const whole = parseAll([stream]).cmds;
    for (let i = 0; i <= stream.length; i++) {
      expect(parseAll([stream.subarray(0, i), stream.subarray(i)]).cmds).toEqual(whole);
    }
  });

  it('random chunking of a long pipeline gives the same commands', () => {
    const rand = rng(42);
    const cmds: string[][] = [];
    let text = '';
    for (let i = 0; i < 300; i++) {
      const n = 1 + Math.floor(rand() * 4);
      const args: string[] = [];
      for (let j = 0; j < n; j++) {
        const len = Math.floor(rand() * (rand() < 0.05 ? 70000 : 20));
        let s = '';
        for (let k = 0; k < len; k++) s += String.fromCharCode(Math.floor(rand() * 256));
        args.push(s);
      }
      cmds.push(args);
      text += mb(...args);
    }
    const buf = Buffer.from(text, 'latin1');
    const chunks: Buffer[] = [];
    for (let p = 0; p < buf.length; ) {
      const n = 1 + Math.floor(rand() * 5000);
      chunks.push(buf.subarray(p, p + n));
      p += n;
    }
    expect(parseAll(chunks).cmds).toEqual(cmds);
  });

  it('reports Redis protocol errors', () => {
    expect(parseAll([Buffer.from('*x\r\n')]).error).toBe('ERR Protocol error: invalid multibulk length');
    expect(parseAll([Buffer.from('*1\r\n$-1\r\n')]).error).toBe('ERR Protocol error: invalid bulk length');
    expect(parseAll([Buffer.from('*1\r\n+1\r\n')]).error).toBe("ERR Protocol error: expected '$', got '+'");
    expect(parseAll([Buffer.from('ECHO "a\r\n')]).error).toBe('ERR Protocol error: unbalanced quotes in request');
    expect(parseAll([Buffer.alloc(70000, 'a')]).error).toBe('ERR Protocol error: too big inline request');
    expect(parseAll([Buffer.from('*1\r\n$' + '9'.repeat(70000))]).error).toBe('ERR Protocol error: too big bulk count string');
  });

  it('never throws on garbage', () => {
    const rand = rng(7);
    for (let i = 0; i < 2000; i++) {
      const len = Math.floor(rand() * 64);
      const b = Buffer.alloc(len);
      for (let k = 0; k < len; k++) {
        const r = rand();
        b[k] = r < 0.3 ? '*$\r\n0123456789-'.charCodeAt(Math.floor(rand() * 15)) : Math.floor(rand() * 256);
      }
      expect(() => parseAll([b, b])).not.toThrow();
    }
  });

  it('limits unauthenticated clients', () => {
    const p = new RequestParser();
    p.authRequired = true;
    p.feed(Buffer.from('*11\r\n'));
    expect(p.next()).toBeNull();
    expect(p.error).toBe('ERR Protocol error: unauthenticated multibulk length');
    const q = new RequestParser();
    q.authRequired = true;
    q.feed(Buffer.from('*1\r\n$16385\r\n'));
    q.next();
    expect(q.error).toBe('ERR Protocol error: unauthenticated bulk length');
  });
});

describe('splitArgs', () => {
  it('follows sdssplitargs', () => {
    expect(splitArgs('set a "b c"')).toEqual(['set', 'a', 'b c']);
    expect(splitArgs('"\\x41\\n\\t"')).toEqual(['A\n\t']);
    expect(splitArgs("'a\\'b'")).toEqual(["a'b"]);
    expect(splitArgs("'a\\nb'")).toEqual(['a\\nb']);
    expect(splitArgs('"abc')).toBeNull();
    expect(splitArgs('"abc"d')).toBeNull();
    expect(splitArgs('  ')).toEqual([]);
    expect(splitArgs('""')).toEqual(['']);
  });
});
