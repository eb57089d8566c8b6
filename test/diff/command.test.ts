import { diffSuite, sortedArray, type DiffCase } from '../helpers/diff.js';
import { parseResp, writeResp, pairs, text, sortItems, type RespNode } from '../helpers/resp-tree.js';

// COMMAND introspection for commands respd implements, compared with real
// Redis. Key spec notes (prose missing from the facts) are dropped from both
// sides, as are the COMMAND DOCS prose fields; subcommand order (Redis's hash
// order) is sorted. Every Redis command is compared, with stub handlers, in
// test/integration/command-table.test.ts.

function dropKeys(n: RespNode, keys: string[]): RespNode {
  if (!('items' in n) || n.items === null) return n;
  return { t: n.t, items: pairs(n).filter(([k]) => !keys.includes(text(k) ?? '')).flat() };
}

/** One COMMAND INFO entry: notes dropped from key specs, subcommands sorted. */
function normInfoEntry(n: RespNode): RespNode {
  if (!('items' in n) || n.items === null || n.items.length !== 10 || n.items[1].t !== ':') return n;
  const items = [...n.items];
  const specs = items[8];
  if ('items' in specs && specs.items !== null) items[8] = { t: specs.t, items: specs.items.map((s) => dropKeys(s, ['notes'])) };
  const subs = items[9];
  if ('items' in subs && subs.items !== null) items[9] = sortItems({ t: subs.t, items: subs.items.map(normInfoEntry) });
  return { t: n.t, items };
}

function normInfo(reply: string): string {
  if (!reply.startsWith('*')) return reply;
  const r = parseResp(reply);
  if (!('items' in r) || r.items === null) return reply;
  return writeResp({ t: r.t, items: r.items.map(normInfoEntry) });
}

function normDocsMap(n: RespNode): RespNode {
  if (!('items' in n) || n.items === null) return n;
  const out: RespNode[] = [];
  for (const [name, docs] of pairs(n)) {
    const d = dropKeys(docs, ['summary', 'complexity', 'history']);
    const fixed = 'items' in d && d.items !== null
      ? { t: d.t, items: pairs(d).flatMap(([k, v]) => [k, text(k) === 'subcommands' ? sortItems(normDocsMap(v)) : v]) }
      : d;
    out.push(name, fixed as RespNode);
  }
  return sortItems({ t: n.t, items: out });
}

function normDocs(reply: string): string {
  if (!reply.startsWith('*') && !reply.startsWith('%')) return reply;
  return writeResp(normDocsMap(parseResp(reply)));
}

const info = (c: Omit<DiffCase, 'normalize'>): DiffCase => ({ ...c, normalize: normInfo });
const docs = (c: Omit<DiffCase, 'normalize'>): DiffCase => ({ ...c, normalize: normDocs });

