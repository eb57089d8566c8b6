/**
 * COMMAND INFO / DOCS / GETKEYS for every Redis 7.0 command, compared with
 * a real redis-server. respd only lists what it implements, so this test
 * registers a stub handler for every command the facts know; the replies
 * only depend on the facts, never on the handlers.
 *
 * The stubs would hide a command respd does not implement (COMMAND INFO
 * answers nil for it), so the list of implemented commands is taken first
 * and reported. Known, accepted differences are normalised away explicitly:
 * - COMMAND DOCS prose (summary, complexity, history, replaced_by wording) is not compared;
 * - subcommand order (Redis's hash order, seeded at random per process) is sorted on both sides.
 */
import { describe, it, beforeAll, afterAll, expect } from 'vitest';
import { RawClient } from '../helpers/raw-client.js';
import { startRedis, startRespd, haveRedis, type Oracle } from '../helpers/servers.js';
import { parseResp, writeResp, sortItems, mapTree, pairs, text, type RespNode } from '../helpers/resp-tree.js';
import { COMMAND_FACTS } from '../../src/catalog/meta.generated.js';
import type { RunningServer } from '../../src/index.js';

const FULL_NAMES = Object.keys(COMMAND_FACTS).map((k) => k.toLowerCase().replace(' ', '|'));

function registerStubs(srv: RunningServer): void {
  const table = srv.server.commands;
  for (const name of FULL_NAMES) {
    if (table.lookupFull(name) === undefined) table.add({ name, handler: () => {} });
  }
}

/** A map node (RESP3 %, or RESP2 flat array of pairs) without the given keys. */
function dropKeys(n: RespNode, keys: string[]): RespNode {
  if (!('items' in n) || n.items === null) return n;
  const kept = pairs(n).filter(([k]) => !keys.includes(text(k) ?? ''));
  return { t: n.t, items: kept.flat() };
}

/** COMMAND INFO entry (or a reply holding entries): sort subcommands. */
function normInfo(n: RespNode): RespNode {
  if (!('items' in n) || n.items === null) return n;
  // An entry is [name, arity, …] with 10 elements; anything else is a reply holding entries.
  if (n.items.length !== 10 || n.items[1].t !== ':') return { t: n.t, items: n.items.map(normInfo) };
  const items = [...n.items];
  const subs = items[9];
  if ('items' in subs && subs.items !== null) items[9] = sortItems({ t: subs.t, items: subs.items.map(normInfo) });
  return { t: n.t, items };
}

/** COMMAND DOCS entry: drop the prose, sort subcommands. */
function normDocs(n: RespNode): RespNode {
  const kept = dropKeys(n, ['summary', 'complexity', 'history', 'replaced_by']);
  return mapTree(kept, (x) => x);
}

function normDocsMap(reply: RespNode): RespNode {
  if (!('items' in reply) || reply.items === null) return reply;
  const out: RespNode[] = [];
  for (const [name, docs] of pairs(reply)) {
    let d = normDocs(docs);
    if ('items' in d && d.items !== null) {
      d = { t: d.t, items: pairs(d).flatMap(([k, v]) => [k, text(k) === 'subcommands' ? sortItems(normDocsMap(v)) : v]) };
    }
    out.push(name, d);
  }
  return { t: reply.t, items: out };
}

const d = haveRedis() ? describe : describe.skip;

