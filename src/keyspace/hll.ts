/**
 * HyperLogLog values with Redis 7.0's exact byte layout, so a key written by
 * PFADD here GETs, DUMPs and RESTOREs byte for byte like one written by Redis.
 *
 *   header (16 bytes): "HYLL", encoding (0 dense, 1 sparse), 3 zero bytes,
 *                      cached cardinality (8 bytes little endian; bit 7 of
 *                      the last byte set = cache invalid)
 *   dense:  16384 registers of 6 bits, packed from the LSB of each byte
 *   sparse: run-length opcodes — ZERO 00xxxxxx (1..64 zero registers),
 *           XZERO 01xxxxxx xxxxxxxx (1..16384 zero registers),
 *           VAL 1vvvvvxx (1..4 registers of value 1..32)
 *
 * The value stays a latin1 string in the keyspace (HLLs are strings to
 * every other command). Commands edit it through HllEditor, which copies
 * it into a scratch buffer, mutates there the way Redis mutates its sds, and
 * turns it back into a string only when something changed.
 */

export const HLL_HDR_SIZE = 16;
export const HLL_REGISTERS = 16384;
const HLL_P_MASK = HLL_REGISTERS - 1;
const HLL_Q = 50; /* 64 - P: hash bits left for the run of zeroes */
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + (HLL_REGISTERS * 6) / 8;
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;

const SPARSE_VAL_MAX_VALUE = 32;
const SPARSE_VAL_MAX_LEN = 4;
const SPARSE_ZERO_MAX_LEN = 64;
const HLL_ALPHA_INF = 0.721347520444481703680; /* 0.5/ln(2) */

/** A new HLL: sparse, one XZERO opcode covering every register, cached cardinality 0. */
export const EMPTY_HLL = 'HYLL\x01\0\0\0\0\0\0\0\0\0\0\0\x7f\xff';

/** isHLLObjectOrReply's test: a string long enough, "HYLL", a known encoding, a dense one of the exact size. */
export function isHll(s: string): boolean {
  if (s.length < HLL_HDR_SIZE) return false;
  if (s.charCodeAt(0) !== 72 || s.charCodeAt(1) !== 89 || s.charCodeAt(2) !== 76 || s.charCodeAt(3) !== 76) return false;
  const enc = s.charCodeAt(4);
  if (enc > HLL_SPARSE) return false;
  return enc !== HLL_DENSE || s.length === HLL_DENSE_SIZE;
}

export function hllEncoding(s: string): number {
  return s.charCodeAt(4);
}

