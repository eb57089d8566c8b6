// Command fuzzer: can any input take respd down?
//
// Starts respd as a child process (so a stuck event loop cannot stall the
// fuzzer itself) and drives it with pipelined batches of commands drawn from
// its own COMMAND / COMMAND DOCS: every command and subcommand, arguments
// generated from each command's argument grammar (tokens, oneof, blocks,
// optional and multiple arguments) with edge-case numbers (±2^63, 2^64, -1,
// 0, NaN, inf, 536870912, huge counts), a few binary strings and keys from a
// small pool, plus random mutations. It checks that
//   - every command gets exactly one reply, each batch within a deadline;
//   - a second client's PING is answered within a deadline all along;
//   - respd's RSS stays under a bound, and the process stays alive;
//   - no reply is an internal error ("ERR ... internal" / uncaught exception).
// With --redis it sends the same stream to a real redis-server and counts
// commands whose reply *type* differs (reported, not failed: random commands
// make the two datasets drift).
//
//   npm run fuzz -- --minutes 10 [--seed 7] [--redis] [--max-rss-mb 3072]
//
// Deny list (commands that legitimately stop the server, change the
// connection so that replies stop being one-per-command, or wait forever by
// design): see DENY and the per-subcommand rules below.
import net from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RespReader, encodeCommand, plain } from './lib/resp-reader.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Commands never sent, and why. */
const DENY = new Map([
  ['shutdown', 'stops the server'],
  ['monitor', 'turns the connection into a feed'],
  ['subscribe', 'several replies per command'],
  ['psubscribe', 'several replies per command'],
  ['ssubscribe', 'several replies per command'],
  ['unsubscribe', 'several replies per command'],
  ['punsubscribe', 'several replies per command'],
  ['sunsubscribe', 'several replies per command'],
  ['sync', 'turns the connection into a replication stream'],
  ['psync', 'turns the connection into a replication stream'],
  ['replicaof', 'connects to other servers'],
  ['slaveof', 'connects to other servers'],
  ['failover', 'replication handover'],
  ['quit', 'closes the connection'],
  ['client|kill', 'closes the fuzzer\'s own connections'],
  ['client|pause', 'stops every client by design'],
  ['client|reply', 'OFF/SKIP suppress replies'],
  ['debug', 'only the subcommands in DEBUG_SAFE'],
  ['acl|load', 'replaces users (the fuzzer\'s own included)'],
  ['acl|deluser', 'handled: never the default user'],
]);

/** DEBUG subcommands that neither crash nor stop the server by design. */
const DEBUG_SAFE = [
  ['OBJECT', 'key'], ['DIGEST'], ['DIGEST-VALUE', 'key'], ['SLEEP', '0'], ['SLEEP', '0.01'],
  ['POPULATE', 'count'], ['SET-ACTIVE-EXPIRE', '0'], ['SET-ACTIVE-EXPIRE', '1'], ['PROTOCOL', 'any'],
  ['STRINGMATCH-LEN', 'any'], ['LISTPACK', 'key'], ['QUICKLIST-PACKED-THRESHOLD', 'int'], ['CHANGE-REPL-ID'],
  ['JMAP'], ['HELP'],
];

/** CONFIG SET parameters the fuzzer may change (the others move listeners, files or credentials). */
const CONFIG_SAFE = [
  'hz', 'maxmemory-samples', 'list-max-listpack-size', 'list-compress-depth', 'hash-max-listpack-entries',
  'hash-max-listpack-value', 'set-max-intset-entries', 'zset-max-listpack-entries', 'zset-max-listpack-value',
  'slowlog-log-slower-than', 'slowlog-max-len', 'latency-monitor-threshold', 'proto-max-bulk-len',
  'active-expire-effort', 'lfu-log-factor', 'lfu-decay-time', 'stream-node-max-entries', 'stream-node-max-bytes',
  'notify-keyspace-events', 'maxmemory-policy', 'lazyfree-lazy-user-del', 'tracking-table-max-keys',
  'busy-reply-threshold', 'lua-time-limit', 'client-query-buffer-limit', 'maxmemory-eviction-tenacity',
];

