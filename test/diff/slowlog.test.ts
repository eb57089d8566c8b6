import { diffSuite, type DiffCase } from '../helpers/diff.js';
import { mapReply, sortedPairs, type Reply } from '../helpers/normalize.js';

const RESPD = { bind: '127.0.0.1', dir: '/tmp' };

function isInt(r: Reply | undefined): boolean {
  return r !== undefined && r.t === ':';
}

/** Does this reply look like SLOWLOG GET's: arrays of [id, time, duration, args, peer, name]? */
function isSlowlog(r: Reply): boolean {
  return (r.t === '*') && !!r.items && r.items.length > 0 && r.items.every((e) =>
    e.t === '*' && e.items?.length === 6 && isInt(e.items[0]) && isInt(e.items[1]) && isInt(e.items[2]) && e.items[3].t === '*');
}

/**
 * SLOWLOG GET with what legitimately differs masked: ids become relative
 * to the oldest entry shown, time and duration are masked, the client's
 * port is masked. Arguments, their truncation, order and client names stay.
 */
function slowlogNorm(reply: string): string {
  return mapReply(reply, (r) => {
    // HELLO's map carries the connection id
    if (r.items && r.items[0]?.v === 'server') {
      return { ...r, items: r.items.map((it, i) => (i > 0 && r.items![i - 1].v === 'id' ? { t: ':', v: 'ID' } : it)) };
    }
    if (!isSlowlog(r)) return r;
    const ids = r.items!.map((e) => Number(e.items![0].v));
    const base = Math.min(...ids);
    return {
      ...r,
      items: r.items!.map((e) => {
        const [id, , , args, peer, name] = e.items!;
        return {
          t: '*',
          items: [{ t: ':', v: String(Number(id.v) - base) }, { t: ':', v: 'TIME' }, { t: ':', v: 'DURATION' }, args,
            { t: '$', v: peer.v!.replace(/:\d+$/, ':PORT') }, name],
        };
      }),
    };
  });
}

/** A case with the slow log emptied and logging everything, restored afterwards. */
function logged(name: string, cmds: NonNullable<DiffCase['cmds']>, extra: Partial<DiffCase> = {}): DiffCase {
  return {
    name,
    cmds: ['SLOWLOG RESET', 'CONFIG SET slowlog-log-slower-than 0', ...cmds, 'CONFIG SET slowlog-log-slower-than 10000 slowlog-max-len 128', 'SLOWLOG RESET'],
    normalize: slowlogNorm,
    ...extra,
  };
}

const manyArgs = (n: number) => ['INFO', ...Array.from({ length: n - 1 }, (_, i) => `s${i}`)];

