/**
 * A packed sequence of byte strings, in the spirit of Redis's quicklist of
 * listpacks: elements live back to back in chunk Buffers of up to
 * CHUNK_BYTES, each entry framed as
 *
 *     <length, LEB128> <bytes> <length again, LEB128 read backwards>
 *
 * so a chunk is walked from either end, and a short element costs its bytes
 * plus two (a JS string per element costs 16-24 bytes of header and a
 * pointer on top). Push and pop at both ends are O(1); index access walks
 * chunks and then entries, O(n/chunk + chunk) like Redis, but a cursor
 * remembers the last position so scans in either direction (LRANGE, LPOS,
 * SORT) cost O(1) per element. Edits in the middle rebuild one chunk.
 *
 * Elements are latin1 strings outside (one char per byte), bytes inside.
 */

/** Redis's list-max-listpack-size -2: 8 KB per node. */
const CHUNK_BYTES = 8192;
/** First allocation of a chunk; it doubles up to CHUNK_BYTES (a short list stays small). */
const CHUNK_START = 256;

function varintSize(n: number): number {
  let s = 1;
  while (n >= 128) { n = Math.floor(n / 128); s++; }
  return s;
}

/** Bytes one entry of length `n` takes. */
function entrySize(n: number): number {
  return n + 2 * varintSize(n);
}

class Chunk {
  /** Entries occupy [lo, hi) of buf. */
  lo: number;
  hi: number;
  count = 0;
  constructor(public buf: Buffer, at: number) {
    this.lo = this.hi = at;
  }
  get used(): number {
    return this.hi - this.lo;
  }
}

/** Reads a forward length at `p`; sets `lenEnd` to where the bytes start. */
let lenEnd = 0;
function readLen(b: Buffer, p: number): number {
  let v = 0;
  let shift = 1;
  for (;;) {
    const c = b[p++];
    v += (c & 127) * shift;
    if (c < 128) break;
    shift *= 128;
  }
  lenEnd = p;
  return v;
}

/** Reads a backward length ending just before `p`; sets `lenEnd` to where it starts. */
function readBackLen(b: Buffer, p: number): number {
  let v = 0;
  let shift = 1;
  for (;;) {
    const c = b[--p];
    v += (c & 127) * shift;
    if (c < 128) break;
    shift *= 128;
  }
  lenEnd = p;
  return v;
}

/** Writes the entry for `s` at `p`; returns the end. */
function writeEntry(b: Buffer, p: number, s: string): number {
  const n = s.length;
  let v = n;
  while (v >= 128) { b[p++] = (v % 128) | 128; v = Math.floor(v / 128); }
  b[p++] = v;
  if (n <= 16) for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
  else p += b.latin1Write(s, p, n);
  // The backward length: its low group is the last byte, continuation flags point backwards.
  const k = varintSize(n);
  v = n;
  for (let j = 0; j < k; j++) {
    b[p + k - 1 - j] = (v % 128) | (j < k - 1 ? 128 : 0);
    v = Math.floor(v / 128);
  }
  return p + k;
}

function readString(b: Buffer, start: number, n: number): string {
  if (n <= 12) {
    // Short elements: a char-code loop beats the native slice call.
    switch (n) {
      case 0: return '';
      case 1: return String.fromCharCode(b[start]);
      case 2: return String.fromCharCode(b[start], b[start + 1]);
      case 3: return String.fromCharCode(b[start], b[start + 1], b[start + 2]);
      default: break;
    }
  }
  return b.latin1Slice(start, start + n);
}

export class PackedList {
  private chunks: Chunk[] = [];
  private len = 0;
  // Cursor: the entry of element `curIndex`, in chunk `curChunk` (first element `curBase`), starts at `curOff`.
  private curChunk = -1;
  private curBase = 0;
  private curIndex = 0;
  private curOff = 0;

  get length(): number {
    return this.len;
  }

  at(i: number): string {
    if (i === this.curIndex + 1 && this.curChunk >= 0 && i < this.curBase + this.chunks[this.curChunk].count) {
      // The next element in the cursor's chunk (LRANGE and other forward scans): one step.
      const b = this.chunks[this.curChunk].buf;
      const prev = this.curOff;
      const skip = readLen(b, prev);
      const off = 2 * lenEnd - prev + skip; // an entry's two length fields have the same size
      this.curIndex = i;
      this.curOff = off;
      const n = readLen(b, off);
      return readString(b, lenEnd, n);
    }
    this.seek(i);
    const b = this.chunks[this.curChunk].buf;
    const n = readLen(b, this.curOff);
    return readString(b, lenEnd, n);
  }

