/**
 * Normalizers for replies whose order or content Redis leaves unspecified
 * (hashtable-encoded collections, random sampling). Each turns a raw reply
 * into a canonical string, so the harness still compares respd with Redis
 * exactly on everything that is specified: reply types, lengths, members.
 */

export interface Reply {
  /** RESP type byte: + - : $ * ~ % _ , # */
  t: string;
  /** Text for scalars, children for aggregates (maps flattened), null for nulls. */
  v: string | Reply[] | null;
}

/** Parses one RESP2/RESP3 reply from latin1 text. */
export function parseReply(s: string): Reply {
  let pos = 0;
  const line = (): string => {
    const cr = s.indexOf('\r\n', pos);
    const l = s.slice(pos, cr);
    pos = cr + 2;
    return l;
  };
  const one = (): Reply => {
    const t = s[pos++];
    const head = line();
    switch (t) {
      case '$':
      case '=':
      case '!': {
        const n = parseInt(head, 10);
        if (n < 0) return { t, v: null };
        const v = s.slice(pos, pos + n);
        pos += n + 2;
        return { t, v };
      }
      case '*':
      case '~':
      case '%':
      case '>': {
        let n = parseInt(head, 10);
        if (n < 0) return { t, v: null };
        if (t === '%') n *= 2;
        const items: Reply[] = [];
        for (let i = 0; i < n; i++) items.push(one());
        return { t, v: items };
      }
      default:
        return { t, v: head };
    }
  };
  return one();
}

export function encodeReply(r: Reply): string {
  if (r.v === null) return r.t === '_' ? '_\r\n' : `${r.t}-1\r\n`;
  if (typeof r.v === 'string') {
    if (r.t === '$' || r.t === '=' || r.t === '!') return `${r.t}${r.v.length}\r\n${r.v}\r\n`;
    return `${r.t}${r.v}\r\n`;
  }
  const n = r.t === '%' ? r.v.length / 2 : r.v.length;
  return `${r.t}${n}\r\n` + r.v.map(encodeReply).join('');
}

function isAggregate(r: Reply): r is Reply & { v: Reply[] } {
  return Array.isArray(r.v);
}

/** Sorts the elements of an aggregate reply (any element type). */
export function unordered(raw: string): string {
  const r = parseReply(raw);
  if (!isAggregate(r)) return raw;
  const items = r.v.map(encodeReply).sort();
  return `${r.t}${r.t === '%' ? items.length / 2 : items.length}\r\n` + items.join('');
}

/** Sorts the [field, value] pairs of a flat pair array or map (HGETALL on a hashtable). */
export function unorderedPairs(raw: string): string {
  const r = parseReply(raw);
  if (!isAggregate(r)) return raw;
  const pairs: string[] = [];
  for (let i = 0; i + 1 < r.v.length; i += 2) pairs.push(encodeReply(r.v[i]) + encodeReply(r.v[i + 1]));
  pairs.sort();
  return `${r.t}${r.t === '%' ? pairs.length : pairs.length * 2}\r\n` + pairs.join('');
}

/** Normalizes a scan reply [cursor, [items]] to its sorted items, dropping the cursor value when non-zero. */
export function scanItems(raw: string): string {
  const r = parseReply(raw);
  if (!isAggregate(r) || r.v.length !== 2) return raw;
  const cursor = r.v[0].v === '0' ? '0' : 'N';
  return `cursor=${cursor} ` + unordered(encodeReply(r.v[1]));
}

/**
 * Summarizes a random-sample reply: its type, length, whether every element
 * belongs to `members` (pairs checked against `hash` when given), and whether
 * the elements are distinct (unless `repeats` are allowed). Two replies agree
 * when their summaries do.
 */
export function sample(members: string[], opts: { hash?: Record<string, string>; pairsFlat?: boolean; repeats?: boolean } = {}): (raw: string) => string {
  return (raw: string) => {
    const r = parseReply(raw);
    if (!isAggregate(r)) {
      if (r.t === '$' && r.v !== null) return `$ valid=${members.includes(r.v as string)}`;
      return raw;
    }
    const keys: string[] = [];
    let valid = true;
    if (opts.hash && opts.pairsFlat) {
      for (let i = 0; i + 1 < r.v.length; i += 2) {
        const f = r.v[i].v as string;
        keys.push(f);
        if (opts.hash[f] !== r.v[i + 1].v) valid = false;
      }
    } else {
      for (const e of r.v) {
        if (isAggregate(e)) {
          const f = e.v[0].v as string;
          keys.push(f);
          if (e.t !== '*' || e.v.length !== 2 || !opts.hash || opts.hash[f] !== e.v[1].v) valid = false;
        } else {
          keys.push(e.v as string);
          if (!members.includes(e.v as string)) valid = false;
        }
      }
    }
    return `${r.t}${r.v.length} valid=${valid}` + (opts.repeats ? '' : ` distinct=${new Set(keys).size}`);
  };
}
