import { scenarioSuite, type Scenario } from '../helpers/scenario.js';

const on = (flags: string) => [['CONFIG', 'SET', 'notify-keyspace-events', flags]];

const cases: Scenario[] = [
  // The parameter itself
  { name: 'default is empty', steps: ['A CONFIG GET notify-keyspace-events'] },
  { name: 'canonical form of flags', steps: ['A CONFIG SET notify-keyspace-events nmEKzg', 'A CONFIG GET notify-keyspace-events', 'A CONFIG SET notify-keyspace-events KEA', 'A CONFIG GET notify-keyspace-events'] },
  { name: 'all classes spelled out become A', steps: ['A CONFIG SET notify-keyspace-events g$lshzxetd', 'A CONFIG GET notify-keyspace-events'] },
  { name: 'A hides n', steps: ['A CONFIG SET notify-keyspace-events AmnKEd', 'A CONFIG GET notify-keyspace-events'] },
  { name: 'class order', steps: ['A CONFIG SET notify-keyspace-events dtexzhsl$gK', 'A CONFIG GET notify-keyspace-events'] },
  { name: 'duplicates collapse', steps: ['A CONFIG SET notify-keyspace-events KgKgE', 'A CONFIG GET notify-keyspace-events'] },
  { name: 'invalid flag', steps: ['A CONFIG SET notify-keyspace-events Kq', 'A CONFIG GET notify-keyspace-events'] },
  { name: 'empty string disables', steps: ['A CONFIG SET notify-keyspace-events KEA', 'A CONFIG SET notify-keyspace-events ""', ['A', 'CONFIG', 'SET', 'notify-keyspace-events', ''], 'A CONFIG GET notify-keyspace-events'] },

  // Keyspace and keyevent channels
  { name: 'keyspace set event', setup: on('K$'), steps: ['A PSUBSCRIBE __key*', 'B SET k v', 'A<'] },
  { name: 'keyevent set event', setup: on('E$'), steps: ['A PSUBSCRIBE __key*', 'B SET k v', 'A<'] },
  { name: 'both channels in order', setup: on('KE$'), steps: ['A PSUBSCRIBE __key*', 'B SET k v', 'A<2'] },
  { name: 'subscribe to the exact channel', setup: on('KEA'), steps: ['A SUBSCRIBE __keyspace@0__:k __keyevent@0__:del', 'A<', 'B SET k v', 'A<', 'B DEL k', 'A<2'] },
  { name: 'no K or E means no messages', setup: on('A'), steps: ['A PSUBSCRIBE *', 'B SET k v', 'B PUBLISH x done', 'A<'] },
  { name: 'class filter', setup: on('Kg'), steps: ['A PSUBSCRIBE __key*', 'B SET k v', 'B DEL k', 'A<'] },
  { name: 'notifications off by default', steps: ['A PSUBSCRIBE *', 'B SET k v', 'B DEL k', 'B PUBLISH x done', 'A<'] },
  { name: 'runtime enable and disable', steps: ['A PSUBSCRIBE __key*', 'B SET k v', 'B CONFIG SET notify-keyspace-events KA', 'B SET k v', 'A<', 'B CONFIG SET notify-keyspace-events ""', 'B SET k v', 'B PUBLISH __keyx done', 'A<'] },
  { name: 'db number in channel', setup: on('KEA'), steps: ['A PSUBSCRIBE __key*', 'B SELECT 5', 'B SET k v', 'A<2'] },
  { name: 'binary key in channel and payload', setup: on('KEA'), steps: ['A PSUBSCRIBE __key*', ['B', 'SET', 'k\x00\xff\r\n', 'v'], 'A<2'] },
  { name: 'RESP3 subscriber', resp3: ['A'], setup: on('KEA'), steps: ['A PSUBSCRIBE __key*', 'B SET k v', 'A<2'] },
  { name: 'RESP3 writer subscribed to itself', resp3: true, setup: on('KEA'), steps: ['A PSUBSCRIBE __key*', 'A:3 SET k v'] },

  // Events of generic and string commands
  { name: 'del event', setup: on('KEA'), steps: ['A SET a 1', 'A SET b 2', 'B PSUBSCRIBE __key*', 'A DEL a b c', 'B<4'] },
  { name: 'del of missing key is silent', setup: on('KEA'), steps: ['B PSUBSCRIBE __key*', 'A DEL nokey', 'A PUBLISH __keyx done', 'B<'] },
  { name: 'expire event', setup: on('KEA'), steps: ['A SET k v', 'B PSUBSCRIBE __key*', 'A EXPIRE k 100', 'B<2'] },
  { name: 'expire in the past deletes', setup: on('KEA'), steps: ['A SET k v', 'B PSUBSCRIBE __key*', 'A EXPIRE k -1', 'B<2'] },
  { name: 'persist event', setup: on('KEA'), steps: ['A SET k v EX 100', 'B PSUBSCRIBE __key*', 'A PERSIST k', 'A PERSIST k', 'B<2'] },
  { name: 'set with EX raises set and expire', setup: on('KEA'), steps: ['B PSUBSCRIBE __key*', 'A SET k v EX 100', 'B<4'] },
  { name: 'expired event', setup: on('KEx'), steps: ['B PSUBSCRIBE __key*', 'A SET k v PX 20', '~200', 'B<2'] },
  { name: 'expired event once, by access or by the sweep', setup: on('KEx'), steps: ['B PSUBSCRIBE __key*', 'A SET k v PX 10', '~30', 'A GET k', 'B<2'] },
  { name: 'expired class alone skips set', setup: on('Ex'), steps: ['B PSUBSCRIBE __key*', 'A SET k v PX 20', '~200', 'B<'] },
  { name: 'rename events', setup: on('KEA'), steps: ['A SET a v', 'B PSUBSCRIBE __key*', 'A RENAME a b', 'B<4'] },
  { name: 'incr event', setup: on('KEA'), steps: ['B PSUBSCRIBE __key*', 'A INCR n', 'A INCR n', 'B<4'] },
  { name: 'append event', setup: on('KE$'), steps: ['B PSUBSCRIBE __key*', 'A APPEND s x', 'B<2'] },
  { name: 'mset events', setup: on('E$'), steps: ['B PSUBSCRIBE __key*', 'A MSET a 1 b 2', 'B<2'] },
  { name: 'set NX not set is silent', setup: on('KEA'), steps: ['A SET k v', 'B PSUBSCRIBE __key*', 'A SET k w NX', 'A PUBLISH __keyx done', 'B<'] },
  { name: 'failed command raises nothing', setup: on('KEA'), steps: ['A SET s x', 'B PSUBSCRIBE __key*', 'A INCR s', 'A PUBLISH __keyx done', 'B<'] },
  { name: 'flushall raises no key events', setup: on('KEA'), steps: ['A SET k v', 'B PSUBSCRIBE __key*', 'A FLUSHALL', 'A PUBLISH __keyx done', 'B<'] },

  // new and keymiss
  { name: 'new key event', setup: on('KEn'), steps: ['B PSUBSCRIBE __key*', 'A SET k v', 'A SET k w', 'B<2'] },
  { name: 'new before set', setup: on('KEn$'), steps: ['B PSUBSCRIBE __key*', 'A SET k v', 'B<4', 'A SET k w', 'B<2'] },
  { name: 'new with A', setup: on('AKEn'), steps: ['B PSUBSCRIBE __key*', 'A SET k v', 'B<4'] },
  { name: 'new from incr and append', setup: on('En'), steps: ['B PSUBSCRIBE __key*', 'A INCR c', 'A APPEND d x', 'A INCR c', 'A PUBLISH __keyx done', 'B<3'] },
  { name: 'keymiss event', setup: on('KEm'), steps: ['B PSUBSCRIBE __key*', 'A GET nokey', 'B<2', 'A SET k v', 'A GET k', 'A PUBLISH __keyx done', 'B<'] },
  { name: 'keymiss not in A', setup: on('KEA'), steps: ['B PSUBSCRIBE __key*', 'A GET nokey', 'A PUBLISH __keyx done', 'B<'] },

  // Transactions and notifications
  { name: 'events from inside EXEC', setup: on('KEA'), steps: ['B PSUBSCRIBE __key*', 'A MULTI', 'A SET a 1', 'A DEL a', 'A EXEC', 'B<4'] },
  { name: 'events delivered after EXEC reply to self', resp3: ['A'], setup: on('E$'), steps: ['A PSUBSCRIBE __keyevent*', 'A MULTI', 'A SET a 1', 'A:2 EXEC'] },
];

scenarioSuite('notifications', cases);

// Set at startup (redis.conf / command line) rather than with CONFIG SET.
scenarioSuite('notifications from startup config', [
  { name: 'startup flags are canonical', keepConfig: true, steps: ['A CONFIG GET notify-keyspace-events'] },
  { name: 'startup flags are active', keepConfig: true, steps: ['B PSUBSCRIBE __key*', 'A SET k v', 'B<2', 'A DEL k', 'A PUBLISH __keyx done', 'B<'] },
], { redisArgs: ['--notify-keyspace-events', 'Kx$n'], respdConfig: { 'notify-keyspace-events': 'Kx$n' } });
