/**
 * Stream consumer groups (Redis's streamCG / streamConsumer / streamNACK).
 *
 * A group has a last-delivered ID, an entries-read counter (for XINFO's
 * lag, -1 when unknown, as Redis 7.0's SCG_INVALID_ENTRIES_READ), a PEL
 * (pending entries list) ordered by ID and its consumers ordered by name
 * (byte order, like the rax Redis iterates). Every pending entry (Nack) is
 * shared between the group PEL and its owner's PEL, exactly as in Redis.
 *
 * The ordered maps are skip lists: O(log n) insert/delete/seek, O(1) next,
 * where Redis's rax is O(key length).
 */
import type { Stream, StreamID, U64 } from './stream.js';
import { compareID, deltaI64 } from './stream-id.js';

// ---- ordered map -----------------------------------------------------------

const MAX_LEVEL = 32;

export class SkipNode<K, V> {
  constructor(
    public key: K,
    public value: V,
    readonly next: (SkipNode<K, V> | null)[],
  ) {}
}

/** An ordered map (skip list) with a caller-supplied comparator. */
export class SkipList<K, V> {
  private readonly head: SkipNode<K, V>;
  private level = 1;
  size = 0;
  private tail: SkipNode<K, V> | null = null;

  constructor(private readonly cmp: (a: K, b: K) => number) {
    this.head = new SkipNode<K, V>(undefined as unknown as K, undefined as unknown as V, new Array(MAX_LEVEL).fill(null));
  }

  /** The last node at each level whose key is < k. */
  private path(k: K, update: SkipNode<K, V>[] | null): SkipNode<K, V> {
    let x = this.head;
    for (let i = this.level - 1; i >= 0; i--) {
      let n = x.next[i];
      while (n !== null && this.cmp(n.key, k) < 0) {
        x = n;
        n = x.next[i];
      }
      if (update !== null) update[i] = x;
    }
    return x;
  }

  /** First node with key >= k, or null. */
  seek(k: K): SkipNode<K, V> | null {
    return this.path(k, null).next[0];
  }

  get(k: K): V | undefined {
    const n = this.seek(k);
    return n !== null && this.cmp(n.key, k) === 0 ? n.value : undefined;
  }

  first(): SkipNode<K, V> | null {
    return this.head.next[0];
  }

  last(): SkipNode<K, V> | null {
    return this.tail;
  }

  /** Inserts k → v; false (and nothing changed) when k is present. */
  insert(k: K, v: V): boolean {
    const update: SkipNode<K, V>[] = new Array(this.level);
    const x = this.path(k, update);
    const at = x.next[0];
    if (at !== null && this.cmp(at.key, k) === 0) return false;
    let lvl = 1;
    while (lvl < MAX_LEVEL && Math.random() < 0.25) lvl++;
    if (lvl > this.level) {
      for (let i = this.level; i < lvl; i++) update[i] = this.head;
      this.level = lvl;
    }
    const node = new SkipNode(k, v, new Array(lvl));
    for (let i = 0; i < lvl; i++) {
      node.next[i] = update[i].next[i];
      update[i].next[i] = node;
    }
    if (node.next[0] === null) this.tail = node;
    this.size++;
    return true;
  }

  /** Removes k; its node keeps its `next` pointers, so an iteration standing on it can go on. */
  delete(k: K): boolean {
    const update: SkipNode<K, V>[] = new Array(this.level);
    const x = this.path(k, update);
    const node = x.next[0];
    if (node === null || this.cmp(node.key, k) !== 0) return false;
    for (let i = 0; i < this.level; i++) {
      if (update[i].next[i] !== node) break;
      update[i].next[i] = node.next[i];
    }
    while (this.level > 1 && this.head.next[this.level - 1] === null) this.level--;
    if (this.tail === node) this.tail = x === this.head ? null : x;
    this.size--;
    return true;
  }
}

/** Byte-order comparison of latin1 strings (memcmp, then length). */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- groups ----------------------------------------------------------------

/** SCG_INVALID_ENTRIES_READ. */
export const INVALID_ENTRIES_READ = -1;

/** A pending entry: delivered to `consumer`, not yet acknowledged. */
export interface Nack {
  deliveryTime: number;
  /** A long long in Redis: RETRYCOUNT may set any value, so beyond 2^53 it is a bigint. */
  deliveryCount: number | bigint;
  /** Null only transiently (XCLAIM FORCE before the owner is set). */
  consumer: Consumer | null;
}

export class Consumer {
  readonly pel = new SkipList<StreamID, Nack>(compareID);
  constructor(
    readonly name: string,
    public seenTime: number,
  ) {}
}

export class CGroup {
  readonly pel = new SkipList<StreamID, Nack>(compareID);
  readonly consumers = new SkipList<string, Consumer>(compareBytes);
  constructor(
    public lastId: StreamID,
    public entriesRead: number | bigint,
  ) {}

  /** streamLookupConsumer: refreshes seen-time unless `noRefresh`. */
  lookupConsumer(name: string, noRefresh = false): Consumer | undefined {
    const cons = this.consumers.get(name);
    if (cons !== undefined && !noRefresh) cons.seenTime = Date.now();
    return cons;
  }

  /** Creates a consumer, or returns null when it exists (the caller raises xgroup-createconsumer). */
  createConsumer(name: string): Consumer | null {
    const cons = new Consumer(name, Date.now());
    return this.consumers.insert(name, cons) ? cons : null;
  }

