/**
 * Minimal stand-ins for keyspace/admin commands the hash and set suites
 * need (FLUSHALL between cases, DEL, TYPE, EXISTS, OBJECT ENCODING,
 * EXPIRE/PEXPIRE/TTL, DEBUG SLEEP) while those families are developed on
 * other branches. Each is installed only when the server has no handler
 * of its own, so once the real commands are merged these are never used.
 *
 * Test-only: applied by wrapping startServer with vi.mock in a suite.
 */
import type { Server } from '../../src/server/server.js';
import type { Client } from '../../src/server/client.js';
import { typeOf } from '../../src/keyspace/value.js';

type H = (c: Client, argv: string[]) => void;

const STOPGAPS: Record<string, H> = {
  flushall(c) {
    c.server.keyspace.flushAll();
    c.w.ok();
  },
  del(c, argv) {
    let n = 0;
    for (let i = 1; i < argv.length; i++) {
      const ks = c.server.keyspace;
      if (ks.exists(c.db, argv[i]) && ks.delete(c.db, argv[i])) {
        ks.notify('g', 'del', argv[i], c.db.id);
        n++;
      }
    }
    c.w.integer(n);
  },
  exists(c, argv) {
    let n = 0;
    for (let i = 1; i < argv.length; i++) if (c.server.keyspace.exists(c.db, argv[i])) n++;
    c.w.integer(n);
  },
  type(c, argv) {
    const v = c.server.keyspace.lookupRead(c.db, argv[1]);
    c.w.simple(v === undefined ? 'none' : typeOf(v));
  },
  expire(c, argv) {
    expireGeneric(c, argv, 1000);
  },
  pexpire(c, argv) {
    expireGeneric(c, argv, 1);
  },
  ttl(c, argv) {
    const ks = c.server.keyspace;
    if (!ks.exists(c.db, argv[1])) return c.w.integer(-2);
    const when = ks.getExpire(c.db, argv[1]);
    c.w.integer(when === undefined ? -1 : Math.round((when - Date.now()) / 1000));
  },
  'object|encoding'(c, argv) {
    const v = c.server.keyspace.lookupWrite(c.db, argv[2]);
    if (v === undefined) c.w.nil();
    else if (typeof v === 'string') c.w.bulk(v.length <= 20 && /^-?[1-9][0-9]*$|^0$/.test(v) ? 'int' : v.length <= 44 ? 'embstr' : 'raw');
    else c.w.bulk(v.encoding());
  },
  'debug|sleep'(c, argv) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(argv[2]) * 1000);
    c.w.ok();
  },
};

function expireGeneric(c: Client, argv: string[], unit: number): void {
  const ks = c.server.keyspace;
  if (!ks.exists(c.db, argv[1])) return c.w.integer(0);
  ks.setExpire(c.db, argv[1], Date.now() + Number(argv[2]) * unit);
  c.w.integer(1);
}

export function installStopgaps(server: Server): void {
  for (const [name, handler] of Object.entries(STOPGAPS)) {
    const [container, sub] = name.split('|');
    const top = server.commands.lookup(container);
    if (sub === undefined) {
      if (top?.handler) continue;
    } else if (top?.subcommands.get(sub)?.handler) {
      continue;
    }
    if (sub !== undefined && container === 'debug') {
      // DEBUG has no subcommand table in Redis: route "debug sleep" through a container handler.
      if (top?.handler) continue;
      server.commands.add({ name: 'debug', handler: (c, argv) => (argv[1]?.toLowerCase() === 'sleep' ? handler(c, argv) : c.error('ERR unsupported in tests')) });
      continue;
    }
    server.commands.add({ name, handler });
  }
}
