/**
 * Security probes against real Redis 7.0 (issue #13): commands that read
 * keys their key specs do not name (SORT BY/GET patterns), the Lua 5.1
 * sandbox (no __gc finalizers, 5.1's setmetatable and collectgarbage).
 * Each case creates the users it needs and logs in as them.
 */
import { diffSuite, type DiffCase, type Cmd } from '../helpers/diff.js';

const USERS = ['s1', 's2', 's3', 's4', 's5'];
const SETUP: Cmd[] = [
  ['ACL', 'DELUSER', ...USERS],
  'ACL SETUSER s1 on >p ~foo:* +@all',
  'ACL SETUSER s2 on >p %R~* +@all',
  'ACL SETUSER s3 on >p %W~* ~foo:* +@all',
  ['ACL', 'SETUSER', 's4', 'on', '>p', '~foo:*', '+@all', '(~* +sort)'],
  ['ACL', 'SETUSER', 's5', 'on', '>p', '~foo:*', '+@all', '(~* +get)'],
  'RPUSH foo:list 2 1',
  'SET w_1 10',
  'SET w_2 5',
  'HSET h_1 f b',
  'HSET h_2 f a',
];
const SORTS: Cmd[] = [
  'SORT foo:list GET bar*',
  'SORT foo:list BY w_*',
  'SORT foo:list BY nosort',
  'SORT foo:list GET #',
  'SORT_RO foo:list BY h_*->f ALPHA',
  'SORT_RO foo:list GET h_*->f',
  'SORT foo:list LIMIT 0 x GET #',
  'SORT foo:list GET # badopt',
  'SORT foo:list badopt GET #',
  'SORT foo:list BY nosort GET w_* STORE foo:out',
  ['EVAL', "return redis.pcall('sort', KEYS[1], 'get', 'w_*')", '1', 'foo:list'],
  ['EVAL', "return redis.pcall('sort', KEYS[1], 'by', 'w_*')", '1', 'foo:list'],
  'MULTI',
  'SORT foo:list GET w_*',
  'EXEC',
];

function asUser(user: string): DiffCase {
  return { name: `SORT patterns as ${user}`, cmds: [...SETUP, `AUTH ${user} p`, ...SORTS, 'AUTH default x'] };
}

/** ACL LOG: age and client-info vary (client-info's cmd= is checked by the integration tests). */
const maskLog = (r: string) => r
  .replace(/\$11\r\nage-seconds\r\n[,$][^\r]*\r\n(?:[^\r]*\r\n)?/g, 'AGE\r\n')
  .replace(/\$11\r\nclient-info\r\n\$\d+\r\n[^\r]*cmd=(\w+)[^\r]*\r\n/g, 'CINFO cmd=$1\r\n');
const pcall = (...args: string[]): Cmd => ['EVAL', `return redis.pcall(${args.map((a) => `'${a}'`).join(',')})`, '0'];

const lua = (name: string, ...scripts: string[]): DiffCase => ({ name, cmds: scripts.map((s) => ['EVAL', s, '0']) });

