import { diffSuite, type DiffCase, type Cmd } from '../helpers/diff.js';

// FUNCTION * and FCALL compared with real Redis 7.0 byte for byte. Every case
// starts with FUNCTION FLUSH (FLUSHALL does not remove libraries).

const FLUSH: Cmd = ['FUNCTION', 'FLUSH'];

function load(code: string, replace = false): Cmd {
  return replace ? ['FUNCTION', 'LOAD', 'REPLACE', code] : ['FUNCTION', 'LOAD', code];
}

function lib(name: string, body: string): string {
  return `#!lua name=${name}\n${body}`;
}

function fc(fn: string, keys: string[] = [], args: string[] = []): Cmd {
  return ['FCALL', fn, String(keys.length), ...keys, ...args];
}

function fcro(fn: string, keys: string[] = [], args: string[] = []): Cmd {
  return ['FCALL_RO', fn, String(keys.length), ...keys, ...args];
}

const one = (name: string, fn: string, ret = '1') => lib(name, `redis.register_function('${fn}', function(keys, args) return ${ret} end)`);

/** A dump of library "dumped" made by Redis 7.0.15 (LZF-compressed code, CRC64 footer). */
const REDIS_DUMP = Buffer.from(
  'f5c340ca41001f23216c7561206e616d653d64756d7065640a72656469732e72656769737465720a5f66756e6374696f6e2827801f055f666e272c20e00015186b6579732c2061726773292072657475726e202766726f6d20402d062027202e2e2028401d0e5b315d206f722027272920656e6429e00f65007bc058005f6092c07301726f20730863616c6c6261636b3dc0230028e000720031405420951a6c6167733d7b276e6f2d777269746573277d2c206465736372697040c3023d276120a4066164206f6e6c7920040265277d0a002de819b65eb70708',
  'hex',
);

function c(name: string, ...cmds: Cmd[]): DiffCase {
  return { name, cmds: [FLUSH, ...cmds] };
}