diffSuite('command', [
  info({ name: 'info get', cmds: ['COMMAND INFO get'] }),
  info({ name: 'info set (variable flags key spec)', cmds: ['COMMAND INFO set'] }),
  info({ name: 'info several, case-insensitive', cmds: ['COMMAND INFO GET Set pInG echo'] }),
  info({ name: 'info unknown gives nil', cmds: ['COMMAND INFO nosuch', 'COMMAND INFO get nosuch set'] }),
  info({ name: 'info subcommand by full name', cmds: ['COMMAND INFO client|list client|kill command|info COMMAND|GETKEYS'] }),
  info({ name: 'info unknown subcommand forms', cmds: ['COMMAND INFO get|x', 'COMMAND INFO client|nosuch', 'COMMAND INFO client|list|x', ['COMMAND', 'INFO', 'client|'], ['COMMAND', 'INFO', '|list'], ['COMMAND', 'INFO', '']] }),
  info({ name: 'info container with every subcommand', cmds: ['COMMAND INFO command'] }),
  info({ name: 'info connection commands', cmds: ['COMMAND INFO hello auth select quit reset'] }),
  info({ name: 'info server commands', cmds: ['COMMAND INFO dbsize flushdb flushall swapdb time lastsave'] }),
  info({ name: 'info admin commands', cmds: ['COMMAND INFO monitor shutdown debug'] }),
  info({ name: 'info client subcommands', cmds: ['COMMAND INFO client|id client|info client|setname client|getname client|reply client|no-evict client|pause client|unpause client|getredir client|unblock client|help'] }),
  info({ name: 'info in RESP3', resp3: true, cmds: ['COMMAND INFO get set client|list nosuch'] }),
  info({ name: 'info container in RESP3', resp3: true, cmds: ['COMMAND INFO command'] }),
  info({ name: 'info binary name', cmds: [['COMMAND', 'INFO', '\x00\xff']] }),
  docs({ name: 'docs get and set', cmds: ['COMMAND DOCS get set'] }),
  docs({ name: 'docs unknown names are skipped', cmds: ['COMMAND DOCS nosuch', 'COMMAND DOCS get nosuch echo'] }),
  docs({ name: 'docs subcommands', cmds: ['COMMAND DOCS client|kill client|list client|pause command|list'] }),
  docs({ name: 'docs container', cmds: ['COMMAND DOCS command'] }),
  docs({ name: 'docs connection commands', cmds: ['COMMAND DOCS hello auth ping select'] }),
  docs({ name: 'docs server commands', cmds: ['COMMAND DOCS flushall shutdown debug swapdb'] }),
  docs({ name: 'docs in RESP3', resp3: true, cmds: ['COMMAND DOCS set client|kill command'] }),
  { name: 'list filter by pattern', cmds: ['COMMAND LIST FILTERBY PATTERN command*', 'COMMAND LIST FILTERBY PATTERN get', 'COMMAND LIST FILTERBY PATTERN nomatch*'], normalize: sortedArray },
  { name: 'list pattern is case-insensitive', cmds: ['COMMAND LIST FILTERBY PATTERN COMMAND|G*', 'COMMAND LIST filterby pattern Ech?'], normalize: sortedArray },
  { name: 'list filter by module', cmds: ['COMMAND LIST FILTERBY MODULE mymodule'] },
  { name: 'list filter by unknown acl category', cmds: ['COMMAND LIST FILTERBY ACLCAT nosuchcat'] },
  { name: 'list syntax errors', cmds: ['COMMAND LIST FOO', 'COMMAND LIST FILTERBY', 'COMMAND LIST FILTERBY PATTERN', 'COMMAND LIST FILTERBY FOO x', 'COMMAND LIST FILTERBY PATTERN a b', 'COMMAND LIST FILTERBY PATTERN a FILTERBY PATTERN b'] },
  { name: 'getkeys get/set', cmds: ['COMMAND GETKEYS get k', 'COMMAND GETKEYS set k v', 'COMMAND GETKEYS SET key value EX 10 GET'] },
  { name: 'getkeysandflags set with and without GET', cmds: ['COMMAND GETKEYSANDFLAGS set k v', 'COMMAND GETKEYSANDFLAGS set k v GET', 'COMMAND GETKEYSANDFLAGS set k v get', 'COMMAND GETKEYSANDFLAGS get k'] },
  { name: 'getkeysandflags in RESP3', resp3: true, cmds: ['COMMAND GETKEYSANDFLAGS set k v', 'COMMAND GETKEYSANDFLAGS get k'] },
  { name: 'getkeys binary key', cmds: [['COMMAND', 'GETKEYS', 'GET', '\x00\r\n\xff']] },
  { name: 'getkeys errors', cmds: ['COMMAND GETKEYS nosuch a', 'COMMAND GETKEYS ping x', 'COMMAND GETKEYS echo x', 'COMMAND GETKEYS client kill x'] },
  { name: 'getkeys arity errors', cmds: ['COMMAND GETKEYS', 'COMMAND GETKEYS get', 'COMMAND GETKEYS get a b', 'COMMAND GETKEYS set k', 'COMMAND GETKEYSANDFLAGS get'] },
  { name: 'getkeys unknown subcommand of a container', cmds: ['COMMAND GETKEYS client nosuch x', 'COMMAND GETKEYS command nosuch x'] },
  { name: 'getkeys of a container without keys', cmds: ['COMMAND GETKEYS command info x', 'COMMAND GETKEYS command getkeys get k'] },
  { name: 'help', cmds: ['COMMAND HELP', 'command help'] },
  { name: 'help arity', cmds: ['COMMAND HELP x'] },
  { name: 'count arity', cmds: ['COMMAND COUNT x'] },
  { name: 'unknown subcommand', cmds: ['COMMAND FOO', 'COMMAND foo bar', ['COMMAND', 'a\r\nb']] },
  { name: 'docs and info arity', cmds: ['COMMAND DOCS', 'COMMAND INFO'], normalize: (r) => (r.startsWith('-') ? r : '<all commands>') },
]);
