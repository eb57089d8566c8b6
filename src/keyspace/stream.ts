/**
 * The stream value type.
 *
 * Redis keeps a stream as a radix tree of listpack "macro nodes": each node
 * is keyed by the ID of the first entry appended to it (its master ID),
 * holds up to stream-node-max-entries entries / stream-node-max-bytes
 * bytes, and never physically removes an entry: XDEL and exact trimming
 * only flag it deleted; a node is freed when all its entries are deleted.
 * Approximate trimming (`~`) removes whole nodes only, so its result
 * depends on where node boundaries fall. We mirror that layout exactly —
 * the same boundaries (byte sizes are computed with listpack's encoding
 * rules), the same tombstones, the same node removal — so `~` trims,
 * XINFO's radix-tree-keys/radix-tree-nodes and every edge case agree with
 * Redis.
 *
 * Nodes live in a plain array (in ID order) with a head offset: appends go
 * to the last node (O(1) amortised), head nodes are dropped by bumping the
 * offset (compacted lazily), seeks are binary searches over node master IDs
 * and then inside a node (O(log n)). A node emptied in the middle by XDEL is
 * spliced out (a pointer memmove over nodes, i.e. n/100 words).
 *
 * Consumer groups hang off `groups` (see ConsumerGroup); this module only
 * owns entries and the stream metadata XINFO reports.
 */
import type { RObject } from './value.js';
import { parseI64 } from '../protocol/ints.js';
import {
  type StreamID, type U64,
  compareParts, deltaI64, encodeID, u64Inc,
} from './stream-id.js';

export * from './stream-id.js';

/**
 * A consumer group. Defined by the consumer-group module; declared here
 * (empty, extended by declaration merging or replaced) so Stream can hold them.
 */
export interface ConsumerGroup {}

const DELETED = 1;
const SAME_FIELDS = 2;
/** Nodes holding more than this many chars stay unpacked (one string per value). */
const PACK_MAX_CHARS = 1 << 20;

/**
 * A listpack macro node. While it is the tail node (appends go there) each
 * entry keeps its field/value array; once a newer node follows it, `seal()`
 * packs it like a listpack: every value (and the field names of entries
 * whose fields differ from the master entry's) concatenated into one string
 * with element offsets, deleted entries' data dropped, IDs in Float64Arrays.
 * That cuts memory per small entry by about 4x (the per-entry array and
 * string headers dominate otherwise); reads slice values back out.
 */
export class StreamNode {
  /** Entry IDs (live and deleted), ascending. Typed arrays once sealed with only small IDs. */
  ms: U64[] | Float64Array = [];
  seq: U64[] | Float64Array = [];
  /** Unpacked form: per entry its field/value list, null once deleted. Null when packed. */
  private fv: (string[] | null)[] | null = [];
  /** Packed form: element text, element boundaries, first element of each entry, per-entry flags. */
  private packed = '';
  private offs: Uint32Array | null = null;
  private first: Uint32Array | null = null;
  private flags: Uint8Array | null = null;
  live = 0;
  deleted = 0;
  /** listpack bytes except the two counters (live/deleted), which are re-encoded in place. */
  fixedBytes: number;
  constructor(
    readonly masterMs: U64,
    readonly masterSeq: U64,
    /** Field names of the first entry; later entries with the same names store values only. */
    readonly masterFields: string[],
  ) {
    // header (6) + end byte (1) + num-fields + fields + the 0 terminator
    let b = 7 + intBytes(masterFields.length) + intBytes(0);
    for (const f of masterFields) b += strBytes(f);
    this.fixedBytes = b;
  }

  /** Number of entries, deleted ones included. */
  get size(): number {
    return this.ms.length;
  }

  bytes(): number {
    return this.fixedBytes + intBytes(this.live) + intBytes(this.deleted);
  }

  private sameFields(fv: string[]): boolean {
    const mf = this.masterFields;
    const n = fv.length >> 1;
    if (n !== mf.length) return false;
    for (let i = 0; i < n; i++) if (fv[2 * i] !== mf[i]) return false;
    return true;
  }

