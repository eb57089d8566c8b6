/**
 * Reply parsing and normalizers for differential cases whose replies
 * legitimately differ in order (Redis iterates hash tables) or in values
 * (timestamps, durations, ports, memory figures). Replies are latin1
 * strings as the harness returns them.
 */

export interface Reply {
  /** RESP type byte: + - : $ * % ~ = _ , # etc. */
  t: string;
  /** Scalar payload (the line, or the bulk/verbatim body). */
  v?: string;
  items?: Reply[];
}

export function parseReply(s: string): Reply {
  const [r, end] = parseAt(s, 0);
  if (end !== s.length) throw new Error(`trailing bytes after reply: ${JSON.stringify(s.slice(end, end + 40))}`);
  return r;
}

function parseAt(s: string, pos: number): [Reply, number] {
  const t = s[pos];
  const cr = s.indexOf('\r\n', pos);
  const line = s.slice(pos + 1, cr);
  let p = cr + 2;
  switch (t) {
    case '$':
    case '=':
    case '!': {
      const n = parseInt(line, 10);
      if (n < 0) return [{ t, v: undefined }, p];
      return [{ t, v: s.slice(p, p + n) }, p + n + 2];
    }
    case '*':
    case '~':
    case '>':
    case '%': {
      let n = parseInt(line, 10);
      if (n < 0) return [{ t, items: undefined }, p];
      if (t === '%') n *= 2;
      const items: Reply[] = [];
      for (let i = 0; i < n; i++) {
        const [r, next] = parseAt(s, p);
        items.push(r);
        p = next;
      }
      return [{ t, items }, p];
    }
    default:
      return [{ t, v: line }, p];
  }
}

export function encodeReply(r: Reply): string {
  switch (r.t) {
    case '$':
    case '=':
    case '!':
      return r.v === undefined ? `${r.t}-1\r\n` : `${r.t}${r.v.length}\r\n${r.v}\r\n`;
    case '*':
    case '~':
    case '>':
    case '%': {
      if (r.items === undefined) return `${r.t}-1\r\n`;
      const n = r.t === '%' ? r.items.length / 2 : r.items.length;
      return `${r.t}${n}\r\n` + r.items.map(encodeReply).join('');
    }
    default:
      return `${r.t}${r.v}\r\n`;
  }
}

/** Applies `fn` to a parsed reply (errors and non-replies pass through). */
export function mapReply(reply: string, fn: (r: Reply) => Reply): string {
  if (reply.startsWith('<') || reply.startsWith('-')) return reply;
  return encodeReply(fn(parseReply(reply)));
}

/** Sorts the key/value pairs of a map reply (RESP3 map or RESP2 flat array). */
export function sortedPairs(reply: string): string {
  return mapReply(reply, (r) => {
    if (!r.items) return r;
    const pairs: [Reply, Reply][] = [];
    for (let i = 0; i + 1 < r.items.length; i += 2) pairs.push([r.items[i], r.items[i + 1]]);
    pairs.sort((a, b) => (encodeReply(a[0]) < encodeReply(b[0]) ? -1 : encodeReply(a[0]) > encodeReply(b[0]) ? 1 : 0));
    return { ...r, items: pairs.flat() };
  });
}

/** Sorts the elements of an array reply (elements compared by their encoding). */
export function sortedItems(reply: string): string {
  return mapReply(reply, (r) => (r.items ? { ...r, items: [...r.items].sort((a, b) => (encodeReply(a) < encodeReply(b) ? -1 : 1)) } : r));
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
  const r = parseReply(reply);
  if (r.t === '=') return r.v!.slice(4);
  return r.v ?? '';
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
