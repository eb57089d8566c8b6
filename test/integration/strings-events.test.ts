import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startRespd } from '../helpers/servers.js';
import { RawClient } from '../helpers/raw-client.js';
import type { RunningServer } from '../../src/index.js';

// Keyspace notifications, "modified" signals and TTL handling of the string
// and bitmap commands. The expected event sequence was recorded from Redis
// 7.0.15 with notify-keyspace-events KEA.

let srv: RunningServer;
let cl: RawClient;
const events: string[] = [];
const modified: string[] = [];

beforeAll(async () => {
  srv = await startRespd();
  srv.server.keyspace.onNotify((flag, event, key) => events.push(`${flag}${event} ${key}`));
  srv.server.keyspace.onModified((_db, key) => modified.push(key));
  cl = await RawClient.connect(srv.port);
});

afterAll(async () => {
  cl.close();
  await srv.close();
});

async function run(...cmds: string[][]): Promise<void> {
  for (const c of cmds) await cl.call(...c);
}

function take(list: string[]): string[] {
  return list.splice(0, list.length);
}

const cmd = (s: string) => s.split(' ');

describe('keyspace events of string and bitmap commands', () => {
  const script: [string, string[]][] = [
    ['SET a 1', ['$set a']],
    ['SET a 2 EX 10', ['$set a', 'gexpire a']],
    ['GETEX a PERSIST', ['gpersist a']],
    ['GETEX a PERSIST', []],
    ['GETEX a EX 100', ['gexpire a']],
    ['GETEX a PXAT 1', ['gdel a']],
    ['SET a 1', ['$set a']],
    ['GETDEL a', ['gdel a']],
    ['GETSET a x', ['$set a']],
    ['SETRANGE a 0 y', ['$setrange a']],
    ['APPEND a z', ['$append a']],
    ['INCR n', ['$incrby n']],
    ['INCRBY n 5', ['$incrby n']],
    ['DECR n', ['$incrby n']],
    ['DECRBY n 2', ['$incrby n']],
    ['INCRBYFLOAT n 1.5', ['$incrbyfloat n']],
    ['MSET m1 1 m2 2', ['$set m1', '$set m2']],
    ['MSETNX m3 1 m4 2', ['$set m3', '$set m4']],
    ['MSETNX m3 1', []],
    ['SETBIT b 1 1', ['$setbit b']],
    ['SETBIT b 1 1', []],
    ['SETBIT b 100 0', ['$setbit b']],
    ['BITFIELD b SET u8 0 255', ['$setbit b']],
    ['BITFIELD b SET u8 0 255', []],
    ['BITFIELD b GET u8 0', []],
    ['BITFIELD b INCRBY u8 0 0', []],
    ['BITFIELD b OVERFLOW FAIL INCRBY u8 0 10', []],
    ['BITOP NOT d b', ['$set d']],
    ['BITOP AND d nokey', ['gdel d']],
    ['SETEX s 10 v', ['$set s', 'gexpire s']],
    ['PSETEX s 1000 v', ['$set s', 'gexpire s']],
    ['SETNX s v', []],
    ['SETNX s2 v', ['$set s2']],
    ['SET a b KEEPTTL', ['$set a']],
    ['SET a b GET', ['$set a']],
    ['SET x v EXAT 1', ['$set x', 'gexpire x']],
    ['GET x', ['xexpired x']],
    ['SET a 5 NX', []],
    ['SET a 5 XX GET', ['$set a']],
    ['LCS a b', []],
  ];
  it('raises the events Redis raises', async () => {
    take(events);
    for (const [c, expected] of script) {
      await run(cmd(c));
      expect(take(events), c).toEqual(expected);
    }
  });

  it('signals a modification only when a value changes', async () => {
    await run(cmd('SET w 1'), cmd('SETBIT w2 3 1'));
    take(modified);
    await run(cmd('SETBIT w2 3 1'), cmd('GETEX w PERSIST'), ['SETRANGE', 'w', '0', ''], cmd('BITFIELD w2 SET u4 0 1'));
    expect(take(modified)).toEqual([]);
    await run(cmd('SETBIT w2 3 0'), cmd('INCR w'), cmd('GETEX w EX 100'), cmd('GETEX w PERSIST'), cmd('GETDEL w'));
    expect(take(modified)).toEqual(['w2', 'w', 'w', 'w', 'w']);
  });
});

describe('TTL handling', () => {
  const ks = () => srv.server.keyspace;
  const db = () => srv.server.keyspace.dbs[0];
  const ttl = (k: string) => {
    const at = ks().getExpire(db(), k);
    return at === undefined ? -1 : Math.round((at - Date.now()) / 1000);
  };

  it('sets, keeps and drops TTLs like Redis', async () => {
    await run(cmd('SET k v EX 100'));
    expect(ttl('k')).toBe(100);
    await run(cmd('SET k w KEEPTTL'));
    expect(ttl('k')).toBe(100);
    for (const c of ['APPEND k x', 'SETRANGE k 0 y', 'SETBIT k 0 1', 'BITFIELD k SET u8 8 1', 'GETEX k']) {
      await run(cmd(c));
      expect(ttl('k'), c).toBe(100);
    }
    await run(cmd('SET n 1 PX 50000'), cmd('INCR n'), cmd('INCRBYFLOAT n 0.5'));
    expect(ttl('n')).toBe(50);
    await run(cmd('GETEX n EX 7'));
    expect(ttl('n')).toBe(7);
    await run(cmd('GETEX n PERSIST'));
    expect(ttl('n')).toBe(-1);
    for (const c of ['SET k v', 'GETSET k v', 'MSET k v', 'BITOP NOT k k']) {
      await run(cmd('SET k v EX 100'), cmd(c));
      expect(ttl('k'), c).toBe(-1);
    }
    await run(cmd('SETEX k 30 v'));
    expect(ttl('k')).toBe(30);
    await run(cmd(`SET k v PXAT ${Date.now() + 20000}`));
    expect(ttl('k')).toBe(20);
    await run(cmd(`GETEX k EXAT ${Math.floor(Date.now() / 1000) + 40}`));
    expect(Math.abs(ttl('k') - 40)).toBeLessThanOrEqual(1);
  });
});
