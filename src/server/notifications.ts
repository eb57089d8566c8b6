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
import type { Server } from './server.js';
import { pubsubOf } from './pubsub.js';
import { parseNotifyFlags, NOTIFY_BIT_OF as BIT_OF, NOTIFY_K as K, NOTIFY_E as E, NOTIFY_NEW as NEW, NOTIFY_KEY_MISS as KEY_MISS } from '../config/notify-events.js';

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
