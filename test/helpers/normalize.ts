/**
 * Normalizers for differential cases whose replies legitimately differ in
 * order (Redis iterates hash tables, samples at random) or in values
 * (timestamps, durations, ports, memory figures). Each turns a raw reply
 * into a canonical string, so the harness still compares respd with Redis
 * exactly on everything that is specified: reply types, lengths, members.
 * Replies are parsed by resp-tree.ts.
 */
import { parseResp, writeResp, children, text, type Reply, type RespNode } from './resp-tree.js';

export type { Reply };

/** Applies `fn` to a parsed reply (errors and non-replies pass through). */
export function mapReply(reply: string, fn: (r: Reply) => Reply): string {
  if (reply.startsWith('<') || reply.startsWith('-')) return reply;
  return writeResp(fn(parseResp(reply)));
}

/** Sorts the key/value pairs of a map reply (RESP3 map or RESP2 flat array). */
export function sortedPairs(reply: string): string {
  return mapReply(reply, (r) => {
    if (!r.items) return r;
    const pairs: [Reply, Reply][] = [];
    for (let i = 0; i + 1 < r.items.length; i += 2) pairs.push([r.items[i], r.items[i + 1]]);
    pairs.sort((a, b) => (writeResp(a[0]) < writeResp(b[0]) ? -1 : writeResp(a[0]) > writeResp(b[0]) ? 1 : 0));
    return { ...r, items: pairs.flat() };
  });
}

/** Sorts the elements of an array reply (elements compared by their encoding). */
export function sortedItems(reply: string): string {
  return mapReply(reply, (r) => (r.items ? { ...r, items: [...r.items].sort((a, b) => (writeResp(a) < writeResp(b) ? -1 : 1)) } : r));
}

/**
 * INFO text reduced to its structure: section headers and field names in
 * order, each value passed through `value` (default: masked as '*'; return
 * null to drop the line). Lines of sections whose order Redis leaves to a
 * hash table (commandstats, latencystats) are sorted.
 */
export function infoShape(text: string, value: (field: string, v: string) => string | null = () => '*'): string {
  const out: string[] = [];
  let section: string[] = [];
  let unordered = false;
  const flush = () => {
    if (unordered) section.sort();
    out.push(...section);
    section = [];
  };
  for (const line of text.split('\r\n')) {
    if (line.startsWith('#')) {
      flush();
      out.push(line);
      unordered = line === '# Commandstats' || line === '# Latencystats';
      continue;
    }
    if (line === '') continue;
    const colon = line.indexOf(':');
    const field = line.slice(0, colon);
    const v = value(field, line.slice(colon + 1));
    if (v !== null) section.push(`${field}:${v}`);
  }
  flush();
  return out.join('\n');
}

/** The body of an INFO reply (bulk in RESP2, verbatim "txt:" in RESP3). */
export function infoBody(reply: string): string {
  const r = parseResp(reply);
  const body = text(r) ?? '';
  return r.t === '=' ? body.slice(4) : body;
}

/** INFO fields as a map. */
export function infoFields(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    m.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return m;
}

function isAggregate(r: RespNode): r is RespNode & { items: RespNode[] } {
  return 'items' in r && r.items !== null;
}

/** Sorts the elements of an aggregate reply (any element type). */
export function unordered(raw: string): string {
  const r = parseResp(raw);
  if (!isAggregate(r)) return raw;
  const items = r.items.map(writeResp).sort();
  return `${r.t}${r.t === '%' ? items.length / 2 : items.length}\r\n` + items.join('');
}

/** Sorts the [field, value] pairs of a flat pair array or map (HGETALL on a hashtable). */
export function unorderedPairs(raw: string): string {
  const r = parseResp(raw);
  if (!isAggregate(r)) return raw;
  const pairs: string[] = [];
  for (let i = 0; i + 1 < r.items.length; i += 2) pairs.push(writeResp(r.items[i]) + writeResp(r.items[i + 1]));
  pairs.sort();
  return `${r.t}${r.t === '%' ? pairs.length : pairs.length * 2}\r\n` + pairs.join('');
}

/** Normalizes a scan reply [cursor, [items]] to its sorted items, dropping the cursor value when non-zero. */
export function scanItems(raw: string): string {
  const r = parseResp(raw);
  if (!isAggregate(r) || r.items.length !== 2) return raw;
  const cursor = text(r.items[0]) === '0' ? '0' : 'N';
  return `cursor=${cursor} ` + unordered(writeResp(r.items[1]));
}

/**
 * Summarizes a random-sample reply: its type, length, whether every element
 * belongs to `members` (pairs checked against `hash` when given), and whether
 * the elements are distinct (unless `repeats` are allowed). Two replies agree
 * when their summaries do.
 */
export function sample(members: string[], opts: { hash?: Record<string, string>; pairsFlat?: boolean; repeats?: boolean } = {}): (raw: string) => string {
  return (raw: string) => {
    const r = parseResp(raw);
    if (!isAggregate(r)) {
      const v = text(r);
      if (r.t === '$' && v !== null) return `$ valid=${members.includes(v)}`;
      return raw;
    }
    const keys: string[] = [];
    let valid = true;
    if (opts.hash && opts.pairsFlat) {
      for (let i = 0; i + 1 < r.items.length; i += 2) {
        const f = text(r.items[i]) ?? '';
        keys.push(f);
        if (opts.hash[f] !== text(r.items[i + 1])) valid = false;
      }
    } else {
      for (const e of r.items) {
        if (isAggregate(e)) {
          const f = text(e.items[0]) ?? '';
          keys.push(f);
          if (e.t !== '*' || e.items.length !== 2 || !opts.hash || opts.hash[f] !== text(e.items[1])) valid = false;
        } else {
          const v = text(e) ?? '';
          keys.push(v);
          if (!members.includes(v)) valid = false;
        }
      }
    }
    return `${r.t}${r.items.length} valid=${valid}` + (opts.repeats ? '' : ` distinct=${new Set(keys).size}`);
  };
}
