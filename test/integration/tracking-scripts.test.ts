import { scenarioSuite, warmLua, type Scenario } from '../helpers/scenario.js';

// Client-side caching for keys touched by scripts, compared with real Redis 7.0:
// a script that runs a read command makes its caller track the script's
// declared keys (not the keys the script touched); writes inside a script
// invalidate as if the caller wrote them (NOLOOP included).
const LIB = "#!lua name=tlib\nredis.register_function('rd', function(keys, args) return redis.call('get', keys[1]) end)\nredis.register_function{function_name='rdro', callback=function(keys, args) return redis.call('get', keys[1]) end, flags={'no-writes'}}\nredis.register_function('wr', function(keys, args) return redis.call('set', keys[1], args[1]) end)";
const FUNCS = ['FUNCTION', 'LOAD', 'REPLACE', LIB];

const cases: Scenario[] = [
  {
    name: 'noloop: a script writing a key the client reads sends nothing',
    resp3: ['A'],
    steps: ['A CLIENT TRACKING on NOLOOP', 'A SET key1 1', 'A GET key1', ['A', 'EVAL', "return redis.call('set', 'key1', '2')", '1', 'key1'], 'A GET key1', 'B SET key1 3', 'A<', 'A CLIENT TRACKING off'],
  },
  {
    name: 'noloop: invalid (missing) keys in a script are not tracked',
    resp3: ['A'],
    steps: ['A CLIENT TRACKING on NOLOOP', ['A', 'EVAL', "return redis.call('set', 'nokey', '2')", '1', 'nokey'], 'B SET nokey 3', 'A PING'],
  },
  {
    name: 'script tracks its declared keys only after a read command',
    resp3: ['A'],
    steps: [
      'A CLIENT TRACKING on',
      'B MSET key2{t} 1 key2{t} 1',
      ['A', 'EVAL', "redis.call('set', 'key3{t}', 'bar')", '2', 'key1{t}', 'key2{t}'],
      'B MSET key2{t} 2 key1{t} 2',
      'A PING',
      ['A', 'EVAL', "redis.call('get', 'key3{t}')", '2', 'key1{t}', 'key2{t}'],
      'B MSET key2{t} 2 key1{t} 2',
      'A<2',
      ['A', 'EVAL_RO', "redis.call('ping')", '2', 'key1{t}', 'key2{t}'],
      'B MSET key2{t} 2 key1{t} 2',
      'A PING',
      ['A', 'EVAL_RO', "redis.call('get', 'key1{t}')", '2', 'key1{t}', 'key2{t}'],
      'B MSET key2{t} 3 key1{t} 3',
      'A<2',
      'A PING',
    ],
  },
  {
    name: 'script own write of a tracked key: invalidation after the reply',
    resp3: ['A'],
    steps: ['A CLIENT TRACKING on', ['A', 'EVAL', "return redis.call('get', KEYS[1])", '1', 'k'], ['A:2', 'EVAL', "redis.call('set', KEYS[1], 'x') return redis.call('get', KEYS[1])", '1', 'k'], 'B SET k 1', 'A PING'],
  },
  {
    name: 'script reading several declared keys then writing them',
    resp3: ['A'],
    steps: ['A CLIENT TRACKING on', ['A', 'EVAL', "return redis.call('mget', KEYS[1], KEYS[2])", '2', 'b', 'a'], ['A:3', 'EVAL', "redis.call('set', KEYS[2], 'x') redis.call('set', KEYS[1], 'x') return 1", '2', 'b', 'a']],
  },
  {
    name: 'script with no declared keys tracks nothing',
    resp3: ['A'],
    steps: ['A CLIENT TRACKING on', ['A', 'EVAL', "return redis.call('get', 'k')", '0'], 'B SET k 1', 'A PING'],
  },
  {
    name: 'bcast: keys written by a script are broadcast',
    resp3: ['A'],
    steps: ['A CLIENT TRACKING on BCAST', ['B', 'EVAL', "redis.call('set', 'b', 1) redis.call('set', 'a', 1) return 1", '0'], 'A<', 'A PING'],
  },
  {
    name: 'bcast noloop: own script writes are not sent',
    resp3: ['A'],
    steps: ['A CLIENT TRACKING on BCAST NOLOOP', ['A', 'EVAL', "redis.call('set', 'b', 1) return 1", '0'], 'B SET c 1', 'A<'],
  },
  {
    name: 'optin: a script after CACHING yes tracks its keys',
    resp3: ['A'],
    steps: ['A CLIENT TRACKING on OPTIN', ['A', 'EVAL', "return redis.call('get', KEYS[1])", '1', 'a'], 'A CLIENT CACHING yes', ['A', 'EVAL', "return redis.call('get', KEYS[1])", '1', 'b'], ['A', 'EVAL', "return redis.call('get', KEYS[1])", '1', 'c'], 'B SET a 1', 'B SET c 1', 'B SET b 1', 'A<'],
  },
  {
    name: 'optout: a script after CACHING no tracks nothing',
    resp3: ['A'],
    steps: ['A CLIENT TRACKING on OPTOUT', 'A CLIENT CACHING no', ['A', 'EVAL', "return redis.call('get', KEYS[1])", '1', 'a'], ['A', 'EVAL', "return redis.call('get', KEYS[1])", '1', 'b'], 'B SET a 1', 'B SET b 1', 'A<'],
  },
  {
    name: 'redirect: invalidations of script keys go to the redirect client',
    steps: ['B SUBSCRIBE __redis__:invalidate', 'A CLIENT TRACKING on REDIRECT {id:B}', ['A', 'EVAL', "return redis.call('get', KEYS[1])", '1', 'k'], 'C SET k 1', 'B<', ['A', 'EVAL', "return redis.call('set', KEYS[1], 2)", '1', 'k'], 'A PING', 'B PING'],
  },
  {
    name: 'fcall and fcall_ro track declared keys',
    resp3: ['A'],
    setup: [FUNCS],
    steps: ['A CLIENT TRACKING on', 'A FCALL rd 1 f1', 'A FCALL_RO rdro 1 f2', 'A FCALL wr 1 f3 v', 'B MSET f3 1 f2 1 f1 1', 'A<2', 'A PING'],
  },
  {
    name: 'fcall noloop write',
    resp3: ['A'],
    setup: [FUNCS],
    steps: ['A CLIENT TRACKING on NOLOOP', 'A FCALL rd 1 f1', 'A FCALL wr 1 f1 v', 'B SET f1 2', 'A PING'],
  },
  {
    name: 'script inside MULTI',
    resp3: ['A'],
    steps: ['A CLIENT TRACKING on', 'A MULTI', ['A', 'EVAL', "return redis.call('get', KEYS[1])", '1', 'm'], ['A', 'EVAL', "return redis.call('set', KEYS[1], 1)", '1', 'm'], 'A:2 EXEC', 'B SET m 2', 'A PING'],
  },
];

scenarioSuite('client tracking inside scripts', cases.map(warmLua));
