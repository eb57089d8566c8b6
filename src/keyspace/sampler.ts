/**
 * Cheap "random" keys from a JS Map, for RANDOMKEY and eviction sampling.
 *
 * Redis picks a random bucket of its hash table in O(1). A JS Map has no
 * random access: the only ways to a uniformly random entry are walking
 * O(n) entries, or mirroring every key in a dense array plus an index map
 * so a random slot can be read (about 16+ bytes and two extra writes per
 * key on every insert and delete, paid even by users who never sample).
 *
 * Instead each sampled Map keeps one persistent iterator that rolls
 * forward: a sample advances it by a random number of steps (0..MAX_SKIP-1,
 * capped by the Map's size) and returns the key it lands on; when the
 * iterator runs out it restarts at the beginning. A sample therefore costs
 * O(MAX_SKIP) at most and no memory per key. Live Map iterators stay valid
 * across inserts and deletes (deleted keys are never returned), so the
 * sampler needs no hooks into the keyspace.
 *
 * The trade-off is the quality of randomness: successive samples are not
 * independent — they sweep the Map in insertion order, a random stride
 * apart, so over many calls every key is visited about equally often (a
 * "clock" sweep, which suits eviction well) but two consecutive samples
 * are close together in insertion order. Redis's own RANDOMKEY is not
 * uniform either (bucket chains bias it), and its eviction samples
 * neighbouring buckets (dictGetSomeKeys) for the same reason of cost.
 */

/** Largest random stride between two samples. */
export const MAX_SKIP = 32;

export class MapSampler<K> {
  private it: Iterator<K> | null = null;

  constructor(private readonly map: Map<K, unknown>) {}

  /** A pseudo-random key, or undefined when the Map is empty. */
  next(): K | undefined {
    const size = this.map.size;
    if (size === 0) return undefined;
    let steps = Math.floor(Math.random() * Math.min(size, MAX_SKIP));
    let restarted = false;
    for (;;) {
      if (this.it === null) this.it = this.map.keys();
      const r = this.it.next();
      if (r.done) {
        this.it = null;
        // A fresh pass over a non-empty Map always yields; guard anyway so a
        // Map emptied concurrently can never spin forever.
        if (restarted) return undefined;
        restarted = true;
        continue;
      }
      restarted = false;
      if (steps-- === 0) return r.value;
    }
  }

  /** Up to `count` distinct-ish keys in one sweep (eviction pools). */
  sample(count: number, out: K[] = []): K[] {
    const n = Math.min(count, this.map.size);
    for (let i = 0; i < n; i++) {
      const k = this.next();
      if (k === undefined) break;
      out.push(k);
    }
    return out;
  }
}

const samplers = new WeakMap<Map<unknown, unknown>, MapSampler<unknown>>();

/** The shared sampler of `map` (one rolling iterator per Map). */
export function samplerFor<K>(map: Map<K, unknown>): MapSampler<K> {
  let s = samplers.get(map as Map<unknown, unknown>) as MapSampler<K> | undefined;
  if (s === undefined) {
    s = new MapSampler<K>(map);
    samplers.set(map as Map<unknown, unknown>, s as MapSampler<unknown>);
  }
  return s;
}
