/**
 * A server's whole dataset as comparable text: every key of every database
 * with its type, value (unordered collections sorted) and absolute expiry,
 * plus stream groups and function libraries. Used to check that a dataset
 * survives a trip through files (AOF/RDB) exactly, between respd and Redis.
 */
import { RawClient } from './raw-client.js';
import { parseResp, sortItems, writeResp, text, type RespNode } from './resp-tree.js';

async function q(cl: RawClient, ...argv: string[]): Promise<RespNode> {
  cl.send(argv);
  const r = await cl.reply(10000);
  if (r === null) throw new Error('connection closed');
  return parseResp(r);
}

export async function dumpDataset(port: number, databases = 16): Promise<string> {
  const cl = await RawClient.connect(port);
  const out: string[] = [];
  try {
    for (let db = 0; db < databases; db++) {
      await q(cl, 'SELECT', String(db));
      const keysNode = sortItems(await q(cl, 'KEYS', '*'));
      const keys = (keysNode as { items?: RespNode[] }).items?.map((k) => text(k)!) ?? [];
      for (const key of keys) {
        const type = text(await q(cl, 'TYPE', key))!;
        let value: RespNode;
        if (type === 'string') value = await q(cl, 'GET', key);
        else if (type === 'list') value = await q(cl, 'LRANGE', key, '0', '-1');
        else if (type === 'set') value = sortItems(await q(cl, 'SMEMBERS', key));
        else if (type === 'zset') value = await q(cl, 'ZRANGE', key, '0', '-1', 'WITHSCORES');
        else if (type === 'hash') value = sortItems(await q(cl, 'HKEYS', key));
        else if (type === 'stream') value = await q(cl, 'XRANGE', key, '-', '+');
        else value = { t: '+', v: `?${type}` };
        let extra = '';
        if (type === 'hash') {
          const vals: string[] = [];
          for (const f of (value as { items: RespNode[] }).items) vals.push(writeResp(await q(cl, 'HGET', key, text(f)!)));
          extra = vals.join('');
        }
        if (type === 'stream') {
          // A consumer's seen-time is when it was last active on that server: not part of the data.
          extra = writeResp(await q(cl, 'XINFO', 'STREAM', key, 'FULL')).replace(/(\$9\r\nseen-time\r\n):\d+/g, '$1:?');
        }
        // The absolute expiry: exact across a reload, unlike a TTL that keeps running.
        const at = text(await q(cl, 'PEXPIRETIME', key));
        out.push(`${db} ${JSON.stringify(key)} ${type} expireat=${at} ${JSON.stringify(writeResp(value))} ${JSON.stringify(extra)}`);
      }
    }
    out.push('functions ' + JSON.stringify(writeResp(await q(cl, 'FUNCTION', 'LIST', 'WITHCODE'))));
  } finally {
    cl.close();
  }
  return out.join('\n');
}
