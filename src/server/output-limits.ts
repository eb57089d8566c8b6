/**
 * client-output-buffer-limit: one rule for every client class.
 *
 * A client whose unsent output (replies not yet flushed plus bytes the
 * socket has not handed to the kernel) reaches its class's hard limit, or
 * stays at or above the soft limit for longer than the soft seconds, is
 * disconnected and counted in client_output_buffer_limit_disconnections.
 * As in Redis, masters use the normal class and a limit of 0 is "none".
 */
import type { Client } from './client.js';
import type { Server } from './server.js';

interface Limit {
  hard: number;
  soft: number;
  softSeconds: number;
}

interface Limits {
  normal: Limit;
  replica: Limit;
  pubsub: Limit;
}

const NONE: Limit = { hard: 0, soft: 0, softSeconds: 0 };
/** When each client first went over its soft limit (unix seconds). */
const softSince = new WeakMap<Client, number>();

function parseLimits(words: string[]): Limits {
  const out: Limits = { normal: NONE, replica: NONE, pubsub: NONE };
  for (let i = 0; i + 3 < words.length; i += 4) {
    const l = { hard: Number(words[i + 1]), soft: Number(words[i + 2]), softSeconds: Number(words[i + 3]) };
    const cls = words[i];
    if (cls === 'normal') out.normal = l;
    else if (cls === 'slave' || cls === 'replica') out.replica = l;
    else if (cls === 'pubsub') out.pubsub = l;
  }
  return out;
}

declare module './server.js' {
  interface Services {
    /** client-output-buffer-limit, parsed once per change. */
    outputLimits: Limits;
  }
}

function limitsOf(server: Server): Limits {
  let l = server.services.outputLimits;
  if (l === undefined) {
    l = parseLimits(server.config.get('client-output-buffer-limit') as string[]);
    server.services.outputLimits = l;
    server.config.onChange('client-output-buffer-limit', (_n, v) => {
      server.services.outputLimits = parseLimits(v as string[]);
    });
  }
  return l;
}

/** The limit class of a client: replicas, subscribers (any protocol), everyone else. */
function limitFor(c: Client, l: Limits): Limit {
  if (c.kind === 'replica') return l.replica;
  if ((c.channels !== null && c.channels.size !== 0) || (c.patterns !== null && c.patterns.size !== 0) ||
      (c.shardChannels !== null && c.shardChannels.size !== 0)) return l.pubsub;
  return l.normal;
}

/**
 * Checks `c` against its class's limits after output was queued for it.
 * Closes the client and returns true when a limit was overcome.
 */
export function checkOutputLimits(c: Client): boolean {
  if (c.closed) return true;
  const limit = limitFor(c, limitsOf(c.server));
  if (limit.hard === 0 && limit.soft === 0) return false;
  const used = c.outputBytes;
  const hard = limit.hard !== 0 && used >= limit.hard;
  let soft = limit.soft !== 0 && used >= limit.soft;
  if (soft) {
    const now = Math.floor(Date.now() / 1000);
    const since = softSince.get(c);
    if (since === undefined) {
      softSince.set(c, now);
      soft = false;
    } else if (now - since <= limit.softSeconds) {
      soft = false;
    }
  } else if (softSince.has(c)) {
    softSince.delete(c);
  }
  if (!hard && !soft) return false;
  c.server.stats.clientOutbufLimitDisconnections++;
  c.server.log.warn({ client: c.addr, id: c.id, omem: used }, 'Client scheduled to be closed ASAP for overcoming of output buffer limits.');
  c.close();
  return true;
}