diffSuite('slowlog', [
  { name: 'help', cmds: ['SLOWLOG HELP', 'slowlog help', 'SLOWLOG HELP x'] },
  { name: 'arity and unknown subcommands', cmds: ['SLOWLOG', 'SLOWLOG LEN x', 'SLOWLOG RESET x', 'SLOWLOG GET 1 2', 'SLOWLOG FOO', 'slowlog get 1 2 3'] },
  { name: 'count must be an integer >= -1', cmds: ['SLOWLOG GET abc', 'SLOWLOG GET -2', 'SLOWLOG GET 9223372036854775808', 'SLOWLOG GET 1.5', ['SLOWLOG', 'GET', ''], 'SLOWLOG GET +1'] },
  { name: 'empty log', cmds: ['CONFIG SET slowlog-log-slower-than 100000000', 'SLOWLOG RESET', 'SLOWLOG LEN', 'SLOWLOG GET', 'SLOWLOG GET -1', 'SLOWLOG GET 0', 'CONFIG SET slowlog-log-slower-than 10000'] },
  logged('entries are newest first with all fields', ['SET k v', 'GET k', 'SLOWLOG GET']),
  logged('the command that enabled logging is logged', ['SLOWLOG GET 1']),
  logged('LEN counts entries, itself included afterwards', ['PING', 'PING', 'PING', 'SLOWLOG LEN', 'SLOWLOG LEN']),
  logged('GET count variations', ['PING', 'ECHO a', 'ECHO b', 'ECHO c', 'SLOWLOG GET 0', 'SLOWLOG GET 1', 'SLOWLOG GET 2', 'SLOWLOG GET -1']),
  logged('GET defaults to 10 entries', Array.from({ length: 14 }, (_, i) => `ECHO e${i}`).concat(['SLOWLOG GET', 'SLOWLOG LEN'])),
  logged('RESET empties, then logs itself', ['PING', 'SLOWLOG RESET', 'SLOWLOG LEN', 'SLOWLOG GET']),
  logged('long arguments are cut at 128 bytes', [['SET', 'k', 'x'.repeat(130)], ['SET', 'k', 'y'.repeat(128)], ['SET', 'k', 'z'.repeat(129)], ['ECHO', 'w'.repeat(5000)], 'SLOWLOG GET 4']),
  logged('long command names are cut too', [['NOSUCH' + 'x'.repeat(200)], ['INFO', 'q'.repeat(300)], 'SLOWLOG GET 2']),
  logged('at most 32 arguments are kept', [manyArgs(31), manyArgs(32), manyArgs(33), manyArgs(40), manyArgs(200), 'SLOWLOG GET 5']),
  logged('binary and empty arguments', [['SET', 'k\x00\xff', 'a\r\nb'], ['ECHO', ''], ['GET', '\xff'.repeat(130)], 'SLOWLOG GET 3']),
  logged('failed commands are logged, rejected ones are not', ['CONFIG SET hz abc', 'GET', 'NOSUCH', 'GET a b', 'SLOWLOG GET']),
  logged('client name is recorded', ['HELLO 2 SETNAME myname', 'PING', 'SLOWLOG GET 2', 'HELLO 2 SETNAME other', 'SLOWLOG GET 1']),
  logged('client name set by the logged command itself', ['HELLO 2 SETNAME late', 'SLOWLOG GET 1']),
  logged('CONFIG SET hides password values', ['CONFIG SET requirepass s3cret', ['CONFIG', 'SET', 'requirepass', ''], 'CONFIG SET masterauth x hz 10', ['CONFIG', 'SET', 'masterauth', '', 'masteruser', 'u'], ['CONFIG', 'SET', 'masteruser', ''], 'SLOWLOG GET 5']),
  logged('CONFIG SET hides passwords even when it fails', ['CONFIG SET requirepass x hz abc', 'CONFIG SET hz abc requirepass x', 'CONFIG SET nosuch 1 requirepass x', 'CONFIG GET requirepass', 'SLOWLOG GET 4']),
  logged('AUTH arguments are hidden, unless a syntax error', ['AUTH pass', 'AUTH default pass', 'AUTH a b c', 'SLOWLOG GET 3']),
  logged('HELLO AUTH credentials are hidden', ['HELLO 2 AUTH default pass', 'HELLO 2 AUTH default pass SETNAME n', 'HELLO 2 SETNAME n AUTH', 'SLOWLOG GET 3']),
  logged('HELLO hides only the AUTH pairs it parsed', ['HELLO 2 SETNAME auth AUTH default b', 'HELLO 2 BAD AUTH a b', 'HELLO 9 AUTH a b', 'HELLO 3 AUTH a b AUTH c d', 'HELLO 2 AUTH default x AUTH default y', 'HELLO 2', 'SLOWLOG GET 6']),
  logged('slowlog-max-len trims on the next entry', ['CONFIG SET slowlog-max-len 2', 'PING', 'ECHO a', 'ECHO b', 'SLOWLOG LEN', 'SLOWLOG GET']),
  logged('shrinking slowlog-max-len', ['PING', 'PING', 'PING', 'PING', 'CONFIG SET slowlog-max-len 1', 'SLOWLOG LEN', 'SLOWLOG GET -1', 'CONFIG SET slowlog-max-len 0', 'SLOWLOG LEN', 'SLOWLOG GET']),
  logged('a negative threshold disables the log', ['CONFIG SET slowlog-log-slower-than -1', 'PING', 'PING', 'SLOWLOG LEN', 'SLOWLOG GET']),
  logged('a high threshold logs nothing new', ['CONFIG SET slowlog-log-slower-than 100000000', 'PING', 'SLOWLOG LEN']),
  logged('RESP3 reply shape', ['PING', 'SLOWLOG GET 2'], { resp3: true }),
  logged('pipelined commands are each logged', ['PING', 'ECHO x', 'GET a', 'SLOWLOG LEN', 'SLOWLOG GET 3'], { pipeline: true }),
  logged('SELECT and other connection commands', ['SELECT 2', 'SET a b', 'SELECT 0', 'SLOWLOG GET 3']),
  logged('INFO and CONFIG commands are logged with their arguments', [['CONFIG', 'GET', 'maxmemory'], ['CONFIG', 'SET', 'maxmemory', '0', 'hz', '10'], ['INFO', 'nosuchsection'], 'SLOWLOG GET 3']),
], { respdConfig: RESPD });

