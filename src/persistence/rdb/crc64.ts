/**
 * CRC-64 as Redis computes it (crc64.c: the Jones polynomial
 * 0xad93d23594c935a9, reflected, initial value 0, no final xor). It closes
 * every RDB file and every DUMP payload.
 *
 * The 64-bit state is kept as two uint32 halves so the byte loop is plain
 * int arithmetic (a BigInt per byte would make a 100 MB snapshot take
 * seconds). `crc64Update` is incremental: a snapshot written in slices
 * folds each slice in as it goes.
 */

const TLO = new Uint32Array(256);
const THI = new Uint32Array(256);

(function buildTables(): void {
  // reflected polynomial 0x95ac9329ac4bc9b5
  const PLO = 0xac4bc9b5;
  const PHI = 0x95ac9329;
  for (let i = 0; i < 256; i++) {
    let lo = i;
    let hi = 0;
    for (let j = 0; j < 8; j++) {
      const bit = lo & 1;
      lo = ((lo >>> 1) | (hi << 31)) >>> 0;
      hi = hi >>> 1;
      if (bit) {
        lo = (lo ^ PLO) >>> 0;
        hi = (hi ^ PHI) >>> 0;
      }
    }
    TLO[i] = lo;
    THI[i] = hi;
  }
})();

/** A running CRC-64 state (low and high 32 bits). */
export interface Crc64State {
  lo: number;
  hi: number;
}

export function crc64Init(): Crc64State {
  return { lo: 0, hi: 0 };
}

/** Folds buf[start, end) into the state. */
export function crc64Update(st: Crc64State, buf: Uint8Array, start = 0, end = buf.length): void {
  let lo = st.lo;
  let hi = st.hi;
  for (let i = start; i < end; i++) {
    const idx = (lo ^ buf[i]) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ TLO[idx];
    hi = (hi >>> 8) ^ THI[idx];
  }
  st.lo = lo >>> 0;
  st.hi = hi >>> 0;
}

/** The state as the 8 little-endian bytes Redis appends. */
export function crc64Bytes(st: Crc64State): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeUInt32LE(st.lo >>> 0, 0);
  b.writeUInt32LE(st.hi >>> 0, 4);
  return b;
}

/** One-shot CRC-64 of a buffer as a bigint. */
export function crc64(buf: Uint8Array): bigint {
  const st = crc64Init();
  crc64Update(st, buf);
  return (BigInt(st.hi) << 32n) | BigInt(st.lo);
}
