/**
 * The dataset as commands (Redis 7.0's rewriteAppendOnlyFileRio): what an
 * AOF base file holds when aof-use-rdb-preamble is no. Functions first
 * (FUNCTION LOAD), then per non-empty database a SELECT and, per key, the
 * commands that rebuild it — at most 64 items per command, as Redis — and
 * its PEXPIREAT. Streams rebuild entries, last ID, counters, groups, PELs
 * and consumers, so a reload is indistinguishable from the original.
 */
import type { Database } from '../../keyspace/database.js';
import type { Value } from '../../keyspace/value.js';
import { ListValue } from '../../keyspace/list.js';
import { RSet } from '../../keyspace/set.js';
import { ZSet } from '../../keyspace/zset.js';
import { RHash } from '../../keyspace/hash.js';
import { Stream, formatID, formatParts, type StreamID } from '../../keyspace/stream.js';
import { lookupGroup, sortedGroupNames } from '../../keyspace/stream-groups.js';
import { formatDouble17g } from '../../protocol/doubles.js';
import { encodeCommand } from '../../server/propagation.js';

/** AOF_REWRITE_ITEMS_PER_CMD */
const ITEMS_PER_CMD = 64;

/** Collects latin1 chunks; joined into one Buffer at the end. */
export class ChunkWriter {
  private chunks: string[] = [];
  private pending = '';
  bytes = 0;

  /** Raw text (annotations). */
  raw(s: string): void {
    this.pending += s;
  }

  command(argv: string[]): void {
    this.pending += encodeCommand(argv);
    if (this.pending.length > 65536) this.cut();
  }

  private cut(): void {
    this.chunks.push(this.pending);
    this.bytes += this.pending.length;
    this.pending = '';
  }

  toBuffer(): Buffer {
    this.cut();
    return Buffer.from(this.chunks.join(''), 'latin1');
  }
}

/** Emits `head…` followed by `items` in commands of at most ITEMS_PER_CMD items (each item one or more args). */
function batched(out: ChunkWriter, head: string[], count: number, item: (i: number, argv: string[]) => void): void {
  for (let start = 0; start < count; start += ITEMS_PER_CMD) {
    const argv = head.slice();
    const end = Math.min(count, start + ITEMS_PER_CMD);
    for (let i = start; i < end; i++) item(i, argv);
    out.command(argv);
  }
}

function rewriteValue(out: ChunkWriter, key: string, v: Value): void {
  if (typeof v === 'string') {
    out.command(['SET', key, v]);
  } else if (v instanceof ListValue) {
    batched(out, ['RPUSH', key], v.length, (i, a) => a.push(v.at(i)));
  } else if (v instanceof RSet) {
    batched(out, ['SADD', key], v.size, (i, a) => a.push(String(v.at(i))));
  } else if (v instanceof ZSet) {
    const cur = v.at(0);
    batched(out, ['ZADD', key], v.size, (_i, a) => {
      a.push(formatDouble17g(cur.score), cur.member);
      cur.next();
    });
  } else if (v instanceof RHash) {
    const flat = v.flat();
    batched(out, ['HMSET', key], flat.length / 2, (i, a) => a.push(flat[2 * i], flat[2 * i + 1]));
  } else if (v instanceof Stream) {
    rewriteStream(out, key, v);
  } else {
    throw new Error(`cannot rewrite a value of type ${(v as { type: string }).type}`);
  }
}

function rewriteStream(out: ChunkWriter, key: string, s: Stream): void {
  if (s.length !== 0) {
    s.range({ ms: 0, seq: 0 }, s.lastId, false, 0, (ms, seq, fv) => {
      out.command(['XADD', key, formatParts(ms, seq), ...fv]);
    });
  } else {
    // An empty stream still exists: XADD one entry and trim it away at once.
    out.command(['XADD', key, 'MAXLEN', '0', '0-1', 'x', 'y']);
  }
  out.command(['XSETID', key, formatID(s.lastId), 'ENTRIESADDED', String(s.entriesAdded), 'MAXDELETEDID', formatID(s.maxDeletedId)]);
  for (const name of sortedGroupNames(s)) {
    const g = lookupGroup(s, name)!;
    out.command(['XGROUP', 'CREATE', key, name, formatID(g.lastId), 'ENTRIESREAD', String(g.entriesRead)]);
    for (let cn = g.consumers.first(); cn !== null; cn = cn.next[0]) {
      const cons = cn.value;
      if (cons.pel.size === 0) {
        out.command(['XGROUP', 'CREATECONSUMER', key, name, cons.name]);
        continue;
      }
      for (let pn = cons.pel.first(); pn !== null; pn = pn.next[0]) {
        const id: StreamID = pn.key;
        out.command(['XCLAIM', key, name, cons.name, '0', formatID(id), 'TIME', String(pn.value.deliveryTime),
          'RETRYCOUNT', String(pn.value.deliveryCount), 'JUSTID', 'FORCE']);
      }
    }
  }
}

/** Writes the whole dataset (functions' code first) as commands. */
export function rewriteDataset(out: ChunkWriter, dbs: readonly Database[], functionCodes: readonly string[]): void {
  for (const code of functionCodes) out.command(['FUNCTION', 'LOAD', code]);
  for (const db of dbs) {
    if (db.dict.size === 0) continue;
    out.command(['SELECT', String(db.id)]);
    for (const [key, v] of db.dict) {
      rewriteValue(out, key, v);
      const when = db.expires.size === 0 ? undefined : db.expires.get(key);
      if (when !== undefined) out.command(['PEXPIREAT', key, String(when)]);
    }
  }
}
