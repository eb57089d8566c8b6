import { scenarioSuite, type Scenario } from '../helpers/scenario.js';

// Command statistics, error statistics and SLOWLOG compared with real Redis 7.0
// for commands run inside scripts and transactions (introspection-2.tcl and more).

/** INFO commandstats/errorstats without timings, lines sorted (Redis's order is its hash order). */
function norm(r: string): string {
  if (!r.includes('# Commandstats') && !r.includes('# Errorstats') && !r.includes('error_replies:')) return r;
  return r
    .split('\r\n')
    .filter((l) => l.startsWith('cmdstat_') || l.startsWith('errorstat_') || l.startsWith('total_error_replies') || l.startsWith('unexpected_error'))
    .map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, ''))
    .sort()
    .join('\n');
}

const STATS = ['A:1', 'INFO', 'commandstats'];
const ERRS = 'A INFO errorstats';
const TOTAL = 'A INFO stats';
// SCRIPT LOAD warms respd's lazily loaded Lua engine, so no reply waits on it.
const setup = [['SCRIPT', 'LOAD', 'return 1'], ['CONFIG', 'RESETSTAT']];

const cases: Scenario[] = [
  {
    name: 'command stats for scripts',
    setup,
    normalize: norm,
    steps: ['A SET mykey myval', ['A', 'EVAL', "redis.call('set', KEYS[1], 0) redis.call('expire', KEYS[1], 0) redis.call('incr', KEYS[1]) return 1", '1', 'mykey'], STATS],
  },
  {
    name: 'command stats for MULTI',
    setup,
    normalize: norm,
    steps: ['A MULTI', 'A SET foo{t} bar', 'A EXPIRE foo2{t} 0', 'A INCR foo{t}', 'A:1 EXEC', STATS, ERRS],
  },
  {
    name: 'EXEC is not failed by a failing command inside it',
    setup,
    normalize: norm,
    steps: ['A SET str x', 'A MULTI', 'A INCR str', 'A LPUSH str 1', 'A EXEC', STATS, ERRS, TOTAL],
  },
  {
    name: 'EXECABORT: the queued arity error is rejected, EXEC is failed',
    setup,
    normalize: norm,
    steps: ['A MULTI', 'A GET', 'A SET a b', 'A EXEC', STATS, ERRS, TOTAL],
  },
  {
    name: 'script call errors: arity and not-allowed are rejected calls of the command',
    setup,
    normalize: norm,
    steps: [
      ['A', 'EVAL', "return redis.pcall('get')", '0'],
      ['A', 'EVAL', "return redis.call('set', 'a')", '0'],
      ['A', 'EVAL', "return redis.pcall('nosuch')", '0'],
      ['A', 'EVAL', "return redis.pcall('multi')", '0'],
      ['A', 'EVAL_RO', "return redis.pcall('set', 'a', 'b')", '0'],
      STATS, ERRS, TOTAL,
    ],
  },
  {
    name: 'script command errors: failed calls, and the script that returns or raises them',
    setup,
    normalize: norm,
    steps: [
      'A SET str x',
      ['A', 'EVAL', "return redis.pcall('incr', 'str')", '0'],
      ['A', 'EVAL', "return redis.call('lpush', 'str', 1)", '0'],
      ['A', 'EVAL', "redis.pcall('incr', 'str') return 1", '0'],
      ['A', 'EVAL', "return redis.error_reply('MY own')", '0'],
      ['A', 'EVAL', "error('boom')", '0'],
      ['A', 'EVAL', "return {err='X custom'}", '0'],
      STATS, ERRS, TOTAL,
    ],
  },
  {
    name: 'FCALL command errors',
    setup: [...setup, ['FUNCTION', 'LOAD', 'REPLACE', "#!lua name=slib\nredis.register_function('f', function(keys, args) return redis.call('incr', keys[1]) end)\nredis.register_function('g', function(keys, args) return redis.pcall('get') end)"], ['CONFIG', 'RESETSTAT']],
    normalize: norm,
    steps: ['A SET str x', 'A FCALL f 1 str', 'A FCALL g 0', 'A FCALL f 1 n', STATS, ERRS, TOTAL],
  },
  {
    name: 'scripts inside MULTI',
    setup,
    normalize: norm,
    steps: ['A SET str x', 'A MULTI', ['A', 'EVAL', "return redis.call('incr', 'str')", '0'], ['A', 'EVAL', "return redis.pcall('get')", '0'], 'A SET k v', 'A EXEC', STATS, ERRS, TOTAL],
  },
  {
    name: 'SLOWLOG shows commands as sent (not as rewritten), script commands from ?:0, EXEC after its commands',
    // SCRIPT LOAD first: loading respd's Lua engine must not be what the slowlog shows
    setup: [['SCRIPT', 'LOAD', 'return 1'], ['CONFIG', 'SET', 'slowlog-log-slower-than', '0'], ['SLOWLOG', 'RESET']],
    normalize: (r) => r.replace(/:\d+\r\n/g, ':N\r\n').replace(/127\.0\.0\.1:\d+/g, 'ADDR').replace(/\$\d+\r\nADDR/g, '$n\r\nADDR'),
    steps: [
      'A SET k v EX 100', 'A EXPIRE k 100', 'A SADD s a', 'A SPOP s', 'A INCRBYFLOAT f 1.5', 'A GETEX k EX 10', 'A SETEX k2 10 v',
      'A SET k v KEEPTTL', 'A SADD t x', 'A SPOP t 1', 'A PEXPIREAT k 99999999999999', 'A RPUSH l a b', 'A BLMOVE l l2 LEFT RIGHT 0',
      ['A', 'EVAL', "redis.call('set', 'x', 'y', 'ex', '10') return 1", '0'],
      'A MULTI', 'A INCR n', 'A EXPIRE n 50', 'A:1 EXEC',
      'A CONFIG SET slowlog-log-slower-than 10000', 'A SLOWLOG GET 30',
    ],
  },
];

scenarioSuite('command and error statistics', cases);
