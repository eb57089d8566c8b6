/**
 * Test-only stand-ins for XADD / XDEL, installed into an in-process respd
 * ONLY when the streams family has not registered them (the consumer-group
 * tests were written while that family was still in progress on another
 * branch). Explicit IDs, "*" and "<ms>-*"; no trimming options. Once the
 * real commands exist this does nothing.
 */
import type { Server } from '../../src/server/server.js';
import type { Client } from '../../src/server/client.js';
import { Stream, parseStreamID, formatID, compareID, type StreamID } from '../../src/keyspace/stream.js';

function streamFor(c: Client, key: string, create: boolean): Stream | null | undefined {
  const v = c.server.keyspace.lookupWrite(c.db, key);
  if (v === undefined) {
    if (!create) return undefined;
    const s = new Stream();
    c.server.keyspace.set(c.db, key, s);
    return s;
  }
  if (!(v instanceof Stream)) {
    c.error('WRONGTYPE Operation against a key holding the wrong kind of value');
    return null;
  }
  return v;
}

function xadd(c: Client, argv: string[]): void {
  if (argv.length < 5 || (argv.length - 3) % 2 !== 0) {
    c.error("ERR wrong number of arguments for 'xadd' command");
    return;
  }
  const key = argv[1];
  let id: StreamID;
  const existing = c.server.keyspace.lookupWrite(c.db, key);
  const last = existing instanceof Stream ? existing.lastId : { ms: 0, seq: 0 };
  if (argv[2] === '*') {
    const now = Date.now();
    id = now > Number(last.ms) ? { ms: now, seq: 0 } : { ms: last.ms, seq: Number(last.seq) + 1 };
  } else {
    const p = parseStreamID(argv[2], 0, true, true);
    if (p === null) {
      c.error('ERR Invalid stream ID specified as stream command argument');
      return;
    }
    id = p.id;
    if (!p.seqGiven) id = { ms: id.ms, seq: id.ms === last.ms ? Number(last.seq) + 1 : 0 };
    if (compareID(id, last) <= 0) {
      c.error('ERR The ID specified in XADD is equal or smaller than the target stream top item');
      return;
    }
  }
  const s = streamFor(c, key, true);
  if (s === null || s === undefined) return;
  s.append(id, argv.slice(3), 4096, 100);
  c.w.bulk(formatID(id));
  c.server.keyspace.modified(c.db, key);
  c.server.keyspace.notify('t', 'xadd', key, c.db.id);
}

function xdel(c: Client, argv: string[]): void {
  const s = streamFor(c, argv[1], false);
  if (s === null) return;
  let n = 0;
  for (let i = 2; i < argv.length; i++) {
    const p = parseStreamID(argv[i], 0, true);
    if (p === null) {
      c.error('ERR Invalid stream ID specified as stream command argument');
      return;
    }
    if (s !== undefined && s.delete(p.id)) n++;
  }
  c.w.integer(n);
  if (n !== 0) c.server.keyspace.modified(c.db, argv[1]);
}

export function installStreamStub(server: Server): void {
  if (server.commands.lookup('xadd')?.handler) return;
  server.commands.add({ name: 'xadd', handler: xadd });
  server.commands.add({ name: 'xdel', handler: xdel });
}
