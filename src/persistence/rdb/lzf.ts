/**
 * LZF (liblzf 3.6), the compression RDB applies to strings longer than 20
 * bytes when `rdbcompression` is on.
 *
 * The compressor follows Redis's build of liblzf exactly (HLOG 16,
 * VERY_FAST, its hash and match rules) so DUMP payloads and RDB files come
 * out byte for byte as Redis writes them. One difference is deliberate:
 * Redis leaves the hash table uninitialised (stack garbage from earlier
 * calls may offer extra, still valid, matches); here it starts empty,
 * which makes the output deterministic.
 */

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

/**
 * Hash table of input positions, reused across calls. Instead of clearing
 * 64K slots for every (often tiny) string, each slot carries the call
 * number that wrote it: a slot from an older call reads as empty.
 */
const htab = new Int32Array(HSIZE);
const hgen = new Uint32Array(HSIZE);
let gen = 0;

function idx(h: number): number {
  return ((h >>> (3 * 8 - HLOG)) - Math.imul(h, 5)) & (HSIZE - 1);
}

/**
 * Compresses input[0, inLen) into out[0, outLen). Returns the compressed
 * length, or 0 when it would not fit (the caller then stores the string
 * raw, as Redis does). Allocates nothing: snapshots call it per value.
 */
export function lzfCompress(input: Uint8Array, inLen: number, out: Uint8Array, outLen: number): number {
  if (inLen === 0 || outLen <= 0) return 0;
  if (++gen === 0xffffffff) {
    hgen.fill(0);
    gen = 1;
  }
  const g = gen;
  const tab = htab;
  let ip = 0;
  let op = 0;
  const inEnd = inLen;
  const outEnd = outLen;
  let lit = 0;
  /** One more literal byte; a full run (32) is closed and a new one started. */
  const copyLiteral = (): void => {
    lit++;
    out[op++] = input[ip++];
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  };
  op++; // start run
  let hval = ((input[0] << 8) | input[1]) >>> 0;
  while (ip < inEnd - 2) {
    hval = ((hval << 8) | input[ip + 2]) >>> 0;
    const slot = idx(hval);
    const ref = hgen[slot] === g ? tab[slot] : -1;
    tab[slot] = ip;
    hgen[slot] = g;
    const off = ip - ref - 1;
    if (ref >= 0 && ref < ip && off < MAX_OFF && ip + 4 < inEnd && ref > 0
      && input[ref] === input[ip] && input[ref + 1] === input[ip + 1] && input[ref + 2] === input[ip + 2]) {
      let len = 2;
      let maxlen = inEnd - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      out[op - lit - 1] = lit - 1; // stop run
      if (lit === 0) op--; // undo run if length is zero
      if (op + 3 + 1 >= outEnd) return 0;
      // liblzf's unrolled first 16 steps do not check maxlen, so a match may run
      // up to two bytes past it (still inside the input): reproduced for identical output
      let broke = false;
      if (maxlen > 16) {
        for (let k = 0; k < 16; k++) {
          len++;
          if (input[ref + len] !== input[ip + len]) {
            broke = true;
            break;
          }
        }
      }
      if (!broke) {
        do len++;
        while (len < maxlen && input[ref + len] === input[ip + len]);
      }
      len -= 2; // now #octets - 1
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // start run
      ip += len + 1;
      if (ip >= inEnd - 2) break;
      ip -= 2;
      hval = ((input[ip] << 8) | input[ip + 1]) >>> 0;
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      let h = idx(hval);
      tab[h] = ip;
      hgen[h] = g;
      ip++;
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      h = idx(hval);
      tab[h] = ip;
      hgen[h] = g;
      ip++;
    } else {
      if (op >= outEnd) return 0;
      copyLiteral();
    }
  }
  if (op + 3 > outEnd) return 0;
  while (ip < inEnd) copyLiteral();
  out[op - lit - 1] = lit - 1;
  if (lit === 0) op--;
  return op;
}

/** Decompresses to exactly `outLen` bytes; null when the input is corrupt. */
export function lzfDecompress(input: Uint8Array, outLen: number): Buffer | null {
  const out = Buffer.allocUnsafe(outLen);
  let ip = 0;
  let op = 0;
  while (ip < input.length) {
    let ctrl = input[ip++];
    if (ctrl < 32) {
      ctrl++;
      if (op + ctrl > outLen || ip + ctrl > input.length) return null;
      for (let i = 0; i < ctrl; i++) out[op++] = input[ip++];
    } else {
      let len = ctrl >> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (len === 7) {
        if (ip >= input.length) return null;
        len += input[ip++];
      }
      if (ip >= input.length) return null;
      ref -= input[ip++];
      len += 2;
      if (op + len > outLen || ref < 0) return null;
      for (let i = 0; i < len; i++) out[op++] = out[ref++];
    }
  }
  return op === outLen ? out : null;
}
