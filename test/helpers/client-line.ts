/**
 * Normalisers for replies that carry connection-specific values (CLIENT
 * LIST/INFO lines, ids, clocks): the values are masked, the structure and
 * every other field are still compared.
 */
import { parseResp, writeResp, mapTree } from './resp-tree.js';

/** Fields of a CLIENT LIST line whose values depend on the connection or the clock. */
const VOLATILE = new Set(['id', 'addr', 'laddr', 'fd', 'age', 'idle', 'qbuf', 'qbuf-free', 'argv-mem', 'multi-mem', 'rbs', 'rbp', 'obl', 'oll', 'omem', 'tot-mem']);

/** Masks the volatile `field=value` pairs of every line of a CLIENT LIST/INFO text. */
export function maskClientText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.split(' ').map((kv) => {
      const eq = kv.indexOf('=');
      return eq > 0 && VOLATILE.has(kv.slice(0, eq)) ? `${kv.slice(0, eq)}=?` : kv;
    }).join(' '))
    .join('\n');
}

/** A whole reply with every bulk/verbatim string holding client lines masked. */
export function maskClientReply(reply: string): string {
  if (!reply.startsWith('$') && !reply.startsWith('=') && !reply.startsWith('*')) return reply;
  return writeResp(mapTree(parseResp(reply), (n) => {
    if (n.t === '$' && typeof n.v === 'string' && n.v.includes('id=')) return { t: n.t, v: maskClientText(n.v) };
    // A verbatim string starts with its format, "txt:".
    if (n.t === '=' && typeof n.v === 'string') return { t: n.t, v: n.v.slice(0, 4) + maskClientText(n.v.slice(4)) };
    return n;
  }));
}

/** Masks integer replies (ids, clocks), keeping their type. */
export function maskIntegers(reply: string): string {
  return reply.replace(/^:-?\d+\r\n/gm, ':?\r\n');
}

/** Masks every bulk string made of digits (TIME, LASTSAVE as text). */
export function maskNumericBulks(reply: string): string {
  return writeResp(mapTree(parseResp(reply), (n) => (n.t === '$' && typeof n.v === 'string' && /^\d+$/.test(n.v) ? { t: '$', v: '?' } : n)));
}

/** Masks the timestamp and peer address of MONITOR lines: `+<ts> [db addr] args`. */
export function maskMonitor(reply: string): string {
  return reply.replace(/^\+\d+\.\d{6} \[(\d+) [^\]]+\]/gm, '+? [$1 ?]');
}