/** The cached cardinality of `s`, or -1 when the cache is invalid. Beyond 2^53 it is a bigint. */
export function cachedCount(s: string): number | bigint {
  const top = s.charCodeAt(15);
  if (top & 0x80) return -1;
  const lo = (s.charCodeAt(8) | (s.charCodeAt(9) << 8) | (s.charCodeAt(10) << 16) | (s.charCodeAt(11) << 24)) >>> 0;
  const hi = (s.charCodeAt(12) | (s.charCodeAt(13) << 8) | (s.charCodeAt(14) << 16) | (top << 24)) >>> 0;
  if (hi < 0x200000) return hi * 4294967296 + lo;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** `s` with `card` written into the header as a valid cached cardinality. */
export function withCachedCount(s: string, card: number): string {
  let bytes = '';
  let v = card;
  for (let i = 0; i < 8; i++) {
    bytes += String.fromCharCode(v % 256);
    v = Math.floor(v / 256);
  }
  return s.slice(0, 8) + bytes + s.slice(HLL_HDR_SIZE);
}

// ---------------------------------------------------------------------------
// MurmurHash64A (seed 0xadc83b19), in 32-bit halves: BigInt would be an
// allocation per step, and PFADD hashes every element.

const M_H = 0xc6a4a793;
const M_L = 0x5bd1e995;
const M_L0 = M_L & 0xffff;
const M_L1 = M_L >>> 16;
const SEED = 0xadc83b19;

/** High 32 bits of the 64-bit product of the uint32 bit pattern `a` and M_L. */
function mulhiML(a: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const p00 = a0 * M_L0;
  const p01 = a0 * M_L1;
  const p10 = a1 * M_L0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return a1 * M_L1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
}

/** High half of (h:l) * m mod 2^64; the low half is Math.imul(l, M_L). Int32 bit patterns throughout. */
function mulHi(h: number, l: number): number {
  return (mulhiML(l) + Math.imul(h, M_L) + Math.imul(l, M_H)) | 0;
}

/**
 * The last hash, as two int32 bit patterns [high, low]. A typed array
 * rather than module variables: a double stored in a variable outside the
 * function would be boxed on every write.
 */
const HASH = new Int32Array(2);

/** MurmurHash64A of the latin1 bytes of `s` into HASH. */
function murmur64(s: string): void {
  const len = s.length;
  let hh = mulHi(0, len);
  let hl = Math.imul(len, M_L) ^ SEED;
  const blocks = len - (len & 7);
  let i = 0;
  for (; i < blocks; i += 8) {
    let kl = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24);
    let kh = s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24);
    // k *= m; k ^= k >> 47; k *= m
    let th = mulHi(kh, kl);
    kl = Math.imul(kl, M_L);
    kh = th;
    kl ^= kh >>> 15;
    th = mulHi(kh, kl);
    kl = Math.imul(kl, M_L);
    kh = th;
    // h ^= k; h *= m
    hh ^= kh;
    hl ^= kl;
    th = mulHi(hh, hl);
    hl = Math.imul(hl, M_L);
    hh = th;
  }
  const rest = len & 7;
  if (rest !== 0) {
    // The tail bytes, little endian: bytes 4..6 go to the high half.
    for (let k = rest - 1; k >= 0; k--) {
      const byte = s.charCodeAt(i + k);
      if (k >= 4) hh ^= byte << ((k - 4) * 8);
      else hl ^= byte << (k * 8);
    }
    const th = mulHi(hh, hl);
    hl = Math.imul(hl, M_L);
    hh = th;
  }
  // h ^= h >> r; h *= m; h ^= h >> r
  hl ^= hh >>> 15;
  const th = mulHi(hh, hl);
  hl = Math.imul(hl, M_L);
  hh = th;
  hl ^= hh >>> 15;
  HASH[0] = hh;
  HASH[1] = hl;
}

/** Register index of the last patLen() call. */
let patIndex = 0;

/** hllPatLen: the register `s` hashes to (in patIndex) and its 000..1 run length (1..51). */
function patLen(s: string): number {
  murmur64(s);
  const hl = HASH[1];
  const hh = HASH[0];
  patIndex = hl & HLL_P_MASK;
  const low = hl >>> 14; /* 18 bits */
  if (low !== 0) return 32 - Math.clz32(low & -low);
  if (hh !== 0) return 18 + 32 - Math.clz32(hh & -hh);
  return HLL_Q + 1;
}

/** For tests: the 64-bit MurmurHash64A of `s` as a bigint. */
export function murmurHash64A(s: string): bigint {
  murmur64(s);
  return (BigInt(HASH[0] >>> 0) << 32n) | BigInt(HASH[1] >>> 0);
}

// ---------------------------------------------------------------------------
// Dense registers: register n is bits [6n, 6n+6) counted from the LSB of byte 0.
// As in Redis the byte after the last register is read (a NUL) and written (unchanged).

function denseGet(p: Uint8Array, base: number, reg: number): number {
  const bit = reg * 6;
  const byte = base + (bit >> 3);
  const fb = bit & 7;
  return ((p[byte] >> fb) | (p[byte + 1] << (8 - fb))) & 63;
}

function denseSet(p: Uint8Array, base: number, reg: number, val: number): void {
  const bit = reg * 6;
  const byte = base + (bit >> 3);
  const fb = bit & 7;
  const fb8 = 8 - fb;
  p[byte] = (p[byte] & ~(63 << fb)) | (val << fb);
  p[byte + 1] = (p[byte + 1] & ~(63 >> fb8)) | (val >> fb8);
}