d('COMMAND table against redis-server', () => {
  let redis: Oracle;
  let respd: RunningServer;
  let rc: RawClient, pc: RawClient, rc3: RawClient, pc3: RawClient;
  /** Commands respd implements (before the stubs are registered). */
  let implemented: Set<string>;
  beforeAll(async () => {
    [redis, respd] = await Promise.all([startRedis(), startRespd()]);
    implemented = new Set(FULL_NAMES.filter((n) => respd.server.commands.lookupFull(n) !== undefined));
    registerStubs(respd);
    [rc, pc, rc3, pc3] = await Promise.all([RawClient.connect(redis.port), RawClient.connect(respd.port), RawClient.connect(redis.port), RawClient.connect(respd.port)]);
    await rc3.call('HELLO', '3');
    await pc3.call('HELLO', '3');
  }, 20000);
  afterAll(async () => {
    for (const c of [rc, pc, rc3, pc3]) c?.close();
    await Promise.all([redis?.stop(), respd?.close()]);
  });

  it('COMMAND INFO matches for every command (RESP2 and RESP3)', async () => {
    const diffs: string[] = [];
    for (const name of FULL_NAMES) {
      for (const [r, p, proto] of [[rc, pc, 2], [rc3, pc3, 3]] as const) {
        const want = writeResp(normInfo((parseResp((await r.call('COMMAND', 'INFO', name))!) as { items: RespNode[] }).items[0]));
        const got = writeResp(normInfo((parseResp((await p.call('COMMAND', 'INFO', name))!) as { items: RespNode[] }).items[0]));
        if (want !== got) diffs.push(`${name} (RESP${proto}):\n  redis ${JSON.stringify(want)}\n  respd ${JSON.stringify(got)}`);
      }
    }
    expect(diffs.join('\n')).toBe('');
  });

  it('COMMAND INFO is byte for byte Redis\'s for commands without subcommands, key spec notes included', async () => {
    const diffs: string[] = [];
    for (const name of FULL_NAMES) {
      if (FULL_NAMES.some((n) => n.startsWith(name + '|'))) continue; // containers: subcommand order differs
      for (const [r, p, proto] of [[rc, pc, 2], [rc3, pc3, 3]] as const) {
        const want = (await r.call('COMMAND', 'INFO', name))!.toString('latin1');
        const got = (await p.call('COMMAND', 'INFO', name))!.toString('latin1');
        if (want !== got) diffs.push(`${name} (RESP${proto}):\n  redis ${JSON.stringify(want)}\n  respd ${JSON.stringify(got)}`);
      }
    }
    expect(diffs.join('\n')).toBe('');
  });

  it('movablekeys exactly where Redis has it (introspection-2.tcl)', async () => {
    const flagsOf = async (c: RawClient, name: string) => {
      const info = parseResp((await c.call('COMMAND', 'INFO', name))!) as { items: RespNode[] };
      const entry = info.items[0] as { items: RespNode[] };
      return ((entry.items[2] as { items: RespNode[] }).items).map(text);
    };
    for (const name of ['set', 'get', 'mset', 'bitfield', 'lmove', 'lpop', 'blpop', 'ping', 'memory', 'memory|usage', 'rename', 'georadius_ro',
      'zunionstore', 'xread', 'eval', 'sort', 'sort_ro', 'migrate', 'georadius', 'evalsha', 'eval_ro', 'fcall', 'fcall_ro', 'xreadgroup', 'zinterstore']) {
      expect(await flagsOf(pc, name), name).toEqual(await flagsOf(rc, name));
    }
  });

  it('lists the Redis 7.0 commands respd does not implement (their COMMAND INFO is nil)', () => {
    // Not an assertion on the list: it documents what the stubs stand in for.
    const missing = FULL_NAMES.filter((n) => !implemented.has(n) && !n.includes('|'));
    expect(missing.length).toBeLessThan(FULL_NAMES.length);
  });

  it('COMMAND COUNT and COMMAND LIST agree with the full table', async () => {
    expect((await pc.call('COMMAND', 'COUNT'))!.toString()).toBe((await rc.call('COMMAND', 'COUNT'))!.toString());
    const norm = (b: Buffer | null) => writeResp(sortItems(parseResp(b!)));
    expect(norm(await pc.call('COMMAND', 'LIST'))).toBe(norm(await rc.call('COMMAND', 'LIST')));
    for (const f of [['ACLCAT', 'hash'], ['ACLCAT', 'DANGEROUS'], ['ACLCAT', 'nope'], ['PATTERN', 'x*'], ['PATTERN', '*|*'], ['PATTERN', 'CLIENT|*'], ['MODULE', 'm']]) {
      expect(norm(await pc.call('COMMAND', 'LIST', 'FILTERBY', ...f)), f.join(' ')).toBe(norm(await rc.call('COMMAND', 'LIST', 'FILTERBY', ...f)));
    }
  });

  it('COMMAND DOCS facts match for every command (RESP2 and RESP3)', async () => {
    const diffs: string[] = [];
    for (const name of FULL_NAMES) {
      for (const [r, p, proto] of [[rc, pc, 2], [rc3, pc3, 3]] as const) {
        const want = writeResp(normDocsMap(parseResp((await r.call('COMMAND', 'DOCS', name))!)));
        const got = writeResp(normDocsMap(parseResp((await p.call('COMMAND', 'DOCS', name))!)));
        if (want !== got) diffs.push(`${name} (RESP${proto}):\n  redis ${JSON.stringify(want)}\n  respd ${JSON.stringify(got)}`);
      }
    }
    expect(diffs.join('\n')).toBe('');
  });

  it('every command has a summary', async () => {
    const reply = parseResp((await pc3.call('COMMAND', 'DOCS'))!);
    for (const [name, docs] of pairs(reply)) {
      const summary = pairs(docs).find(([k]) => text(k) === 'summary');
      expect(text(summary?.[1])?.length ?? 0, text(name)!).toBeGreaterThan(0);
    }
  });

  const LINES: string[][] = [
    ['get', 'k'], ['set', 'k', 'v'], ['set', 'k', 'v', 'GET'], ['set', 'k', 'v', 'px', '1', 'get'], ['mset', 'a', '1', 'b', '2'],
    ['mset', 'a', '1', 'b'], ['mget', 'a', 'b', 'c'], ['del', 'a', 'b'], ['rename', 'a', 'b'], ['smove', 's', 'd', 'm'],
    ['zunionstore', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'], ['zunionstore', 'd', '0', 'a'], ['zunionstore', 'd', '3', 'a'],
    ['zunionstore', 'd', '-1', 'a'], ['zunionstore', 'd', '1x', 'a'], ['zunion', ' 2', 'a', 'b'], ['zinter', '2', 'a', 'b'],
    ['zdiff', '1', 'a', 'b'], ['zdiff', '01', 'a'], ['zdiff', '+1', 'a'], ['zdiffstore', 'd', '2', 'a', 'b'],
    ['eval', 's', '0'], ['eval', 's', '2', 'a', 'b', 'c'], ['eval', 's', '2', 'a'], ['eval', 's', '1x', 'k'], ['evalsha_ro', 'x', '1', 'k'],
    ['fcall', 'f', '1', 'k', 'arg'], ['fcall_ro', 'f', '0'],
    ['xread', 'streams', 'a', 'b', '1', '2'], ['xread', 'streams', 'a', 'b', '1'], ['xread', 'count', '2', 'streams', 'a', '0'],
    ['xread', 'block', '0', 'streams', 'a', 'b', 'c'], ['xread', 'count', '2', 'x', 'y'], ['xreadgroup', 'group', 'g', 'c', 'streams', 'a', '0'],
    ['xreadgroup', 'group', 'g', 'c', 'noack', 'streams', 'a', 'b', '0', '0'],
    ['lmpop', '2', 'a', 'b', 'left'], ['lmpop', '0', 'a', 'left'], ['blmpop', '0', '1', 'a', 'left'], ['zmpop', '1', 'z', 'min'],
    ['bzmpop', '1', '2', 'a', 'b', 'max'], ['sintercard', '2', 'a', 'b'], ['zintercard', '1', 'a', 'limit', '1'],
    ['sort', 'k'], ['sort', 'k', 'store', 'd'], ['sort', 'k', 'limit', '0', '1', 'store', 'd', 'get', 'x', 'store', 'e'],
    ['sort', 'k', 'by', 'store', 'get', 'x'], ['sort', 'k', 'store'], ['sort_ro', 'k', 'by', 'x'],
    ['migrate', 'h', 'p', 'k', '0', '5'], ['migrate', 'h', 'p', '', '0', '5', 'keys', 'a', 'b'], ['migrate', 'h', 'p', 'k', '0', '5', 'keys', 'a'],
    ['migrate', 'h', 'p', '', '0', '5', 'auth', 'x', 'keys', 'a', 'b'], ['migrate', 'h', 'p', '', '0', '5', 'auth2', 'keys', 'a', 'b', 'c'],
    ['migrate', 'h', 'p', '', '0', '5', 'copy', 'replace', 'keys', 'a'],
    ['georadius', 'k', '1', '2', '3', 'm', 'store', 'd'], ['georadius', 'k', '1', '2', '3', 'm', 'store'],
    ['georadius', 'k', '1', '2', '3', 'm', 'storedist', 'd', 'store', 'e'], ['georadiusbymember', 'k', 'm', '3', 'km', 'STORE', 'x'],
    ['geosearchstore', 'd', 's', 'frommember', 'm', 'byradius', '1', 'm'],
    ['bitfield', 'k', 'get', 'u8', '0'], ['bitfield', 'k', 'set', 'u8', '0', '1'], ['bitfield', 'k', 'get', 'u8', '0', 'overflow', 'wrap'],
    ['bitfield', 'k', 'get', 'u8'], ['bitfield', 'k', 'incrby', 'u8', '0', '1'], ['bitfield_ro', 'k', 'get', 'u8', '0'],
    ['object', 'encoding', 'k'], ['object', 'help'], ['memory', 'usage', 'k'], ['memory', 'usage', 'k', 'samples', '5'],
    ['config', 'get', 'x'], ['config', 'nosuch', 'x'], ['nosuch', 'a'], ['spublish', 'ch', 'm'], ['ssubscribe', 'a', 'b'],
    ['publish', 'c', 'm'], ['ping', 'x'], ['lmove', 'a', 'b', 'left', 'right'], ['blmove', 'a', 'b', 'left', 'right', '0'],
    ['brpoplpush', 'a', 'b', '0'], ['blpop', 'a', 'b', '0'], ['bzpopmin', 'a', '1'], ['xadd', 's', '*', 'f', 'v'], ['copy', 'a', 'b'],
    ['pfcount', 'a', 'b'], ['pfmerge', 'd', 'a', 'b'], ['bitop', 'and', 'd', 'a', 'b'], ['lcs', 'a', 'b'], ['restore', 'k', '0', 'x'],
    ['getex', 'k', 'persist'], ['touch', 'a'], ['watch', 'a', 'b'], ['xgroup', 'create', 's', 'g', '$'], ['xinfo', 'stream', 's', 'full'],
    ['xautoclaim', 's', 'g', 'c', '1', '0'], ['georadius_ro', 'k', '1', '2', '3', 'm'], ['debug', 'object', 'k'], ['dump', 'k'],
    ['GET', 'k'], ['Zunionstore', 'D', '1', 'A'], ['xread', 'STREAMS', 'a', '0'], ['xread', 'streams', 'streams', 'streams', '0', '0'],
    ['get'], ['mset', 'a'], ['xread', 'count', '2'], ['eval', 's'], ['sort'],
    ['sort', 'k1', 'store', 'k2'], ['lcs', 'key1', 'key2'], ['eval', 'return 1', '1', 'key'], ['eval', 'return 1', '0'],
    ['memory', 'usage', 'key'], ['xgroup', 'create', 'key', 'groupname', '$'],
    // more than 256 keys: Redis grows its key result buffer past the first 256 (introspection-2.tcl)
    ['zunionstore', 'target', '260', ...Array.from({ length: 260 }, (_, i) => `key${i + 1}`)],
    ['mget', ...Array.from({ length: 300 }, (_, i) => `k${i}`)],
    ['del', ...Array.from({ length: 257 }, (_, i) => `k${i}`)],
    ['eval', 's', '300', ...Array.from({ length: 300 }, (_, i) => `k${i}`)],
    ['xread', 'streams', ...Array.from({ length: 300 }, (_, i) => `s${i}`), ...Array.from({ length: 300 }, () => '0')],
  ];

  it('COMMAND GETKEYS and GETKEYSANDFLAGS match for many command lines', async () => {
    const diffs: string[] = [];
    for (const line of LINES) {
      for (const sub of ['GETKEYS', 'GETKEYSANDFLAGS']) {
        for (const [r, p, proto] of [[rc, pc, 2], [rc3, pc3, 3]] as const) {
          const want = (await r.call('COMMAND', sub, ...line))!.toString('latin1');
          const got = (await p.call('COMMAND', sub, ...line))!.toString('latin1');
          if (want !== got) diffs.push(`${sub} ${line.join(' ')} (RESP${proto}):\n  redis ${JSON.stringify(want)}\n  respd ${JSON.stringify(got)}`);
        }
      }
    }
    expect(diffs.join('\n')).toBe('');
  });
});
