/**
 * Persistence commands: SAVE, BGSAVE [SCHEDULE], DUMP, RESTORE. LASTSAVE,
 * SHUTDOWN and DEBUG RELOAD live with the other server commands and reach
 * the same RDB service.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { is } from './args.js';
import { parseI64 } from '../protocol/ints.js';
import { rdbOf } from '../persistence/rdb-service.js';
import { dumpPayload } from '../persistence/rdb/encode.js';
import { parseDumpPayload } from '../persistence/rdb/decode.js';
import { callDepth } from '../server/dispatcher.js';
import { setExpireExact } from '../keyspace/expiry.js';
import * as E from '../errors.js';

function save(c: Client): void {
  const rdb = rdbOf(c.server);
  if (rdb.bgsaveActive) {
    c.error(E.BGSAVE_IN_PROGRESS);
    return;
  }
  if (rdb.saveSync()) c.w.ok();
  else c.error(E.GENERIC_ERR);
}

function bgsave(c: Client, argv: string[]): void {
  let schedule = false;
  if (argv.length > 1) {
    if (argv.length === 2 && is(argv[1], 'SCHEDULE')) schedule = true;
    else {
      c.error(E.SYNTAX);
      return;
    }
  }
  const rdb = rdbOf(c.server);
  if (rdb.bgsaveActive) {
    c.error(E.BGSAVE_IN_PROGRESS);
  } else if (rdb.snapshot !== null || callDepth() > 1) {
    // Another snapshot (an AOF rewrite) holds the "child" slot, or we are inside MULTI/EXEC
    // (server.in_exec): Redis defers to the cron when asked to, or inside EXEC.
    if (schedule || callDepth() > 1) {
      rdb.bgsaveScheduled = true;
      c.w.simple('Background saving scheduled');
    } else {
      c.error(E.BGSAVE_OTHER_CHILD);
    }
  } else if (rdb.bgsave()) {
    c.w.simple('Background saving started');
  } else {
    c.error(E.GENERIC_ERR);
  }
}

function dump(c: Client, argv: string[]): void {
  const v = c.server.keyspace.lookupRead(c.db, argv[1]);
  if (v === undefined) {
    c.w.nil();
    return;
  }
  const payload = dumpPayload(v, rdbOf(c.server).writerOptions());
  c.w.bulk(payload.latin1Slice(0, payload.length));
}

/** Parses RESTORE's integer option value, or replies with the error. */
function intArg(c: Client, s: string): number | null {
  const v = parseI64(s);
  if (v === null) {
    c.error(E.NOT_INTEGER);
    return null;
  }
  return Number(v);
}

function restore(c: Client, argv: string[]): void {
  let replace = false;
  let absttl = false;
  let idle = -1;
  let freq = -1;
  for (let j = 4; j < argv.length; j++) {
    const more = argv.length - j - 1;
    if (is(argv[j], 'REPLACE')) replace = true;
    else if (is(argv[j], 'ABSTTL')) absttl = true;
    else if (is(argv[j], 'IDLETIME') && more >= 1 && freq === -1) {
      const v = intArg(c, argv[++j]);
      if (v === null) return;
      if (v < 0) {
        c.error(E.INVALID_IDLETIME);
        return;
      }
      idle = v;
    } else if (is(argv[j], 'FREQ') && more >= 1 && idle === -1) {
      const v = intArg(c, argv[++j]);
      if (v === null) return;
      if (v < 0 || v > 255) {
        c.error(E.INVALID_FREQ);
        return;
      }
      freq = v;
    } else {
      c.error(E.SYNTAX);
      return;
    }
  }
  const ks = c.server.keyspace;
  const db = c.db;
  const key = argv[1];
  if (!replace && ks.lookupWrite(db, key) !== undefined) {
    c.error(E.BUSYKEY);
    return;
  }
  const ttlArg = parseI64(argv[2]);
  if (ttlArg === null) {
    c.error(E.NOT_INTEGER);
    return;
  }
  if (ttlArg < 0) {
    c.error(E.INVALID_TTL);
    return;
  }
  const rdb = rdbOf(c.server);
  const parsed = parseDumpPayload(Buffer.from(argv[3], 'latin1'), rdb.limits(), !rdb.skipChecksum);
  if ('error' in parsed) {
    c.error(parsed.error === 'checksum' ? E.BAD_DUMP_PAYLOAD : E.BAD_DATA_FORMAT);
    return;
  }
  const deleted = replace && ks.delete(db, key);
  let ttl: number | bigint = ttlArg;
  if (ttl !== 0 && !absttl) ttl = typeof ttl === 'number' ? ttl + Date.now() : ttl + BigInt(Date.now());
  if (ttl !== 0 && ttl !== 0n && ttl <= Date.now()) {
    // already expired: the key is gone (and a replaced one deleted)
    if (deleted) ks.notify('g', 'del', key, db.id);
    c.w.ok();
    return;
  }
  ks.set(db, key, parsed.value);
  if (ttl !== 0 && ttl !== 0n) setExpireExact(ks, db, key, ttl);
  if (idle >= 0 || freq >= 0) ks.access.restore(db, key, idle, freq);
  ks.notify('g', 'restore', key, db.id);
  c.w.ok();
}

export const persistenceCommands: CommandDef[] = [
  command('save', save),
  command('bgsave', bgsave),
  command('dump', dump),
  command('restore', restore),
];