/** Histogram of the dense registers at p[base..], 16 registers per 12 bytes. */
function denseHisto(p: Uint8Array, base: number, h: Int32Array): void {
  for (let j = 0, r = base; j < 1024; j++, r += 12) {
    const b0 = p[r], b1 = p[r + 1], b2 = p[r + 2], b3 = p[r + 3], b4 = p[r + 4], b5 = p[r + 5];
    const b6 = p[r + 6], b7 = p[r + 7], b8 = p[r + 8], b9 = p[r + 9], b10 = p[r + 10], b11 = p[r + 11];
    h[b0 & 63]++;
    h[((b0 >> 6) | (b1 << 2)) & 63]++;
    h[((b1 >> 4) | (b2 << 4)) & 63]++;
    h[b2 >> 2]++;
    h[b3 & 63]++;
    h[((b3 >> 6) | (b4 << 2)) & 63]++;
    h[((b4 >> 4) | (b5 << 4)) & 63]++;
    h[b5 >> 2]++;
    h[b6 & 63]++;
    h[((b6 >> 6) | (b7 << 2)) & 63]++;
    h[((b7 >> 4) | (b8 << 4)) & 63]++;
    h[b8 >> 2]++;
    h[b9 & 63]++;
    h[((b9 >> 6) | (b10 << 2)) & 63]++;
    h[((b10 >> 4) | (b11 << 4)) & 63]++;
    h[b11 >> 2]++;
  }
}

/** Histogram of sparse opcodes p[from..end); false when they do not cover exactly 16384 registers. */
function sparseHisto(p: Uint8Array, from: number, end: number, h: Int32Array): boolean {
  let idx = 0;
  let i = from;
  while (i < end) {
    const op = p[i];
    if ((op & 0xc0) === 0) {
      const run = (op & 0x3f) + 1;
      idx += run;
      h[0] += run;
      i++;
    } else if ((op & 0xc0) === 0x40) {
      const run = (((op & 0x3f) << 8) | p[i + 1]) + 1;
      idx += run;
      h[0] += run;
      i += 2;
    } else {
      const run = (op & 3) + 1;
      idx += run;
      h[((op >> 2) & 0x1f) + 1] += run;
      i++;
    }
  }
  return idx === HLL_REGISTERS;
}

/** Ertl's sigma (arXiv:1702.01284), as Redis computes it. */
function sigma(x: number): number {
  if (x === 1) return Infinity;
  let zPrime: number;
  let y = 1;
  let z = x;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

/** Ertl's tau. */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let zPrime: number;
  let y = 1.0;
  let z = 1 - x;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
  } while (zPrime !== z);
  return z / 3;
}

/** hllCount's estimator over a register histogram. */
function estimate(h: Int32Array): number {
  const m = HLL_REGISTERS;
  let z = m * tau((m - h[HLL_Q + 1]) / m);
  for (let j = HLL_Q; j >= 1; --j) {
    z += h[j];
    z *= 0.5;
  }
  z += m * sigma(h[0] / m);
  return Math.round((HLL_ALPHA_INF * m * m) / z);
}

const histo = new Int32Array(64);
const MERGE_SCRATCH = Buffer.alloc(HLL_DENSE_SIZE + 1);

/** Register `reg` of a dense HLL string, read in place. */
function denseGetString(s: string, reg: number): number {
  const bit = reg * 6;
  const byte = HLL_HDR_SIZE + (bit >> 3);
  const fb = bit & 7;
  const next = byte + 1 < HLL_DENSE_SIZE ? s.charCodeAt(byte + 1) : 0;
  return ((s.charCodeAt(byte) >> fb) | (next << (8 - fb))) & 63;
}

