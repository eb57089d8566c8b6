import { scenarioSuite, warmLua, type Scenario } from '../helpers/scenario.js';

// CLIENT PAUSE compared with real Redis 7.0 across connections: which
// commands a WRITE pause holds, how held clients show in INFO and CLIENT
// LIST, and the order they resume in. Every read of a held client has the
// scenario harness's 2 s deadline, so a client left held fails, never hangs.

/** Keeps what these scenarios compare of INFO clients and CLIENT LIST. */
function norm(r: string): string {
  if (r.includes('connected_clients:')) {
    return r.split('\r\n').filter((l) => /^(blocked_clients|clients_in_timeout_table):/.test(l)).join(',');
  }
  if (r.includes(' addr=') && r.includes(' cmd=')) {
    return r
      .split('\n')
      .filter((l) => l.includes(' name='))
      .map((l) => ['name', 'flags', 'cmd', 'multi'].map((f) => new RegExp(`(?:^| )(${f}=\\S*)`).exec(l)?.[1] ?? '').join(' '))
      .sort()
      .join('|');
  }
  return r;
}

const FN = "#!lua name=plib\nredis.register_function('w', function(keys, args) return redis.call('set', keys[1], 'f') end)\nredis.register_function{function_name='r', callback=function(keys, args) return redis.call('get', keys[1]) end, flags={'no-writes'}}";
const PAUSE = 'A CLIENT PAUSE 100000 WRITE';
const INFO = 'A INFO clients';

const cases: Scenario[] = [
  {
    name: 'held writes are blocked clients in INFO and CLIENT LIST',
    normalize: norm,
    steps: ['B CLIENT SETNAME b', 'C CLIENT SETNAME c', PAUSE, 'B:0 SET k v', 'C GET k', '~50', INFO, 'A CLIENT LIST', 'A CLIENT UNPAUSE', 'B<', INFO, 'A CLIENT LIST'],
  },
  {
    name: 'held clients resume in arrival order on unpause',
    steps: [PAUSE, 'B:0 INCR k', '~20', 'C:0 SET k 5', '~20', 'D:0 APPEND k x', '~50', 'A CLIENT UNPAUSE', 'B<', 'C<', 'D<', 'A GET k'],
  },
  {
    name: 'held clients resume in arrival order when the pause ends',
    steps: ['A CLIENT PAUSE 300 WRITE', 'C:0 SET k 5', '~20', 'B:0 INCR k', '~20', 'D:0 APPEND k x', 'B<', 'C<', 'D<', 'A GET k'],
  },
  {
    name: 'what a held client sent after the held command waits behind it',
    steps: [PAUSE, { raw: 'B', data: '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\n1\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n', n: 0 }, '~50', 'A GET k', 'A CLIENT UNPAUSE', 'B<2'],
  },
  {
    name: 'may-replicate commands are held: PUBLISH and plain EVAL',
    normalize: norm,
    steps: [PAUSE, 'B:0 PUBLISH ch m', ['C:0', 'EVAL', 'return 1', '0'], '~50', INFO, 'A CLIENT UNPAUSE', 'B<', 'C<'],
  },
  {
    name: 'read-only scripts are not held: EVAL_RO and no-writes shebang',
    steps: [PAUSE, ['B', 'EVAL_RO', "return redis.call('get', 'k')", '0'], ['B', 'EVAL', "#!lua flags=no-writes\nreturn redis.call('get', 'k')", '0'], ['B:0', 'EVAL', "#!lua\nreturn 2", '0'], '~50', 'A CLIENT UNPAUSE', 'B<'],
  },
  {
    name: 'FCALL of a writing function is held, FCALL_RO and no-writes functions are not',
    setup: [['FUNCTION', 'LOAD', 'REPLACE', FN]],
    steps: [PAUSE, 'B FCALL_RO r 1 k', 'B FCALL r 1 k', 'B:0 FCALL w 1 k', '~50', 'A GET k', 'A CLIENT UNPAUSE', 'B<', 'A GET k'],
  },
  {
    name: 'EVALSHA of a cached no-writes script is not held',
    setup: [['SCRIPT', 'LOAD', "#!lua flags=no-writes\nreturn 7"]],
    steps: [PAUSE, 'B EVALSHA 699874ad3a279c5fdd0d58c418605cd156ef306f 0', 'A CLIENT UNPAUSE'],
  },
  {
    name: 'queueing a write inside MULTI is held',
    normalize: norm,
    steps: ['B CLIENT SETNAME b', 'B MULTI', PAUSE, 'B:0 SET k v', '~50', INFO, 'A CLIENT LIST', 'A CLIENT UNPAUSE', 'B<', 'B EXEC'],
  },
  {
    name: 'EXEC of a transaction with a write is held, one with only reads is not',
    steps: ['B MULTI', 'B GET k', 'C MULTI', 'C SET k 1', PAUSE, 'B EXEC', 'C:0 EXEC', '~50', 'A GET k', 'A CLIENT UNPAUSE', 'C<', 'A GET k'],
  },
  {
    name: 'reads, PING and admin commands pass a write pause',
    steps: [PAUSE, 'B GET k', 'B PING', 'B DBSIZE', 'B TTL k', 'B EXISTS k', 'B CONFIG GET maxmemory', 'B SCRIPT EXISTS x', 'A CLIENT UNPAUSE'],
  },
  {
    name: 'blocking writes are held',
    steps: ['A RPUSH l a', PAUSE, 'B:0 BLPOP l 0', '~50', 'A LLEN l', 'A CLIENT UNPAUSE', 'B<', 'A LLEN l'],
  },
  {
    name: 'expired keys are kept while writes are paused',
    steps: ['A SET k v PX 50', PAUSE, '~150', 'A GET k', 'A DBSIZE', 'A EXISTS k', 'A CLIENT UNPAUSE', 'A GET k', 'A DBSIZE'],
  },
  {
    name: 'a disconnected held client is forgotten',
    normalize: norm,
    steps: [PAUSE, 'B:0 SET k v', '~50', 'B!', INFO, 'A CLIENT UNPAUSE', 'A GET k'],
  },
  {
    name: 'ALL pause: every command is held, even PING, in arrival order',
    steps: ['A CLIENT PAUSE 300 ALL', 'B:0 PING', 'C:0 SET k 1', 'D:0 GET k', 'B<', 'C<', 'D<'],
  },
  {
    name: 'ALL pause: unknown commands and arity errors are answered at once',
    steps: ['A CLIENT PAUSE 400 ALL', 'B NOSUCH', 'B GET', 'B:0 PING', 'B<'],
  },
  {
    name: 'ALL then WRITE: the stronger pause lasts',
    steps: ['A CLIENT PAUSE 300 ALL', 'A:0 CLIENT PAUSE 100000 WRITE', 'B:0 GET k', 'A<', 'B<', 'C:0 SET k 1', '~50', 'A CLIENT UNPAUSE', 'C<'],
  },
];

scenarioSuite('client pause', cases.map(warmLua));
