/**
 * A log-linear latency histogram with the same bucket layout as the HDR
 * histogram Redis 7.0 keeps per command (values in nanoseconds, 1ns..1s,
 * two significant decimal digits). Using the same layout matters: INFO
 * latencystats prints the *upper edge* of the bucket holding a percentile
 * (e.g. 6000ns reads back as 6.015us), and LATENCY HISTOGRAM reports
 * cumulative counts at the bucket containing each power-of-two microsecond
 * boundary, so only identical buckets give identical numbers.
 *
 * Layout: 256 sub-buckets per power of two, of which the upper half is new
 * in every bucket after the first; bucket b covers values with a resolution
 * of 2^b. With a top of 1e9 that is 23 buckets and 3072 counters, allocated
 * lazily on the first recorded value.
 */

const SUB_BUCKET_COUNT = 256;
const SUB_HALF = 128;
const SUB_HALF_MAG = 7;
const SUB_MASK = SUB_BUCKET_COUNT - 1;
export const HIST_LOWEST = 1;
export const HIST_HIGHEST = 1_000_000_000;
const BUCKET_COUNT = 23;
const COUNTS_LEN = (BUCKET_COUNT + 1) * SUB_HALF;

/** Index of the power-of-two bucket holding `v` (0 <= v < 2^31; every tracked value is). */
function bucketIndex(v: number): number {
  // bit length of (v | mask), minus the sub-bucket magnitude, as hdr_histogram computes it
  return 32 - Math.clz32(v | SUB_MASK) - (SUB_HALF_MAG + 1);
}

function countsIndex(v: number): number {
  const b = bucketIndex(v);
  const sub = (v >> b);
  return ((b + 1) << SUB_HALF_MAG) + (sub - SUB_HALF);
}

/** Lowest value stored at counters index `i`. */
function valueAtIndex(i: number): number {
  let b = (i >> SUB_HALF_MAG) - 1;
  let sub = (i & (SUB_HALF - 1)) + SUB_HALF;
  if (b < 0) {
    sub -= SUB_HALF;
    b = 0;
  }
  return sub * 2 ** b;
}

function lowestEquivalent(v: number): number {
  const b = bucketIndex(v);
  return (v >> b) * 2 ** b;
}

function rangeSize(v: number): number {
  const b = bucketIndex(v);
  const sub = (v >> b);
  return 2 ** (sub >= SUB_BUCKET_COUNT ? b + 1 : b);
}

export function highestEquivalent(v: number): number {
  return lowestEquivalent(v) + rangeSize(v) - 1;
}

// Each CommandSpec's stats hold one of these (see CommandHistogram in the catalog).
declare module '../catalog/spec.js' {
  interface CommandHistogram extends LatencyHistogram {}
}

export class LatencyHistogram {
  private counts: Uint32Array | null = null;
  total = 0;

  /** Records one value in nanoseconds, clamped to the trackable range. Runs after every command. */
  record(ns: number): void {
    // clamped first, so the value fits an int32 for the bit tricks below
    const v = ns < HIST_LOWEST ? HIST_LOWEST : ns > HIST_HIGHEST ? HIST_HIGHEST : ns | 0;
    let counts = this.counts;
    if (counts === null) counts = this.counts = new Uint32Array(COUNTS_LEN);
    // countsIndex() inlined
    const b = 32 - Math.clz32(v | SUB_MASK) - (SUB_HALF_MAG + 1);
    counts[((b + 1) << SUB_HALF_MAG) + ((v >> b) - SUB_HALF)]++;
    this.total++;
  }

  /** hdr_value_at_percentile: upper edge of the bucket holding the percentile (lower edge for p0). */
  valueAtPercentile(p: number): number {
    const counts = this.counts;
    if (counts === null) return 0;
    const req = p < 100 ? p : 100;
    let want = Math.trunc((req / 100) * this.total + 0.5);
    if (want < 1) want = 1;
    let acc = 0;
    let v = 0;
    for (let i = 0; i < COUNTS_LEN; i++) {
      acc += counts[i];
      if (acc >= want) {
        v = valueAtIndex(i);
        break;
      }
    }
    return p === 0 ? lowestEquivalent(v) : highestEquivalent(v);
  }

  /**
   * LATENCY HISTOGRAM's cumulative distribution: for each power-of-two
   * reporting level from 1024ns, [upper edge of the level's bucket in whole
   * microseconds, samples up to that bucket], only where the count grew.
   */
  cumulative(): [number, number][] {
    const out: [number, number][] = [];
    const counts = this.counts;
    if (counts === null || this.total === 0) return out;
    let acc = 0;
    let prev = 0;
    let i = 0;
    for (let level = 1024; acc < this.total && level <= 2 * HIST_HIGHEST; level *= 2) {
      const last = countsIndex(level);
      for (; i <= last && i < COUNTS_LEN; i++) acc += counts[i];
      if (acc > prev) out.push([Math.floor(highestEquivalent(level) / 1000), acc]);
      prev = acc;
    }
    return out;
  }
}
