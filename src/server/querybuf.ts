/**
 * The size Redis's query buffer would have, for CLIENT LIST's qbuf-free and
 * tot-mem. respd parses straight from the socket's chunks, so nothing real
 * corresponds; this model follows Redis 7.0 (readQueryFromClient and
 * clientsCronResizeQueryBuffer) closely enough that the buffer grows for a
 * big argument and shrinks again as Redis's does, idle or not:
 *
 * - each read makes room for 16 KB (or for the rest of a big bulk), growing
 *   greedily once the buffer is past 16 KB; a completed big bulk leaves a
 *   new buffer of its size behind;
 * - the cron frees all spare room of a client idle for more than 2 s, and
 *   trims a buffer over 32 KB that is more than twice its recent peak down
 *   to that peak.
 * Sizes are jemalloc's usable sizes minus the sds header, as Redis reports.
 */
const PROTO_IOBUF_LEN = 16 * 1024;
const PROTO_RESIZE_THRESHOLD = 32 * 1024;
const SDS_MAX_PREALLOC = 1024 * 1024;

/** jemalloc's size class for an allocation of n bytes (4 classes per power of two). */
function sizeClass(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return Math.ceil(n / 16) * 16;
  const step = 2 ** (Math.ceil(Math.log2(n)) - 3);
  return Math.ceil(n / step) * step;
}

/** sdsalloc after allocating room for `len` bytes: the usable size minus the header and NUL. */
function sdsUsable(len: number): number {
  const hdr = len < 256 ? 3 : len < 65536 ? 5 : len < 2 ** 32 ? 9 : 17;
  return sizeClass(len + hdr + 1) - hdr - 1;
}

export class QueryBufferModel {
  /** sdsalloc of the modelled buffer. */
  alloc = 0;
  /** Largest length seen since the last cron pass (querybuf_peak). */
  private peak = 0;
  /** The big bulk being read when the last chunk arrived (-1: none). */
  private bigBulk = -1;

  /** A chunk of `n` bytes arrives; `len` bytes were already buffered, `bigBulk` as the parser says. */
  onRead(len: number, n: number, bigBulk: number): void {
    this.bigBulk = bigBulk;
    let readlen = PROTO_IOBUF_LEN;
    const big = bigBulk >= 0 && bigBulk + 2 - len > 0;
    if (big) readlen = bigBulk + 2 - len;
    const need = len + Math.max(readlen, n);
    if (big || this.alloc < PROTO_IOBUF_LEN) {
      if (this.alloc < need) this.alloc = sdsUsable(need);
    } else if (this.alloc < need) {
      this.alloc = sdsUsable(need < SDS_MAX_PREALLOC ? need * 2 : need + SDS_MAX_PREALLOC);
    }
    if (len + n > this.peak) this.peak = len + n;
  }

  /** After the chunk was parsed: a big bulk that completed leaves a buffer of its size. */
  afterParse(bigBulkNow: number): void {
    if (this.bigBulk >= 0 && bigBulkNow < 0) this.alloc = sdsUsable(this.bigBulk + 2);
    this.bigBulk = -1;
  }

  /** clientsCronResizeQueryBuffer: `len` buffered bytes, idle seconds, the big bulk being read. */
  cron(len: number, idleSecs: number, bulkLen: number): void {
    if (this.alloc - len > 4 * 1024) {
      if (idleSecs > 2) {
        this.alloc = len;
      } else if (this.alloc > PROTO_RESIZE_THRESHOLD && this.alloc / 2 > this.peak) {
        this.alloc = Math.max(len, this.peak, bulkLen);
      }
    }
    this.peak = Math.max(len, bulkLen);
  }
}