const EDGE_INTS = [
  '0', '1', '-1', '2', '3', '10', '100', '-100', '1000000', '-1000000', '536870911', '536870912', '-536870912',
  '2147483647', '2147483648', '-2147483648', '-2147483649', '4294967295', '4294967296', '4611686018427387903',
  '4611686018427387904', '-4611686018427387904', '9223372036854775807', '-9223372036854775807',
  '-9223372036854775808', '9223372036854775808', '18446744073709551615', '18446744073709551616',
  '99999999999999999999', '-0', '+1', '01', '1e3', '0x10', ' 1', '1 ',
];
const EDGE_FLOATS = ['0', '-0', '1.5', '-1.5', 'inf', '-inf', '+inf', 'nan', 'NaN', '1e308', '1e309', '-1e309', '4.9e-324', '0.1', '1e-400', '.5', '5.', '1e', ''];
const STRINGS = ['', 'x', 'a', 'b', 'foo', '*', '?', '[a-z]', '\x00', '\x00\xff\r\n', 'default', 'x'.repeat(100), 'é', '-', '+', '$', '(1', '[a', '0-0', '1-1', '*'];
const KEYS = ['k', 'k2', 'l', 'h', 's', 'z', 'x', 'str', 'n', '{t}a', '{t}b'];
const SCRIPTS = [
  'return 1', 'return KEYS[1]', 'return ARGV[1]', 'return {1,2,{3,"x"}}', 'return redis.call("GET", KEYS[1])',
  'return redis.pcall("INCR", KEYS[1])', 'return redis.call("SRANDMEMBER", KEYS[1], ARGV[1])',
  'return string.rep("x", tonumber(ARGV[1]) or 1)', 'return tostring(1e15)', 'return 3/2', 'return (',
  'return redis.call("LRANGE", KEYS[1], ARGV[1], -1)', 'redis.setresp(3) return redis.call("HGETALL", KEYS[1])',
  'return {err="x"}', 'return {ok="y"}', 'return redis.error_reply(ARGV[1])', 'error("boom")',
  'local t = {} for i = 1, (tonumber(ARGV[1]) or 1) % 100000 do t[i] = i end return #t',
  'return cjson.encode({a=ARGV[1]})', 'return cmsgpack.unpack(ARGV[1] or "")', 'return bit.band(1, tonumber(ARGV[1]) or 0)',
  'return redis.sha1hex(ARGV[1] or "")', 'return struct.pack(ARGV[1] or "i", 1)', 'return string.format("%d", 3.0)',
  'return redis.call("DEBUG", "SLEEP", "0")', 'return redis.call("EVAL", "return 1", 0)',
];
const LIBRARIES = [
  "#!lua name=fz\nredis.register_function('f', function(keys, args) return #keys end)",
  "#!lua name=fz2\nredis.register_function{function_name='g', callback=function(k, a) return redis.call('PING') end, flags={'no-writes'}}",
  '#!lua name=bad\nreturn (', '#!js name=x\n', 'no shebang',
];

/** A seeded PRNG (mulberry32): the same seed gives the same command stream. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One connection that matches replies to what it sent, in order. */
class Conn {
  constructor(port) {
    this.port = port;
    this.reader = new RespReader();
    this.waiting = []; // resolvers, one per expected reply
    this.replies = [];
    this.closed = false;
  }
  open() {
    return new Promise((resolve, reject) => {
      let opened = false;
      const s = net.connect({ port: this.port, host: '127.0.0.1' }, () => { opened = true; resolve(this); });
      this.sock = s;
      s.setNoDelay(true);
      s.on('data', (d) => {
        this.reader.feed(d);
        for (let r; (r = this.nextReply()) !== undefined; ) {
          if (r.type === '>') continue; // RESP3 push (tracking invalidation, pub/sub): not a reply
          const w = this.waiting.shift();
          if (w) w(r);
          else this.replies.push(r);
        }
      });
      s.on('error', (e) => { this.closed = true; this.error = e; this.wakeAll(); if (!opened) reject(e); });
      s.on('close', () => { this.closed = true; this.wakeAll(); });
    });
  }
  /** The next reply; a protocol violation closes the connection and is kept for the report. */
  nextReply() {
    try {
      return this.reader.next();
    } catch (e) {
      this.protocolError = `${e.message}: ${JSON.stringify(this.reader.buf.toString('latin1', Math.max(0, this.reader.pos - 200), this.reader.pos + 200))}`;
      this.sock.destroy();
      return undefined;
    }
  }
  wakeAll() {
    const w = this.waiting;
    this.waiting = [];
    for (const f of w) f(null);
  }
  send(argv) {
    this.sock.write(Buffer.from(encodeCommand(argv), 'latin1'));
  }
  /** The next reply, or null if the connection closed or `ms` passed first. */
  reply(ms) {
    if (this.replies.length) return Promise.resolve(this.replies.shift());
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      let done = false;
      const t = setTimeout(() => { done = true; this.waiting = this.waiting.filter((f) => f !== take); resolve(null); }, ms);
      const take = (r) => { if (done) return; clearTimeout(t); resolve(r); };
      this.waiting.push(take);
    });
  }
  async call(argv, ms = 10000) {
    this.send(argv);
    return this.reply(ms);
  }
  close() {
    this.sock.destroy();
  }
}

