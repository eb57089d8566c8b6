/**
 * Minimal stand-ins for generic commands that other families own (keys,
 * strings, server admin), installed into a test server only when the real
 * command is not registered yet. They implement just what the pub/sub,
 * transaction, notification and tracking scenarios use, and raise the same
 * keyspace signals (modified / notify) at the same points as Redis, so
 * those scenarios can run on a branch where the owning family is missing.
 * Once the real families are merged, every stand-in is skipped.
 */
import type { Server } from '../../src/server/server.js';
import type { Client } from '../../src/server/client.js';
import { command, type CommandDef } from '../../src/commands/spec.js';
import { stringCommands } from '../../src/commands/strings.js';
import { ConfigError } from '../../src/config/registry.js';
import { touchWatchedKeysOnSwap } from '../../src/server/multi.js';

function wrongType(c: Client): void {
  c.error('WRONGTYPE Operation against a key holding the wrong kind of value');
}

function int(s: string): number | null {
  return /^-?(0|[1-9]\d*)$/.test(s) ? Number(s) : null;
}

function setCmd(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  let ttl = 0;
  let nx = false;
  let xx = false;
  let get = false;
  let keep = false;
  for (let i = 3; i < argv.length; i++) {
    const o = argv[i].toUpperCase();
    if (o === 'NX') nx = true;
    else if (o === 'XX') xx = true;
    else if (o === 'GET') get = true;
    else if (o === 'KEEPTTL') keep = true;
    else if ((o === 'EX' || o === 'PX') && i + 1 < argv.length) {
      const n = int(argv[++i]);
      if (n === null || n <= 0) return c.error("ERR invalid expire time in 'set' command");
      ttl = o === 'EX' ? n * 1000 : n;
    } else return c.error('ERR syntax error');
  }
  if (nx && xx) return c.error('ERR syntax error');
  const old = ks.lookupWrite(c.db, argv[1]);
  if (get && old !== undefined && typeof old !== 'string') return wrongType(c);
  if ((nx && old !== undefined) || (xx && old === undefined)) {
    if (get) c.w.bulkOrNil(old as string | undefined);
    else c.w.nil();
    return;
  }
  ks.set(c.db, argv[1], argv[2], keep);
  ks.notify('$', 'set', argv[1], c.db.id);
  if (ttl > 0) {
    ks.setExpire(c.db, argv[1], Date.now() + ttl);
    ks.notify('g', 'expire', argv[1], c.db.id);
  }
  if (get) c.w.bulkOrNil(old as string | undefined);
  else c.w.ok();
}

function incr(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const old = ks.lookupWrite(c.db, argv[1]);
  if (old !== undefined && typeof old !== 'string') return wrongType(c);
  const n = old === undefined ? 0 : int(old);
  if (n === null) return c.error('ERR value is not an integer or out of range');
  const v = String(n + 1);
  if (old === undefined) ks.set(c.db, argv[1], v);
  else {
    ks.put(c.db, argv[1], v);
    ks.modified(c.db, argv[1]);
  }
  ks.notify('$', 'incrby', argv[1], c.db.id);
  c.w.integer(n + 1);
}

function append(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const old = ks.lookupWrite(c.db, argv[1]);
  if (old !== undefined && typeof old !== 'string') return wrongType(c);
  const v = (old ?? '') + argv[2];
  if (old === undefined) ks.set(c.db, argv[1], v);
  else {
    ks.put(c.db, argv[1], v);
    ks.modified(c.db, argv[1]);
  }
  ks.notify('$', 'append', argv[1], c.db.id);
  c.w.integer(v.length);
}

function mset(c: Client, argv: string[]): void {
  if (argv.length % 2 === 0) return c.error("ERR wrong number of arguments for 'mset' command");
  const ks = c.server.keyspace;
  for (let i = 1; i < argv.length; i += 2) {
    ks.set(c.db, argv[i], argv[i + 1]);
    ks.notify('$', 'set', argv[i], c.db.id);
  }
  c.w.ok();
}

function del(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    ks.lookupWrite(c.db, argv[i]);
    if (ks.delete(c.db, argv[i])) {
      ks.notify('g', 'del', argv[i], c.db.id);
      n++;
    }
  }
  c.w.integer(n);
}

function exists(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (c.server.keyspace.exists(c.db, argv[i])) n++;
  c.w.integer(n);
}

function expireGeneric(c: Client, argv: string[], unit: number): void {
  const ks = c.server.keyspace;
  const n = int(argv[2]);
  if (n === null) return c.error('ERR value is not an integer or out of range');
  if (ks.lookupWrite(c.db, argv[1]) === undefined) return c.w.integer(0);
  if (n <= 0) {
    ks.delete(c.db, argv[1]);
    ks.notify('g', 'del', argv[1], c.db.id);
  } else {
    ks.setExpire(c.db, argv[1], Date.now() + n * unit);
    ks.modified(c.db, argv[1]);
    ks.notify('g', 'expire', argv[1], c.db.id);
  }
  c.w.integer(1);
}

