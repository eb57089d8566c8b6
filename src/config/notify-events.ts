/**
 * The `notify-keyspace-events` parameter: its class letters as flag bits,
 * parsed and printed in Redis's canonical order. The publishing side is
 * server/notifications.ts.
 */
import { ConfigError, type ParamDef } from './registry.js';
import { repr } from '../protocol/repr.js';

// Bits as in Redis's server.h, so the canonical text comes out in its order.
export const NOTIFY_K = 1 << 0;
export const NOTIFY_E = 1 << 1;
const CLASS_BITS: [string, number][] = [
  ['g', 1 << 2], ['$', 1 << 3], ['l', 1 << 4], ['s', 1 << 5], ['h', 1 << 6], ['z', 1 << 7],
  ['x', 1 << 8], ['e', 1 << 9], ['t', 1 << 10], ['d', 1 << 13], ['n', 1 << 14],
];
export const NOTIFY_KEY_MISS = 1 << 11;
/** 'n': new-key events, not part of 'A'. */
export const NOTIFY_NEW = 1 << 14;
/** 'A': every class except key misses and new keys. */
const ALL = CLASS_BITS.filter(([ch]) => ch !== 'n').reduce((a, [, b]) => a | b, 0);

/** Class bit of each ASCII letter (0: not a class). */
export const NOTIFY_BIT_OF = new Int32Array(128);
for (const [ch, bit] of CLASS_BITS) NOTIFY_BIT_OF[ch.charCodeAt(0)] = bit;
NOTIFY_BIT_OF['K'.charCodeAt(0)] = NOTIFY_K;
NOTIFY_BIT_OF['E'.charCodeAt(0)] = NOTIFY_E;
NOTIFY_BIT_OF['m'.charCodeAt(0)] = NOTIFY_KEY_MISS;
NOTIFY_BIT_OF['A'.charCodeAt(0)] = ALL;

/** Parses the flags text; -1 on an unknown character. */
export function parseNotifyFlags(s: string): number {
  let flags = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const bit = code < 128 ? NOTIFY_BIT_OF[code] : 0;
    if (bit === 0) return -1;
    flags |= bit;
  }
  return flags;
}

/** Canonical text, as CONFIG GET shows it (with 'A', the 'n' class is not printed). */
export function formatNotifyFlags(flags: number): string {
  let out = '';
  if ((flags & ALL) === ALL) out = 'A';
  else for (const [ch, bit] of CLASS_BITS) if (flags & bit) out += ch;
  if (flags & NOTIFY_K) out += 'K';
  if (flags & NOTIFY_E) out += 'E';
  if (flags & NOTIFY_KEY_MISS) out += 'm';
  return out;
}

/** The `notify-keyspace-events` parameter: stored as the flag bits. */
export function notifyKeyspaceEventsParam(): ParamDef {
  return {
    name: 'notify-keyspace-events', default: 0, mutable: true,
    parse([s]) {
      const flags = parseNotifyFlags(s);
      if (flags < 0) throw new ConfigError("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
      return flags;
    },
    format: (v) => formatNotifyFlags(v as number),
    rewrite: (v, n) => ({ lines: [`${n} ${repr(formatNotifyFlags(v as number))}`], force: v !== 0 }),
  };
}