/** Reads the command table and argument grammar from the server. */
async function loadCommands(conn) {
  const info = plain(await conn.call(['COMMAND']));
  const docs = plain(await conn.call(['COMMAND', 'DOCS']));
  const docMap = new Map();
  const readDoc = (name, d) => {
    const o = {};
    for (let i = 0; i + 1 < d.length; i += 2) o[d[i]] = d[i + 1];
    docMap.set(name.toLowerCase(), o);
    if (o.subcommands) for (let i = 0; i + 1 < o.subcommands.length; i += 2) readDoc(o.subcommands[i], o.subcommands[i + 1]);
  };
  for (let i = 0; i + 1 < docs.length; i += 2) readDoc(docs[i], docs[i + 1]);
  const out = [];
  const add = (row) => {
    const [name, arity, flags, , , , , , , sub] = row;
    const lname = String(name).toLowerCase();
    if (Array.isArray(sub) && sub.length > 0) {
      for (const s of sub) add(s);
      return;
    }
    out.push({ name: lname, argv: lname.split('|'), arity: Number(arity), flags: flags.map((f) => String(f).toLowerCase()), args: toArgs(docMap.get(lname)?.arguments) });
  };
  for (const row of info) add(row);
  return out.sort((a, b) => (a.name < b.name ? -1 : 1)); // COMMAND's order is a hash order: sort for a stable stream
}

/** COMMAND DOCS argument lists (flat key/value arrays) to objects. */
function toArgs(list) {
  if (!Array.isArray(list)) return [];
  return list.map((a) => {
    const o = {};
    for (let i = 0; i + 1 < a.length; i += 2) o[a[i]] = a[i + 1];
    const flags = Array.isArray(o.flags) ? o.flags : [];
    return { name: o.name, type: o.type, token: o.token, optional: flags.includes('optional'), multiple: flags.includes('multiple'), multipleToken: flags.includes('multiple_token'), args: toArgs(o.arguments), value: o.value };
  });
}

/** Generates command vectors from a seed. */
export class Generator {
  constructor(commands, seed, opts = {}) {
    this.rnd = prng(seed);
    this.opts = opts;
    this.commands = commands.filter((c) => !DENY.has(c.name) || c.name === 'acl|deluser' || c.name.startsWith('debug'));
  }
  pick(a) { return a[Math.floor(this.rnd() * a.length)]; }
  chance(p) { return this.rnd() < p; }

  value(arg, cmd) {
    const name = (arg.name || '').toLowerCase();
    switch (arg.type) {
      case 'key': return this.pick(KEYS);
      case 'integer':
        // a block or WAIT timeout of 0 (or huge) waits forever by design
        if (name === 'timeout' || (name === 'milliseconds' && cmd.flags.includes('blocking'))) return this.pick(['1', '10', '-1', 'x']);
        return this.number();
      case 'double':
        if (name === 'timeout') return this.pick(['0.01', '0.001', '-1', 'nan', 'x']);
        return this.chance(0.7) ? this.pick(EDGE_FLOATS) : this.number();
      case 'unix-time': return this.number();
      case 'pattern': return this.pick(['*', 'k*', '?', '[', '\\', 'h*', '*a*', '[^a]*']);
      case 'pure-token': return arg.token;
      default:
        if (name === 'script') return this.pick(SCRIPTS);
        if (name === 'function-code') return this.pick(LIBRARIES);
        if (name === 'parameter' && cmd.name.startsWith('config|set')) return this.pick(CONFIG_SAFE);
        if (name === 'id' || name.endsWith('id')) return this.pick(['0', '0-0', '1-1', '$', '>', '+', '-', '*', '18446744073709551615-18446744073709551615', '5', '1-18446744073709551616']);
        return this.chance(0.4) ? this.number() : this.pick(STRINGS);
    }
  }

