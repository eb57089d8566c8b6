/**
 * Test-only stand-ins for commands of other families that the sorted set
 * and SORT differential suites need while this branch lacks them:
 * FLUSHALL (run by the harness before every case), DEL, EXISTS, TYPE,
 * OBJECT ENCODING, EXPIRE/PEXPIRE, CONFIG SET/GET, and minimal SADD, RPUSH,
 * LRANGE and HSET to build SORT and ZUNION inputs. A test file opts in with
 *
 *   vi.mock('../../src/commands/index.js', async (orig) =>
 *     (await import('../helpers/zset-stand-ins.js')).withZsetStandIns(await orig()));
 *
 * Each stand-in is registered only when the real command is missing, so
 * this is inert once the real families are merged. Their values follow
 * the shapes src/keyspace/foreign.ts reads.
 */
import { command, type CommandDef } from '../../src/commands/spec.js';
import type { Server } from '../../src/server/server.js';
import type { Client } from '../../src/server/client.js';
import type { RObject } from '../../src/keyspace/value.js';
import { stringEncoding, typeOf } from '../../src/keyspace/value.js';
import { listAt, listLength, newList } from '../../src/keyspace/foreign.js';

type IndexModule = { registerAllCommands(server: Server): void };

class StandInSet implements RObject {
  readonly type = 'set' as const;
  readonly s = new Set<string>();
  encoding(): string {
    return 'hashtable';
  }
  get size(): number {
    return this.s.size;
  }
  has(m: string): boolean {
    return this.s.has(m);
  }
  members(): Iterable<string> {
    return this.s;
  }
}

class StandInHash implements RObject {
  readonly type = 'hash' as const;
  readonly m = new Map<string, string>();
  encoding(): string {
    return 'listpack';
  }
  get(f: string): string | undefined {
    return this.m.get(f);
  }
}

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

function typed<T>(c: Client, key: string, type: string, create: () => T): T | null {
  const v = c.server.keyspace.lookupWrite(c.db, key);
  if (v === undefined) {
    const n = create();
    c.server.keyspace.set(c.db, key, n as unknown as RObject);
    return n;
  }
  if (typeOf(v) !== type) {
    c.error(WRONGTYPE);
    return null;
  }
  return v as unknown as T;
}

function expire(c: Client, argv: string[], unit: number): void {
  const ks = c.server.keyspace;
  if (!ks.exists(c.db, argv[1])) {
    c.w.integer(0);
    return;
  }
  const n = Number(argv[2]);
  if (n <= 0) ks.delete(c.db, argv[1]);
  else ks.setExpire(c.db, argv[1], Date.now() + n * unit);
  c.w.integer(1);
}

const STAND_INS: CommandDef[] = [
  command('flushall', (c) => {
    c.server.keyspace.flushAll();
    c.w.ok();
  }),
  command('del', (c, argv) => {
    let n = 0;
    for (const k of argv.slice(1)) if (c.server.keyspace.exists(c.db, k) && c.server.keyspace.delete(c.db, k)) n++;
    c.w.integer(n);
  }),
  command('exists', (c, argv) => {
    let n = 0;
    for (const k of argv.slice(1)) if (c.server.keyspace.exists(c.db, k)) n++;
    c.w.integer(n);
  }),
  command('type', (c, argv) => {
    const v = c.server.keyspace.lookupRead(c.db, argv[1]);
    c.w.simple(v === undefined ? 'none' : typeOf(v));
  }),
  command('object|encoding', (c, argv) => {
    const v = c.server.keyspace.lookupRead(c.db, argv[2]);
    if (v === undefined) c.w.nil();
    else c.w.bulk(typeof v === 'string' ? stringEncoding(v) : v.encoding());
  }),
  command('expire', (c, argv) => expire(c, argv, 1000)),
  command('pexpire', (c, argv) => expire(c, argv, 1)),
  command('config|set', (c, argv) => {
    c.server.config.set(argv[2], [argv[3]]);
    c.w.ok();
  }),
  command('sadd', (c, argv) => {
    const s = typed(c, argv[1], 'set', () => new StandInSet());
    if (s === null) return;
    let n = 0;
    for (const m of argv.slice(2)) if (!s.s.has(m)) { s.s.add(m); n++; }
    c.w.integer(n);
  }),
  command('rpush', (c, argv) => {
    const l = typed(c, argv[1], 'list', () => newList([]) as unknown as { pushTail(s: string): void; length: number });
    if (l === null) return;
    for (const e of argv.slice(2)) l.pushTail(e);
    c.w.integer(l.length);
  }),
  command('lrange', (c, argv) => {
    const v = c.server.keyspace.lookupRead(c.db, argv[1]);
    if (v === undefined) {
      c.w.array(0);
      return;
    }
    if (typeof v === 'string' || v.type !== 'list') {
      c.error(WRONGTYPE);
      return;
    }
    const n = listLength(v);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(listAt(v, i));
    c.w.bulkArray(out);
  }),
  command('hset', (c, argv) => {
    const h = typed(c, argv[1], 'hash', () => new StandInHash());
    if (h === null) return;
    let n = 0;
    for (let i = 2; i + 1 < argv.length; i += 2) {
      if (!h.m.has(argv[i])) n++;
      h.m.set(argv[i], argv[i + 1]);
    }
    c.w.integer(n);
  }),
];

export function withZsetStandIns<M extends IndexModule>(mod: M): M {
  return {
    ...mod,
    registerAllCommands(server: Server): void {
      mod.registerAllCommands(server);
      for (const def of STAND_INS) {
        const [name, sub] = def.name.split('|');
        const top = server.commands.lookup(name);
        const have = sub === undefined ? top?.handler != null : top?.subcommands.get(sub)?.handler != null;
        if (!have) server.commands.add(def);
      }
    },
  };
}