const cases: DiffCase[] = [
  ...USERS.map(asUser),
  { name: 'SORT patterns as the default user', cmds: [...SETUP, ...SORTS] },
  {
    name: 'ACL LOG context lua for denials inside scripts, apart from top-level ones; acl_check_cmd logs nothing',
    cmds: [
      ['ACL', 'DELUSER', ...USERS], 'ACL LOG RESET', 'ACL SETUSER s1 on >p ~foo:* &ch +@all -flushall', 'AUTH s1 p',
      pcall('get', 'bar'), 'GET bar', ['EVAL', "return redis.acl_check_cmd('get','bar')", '0'],
      pcall('flushall'), pcall('publish', 'x', 'y'), pcall('get', 'bar'),
      ['FUNCTION', 'LOAD', 'REPLACE', "#!lua name=seclib\nredis.register_function('g', function(k) return redis.pcall('get', k[1]) end)"],
      'FCALL g 1 bar', 'AUTH default x', 'ACL LOG', 'FUNCTION DELETE seclib',
    ],
    normalize: maskLog,
  },
  {
    name: 'disabled-by-default commands and protected configs answer as Redis',
    cmds: [
      'MODULE LIST', 'MODULE', 'MODULE foo', 'MODULE HELP', 'MODULE LOAD /nonexistent/m.so', 'MODULE LOAD',
      'MODULE LOADEX /nonexistent/m.so CONFIG a b ARGS 1', 'MODULE UNLOAD m', 'MODULE UNLOAD', 'MODULE LIST x',
      'COMMAND INFO module|load module|list', 'DEBUG SLEEP 0', 'DEBUG', 'MULTI', 'MODULE LOAD /x.so', 'EXEC',
      'CONFIG SET enable-debug-command yes', 'CONFIG SET enable-module-command yes', 'CONFIG SET enable-protected-configs yes',
      'CONFIG SET dir /tmp', 'CONFIG SET dbfilename x.rdb', 'CONFIG GET enable-debug-command', 'CONFIG GET enable-module-command', 'CONFIG GET enable-protected-configs',
      ['EVAL', "return redis.pcall('module','list')", '0'], ['EVAL', "return redis.pcall('debug','sleep','0')", '0'],
    ],
  },
  {
    name: 'a script cannot yield its own thread (was: suspended mid-script, server left -BUSY)',
    cmds: [
      ['EVAL', 'coroutine.yield() return 1', '0'], 'PING',
      ['EVAL', 'return tostring(select(2, pcall(coroutine.yield)))', '0'], 'SET k v',
      ['EVAL', 'return coroutine.running()', '0'],
      ['EVAL', 'local co = coroutine.create(function(a) local b = coroutine.yield(a+1) return b*2 end) local _, x = coroutine.resume(co, 1) local _, y = coroutine.resume(co, 10) return {x, y, coroutine.status(co)}', '0'],
      ['EVAL', 'return coroutine.wrap(function() return type(coroutine.running()) end)()', '0'],
      ['EVAL', 'return coroutine.wrap(function() coroutine.yield(5) end)()', '0'],
      'GET k',
    ],
  },
  lua('5.4-only names are absent as in 5.1, _ENV included',
    'return type(_ENV)', 'local _ENV = {} return type(redis)', '_ENV = 1', 'return type(utf8)', 'return type(string.pack)',
    'return type(warn)', 'return type(math.type)', 'return type(table.move)', 'return type(coroutine.close)', 'return type(rawlen)',
    'return loadstring(string.dump(function() return 1 end))', 'return x.y', 'local t = nil return t.x'),
  lua('a metatable keeps __gc as in 5.1', "local mt={__gc=function() end} local t=setmetatable({}, mt) return {tostring(getmetatable(t)==mt), type(mt.__gc)}"),
  lua('setmetatable argument errors carry the script line',
    'return setmetatable(1, {})', 'return setmetatable({}, 1)', 'return setmetatable({})',
    'local t=setmetatable({}, {__metatable=1}) return setmetatable(t, {__gc=type})',
    'local t=setmetatable({}, {__metatable=1}) return setmetatable(t, {})',
    'return setmetatable(_G, {})', 'return setmetatable(string, {})',
    'local t = {} return setmetatable(t, {__gc = 1}) == t', 'return type(setmetatable({}, nil))'),
  lua('collectgarbage takes 5.1 options only',
    "return collectgarbage('generational')", "return collectgarbage('incremental')", "return collectgarbage('isrunning')",
    'return collectgarbage(1)', 'return collectgarbage({})', "return type(collectgarbage('count'))",
    'return collectgarbage()', "return collectgarbage('collect')", "return collectgarbage('setpause', 200)",
    "return collectgarbage('setpause', 200)",
    "collectgarbage('stop') collectgarbage('restart') return 1"),
];

diffSuite('security', cases);