/**
 * PFADD's fast path for a dense HLL: registers are compared on the string
 * itself, and it is copied into the editor only when one must grow (on a
 * large HLL most elements change nothing). Returns the number of registers
 * updated; when non-zero the editor holds the new value.
 */
export function addToDense(ed: HllEditor, s: string, elements: string[], from: number): number {
  let updated = 0;
  for (let j = from; j < elements.length; j++) {
    const count = patLen(elements[j]);
    if (updated === 0) {
      if (count <= denseGetString(s, patIndex)) continue;
      ed.load(s);
    }
    updated += ed.set(patIndex, count, 0);
  }
  return updated;
}

/** Cardinality of 16384 one-byte registers (PFCOUNT of several keys). */
export function countRaw(regs: Uint8Array): number {
  histo.fill(0);
  for (let i = 0; i < HLL_REGISTERS; i++) histo[regs[i]]++;
  return estimate(histo);
}

/**
 * hllMerge: max[i] = MAX(max[i], register i of HLL `s`). False when `s` is
 * sparse and its opcodes do not cover exactly 16384 registers (corrupt).
 */
export function mergeInto(max: Uint8Array, s: string): boolean {
  if (hllEncoding(s) === HLL_DENSE) {
    const b = MERGE_SCRATCH;
    b.write(s, 0, 'latin1');
    b[HLL_DENSE_SIZE] = 0;
    for (let reg = 0; reg < HLL_REGISTERS; reg++) {
      const v = denseGet(b, HLL_HDR_SIZE, reg);
      if (v > max[reg]) max[reg] = v;
    }
    return true;
  }
  let i = 0;
  let p = HLL_HDR_SIZE;
  const end = s.length;
  while (p < end) {
    const op = s.charCodeAt(p);
    if ((op & 0xc0) === 0) {
      i += (op & 0x3f) + 1;
      p++;
    } else if ((op & 0xc0) === 0x40) {
      i += (((op & 0x3f) << 8) | s.charCodeAt(p + 1)) + 1;
      p += 2;
    } else {
      let run = (op & 3) + 1;
      const val = ((op >> 2) & 0x1f) + 1;
      if (run + i > HLL_REGISTERS) break; /* overflow: corrupted */
      while (run--) {
        if (val > max[i]) max[i] = val;
        i++;
      }
      p++;
    }
  }
  return i === HLL_REGISTERS;
}

// ---------------------------------------------------------------------------

/**
 * A mutable copy of one HLL value in a reusable scratch buffer. One
 * command at a time uses it (commands run to completion on one thread).
 */
export class HllEditor {
  /** Current bytes; `len` of them are the value. Buffers, for their native latin1 copies in and out. */
  buf: Buffer = Buffer.alloc(2 * HLL_REGISTERS + 64);
  len = 0;
  private spare: Buffer = Buffer.alloc(2 * HLL_REGISTERS + 64);

  load(s: string): void {
    const n = s.length;
    if (this.buf.length < n + 8) this.buf = Buffer.alloc(n + 64);
    this.buf.write(s, 0, 'latin1');
    this.buf[n] = 0; /* the sds terminator the last dense register reads */
    this.len = n;
  }

  /** The value as a latin1 string. */
  toString(): string {
    return this.buf.toString('latin1', 0, this.len);
  }

  get encoding(): number {
    return this.buf[4];
  }

  invalidateCache(): void {
    this.buf[15] |= 0x80;
  }

  /** Adds one element: 1 when a register grew, 0 when not, -1 when the sparse data is corrupt. */
  add(ele: string, sparseMax: number): number {
    const count = patLen(ele);
    if (this.buf[4] === HLL_DENSE) return this.denseUpdate(patIndex, count);
    return this.sparseSet(patIndex, count, sparseMax);
  }

  /** Sets register `index` to `count` if that is larger, in either encoding. */
  set(index: number, count: number, sparseMax: number): number {
    if (this.buf[4] === HLL_DENSE) return this.denseUpdate(index, count);
    return this.sparseSet(index, count, sparseMax);
  }

