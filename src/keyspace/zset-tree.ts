/**
 * The ordered half of a sorted set: an order-statistics B+tree of
 * (score, member) pairs, ordered by score and then by member bytes (latin1
 * strings compare by char code, which is memcmp order with the shorter
 * prefix first — exactly Redis's ordering).
 *
 * Redis uses a skiplist with spans; a B+tree with subtree sizes gives the
 * same O(log n) insert, delete, rank and rank-to-element operations with
 * far less memory per element in V8 (two array slots instead of a node
 * object with per-level arrays) and cache-friendly range scans along
 * linked leaves.
 *
 * Layout: leaves hold parallel `scores`/`members` arrays and link to their
 * neighbours. Inner nodes hold their children, each child's size, and a
 * lower bound key per child (`sepS`/`sepM`): every key in child i is >=
 * its bound and < the bound of child i+1. Bounds stay valid when keys are
 * deleted, so deletes never touch them; the leftmost bound is (-inf, "").
 */

const MAX = 64;
const MIN = 16;

export class Leaf {
  readonly leaf = true;
  scores: number[] = [];
  members: string[] = [];
  next: Leaf | null = null;
  prev: Leaf | null = null;
}

class Inner {
  readonly leaf = false;
  children: TreeNode[] = [];
  sizes: number[] = [];
  sepS: number[] = [];
  sepM: string[] = [];
}

type TreeNode = Leaf | Inner;

function len(n: TreeNode): number {
  return n.leaf ? n.scores.length : n.children.length;
}

/** Compare (s1, m1) with (s2, m2). */
function cmp(s1: number, m1: string, s2: number, m2: string): number {
  if (s1 < s2) return -1;
  if (s1 > s2) return 1;
  if (m1 < m2) return -1;
  if (m1 > m2) return 1;
  return 0;
}

/** Index of the child of `n` whose key range holds (s, m). */
function childFor(n: Inner, s: number, m: string): number {
  let lo = 1;
  let hi = n.children.length - 1;
  let ans = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(n.sepS[mid], n.sepM[mid], s, m) <= 0) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** First index in `l` whose key is >= (s, m). */