  /** Append an entry (flags, ms-diff, seq-diff, [num-fields, fields], values, lp-count). */
  push(ms: U64, seq: U64, fv: string[]): void {
    if (this.fv === null) this.unseal();
    const n = fv.length >> 1;
    let b = 2 + intBytes(deltaI64(ms, this.masterMs)) + intBytes(deltaI64(seq, this.masterSeq));
    if (this.sameFields(fv)) {
      for (let i = 1; i < fv.length; i += 2) b += strBytes(fv[i]);
      b += intBytes(n + 3);
    } else {
      b += intBytes(n);
      for (let i = 0; i < fv.length; i++) b += strBytes(fv[i]);
      b += intBytes(2 * n + 4);
    }
    this.fixedBytes += b;
    (this.ms as U64[]).push(ms);
    (this.seq as U64[]).push(seq);
    this.fv!.push(fv);
    this.live++;
  }

  isLive(p: number): boolean {
    return this.fv !== null ? this.fv[p] !== null : (this.flags![p] & DELETED) === 0;
  }

  /** Field/value list of entry p (live). */
  entry(p: number): string[] {
    if (this.fv !== null) return this.fv[p]!;
    const first = this.first!;
    const offs = this.offs!;
    const text = this.packed;
    const a = first[p];
    const b = first[p + 1];
    if ((this.flags![p] & SAME_FIELDS) !== 0) {
      const mf = this.masterFields;
      const out: string[] = new Array((b - a) * 2);
      for (let k = 0; k < b - a; k++) {
        out[2 * k] = mf[k];
        out[2 * k + 1] = text.slice(offs[a + k], offs[a + k + 1]);
      }
      return out;
    }
    const out: string[] = new Array(b - a);
    for (let k = a; k < b; k++) out[k - a] = text.slice(offs[k], offs[k + 1]);
    return out;
  }

  /** Flags entry p deleted (the caller keeps the counters). */
  kill(p: number): void {
    if (this.fv !== null) this.fv[p] = null;
    else this.flags![p] |= DELETED;
  }

  /** Packs the node (see the class comment); a no-op for huge nodes. */
  seal(): void {
    const fvs = this.fv;
    if (fvs === null) return;
    let chars = 0;
    let elems = 0;
    for (const fv of fvs) {
      if (fv === null) continue;
      const same = this.sameFields(fv);
      for (let i = same ? 1 : 0; i < fv.length; i += same ? 2 : 1) chars += fv[i].length;
      elems += same ? fv.length >> 1 : fv.length;
    }
    if (chars > PACK_MAX_CHARS) return;
    const n = fvs.length;
    const offs = new Uint32Array(elems + 1);
    const first = new Uint32Array(n + 1);
    const flags = new Uint8Array(n);
    const parts: string[] = [];
    let e = 0;
    let at = 0;
    for (let p = 0; p < n; p++) {
      first[p] = e;
      const fv = fvs[p];
      if (fv === null) {
        flags[p] = DELETED;
        continue;
      }
      const same = this.sameFields(fv);
      if (same) flags[p] = SAME_FIELDS;
      for (let i = same ? 1 : 0; i < fv.length; i += same ? 2 : 1) {
        offs[e++] = at;
        at += fv[i].length;
        parts.push(fv[i]);
      }
    }
    first[n] = e;
    offs[e] = at;
    // join() builds one flat string; values stop being separate heap objects.
    this.packed = parts.join('');
    this.offs = offs;
    this.first = first;
    this.flags = flags;
    this.fv = null;
    this.ms = packIds(this.ms as U64[]);
    this.seq = packIds(this.seq as U64[]);
  }

  /** Back to the unpacked form (an append after CONFIG SET raised the node limits). */
  private unseal(): void {
    const n = this.size;
    const fvs: (string[] | null)[] = new Array(n);
    for (let p = 0; p < n; p++) fvs[p] = this.isLive(p) ? this.entry(p) : null;
    this.ms = Array.from(this.ms as ArrayLike<U64>);
    this.seq = Array.from(this.seq as ArrayLike<U64>);
    this.fv = fvs;
    this.packed = '';
    this.offs = this.first = null;
    this.flags = null;
  }

