/**
 * Consumer-group lag and entries-read when the stream's entries-added
 * counter is beyond 2^53 (XSETID ENTRIESADDED takes any int64): the
 * arithmetic must stay exact.
 */
import { diffSuite } from '../helpers/diff.js';

const BIG = '9223372036854775000';

diffSuite('stream groups with int64 counters', [
  { name: 'lag with a huge entries-added', cmds: ['XADD s 1-1 a b', 'XADD s 1-2 a b', 'XGROUP CREATE s g 0', `XSETID s 1-2 ENTRIESADDED ${BIG}`, 'XINFO GROUPS s', 'XREADGROUP GROUP g c STREAMS s >', 'XINFO GROUPS s'] },
  { name: 'ENTRIESREAD near the counter', cmds: ['XADD s 1-1 a b', `XSETID s 1-1 ENTRIESADDED ${BIG}`, 'XGROUP CREATE s g 0 ENTRIESREAD 9223372036854774990', 'XINFO GROUPS s', 'XADD s 2-1 c d', 'XREADGROUP GROUP g c STREAMS s >', 'XINFO GROUPS s'] },
]);
