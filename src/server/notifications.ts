/**
 * Keyspace notifications: `notify-keyspace-events` and the messages on
 * `__keyspace@<db>__:<key>` (payload: the event) and
 * `__keyevent@<db>__:<event>` (payload: the key).
 *
 * Commands raise events with `keyspace.notify(letter, event, key, dbid)`
 * whether or not anyone listens; this module filters them by the configured
 * classes and publishes through the pub/sub registry. With notifications
 * off, the cost per event is one bit test.
 */
import { repr } from '../observability/monitor.js';
import type { Server } from './server.js';
import { pubsubOf } from './pubsub.js';
import { ConfigError, type ParamDef } from '../config/registry.js';

// Bits as in Redis's server.h, so the canonical text comes out in its order.
const K = 1 << 0;
const E = 1 << 1;
const CLASS_BITS: [string, number][] = [
  ['g', 1 << 2], ['$', 1 << 3], ['l', 1 << 4], ['s', 1 << 5], ['h', 1 << 6], ['z', 1 << 7],
  ['x', 1 << 8], ['e', 1 << 9], ['t', 1 << 10], ['d', 1 << 13], ['n', 1 << 14],
];
const KEY_MISS = 1 << 11;
const NEW = 1 << 14;
/** 'A': every class except key misses and new keys. */
const ALL = CLASS_BITS.filter(([ch]) => ch !== 'n').reduce((a, [, b]) => a | b, 0);

/** Event class letter → bit, indexed by char code. */
const BIT_OF = new Int32Array(128);
for (const [ch, bit] of CLASS_BITS) BIT_OF[ch.charCodeAt(0)] = bit;
BIT_OF['K'.charCodeAt(0)] = K;
BIT_OF['E'.charCodeAt(0)] = E;
BIT_OF['m'.charCodeAt(0)] = KEY_MISS;
BIT_OF['A'.charCodeAt(0)] = ALL;

/** Parses the flags text; -1 on an unknown character. */
export function parseNotifyFlags(s: string): number {
  let flags = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const bit = code < 128 ? BIT_OF[code] : 0;
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
  if (flags & K) out += 'K';
  if (flags & E) out += 'E';
  if (flags & KEY_MISS) out += 'm';
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

/** Hooks keyspace events to pub/sub, following the configured classes. */
export function installNotifications(server: Server): void {
  const ks = server.keyspace;
  let flags = 0;
  const apply = (v: unknown) => {
    flags = typeof v === 'number' ? v : Math.max(parseNotifyFlags(String(v)), 0);
    const publishing = (flags & (K | E)) !== 0;
    ks.notifyNewKeys = publishing && (flags & NEW) !== 0;
    ks.notifyKeyMiss = publishing && (flags & KEY_MISS) !== 0;
  };
  apply(server.config.get('notify-keyspace-events'));
  server.config.onChange('notify-keyspace-events', (_n, v) => apply(v));
  ks.onNotify((letter, event, key, dbid) => {
    if (flags === 0) return;
    const code = letter.charCodeAt(0);
    if ((flags & (code < 128 ? BIT_OF[code] : 0)) === 0) return;
    const ps = pubsubOf(server);
    if (flags & K) ps.publish(`__keyspace@${dbid}__:${key}`, event);
    if (flags & E) ps.publish(`__keyevent@${dbid}__:${event}`, key);
  });
}
