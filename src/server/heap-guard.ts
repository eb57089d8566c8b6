/**
 * The V8 heap ceiling. Redis grows until the machine's RAM runs out; a Node
 * process dies with "JavaScript heap out of memory" when its V8 heap reaches
 * the limit set at startup (bin/respd sizes it from the machine's memory).
 * Dying loses every key, so writes that may grow memory are refused with
 * Redis's -OOM error while the heap is near that limit — with or without
 * `maxmemory` — and reads, DEL and the rest keep being served.
 *
 * Checked from the cron and after every INPUT_CHECK_BYTES of client input
 * (a burst of writes can fill the margin between two ticks), never per
 * command: v8.getHeapStatistics() costs a few microseconds. The margin left
 * below the limit must cover what clients allocate between two checks and
 * what the garbage collector needs to work, so it is a share of the limit
 * (bounded both ways). Used heap counts
 * garbage not yet collected: before declaring the heap full, and every few
 * seconds while it is, a full collection is forced (at most once per
 * GC_EVERY_MS), so dead bytes neither trip the guard nor keep it tripped
 * after keys were deleted.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/** Fraction of the heap limit kept free for allocation between checks and for the collector. */
const MARGIN_SHARE = 0.25;
const MARGIN_MIN = 32 * 1024 * 1024;
const MARGIN_MAX = 2048 * 1024 * 1024;
/** Client input between two checks outside the cron. */
const INPUT_CHECK_BYTES = 4 * 1024 * 1024;
/** Least time between two forced full collections. */
const GC_EVERY_MS = 5000;

/** A function forcing a full collection: V8's gc() exposed at runtime, without a command-line flag. */
let gcFn: (() => void) | null | undefined;
function loadGc(): (() => void) | null {
  if (gcFn !== undefined) return gcFn;
  gcFn = null;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    if (typeof gc === 'function') gcFn = gc as () => void;
  } catch {
    // not available: the guard then relies on V8's own collections
  }
  return gcFn;
}

/** Runs a full garbage collection now (MEMORY PURGE); false when this Node cannot. */
export function collectGarbage(): boolean {
  const gc = loadGc();
  if (gc === null) return false;
  gc();
  return true;
}

export class HeapGuard {
  /** True while writes must be refused. */
  tripped = false;
  /** V8's heap limit in bytes. */
  readonly limit: number;
  /** Used heap above which the guard trips. */
  readonly threshold: number;
  private lastGc = 0;
  private input = 0;
  /** Told when the guard trips or clears (the server logs it). */
  onChange: ((tripped: boolean) => void) | null = null;

  constructor(limit = v8.getHeapStatistics().heap_size_limit) {
    this.limit = limit;
    const margin = Math.min(MARGIN_MAX, Math.max(MARGIN_MIN, limit * MARGIN_SHARE));
    this.threshold = Math.max(limit - margin, limit / 2);
  }

  /** Counts received bytes (one add per read); checks again after enough of them. */
  noteInput(n: number): void {
    this.input += n;
    if (this.input >= INPUT_CHECK_BYTES) this.check();
  }

  /** Re-evaluates the guard (cron, noteInput). */
  check(): void {
    this.input = 0;
    let used = v8.getHeapStatistics().used_heap_size;
    const now = Date.now();
    if (used > this.threshold && now - this.lastGc >= GC_EVERY_MS) {
      // Tell live data from garbage before refusing (or while refusing, after DELs).
      this.lastGc = now;
      if (collectGarbage()) used = v8.getHeapStatistics().used_heap_size;
    }
    const was = this.tripped;
    this.tripped = used > this.threshold;
    if (was !== this.tripped && this.onChange !== null) this.onChange(this.tripped);
  }
}
