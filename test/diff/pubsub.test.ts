import { scenarioSuite, type Scenario } from '../helpers/scenario.js';
import { sortedArray } from '../helpers/diff.js';

/** Sorts an array reply (Redis's channel order follows its hash table). */
const sorted = (s: string) => {
  const i = s.indexOf(': ');
  return s.slice(0, i + 2) + sortedArray(s.slice(i + 2));
};
/** Hides the channel name in unsubscribe confirmations (mass unsubscribe order follows Redis's hash table). */
const maskUnsub = (s: string) => s.replace(/^(\w+: [*>]3\r\n\$1[12]\r\n[ps]?unsubscribe\r\n)\$\d+\r\n[^\r]*\r\n/, '$1<name>\r\n');
const big = 'v'.repeat(100000);

const cases: Scenario[] = [
  // SUBSCRIBE / PUBLISH basics
  { name: 'subscribe one channel', steps: ['A SUBSCRIBE ch'] },
  { name: 'subscribe several channels', steps: ['A:3 SUBSCRIBE a b c'] },
  { name: 'subscribe same channel twice', steps: ['A:2 SUBSCRIBE a a', 'A SUBSCRIBE a'] },
  { name: 'subscribe wrong arity', steps: ['A SUBSCRIBE'] },
  { name: 'publish without subscribers', steps: ['A PUBLISH nobody hello'] },
  { name: 'publish wrong arity', steps: ['A PUBLISH x', 'A PUBLISH x y z'] },
  { name: 'publish to one subscriber', steps: ['A SUBSCRIBE ch', 'B PUBLISH ch hello', 'A<'] },
  { name: 'publish to several subscribers', steps: ['A SUBSCRIBE ch', 'B SUBSCRIBE ch', 'C SUBSCRIBE ch', 'D PUBLISH ch m', 'A<', 'B<', 'C<'] },
  { name: 'publish only reaches its channel', steps: ['A SUBSCRIBE a', 'B SUBSCRIBE b', 'C PUBLISH a 1', 'A<', 'C PUBLISH b 2', 'B<'] },
  { name: 'messages keep their order', steps: ['A SUBSCRIBE ch', 'B PUBLISH ch 1', 'B PUBLISH ch 2', 'B PUBLISH ch 3', 'A<3'] },
  { name: 'binary channel and message', steps: ['A SUBSCRIBE \x00\xff\r\n', ['B', 'PUBLISH', '\x00\xff\r\n', 'a\r\nb\x00\xff'], 'A<'] },
  { name: 'empty channel and message', steps: [['A', 'SUBSCRIBE', ''], ['B', 'PUBLISH', '', ''], 'A<'] },
  { name: 'big message', steps: ['A SUBSCRIBE ch', ['B', 'PUBLISH', 'ch', big], 'A<'] },
  { name: 'publish to self in RESP3', resp3: ['A'], steps: ['A SUBSCRIBE ch', 'A:2 PUBLISH ch me'] },
  { name: 'RESP3 subscriber gets push frames', resp3: ['A'], steps: ['A:2 SUBSCRIBE a b', 'B PUBLISH a x', 'A<', 'A:2 UNSUBSCRIBE a b'] },
  { name: 'RESP3 and RESP2 subscribers of one channel', resp3: ['A'], steps: ['A SUBSCRIBE ch', 'B SUBSCRIBE ch', 'C PUBLISH ch hi', 'A<', 'B<'] },
  { name: 'publisher in RESP3 gets integer', resp3: ['B'], steps: ['A SUBSCRIBE ch', 'B PUBLISH ch hi', 'A<'] },

  // UNSUBSCRIBE
  { name: 'unsubscribe one of two', steps: ['A:2 SUBSCRIBE a b', 'A UNSUBSCRIBE a', 'B PUBLISH a x', 'B PUBLISH b y', 'A<'] },
  { name: 'unsubscribe from channel never subscribed', steps: ['A SUBSCRIBE a', 'A UNSUBSCRIBE zz'] },
  { name: 'unsubscribe while not subscribed', steps: ['A UNSUBSCRIBE x', 'A PING'] },
  { name: 'unsubscribe all with none', steps: ['A UNSUBSCRIBE', 'A PUNSUBSCRIBE', 'A SUNSUBSCRIBE'] },
  { name: 'unsubscribe all with none RESP3', resp3: true, steps: ['A UNSUBSCRIBE', 'A PUNSUBSCRIBE', 'A SUNSUBSCRIBE'] },
  { name: 'unsubscribe all', normalize: maskUnsub, steps: ['A:3 SUBSCRIBE a b c', 'A:3 UNSUBSCRIBE', 'B PUBSUB NUMSUB a b c', 'A PING'] },
  { name: 'unsubscribe all keeps patterns counted', normalize: maskUnsub, steps: ['A:2 SUBSCRIBE a b', 'A PSUBSCRIBE p*', 'A:2 UNSUBSCRIBE', 'A PING', 'A PUNSUBSCRIBE', 'A PING'] },
  { name: 'unsubscribe then context ends', steps: ['A SUBSCRIBE a', 'A GET k', 'A UNSUBSCRIBE a', 'A GET k'] },
  { name: 'unsubscribe several named', steps: ['A:3 SUBSCRIBE a b c', 'A:2 UNSUBSCRIBE c a', 'A UNSUBSCRIBE b'] },
  { name: 'unsubscribe all twice', steps: ['A SUBSCRIBE a', 'A UNSUBSCRIBE', 'A UNSUBSCRIBE'] },

  // Patterns
  { name: 'psubscribe and pmessage', steps: ['A PSUBSCRIBE news.*', 'B PUBLISH news.it ciao', 'A<', 'B PUBLISH other x'] },
  { name: 'pattern with ? and class', steps: ['A:2 PSUBSCRIBE h?llo h[ae]y', 'B PUBLISH hello 1', 'A<', 'B PUBLISH hey 2', 'A<', 'B PUBLISH hiy 3'] },
  { name: 'pattern negated class and escape', steps: ['A:2 PSUBSCRIBE a[^b]c x\\*y', 'B PUBLISH abc 1', 'B PUBLISH axc 2', 'A<', 'B PUBLISH x*y 3', 'A<', 'B PUBLISH xzy 4'] },
  { name: 'pattern and channel both match', steps: ['A SUBSCRIBE news', 'A PSUBSCRIBE n*', 'B PUBLISH news hi', 'A<2'] },
  { name: 'same pattern from two clients', steps: ['A PSUBSCRIBE *', 'B PSUBSCRIBE *', 'C PUBLISH x 1', 'A<', 'B<'] },
  { name: 'psubscribe same pattern twice', steps: ['A:2 PSUBSCRIBE p* p*', 'B PUBLISH pa x', 'A<'] },
  { name: 'punsubscribe named', steps: ['A:2 PSUBSCRIBE a* b*', 'A PUNSUBSCRIBE a*', 'B PUBLISH ax 1', 'B PUBLISH bx 2', 'A<', 'A PUNSUBSCRIBE zz'] },
  { name: 'punsubscribe all', normalize: maskUnsub, steps: ['A:2 PSUBSCRIBE a* b*', 'A SUBSCRIBE c', 'A:2 PUNSUBSCRIBE', 'A UNSUBSCRIBE'] },
  { name: 'punsubscribe does not touch channels', steps: ['A SUBSCRIBE a*', 'A PUNSUBSCRIBE a*', 'B PUBLISH a* x', 'A<'] },
  { name: 'pattern binary', steps: [['A', 'PSUBSCRIBE', '\x00*\xff'], ['B', 'PUBLISH', '\x00zz\xff', 'm'], 'A<'] },
  { name: 'pattern star matches empty', steps: ['A PSUBSCRIBE *', ['B', 'PUBLISH', '', 'm'], 'A<'] },
  { name: 'psubscribe wrong arity', steps: ['A PSUBSCRIBE'] },
  { name: 'RESP3 pmessage', resp3: true, steps: ['A PSUBSCRIBE c*', 'B PUBLISH cx 1', 'A<', 'A PUNSUBSCRIBE c*'] },

  // Shard channels
  { name: 'ssubscribe and spublish', steps: ['A SSUBSCRIBE s', 'B SPUBLISH s hi', 'A<'] },
  { name: 'shard count separate from channels', steps: ['A SUBSCRIBE c', 'A:2 SSUBSCRIBE s1 s2', 'A PSUBSCRIBE p*', 'A SUNSUBSCRIBE s1', 'A UNSUBSCRIBE c'] },
  { name: 'publish does not reach shard subscribers', steps: ['A SSUBSCRIBE s', 'B PUBLISH s x', 'B SPUBLISH s y', 'A<'] },
  { name: 'spublish does not reach patterns or channels', steps: ['A SUBSCRIBE s', 'A PSUBSCRIBE *', 'B SPUBLISH s y', 'B PUBLISH s z', 'A<2'] },
  { name: 'sunsubscribe all', normalize: maskUnsub, steps: ['A:2 SSUBSCRIBE s1 s2', 'A:2 SUNSUBSCRIBE', 'A SUNSUBSCRIBE'] },
  { name: 'sunsubscribe unknown', steps: ['A SSUBSCRIBE s', 'A SUNSUBSCRIBE zz'] },
  { name: 'shard subscribed RESP2 context', steps: ['A SSUBSCRIBE s', 'A GET k', 'A PING', 'A SUNSUBSCRIBE s', 'A PING'] },
  { name: 'RESP3 smessage', resp3: true, steps: ['A SSUBSCRIBE s', 'B SPUBLISH s m', 'A<'] },
  { name: 'spublish wrong arity', steps: ['A SPUBLISH s', 'A SSUBSCRIBE'] },

  // RESP2 subscribed context
  { name: 'RESP2 context rejects commands', steps: ['A SUBSCRIBE a', 'A GET x', 'A SET x 1', 'A ECHO hi', 'A PUBLISH a b', 'A PUBSUB NUMPAT', 'A MULTI', 'A HELLO 2'] },
  { name: 'RESP2 context allows the subscribe family', steps: ['A SUBSCRIBE a', 'A PSUBSCRIBE b*', 'A SSUBSCRIBE c', 'A PING', 'A PING hello', 'A UNSUBSCRIBE a', 'A PUNSUBSCRIBE b*', 'A SUNSUBSCRIBE c', 'A PING'] },
  { name: 'RESP2 context unknown and arity errors first', steps: ['A SUBSCRIBE a', 'A NOPE', 'A GET', 'A PING a b'] },
  { name: 'RESP2 context QUIT', steps: ['A SUBSCRIBE a', 'A QUIT', 'B PUBLISH a x'] },
  { name: 'RESP2 context RESET', steps: ['A SUBSCRIBE a', 'A RESET', 'A GET x', 'B PUBLISH a x'] },
  { name: 'RESP3 allows commands while subscribed', resp3: true, steps: ['A SUBSCRIBE a', 'A SET k v', 'A GET k', 'A PING', 'A ECHO e', 'B PUBLISH a m', 'A<', 'A GET k'] },
  { name: 'RESP3 RESET drops subscriptions', resp3: true, steps: ['A SUBSCRIBE a', 'A RESET', 'B PUBLISH a x', 'A PING'] },
  { name: 'HELLO 3 while subscribed in RESP2 is refused', steps: ['A SUBSCRIBE a', 'A HELLO 3', 'B PUBLISH a x', 'A<'] },
  { name: 'switch to RESP2 while subscribed in RESP3', resp3: true, normalize: (s) => s.replace(/:\d+\r\n\$4\r\nmode/, ':N\r\n$4\r\nmode'), steps: ['A SUBSCRIBE a', 'A HELLO 2', 'B PUBLISH a x', 'A<', 'A GET k'] },

  // Disconnects
  { name: 'subscriber disconnect cleans up', steps: ['A SUBSCRIBE a', 'A PSUBSCRIBE p*', 'A SSUBSCRIBE s', 'A!', 'B PUBLISH a x', 'B PUBLISH pz x', 'B SPUBLISH s x', 'B PUBSUB NUMSUB a', 'B PUBSUB NUMPAT', 'B PUBSUB SHARDCHANNELS'] },

  // CLIENT REPLY OFF does not silence pushes
  { name: 'reply off still delivers subscribe confirmations', steps: ['A CLIENT REPLY OFF', 'A:1 SUBSCRIBE a', 'A:0 PING', 'B PUBLISH a x', 'A<'] },
  { name: 'reply off RESP3 self publish', resp3: ['A'], steps: ['A:0 CLIENT REPLY OFF', 'A:1 SUBSCRIBE y', 'A:1 PUBLISH y m', 'A CLIENT REPLY ON'] },

  // MULTI interplay
  { name: 'subscribe inside MULTI', steps: ['A MULTI', 'A SUBSCRIBE a b', 'A PUBLISH a x', 'A EXEC', 'A GET x'] },
  { name: 'psubscribe and unsubscribe inside MULTI', steps: ['A MULTI', 'A PSUBSCRIBE x', 'A UNSUBSCRIBE', 'A EXEC', 'A PING'] },
  { name: 'subscribe inside MULTI RESP3', resp3: true, steps: ['A MULTI', 'A SUBSCRIBE a', 'A SPUBLISH s x', 'A SSUBSCRIBE s', 'A EXEC', 'B SPUBLISH s y', 'A<', 'A GET k'] },
  { name: 'reply skip and subscribe', steps: ['A CLIENT REPLY SKIP', 'A SUBSCRIBE a', 'A UNSUBSCRIBE a', 'A PING'] },
  { name: 'MULTI in RESP3 while subscribed', resp3: true, steps: ['A SUBSCRIBE a', 'A MULTI', 'A PING', 'A EXEC', 'A UNSUBSCRIBE'] },

  // PUBSUB introspection
  { name: 'pubsub channels', normalize: sorted, steps: ['A:2 SUBSCRIBE a b', 'B SUBSCRIBE ab', 'C PUBSUB CHANNELS', 'C PUBSUB CHANNELS a*', 'C PUBSUB CHANNELS z*', 'C PUBSUB CHANNELS b'] },
  { name: 'pubsub channels ignores patterns and shards', steps: ['A PSUBSCRIBE a*', 'A SSUBSCRIBE s', 'C PUBSUB CHANNELS'] },
  { name: 'pubsub channels too many args', steps: ['A PUBSUB CHANNELS a b', 'A PUBSUB channels a b', 'A PUBSUB SHARDCHANNELS a b'] },
  { name: 'pubsub numsub', steps: ['A SUBSCRIBE a', 'B SUBSCRIBE a', 'B PSUBSCRIBE a', 'C PUBSUB NUMSUB a b a', 'C PUBSUB NUMSUB'] },
  { name: 'pubsub numsub RESP3', resp3: true, steps: ['A SUBSCRIBE a', 'C PUBSUB NUMSUB a z'] },
  { name: 'pubsub numpat counts unique patterns', steps: ['A:2 PSUBSCRIBE a* b*', 'B PSUBSCRIBE a*', 'C PUBSUB NUMPAT', 'A PUNSUBSCRIBE a*', 'C PUBSUB NUMPAT', 'B PUNSUBSCRIBE a*', 'C PUBSUB NUMPAT'] },
  { name: 'pubsub numpat wrong arity', steps: ['A PUBSUB NUMPAT x'] },
  { name: 'pubsub shardchannels and shardnumsub', normalize: sorted, steps: ['A:2 SSUBSCRIBE s1 s2', 'B SSUBSCRIBE s1', 'C PUBSUB SHARDCHANNELS', 'C PUBSUB SHARDCHANNELS *2', 'C PUBSUB SHARDNUMSUB s1 s2 s3', 'C PUBSUB SHARDNUMSUB'] },
  { name: 'pubsub help', steps: ['A PUBSUB HELP', 'A PUBSUB help'] },
  { name: 'pubsub help RESP3', resp3: true, steps: ['A PUBSUB HELP'] },
  { name: 'pubsub unknown subcommand and arity', steps: ['A PUBSUB', 'A PUBSUB FOO', 'A PUBSUB HELP x'] },
  { name: 'pubsub channels after unsubscribe', steps: ['A SUBSCRIBE a', 'A UNSUBSCRIBE a', 'C PUBSUB CHANNELS', 'C PUBSUB NUMSUB a'] },

  // PING shapes
  { name: 'ping while subscribed RESP2 shapes', steps: ['A SUBSCRIBE a', 'A PING', ['A', 'PING', ''], ['A', 'PING', '\x00\r\n']] },
  { name: 'ping while subscribed RESP3', resp3: true, steps: ['A SUBSCRIBE a', 'A PING', 'A PING x'] },

  // Pipelined subscribe + publish from the same connection batch
  { name: 'pipelined subscribe and publish', steps: [{ raw: 'A', data: '*2\r\n$9\r\nSUBSCRIBE\r\n$1\r\nq\r\n*1\r\n$4\r\nPING\r\n', n: 2 }, 'B PUBLISH q m', 'A<'] },
  { name: 'inline subscribe', steps: [{ raw: 'A', data: 'SUBSCRIBE x y\r\n', n: 2 }, 'B PUBLISH y m', 'A<'] },
];

scenarioSuite('pubsub', cases);
