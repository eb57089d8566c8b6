/**
 * The pub/sub registry: channel → subscribers, pattern → subscribers, and
 * shard channel → subscribers, plus message delivery.
 *
 * Each subscriber set is a Set<Client>, so PUBLISH to a channel with 10,000
 * subscribers builds the message frame once (per protocol) and appends the
 * same bytes to each writer: O(subscribers + patterns), never quadratic.
 * Patterns are compiled once, when the first client subscribes to them.
 *
 * Subscription confirmations and messages are "pushes": in RESP3 they use
 * the '>' type, and they are delivered even under CLIENT REPLY OFF, as in
 * Redis 7.0.15.
 */
import type { Client } from './client.js';
import { serviceOf, type Server } from './server.js';
import { compileGlob, globMatch, type Glob } from '../keyspace/glob.js';
import { checkOutputLimits } from './output-limits.js';

interface PatternEntry {
  glob: Glob;
  clients: Set<Client>;
}

export type SubKind = 'channel' | 'pattern' | 'shard';

function bulk(s: string): string {
  return '$' + s.length + '\r\n' + s + '\r\n';
}

/** Frames for one message, encoded once per protocol version and copied to every receiver. */
class Frame {
  private r2: Buffer | null = null;
  private r3: Buffer | null = null;
  constructor(private readonly n: number, private readonly body: string) {}
  for(c: Client): Buffer {
    if (c.resp === 2) return (this.r2 ??= Buffer.from('*' + this.n + '\r\n' + this.body, 'latin1'));
    return (this.r3 ??= Buffer.from('>' + this.n + '\r\n' + this.body, 'latin1'));
  }
}

export class PubSub {
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, PatternEntry>();
  readonly shardChannels = new Map<string, Set<Client>>();

  constructor(readonly server: Server) {}

  /** SUBSCRIBE / SSUBSCRIBE one channel; always confirms. */
  subscribe(c: Client, channel: string, shard: boolean): void {
    const own = ensureSets(c)[shard ? 2 : 0];
    if (!own.has(channel)) {
      own.add(channel);
      const map = shard ? this.shardChannels : this.channels;
      let set = map.get(channel);
      if (set === undefined) map.set(channel, (set = new Set()));
      set.add(c);
    }
    confirm(c, shard ? 'ssubscribe' : 'subscribe', channel, shard ? shardCount(c) : subCount(c));
  }

  /** UNSUBSCRIBE / SUNSUBSCRIBE one channel; true when the client was subscribed. */
  unsubscribe(c: Client, channel: string, shard: boolean, notify: boolean): boolean {
    const own = shard ? c.shardChannels : c.channels;
    let removed = false;
    if (own !== null && own.delete(channel)) {
      removed = true;
      const map = shard ? this.shardChannels : this.channels;
      const set = map.get(channel);
      if (set !== undefined) {
        set.delete(c);
        if (set.size === 0) map.delete(channel);
      }
    }
    if (notify) confirm(c, shard ? 'sunsubscribe' : 'unsubscribe', channel, shard ? shardCount(c) : subCount(c));
    return removed;
  }

  psubscribe(c: Client, pattern: string): void {
    const own = ensureSets(c)[1];
    if (!own.has(pattern)) {
      own.add(pattern);
      let e = this.patterns.get(pattern);
      if (e === undefined) this.patterns.set(pattern, (e = { glob: compileGlob(pattern), clients: new Set() }));
      e.clients.add(c);
    }
    confirm(c, 'psubscribe', pattern, subCount(c));
  }

  punsubscribe(c: Client, pattern: string, notify: boolean): boolean {
    let removed = false;
    if (c.patterns !== null && c.patterns.delete(pattern)) {
      removed = true;
      const e = this.patterns.get(pattern);
      if (e !== undefined) {
        e.clients.delete(c);
        if (e.clients.size === 0) this.patterns.delete(pattern);
      }
    }
    if (notify) confirm(c, 'punsubscribe', pattern, subCount(c));
    return removed;
  }

  /** Mass unsubscribe: one confirmation per channel, or one with a null channel when there were none. */
  unsubscribeAll(c: Client, kind: SubKind, notify: boolean): number {
    const own = kind === 'channel' ? c.channels : kind === 'pattern' ? c.patterns : c.shardChannels;
    let n = 0;
    if (own !== null && own.size > 0) {
      for (const name of [...own]) {
        if (kind === 'pattern') this.punsubscribe(c, name, notify);
        else this.unsubscribe(c, name, kind === 'shard', notify);
        n++;
      }
    }
    if (notify && n === 0) {
      const type = kind === 'channel' ? 'unsubscribe' : kind === 'pattern' ? 'punsubscribe' : 'sunsubscribe';
      confirm(c, type, null, kind === 'shard' ? shardCount(c) : subCount(c));
    }
    return n;
  }

