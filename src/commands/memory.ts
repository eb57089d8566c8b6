/**
 * MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP.
 *
 * respd's memory is V8's heap, not an allocator's arenas, so the numbers are
 * those INFO memory reports (observability/info.ts memoryFigures) and, for
 * one key, the same estimate maxmemory accounting uses (server/eviction.ts):
 * meaningful for comparing keys and spotting big ones, not byte-equal to
 * what Redis would report for the same data.
 */
import { collectGarbage } from '../server/heap-guard.js';
import type { Client } from '../server/client.js';
import { command, type CommandDef } from '../catalog/spec.js';
import { is } from './args.js';
import { replyHelp } from './help.js';
import * as E from '../errors.js';
import { estimateKey } from '../memory/eviction.js';
import { memoryFigures } from '../observability/info.js';
import { scriptingMemory } from '../scripting/lazy.js';
import { parseI64Number } from '../protocol/ints.js';

/** MEMORY USAGE key [SAMPLES count]: nil for a missing key. */
function memoryUsage(c: Client, argv: string[]): void {
  let samples = 5;
  for (let j = 3; j < argv.length; j++) {
    if (is(argv[j], 'SAMPLES') && j + 1 < argv.length) {
      const n = parseI64Number(argv[++j]);
      if (n === null) {
        c.error(E.NOT_INTEGER);
        return;
      }
      if (n < 0) {
        c.error(E.SYNTAX);
        return;
      }
      samples = n;
    } else {
      c.error(E.SYNTAX);
      return;
    }
  }
  // Like Redis, a plain dictionary lookup: no lazy expiry, no hit/miss counting.
  const v = c.db.dict.get(argv[2]);
  if (v === undefined) c.w.nil();
  else c.w.integer(Math.round(estimateKey(argv[2], v, samples)));
}

/** MEMORY STATS: Redis's field names, as a map (flat array in RESP2). */
function memoryStats(c: Client): void {
  const server = c.server;
  const f = memoryFigures(server);
  const lua = scriptingMemory(server);
  let keys = 0;
  for (const db of server.keyspace.dbs) keys += db.size;
  const perDb: [string, number, number][] = [];
  for (const db of server.keyspace.dbs) {
    if (db.size === 0) continue;
    // main dictionary and expiry index overhead, as Redis reports per-db hash table sizes
    perDb.push([`db.${db.id}`, db.size * 28, db.expires.size * 28]);
  }
  const pct = (a: number, b: number) => (b === 0 ? 0 : (a * 100) / b);
  const fields: [string, number][] = [
    ['peak.allocated', f.peak],
    ['total.allocated', f.used],
    ['startup.allocated', f.startup],
    ['replication.backlog', 0],
    ['clients.slaves', 0],
    ['clients.normal', f.clientBufs],
    ['cluster.links', 0],
    ['aof.buffer', 0],
    ['lua.caches', lua.scriptsEval],
    ['functions.caches', lua.functions],
  ];
  const tail: [string, number][] = [
    ['overhead.total', f.overhead],
    ['keys.count', keys],
    ['keys.bytes-per-key', keys === 0 || f.used <= f.startup ? 0 : Math.floor((f.used - f.startup) / keys)],
    ['dataset.bytes', f.dataset],
    ['dataset.percentage', pct(f.dataset, f.used - f.startup)],
    ['peak.percentage', pct(f.used, f.peak)],
    ['allocator.allocated', f.allocated],
    ['allocator.active', f.active],
    ['allocator.resident', f.resident],
    ['allocator-fragmentation.ratio', f.allocated === 0 ? 0 : f.active / f.allocated],
    ['allocator-fragmentation.bytes', f.active - f.allocated],
    ['allocator-rss.ratio', f.active === 0 ? 0 : f.resident / f.active],
    ['allocator-rss.bytes', f.resident - f.active],
    ['rss-overhead.ratio', 1],
    ['rss-overhead.bytes', 0],
    ['fragmentation', f.used === 0 ? 0 : f.resident / f.used],
    ['fragmentation.bytes', f.resident - f.used],
  ];
  const w = c.w;
  w.map(fields.length + perDb.length + tail.length);
  // ratios and percentages are doubles even when whole, as in Redis
  const put = ([name, n]: [string, number]) => {
    w.bulk(name);
    if (name.endsWith('.ratio') || name.endsWith('.percentage') || name === 'fragmentation') w.double(n);
    else w.integer(n);
  };
  fields.forEach(put);
  for (const [name, main, expires] of perDb) {
    w.bulk(name);
    w.map(3);
    put(['overhead.hashtable.main', main]);
    put(['overhead.hashtable.expires', expires]);
    put(['overhead.hashtable.slot-to-keys', 0]); // cluster mode only
  }
  tail.forEach(put);
}

/** Under this much data Redis's doctor declines to analyse (5 MB, as Redis). */
const DOCTOR_MIN_BYTES = 5 * 1024 * 1024;

function memoryDoctor(c: Client): void {
  const f = memoryFigures(c.server);
  const text = f.used - f.startup < DOCTOR_MIN_BYTES
    ? "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n"
    : "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
  c.w.verbatim(text);
}

function mallocStats(c: Client): void {
  c.w.verbatim('Stats not supported for the current allocator');
}

/** Redis asks the allocator to release dirty pages; the nearest here is a full collection. */
function purge(c: Client): void {
  collectGarbage();
  c.w.ok();
}

const HELP = [
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
];

export const memoryCommands: CommandDef[] = [
  command('memory|usage', memoryUsage),
  command('memory|stats', memoryStats),
  command('memory|doctor', memoryDoctor),
  command('memory|malloc-stats', mallocStats),
  command('memory|purge', purge),
  command('memory|help', (c) => replyHelp(c, 'memory', HELP)),
];
