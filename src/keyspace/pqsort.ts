/**
 * Redis's pqsort (pqsort.c, a BSD quicksort that only recurses into the
 * partitions overlapping the wanted rank range [lrange, rrange]). GEOSEARCH
 * with COUNT sorts with it; it is not stable, so to return equidistant points
 * in the same order as Redis the same swaps must happen, hence this port.
 */
export function pqsort<T>(a: T[], n: number, cmp: (x: T, y: T) => number, lrange: number, rrange: number): void {
  sortRange(a, 0, n, cmp, lrange, rrange);
}

function swap<T>(a: T[], i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

function vecswap<T>(a: T[], i: number, j: number, n: number): void {
  for (let k = 0; k < n; k++) swap(a, i + k, j + k);
}

function med3<T>(a: T[], i: number, j: number, k: number, cmp: (x: T, y: T) => number): number {
  return cmp(a[i], a[j]) < 0
    ? cmp(a[j], a[k]) < 0 ? j : cmp(a[i], a[k]) < 0 ? k : i
    : cmp(a[j], a[k]) > 0 ? j : cmp(a[i], a[k]) < 0 ? i : k;
}

/** Skips a partition [s, s+cnt) that lies entirely before or after the wanted ranks. */
function wanted(s: number, cnt: number, l: number, r: number): boolean {
  const e = s + cnt - 1;
  return !((l < s && r < s) || (l > e && r > e));
}

function sortRange<T>(a: T[], base: number, n: number, cmp: (x: T, y: T) => number, l: number, r: number): void {
  for (;;) {
    if (n < 7) {
      for (let pm = base + 1; pm < base + n; pm++) {
        for (let pl = pm; pl > base && cmp(a[pl - 1], a[pl]) > 0; pl--) swap(a, pl, pl - 1);
      }
      return;
    }
    let pm = base + (n >> 1);
    if (n > 7) {
      let pl = base;
      let pn = base + n - 1;
      if (n > 40) {
        const d = n >> 3;
        pl = med3(a, pl, pl + d, pl + 2 * d, cmp);
        pm = med3(a, pm - d, pm, pm + d, cmp);
        pn = med3(a, pn - 2 * d, pn - d, pn, cmp);
      }
      pm = med3(a, pl, pm, pn, cmp);
    }
    swap(a, base, pm);
    let pa = base + 1;
    let pb = pa;
    let pc = base + n - 1;
    let pd = pc;
    for (;;) {
      let c: number;
      while (pb <= pc && (c = cmp(a[pb], a[base])) <= 0) {
        if (c === 0) swap(a, pa++, pb);
        pb++;
      }
      while (pb <= pc && (c = cmp(a[pc], a[base])) >= 0) {
        if (c === 0) swap(a, pc, pd--);
        pc--;
      }
      if (pb > pc) break;
      swap(a, pb++, pc--);
    }
    const pn = base + n;
    let k = Math.min(pa - base, pb - pa);
    vecswap(a, base, pb - k, k);
    k = Math.min(pd - pc, pn - pd - 1);
    vecswap(a, pb, pn - k, k);
    k = pb - pa;
    if (k > 1 && wanted(base, k, l, r)) sortRange(a, base, k, cmp, l, r);
    k = pd - pc;
    if (k <= 1) return;
    base = pn - k;
    n = k;
    if (!wanted(base, n, l, r)) return;
  }
}