  /** Whether element i equals `s`, without making a string of it. */
  equalsAt(i: number, s: string): boolean {
    this.seek(i);
    const b = this.chunks[this.curChunk].buf;
    const n = readLen(b, this.curOff);
    if (n !== s.length) return false;
    const p = lenEnd;
    for (let j = 0; j < n; j++) if (b[p + j] !== s.charCodeAt(j)) return false;
    return true;
  }

  /** Moves the cursor to element 0 <= i < length. */
  private seek(i: number): void {
    const chunks = this.chunks;
    let ci = this.curChunk;
    let base = this.curBase;
    if (ci < 0) {
      // No cursor: start from the nearer end of the list.
      if (i < this.len - i) { ci = 0; base = 0; } else { ci = chunks.length - 1; base = this.len - chunks[ci].count; }
      const c = chunks[ci];
      this.curChunk = ci;
      this.curBase = base;
      if (i - base < base + c.count - i) { this.curIndex = base; this.curOff = c.lo; } else { this.curIndex = base + c.count - 1; this.curOff = lastEntry(c); }
    }
    while (i < base) { ci--; base -= chunks[ci].count; }
    while (i >= base + chunks[ci].count) { base += chunks[ci].count; ci++; }
    const c = chunks[ci];
    if (ci !== this.curChunk) {
      this.curChunk = ci;
      this.curBase = base;
      if (i - base < base + c.count - i) { this.curIndex = base; this.curOff = c.lo; } else { this.curIndex = base + c.count - 1; this.curOff = lastEntry(c); }
    }
    // Walk entries within the chunk from the cursor (or from the nearer chunk end when closer).
    let k = this.curIndex;
    let off = this.curOff;
    const end = base + c.count - 1;
    if (i < k && i - base < k - i) { k = base; off = c.lo; } else if (i > k && end - i < i - k) { k = end; off = lastEntry(c); }
    const b = c.buf;
    // An entry's two length fields have the same size.
    while (k < i) { const n = readLen(b, off); off = 2 * lenEnd - off + n; k++; }
    while (k > i) { const n = readBackLen(b, off); off = 2 * lenEnd - off - n; k--; }
    this.curIndex = k;
    this.curOff = off;
  }

  private invalidate(): void {
    this.curChunk = -1;
  }

  pushTail(s: string): void {
    this.invalidate();
    const need = entrySize(s.length);
    let c = this.chunks.length > 0 ? this.chunks[this.chunks.length - 1] : null;
    if (c === null || (c.hi + need > c.buf.length && !growChunk(c, need, false))) {
      c = new Chunk(Buffer.allocUnsafeSlow(chunkAlloc(need)), 0);
      this.chunks.push(c);
    }
    c.hi = writeEntry(c.buf, c.hi, s);
    c.count++;
    this.len++;
  }

  pushHead(s: string): void {
    this.invalidate();
    const need = entrySize(s.length);
    let c = this.chunks.length > 0 ? this.chunks[0] : null;
    if (c === null || (c.lo < need && !growChunk(c, need, true))) {
      const size = chunkAlloc(need);
      c = new Chunk(Buffer.allocUnsafeSlow(size), size);
      this.chunks.unshift(c);
    }
    c.lo -= need;
    writeEntry(c.buf, c.lo, s);
    c.count++;
    this.len++;
  }

  popHead(): string {
    const s = this.at(0);
    this.dropHead(1);
    return s;
  }

  popTail(): string {
    const s = this.at(this.len - 1);
    this.dropTail(1);
    return s;
  }

  dropHead(n: number): void {
    this.invalidate();
    const chunks = this.chunks;
    this.len -= n;
    let drop = 0;
    while (n > 0 && chunks[drop].count <= n) n -= chunks[drop++].count;
    if (drop > 0) chunks.splice(0, drop);
    if (n > 0) {
      const c = chunks[0];
      const b = c.buf;
      let off = c.lo;
      for (let k = 0; k < n; k++) { const len = readLen(b, off); off = lenEnd + len + varintSize(len); }
      c.lo = off;
      c.count -= n;
    }
  }

