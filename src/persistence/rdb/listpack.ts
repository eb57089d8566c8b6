/**
 * The packed blobs RDB embeds inside strings: listpack (7.0's small
 * hash/zset/list nodes and stream nodes) written and read; ziplist, zipmap
 * and intset (≤ 6.2 dumps, and 7.0's intset sets) read.
 *
 * Elements are latin1 strings; integers are returned as their decimal
 * text, which is what every caller wants (the keyspace keeps strings).
 */
import { parseI64 } from '../../protocol/ints.js';

/** Thrown for any malformed blob: the loader turns it into its "bad file" error. */
export class BlobError extends Error {}

// ---- listpack writer --------------------------------------------------------

/** Builds one listpack: push elements, then `finish()`. */
export class ListpackBuilder {
  private parts: Buffer[] = [];
  private bytes = 6;
  private count = 0;

  /** Appends a string element (stored as an integer when it reads as one, as lpAppend does). */
  push(s: string): void {
    const v = s.length <= 20 ? parseI64(s) : null;
    if (v !== null) this.pushInt(v);
    else this.pushStr(s);
  }

  pushInt(v: number | bigint): void {
    let enc: Buffer;
    const n = typeof v === 'bigint' && v >= -2147483648n && v <= 2147483647n ? Number(v) : v;
    if (typeof n === 'number' && n >= 0 && n <= 127) {
      enc = Buffer.from([n]);
    } else if (typeof n === 'number' && n >= -4096 && n <= 4095) {
      const u = n < 0 ? (1 << 13) + n : n;
      enc = Buffer.from([0xc0 | (u >> 8), u & 0xff]);
    } else if (typeof n === 'number' && n >= -32768 && n <= 32767) {
      enc = Buffer.alloc(3);
      enc[0] = 0xf1;
      enc.writeInt16LE(n, 1);
    } else if (typeof n === 'number' && n >= -8388608 && n <= 8388607) {
      enc = Buffer.alloc(4);
      enc[0] = 0xf2;
      enc.writeIntLE(n, 1, 3);
    } else if (typeof n === 'number' && n >= -2147483648 && n <= 2147483647) {
      enc = Buffer.alloc(5);
      enc[0] = 0xf3;
      enc.writeInt32LE(n, 1);
    } else {
      enc = Buffer.alloc(9);
      enc[0] = 0xf4;
      enc.writeBigInt64LE(BigInt(n), 1);
    }
    this.add(enc);
  }

  private pushStr(s: string): void {
    const len = s.length;
    let hdr: Buffer;
    if (len < 64) hdr = Buffer.from([0x80 | len]);
    else if (len < 4096) hdr = Buffer.from([0xe0 | (len >> 8), len & 0xff]);
    else {
      hdr = Buffer.alloc(5);
      hdr[0] = 0xf0;
      hdr.writeUInt32LE(len, 1);
    }
    const enc = Buffer.allocUnsafe(hdr.length + len);
    hdr.copy(enc, 0);
    enc.latin1Write(s, hdr.length);
    this.add(enc);
  }

  private add(enc: Buffer): void {
    const back = backlen(enc.length);
    this.parts.push(enc, back);
    this.bytes += enc.length + back.length;
    this.count++;
  }

  get length(): number {
    return this.count;
  }

  /** Bytes the finished listpack will take. */
  get size(): number {
    return this.bytes + 1;
  }

  finish(): Buffer {
    const head = Buffer.alloc(6);
    head.writeUInt32LE(this.bytes + 1, 0);
    head.writeUInt16LE(this.count < 65535 ? this.count : 65535, 4);
    return Buffer.concat([head, ...this.parts, Buffer.from([0xff])], this.bytes + 1);
  }
}

/** lpEncodeBacklen: the entry length in 7-bit groups, most significant first. */
function backlen(l: number): Buffer {
  if (l <= 127) return Buffer.from([l]);
  if (l < 16383) return Buffer.from([l >> 7, (l & 127) | 128]);
  if (l < 2097151) return Buffer.from([l >> 14, ((l >> 7) & 127) | 128, (l & 127) | 128]);
  if (l < 268435455) return Buffer.from([l >> 21, ((l >> 14) & 127) | 128, ((l >> 7) & 127) | 128, (l & 127) | 128]);
  return Buffer.from([Math.floor(l / 268435456), ((l >> 21) & 127) | 128, ((l >> 14) & 127) | 128, ((l >> 7) & 127) | 128, (l & 127) | 128]);
}

