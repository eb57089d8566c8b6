/**
 * XINFO STREAM FULL with consumer groups (their part comes from
 * replyStreamFullGroups, plugged into the streams family's XINFO STREAM),
 * compared whole with real Redis. Delivery times are fixed with XCLAIM
 * TIME; seen-times are masked.
 */
import { it, expect } from 'vitest';
import { pairSuite, runCase } from '../helpers/diff.js';

function mask(r: string): string {
  return r.replace(/(\$9\r\nseen-time\r\n):\d+\r\n/g, '$1:T\r\n');
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
  ['resp3', [...SETUP, 'HELLO 3'], ['XINFO STREAM s FULL COUNT 2']],
  ['group count in the short form', SETUP, ['XINFO STREAM s']],
];

pairSuite('XINFO STREAM FULL groups part', {}, (pair) => {
  for (const [name, setup, [cmd]] of cases) {
    it(name, async () => {
      const expected = await runCase(pair().redis.port, { name, cmds: [...setup, cmd] });
      const actual = await runCase(pair().respd.port, { name, cmds: [...setup, cmd] });
      expect(mask(actual[actual.length - 1])).toBe(mask(expected[expected.length - 1]));
    });
  }
});