  private denseUpdate(index: number, count: number): number {
    if (count <= denseGet(this.buf, HLL_HDR_SIZE, index)) return 0;
    denseSet(this.buf, HLL_HDR_SIZE, index, count);
    return 1;
  }

  /** hllSparseToDense: false (nothing changed) when the opcodes are corrupt. */
  toDense(): boolean {
    const src = this.buf;
    if (src[4] === HLL_DENSE) return true;
    if (this.spare.length < HLL_DENSE_SIZE + 1) this.spare = Buffer.alloc(2 * HLL_REGISTERS + 64);
    const dst = this.spare;
    dst.fill(0, 0, HLL_DENSE_SIZE + 1);
    dst.set(src.subarray(0, HLL_HDR_SIZE));
    dst[4] = HLL_DENSE;
    let idx = 0;
    let p = HLL_HDR_SIZE;
    const end = this.len;
    while (p < end) {
      const op = src[p];
      if ((op & 0xc0) === 0) {
        idx += (op & 0x3f) + 1;
        p++;
      } else if ((op & 0xc0) === 0x40) {
        idx += (((op & 0x3f) << 8) | src[p + 1]) + 1;
        p += 2;
      } else {
        let run = (op & 3) + 1;
        const val = ((op >> 2) & 0x1f) + 1;
        if (run + idx > HLL_REGISTERS) break;
        while (run--) denseSet(dst, HLL_HDR_SIZE, idx++, val);
        p++;
      }
    }
    if (idx !== HLL_REGISTERS) return false;
    this.spare = src;
    this.buf = dst;
    this.len = HLL_DENSE_SIZE;
    return true;
  }

  /**
   * hllSparseSet: updates the opcode covering `index` in place, splitting it
   * into up to three opcodes and merging equal VAL neighbours, and promotes
   * to dense when the value needs more than 5 bits or the string would grow
   * past hll-sparse-max-bytes. Same results, same bytes as Redis.
   */
  private sparseSet(index: number, count: number, sparseMax: number): number {
    if (count > SPARSE_VAL_MAX_VALUE) return this.promote(index, count);
    if (this.buf.length < this.len + 8) {
      const bigger = Buffer.alloc(this.len + 64);
      bigger.set(this.buf.subarray(0, this.len + 1));
      this.buf = bigger;
    }
    const b = this.buf;
    let end = this.len;
    let p = HLL_HDR_SIZE;
    let first = 0;
    let prev = -1;
    let span = 0;
    let oplen = 1;
    while (p < end) {
      const op = b[p];
      oplen = 1;
      if ((op & 0xc0) === 0) span = (op & 0x3f) + 1;
      else if (op & 0x80) span = (op & 3) + 1;
      else {
        span = (((op & 0x3f) << 8) | b[p + 1]) + 1;
        oplen = 2;
      }
      if (index <= first + span - 1) break;
      prev = p;
      p += oplen;
      first += span;
    }
    if (span === 0 || p >= end) return -1;
    const op = b[p];
    const isXzero = (op & 0xc0) === 0x40;
    const isZero = (op & 0xc0) === 0;
    const isVal = (op & 0x80) !== 0;
    const runlen = span;

    let updated = false;
    if (isVal) {
      const old = ((op >> 2) & 0x1f) + 1;
      if (old >= count) return 0;
      if (runlen === 1) {
        b[p] = valOp(count, 1);
        updated = true;
      }
    }
    if (!updated && isZero && runlen === 1) {
      b[p] = valOp(count, 1);
      updated = true;
    }
    if (!updated) {
      // General case: the opcode becomes up to [before][VAL count,1][after].
      const seq = SEQ;
      let n = 0;
      const last = first + span - 1;
      if (isZero || isXzero) {
        if (index !== first) n = putZeros(seq, n, index - first);
        seq[n++] = valOp(count, 1);
        if (index !== last) n = putZeros(seq, n, last - index);
      } else {
        const cur = ((op >> 2) & 0x1f) + 1;
        if (index !== first) seq[n++] = valOp(cur, index - first);
        seq[n++] = valOp(count, 1);
        if (index !== last) seq[n++] = valOp(cur, last - index);
      }
      const oldlen = isXzero ? 2 : 1;
      const delta = n - oldlen;
      if (delta > 0 && this.len + delta > sparseMax) return this.promote(index, count);
      const next = p + oldlen;
      if (delta !== 0 && next < end) b.copyWithin(next + delta, next, end);
      this.len += delta;
      end += delta;
      for (let i = 0; i < n; i++) b[p + i] = seq[i];
    }

    // Merge adjacent VAL opcodes of equal value, scanning up to 5 opcodes from prev.
    let q = prev >= 0 ? prev : HLL_HDR_SIZE;
    let scan = 5;
    while (q < end && scan-- > 0) {
      const o = b[q];
      if ((o & 0xc0) === 0x40) {
        q += 2;
        continue;
      }
      if ((o & 0xc0) === 0) {
        q++;
        continue;
      }
      if (q + 1 < end && b[q + 1] & 0x80) {
        const v1 = ((o >> 2) & 0x1f) + 1;
        const v2 = ((b[q + 1] >> 2) & 0x1f) + 1;
        if (v1 === v2) {
          const len = (o & 3) + 1 + (b[q + 1] & 3) + 1;
          if (len <= SPARSE_VAL_MAX_LEN) {
            b[q + 1] = valOp(v1, len);
            b.copyWithin(q, q + 1, end);
            this.len--;
            end--;
            b[end] = 0;
            continue;
          }
        }
      }
      q++;
    }
    b[end] = 0;
    this.invalidateCache();
    return 1;
  }