  /** Deletes a consumer and its pending entries (from the group PEL too). */
  deleteConsumer(cons: Consumer): void {
    for (let n = cons.pel.first(); n !== null; n = n.next[0]) this.pel.delete(n.key);
    this.consumers.delete(cons.name);
  }

  /** Removes a pending entry from both PELs. */
  ack(id: StreamID): boolean {
    const nack = this.pel.get(id);
    if (nack === undefined) return false;
    this.pel.delete(id);
    nack.consumer?.pel.delete(id);
    return true;
  }

  /**
   * Records a delivery of `id` to `cons` (streamReplyWithRange's PEL part):
   * a new pending entry, or an existing one moved to `cons` with its
   * delivery count reset.
   */
  deliver(id: StreamID, cons: Consumer, now: number): void {
    const nack: Nack = { deliveryTime: now, deliveryCount: 1, consumer: cons };
    const key = { ms: id.ms, seq: id.seq };
    if (this.pel.insert(key, nack)) {
      cons.pel.insert(key, nack);
      return;
    }
    const old = this.pel.get(key)!;
    old.consumer?.pel.delete(key);
    old.consumer = cons;
    old.deliveryTime = now;
    old.deliveryCount = 1;
    cons.pel.insert(key, old);
  }
}

/** delivery_count + 1, wrapping like Redis's signed 64-bit counter. */
export function nextCount(n: number | bigint): number | bigint {
  if (typeof n === 'number' && n < Number.MAX_SAFE_INTEGER) return n + 1;
  const b = BigInt.asIntN(64, BigInt(n) + 1n);
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

/** The groups of a stream, typed (stream.ts declares the slot with an opaque type). */
export function groupsOf(s: Stream): Map<string, CGroup> | null {
  return s.groups as Map<string, CGroup> | null;
}

export function lookupGroup(s: Stream, name: string): CGroup | undefined {
  return s.groups === null ? undefined : (s.groups.get(name) as CGroup | undefined);
}

/** streamCreateCG: null when the name is taken. */
export function createGroup(s: Stream, name: string, id: StreamID, entriesRead: number | bigint): CGroup | null {
  if (s.groups === null) s.groups = new Map();
  if (s.groups.has(name)) return null;
  const g = new CGroup({ ms: id.ms, seq: id.seq }, entriesRead);
  s.groups.set(name, g);
  return g;
}

/** Group names in byte order (the order Redis's rax iterates them). */
export function sortedGroupNames(s: Stream): string[] {
  if (s.groups === null) return [];
  return [...s.groups.keys()].sort(compareBytes);
}

// ---- lag -------------------------------------------------------------------

function isZero(id: StreamID): boolean {
  return id.ms === 0 && id.seq === 0;
}

/** streamRangeHasTombstones(s, start, +inf). */
export function rangeHasTombstones(s: Stream, start: StreamID): boolean {
  const md = s.maxDeletedId;
  if (s.length === 0 || isZero(md)) return false;
  if (compareID(s.firstId, md) > 0) return false;
  return compareID(start, md) <= 0;
}

/**
 * streamEstimateDistanceFromFirstEverEntry: the entries-read value of `id`,
 * or -1 when unknown. Counters are int64 in Redis (XSETID ENTRIESADDED can
 * set any), so they may be BigInts here.
 */
export function estimateEntriesRead(s: Stream, id: StreamID): number | bigint {
  const added = s.entriesAdded;
  if (added === 0) return 0;
  const cmpLast = compareID(id, s.lastId);
  if (s.length === 0 && cmpLast < 1) return added;
  if (cmpLast === 0) return added;
  if (cmpLast > 0) return INVALID_ENTRIES_READ;
  const md = s.maxDeletedId;
  if (isZero(md) || compareID(md, s.firstId) < 0) {
    const cmpFirst = compareID(id, s.firstId);
    if (cmpFirst < 0) return deltaI64(added, s.length);
    if (cmpFirst === 0) return deltaI64(added, s.length - 1);
  }
  return INVALID_ENTRIES_READ;
}

/** The group's lag (XINFO), or null when it cannot be known. */
export function groupLag(s: Stream, g: CGroup): number | bigint | null {
  const added = s.entriesAdded;
  if (added === 0) return 0;
  if (g.entriesRead !== INVALID_ENTRIES_READ && !rangeHasTombstones(s, g.lastId)) return deltaI64(added, g.entriesRead);
  const read = estimateEntriesRead(s, g.lastId);
  return read === INVALID_ENTRIES_READ ? null : deltaI64(added, read);
}

/** Moves the group's last-delivered ID to a newly delivered `id` (> lastId), keeping entries-read. */
export function advanceGroup(s: Stream, g: CGroup, ms: U64, seq: U64): void {
  const id = { ms, seq };
  if (g.entriesRead !== INVALID_ENTRIES_READ && !rangeHasTombstones(s, id)) {
    const r = g.entriesRead;
    g.entriesRead = typeof r === 'number' && r < Number.MAX_SAFE_INTEGER ? r + 1 : BigInt(r) + 1n;
  }
  else if (s.entriesAdded !== 0) g.entriesRead = estimateEntriesRead(s, id);
  g.lastId = id;
}
