/**
 * The propagated command stream, compared with real Redis 7.0's AOF for the
 * same commands (see test/helpers/propagation-diff.ts).
 */
import { describe, it, beforeAll, afterAll, expect } from 'vitest';
import { haveRedis } from '../helpers/servers.js';
import { RawClient } from '../helpers/raw-client.js';
import { startServer } from '../../src/index.js';
import { CommandTap, TO_AOF, TO_REPL } from '../../src/server/propagation.js';
import { startPropPair, stopPropPair, runPropCase, compareStreams, type PropCase, type PropPair } from '../helpers/propagation-diff.js';

const FAR_MS = '4102444800000';
const PAST_MS = '1000000000000';

const cases: PropCase[] = [
  // strings
  { name: 'plain SET keeps the client casing', cmds: ['set a 1', 'SET b 2', 'SeT a 3'] },
  { name: 'SET EX/PX become PXAT', cmds: ['SET a 1 EX 100', 'SET b 1 PX 100000', 'SET c 1 EXAT 4102444800', `SET d 1 PXAT ${FAR_MS}`] },
  { name: 'SET with NX/XX/GET/KEEPTTL', cmds: ['SET a 1 NX', 'SET a 2 NX', 'SET a 3 XX GET', 'SET b 1 XX', 'SET a 4 KEEPTTL', 'SET a 5 NX EX 10', 'SET a 6 XX PX 10000 GET'] },
  { name: 'SETEX PSETEX SETNX GETSET MSET', cmds: ['SETEX a 100 v', 'PSETEX b 100000 v', 'SETNX c v', 'SETNX c w', 'GETSET c x', 'MSET d 1 e 2', 'MSETNX f 1 d 2', 'MSETNX g 1 h 2'] },
  { name: 'GETEX and GETDEL', cmds: ['SET a 1', 'GETEX a', 'GETEX a EX 100', 'GETEX a PERSIST', 'GETEX a PERSIST', `GETEX a PXAT ${FAR_MS}`, `GETEX a PXAT ${PAST_MS}`, 'SET b 2', 'GETDEL b', 'GETDEL b', 'GETEX nokey EX 10'] },
  { name: 'counters and INCRBYFLOAT', cmds: ['INCR a', 'INCRBY a 5', 'DECR a', 'DECRBY a 2', 'INCRBYFLOAT f 1.5', 'INCRBYFLOAT f 10e3', 'SET g 5 EX 100', 'INCRBYFLOAT g 0.1', 'APPEND s x', 'SETRANGE s 3 y', 'INCR s'] },
  // keys and expiry
  { name: 'EXPIRE family becomes PEXPIREAT', cmds: ['SET a 1', 'EXPIRE a 100', 'PEXPIRE a 100000', 'EXPIREAT a 4102444800', `PEXPIREAT a ${FAR_MS}`, 'EXPIRE a 200 GT', 'EXPIRE a 10 GT', 'EXPIRE nokey 10', 'PERSIST a', 'PERSIST a'] },
  { name: 'EXPIRE in the past deletes', cmds: ['SET a 1', 'EXPIRE a -1', 'SET b 1', `PEXPIREAT b ${PAST_MS}`] },
  { name: 'EXPIRE in the past with lazyfree', config: [['lazyfree-lazy-expire', 'yes', 'no']], cmds: ['SET a 1', 'EXPIRE a 0', 'SET b 1', `GETEX b PXAT ${PAST_MS}`] },
  { name: 'DEL UNLINK RENAME MOVE COPY', cmds: ['DEL nokey', 'SET a 1', 'SET b 2', 'DEL a b nokey', 'SET a 1', 'UNLINK a', 'SET a 1', 'RENAME a b', 'RENAMENX b c', 'MOVE c 1', 'SELECT 1', 'COPY c d', 'COPY c e DB 0', 'SWAPDB 0 1'] },
  { name: 'SELECT only when the database changes', cmds: ['SET a 1', 'SELECT 3', 'GET a', 'SET a 2', 'SELECT 3', 'SET b 2', 'SELECT 0', 'SET c 3'] },
  { name: 'lazy expiry propagates DEL', cmds: ['SET a 1 PX 30', 'SET b 1 PX 30', 'SET c 1 PX 30', 'SLEEP 80', 'GET a', 'EXISTS b', 'SET c 2'] },
  { name: 'lazy expiry with lazyfree propagates UNLINK', config: [['lazyfree-lazy-expire', 'yes', 'no']], cmds: ['SET a 1 PX 30', 'SLEEP 80', 'GET a'] },
  // hashes, sets
  { name: 'hashes', cmds: ['HSET h a 1 b 2', 'HSETNX h a 3', 'HSETNX h c 3', 'HDEL h zz', 'HDEL h a', 'HINCRBY h n 4', 'HINCRBYFLOAT h f 1.25', 'HINCRBYFLOAT h f 1e2', 'HMSET h x 1'] },
  { name: 'sets and SPOP', cmds: ['SADD s a', 'SADD s a', 'SREM s zz', 'SADD t x', 'SPOP t', 'SADD u a', 'SPOP u 5', 'SADD v 1 2 3', 'SMOVE v w 1', 'SINTERSTORE d v w', 'SUNIONSTORE e nokey', 'SDIFFSTORE e v'] },
  // lists
  { name: 'lists and non-blocking blocking pops', cmds: ['RPUSH l a b c d e f', 'LPOP l', 'RPOP l 2', 'LMOVE l m LEFT RIGHT', 'RPOPLPUSH l m', 'BLPOP l 1', 'BRPOP l 1', 'BLMOVE l m RIGHT LEFT 1', 'BRPOPLPUSH m l 1', 'LMPOP 1 m LEFT COUNT 2', 'BLMPOP 1 1 m RIGHT COUNT 10', 'LPOP nokey', 'LINSERT l BEFORE zz x', 'LREM l 0 zz', 'LSET l 0 q', 'LTRIM l 0 0'] },
  { name: 'served blocked pops', cmds: ['@1', 'ASYNC BLPOP q 5', '@2', 'ASYNC BLMOVE q2 dst LEFT RIGHT 5', '@3', 'ASYNC BLMPOP 5 1 q3 LEFT COUNT 3', '@0', 'RPUSH q a', 'RPUSH q2 b', 'RPUSH q3 x y'] },
  // sorted sets
  { name: 'sorted sets and pops', cmds: ['ZADD z 1 a 2 b 3 c 4 d', 'ZADD z NX 5 a', 'ZINCRBY z 2 a', 'ZPOPMIN z', 'ZPOPMAX z 2', 'BZPOPMIN z 1', 'ZADD y 1 a 2 b', 'ZMPOP 1 y MIN COUNT 5', 'ZADD y 1 a', 'BZMPOP 1 1 y MAX', 'ZREM z nope', 'ZREMRANGEBYSCORE z 100 200', 'ZRANGESTORE d z 0 -1'] },
  // streams
  { name: 'XADD with explicit ids and exact trims', cmds: ['XADD s 1-1 a 1', 'XADD s 2-1 b 2', 'XADD s MAXLEN 1 3-0 c 3', 'XADD s NOMKSTREAM 4-0 d 4', 'XADD nos NOMKSTREAM 1-0 a 1', 'XDEL s 4-0', 'XTRIM s MAXLEN 0'] },
  { name: 'XADD * and approximate trims get explicit values', cmds: ['XADD s * a 1', 'XADD s MAXLEN ~ 10 * b 2', 'XADD s 5-* c 3', 'XTRIM s MAXLEN ~ 0', 'XADD t MINID ~ 0 9-9 a 1'] },
  { name: 'consumer groups', cmds: ['XADD s 1-0 a 1', 'XADD s 2-0 b 2', 'XADD s 3-0 c 3', 'XGROUP CREATE s g 0', 'XREADGROUP GROUP g alice COUNT 2 STREAMS s >', 'XREADGROUP GROUP g bob NOACK STREAMS s >', 'XACK s g 1-0', 'XCLAIM s g carol 0 2-0', 'XCLAIM s g carol 0 2-0 JUSTID', 'XAUTOCLAIM s g dave 0 0-0', 'XGROUP SETID s g 0', 'XGROUP CREATECONSUMER s g erin', 'XGROUP DELCONSUMER s g erin', 'XGROUP DESTROY s g', 'XGROUP CREATE s2 g $ MKSTREAM'] },
  // transactions and scripts
  { name: 'MULTI with one write is not wrapped', cmds: ['MULTI', 'GET a', 'SET a 1', 'EXEC'] },
  { name: 'MULTI with several writes is wrapped', cmds: ['MULTI', 'SET a 1', 'INCR a', 'SELECT 2', 'SET b 1', 'EXEC', 'SET c 1'] },
  { name: 'empty and read-only transactions', cmds: ['MULTI', 'EXEC', 'MULTI', 'GET a', 'EXEC', 'MULTI', 'SET a 1', 'DISCARD'] },
  { name: 'scripts propagate their effects', cmds: ["EVAL return 1 0", "EVAL redis.call('set',KEYS[1],'x') 1 a", "EVAL redis.call('set',KEYS[1],'x');redis.call('incr','n');return 1 1 b", "EVAL redis.call('get','a') 0"] },
  { name: 'functions', cmds: [['FUNCTION', 'LOAD', "#!lua name=lib\nredis.register_function('f', function(keys) redis.call('set', keys[1], 'v'); return redis.call('incr', 'cnt') end)"], 'FCALL f 1 k', 'FUNCTION DELETE lib'] },
  // server-wide
  { name: 'FLUSHALL and FLUSHDB are always propagated', cmds: ['FLUSHALL', 'FLUSHDB', 'SET a 1', 'FLUSHDB ASYNC', 'FLUSHALL SYNC'] },
  { name: 'PUBLISH does not reach the AOF', cmds: ['PUBLISH ch hello', 'SET a 1'] },
];

