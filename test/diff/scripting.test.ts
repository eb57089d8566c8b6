import { createHash } from 'node:crypto';
import { diffSuite, type DiffCase, type Cmd } from '../helpers/diff.js';

const sha = (s: string) => createHash('sha1').update(s, 'latin1').digest('hex');

// EVAL & co compared with real Redis 7.0 byte for byte: conversions, errors,
// pcall, the 5.1 compatibility layer, globals protection, libraries.

/** EVAL with keys then args: ev(script, ['k1'], ['a1']). */
function ev(script: string, keys: string[] = [], args: string[] = []): Cmd {
  return ['EVAL', script, String(keys.length), ...keys, ...args];
}

/** A case of one or more scripts without keys. */
function sc(name: string, ...scripts: string[]): DiffCase {
  return { name, cmds: scripts.map((s) => ev(s)) };
}

const allBytes = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

const cases: DiffCase[] = [
  // --- Lua -> Redis conversion ---
  sc('integer', 'return 1', 'return -1', 'return 0'),
  sc('float truncated', 'return 3.99', 'return -3.99', 'return 0.5', 'return 1e15 + 0.5'),
  sc('huge numbers', 'return 1e20', 'return -1e20', 'return math.huge', 'return -math.huge', 'return 0/0', 'return 2^53', 'return 2^62'),
  sc('string', "return 'hello'", "return ''", "return 'a\\0b'"),
  sc('booleans', 'return true', 'return false', 'return nil'),
  sc('arrays', 'return {1,2,3}', "return {1,'two',{3,{4}}}", 'return {}', 'return {1,2,nil,4}', 'return {nil,1}'),
  sc('array with booleans', 'return {1,true,false,2}', 'return {false}'),
  sc('status reply', "return {ok='fine'}", "return redis.status_reply('HELLO')", "return {ok='a\\r\\nb'}"),
  sc('error reply', "return {err='X y'}", "return {err='nospace'}", "return redis.error_reply('FOO bar')", "return redis.error_reply('-FOO bar')", "return redis.error_reply('nospace')"),
  sc('error reply newline', "return redis.error_reply('ERR a\\r\\nb')"),
  sc('nested status and error', "return {1, {2, {3, {ok='x'}}}, redis.error_reply('E x')}"),
  sc('table with hash part ignored', "return {1, 2, foo='bar'}", "return {foo='bar'}"),
  sc('only first return value', 'return 1, 2, 3'),
  sc('no return', 'local x = 1'),
  sc('deeply nested tables', "local t = {} local c = t for i = 1, 3000 do c[1] = {} c = c[1] end return t", "local t = {1, {ok='x'}} local c = t for i = 1, 100 do c[3] = {i} c = c[3] end return t"),
  { name: 'deeply nested map resp3', resp3: true, cmds: [ev("local t = {map={}} local c = t for i = 1, 50 do c.map['k'] = {map={}} c = c.map['k'] end return t")] },
  sc('function and userdata become nil', 'return print', 'return {1, cjson.null, 2}', 'return cjson.null'),
  sc('error_reply / status_reply bad args', 'return redis.error_reply(5)', 'return redis.status_reply(5)', 'return redis.status_reply()'),

  // --- Redis -> Lua conversion ---
  { name: 'integer reply is a number', cmds: ['SET n 10', ev("local v = redis.call('incr','n') return {type(v), v}")] },
  { name: 'bulk reply is a string', cmds: ['SET s hello', ev("local v = redis.call('get','s') return {type(v), v}")] },
  { name: 'nil bulk is false', cmds: [ev("local v = redis.call('get','missing') return {type(v), tostring(v)}")] },
  { name: 'status reply is a table', cmds: [ev("local v = redis.call('set','a','1') return {type(v), v.ok}")] },
  { name: 'status reply passed through', cmds: [ev("return redis.call('set','a','1')"), ev("return redis.call('ping')")] },
  { name: 'error reply from pcall is a table', cmds: ['SET s x', ev("local v = redis.pcall('incr','s') return {type(v), v.err}")] },
  { name: 'array reply', cmds: ['MSET a 1 b 2', ev("return redis.call('mget','a','b','c')"), ev("local t = redis.call('mget','a','c') return {#t, t[1], tostring(t[2])}")] },
  { name: 'integer reply passed through', cmds: ['SET x 5', ev("return redis.call('incrby','x',10)"), ev("return redis.call('strlen','x')")] },
  { name: 'float reply', cmds: ['SET f 1.5', ev("return redis.call('incrbyfloat','f','0.25')")] },

  // --- arguments ---
  { name: 'KEYS and ARGV', cmds: [ev('return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], #KEYS, #ARGV}', ['k1', 'k2'], ['a1', 'a2'])] },
  { name: 'no keys no args', cmds: [ev('return {#KEYS, #ARGV}')] },
  { name: 'binary safe round trip', cmds: [ev("redis.call('set', KEYS[1], ARGV[1]) return redis.call('get', KEYS[1])", ['bin'], [allBytes]), ['GET', 'bin']] },
  { name: 'binary safe string ops', cmds: [ev('return {#ARGV[1], string.byte(ARGV[1], 1), string.byte(ARGV[1], 256), ARGV[1]:sub(250)}', [], [allBytes])] },
  { name: 'binary keys', cmds: [ev("return redis.call('set', KEYS[1], 'v')", ['\x00\xff\r\n']), ['GET', '\x00\xff\r\n']] },
  { name: 'big argument', cmds: [ev("redis.call('set','big',ARGV[1]) return redis.call('strlen','big')", [], ['x'.repeat(200000)])] },
  { name: 'number arguments use %.17g', cmds: [ev("redis.call('set','a',0.1) redis.call('set','b',100) redis.call('set','c',1/3) redis.call('set','d',1e20) return redis.call('mget','a','b','c','d')")] },
  { name: 'numkeys errors', cmds: [['EVAL', 'return 1', '-1'], ['EVAL', 'return 1', '2', 'a'], ['EVAL', 'return 1', 'x'], ['EVAL', 'return 1', '1.5'], ['EVAL', 'return 1', '99999999999999999999']] },
  { name: 'wrong arity', cmds: [['EVAL', 'return 1'], ['EVALSHA', 'x'], ['EVAL']] },
  { name: 'redis.call argument errors', cmds: [ev('return redis.call()'), ev('return redis.call({})'), ev("return redis.call('get',{})"), ev("return redis.call('get',nil)"), ev("return redis.call('get',true)")] },
  { name: 'redis.pcall argument errors', cmds: [ev('return redis.pcall()'), ev("return redis.pcall('get',{})")] },

  // --- errors ---
  sc('runtime errors', "error('boom')", 'error(5)', 'error()', "error({err='My Error'})", "error({err='-XX My Error'})", "error('x', 0)", "error('x', 2)"),
  sc('error inside function', "local function f() error('deep') end f()", "local function f() local x = nil; return x.y end return f()"),
  sc('compile errors', 'return 1 +', 'return (', "x = 'unfinished", 'if true then', 'for', 'local 1 = 2', 'return 1 2', 'return end'),
  sc('type errors', "return 1 + {}", "return #nil", "local t = nil; return t.x", "return ('x')()", "return {} .. 'x'", "local a; return a < 1"),
  sc('type errors with names', "local x; return x + 1", "local t = {}; return t.a.b", "local s = 'x'; return s.y.z", "local f; f()"),
  sc('line numbers', "local a = 1\nlocal b = 2\nerror('line3')", "\n\n\nreturn 1 +"),
  { name: 'redis.call errors raise', cmds: ['SET s x', ev("return redis.call('incr','s')"), ev("redis.call('incr','s') return 'not reached'")] },
  { name: 'redis.pcall errors return', cmds: ['SET s x', ev("return redis.pcall('incr','s')"), ev("local r = redis.pcall('incr','s') return 'after: ' .. r.err")] },
  sc('unknown command', "return redis.call('nosuch')", "return redis.pcall('nosuch')", "return redis.call('config','nosuch')"),
  sc('wrong arity inner', "return redis.call('get')", "return redis.call('get','a','b')", "return redis.pcall('set','a')"),
  sc('commands not allowed in scripts', "return redis.call('eval','return 1','0')", "return redis.call('multi')", "return redis.call('subscribe','x')", "return redis.call('blpop','a',0)", "return redis.call('script','load','return 1')", "return redis.pcall('function','flush')"),
  sc('pcall catches errors as strings', "return {pcall(error, 'x')}", "return {pcall(error, {err='x'})}", "return {pcall(redis.call, 'nosuch')}", "return {pcall(error, {foo='x'})}", 'return pcall(error, 5)'),
  sc('pcall success values', 'return {pcall(function() return 1, 2 end)}', "return {pcall(string.rep, 'ab', 3)}"),
  sc('xpcall', "return {xpcall(function() error('e') end, function(m) return 'handled: ' .. m end)}"),
  sc('error objects through redis.error_reply', "error(redis.error_reply('MY custom'))", "return redis.error_reply('MY custom')"),

  // --- globals protection ---
  sc('nonexistent global', 'return x', 'return foo.bar', 'nosuch()'),
  sc('readonly globals', 'x = 1', 'function f() end', 'KEYS = 1', 'redis = nil', '_G.x = 5', "rawset(_G,'x',1)", 'setmetatable(_G, {})'),
  sc('readonly libraries', 'string.foo = 1', 'redis.call = 1', 'math.pi = 3', 'table.insert = nil', 'cjson.encode = nil', "getmetatable('').__index = nil"),
  sc('globals reading', 'return type(_G)', 'return type(getmetatable(_G))', "return rawget(_G,'nope')", 'return _VERSION'),
  sc('locals are fine', 'local t = {} ; t.x = 1; return t.x', 'local x = 5 local function f() return x end return f()'),
  sc('global names', "local t = {} for k,v in pairs(_G) do t[#t+1] = k end table.sort(t) return t"),
  sc('library names string', "local t = {} for k,v in pairs(string) do t[#t+1] = k end table.sort(t) return t"),
  sc('library names math', "local t = {} for k,v in pairs(math) do t[#t+1] = k end table.sort(t) return t"),
  sc('library names table', "local t = {} for k,v in pairs(table) do t[#t+1] = k end table.sort(t) return t"),
  sc('library names redis', "local t = {} for k,v in pairs(redis) do t[#t+1] = k end table.sort(t) return t"),
  sc('library names cjson bit struct cmsgpack', "local t = {} for _, lib in ipairs({cjson, bit, struct, cmsgpack}) do for k in pairs(lib) do t[#t+1] = k end end table.sort(t) return t"),
  sc('library names coroutine', "local t = {} for k,v in pairs(coroutine) do t[#t+1] = k end table.sort(t) return t"),
  sc('absent globals', 'return os', 'return io', 'return require', 'return debug', 'return print', 'return dofile', 'return loadfile', 'return setfenv', 'return module'),

  // --- numbers: 5.1 formatting ---
  sc('tostring of numbers', 'return tostring(10/2)', "return 10/2 .. ''", 'return tostring(2^53)', 'return tostring(0.1)', 'return tostring(1e100)', 'return tostring(-0.0)', 'return tostring(1/0)', 'return tostring(-1/0)', 'return tostring(123456789012)'),
  sc('tostring of large values', 'return tostring(tonumber("123456789012345678"))', 'return tostring(math.floor(2^62))', "return tostring(tonumber('10'))"),
  sc('string.format', "return string.format('%s %d %5.2f', 10/2, 3, 1.5)", "return string.format('%d', 3.7)", "return string.format('%5.1f|%x|%c', 3.75, 255.9, 65)", "return string.format('%q', 'a\\0b\\n\"')", "return string.format('%%')", "return string.format('%s', 1e15)", "return string.format('%g', 0.1)"),
  sc('arithmetic', 'return 7 / 2 * 2', 'return 7 % 3', 'return -7 % 3', 'return 2^10', 'return math.floor(-3.5)', 'return math.ceil(3.2)'),
  sc('tonumber', "return tonumber('42')", "return tonumber('0x10')", "return tonumber('1e3')", "return tostring(tonumber('abc'))", "return tonumber('10', 2)", "return tonumber(' 7 ')"),

  // --- Lua 5.1 compatibility ---
  sc('unpack and loadstring', 'return {unpack({1,2,3})}', "return loadstring('return 1+1')()", "return {loadstring('return +')}", "return loadstring('x=1')()"),
  sc('table 5.1 functions', 'return table.getn({1,2,3})', 'return table.maxn({1,2,[10]=3})', 'return table.setn({}, 1)', "local n = 0 table.foreach({a=1}, function(k, v) n = n + v end) return n", "local s = '' table.foreachi({'a','b'}, function(i, v) s = s .. i .. v end) return s"),
  sc('math 5.1 functions', 'return {math.mod(7,3), math.fmod(7,3), math.pow(2,10), math.log10(1000)}', 'return tostring(math.atan2(1,1))', 'return tostring(math.cosh(1))', 'return tostring(math.ldexp(1,3))', 'return {math.frexp(8)}', 'return tostring(math.sinh(1)) .. tostring(math.tanh(1))'),
  sc('string.gfind', "local t = {} for w in string.gfind('one two', '%a+') do t[#t+1] = w end return t"),
  sc('string functions', "return string.rep('ab', 3)", "return ('hello'):upper()", "return string.sub('hello', 2, -2)", "return {string.find('hello', 'l+')}", "return string.gsub('hello', 'l', 'L')", "return string.len('\\0\\0')", "return string.reverse('abc')", "return string.char(72, 105)", "return {string.byte('ABC', 1, -1)}", "return string.match('key:123', '(%d+)')"),
  sc('table functions', "local t = {3,1,2} table.sort(t) return t", "local t = {} table.insert(t, 'a') table.insert(t, 1, 'b') return t", "return table.concat({1,2,3}, ',')", "local t = {1,2,3} table.remove(t, 1) return t", "local t = {'b','a','c'} table.sort(t, function(a, b) return a > b end) return t"),
  sc('select and varargs', "return select('#', 1, nil, 3)", "return select(2, 'a', 'b', 'c')", "local function f(...) return {...} end return f(1, 2, 3)"),
  sc('type and tostring', 'return {type(1), type("x"), type({}), type(nil), type(true), type(print == nil)}', 'return tostring(nil) .. tostring(true)'),
  sc('coroutines', "local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end) local _, x = coroutine.resume(co, 1) local _, y = coroutine.resume(co, 10) return {x, y, coroutine.status(co)}", "local f = coroutine.wrap(function() coroutine.yield(1) end) return f()"),
  sc('gcinfo and collectgarbage', "return type(gcinfo())", "return type(collectgarbage('count'))"),
  sc('metatables on user tables', "local t = setmetatable({}, {__index = function(t, k) return k .. '!' end}) return t.x", "local mt = {} local t = setmetatable({}, mt) return getmetatable(t) == mt"),

  sc('5.1 error wording', "local a = 'x' + 1", 'return -{}', "for i = 1, 'x' do end", 'return ({}).a.b', "return ('x'):bad()", 'return #5', 'return 1 < "x"'),
  sc('errors raised through wrappers keep the script position', "return string.format('%d', 'x')", "return string.format('%s', {})", "return string.format('%s')", 'return math.floor({})', "return string.rep()", "local ok, err = pcall(error, 'msg', 2) return err", "return {xpcall(function() local x = nil; return x.y end, function(e) return e end)}"),
  sc('5.1 function behaviour', "return string.rep('ab', 3, ',')", "return getmetatable('').__index == string", "return string.format('%5.1s|', 'abc')", "return string.format('%d %s', '10', 12)", 'return {pcall()}'),
  sc('assert and select', "return assert(false, 'assert msg')", 'return assert(nil)', "return assert(1, 'x')", 'return select(-1, "a", "b")', "return select('#')"),
  sc('more string functions', "return {string.find('abc', 'b', -10)}", "return string.gsub('abc', '%w', '%0%0')", "return string.gsub('abc', '(', 'x')", "return string.match('  x  ', '^%s*(.-)%s*$')", 'return string.upper(nil)', "return string.find('a.b', '.', 1, true)"),
  sc('more table functions', 'return table.concat({1, {}, 3})', 'return table.remove({})', 'local t = {1,2,3} return table.remove(t)', 'return {next({})}', "return {coroutine.resume(coroutine.create(function() error('in co') end))}"),
  sc('more numbers', 'return tostring(1e15) .. " " .. tostring(1e16) .. " " .. tostring(123456.789e3)', 'return tostring(0.1 + 0.2)', 'return tostring(100 / 3)', 'return tostring(2^63) .. " " .. tostring(-2^63)', 'return tostring(math.pi)', "return string.format('%.3f', 1/3)", 'return tostring(tonumber("1e500"))', "return math.max(1, 2.5, -1)"),

  // --- math.random ---
  { name: 'math.random sequence', cmds: [ev('return {math.random(10), math.random(10), math.random(5,7)}'), ev('return tostring(math.random())')] },
  sc('math.randomseed', 'math.randomseed(42) return tostring(math.random())', 'math.randomseed(42) return {math.random(100), math.random(100)}'),
  sc('math.random errors', 'return math.random(0)', "return math.random('x')", 'return math.random(1,2,3)', 'return math.random(3, 1)', 'return tostring(math.random(3.7) <= 3)'),

  // --- redis API ---
  sc('sha1hex', "return {redis.sha1hex(''), redis.sha1hex('abc')}", 'return redis.sha1hex()', 'return redis.sha1hex(123)'),
  sc('version and constants', "return redis.REDIS_VERSION .. ' ' .. redis.REDIS_VERSION_NUM", 'return {redis.REPL_ALL, redis.REPL_AOF, redis.REPL_NONE, redis.REPL_REPLICA, redis.REPL_SLAVE}', 'return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}'),
  sc('redis.log', "redis.log(redis.LOG_WARNING, 'from script') return 1", 'return redis.log(redis.LOG_WARNING)', "return redis.log('x', 'y')", "return redis.log(99, 'y')", "redis.log(redis.LOG_DEBUG, 'dbg', 1, {}) return 2"),
  sc('set_repl and replicate_commands', 'redis.set_repl(redis.REPL_ALL) return 1', 'return redis.set_repl(99)', 'return redis.set_repl()', 'return redis.replicate_commands()', 'return redis.breakpoint()', 'return redis.debug("x")'),
  sc('setresp errors', 'return redis.setresp(4)', 'return redis.setresp()', 'redis.setresp(2) return 1'),
  sc('redis missing fields are nil', 'return redis.nosuch', 'return string.nosuch'),
  sc('acl_check_cmd', "return redis.acl_check_cmd('get','x')", "return redis.acl_check_cmd('nosuch')", 'return redis.acl_check_cmd()'),

  // --- RESP3 ---
  { name: 'setresp 3 null is nil', cmds: [ev("redis.setresp(3) local v = redis.call('get','missing') return {type(v) == 'nil', v == false}")] },
  { name: 'setresp 3 double', cmds: ['SET f 1.5', ev("redis.setresp(3) return redis.call('incrbyfloat','f','1')")] },
  { name: 'return double table resp2', cmds: [ev('return {double=3.5}'), ev('return {double=0.1}')] },
  { name: 'return double table resp3', resp3: true, cmds: [ev('return {double=3.5}'), ev('return {double=1/0}')] },
  { name: 'return map resp2', cmds: [ev("return {map={a=1}}")] },
  { name: 'return map resp3', resp3: true, cmds: [ev("return {map={a=1}}")] },
  { name: 'return set resp3', resp3: true, cmds: [ev("return {set={a=true}}")] },
  { name: 'return set resp2', cmds: [ev("return {set={a=true}}")] },
  { name: 'big number', cmds: [ev("return {big_number='123456789012345678901234567890'}")] },
  { name: 'big number resp3', resp3: true, cmds: [ev("return {big_number='123456789012345678901234567890'}")] },
  { name: 'verbatim resp3', resp3: true, cmds: [ev("return {verbatim_string={format='txt', string='hello'}}")] },
  { name: 'verbatim resp2', cmds: [ev("return {verbatim_string={format='txt', string='hello'}}")] },
  { name: 'booleans to resp3 caller', resp3: true, cmds: [ev('return true'), ev('return false'), ev('redis.setresp(3) return true'), ev('redis.setresp(3) return false'), ev('return nil')] },
  { name: 'booleans resp2 after setresp 3', cmds: [ev('redis.setresp(3) return true'), ev('redis.setresp(3) return false')] },
  { name: 'resp3 caller gets nil from false', resp3: true, cmds: [ev("return redis.call('get','missing')")] },

  // --- script cache ---
  { name: 'script load and evalsha', cmds: [['SCRIPT', 'LOAD', 'return 1'], ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0'], ['EVALSHA', 'E0E1F9FABFC9D4800C877A703B823AC0578FF8DB', '0']] },
  { name: 'evalsha noscript', cmds: [['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0'], ['EVALSHA', 'fff', '0'], ['EVALSHA_RO', 'ffffffffffffffffffffffffffffffffffffffff', '0']] },
  { name: 'eval caches the script', cmds: [ev('return 2'), ['EVALSHA', '7f923f79fe76194c868d7e1d0820de36700eb649', '0'], ['SCRIPT', 'EXISTS', '7f923f79fe76194c868d7e1d0820de36700eb649', 'ffffffffffffffffffffffffffffffffffffffff']] },
  { name: 'script exists', cmds: [['SCRIPT', 'LOAD', 'return 3'], ['SCRIPT', 'EXISTS', 'a', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db'], ['SCRIPT', 'EXISTS']] },
  { name: 'script load compile error', cmds: [['SCRIPT', 'LOAD', 'return +'], ['SCRIPT', 'LOAD']] },
  { name: 'script flush', cmds: [['SCRIPT', 'LOAD', 'return 1'], ['SCRIPT', 'FLUSH'], ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0'], ['SCRIPT', 'FLUSH', 'ASYNC'], ['SCRIPT', 'FLUSH', 'sync'], ['SCRIPT', 'FLUSH', 'bogus'], ['SCRIPT', 'FLUSH', 'async', 'sync']] },
  { name: 'script kill not busy', cmds: [['SCRIPT', 'KILL'], ['FUNCTION', 'KILL']] },
  { name: 'script help', cmds: [['SCRIPT', 'HELP'], ['SCRIPT', 'NOSUCH'], ['SCRIPT']] },
  { name: 'script debug no', cmds: [['SCRIPT', 'DEBUG', 'NO']] },

  // --- shebang flags and read-only ---
  sc('shebang errors', "#!lua flags=bogus\nreturn 1", '#!lua x=1\nreturn 1', '#!perl\nreturn 1', '#!lua', '#!lua flags=no-writes,\nreturn 1'),
  sc('shebang ok', '#!lua flags=allow-cross-slot-keys\nreturn 1', '#!lua  flags=no-writes\nreturn 1', '#!lua flags=\nreturn 1', '#!lua\nreturn 2', '#!lua flags=no-writes,allow-oom,allow-stale,no-cluster\nreturn 3'),
  sc('shebang line numbers', "#!lua\nreturn 1 +", "#!lua\n\nerror('x')"),
  sc('no-writes flag', "#!lua flags=no-writes\nreturn redis.call('set','a','b')", "#!lua flags=no-writes\nreturn redis.call('get','a')", "#!lua flags=no-writes\nreturn redis.pcall('set','a','b')"),
  { name: 'eval_ro', cmds: [['EVAL_RO', "return redis.call('set','a','b')", '0'], ['EVAL_RO', "return redis.call('get','a')", '0'], ['EVAL_RO', "#!lua\nreturn redis.call('get','x')", '0'], ['EVAL_RO', "#!lua flags=no-writes\nreturn redis.call('get','x')", '0']] },
  { name: 'evalsha_ro', cmds: [['SCRIPT', 'LOAD', "return redis.call('set','a','b')"], ['EVALSHA_RO', sha("return redis.call('set','a','b')"), '0'], ['SCRIPT', 'LOAD', "return redis.call('get','a')"], ['EVALSHA_RO', sha("return redis.call('get','a')"), '0']] },

  // --- effects ---
  { name: 'writes are visible after the script', cmds: [ev("redis.call('set','a','1') redis.call('incr','a') return 1"), 'GET a'] },
  { name: 'select inside script does not leak', cmds: [ev("redis.call('select','1') redis.call('set','x','in1') return 1"), 'GET x', 'SELECT 1', 'GET x'] },
  { name: 'script runs in the caller db', cmds: ['SELECT 2', 'SET y 2', ev("return redis.call('get','y')")] },
  { name: 'time is frozen for expiry during a script', cmds: [ev("redis.call('set','e','v','px','1') local i = 0 while i < 300000 do i = i + 1 end return redis.call('get','e')"), 'BLPOP nokey 0.02', 'GET e'] },
  { name: 'expire inside script', cmds: [ev("redis.call('set','e','v','px','100000') return redis.call('get','e')"), 'GET e'] },

  // --- cjson ---
  sc('cjson encode scalars', "return cjson.encode(1)", "return cjson.encode(1.5)", "return cjson.encode('x')", "return cjson.encode(true)", "return cjson.encode(cjson.null)", "return cjson.encode(nil)", "return cjson.encode(1e20)", "return cjson.encode(0.1)", "return cjson.encode(-0.0)", "return cjson.encode(123456789012345)"),
  sc('cjson encode strings', "return cjson.encode('a\"b\\\\c/d')", "return cjson.encode('\\n\\r\\t\\b\\f')", "return cjson.encode('\\0\\1\\31')", "return cjson.encode('\\127\\128\\255')"),
  sc('cjson encode tables', "return cjson.encode({1,2,3})", "return cjson.encode({})", "return cjson.encode({a=1})", "return cjson.encode({{1},{2,{3}}})", "return cjson.encode({[1]=1,[2]=2,[4]=4})", "return cjson.encode({[1]='a',[20]='b'})", "return cjson.encode({x={y={z=1}}})", "return cjson.encode({[1.5]=1})"),
  sc('cjson encode errors', 'return cjson.encode(print)', 'return cjson.encode({f=print})', 'return cjson.encode(0/0)', 'return cjson.encode(1/0)', 'return cjson.encode({[true]=1})', 'return cjson.encode()', 'return cjson.encode(1, 2)'),
  sc('cjson decode', "return cjson.decode('1')", "return cjson.decode('\"x\"')", "return cjson.decode('[1,2,3]')", "return cjson.decode('{\"a\":1}').a", "return tostring(cjson.decode('null') == cjson.null)", "return cjson.decode('true')", "return tostring(cjson.decode('false'))", "return cjson.decode('[1,[2,[3]]]')", "return cjson.decode(' [ 1 , 2 ] ')", "return tostring(cjson.decode('1.5e3'))", "return tostring(cjson.decode('-0.25'))"),
  sc('cjson decode strings', "return cjson.decode('\"a\\\\nb\"')", "return cjson.decode('\"\\\\u0041\\\\u00e9\\\\u20ac\"')", "return cjson.decode('\"\\\\ud83d\\\\ude00\"')", "return cjson.decode('\"\\\\/\\\\\\\\\\\\\"\"')"),
  sc('cjson decode errors', "return cjson.decode('')", "return cjson.decode('{')", "return cjson.decode('[1,]')", "return cjson.decode('{\"a\" 1}')", "return cjson.decode('[1 2]')", "return cjson.decode('tru')", "return cjson.decode('1 2')", "return cjson.decode('\"abc')", "return cjson.decode('\"\\\\x\"')", "return cjson.decode('{1:2}')", 'return cjson.decode()', 'return cjson.decode({})'),
  sc('cjson round trip', "local t = cjson.decode(cjson.encode({1,'two',{3}})) return {t[1], t[2], t[3][1]}", "return cjson.encode(cjson.decode('[1,\"a\",null,true,{\"k\":[]}]'))"),
  sc('cjson null and arrays with holes', "return cjson.encode({1, cjson.null, 3})", "return cjson.encode({1, nil, 3})"),

  // --- cmsgpack ---
  sc('cmsgpack pack scalars', "return cmsgpack.pack(1)", "return cmsgpack.pack(-1)", "return cmsgpack.pack(200)", "return cmsgpack.pack(70000)", "return cmsgpack.pack(5000000000)", "return cmsgpack.pack(-200)", "return cmsgpack.pack(-40000)", "return cmsgpack.pack(-5000000000)", "return cmsgpack.pack(1.5)", "return cmsgpack.pack(0.1)", "return cmsgpack.pack(true, false, nil)"),
  sc('cmsgpack pack strings', "return cmsgpack.pack('abc')", "return cmsgpack.pack(string.rep('x', 40))", "return cmsgpack.pack(string.rep('x', 300))", "return cmsgpack.pack('')"),
  sc('cmsgpack pack tables', "return cmsgpack.pack({1,2,3})", "return cmsgpack.pack({})", "return cmsgpack.pack({a=1})", "return cmsgpack.pack({{1},{2}})", "return cmsgpack.pack({[1]=1,[3]=3})"),
  sc('cmsgpack unpack', "return {cmsgpack.unpack(cmsgpack.pack(1, 'a', {2, 3}))}", "local t = cmsgpack.unpack(cmsgpack.pack({a='b'})) return t.a", "return tostring(cmsgpack.unpack(cmsgpack.pack(0.1)))", "return {cmsgpack.unpack(cmsgpack.pack(-5000000000, 5000000000))}"),
  sc('cmsgpack unpack raw bytes', "return cmsgpack.unpack('\\147\\1\\2\\3')", "return cmsgpack.unpack('\\129\\161a\\1').a", "return cmsgpack.unpack('\\217\\3abc')", "return tostring(cmsgpack.unpack('\\192'))"),
  sc('cmsgpack errors', "return cmsgpack.unpack('\\147\\1')", "return cmsgpack.unpack('\\193')", 'return cmsgpack.unpack()', "return cmsgpack.unpack('')"),
  sc('cmsgpack unpack_one and limit', "return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3))}", "return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 1)}", "return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2)}"),

  // --- bit ---
  sc('bit ops', 'return {bit.band(0xff, 0x0f), bit.bor(1, 2, 4), bit.bxor(5, 3), bit.bnot(0)}', 'return {bit.lshift(1, 4), bit.rshift(256, 4), bit.arshift(-256, 4), bit.rshift(-1, 28)}', 'return {bit.rol(1, 33), bit.ror(1, 1), bit.bswap(0x12345678)}', 'return {bit.tobit(0xffffffff), bit.tobit(2^32 + 5), bit.tobit(1.5), bit.tobit(2.5)}', "return {bit.tohex(255), bit.tohex(255, 2), bit.tohex(255, -4), bit.tohex(-1)}", 'return bit.band()', "return bit.band('x')", "return bit.band('3', 1)"),

  // --- struct ---
  sc('struct pack', "return struct.pack('>I2', 258)", "return struct.pack('<i4', -2)", "return struct.pack('b', -1)", "return struct.pack('>d', 1.5)", "return struct.pack('s', 'abc')", "return struct.pack('c3', 'abcdef')", "return struct.pack('>HxH', 1, 2)", "return struct.pack('!4 b i4', 1, 2)"),
  sc('struct unpack', "return {struct.unpack('>I2', '\\1\\2')}", "return {struct.unpack('<i4', '\\254\\255\\255\\255')}", "return {struct.unpack('s', 'abc\\0def')}", "return {struct.unpack('c2 c1', 'abc')}", "return {struct.unpack('>I2', '\\0\\1\\0\\2', 3)}", "return tostring(struct.unpack('>d', struct.pack('>d', 0.1)))"),
  sc('struct size and errors', "return struct.size('>I4 i2 b')", "return struct.size('d')", "return struct.pack('y', 1)", "return struct.unpack('>I4', 'ab')", "return struct.pack('i17', 1)", 'return struct.size()'),
];

diffSuite('scripting', cases);