/**
 * LATENCY HISTOGRAM with the bucket boundaries (timings) reduced to the
 * total count in the last bucket; command order sorted (Redis iterates a
 * hash table).
 */
function histogramNorm(reply: string): string {
  const squash = (r: Reply): Reply => {
    if (!r.items) return r;
    const items = r.items.map((it, i) => {
      if (i > 0 && r.items![i - 1].v === 'histogram_usec' && it.items) {
        const last = it.items.length ? it.items[it.items.length - 1] : { t: ':', v: '0' };
        return { t: it.t, items: [{ t: ':', v: 'LAST' }, last] };
      }
      return squash(it);
    });
    return { ...r, items };
  };
  return sortedPairs(mapReply(reply, squash));
}

diffSuite('latency', [
  { name: 'help', cmds: ['LATENCY HELP', 'latency help', 'LATENCY HELP x'] },
  { name: 'arity and unknown subcommands', cmds: ['LATENCY', 'LATENCY FOO', 'LATENCY HISTORY', 'LATENCY GRAPH', 'LATENCY LATEST x', 'LATENCY DOCTOR x', 'LATENCY HISTORY a b'] },
  { name: 'no events recorded', cmds: ['LATENCY LATEST', 'LATENCY HISTORY command', 'LATENCY HISTORY nosuch', 'LATENCY RESET', 'LATENCY RESET command fast-command', 'LATENCY RESET nosuch'] },
  { name: 'graph without samples', cmds: ['LATENCY GRAPH command', ['LATENCY', 'GRAPH', 'a\r\nb'], ['LATENCY', 'GRAPH', '']] },
  { name: 'doctor with monitoring disabled', cmds: ['LATENCY DOCTOR'] },
  { name: 'doctor with monitoring enabled and nothing seen', cmds: ['CONFIG SET latency-monitor-threshold 100000', 'LATENCY DOCTOR', 'LATENCY LATEST', 'CONFIG SET latency-monitor-threshold 0'] },
  { name: 'doctor in RESP3 is verbatim', resp3: true, cmds: ['LATENCY DOCTOR'] },
  { name: 'histogram of one command', cmds: ['CONFIG RESETSTAT', 'PING', 'LATENCY HISTOGRAM ping', 'LATENCY HISTOGRAM PING ping'], normalize: histogramNorm },
  { name: 'histogram of unknown or unused commands', cmds: ['CONFIG RESETSTAT', 'LATENCY HISTOGRAM nosuch', 'LATENCY HISTOGRAM get', 'LATENCY HISTOGRAM nosuch get'], normalize: histogramNorm },
  { name: 'histogram of a container lists its subcommands', cmds: ['CONFIG RESETSTAT', 'CONFIG GET hz', 'CONFIG GET hz', 'LATENCY HISTOGRAM config', 'LATENCY HISTOGRAM config|get', 'LATENCY HISTOGRAM CONFIG|GET'], normalize: histogramNorm },
  { name: 'histogram of everything', cmds: ['CONFIG RESETSTAT', 'PING', 'ECHO a', 'SET a b', 'GET a', 'LATENCY HISTOGRAM'], normalize: histogramNorm },
  { name: 'histogram in RESP3', resp3: true, cmds: ['CONFIG RESETSTAT', 'PING', 'LATENCY HISTOGRAM ping'], normalize: histogramNorm },
  { name: 'no histograms while latency-tracking is off', cmds: ['CONFIG RESETSTAT', 'CONFIG SET latency-tracking no', 'PING', 'LATENCY HISTOGRAM ping', 'CONFIG SET latency-tracking yes', 'PING', 'LATENCY HISTOGRAM ping'], normalize: histogramNorm },
  { name: 'RESETSTAT clears histograms', cmds: ['PING', 'CONFIG RESETSTAT', 'LATENCY HISTOGRAM ping'], normalize: histogramNorm },
], { respdConfig: RESPD });
