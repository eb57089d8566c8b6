/**
 * Lua code run once in every fresh lua_State: it turns the Lua 5.4
 * environment into the one Redis 7.0 scripts see (Lua 5.1 names and
 * behaviours, the Redis API tables, read-only protected globals, the error
 * handler). JS-implemented functions come in through the `N` table.
 *
 * Read-only tables: Redis's Lua is patched so that the globals and every
 * library table refuse writes ("Attempt to modify a readonly table"). Lua
 * 5.4 has no such flag, so scripts see empty proxy tables whose metatables
 * forward reads to the real tables and refuse writes; rawset, setmetatable,
 * getmetatable, rawget and next are wrapped so they treat a proxy like the
 * table it stands for.
 */
import { PROXIES_KEY } from './sandbox.js';

export const PRELUDE_SOURCE = '@respd_prelude';

export const PRELUDE = String.raw`
local N, MODE = ...
local G = _G
local type, error, tostring, ipairs = type, error, tostring, ipairs
local _next, _rawget, _rawset = next, rawget, rawset
local _setmetatable, _getmetatable = setmetatable, getmetatable
local _xpcall, _load, _tonumber = xpcall, load, tonumber
local getinfo, getregistry = debug.getinfo, debug.getregistry
local string, math, table, coroutine = string, math, table, coroutine
local mtype, floor = math.type, math.floor
local PRELUDE = '${PRELUDE_SOURCE}'

-- What Redis does not expose.
for _, k in ipairs({'io', 'os', 'package', 'utf8', 'require', 'dofile', 'loadfile', 'print', 'warn', 'rawlen', 'debug'}) do
  G[k] = nil
end
G._VERSION = 'Lua 5.1'

-- Lua 5.1 error texts (5.4 words several runtime errors differently).
local fix51 = N.fix51

-- The error handler: turns any error into Redis's error table and records
-- where the user's code was (skipping C functions and this prelude).
local function where_info(level)
  local i = getinfo(level, 'nSl')
  while i and i.source == PRELUDE do level = level + 1; i = getinfo(level, 'nSl') end
  if i and i.what == 'C' then
    level = level + 1
    i = getinfo(level, 'nSl')
    while i and i.source == PRELUDE do level = level + 1; i = getinfo(level, 'nSl') end
  end
  return i
end

local function errh(err)
  local i = where_info(3)
  if type(err) ~= 'table' then
    err = {err = 'ERR ' .. tostring(fix51(err))}
  end
  if i then
    _rawset(err, 'source', i.source)
    _rawset(err, 'line', i.currentline)
  end
  return err
end

local function run(f, ...)
  return _xpcall(f, errh, ...)
end

-- EVAL: KEYS and ARGV arrive as arguments and become globals here, which
-- costs far fewer calls into the VM than setting them from JS.
local function run_eval(f, keys, argv)
  G.KEYS = keys
  G.ARGV = argv
  return _xpcall(f, errh)
end

-- Read-only proxies.
local targets = _setmetatable({}, {__mode = 'k'})
_rawset(getregistry(), '${PROXIES_KEY}', targets)
local shownMeta = _setmetatable({}, {__mode = 'k'})
local RO = 'Attempt to modify a readonly table'
local function ro_newindex() error(RO, 2) end
local function readonly(t, visible)
  local p = {}
  targets[p] = t
  shownMeta[p] = visible
  local mt = {
    __index = t,
    __newindex = ro_newindex,
    __pairs = function() return _next, targets[p], nil end,
    __len = function() return #targets[p] end,
    __metatable = false,
  }
  _setmetatable(p, mt)
  return p, mt
end

local function nonexistent(_, k)
  error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
end
local function error_meta(t)
  _setmetatable(t, {__index = nonexistent})
  return t
end

G.getmetatable = function(o)
  if targets[o] then return shownMeta[o] end
  return _getmetatable(o)
end
-- setmetatable and collectgarbage as in 5.1 (sandbox.ts: no __gc finalizers).
N.set_orig('collectgarbage', collectgarbage)
G.setmetatable = N.setmetatable
G.collectgarbage = N.collectgarbage
G.rawset = function(t, k, v)
  if targets[t] then error(RO, 0) end
  return _rawset(t, k, v)
end
G.rawget = function(t, k)
  local real = targets[t]
  return _rawget(real or t, k)
end
G.next = function(t, k)
  local real = targets[t]
  return _next(real or t, k)
end

-- error(): 5.1 adds the position to numbers too (native, so tail calls keep the caller's frame).
G.error = N.error

-- pcall() returns the message of an error table (Redis 7 error tables stay
-- readable for scripts written for older versions); native and yieldable.
G.pcall = N.lua_pcall
G.xpcall = function(f, h, ...)
  return _xpcall(f, function(e) return h(fix51(e)) end, ...)
end

-- Numbers: Redis's Lua has only doubles. Integers from tonumber and
-- math.floor/ceil become floats so they print and overflow as in 5.1.
G.tonumber = function(...)
  local r = _tonumber(...)
  if mtype(r) == 'integer' then return r + 0.0 end
  return r
end
math.floor = N.floor
math.ceil = N.ceil

-- Lua 5.1 base functions.
G.unpack = table.unpack
local collectgarbage = collectgarbage
G.gcinfo = function() return floor(collectgarbage('count')) + 0.0 end
G.loadstring = function(s, chunkname)
  return _load(s, chunkname or s, 't')
end
G.load = function(chunk, chunkname)
  return _load(chunk, chunkname, 't')
end

-- table: 5.1 names.
table.getn = function(t) return #t end
table.setn = N.setn
table.maxn = function(t)
  local max = 0
  for k in _next, t do
    if type(k) == 'number' and k > max then max = k end
  end
  return max
end
table.foreach = function(t, f)
  for k, v in _next, t do
    local r = f(k, v)
    if r ~= nil then return r end
  end
end
table.foreachi = function(t, f)
  for i = 1, #t do
    local r = f(i, t[i])
    if r ~= nil then return r end
  end
end
table.move, table.pack, table.unpack = nil, nil, nil

-- math: 5.1 names.
local exp, log = math.exp, math.log
math.atan2 = function(y, x) return math.atan(y, x) end
math.cosh = function(x) return (exp(x) + exp(-x)) / 2 end
math.sinh = function(x) return (exp(x) - exp(-x)) / 2 end
math.tanh = function(x)
  if x > 20 then return 1.0 end
  if x < -20 then return -1.0 end
  local a, b = exp(x), exp(-x)
  return (a - b) / (a + b)
end
math.pow = function(x, y) return x ^ y end
math.log10 = function(x) return log(x, 10) end
math.mod = function(a, b) return math.fmod(a + 0.0, b + 0.0) end
local fmod = math.fmod
math.fmod = function(a, b) return fmod(a + 0.0, b + 0.0) end
math.frexp = N.frexp
math.ldexp = N.ldexp
math.tointeger, math.ult, math.type, math.maxinteger, math.mininteger = nil, nil, nil, nil, nil

math.random = N.random
math.randomseed = N.randomseed

-- string: 5.1 names and formatting.
-- gmatch as 5.1's: an empty match right after the previous match still
-- counts (5.4 skips it), so ('a,,b'):gmatch('[^,]*') yields 'a','','','b',''.
-- A leading '^' is a literal there, as in gmatch_aux.
do
  local check, find, sub, select, unpack = {gmatch = string.gmatch}, string.find, string.sub, select, G.unpack
  local function results(s, st, e, ...)
    if select('#', ...) == 0 then return sub(s, st, e) end
    return ...
  end
  string.gmatch = function(s, p)
    check.gmatch(s, p) -- argument errors with 5.1's texts
    s, p = '' .. s, '' .. p
    if sub(p, 1, 1) == '^' then p = '%' .. p end
    local pos, len = 1, #s
    return function()
      if pos > len + 1 then return nil end
      local r = {find(s, p, pos)}
      local st, e = r[1], r[2]
      if st == nil then pos = len + 2; return nil end
      pos = e >= st and e + 1 or st + 1
      return results(s, st, e, unpack(r, 3, #r))
    end
  end
end
string.gfind = string.gmatch
string.pack, string.packsize, string.unpack = nil, nil, nil
N.set_orig('format', string.format)
N.set_orig('rep', string.rep)
string.format = N.format
string.rep = N.rep

coroutine.close, coroutine.isyieldable = nil, nil
-- The script's own thread is a coroutine here, a main thread in 5.1 (sandbox.ts).
N.set_orig('yield', coroutine.yield)
N.set_orig('running', coroutine.running)
coroutine.yield = N.co_yield
coroutine.running = N.co_running

-- The redis table.
local redis = {}
redis.call = N.call
redis.pcall = N.pcall
redis.sha1hex = N.sha1hex
redis.error_reply = N.error_reply
redis.status_reply = N.status_reply
redis.log = N.log
redis.setresp = N.setresp
redis.set_repl = N.set_repl
redis.acl_check_cmd = N.acl_check_cmd
redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING = 0, 1, 2, 3
redis.REDIS_VERSION = N.REDIS_VERSION
redis.REDIS_VERSION_NUM = N.REDIS_VERSION_NUM
redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL = 0, 1, 2, 2, 3
if MODE == 'eval' then
  redis.breakpoint = function() return false end
  redis.debug = function() end
  redis.replicate_commands = function() return true end
end

G.redis = redis
G.cjson = N.cjson
G.cmsgpack = N.cmsgpack
G.bit = N.bit
G.struct = N.struct
if MODE == 'eval' then
  G.__redis__err__handler = errh
end

-- Protect everything reachable from the globals.
local libs = {'string', 'math', 'table', 'coroutine', 'redis', 'cjson', 'cmsgpack', 'bit', 'struct'}
local realLibs = {}
for _, name in ipairs(libs) do
  realLibs[name] = G[name]
  G[name] = readonly(G[name], nil)
end
local strmeta = _getmetatable('')
strmeta.__metatable = readonly({__index = G.string}, nil)

error_meta(G)
local gmeta = _getmetatable(G)
local PG, pgmt = readonly(G, (readonly(gmeta, nil)))
_rawset(G, '_G', PG)

-- Function mode: while FUNCTION LOAD runs the library code, globals resolve
-- to a restricted API (redis.register_function, redis.log, versions) only.
local libapi
if MODE == 'function' then
  local lredis = {
    register_function = N.register_function,
    log = N.log,
    LOG_DEBUG = 0, LOG_VERBOSE = 1, LOG_NOTICE = 2, LOG_WARNING = 3,
    REDIS_VERSION = N.REDIS_VERSION, REDIS_VERSION_NUM = N.REDIS_VERSION_NUM,
  }
  libapi = error_meta({redis = readonly(error_meta(lredis), nil)})
end
local function set_load_mode(on)
  if on then
    pgmt.__index = libapi
    targets[PG] = libapi
  else
    pgmt.__index = G
    targets[PG] = G
  end
end

return {
  PG = PG, G = G, errh = errh, run = run, run_eval = run_eval, set_load_mode = set_load_mode,
}
`;