  /** Drops every subscription silently (disconnect, RESET). */
  dropClient(c: Client): void {
    if (c.channels === null) return;
    this.unsubscribeAll(c, 'channel', false);
    this.unsubscribeAll(c, 'pattern', false);
    this.unsubscribeAll(c, 'shard', false);
  }

  /** PUBLISH: delivers to channel subscribers and matching patterns; returns the receiver count. */
  publish(channel: string, message: string): number {
    let receivers = 0;
    const subs = this.channels.get(channel);
    if (subs !== undefined) {
      const frame = new Frame(3, '$7\r\nmessage\r\n' + bulk(channel) + bulk(message));
      // Counted first: a receiver dropped for its output limit still counts, as in Redis.
      receivers += subs.size;
      for (const r of subs) deliver(r, frame);
    }
    if (this.patterns.size !== 0) {
      const tail = bulk(channel) + bulk(message);
      for (const [pattern, e] of this.patterns) {
        if (!globMatch(e.glob, channel)) continue;
        const frame = new Frame(4, '$8\r\npmessage\r\n' + bulk(pattern) + tail);
        receivers += e.clients.size;
        for (const r of e.clients) deliver(r, frame);
      }
    }
    return receivers;
  }

  /** SPUBLISH: shard channels have no patterns. */
  spublish(channel: string, message: string): number {
    const subs = this.shardChannels.get(channel);
    if (subs === undefined) return 0;
    const frame = new Frame(3, '$8\r\nsmessage\r\n' + bulk(channel) + bulk(message));
    const n = subs.size;
    for (const r of subs) deliver(r, frame);
    return n;
  }
}

function deliver(r: Client, frame: Frame): void {
  pushTo(r, frame.for(r));
}

/**
 * Writes a push (raw protocol bytes) to `r`, even under CLIENT REPLY OFF,
 * enforces its output buffer limit, and flushes it later in this tick.
 */
export function pushTo(r: Client, bytes: string | Buffer): void {
  if (r.closed) return;
  const w = r.w;
  const enabled = w.enabled;
  w.enabled = true;
  if (typeof bytes === 'string') w.raw(bytes);
  else w.rawBuffer(bytes);
  w.enabled = enabled;
  if (checkOutputLimits(r)) return;
  r.scheduleFlush();
}

/** Subscription confirmation: [type, name or nil, count]. */
function confirm(c: Client, type: string, name: string | null, count: number): void {
  const w = c.w;
  const enabled = w.enabled;
  w.enabled = true;
  w.push(3);
  w.bulk(type);
  if (name === null) w.nil();
  else w.bulk(name);
  w.integer(count);
  w.enabled = enabled;
}

function ensureSets(c: Client): [Set<string>, Set<string>, Set<string>] {
  if (c.channels === null) c.channels = new Set();
  if (c.patterns === null) c.patterns = new Set();
  if (c.shardChannels === null) c.shardChannels = new Set();
  return [c.channels, c.patterns, c.shardChannels];
}

/** Channels + patterns: the count SUBSCRIBE/PSUBSCRIBE replies carry. */
export function subCount(c: Client): number {
  return (c.channels?.size ?? 0) + (c.patterns?.size ?? 0);
}

export function shardCount(c: Client): number {
  return c.shardChannels?.size ?? 0;
}

/** Any subscription at all: RESP2 clients are then in the subscribed context. */
export function isSubscribed(c: Client): boolean {
  return subCount(c) + shardCount(c) > 0;
}

declare module './server.js' {
  interface Services {
    pubsub: PubSub;
  }
}

export function pubsubOf(server: Server): PubSub {
  return serviceOf(server, 'pubsub');
}

/** Creates the registry and drops subscriptions on disconnect and RESET. */
export function installPubsub(server: Server): PubSub {
  const ps = new PubSub(server);
  server.services.pubsub = ps;
  server.clientCloseHooks.push((c) => ps.dropClient(c));
  server.clientResetHooks.push((c) => ps.dropClient(c));
  return ps;
}
