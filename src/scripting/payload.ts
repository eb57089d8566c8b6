/**
 * The FUNCTION DUMP payload: RDB's function records followed by the RDB
 * version (2 bytes, little endian) and a CRC64 (Jones polynomial, as
 * Redis's crc64.c) of everything before it. Each library is opcode 245
 * (RDB_OPCODE_FUNCTION2) and its code as an RDB string. Strings are
 * written uncompressed (valid for Redis); LZF-compressed strings from a
 * Redis dump are read.
 */

import { crc64 } from '../persistence/rdb/crc64.js';
import { lzfDecompress } from '../persistence/rdb/lzf.js';
import { OP_FUNCTION2 as RDB_OPCODE_FUNCTION2, RDB_VERSION } from '../persistence/rdb/format.js';

function lengthBytes(n: number): number[] {
  if (n < 64) return [n];
  if (n < 16384) return [0x40 | (n >> 8), n & 0xff];
  return [0x80, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

/** Serialises library codes (latin1 strings) into a dump payload. */
export function dumpPayload(codes: string[]): string {
  const parts: Buffer[] = [];
  for (const code of codes) {
    parts.push(Buffer.from([RDB_OPCODE_FUNCTION2, ...lengthBytes(code.length)]));
    parts.push(Buffer.from(code, 'latin1'));
  }
  parts.push(Buffer.from([RDB_VERSION & 0xff, RDB_VERSION >> 8]));
  const body = Buffer.concat(parts);
  const crc = Buffer.alloc(8);
  crc.writeBigUInt64LE(crc64(body));
  return Buffer.concat([body, crc]).toString('latin1');
}

/** Parses a payload into library codes; null when the version or checksum is wrong or it is malformed. */
export function parsePayload(payload: string): string[] | null | 'bad' {
  const buf = Buffer.from(payload, 'latin1');
  if (buf.length < 10) return null;
  const footer = buf.length - 10;
  const ver = buf[footer] | (buf[footer + 1] << 8);
  if (ver > RDB_VERSION) return null;
  if (crc64(buf.subarray(0, buf.length - 8)) !== buf.readBigUInt64LE(buf.length - 8)) return null;
  const codes: string[] = [];
  let p = 0;
  const readLen = (): { len: number; enc: number } | null => {
    if (p >= footer) return null;
    const b = buf[p++];
    const type = b >> 6;
    if (type === 0) return { len: b & 0x3f, enc: -1 };
    if (type === 1) {
      if (p >= footer) return null;
      return { len: ((b & 0x3f) << 8) | buf[p++], enc: -1 };
    }
    if (type === 3) return { len: 0, enc: b & 0x3f };
    if (b === 0x80) {
      if (p + 4 > footer) return null;
      const v = buf.readUInt32BE(p);
      p += 4;
      return { len: v, enc: -1 };
    }
    if (b === 0x81) {
      if (p + 8 > footer) return null;
      const v = Number(buf.readBigUInt64BE(p));
      p += 8;
      return { len: v, enc: -1 };
    }
    return null;
  };
  const readString = (): string | null => {
    const l = readLen();
    if (l === null) return null;
    if (l.enc === -1) {
      if (p + l.len > footer) return null;
      const s = buf.latin1Slice(p, p + l.len);
      p += l.len;
      return s;
    }
    if (l.enc === 0) return p + 1 <= footer ? String(buf.readInt8(p++)) : null;
    if (l.enc === 1) { if (p + 2 > footer) return null; const v = buf.readInt16LE(p); p += 2; return String(v); }
    if (l.enc === 2) { if (p + 4 > footer) return null; const v = buf.readInt32LE(p); p += 4; return String(v); }
    if (l.enc === 3) {
      const clen = readLen();
      const ulen = readLen();
      if (clen === null || ulen === null || clen.enc !== -1 || ulen.enc !== -1 || p + clen.len > footer) return null;
      const out = lzfDecompress(buf.subarray(p, p + clen.len), ulen.len);
      p += clen.len;
      return out === null ? null : out.toString('latin1');
    }
    return null;
  };
  while (p < footer) {
    const op = buf[p++];
    if (op !== RDB_OPCODE_FUNCTION2) return 'bad';
    const code = readString();
    if (code === null) return 'bad';
    codes.push(code);
  }
  return codes;
}
