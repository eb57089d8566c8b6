// Command fuzz: random commands with random arguments (numbers, ranges, options,
// binary, long strings) pipelined into an in-process respd; the server must stay
// up and never answer "internal error". Blocking, admin and connection-changing
// commands are left out. Run after `npm run build`: N=200000 node scripts/fuzz-commands.mjs
import net from 'node:net';
import { startServer } from '../dist/index.js';
const srv = await startServer({ port: 0, config: { 'enable-debug-command': 'no' } });
const names = [...srv.server.commands.all()].map((c) => c.fullName.split('|')).filter(n => !['shutdown','debug','monitor','subscribe','psubscribe','ssubscribe','client','acl','config','save','bgsave','function','script','quit','reset','failover','multi','eval','evalsha','eval_ro','evalsha_ro','fcall','fcall_ro','blpop','brpop','blmove','brpoplpush','blmpop','bzpopmin','bzpopmax','bzmpop','hello','auth','swapdb','flushall','flushdb','latency','slowlog'].includes(n[0]));
let seed = 12345; const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const pool = ['', '0', '1', '-1', 'k', 'k2', 'inf', '-inf', 'nan', '1.5', '9223372036854775807', '-9223372036854775808', '99999999999999999999', 'WITHSCORES', 'LIMIT', 'COUNT', 'MATCH', '*', 'NX', 'XX', 'GT', 'LT', 'EX', 'PX', 'BYSCORE', 'BYLEX', 'REV', '(1', '[a', '+', '-', 'LEFT', 'RIGHT', 'BEFORE', 'AFTER', 'GET', 'STORE', 'ALPHA', 'BY', '#', '\x00\xff', 'x'.repeat(300)];
const s = net.connect(srv.port, '127.0.0.1');
let replies = 0, internal = 0; let buf = '';
s.on('data', d => { buf += d.toString('latin1'); const m = buf.match(/internal error/g); if (m) internal += m.length; buf = buf.slice(-100); replies++; });
const keys = ['k', 'k2', 'l', 'h', 'z', 's'];
const enc = (a) => `*${a.length}\r\n` + a.map(x => `$${Buffer.byteLength(x,'latin1')}\r\n${x}\r\n`).join('');
let out = '';
const N = Number(process.env.N ?? 200000);
for (let i = 0; i < N; i++) {
  const n = names[Math.floor(rnd() * names.length)];
  const argv = [...n];
  const extra = Math.floor(rnd() * 6);
  for (let j = 0; j < extra; j++) argv.push(rnd() < 0.4 ? keys[Math.floor(rnd()*keys.length)] : pool[Math.floor(rnd() * pool.length)]);
  out += enc(argv);
  if (out.length > 60000) { s.write(Buffer.from(out, 'latin1')); out = ''; await new Promise(r => setImmediate(r)); }
}
s.write(Buffer.from(out, 'latin1'));
await new Promise(r => setTimeout(r, 3000));
const p = net.connect(srv.port, '127.0.0.1'); p.write('PING\r\n');
const pong = await new Promise(r => p.once('data', d => r(String(d))));
console.log('alive:', JSON.stringify(pong), 'internal errors:', internal, 'commands:', names.length);
process.exit(0);