// ---- readers -----------------------------------------------------------------

function need(b: Buffer, p: number, n: number, end: number): void {
  if (p + n > end) throw new BlobError('truncated');
}

function intText(v: number | bigint): string {
  return String(v);
}

/** All elements of a listpack, validated (header size, terminator, entry bounds). */
export function listpackEntries(b: Buffer): string[] {
  if (b.length < 7) throw new BlobError('listpack too short');
  const total = b.readUInt32LE(0);
  if (total !== b.length) throw new BlobError('listpack size mismatch');
  const declared = b.readUInt16LE(4);
  const end = total - 1;
  if (b[end] !== 0xff) throw new BlobError('listpack without terminator');
  const out: string[] = [];
  let p = 6;
  while (p < end) {
    const start = p;
    const c = b[p];
    let s: string;
    if ((c & 0x80) === 0) {
      s = intText(c);
      p += 1;
    } else if ((c & 0xc0) === 0x80) {
      const len = c & 0x3f;
      need(b, p + 1, len, end);
      s = b.latin1Slice(p + 1, p + 1 + len);
      p += 1 + len;
    } else if ((c & 0xe0) === 0xc0) {
      need(b, p, 2, end);
      let v = ((c & 0x1f) << 8) | b[p + 1];
      if (v >= 1 << 12) v -= 1 << 13;
      s = intText(v);
      p += 2;
    } else if ((c & 0xf0) === 0xe0) {
      need(b, p, 2, end);
      const len = ((c & 0x0f) << 8) | b[p + 1];
      need(b, p + 2, len, end);
      s = b.latin1Slice(p + 2, p + 2 + len);
      p += 2 + len;
    } else if (c === 0xf0) {
      need(b, p, 5, end);
      const len = b.readUInt32LE(p + 1);
      need(b, p + 5, len, end);
      s = b.latin1Slice(p + 5, p + 5 + len);
      p += 5 + len;
    } else if (c === 0xf1) {
      need(b, p, 3, end);
      s = intText(b.readInt16LE(p + 1));
      p += 3;
    } else if (c === 0xf2) {
      need(b, p, 4, end);
      s = intText(b.readIntLE(p + 1, 3));
      p += 4;
    } else if (c === 0xf3) {
      need(b, p, 5, end);
      s = intText(b.readInt32LE(p + 1));
      p += 5;
    } else if (c === 0xf4) {
      need(b, p, 9, end);
      const v = b.readBigInt64LE(p + 1);
      s = intText(v);
      p += 9;
    } else {
      throw new BlobError('bad listpack encoding');
    }
    const encLen = p - start;
    const bl = backlen(encLen).length;
    need(b, p, bl, end);
    p += bl;
    out.push(s);
  }
  if (p !== end) throw new BlobError('listpack overrun');
  if (declared !== 65535 && declared !== out.length) throw new BlobError('listpack count mismatch');
  return out;
}