describe.skipIf(!haveRedis())('propagation vs real Redis AOF', () => {
  let p: PropPair;
  beforeAll(async () => {
    p = await startPropPair();
  }, 30000);
  afterAll(async () => {
    await stopPropPair(p);
  });
  for (const pc of cases) {
    it(pc.name, async () => {
      const [redis, respd] = await runPropCase(p, pc);
      const cmp = compareStreams(redis, respd);
      if (process.env.PROP_DUMP && cmp.respd !== cmp.redis) console.log(`--- ${pc.name}\nredis:\n${cmp.redis}\nrespd:\n${cmp.respd}`);
      expect(cmp.respd).toBe(cmp.redis);
    });
  }
});

describe('propagation targets', () => {
  it('PUBLISH goes to replicas only, never to the AOF', async () => {
    const srv = await startServer({ port: 0 });
    const aof = new CommandTap(TO_AOF);
    const repl = new CommandTap(TO_REPL);
    srv.server.propagation.attach(aof);
    srv.server.propagation.attach(repl);
    const cl = await RawClient.connect(srv.port);
    try {
      cl.send(['PUBLISH', 'ch', 'hi']);
      await cl.reply();
      cl.send(['SET', 'k', 'v']);
      await cl.reply();
      expect(aof.take()).toBe('*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n');
      expect(repl.take()).toBe('*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$2\r\nhi\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n');
    } finally {
      cl.close();
      await srv.close();
    }
  });
});