  /** First index whose ID is >= (ms, seq). */
  lowerBound(id: StreamID): number {
    let lo = 0;
    let hi = this.ms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareParts(this.ms[mid], this.seq[mid], id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** IDs as a Float64Array when all are numbers (exact: numbers are <= 2^53-1 by construction). */
function packIds(a: U64[]): U64[] | Float64Array {
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number') return a;
  return Float64Array.from(a as number[]);
}

/** Bytes of a listpack integer element: encoding + 1 backlen byte. */
function intBytes(v: number | bigint): number {
  if (typeof v === 'bigint') {
    if (v >= -2147483648n && v <= 2147483647n) return intBytes(Number(v));
    return 10;
  }
  if (v >= 0 && v <= 127) return 2;
  if (v >= -4096 && v <= 4095) return 3;
  if (v >= -32768 && v <= 32767) return 4;
  if (v >= -8388608 && v <= 8388607) return 5;
  if (v >= -2147483648 && v <= 2147483647) return 6;
  return 10;
}

/** Bytes of a listpack string element (strings that read as int64 are stored as integers). */
function strBytes(s: string): number {
  const len = s.length;
  if (len <= 20) {
    const n = parseI64(s);
    if (n !== null) return intBytes(n);
  }
  const enc = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
  const back = enc <= 127 ? 1 : enc < 16383 ? 2 : enc < 2097151 ? 3 : enc < 268435455 ? 4 : 5;
  return enc + back;
}

/** Where an entry sits: node index (absolute, in `nodes`) and position inside it. */
export interface StreamPos {
  node: number;
  pos: number;
}

export type TrimStrategy = 'maxlen' | 'minid';

export interface TrimArgs {
  strategy: TrimStrategy;
  maxlen: number;
  minid: StreamID;
  approx: boolean;
  /** Max entries removed; 0 = unlimited. */
  limit: number;
}

/** Called per entry by Stream.range; return false to stop. */
export type EntryVisitor = (ms: U64, seq: U64, fv: string[]) => boolean | void;

export class Stream implements RObject {
  readonly type = 'stream' as const;
  /** Nodes in ID order; the live ones are nodes[head..]. */
  nodes: StreamNode[] = [];
  head = 0;
  /** Number of live entries. */
  length = 0;
  lastId: StreamID = { ms: 0, seq: 0 };
  /** First live entry (0-0 when empty), as Redis's s->first_id. */
  firstId: StreamID = { ms: 0, seq: 0 };
  maxDeletedId: StreamID = { ms: 0, seq: 0 };
  /**
   * All entries ever added (XINFO entries-added, consumer-group lag). A U64
   * (number, bigint past 2^53) because XSETID ENTRIESADDED may set any int64.
   */
  entriesAdded: U64 = 0;
  groups: Map<string, ConsumerGroup> | null = null;

  encoding(): string {
    return 'stream';
  }

  /** Number of macro nodes (XINFO radix-tree-keys). */
  nodeCount(): number {
    return this.nodes.length - this.head;
  }

  /**
   * Append an entry; the caller has checked id > lastId. `fv` is the flat
   * field/value list (kept by reference). Node limits as Redis's config
   * (0 = unlimited).
   */
  append(id: StreamID, fv: string[], maxBytes: number, maxEntries: number): void {
    let node = this.nodes.length > this.head ? this.nodes[this.nodes.length - 1] : null;
    if (node !== null) {
      let totelelen = 0;
      for (let i = 0; i < fv.length; i++) totelelen += fv[i].length;
      const limit = maxBytes === 0 || maxBytes > 1073741824 ? 1073741824 : maxBytes;
      if (node.bytes() + totelelen >= limit) node = null;
      else if (maxEntries !== 0 && node.live + node.deleted >= maxEntries) node = null;
    }
    if (node === null) {
      const fields: string[] = new Array(fv.length >> 1);
      for (let i = 0; i < fields.length; i++) fields[i] = fv[2 * i];
      if (this.nodes.length > this.head) this.nodes[this.nodes.length - 1].seal();
      node = new StreamNode(id.ms, id.seq, fields);
      this.nodes.push(node);
    }
    node.push(id.ms, id.seq, fv);
    if (this.length === 0) this.firstId = { ms: id.ms, seq: id.seq };
    this.length++;
    this.entriesAdded = typeof this.entriesAdded === 'number' && this.entriesAdded < 9007199254740991 ? this.entriesAdded + 1 : u64Inc(this.entriesAdded)!;
    this.lastId = { ms: id.ms, seq: id.seq };
  }

  /** Index of the node that would hold `id` (the last node whose master ID <= id), clamped to head. */
  private nodeFor(id: StreamID): number {
    let lo = this.head;
    let hi = this.nodes.length - 1;
    let ans = this.head;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const n = this.nodes[mid];
      if (compareParts(n.masterMs, n.masterSeq, id) <= 0) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  /** Position of the entry with exactly this ID (live or deleted), or null. */
  find(id: StreamID): StreamPos | null {
    if (this.nodes.length === this.head) return null;
    const ni = this.nodeFor(id);
    const n = this.nodes[ni];
    const p = n.lowerBound(id);
    if (p < n.ms.length && n.ms[p] === id.ms && n.seq[p] === id.seq) return { node: ni, pos: p };
    return null;
  }

  /** Field/value list of a live entry, or null. */
  get(id: StreamID): string[] | null {
    const at = this.find(id);
    if (at === null) return null;
    const n = this.nodes[at.node];
    return n.isLive(at.pos) ? n.entry(at.pos) : null;
  }

  /**
   * Visit live entries with start <= ID <= end, ascending (or descending
   * when rev), at most `count` (0 = all). Returns the number visited.
   */
  range(start: StreamID, end: StreamID, rev: boolean, count: number, fn: EntryVisitor): number {
    if (this.length === 0) return 0;
    let emitted = 0;
    const nodes = this.nodes;
    if (!rev) {
      let ni = this.nodeFor(start);
      let p = nodes[ni].lowerBound(start);
      for (; ni < nodes.length; ni++, p = 0) {
        const n = nodes[ni];
        const size = n.size;
        for (; p < size; p++) {
          if (!n.isLive(p)) continue;
          if (compareParts(n.ms[p], n.seq[p], end) > 0) return emitted;
          emitted++;
          if (fn(n.ms[p], n.seq[p], n.entry(p)) === false || emitted === count) return emitted;
        }
      }
    } else {
      let ni = this.nodeFor(end);
      let n = nodes[ni];
      let p = n.lowerBound(end);
      if (p === n.ms.length || compareParts(n.ms[p], n.seq[p], end) > 0) p--;
      for (; ni >= this.head; ) {
        for (; p >= 0; p--) {
          if (!n.isLive(p)) continue;
          if (compareParts(n.ms[p], n.seq[p], start) < 0) return emitted;
          emitted++;
          if (fn(n.ms[p], n.seq[p], n.entry(p)) === false || emitted === count) return emitted;
        }
        ni--;
        if (ni < this.head) break;
        n = nodes[ni];
        p = n.ms.length - 1;
      }
    }
    return emitted;
  }

  /** ID of the first (or last) live entry, or null when empty. */
  edge(last: boolean): StreamID | null {
    let out: StreamID | null = null;
    const visit: EntryVisitor = (ms, seq) => {
      out = { ms, seq };
      return false;
    };
    if (last) this.range({ ms: 0, seq: 0 }, this.lastId, true, 1, visit);
    else this.range({ ms: 0, seq: 0 }, this.lastId, false, 1, visit);
    return out;
  }

  /** Delete one entry (XDEL). Returns false when absent or already deleted. Updates metadata. */
  delete(id: StreamID): boolean {
    const at = this.find(id);
    if (at === null) return false;
    const n = this.nodes[at.node];
    if (!n.isLive(at.pos)) return false;
    n.kill(at.pos);
    n.live--;
    n.deleted++;
    this.length--;
    if (n.live === 0) this.removeNode(at.node);
    if (compareParts(this.maxDeletedId.ms, this.maxDeletedId.seq, id) < 0) this.maxDeletedId = { ms: id.ms, seq: id.seq };
    if (this.length === 0) this.firstId = { ms: 0, seq: 0 };
    else if (id.ms === this.firstId.ms && id.seq === this.firstId.seq) this.firstId = this.edge(false)!;
    return true;
  }

  private removeNode(i: number): void {
    if (i === this.head) {
      (this.nodes as (StreamNode | undefined)[])[i] = undefined;
      this.head++;
      if (this.head === this.nodes.length) {
        this.nodes = [];
        this.head = 0;
      } else if (this.head >= 64 && this.head * 2 >= this.nodes.length) {
        this.nodes = this.nodes.slice(this.head);
        this.head = 0;
      }
    } else this.nodes.splice(i, 1);
  }

  /**
   * Trim from the head like Redis's streamTrim: whole nodes while they can
   * go, then (exact trimming only) flag entries of the first node deleted.
   * Returns the number of entries removed.
   */
  trim(a: TrimArgs): number {
    let deleted = 0;
    while (this.nodes.length > this.head) {
      if (a.strategy === 'maxlen' && this.length <= a.maxlen) break;
      const n = this.nodes[this.head];
      const entries = n.live;
      if (a.limit !== 0 && deleted + entries > a.limit) break;
      let removeNode: boolean;
      if (a.strategy === 'maxlen') removeNode = this.length - entries >= a.maxlen;
      else {
        const last = n.ms.length - 1; // the node's last entry, deleted or not
        removeNode = compareParts(n.ms[last], n.seq[last], a.minid) < 0;
      }
      if (removeNode) {
        this.removeNode(this.head);
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (a.approx) break;
      for (let p = 0; p < n.size; p++) {
        const stop = a.strategy === 'maxlen' ? this.length <= a.maxlen : compareParts(n.ms[p], n.seq[p], a.minid) >= 0;
        if (stop) break;
        if (n.isLive(p)) {
          n.kill(p);
          n.live--;
          n.deleted++;
          this.length--;
          deleted++;
        }
      }
      break;
    }
    if (deleted !== 0) this.firstId = this.length === 0 ? { ms: 0, seq: 0 } : this.edge(false)!;
    return deleted;
  }

  /**
   * Approximate bytes held (memory accounting, MEMORY USAGE): the average
   * of up to `samples` of the newest live entries times the length, plus
   * per-node overhead. O(samples), so it can run after every write.
   */
  memoryEstimate(samples = 5): number {
    let sampled = 0;
    let bytes = 0;
    for (let i = this.nodes.length - 1; i >= this.head && sampled < samples; i--) {
      const n = this.nodes[i];
      for (let p = n.size - 1; p >= 0 && sampled < samples; p--) {
        if (!n.isLive(p)) continue;
        const fv = n.entry(p);
        bytes += 48 + 16 * fv.length; // ids, the entry's array and string headers
        for (let j = 0; j < fv.length; j++) bytes += fv[j].length;
        sampled++;
      }
    }
    const perEntry = sampled === 0 ? 0 : bytes / sampled;
    return Math.round(128 + this.nodeCount() * 160 + this.length * perEntry);
  }

  /**
   * Redis's rax node count for the node keys (XINFO radix-tree-nodes): the
   * root, every key, every branching prefix and every child of a branching
   * prefix. O(nodes); only XINFO asks.
   */
  radixTreeNodes(): number {
    const set = new Set<string>(['']);
    let prev: string | null = null;
    for (let i = this.head; i < this.nodes.length; i++) {
      const n = this.nodes[i];
      const key = encodeID(n.masterMs, n.masterSeq);
      set.add(key);
      if (prev !== null) {
        let l = 0;
        while (prev.charCodeAt(l) === key.charCodeAt(l)) l++;
        set.add(key.slice(0, l));
        set.add(key.slice(0, l + 1));
        set.add(prev.slice(0, l + 1));
      }
      prev = key;
    }
    return set.size;
  }
}