/** All elements of a ziplist (≤ 6.2 encodings), validated. */
export function ziplistEntries(b: Buffer): string[] {
  if (b.length < 11) throw new BlobError('ziplist too short');
  const total = b.readUInt32LE(0);
  if (total !== b.length) throw new BlobError('ziplist size mismatch');
  const declared = b.readUInt16LE(8);
  const end = total - 1;
  if (b[end] !== 0xff) throw new BlobError('ziplist without terminator');
  const out: string[] = [];
  let p = 10;
  while (p < end) {
    need(b, p, 1, end);
    p += b[p] < 254 ? 1 : 5; // prevlen
    need(b, p, 1, end);
    const c = b[p];
    const top = c >> 6;
    let s: string;
    if (top === 0) {
      const len = c & 0x3f;
      need(b, p + 1, len, end);
      s = b.latin1Slice(p + 1, p + 1 + len);
      p += 1 + len;
    } else if (top === 1) {
      need(b, p, 2, end);
      const len = ((c & 0x3f) << 8) | b[p + 1];
      need(b, p + 2, len, end);
      s = b.latin1Slice(p + 2, p + 2 + len);
      p += 2 + len;
    } else if (top === 2) {
      need(b, p, 5, end);
      const len = b.readUInt32BE(p + 1);
      need(b, p + 5, len, end);
      s = b.latin1Slice(p + 5, p + 5 + len);
      p += 5 + len;
    } else if (c === 0xc0) {
      need(b, p, 3, end);
      s = intText(b.readInt16LE(p + 1));
      p += 3;
    } else if (c === 0xd0) {
      need(b, p, 5, end);
      s = intText(b.readInt32LE(p + 1));
      p += 5;
    } else if (c === 0xe0) {
      need(b, p, 9, end);
      s = intText(b.readBigInt64LE(p + 1));
      p += 9;
    } else if (c === 0xf0) {
      need(b, p, 4, end);
      s = intText(b.readIntLE(p + 1, 3));
      p += 4;
    } else if (c === 0xfe) {
      need(b, p, 2, end);
      s = intText(b.readInt8(p + 1));
      p += 2;
    } else if (c >= 0xf1 && c <= 0xfd) {
      s = intText((c & 0x0f) - 1);
      p += 1;
    } else {
      throw new BlobError('bad ziplist encoding');
    }
    out.push(s);
  }
  if (p !== end) throw new BlobError('ziplist overrun');
  if (declared !== 65535 && declared !== out.length) throw new BlobError('ziplist count mismatch');
  return out;
}

/** A zipmap (≤ 2.4 small hashes) as a flat [field, value, …] list. */
export function zipmapEntries(b: Buffer): string[] {
  const out: string[] = [];
  let p = 1;
  const end = b.length;
  const readLen = (): number => {
    need(b, p, 1, end);
    const c = b[p++];
    if (c < 254) return c;
    if (c === 254) {
      need(b, p, 4, end);
      const v = b.readUInt32LE(p);
      p += 4;
      return v;
    }
    return -1; // 255: end
  };
  for (;;) {
    const klen = readLen();
    if (klen < 0) break;
    need(b, p, klen, end);
    const k = b.latin1Slice(p, p + klen);
    p += klen;
    const vlen = readLen();
    if (vlen < 0) throw new BlobError('zipmap truncated');
    need(b, p, 1, end);
    const free = b[p++];
    need(b, p, vlen + free, end);
    out.push(k, b.latin1Slice(p, p + vlen));
    p += vlen + free;
  }
  if (p !== end) throw new BlobError('zipmap overrun');
  return out;
}

/** An intset's members, in order, validated (width, length, strictly ascending). */
export function intsetEntries(b: Buffer): (number | bigint)[] {
  if (b.length < 8) throw new BlobError('intset too short');
  const width = b.readUInt32LE(0);
  const n = b.readUInt32LE(4);
  if ((width !== 2 && width !== 4 && width !== 8) || 8 + n * width !== b.length) throw new BlobError('bad intset');
  const out: (number | bigint)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const p = 8 + i * width;
    let v: number | bigint;
    if (width === 2) v = b.readInt16LE(p);
    else if (width === 4) v = b.readInt32LE(p);
    else {
      const big = b.readBigInt64LE(p);
      v = big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
    }
    if (i > 0 && !(out[i - 1] < v)) throw new BlobError('intset not sorted');
    out[i] = v;
  }
  return out;
}

/** The intset blob for sorted members (width chosen by the largest magnitude, as intsetAdd upgrades). */
export function intsetBlob(members: readonly (number | bigint)[]): Buffer {
  let width = 2;
  for (const v of members) {
    if (v < -2147483648 || v > 2147483647) { width = 8; break; }
    if (v < -32768 || v > 32767) width = 4;
  }
  const b = Buffer.alloc(8 + members.length * width);
  b.writeUInt32LE(width, 0);
  b.writeUInt32LE(members.length, 4);
  for (let i = 0; i < members.length; i++) {
    const p = 8 + i * width;
    const v = members[i];
    if (width === 2) b.writeInt16LE(Number(v), p);
    else if (width === 4) b.writeInt32LE(Number(v), p);
    else b.writeBigInt64LE(BigInt(v), p);
  }
  return b;
}
