/**
 * The tests' one RESP reply parser: a raw RESP2/RESP3 reply (latin1 text,
 * as the harness returns it) into a tree and back, so tests can normalise
 * parts of nested replies (mask a value, sort an unordered collection) and
 * still compare the rest byte for byte. Normalizers built on it live in
 * normalize.ts.
 */

export type RespNode =
  | { t: '+' | '-' | ':' | ',' | '#' | '(' | '_'; v: string }
  | { t: '$' | '=' | '!'; v: string | null }
  | { t: '*' | '~' | '>' | '%' | '|'; items: RespNode[] | null };

export function parseResp(reply: string | Buffer): RespNode {
  const s = typeof reply === 'string' ? reply : reply.toString('latin1');
  const [node, end] = parseAt(s, 0);
  if (end !== s.length) throw new Error(`trailing bytes after reply: ${JSON.stringify(s.slice(end, end + 40))}`);
  return node;
}

function parseAt(s: string, pos: number): [RespNode, number] {
  const t = s[pos];
  const cr = s.indexOf('\r\n', pos);
  if (cr < 0) throw new Error('incomplete reply');
  const line = s.slice(pos + 1, cr);
  let p = cr + 2;
  switch (t) {
    case '+': case '-': case ':': case ',': case '#': case '(': case '_':
      return [{ t, v: line }, p];
    case '$': case '=': case '!': {
      const n = parseInt(line, 10);
      if (n < 0) return [{ t, v: null }, p];
      return [{ t, v: s.slice(p, p + n) }, p + n + 2];
    }
    case '*': case '~': case '>': case '%': case '|': {
      let n = parseInt(line, 10);
      if (n < 0) return [{ t, items: null }, p];
      if (t === '%' || t === '|') n *= 2;
      const items: RespNode[] = [];
      for (let i = 0; i < n; i++) {
        const [child, next] = parseAt(s, p);
        items.push(child);
        p = next;
      }
      if (t === '|') {
        // An attribute map precedes the real reply: keep both in one node.
        const [real, next] = parseAt(s, p);
        items.push(real);
        p = next;
      }
      return [{ t, items }, p];
    }
    default:
      throw new Error(`bad RESP type ${JSON.stringify(t)} at ${pos}`);
  }
}

/**
 * Any node seen loosely, for normalizers that rebuild replies: `v` for
 * scalars, `items` for aggregates (null/absent for RESP2 null replies).
 * Every RespNode is a Reply.
 */
export interface Reply {
  t: string;
  v?: string | null;
  items?: Reply[] | null;
}

export function writeResp(n: Reply): string {
  switch (n.t) {
    case '*': case '~': case '>': case '%': case '|': {
      if (n.items === null || n.items === undefined) return `${n.t}-1\r\n`;
      let count = n.items.length;
      if (n.t === '%') count /= 2;
      if (n.t === '|') count = (count - 1) / 2;
      return `${n.t}${count}\r\n` + n.items.map(writeResp).join('');
    }
    case '$': case '=': case '!':
      return n.v === null || n.v === undefined ? `${n.t}-1\r\n` : `${n.t}${n.v.length}\r\n${n.v}\r\n`;
    default:
      return `${n.t}${n.v}\r\n`;
  }
}

/** The children of an aggregate node ([] for scalars and null aggregates). */
export function children(n: RespNode | undefined): RespNode[] {
  return n !== undefined && 'items' in n && n.items !== null ? n.items : [];
}

/** A string or bulk node's text (null otherwise). */
export function text(n: RespNode | undefined): string | null {
  if (n === undefined || 'items' in n) return null;
  return n.v;
}

/** Pairs of a map node, or of a flat RESP2 array used as a map. */
export function pairs(n: RespNode): [RespNode, RespNode][] {
  if (!('items' in n) || n.items === null) return [];
  const out: [RespNode, RespNode][] = [];
  for (let i = 0; i + 1 < n.items.length; i += 2) out.push([n.items[i], n.items[i + 1]]);
  return out;
}

/** Sorts the children of an aggregate by their serialised form (for unordered replies). */
export function sortItems(n: RespNode): RespNode {
  if (!('items' in n) || n.items === null) return n;
  if (n.t === '%') {
    const ps = pairs(n).sort((a, b) => cmp(writeResp(a[0]), writeResp(b[0])));
    return { t: n.t, items: ps.flat() };
  }
  return { t: n.t, items: [...n.items].sort((a, b) => cmp(writeResp(a), writeResp(b))) };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Applies `f` to every node bottom-up. */
export function mapTree(n: RespNode, f: (n: RespNode) => RespNode): RespNode {
  if ('items' in n && n.items !== null) n = { t: n.t, items: n.items.map((c) => mapTree(c, f)) };
  return f(n);
}