  dropTail(n: number): void {
    this.invalidate();
    const chunks = this.chunks;
    this.len -= n;
    while (n > 0 && chunks[chunks.length - 1].count <= n) n -= chunks.pop()!.count;
    if (n > 0) {
      const c = chunks[chunks.length - 1];
      const b = c.buf;
      let off = c.hi;
      for (let k = 0; k < n; k++) { const len = readBackLen(b, off); off = lenEnd - len - varintSize(len); }
      c.hi = off;
      c.count -= n;
    }
  }

  setAt(i: number, s: string): void {
    this.editChunkOf(i, (items, j) => { items[j] = s; });
  }

  insertAt(i: number, s: string): void {
    if (i === 0) return this.pushHead(s);
    if (i === this.len) return this.pushTail(s);
    this.editChunkOf(i, (items, j) => { items.splice(j, 0, s); });
    this.len++;
  }

  /** Index of the first element equal to `s`, or -1. */
  indexOf(s: string): number {
    for (let i = 0; i < this.len; i++) if (this.equalsAt(i, s)) return i;
    return -1;
  }

  /** Removes up to `limit` (0 = all) elements equal to `s`, from the tail when `fromTail`; returns how many. */
  removeEqual(s: string, limit: number, fromTail: boolean): number {
    const keep: boolean[] = new Array(this.len);
    let removed = 0;
    for (let k = 0; k < this.len; k++) {
      const i = fromTail ? this.len - 1 - k : k;
      const hit = (limit === 0 || removed < limit) && this.equalsAt(i, s);
      if (hit) removed++;
      keep[i] = !hit;
    }
    if (removed === 0) return 0;
    const items: string[] = [];
    for (let i = 0; i < this.len; i++) if (keep[i]) items.push(this.at(i));
    this.rebuild(items);
    return removed;
  }

  keepRange(start: number, count: number): void {
    this.dropTail(this.len - start - count);
    this.dropHead(start);
  }

  /** All elements, head first. */
  toArray(): string[] {
    const out = new Array<string>(this.len);
    for (let i = 0; i < this.len; i++) out[i] = this.at(i);
    return out;
  }

  /** Replaces the content with `items`. */
  rebuild(items: readonly string[]): void {
    this.invalidate();
    this.chunks = [];
    this.len = 0;
    for (const s of items) this.pushTail(s);
  }

  /** Decodes the chunk holding element i, lets `edit` change its items (j = i's place), re-encodes it. */
  private editChunkOf(i: number, edit: (items: string[], j: number) => void): void {
    this.seek(i);
    const ci = this.curChunk;
    const j = i - this.curBase;
    const c = this.chunks[ci];
    const items: string[] = new Array(c.count);
    for (let k = 0; k < c.count; k++) items[k] = this.at(this.curBase + k);
    edit(items, j);
    this.invalidate();
    const saved = this.len;
    const part = new PackedList();
    for (const s of items) part.pushTail(s);
    this.chunks.splice(ci, 1, ...part.chunks);
    this.len = saved;
  }
}

/** Offset of the last entry of a non-empty chunk. */
function lastEntry(c: Chunk): number {
  const n = readBackLen(c.buf, c.hi);
  return lenEnd - n - varintSize(n);
}

function chunkAlloc(need: number): number {
  let size = CHUNK_START;
  while (size < need && size < CHUNK_BYTES) size *= 2;
  return Math.max(size, need);
}

/**
 * Makes room for `need` more bytes at the chunk's head or tail by moving
 * its entries into a bigger buffer (doubling, up to CHUNK_BYTES), or just
 * recentering them when the buffer has room at the other end. False when
 * the chunk is full: the caller starts a new one.
 */
function growChunk(c: Chunk, need: number, atHead: boolean): boolean {
  const used = c.used;
  if (used + need > CHUNK_BYTES) return false;
  let size = c.buf.length;
  while (size < used + need) size *= 2;
  const b = size === c.buf.length ? c.buf : Buffer.allocUnsafeSlow(size);
  const lo = atHead ? size - used : 0;
  c.buf.copy(b, lo, c.lo, c.hi);
  c.buf = b;
  c.lo = lo;
  c.hi = lo + used;
  return true;
}