function persist(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  if (ks.lookupWrite(c.db, argv[1]) === undefined || !ks.removeExpire(c.db, argv[1])) return c.w.integer(0);
  ks.modified(c.db, argv[1]);
  ks.notify('g', 'persist', argv[1], c.db.id);
  c.w.integer(1);
}

function rename(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const v = ks.lookupWrite(c.db, argv[1]);
  if (v === undefined) return c.error('ERR no such key');
  if (argv[1] === argv[2]) return c.w.ok();
  const when = ks.getExpire(c.db, argv[1]);
  ks.lookupWrite(c.db, argv[2]);
  ks.delete(c.db, argv[2]);
  ks.set(c.db, argv[2], v);
  if (when !== undefined) ks.setExpire(c.db, argv[2], when);
  ks.delete(c.db, argv[1]);
  ks.notify('g', 'rename_from', argv[1], c.db.id);
  ks.notify('g', 'rename_to', argv[2], c.db.id);
  c.w.ok();
}

function flushall(c: Client): void {
  c.server.keyspace.flushAll();
  c.w.ok();
}

function flushdb(c: Client): void {
  c.server.keyspace.flushDb(c.db);
  c.w.ok();
}

function swapdb(c: Client, argv: string[]): void {
  const ks = c.server.keyspace;
  const a = int(argv[1]);
  const b = int(argv[2]);
  if (a === null) return c.error('ERR invalid first DB index');
  if (b === null) return c.error('ERR invalid second DB index');
  if (a < 0 || b < 0 || a >= ks.dbs.length || b >= ks.dbs.length) return c.error('ERR DB index is out of range');
  const da = ks.dbs[a];
  const db = ks.dbs[b];
  touchWatchedKeysOnSwap(c.server, da, db);
  const swap = <T>(x: Map<string, T>, y: Map<string, T>) => {
    const t = new Map(x);
    x.clear();
    for (const [k, v] of y) x.set(k, v);
    y.clear();
    for (const [k, v] of t) y.set(k, v);
  };
  swap(da.dict, db.dict);
  swap(da.expires, db.expires);
  c.w.ok();
}

function configSet(c: Client, argv: string[]): void {
  try {
    c.server.config.set(argv[2], [argv[3]]);
    c.w.ok();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    c.error(`ERR CONFIG SET failed (possibly related to argument '${argv[2]}') - ${e.message}`);
  }
}

function configGet(c: Client, argv: string[]): void {
  const name = c.server.config.resolve(argv[2]);
  if (name === undefined) return c.w.map(0);
  c.w.map(1);
  c.w.bulk(argv[2]);
  c.w.bulk(c.server.config.text(name));
}

function clientId(c: Client): void {
  c.w.integer(c.id);
}

function clientKill(c: Client, argv: string[]): void {
  const id = int(argv[3] ?? '');
  const victim = id === null ? undefined : c.server.clients.get(id);
  if (victim === undefined) return c.w.integer(0);
  if (victim === c) c.closeAfterReply = true;
  else victim.close();
  c.w.integer(1);
}

function clientReply(c: Client, argv: string[]): void {
  const m = argv[2].toLowerCase();
  if (m === 'on') {
    c.replyMode = 'on';
    c.w.enabled = true;
    c.w.ok();
  } else if (m === 'off') c.replyMode = 'off';
  else if (m === 'skip') c.replyMode = 'skip';
  else c.error('ERR syntax error');
}

function clientSetname(c: Client, argv: string[]): void {
  c.name = argv[2];
  c.w.ok();
}

const STANDINS: CommandDef[] = [
  command('incr', incr),
  command('append', append),
  command('mset', mset),
  command('del', del),
  command('unlink', del),
  command('exists', exists),
  command('expire', (c, a) => expireGeneric(c, a, 1000)),
  command('pexpire', (c, a) => expireGeneric(c, a, 1)),
  command('persist', persist),
  command('rename', rename),
  command('flushall', flushall),
  command('flushdb', flushdb),
  command('swapdb', swapdb),
  command('config|set', configSet),
  command('config|get', configGet),
  command('client|id', clientId),
  command('client|kill', clientKill),
  command('client|reply', clientReply),
  command('client|setname', clientSetname),
];

/** Registers the stand-ins whose real command is missing from `server`. */
export function installFallbacks(server: Server): void {
  const table = server.commands;
  for (const def of STANDINS) {
    const existing = table.lookupFull(def.name);
    if (existing !== undefined && existing.handler !== null) continue;
    table.add(def);
  }
  // The skeleton string family has only GET and a bare SET without options or events.
  if (stringCommands.length <= 2) table.add(command('set', setCmd));
}