function lowerBound(l: Leaf, s: number, m: string): number {
  let lo = 0;
  let hi = l.scores.length;
  const sc = l.scores;
  const mem = l.members;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(sc[mid], mem[mid], s, m) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Boundary predicates for counting a prefix of the order (see countBelow). */
export const Bound = { ScoreLt: 0, ScoreLe: 1, LexLt: 2, LexLe: 3 } as const;
export type Bound = (typeof Bound)[keyof typeof Bound];

function before(mode: Bound, s: number, m: string, xs: number, xm: string): boolean {
  switch (mode) {
    case Bound.ScoreLt: return s < xs;
    case Bound.ScoreLe: return s <= xs;
    case Bound.LexLt: return m < xm;
    default: return m <= xm;
  }
}

/** A position in the tree: walks elements in order along the leaf chain. */
export class Cursor {
  constructor(public node: Leaf | null, public i: number) {}
  get valid(): boolean {
    return this.node !== null;
  }
  get score(): number {
    return this.node!.scores[this.i];
  }
  get member(): string {
    return this.node!.members[this.i];
  }
  next(): void {
    const n = this.node!;
    if (++this.i >= n.scores.length) {
      this.node = n.next;
      this.i = 0;
    }
  }
  prev(): void {
    if (--this.i < 0) {
      const p = this.node!.prev;
      this.node = p;
      this.i = p === null ? 0 : p.scores.length - 1;
    }
  }
}

// Descent path scratch space, reused by every tree (single-threaded).
const pathNodes: Inner[] = [];
const pathIdx: number[] = [];

export class ZTree {
  private root: TreeNode = new Leaf();
  size = 0;

  /** Inserts a key that is not present. */
  insert(s: number, m: string): void {
    let n = this.root;
    let depth = 0;
    while (!n.leaf) {
      const i = childFor(n, s, m);
      n.sizes[i]++;
      pathNodes[depth] = n;
      pathIdx[depth] = i;
      depth++;
      n = n.children[i];
    }
    const pos = lowerBound(n, s, m);
    n.scores.splice(pos, 0, s);
    n.members.splice(pos, 0, m);
    this.size++;
    if (n.scores.length > MAX) this.split(n, depth);
  }

  private split(n: TreeNode, depth: number): void {
    for (;;) {
      let right: TreeNode;
      let rs: number;
      let rm: string;
      let leftSize: number;
      let rightSize: number;
      if (n.leaf) {
        const half = n.scores.length >> 1;
        const r = new Leaf();
        r.scores = n.scores.splice(half);
        r.members = n.members.splice(half);
        r.next = n.next;
        if (r.next !== null) r.next.prev = r;
        r.prev = n;
        n.next = r;
        right = r;
        rs = r.scores[0];
        rm = r.members[0];
        leftSize = n.scores.length;
        rightSize = r.scores.length;
      } else {
        const half = n.children.length >> 1;
        const r = new Inner();
        r.children = n.children.splice(half);
        r.sizes = n.sizes.splice(half);
        r.sepS = n.sepS.splice(half);
        r.sepM = n.sepM.splice(half);
        right = r;
        rs = r.sepS[0];
        rm = r.sepM[0];
        leftSize = sum(n.sizes);
        rightSize = sum(r.sizes);
      }
      if (depth === 0) {
        const root = new Inner();
        root.children = [n, right];
        root.sizes = [leftSize, rightSize];
        root.sepS = [-Infinity, rs];
        root.sepM = ['', rm];
        this.root = root;
        return;
      }
      const p = pathNodes[depth - 1];
      const i = pathIdx[depth - 1];
      p.sizes[i] = leftSize;
      p.children.splice(i + 1, 0, right);
      p.sizes.splice(i + 1, 0, rightSize);
      p.sepS.splice(i + 1, 0, rs);
      p.sepM.splice(i + 1, 0, rm);
      if (p.children.length <= MAX) return;
      n = p;
      depth--;
    }
  }

  /** Removes a key; false when absent. */
  delete(s: number, m: string): boolean {
    let n = this.root;
    let depth = 0;
    while (!n.leaf) {
      const i = childFor(n, s, m);
      pathNodes[depth] = n;
      pathIdx[depth] = i;
      depth++;
      n = n.children[i];
    }
    const pos = lowerBound(n, s, m);
    // (=== treats -0 and 0 as the same score, as Redis's comparisons do.)
    if (pos >= n.scores.length || n.scores[pos] !== s || n.members[pos] !== m) return false;
    for (let d = 0; d < depth; d++) pathNodes[d].sizes[pathIdx[d]]--;
    n.scores.splice(pos, 1);
    n.members.splice(pos, 1);
    this.size--;
    this.rebalance(n, depth);
    return true;
  }

  private rebalance(n: TreeNode, depth: number): void {
    while (depth > 0 && len(n) < MIN) {
      const p = pathNodes[depth - 1];
      const i = pathIdx[depth - 1];
      if (p.children.length < 2) break;
      const j = i > 0 ? i - 1 : i; // merge or borrow between children j and j+1
      const l = p.children[j];
      const r = p.children[j + 1];
      if (len(l) + len(r) <= MAX) {
        this.merge(p, j);
        n = p;
        depth--;
        continue;
      }
      this.borrow(p, j, n === r);
      return;
    }
    let root = this.root;
    while (!root.leaf && root.children.length === 1) root = root.children[0];
    this.root = root;
  }

  /** Merges child j+1 of p into child j. */
  private merge(p: Inner, j: number): void {
    const l = p.children[j];
    const r = p.children[j + 1];
    if (l.leaf) {
      const rl = r as Leaf;
      for (let k = 0; k < rl.scores.length; k++) {
        l.scores.push(rl.scores[k]);
        l.members.push(rl.members[k]);
      }
      l.next = rl.next;
      if (l.next !== null) l.next.prev = l;
    } else {
      const ri = r as Inner;
      ri.sepS[0] = p.sepS[j + 1];
      ri.sepM[0] = p.sepM[j + 1];
      for (let k = 0; k < ri.children.length; k++) {
        l.children.push(ri.children[k]);
        l.sizes.push(ri.sizes[k]);
        l.sepS.push(ri.sepS[k]);
        l.sepM.push(ri.sepM[k]);
      }
    }
    p.sizes[j] += p.sizes[j + 1];
    p.children.splice(j + 1, 1);
    p.sizes.splice(j + 1, 1);
    p.sepS.splice(j + 1, 1);
    p.sepM.splice(j + 1, 1);
  }

  /** Moves one entry between children j and j+1 of p: into the right one when `toRight`. */
  private borrow(p: Inner, j: number, toRight: boolean): void {
    const l = p.children[j];
    const r = p.children[j + 1];
    if (l.leaf) {
      const rl = r as Leaf;
      if (toRight) {
        rl.scores.unshift(l.scores.pop()!);
        rl.members.unshift(l.members.pop()!);
      } else {
        l.scores.push(rl.scores.shift()!);
        l.members.push(rl.members.shift()!);
      }
      p.sepS[j + 1] = rl.scores[0];
      p.sepM[j + 1] = rl.members[0];
      p.sizes[j] = l.scores.length;
      p.sizes[j + 1] = rl.scores.length;
      return;
    }
    const ri = r as Inner;
    let moved: number;
    if (toRight) {
      ri.sepS[0] = p.sepS[j + 1];
      ri.sepM[0] = p.sepM[j + 1];
      const c = l.children.pop()!;
      moved = l.sizes.pop()!;
      const cs = l.sepS.pop()!;
      const cm = l.sepM.pop()!;
      ri.children.unshift(c);
      ri.sizes.unshift(moved);
      ri.sepS.unshift(cs);
      ri.sepM.unshift(cm);
      p.sepS[j + 1] = cs;
      p.sepM[j + 1] = cm;
      p.sizes[j] -= moved;
      p.sizes[j + 1] += moved;
    } else {
      const c = ri.children.shift()!;
      moved = ri.sizes.shift()!;
      ri.sepS.shift();
      ri.sepM.shift();
      l.children.push(c);
      l.sizes.push(moved);
      l.sepS.push(p.sepS[j + 1]);
      l.sepM.push(p.sepM[j + 1]);
      p.sepS[j + 1] = ri.sepS[0];
      p.sepM[j + 1] = ri.sepM[0];
      p.sizes[j] += moved;
      p.sizes[j + 1] -= moved;
    }
  }

  /** 0-based rank of a present key, -1 when absent. */
  rank(s: number, m: string): number {
    let n = this.root;
    let r = 0;
    while (!n.leaf) {
      const i = childFor(n, s, m);
      for (let k = 0; k < i; k++) r += n.sizes[k];
      n = n.children[i];
    }
    const pos = lowerBound(n, s, m);
    if (pos < n.scores.length && n.members[pos] === m && n.scores[pos] === s) return r + pos;
    return -1;
  }

  /** Cursor at 0-based `rank` (invalid when out of range). */
  at(rank: number): Cursor {
    if (rank < 0 || rank >= this.size) return new Cursor(null, 0);
    let n = this.root;
    while (!n.leaf) {
      let i = 0;
      while (rank >= n.sizes[i]) rank -= n.sizes[i++];
      n = n.children[i];
    }
    return new Cursor(n, rank);
  }

  /**
   * How many elements precede a boundary: those with score < x (ScoreLt),
   * score <= x (ScoreLe), member < x (LexLt) or member <= x (LexLe). The
   * lex forms assume, as Redis does, that all scores are equal.
   */
  countBelow(mode: Bound, xs: number, xm: string): number {
    let n = this.root;
    let r = 0;
    while (!n.leaf) {
      let lo = 1;
      let hi = n.children.length - 1;
      let ans = 0;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (before(mode, n.sepS[mid], n.sepM[mid], xs, xm)) {
          ans = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      for (let k = 0; k < ans; k++) r += n.sizes[k];
      n = n.children[ans];
    }
    let lo = 0;
    let hi = n.scores.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(mode, n.scores[mid], n.members[mid], xs, xm)) lo = mid + 1;
      else hi = mid;
    }
    return r + lo;
  }

  /** Builds a tree from keys already in order (bulk load, O(n)). */
  static fromSorted(scores: number[], members: string[]): ZTree {
    const t = new ZTree();
    const total = scores.length;
    t.size = total;
    if (total <= MAX) {
      const l = t.root as Leaf;
      l.scores = scores.slice();
      l.members = members.slice();
      return t;
    }
    const fill = (MAX * 3) >> 2;
    let level: TreeNode[] = [];
    let sizes: number[] = [];
    let prev: Leaf | null = null;
    for (let off = 0; off < total; ) {
      const take = chunk(total - off, fill);
      const l = new Leaf();
      l.scores = scores.slice(off, off + take);
      l.members = members.slice(off, off + take);
      l.prev = prev;
      if (prev !== null) prev.next = l;
      prev = l;
      level.push(l);
      sizes.push(take);
      off += take;
    }
    while (level.length > 1) {
      const up: TreeNode[] = [];
      const upSizes: number[] = [];
      for (let off = 0; off < level.length; ) {
        const take = chunk(level.length - off, fill);
        const inner = new Inner();
        for (let k = off; k < off + take; k++) {
          const c = level[k];
          inner.children.push(c);
          inner.sizes.push(sizes[k]);
          const first = firstKeyOf(c);
          inner.sepS.push(first.s);
          inner.sepM.push(first.m);
        }
        up.push(inner);
        upSizes.push(sum(inner.sizes));
        off += take;
      }
      level = up;
      sizes = upSizes;
    }
    t.root = level[0];
    return t;
  }
}

/** Size of the next chunk so that no chunk (including the last) falls below MIN. */
function chunk(remaining: number, fill: number): number {
  if (remaining <= fill) return remaining;
  if (remaining - fill < MIN) return remaining - MIN;
  return fill;
}

function firstKeyOf(n: TreeNode): { s: number; m: string } {
  while (!n.leaf) n = n.children[0];
  return { s: n.scores[0], m: n.members[0] };
}

function sum(a: number[]): number {
  let t = 0;
  for (let i = 0; i < a.length; i++) t += a[i];
  return t;
}