  number() {
    const r = this.rnd();
    if (r < 0.6) return this.pick(EDGE_INTS);
    if (r < 0.8) return String(Math.floor(this.rnd() * 20) - 5);
    return this.pick(EDGE_FLOATS);
  }

  /** Appends the words for one grammar argument. */
  emit(arg, cmd, out) {
    if (arg.optional && this.chance(0.5)) return;
    const times = arg.multiple ? 1 + Math.floor(this.rnd() * 3) : 1;
    for (let i = 0; i < times; i++) {
      if (arg.token && arg.type !== 'pure-token' && (i === 0 || arg.multipleToken)) out.push(arg.token);
      if (arg.type === 'oneof') {
        if (arg.args.length) this.emit({ ...this.pick(arg.args), optional: false }, cmd, out);
      } else if (arg.type === 'block') {
        for (const a of arg.args) this.emit(a, cmd, out);
      } else {
        out.push(this.value(arg, cmd));
      }
    }
  }

  /** One command vector. */
  next() {
    const cmd = this.pick(this.commands);
    if (cmd.name.startsWith('debug')) return this.debug();
    const argv = [...cmd.argv];
    for (const a of cmd.args) this.emit(a, cmd, argv);
    // mutations, except where one would turn a timeout into "wait forever"
    const r = cmd.flags.includes('blocking') || cmd.name === 'wait' ? 1 : this.rnd();
    if (r < 0.1 && argv.length > cmd.argv.length) argv.splice(cmd.argv.length + Math.floor(this.rnd() * (argv.length - cmd.argv.length)), 1);
    else if (r < 0.2) argv.push(this.chance(0.5) ? this.number() : this.pick(KEYS));
    else if (r < 0.25 && argv.length > cmd.argv.length) argv[cmd.argv.length + Math.floor(this.rnd() * (argv.length - cmd.argv.length))] = this.number();
    if (cmd.name === 'acl|deluser' || cmd.name === 'acl|setuser') {
      for (let i = 2; i < argv.length; i++) if (argv[i] === 'default') argv[i] = 'fz';
      if (argv[2] === undefined || argv[2] === 'default') argv[2] = 'fz';
    }
    if (this.opts.forRedis) this.tameForRedis(argv);
    return argv;
  }

  debug() {
    const [sub, arg] = this.pick(DEBUG_SAFE);
    const argv = ['debug', sub];
    if (arg === 'key') argv.push(this.pick(KEYS));
    else if (arg === 'count') argv.push(this.pick(['0', '1', '10', '1000', '-1', 'x']), ...(this.chance(0.5) ? [this.pick(['key', 'k'])] : []), ...(this.chance(0.3) ? [this.pick(['1', '100', '-1'])] : []));
    else if (arg === 'any') argv.push(this.pick(['string', 'integer', 'double', 'bignum', 'null', 'array', 'set', 'map', 'attrib', 'push', 'verbatim', 'true', 'false', 'x']));
    else if (arg === 'int') argv.push(this.number());
    else if (arg !== undefined) argv.push(arg);
    return argv;
  }

  /**
   * Real Redis 7.0 dies building the replies of random-member commands with
   * huge negative counts (respd refuses them): spare it those when comparing.
   */
  tameForRedis(argv) {
    const n = argv[0];
    if ((n === 'srandmember' || n === 'hrandfield' || n === 'zrandmember') && argv[2] !== undefined && Number(argv[2]) < -100000) argv[2] = '-3';
  }
}