const cases: DiffCase[] = [
  // --- load and call ---
  c('load and fcall', load(lib('lib1', "redis.register_function('f1', function(keys, args) return {keys[1], args[1]} end)")), fc('f1', ['k'], ['a'])),
  c('fcall names are case-insensitive', load(one('lib1', 'abc', '2')), fc('ABC'), fc('Abc')),
  c('library names are case-sensitive', load(one('abc', 'f1')), load(one('ABC', 'f2')), fc('f2')),
  c('fcall not found', fc('nosuch'), ['FCALL', 'nosuch', 'x'], ['FCALL_RO', 'nosuch', '0']),
  c('fcall numkeys errors', load(one('lib1', 'f1')), ['FCALL', 'f1', 'x'], ['FCALL', 'f1', '5', 'a'], ['FCALL', 'f1', '-1'], ['FCALL', 'f1', '1.5']),
  c('fcall wrong arity', ['FCALL', 'f1'], ['FCALL_RO']),
  c('keys and args tables', load(lib('l', "redis.register_function('f', function(k, a) return {#k, #a, k[1], a[2]} end)")), fc('f', ['k1', 'k2'], ['a1', 'a2', 'a3'])),
  c('no KEYS or ARGV globals', load(lib('l', "redis.register_function('f', function() return KEYS end)")), fc('f', ['k'])),
  c('redis.call from a function', load(lib('l', "redis.register_function('f', function(k, a) return redis.call('set', k[1], a[1]) end)")), fc('f', ['kk'], ['vv']), ['GET', 'kk']),
  c('function returns nothing', load(lib('l', "redis.register_function('f', function() end)")), fc('f')),
  c('many functions in one library', load(lib('l', "for i=1,10 do redis.register_function('r'..i, function() return i end) end")), fc('r7'), fc('r10')),
  c('load returns a value', load(lib('y14', "redis.register_function('q1', function() end) return 5")), fc('q1')),
  c('versions at load time', load(lib('l', "local x = redis.REDIS_VERSION .. redis.LOG_NOTICE redis.register_function('q2', function() return x end)")), fc('q2')),
  c('redis.log at load time', load(lib('l', "redis.log(redis.LOG_WARNING, 'loading') redis.register_function('f', function() return 1 end)")), fc('f')),
  c('full API at run time', load(lib('l', "redis.register_function('f', function() return {type(redis.setresp), type(string.rep), type(cjson.encode), math.floor(2.5)} end)")), fc('f')),

  // --- errors while running ---
  c('runtime error position', load(lib('l', "redis.register_function('f', function() error('boom') end)")), fc('f')),
  c('redis.call error from function', load(lib('l', "redis.register_function('f', function() return redis.call('incr', 's') end)")), ['SET', 's', 'x'], fc('f')),
  c('nonexistent global in function', load(lib('l', "redis.register_function('f', function() return nope end)")), fc('f')),
  c('readonly globals in function', load(lib('l', "redis.register_function('f', function() x = 1 end)")), fc('f')),

  // --- flags ---
  c('no-writes function refuses writes', load(lib('lib3', "redis.register_function{function_name='f3', callback=function() return redis.call('set','x','1') end, flags={'no-writes'}, description='desc'}")), fc('f3'), ['GET', 'x']),
  c('fcall_ro needs no-writes', load(one('lib1', 'f1')), fcro('f1'), load(lib('l2', "redis.register_function{function_name='r', callback=function() return redis.call('get','x') end, flags={'no-writes'}}")), fcro('r')),
  c('fcall_ro with a write', load(lib('l', "redis.register_function{function_name='r', callback=function() return redis.call('set','x','y') end, flags={'no-writes'}}")), fcro('r')),
  c('flags listed in canonical order', load(lib('q', "redis.register_function{function_name='q', callback=function() return 1 end, flags={'allow-cross-slot-keys','NO-WRITES'}}")), ['FUNCTION', 'LIST', 'LIBRARYNAME', 'q']),
  c('all flags', load(lib('q', "redis.register_function{function_name='q', callback=function() return 1 end, flags={'no-writes','allow-oom','allow-stale','no-cluster','allow-cross-slot-keys'}}")), ['FUNCTION', 'LIST'], fc('q')),

  // --- load errors ---
  c('library exists', load(one('lib1', 'f1')), load(one('lib1', 'f2'))),
  c('function exists in another library', load(one('lib1', 'f1')), load(one('lib2', 'f1')), load(one('lib3', 'F1'))),
  c('load replace', load(one('lib1', 'f1', '1')), load(one('lib1', 'f1', '2'), true), fc('f1'), load(one('lib1', 'f9', '3'), true), fc('f9'), fc('f1')),
  c('load replace still checks other libraries', load(one('a', 'fa')), load(one('b', 'fb')), load(one('b', 'fa'), true), fc('fb')),
  c('load options', ['FUNCTION', 'LOAD', 'bogus', one('x', 'f')], ['FUNCTION', 'LOAD', 'replace', 'REPLACE', one('x', 'f')], ['FUNCTION', 'LOAD']),
  c('metadata errors', load('return 1'), load('#!lua\nreturn 1'), load('#!lua name=abc'), load('#!lua'), load("#!foo name=abc\nredis.register_function('f1', function() return 1 end)"), load("#!lua name=x y=1\nredis.register_function('ab', function() end)"), load("#!lua name=abc name=def\nredis.register_function('abc2', function() return 1 end)")),
  c('library name rules', load("#!lua name=bad-name!\nredis.register_function('ab', function() end)"), load("#!lua name=\nredis.register_function('f9', function() return 1 end)"), load("#!LUA name=Ok_1\nredis.register_function('ab', function() return 1 end)"), fc('ab')),
  c('no functions registered', load(lib('x', 'return 1')), load(lib('x', 'local a = 1'))),
  c('compile error', load(lib('x', 'return 1 +')), load(lib('x', 'redis.register_function(')), load(lib('x', "\n\nlocal = 1"))),
  c('load-time API is restricted', load(lib('x', "local a = string.len('x')")), load(lib('x', "redis.call('ping')")), load(lib('x', "error('boom')")), load(lib('x', 'local t = {} t.x = math')), load(lib('x', 'return redis.setresp'))),
  c('load-time readonly', load(lib('x', 'x = 1')), load(lib('x', 'redis.register_function = nil'))),
  c('register_function positional errors', load(lib('y1', 'redis.register_function({}, function() end)')), load(lib('y2', 'redis.register_function()')), load(lib('y13', "redis.register_function('q1', function() end, 3)")), load(lib('y', "redis.register_function('f9', 'x')")), load(lib('y', "redis.register_function('ab')"))),
  c('register_function number name', load(lib('y', 'redis.register_function(5, function() return 5 end)')), fc('5')),
  c('register_function named errors', load(lib('y3', 'redis.register_function{function_name=5}')), load(lib('y4', 'redis.register_function{callback=function() end}')), load(lib('y5', "redis.register_function{function_name='z', callback=5}")), load(lib('y7', "redis.register_function{function_name='z', callback=function() end, description={}}")), load(lib('y8', "redis.register_function{function_name='z', callback=function() end, flags='no-writes'}")), load(lib('y9', "redis.register_function{function_name='z', callback=function() end, flags={5}}")), load(lib('y9b', "redis.register_function{function_name='z', callback=function() end, flags={'bogus'}}")), load(lib('y10', "redis.register_function{[1]='z', callback=function() end}")), load(lib('y11', "redis.register_function{function_name='z', callback=function() end, foo=1}"))),
  c('register_function named ok', load(lib('y6', "redis.register_function{function_name='z', callback=function() return 'zz' end, description=5}")), fc('z'), ['FUNCTION', 'LIST']),
  c('register_function bad names', load(lib('x', "redis.register_function('a b', function() end)")), load(lib('x', "redis.register_function('', function() end)")), load(lib('x', "redis.register_function('a-b', function() end)"))),
  c('register_function twice in a library', load(lib('x', "redis.register_function('ab', function() end)\nredis.register_function('ab', function() end)")), load(lib('x', "redis.register_function('ab', function() end)\nredis.register_function('AB', function() end)"))),
  c('failed load leaves nothing', load(lib('x', "redis.register_function('ok1', function() return 1 end) error('after')")), fc('ok1'), ['FUNCTION', 'LIST']),

  // --- list ---
  c('list empty', ['FUNCTION', 'LIST']),
  c('list one library', load(lib('lib1', "redis.register_function('f1', function() return 1 end)")), ['FUNCTION', 'LIST']),
  c('list withcode', load(lib('lib1', "redis.register_function{function_name='f', callback=function() return 1 end, description='d'}")), ['FUNCTION', 'LIST', 'WITHCODE'], ['FUNCTION', 'LIST', 'withcode', 'libraryname', 'lib*']),
  c('list libraryname pattern', load(one('alpha', 'fa')), load(one('beta', 'fb')), ['FUNCTION', 'LIST', 'LIBRARYNAME', 'al*'], ['FUNCTION', 'LIST', 'LIBRARYNAME', 'b?ta'], ['FUNCTION', 'LIST', 'LIBRARYNAME', 'zzz']),
  c('list errors', ['FUNCTION', 'LIST', 'bogus'], ['FUNCTION', 'LIST', 'libraryname'], ['FUNCTION', 'LIST', 'withcode', 'withcode'], ['FUNCTION', 'LIST', 'libraryname', 'a', 'libraryname', 'b']),
  { name: 'list resp3', resp3: true, cmds: [FLUSH, load(lib('lib1', "redis.register_function{function_name='f', callback=function() return 1 end, flags={'no-writes'}}")), ['FUNCTION', 'LIST']] },

  // --- delete / flush / stats ---
  c('delete', load(one('lib1', 'f1')), ['FUNCTION', 'DELETE', 'lib1'], fc('f1'), ['FUNCTION', 'DELETE', 'lib1'], ['FUNCTION', 'DELETE']),
  c('delete frees the function name', load(one('lib1', 'f1')), ['FUNCTION', 'DELETE', 'lib1'], load(one('lib2', 'f1')), fc('f1')),
  c('flush', load(one('lib1', 'f1')), ['FUNCTION', 'FLUSH'], fc('f1'), ['FUNCTION', 'FLUSH', 'ASYNC'], ['FUNCTION', 'FLUSH', 'sync'], ['FUNCTION', 'FLUSH', 'bogus'], ['FUNCTION', 'FLUSH', 'async', 'x']),
  c('stats', ['FUNCTION', 'STATS'], load(one('lib1', 'f1')), load(lib('lib2', "redis.register_function('f2', function() end) redis.register_function('f3', function() end)")), ['FUNCTION', 'STATS'], ['FUNCTION', 'STATS', 'x']),
  { name: 'stats resp3', resp3: true, cmds: [FLUSH, load(one('lib1', 'f1')), ['FUNCTION', 'STATS']] },
  c('kill not busy', ['FUNCTION', 'KILL'], ['SCRIPT', 'KILL']),
  c('help', ['FUNCTION', 'HELP'], ['FUNCTION', 'NOSUCH'], ['FUNCTION']),

  // --- dump / restore ---
  c('restore a Redis dump', ['FUNCTION', 'RESTORE', REDIS_DUMP], fc('dumped_fn', [], ['x']), fcro('dumped_ro'), ['FUNCTION', 'STATS']),
  c('restore append collision', ['FUNCTION', 'RESTORE', REDIS_DUMP], ['FUNCTION', 'RESTORE', REDIS_DUMP], ['FUNCTION', 'RESTORE', REDIS_DUMP, 'APPEND']),
  c('restore replace', load(lib('dumped', "redis.register_function('other', function() return 'old' end)")), ['FUNCTION', 'RESTORE', REDIS_DUMP, 'REPLACE'], fc('other'), fc('dumped_fn')),
  c('restore replace function collision', load(lib('mine', "redis.register_function('dumped_fn', function() return 'mine' end)")), ['FUNCTION', 'RESTORE', REDIS_DUMP, 'REPLACE'], fc('dumped_fn')),
  c('restore flush', load(one('mine', 'minefn')), ['FUNCTION', 'RESTORE', REDIS_DUMP, 'FLUSH'], fc('minefn'), fc('dumped_fn')),
  c('restore errors', ['FUNCTION', 'RESTORE', 'bad'], ['FUNCTION', 'RESTORE', 'bad', 'bogus'], ['FUNCTION', 'RESTORE', 'bad', 'flush', 'x'], ['FUNCTION', 'RESTORE', Buffer.concat([REDIS_DUMP.subarray(0, 20), Buffer.from('xx'), REDIS_DUMP.subarray(22)])], ['FUNCTION', 'RESTORE']),
  c('dump of nothing', ['FUNCTION', 'DUMP']),

  // --- RESP3 and conversions inside functions ---
  c('setresp in a function', load(lib('l', "redis.register_function('f', function() redis.setresp(3) return redis.call('get', 'nokey') == nil end)")), fc('f')),
  c('function returning tables', load(lib('l', "redis.register_function('f', function() return {1, 'a', {ok='st'}, {err='E x'}, 2.9} end)")), fc('f')),
  c('function error_reply', load(lib('l', "redis.register_function('f', function() return redis.error_reply('MY err') end)")), fc('f')),

  // --- the shebang is split like an inline command; the name is checked before the engine ---
  ...((body: string) => [
    c('shebang quotes', load(`#!lua name="ql"\n${body}`), load(`#!lua name='ql'\n${body}`), load(`#!lua name=q"\n${body}`), load(`#!lua "name=sp ace"\n${body}`)),
    c('shebang empty engine and missing name', load(`#! name=x\n${body}`), load(`#!\n${body}`), load(`#!lua\n${body}`), load(`#!lua name=\n${body}`), load(`#!nolua name=x\n${body}`), load(`#!nolua\n${body}`)),
    c('shebang name case and repeats', load(`#!LUA NAME=up\n${body}`), load(`#!lua name=a name=b\n${body}`), load(`#!lua name=a b=c\n${body}`), load(`#!lua\tname=tab\n${body}`)),
  ])("redis.register_function('f', function() return 1 end)"),
];

diffSuite('functions', cases);
