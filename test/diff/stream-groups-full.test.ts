/**
 * The "groups" part of XINFO STREAM FULL (replyStreamFullGroups, exported
 * for the streams family's XINFO STREAM): compared with the tail of real
 * Redis's XINFO STREAM key FULL reply (through a test-only stand-in while
 * the streams family's XINFO STREAM is absent). Delivery
 * times are fixed with XCLAIM TIME; seen-times are masked.
 */
import { it, beforeAll, expect } from 'vitest';
import { pairSuite, runCase } from '../helpers/diff.js';
import { installStreamStub } from '../helpers/stream-stub.js';
import { replyStreamFullGroups } from '../../src/commands/stream-groups.js';
import { Stream } from '../../src/keyspace/stream.js';
import { parseI64Number } from '../../src/protocol/ints.js';

const GROUPS = '$6\r\ngroups\r\n';

function mask(r: string): string {
  const at = r.indexOf(GROUPS);
  const tail = at === -1 ? r : r.slice(at + GROUPS.length);
  return tail.replace(/(\$9\r\nseen-time\r\n):\d+\r\n/g, '$1:T\r\n');
}

const SETUP = [
  'XADD s 1-1 a 1', 'XADD s 2-1 b 2', 'XADD s 3-1 c 3', 'XADD s 4-1 d 4',
  'XGROUP CREATE s g 0', 'XGROUP CREATE s a 0', 'XGROUP CREATE s z $',
  'XREADGROUP GROUP g bob COUNT 2 STREAMS s >', 'XREADGROUP GROUP g alice STREAMS s >',
  'XGROUP CREATECONSUMER s g idle',
  'XCLAIM s g bob 0 1-1 2-1 TIME 1000 JUSTID', 'XCLAIM s g alice 0 3-1 4-1 TIME 2000 RETRYCOUNT 4 JUSTID',
  'XREADGROUP GROUP a carol COUNT 1 STREAMS s >', 'XCLAIM s a carol 0 1-1 TIME 5 JUSTID', 'XDEL s 2-1',
];

const cases: [string, string[], string[]][] = [
  ['all', SETUP, ['XINFO STREAM s FULL'], ],
  ['count 1', SETUP, ['XINFO STREAM s FULL COUNT 1']],
  ['count 0 is everything', SETUP, ['XINFO STREAM s FULL COUNT 0']],
  ['no groups', ['XADD s 1-1 a 1'], ['XINFO STREAM s FULL']],
];

pairSuite('XINFO STREAM FULL groups part', {}, (pair) => {
  beforeAll(() => {
    const server = pair().respd.server;
    installStreamStub(server);
    // Until the streams family provides XINFO STREAM: a test-only stand-in answering just the groups part.
    if (!server.commands.lookupFull('xinfo|stream')?.handler) {
      server.commands.add({
        name: 'xinfo|stream',
        handler: (c, argv) => {
          const s = c.server.keyspace.lookupRead(c.db, argv[2]) as Stream;
          replyStreamFullGroups(c, s, argv.length > 5 ? parseI64Number(argv[5])! : 10);
        },
      });
    }
  });
  for (const [name, setup, [cmd]] of cases) {
    it(name, async () => {
      const expected = await runCase(pair().redis.port, { name, cmds: [...setup, cmd] });
      const actual = await runCase(pair().respd.port, { name, cmds: [...setup, cmd] });
      expect(mask(actual[actual.length - 1])).toBe(mask(expected[expected.length - 1]));
    });
  }
});