function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Spawns a server process on a free port and waits until it answers. */
async function spawnServer(kind, extra = []) {
  const dir = mkdtempSync(join(tmpdir(), 'respd-fuzz-'));
  const port = await new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
  const args = ['--port', String(port), '--save', '', '--appendonly', 'no', '--enable-debug-command', 'yes', '--dir', dir, '--logfile', join(dir, 'log'), ...extra];
  const child = kind === 'redis'
    ? spawn('redis-server', args, { cwd: dir, stdio: 'ignore' })
    : spawn(process.execPath, ['--max-semi-space-size=2', join(ROOT, 'bin/respd'), ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  let exit = null;
  child.on('exit', (code, sig) => { exit = { code, sig }; });
  for (let i = 0; i < 200; i++) {
    try {
      const c = await new Conn(port).open();
      const r = await c.call(['PING'], 2000);
      c.close();
      if (r) break;
    } catch { /* not listening yet */ }
    if (exit) throw new Error(`${kind} exited at startup: ${JSON.stringify(exit)} ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port, pid: child.pid, dir,
    get exit() { return exit; },
    get stderr() { return stderr; },
    async stop() {
      if (!exit) {
        child.kill('SIGKILL');
        await new Promise((r) => (exit ? r() : child.once('exit', r)));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the fuzzer. Options: seed, ms (duration), batch (commands per
 * pipelined batch), replyMs (deadline for a whole batch's replies), pingMs
 * (deadline for the watcher's PING), maxRssMb, redis (compare reply types),
 * log (progress lines). Resolves to { ok, failures, stats }.
 */
export async function fuzz(opts = {}) {
  const o = { seed: 1, ms: 30000, batch: 200, replyMs: 30000, pingMs: 10000, maxRssMb: 3072, redis: false, log: () => {}, ...opts };
  const failures = [];
  const fail = (what) => { failures.push(what); o.log(`FAIL ${what}`); };
  const srv = await spawnServer('respd');
  const ref = o.redis ? await spawnServer('redis') : null;
  const stats = { commands: 0, batches: 0, errors: 0, maxPingMs: 0, maxRssMb: 0, typeMismatches: new Map(), byCommand: new Map() };
  let conn, refConn, watcher, pinging = true;
  try {
    conn = await new Conn(srv.port).open();
    refConn = ref ? await new Conn(ref.port).open() : null;
    const commands = await loadCommands(conn);
    stats.commandTypes = commands.length;
    const gen = new Generator(commands, o.seed, { forRedis: o.redis });
    // The watcher: PING from a second client, one at a time, each within pingMs.
    watcher = await new Conn(srv.port).open();
    const pingLoop = (async () => {
      while (pinging) {
        const t0 = Date.now();
        const r = await watcher.call(['PING'], o.pingMs);
        const dt = Date.now() - t0;
        if (!pinging) break;
        if (r === null) { fail(`PING from a second client unanswered for ${o.pingMs} ms`); break; }
        if (dt > stats.maxPingMs) stats.maxPingMs = dt;
        await new Promise((res) => setTimeout(res, 50));
      }
    })();
    const end = Date.now() + o.ms;
    while (Date.now() < end && failures.length === 0) {
      const batch = [];
      for (let i = 0; i < o.batch; i++) batch.push(gen.next());
      if (gen.chance(0.05)) batch.push(['FLUSHALL']); // keep the dataset (and RSS) bounded
      // RESET ends any MULTI, RESP3, tracking or login the batch left behind; the
      // ECHO after it proves that replies and commands are still one to one.
      const sentinel = `fz-${stats.batches}`;
      batch.push(['RESET'], ['ECHO', sentinel]);
      for (const argv of batch) conn.send(argv);
      if (refConn) for (const argv of batch) refConn.send(argv);
      const deadline = Date.now() + o.replyMs;
      for (let i = 0; i < batch.length; i++) {
        const r = await conn.reply(Math.max(1, deadline - Date.now()));
        if (r === null) {
          fail(`no reply to ${JSON.stringify(batch[i]).slice(0, 300)} (command ${i} of batch ${stats.batches}) within ${o.replyMs} ms${conn.protocolError ? `: ${conn.protocolError}` : conn.closed ? ': connection closed' : ''}`);
          break;
        }
        const name = batch[i][0].toLowerCase();
        stats.byCommand.set(name, (stats.byCommand.get(name) ?? 0) + 1);
        if (r.type === '-') {
          stats.errors++;
          if (/internal|uncaught|TypeError|RangeError|ReferenceError|is not a function|Cannot read/i.test(r.value)) fail(`internal error ${JSON.stringify(r.value).slice(0, 300)} for ${JSON.stringify(batch[i]).slice(0, 300)}`);
        }
        if (refConn) {
          const e = await refConn.reply(Math.max(1, deadline - Date.now()));
          if (e !== null && e.type !== r.type) {
            const k = `${name}: redis ${e.type} respd ${r.type}`;
            const m = stats.typeMismatches.get(k) ?? { n: 0, example: batch[i], redis: String(e.value).slice(0, 120), respd: String(r.value).slice(0, 120) };
            m.n++;
            stats.typeMismatches.set(k, m);
          }
        }
        stats.commands++;
        if (i === batch.length - 1 && r.value !== sentinel) fail(`replies out of step: the batch's closing ECHO ${sentinel} got ${JSON.stringify(r).slice(0, 200)}`);
      }
      stats.batches++;
      const rss = rssMb(srv.pid);
      if (rss > stats.maxRssMb) stats.maxRssMb = rss;
      if (rss > o.maxRssMb) fail(`RSS ${rss.toFixed(0)} MB over the ${o.maxRssMb} MB bound`);
      if (srv.exit) fail(`respd exited: ${JSON.stringify(srv.exit)} ${srv.stderr}`);
      if (stats.batches % 20 === 0) o.log(`${stats.commands} commands, ${stats.errors} errors, max PING ${stats.maxPingMs} ms, max RSS ${stats.maxRssMb.toFixed(0)} MB`);
      // A connection the fuzz itself closed (RESET keeps it; errors may not): reopen.
      if (conn.closed && failures.length === 0) fail('the server closed the fuzz connection');
    }
    pinging = false;
    await pingLoop;
  } finally {
    pinging = false;
    conn?.close(); refConn?.close(); watcher?.close();
    if (srv.exit && !failures.some((f) => f.startsWith('respd exited'))) failures.push(`respd exited: ${JSON.stringify(srv.exit)}`);
    // respd names every command that held its event loop for long: keep those lines
    try {
      stats.slowCommands = readFileSync(join(srv.dir, 'log'), 'latin1').split('\n').filter((l) => /slow command|blocked/.test(l));
    } catch {
      stats.slowCommands = [];
    }
    await srv.stop();
    await ref?.stop();
  }
  return { ok: failures.length === 0, failures, stats };
}

// CLI: node scripts/fuzz-commands.mjs [--minutes M | --seconds S] [--seed N] [--redis] [--batch B] [--max-rss-mb MB]
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(`--${name}`);
    return i < 0 ? dflt : args[i + 1];
  };
  const ms = args.includes('--seconds') ? Number(opt('seconds')) * 1000 : Number(opt('minutes', '1')) * 60000;
  const seed = Number(opt('seed', String(Date.now() % 100000)));
  console.log(`fuzz: seed ${seed}, ${ms / 1000} s${args.includes('--redis') ? ', comparing reply types with redis-server' : ''}`);
  const t0 = Date.now();
  const res = await fuzz({ seed, ms, redis: args.includes('--redis'), batch: Number(opt('batch', '200')), maxRssMb: Number(opt('max-rss-mb', '3072')), log: (s) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0)}s] ${s}`) });
  const min = (Date.now() - t0) / 60000;
  const s = res.stats;
  console.log(`\n${s.commands} commands (${s.commandTypes} command types) in ${min.toFixed(2)} min = ${Math.round(s.commands / min)} commands/minute`);
  console.log(`errors replied: ${s.errors}; max PING latency from a second client: ${s.maxPingMs} ms; max RSS: ${s.maxRssMb.toFixed(0)} MB`);
  if (s.slowCommands.length) console.log(`\nslow commands logged by respd:\n${s.slowCommands.slice(0, 30).join('\n')}`);
  if (s.typeMismatches.size) {
    console.log('\nreply type differences from redis-server (datasets drift with random commands; review, do not trust blindly):');
    for (const [k, m] of [...s.typeMismatches].sort((a, b) => b[1].n - a[1].n)) console.log(`  ${m.n}x ${k}  e.g. ${JSON.stringify(m.example).slice(0, 160)} redis=${JSON.stringify(m.redis)} respd=${JSON.stringify(m.respd)}`);
  }
  console.log(res.ok ? '\nOK: every command answered, PING answered, RSS bounded' : `\nFAILED:\n${res.failures.join('\n')}`);
  process.exit(res.ok ? 0 : 1);
}