  private promote(index: number, count: number): number {
    if (!this.toDense()) return -1;
    denseSet(this.buf, HLL_HDR_SIZE, index, count);
    return 1;
  }

  /** The cardinality estimate of the loaded value, or -1 when its sparse data is corrupt. */
  count(): number {
    histo.fill(0);
    if (this.buf[4] === HLL_DENSE) denseHisto(this.buf, HLL_HDR_SIZE, histo);
    else if (!sparseHisto(this.buf, HLL_HDR_SIZE, this.len, histo)) return -1;
    return estimate(histo);
  }

  /** Writes register `i` of a dense value (PFSELFTEST). */
  setRegister(i: number, v: number): void {
    denseSet(this.buf, HLL_HDR_SIZE, i, v);
  }

  /** Register `i` of a dense value. */
  register(i: number): number {
    return denseGet(this.buf, HLL_HDR_SIZE, i);
  }

  /** PFDEBUG DECODE's text for a sparse value: "z:N", "Z:N", "v:VAL,LEN" separated by spaces. */
  decode(): string {
    const b = this.buf;
    const parts: string[] = [];
    let p = HLL_HDR_SIZE;
    while (p < this.len) {
      const op = b[p];
      if ((op & 0xc0) === 0) {
        parts.push(`z:${(op & 0x3f) + 1}`);
        p++;
      } else if ((op & 0xc0) === 0x40) {
        parts.push(`Z:${(((op & 0x3f) << 8) | b[p + 1]) + 1}`);
        p += 2;
      } else {
        parts.push(`v:${((op >> 2) & 0x1f) + 1},${(op & 3) + 1}`);
        p++;
      }
    }
    return parts.join(' ');
  }
}

const SEQ = new Uint8Array(5);

function valOp(val: number, len: number): number {
  return 0x80 | ((val - 1) << 2) | (len - 1);
}

/** Writes a ZERO (up to 64) or XZERO run of `len` registers at seq[n]; returns the new n. */
function putZeros(seq: Uint8Array, n: number, len: number): number {
  if (len > SPARSE_ZERO_MAX_LEN) {
    const l = len - 1;
    seq[n] = (l >> 8) | 0x40;
    seq[n + 1] = l & 0xff;
    return n + 2;
  }
  seq[n] = len - 1;
  return n + 1;
}
