/**
 * maxmemory refusals compared with real Redis: a limit of 1 byte is below
 * what either server uses at rest, so every denyoom command is refused with
 * the same -OOM text, while non-denyoom writes (DEL, EXPIRE) still run.
 */
import { diffSuite } from '../helpers/diff.js';

const on = (policy: string) => [`CONFIG SET maxmemory-policy ${policy}`, 'CONFIG SET maxmemory 1'];
const off = ['CONFIG SET maxmemory 0', 'CONFIG SET maxmemory-policy noeviction'];

diffSuite('maxmemory', [
  { name: 'noeviction refuses SET with OOM', cmds: [...on('noeviction'), 'SET k v', 'GET k', ...off] },
  { name: 'noeviction refuses LPUSH, INCR, HSET, SADD, ZADD, APPEND', cmds: [...on('noeviction'), 'LPUSH l a', 'INCR n', 'HSET h f v', 'SADD s m', 'ZADD z 1 m', 'APPEND a x', ...off] },
  { name: 'noeviction keeps existing keys and allows DEL/EXPIRE', cmds: ['SET a 1', 'SET b 2', ...on('noeviction'), 'SET c 3', 'EXPIRE a 100', 'DEL b', 'DBSIZE', 'GET a', ...off] },
  { name: 'OOM inside MULTI aborts EXEC', cmds: [...on('noeviction'), 'MULTI', 'SET k v', 'EXEC', ...off] },
  { name: 'over the limit, MULTI refuses to queue even reads; DISCARD still works', cmds: ['SET a 1', ...on('noeviction'), 'MULTI', 'GET a', 'PING', 'MULTI', 'DISCARD', 'GET a', ...off] },
  { name: 'over the limit, EXEC of queued reads is refused as EXECABORT', cmds: ['SET a 1', ...on('noeviction'), 'MULTI', 'GET a', 'EXEC', 'MULTI', 'EXEC', ...off] },
  { name: 'allkeys-lru evicts everything, then refuses', cmds: ['SET a 1', 'SET b 2', ...on('allkeys-lru'), 'SET c 3', 'DBSIZE', 'GET a', ...off] },
  { name: 'allkeys-random evicts everything, then refuses', cmds: ['SET a 1', ...on('allkeys-random'), 'RPUSH l x', 'DBSIZE', ...off] },
  { name: 'volatile-lru evicts only keys with a TTL', cmds: ['SET a 1', 'SET b 2 EX 100', ...on('volatile-lru'), 'SET c 3', 'DBSIZE', 'EXISTS a', 'EXISTS b', ...off] },
  { name: 'volatile-ttl evicts only keys with a TTL', cmds: ['SET a 1 EX 50', 'SET b 2 EX 100', 'SET p 3', ...on('volatile-ttl'), 'SET c 3', 'DBSIZE', 'EXISTS p', ...off] },
  { name: 'reads still work over the limit', cmds: ['SET a 1', ...on('noeviction'), 'GET a', 'STRLEN a', 'EXISTS a', ...off] },
  { name: 'maxmemory 0 lifts the limit', cmds: [...on('noeviction'), 'SET k v', 'CONFIG SET maxmemory 0', 'SET k v', 'GET k', ...off] },
]);
