/**
 * Consumer groups against real Redis 7.0: XGROUP, XREADGROUP, XACK,
 * XPENDING, XCLAIM, XAUTOCLAIM, XINFO GROUPS/CONSUMERS, blocking
 * XREADGROUP. Idle times and delivery times differ between servers, so
 * they are masked (maskTimes) or made deterministic with IDLE/TIME.
 */
import { it, expect } from 'vitest';
import { pairSuite, runCase, type DiffCase } from '../helpers/diff.js';
import { RawClient } from '../helpers/raw-client.js';

/** Masks idle times: XPENDING rows' third element, XINFO CONSUMERS' idle. */
function maskTimes(r: string): string {
  return r
    .replace(/(\*4\r\n\$\d+\r\n[^\r]*\r\n\$\d+\r\n[^\r]*\r\n):\d+\r\n/g, '$1:T\r\n')
    .replace(/(\$4\r\nidle\r\n):\d+\r\n/g, '$1:T\r\n');
}

const S3 = ['XADD s 1-1 a 1', 'XADD s 2-1 b 2', 'XADD s 3-1 c 3', 'XGROUP CREATE s g 0'];
const S3R = [...S3, 'XREADGROUP GROUP g alice COUNT 2 STREAMS s >', 'XREADGROUP GROUP g bob STREAMS s >'];

const cases: DiffCase[] = [
  // XGROUP CREATE
  { name: 'create on missing key', cmds: ['XGROUP CREATE s g $', 'EXISTS s'] },
  { name: 'create mkstream', cmds: ['XGROUP CREATE s g $ MKSTREAM', 'TYPE s', 'EXISTS s', 'XINFO GROUPS s'] },
  { name: 'create mkstream lower case', cmds: ['XGROUP create s g 0 mkstream', 'XINFO GROUPS s'] },
  { name: 'create busygroup', cmds: ['XGROUP CREATE s g $ MKSTREAM', 'XGROUP CREATE s g $ MKSTREAM', 'XGROUP CREATE s g 0'] },
  { name: 'create $ takes last id', cmds: ['XADD s 5-5 f v', 'XGROUP CREATE s g $', 'XINFO GROUPS s'] },
  { name: 'create with explicit id', cmds: ['XADD s 5-5 f v', 'XGROUP CREATE s g 3', 'XGROUP CREATE s g2 7-9', 'XINFO GROUPS s'] },
  { name: 'create entriesread', cmds: ['XADD s 1-1 f v', 'XADD s 2-1 f v', 'XGROUP CREATE s g 1-1 ENTRIESREAD 1', 'XINFO GROUPS s'] },
  { name: 'create entriesread -1', cmds: ['XADD s 1-1 f v', 'XGROUP CREATE s g 0 ENTRIESREAD -1', 'XINFO GROUPS s'] },
  { name: 'create entriesread -2', cmds: ['XADD s 1-1 f v', 'XGROUP CREATE s g 0 ENTRIESREAD -2'] },
  { name: 'create entriesread not int', cmds: ['XADD s 1-1 f v', 'XGROUP CREATE s g 0 ENTRIESREAD x'] },
  { name: 'create entriesread missing value', cmds: ['XADD s 1-1 f v', 'XGROUP CREATE s g 0 ENTRIESREAD'] },
  { name: 'create unknown option', cmds: ['XADD s 1-1 f v', 'XGROUP CREATE s g 0 FOO'] },
  { name: 'create too many args', cmds: ['XGROUP CREATE s g 0 MKSTREAM MKSTREAM MKSTREAM MKSTREAM', 'EXISTS s'] },
  { name: 'create invalid id', cmds: ['XADD s 1-1 f v', 'XGROUP CREATE s g abc', 'XGROUP CREATE s g -', 'XGROUP CREATE s g +', 'XGROUP CREATE s g 1-x'] },
  { name: 'create invalid id with mkstream', cmds: ['XGROUP CREATE s g zz MKSTREAM', 'EXISTS s'] },
  { name: 'create wrongtype', cmds: ['SET s x', 'XGROUP CREATE s g 0', 'XGROUP CREATE s g 0 MKSTREAM'] },
  { name: 'create arity', cmds: ['XGROUP CREATE s g', 'XGROUP CREATE'] },
  { name: 'create binary names', cmds: [['XGROUP', 'CREATE', 's\x00k', 'g\xff\r\n', '0', 'MKSTREAM'], ['XINFO', 'GROUPS', 's\x00k']] },
  { name: 'create many groups sorted', cmds: ['XGROUP CREATE s zeta 0 MKSTREAM', 'XGROUP CREATE s alpha 0', 'XGROUP CREATE s Beta 0', 'XGROUP CREATE s a 0', 'XINFO GROUPS s'] },
  { name: 'create u64 max id', cmds: ['XGROUP CREATE s g 18446744073709551615-18446744073709551615 MKSTREAM', 'XINFO GROUPS s'] },
  // XGROUP SETID
  { name: 'setid', cmds: [...S3, 'XGROUP SETID s g 2-1', 'XINFO GROUPS s'] },
  { name: 'setid $', cmds: [...S3, 'XGROUP SETID s g $', 'XINFO GROUPS s'] },
  { name: 'setid entriesread', cmds: [...S3, 'XGROUP SETID s g 2-1 ENTRIESREAD 2', 'XINFO GROUPS s'] },
  { name: 'setid bad option', cmds: [...S3, 'XGROUP SETID s g 2-1 FOO 2', 'XGROUP SETID s g 2-1 ENTRIESREAD', 'XGROUP SETID s g 0 1 2 3'] },
  { name: 'setid no group', cmds: [...S3, 'XGROUP SETID s nog 0', 'XGROUP SETID nokey g 0'] },
  { name: 'setid accepts - and +', cmds: [...S3, 'XGROUP SETID s g +', 'XINFO GROUPS s', 'XGROUP SETID s g -', 'XINFO GROUPS s'] },
  { name: 'setid invalid id', cmds: [...S3, 'XGROUP SETID s g foo'] },
  { name: 'setid then read again', cmds: [...S3R, 'XGROUP SETID s g 0', 'XREADGROUP GROUP g carol STREAMS s >', 'XPENDING s g'] },
  // XGROUP DESTROY
  { name: 'destroy', cmds: [...S3R, 'XGROUP DESTROY s g', 'XGROUP DESTROY s g', 'XINFO GROUPS s', 'XPENDING s g'] },
  { name: 'destroy missing key', cmds: ['XGROUP DESTROY s g'] },
  { name: 'destroy wrongtype', cmds: ['LPUSH s a', 'XGROUP DESTROY s g'] },
  { name: 'destroy arity', cmds: ['XGROUP DESTROY s', 'XGROUP DESTROY s g x'] },
  // XGROUP CREATECONSUMER / DELCONSUMER
  { name: 'createconsumer', cmds: [...S3, 'XGROUP CREATECONSUMER s g c1', 'XGROUP CREATECONSUMER s g c1', 'XGROUP CREATECONSUMER s g c0', 'XINFO CONSUMERS s g'], normalize: maskTimes },
  { name: 'createconsumer errors', cmds: [...S3, 'XGROUP CREATECONSUMER s nog c', 'XGROUP CREATECONSUMER nokey g c', 'XGROUP CREATECONSUMER s g'] },
  { name: 'delconsumer returns pending', cmds: [...S3R, 'XGROUP DELCONSUMER s g alice', 'XPENDING s g', 'XGROUP DELCONSUMER s g alice', 'XGROUP DELCONSUMER s g nobody'] },
  { name: 'delconsumer errors', cmds: [...S3, 'XGROUP DELCONSUMER s nog c', 'XGROUP DELCONSUMER nokey g c'] },
  // XGROUP misc
  { name: 'xgroup help', cmds: ['XGROUP HELP', 'XGROUP help'] },
  { name: 'xgroup help extra', cmds: ['XGROUP HELP x'] },
  { name: 'xgroup unknown subcommand', cmds: ['XGROUP FOO s', 'XGROUP', 'XGROUP FOO'] },
  { name: 'xgroup subcommand lower case', cmds: ['XGROUP createconsumer s g c', 'xgroup create s g 0 MKSTREAM', 'xgroup createconsumer s g c'] },
  // XREADGROUP
  { name: 'readgroup new entries', cmds: [...S3, 'XREADGROUP GROUP g c STREAMS s >', 'XREADGROUP GROUP g c STREAMS s >'] },
  { name: 'readgroup count', cmds: [...S3, 'XREADGROUP GROUP g c COUNT 1 STREAMS s >', 'XREADGROUP GROUP g c COUNT 1 STREAMS s >', 'XREADGROUP GROUP g c COUNT 0 STREAMS s >'] },
  { name: 'readgroup negative count', cmds: [...S3, 'XREADGROUP GROUP g c COUNT -5 STREAMS s >'] },
  { name: 'readgroup bad count', cmds: [...S3, 'XREADGROUP GROUP g c COUNT x STREAMS s >'] },
  { name: 'readgroup history', cmds: [...S3R, 'XREADGROUP GROUP g alice STREAMS s 0', 'XREADGROUP GROUP g bob STREAMS s 0', 'XREADGROUP GROUP g alice STREAMS s 1-1', 'XREADGROUP GROUP g alice COUNT 1 STREAMS s 0'] },
  { name: 'readgroup history of unknown consumer', cmds: [...S3R, 'XREADGROUP GROUP g zed STREAMS s 0', 'XINFO GROUPS s'] },
  { name: 'readgroup history with deleted entry', cmds: [...S3R, 'XDEL s 1-1', 'XREADGROUP GROUP g alice STREAMS s 0', 'XPENDING s g - + 10'], normalize: maskTimes },
  { name: 'readgroup history deleted resp3', resp3: true, cmds: [...S3R, 'XDEL s 2-1', 'XREADGROUP GROUP g alice STREAMS s 0'] },
  { name: 'readgroup history increments delivery count', cmds: [...S3R, 'XREADGROUP GROUP g alice STREAMS s 0', 'XREADGROUP GROUP g alice STREAMS s 0', 'XPENDING s g - + 10'], normalize: maskTimes },
  { name: 'readgroup noack', cmds: [...S3, 'XREADGROUP GROUP g c NOACK STREAMS s >', 'XPENDING s g', 'XINFO GROUPS s'] },
  { name: 'readgroup multiple streams', cmds: [...S3, 'XADD t 9-1 x y', 'XGROUP CREATE t g 0', 'XREADGROUP GROUP g c STREAMS s t > >', 'XREADGROUP GROUP g c STREAMS s t 0 0', 'XREADGROUP GROUP g c STREAMS s t > 0'] },
  { name: 'readgroup same key twice', cmds: [...S3, 'XREADGROUP GROUP g c STREAMS s s > >', 'XREADGROUP GROUP g c COUNT 1 STREAMS s s 0 0', 'XPENDING s g - + 10'], normalize: maskTimes },
  { name: 'readgroup same key twice with count', cmds: [...S3, 'XREADGROUP GROUP g c COUNT 1 STREAMS s s > >', 'XREADGROUP GROUP g c STREAMS s s 0 >'] },
  { name: 'readgroup multiple streams resp3', resp3: true, cmds: [...S3, 'XADD t 9-1 x y', 'XGROUP CREATE t g 0', 'XREADGROUP GROUP g c STREAMS s t > >'] },
  { name: 'readgroup nothing new is nil', cmds: [...S3, 'XGROUP SETID s g $', 'XREADGROUP GROUP g c STREAMS s >', 'XINFO CONSUMERS s g'], normalize: maskTimes },
  { name: 'readgroup nothing new is nil resp3', resp3: true, cmds: [...S3, 'XGROUP SETID s g $', 'XREADGROUP GROUP g c STREAMS s >'] },
  { name: 'readgroup empty stream', cmds: ['XGROUP CREATE s g $ MKSTREAM', 'XREADGROUP GROUP g c STREAMS s >', 'XREADGROUP GROUP g c STREAMS s 0'] },
  { name: 'readgroup nogroup', cmds: [...S3, 'XREADGROUP GROUP nog c STREAMS s >', 'XREADGROUP GROUP g c STREAMS nokey >', 'XREADGROUP GROUP g c STREAMS s nokey > >'] },
  { name: 'readgroup wrongtype', cmds: ['SET s x', 'XREADGROUP GROUP g c STREAMS s >'] },
  { name: 'readgroup $ refused', cmds: [...S3, 'XREADGROUP GROUP g c STREAMS s $'] },
  { name: 'readgroup invalid id', cmds: [...S3, 'XREADGROUP GROUP g c STREAMS s abc', 'XREADGROUP GROUP g c STREAMS s -', 'XREADGROUP GROUP g c STREAMS s +'] },
  { name: 'readgroup unbalanced', cmds: [...S3, 'XREADGROUP GROUP g c STREAMS s t >'] },
  { name: 'readgroup missing group option', cmds: [...S3, 'XREADGROUP COUNT 1 STREAMS s >', 'XREADGROUP GROUP g STREAMS s >'] },
  { name: 'readgroup missing streams', cmds: [...S3, 'XREADGROUP GROUP g c COUNT 1 NOACK x'] },
  { name: 'readgroup syntax error', cmds: [...S3, 'XREADGROUP GROUP g c FOO STREAMS s >', 'XREADGROUP GROUP g c STREAMS'] },
  { name: 'readgroup arity', cmds: ['XREADGROUP GROUP g c STREAMS s', 'XREADGROUP'] },
  { name: 'readgroup block bad timeout', cmds: [...S3, 'XREADGROUP GROUP g c BLOCK x STREAMS s >', 'XREADGROUP GROUP g c BLOCK -1 STREAMS s >', 'XREADGROUP GROUP g c BLOCK 1.5 STREAMS s >'] },
  { name: 'readgroup block huge timeout', cmds: [...S3, 'XREADGROUP GROUP g c BLOCK 9223372036854775807 STREAMS s >'] },
  { name: 'readgroup block served at once', cmds: [...S3, 'XREADGROUP GROUP g c BLOCK 0 STREAMS s >'] },
  { name: 'readgroup block times out', cmds: ['XGROUP CREATE s g $ MKSTREAM', 'XREADGROUP GROUP g c BLOCK 20 STREAMS s >'] },
  { name: 'readgroup block in multi', cmds: ['XGROUP CREATE s g $ MKSTREAM', 'MULTI', 'XREADGROUP GROUP g c BLOCK 0 STREAMS s >', 'EXEC'] },
  { name: 'readgroup block history not blocking', cmds: ['XGROUP CREATE s g $ MKSTREAM', 'XREADGROUP GROUP g c BLOCK 100 STREAMS s 0'] },
  { name: 'readgroup creates consumer', cmds: [...S3, 'XREADGROUP GROUP g c1 STREAMS s >', 'XREADGROUP GROUP g c2 STREAMS s >', 'XINFO CONSUMERS s g'], normalize: maskTimes },
  { name: 'readgroup binary fields', cmds: [['XADD', 's', '1-1', '\x00f', '\xff\r\nv'], 'XGROUP CREATE s g 0', 'XREADGROUP GROUP g c STREAMS s >'] },
  { name: 'readgroup after setid back reassigns', cmds: [...S3R, 'XGROUP SETID s g 0', 'XREADGROUP GROUP g bob COUNT 1 STREAMS s >', 'XPENDING s g - + 10'], normalize: maskTimes },
  { name: 'readgroup skips deleted', cmds: [...S3, 'XDEL s 2-1', 'XREADGROUP GROUP g c STREAMS s >', 'XINFO GROUPS s'] },
  { name: 'readgroup option case', cmds: [...S3, 'xreadgroup group g c count 1 noack streams s >'] },
  // XACK
  { name: 'xack', cmds: [...S3R, 'XACK s g 1-1', 'XACK s g 1-1', 'XACK s g 2-1 3-1 9-9', 'XPENDING s g'] },
  { name: 'xack missing key or group', cmds: [...S3R, 'XACK nokey g 1-1', 'XACK s nog 1-1'] },
  { name: 'xack invalid id', cmds: [...S3R, 'XACK s g 1-1 foo', 'XPENDING s g', 'XACK s g -'] },
  { name: 'xack wrongtype', cmds: ['SET s x', 'XACK s g 1-1'] },
  { name: 'xack arity', cmds: ['XACK s g'] },
  { name: 'xack ms-only id', cmds: [...S3R, 'XACK s g 1', 'XPENDING s g'] },
  // XPENDING
  { name: 'xpending summary', cmds: [...S3R, 'XPENDING s g'] },
  { name: 'xpending summary empty', cmds: [...S3, 'XPENDING s g'] },
  { name: 'xpending summary empty resp3', resp3: true, cmds: [...S3, 'XPENDING s g'] },
  { name: 'xpending summary consumer order', cmds: [...S3, 'XREADGROUP GROUP g zz COUNT 1 STREAMS s >', 'XREADGROUP GROUP g AA COUNT 1 STREAMS s >', 'XREADGROUP GROUP g m STREAMS s >', 'XGROUP CREATECONSUMER s g b', 'XPENDING s g'] },
  { name: 'xpending extended', cmds: [...S3R, 'XPENDING s g - + 10', 'XPENDING s g - + 1', 'XPENDING s g 2 + 10', 'XPENDING s g - 2 10'], normalize: maskTimes },
  { name: 'xpending extended consumer', cmds: [...S3R, 'XPENDING s g - + 10 alice', 'XPENDING s g - + 10 bob', 'XPENDING s g - + 10 nobody'], normalize: maskTimes },
  { name: 'xpending exclusive ranges', cmds: [...S3R, 'XPENDING s g (1-1 + 10', 'XPENDING s g - (3-1 10', 'XPENDING s g (1-1 (3-1 10'], normalize: maskTimes },
  { name: 'xpending exclusive errors', cmds: [...S3R, 'XPENDING s g (18446744073709551615-18446744073709551615 + 10', 'XPENDING s g - (0-0 10', 'XPENDING s g (- + 10'] },
  { name: 'xpending count zero and negative', cmds: [...S3R, 'XPENDING s g - + 0', 'XPENDING s g - + -1'] },
  { name: 'xpending idle filter', cmds: [...S3R, 'XPENDING s g IDLE 100000000 - + 10', 'XPENDING s g IDLE 0 - + 10 alice'], normalize: maskTimes },
  { name: 'xpending idle errors', cmds: [...S3R, 'XPENDING s g IDLE x - + 10', 'XPENDING s g IDLE 10 - +', 'XPENDING s g IDLE 10 - + x'] },
  { name: 'xpending syntax', cmds: [...S3R, 'XPENDING s g -', 'XPENDING s g - +', 'XPENDING s g - + 10 c x y z'] },
  { name: 'xpending bad ids', cmds: [...S3R, 'XPENDING s g x + 10', 'XPENDING s g - y 10', 'XPENDING s g - + z'] },
  { name: 'xpending nogroup', cmds: [...S3, 'XPENDING s nog', 'XPENDING nokey g', 'XPENDING nokey g - + 10'] },
  { name: 'xpending wrongtype', cmds: ['SET s x', 'XPENDING s g', 'XPENDING s g - + x'] },
  { name: 'xpending start after end', cmds: [...S3R, 'XPENDING s g 3 1 10'] },
  // XCLAIM
  { name: 'xclaim basic', cmds: [...S3R, 'XCLAIM s g bob 0 1-1', 'XPENDING s g - + 10', 'XPENDING s g'], normalize: maskTimes },
  { name: 'xclaim justid', cmds: [...S3R, 'XCLAIM s g bob 0 1-1 2-1 JUSTID', 'XPENDING s g - + 10'], normalize: maskTimes },
  { name: 'xclaim min idle not met', cmds: [...S3R, 'XCLAIM s g carol 100000000 1-1', 'XINFO GROUPS s', 'XPENDING s g'] },
  { name: 'xclaim idle option', cmds: [...S3R, 'XCLAIM s g carol 0 1-1 IDLE 500000 JUSTID', 'XPENDING s g IDLE 400000 - + 10'], normalize: maskTimes },
  { name: 'xclaim time option', cmds: [...S3R, 'XCLAIM s g carol 0 1-1 TIME 1000 JUSTID', 'XPENDING s g IDLE 100000 - + 10'], normalize: maskTimes },
  { name: 'xclaim time in future', cmds: [...S3R, 'XCLAIM s g carol 0 1-1 TIME 99999999999999 JUSTID', 'XPENDING s g IDLE 100000 - + 10'] },
  { name: 'xclaim retrycount', cmds: [...S3R, 'XCLAIM s g carol 0 1-1 RETRYCOUNT 7', 'XPENDING s g - + 10'], normalize: maskTimes },
  { name: 'xclaim huge retrycount', cmds: [...S3R, 'XCLAIM s g carol 0 1-1 RETRYCOUNT 9223372036854775807 JUSTID', 'XPENDING s g IDLE 99999999 - + 10', 'XCLAIM s g carol 0 1-1 RETRYCOUNT 9007199254740993 JUSTID', 'XCLAIM s g carol 0 1-1', 'XPENDING s g - + 1'], normalize: maskTimes },
  { name: 'xclaim force', cmds: [...S3, 'XCLAIM s g c 0 2-1 FORCE', 'XCLAIM s g c 0 9-9 FORCE', 'XPENDING s g - + 10'], normalize: maskTimes },
  { name: 'xclaim without pending', cmds: [...S3, 'XCLAIM s g c 0 2-1', 'XINFO GROUPS s'] },
  { name: 'xclaim deleted entry drops pending', cmds: [...S3R, 'XDEL s 1-1', 'XCLAIM s g bob 0 1-1 2-1', 'XPENDING s g', 'XPENDING s g - + 10'], normalize: maskTimes },
  { name: 'xclaim lastid', cmds: [...S3R, 'XCLAIM s g bob 0 1-1 LASTID 50-0 JUSTID', 'XINFO GROUPS s', 'XCLAIM s g bob 0 1-1 LASTID 1-0 JUSTID', 'XINFO GROUPS s'] },
  { name: 'xclaim option errors', cmds: [...S3R, 'XCLAIM s g c x 1-1', 'XCLAIM s g c 0 1-1 IDLE x', 'XCLAIM s g c 0 1-1 TIME x', 'XCLAIM s g c 0 1-1 RETRYCOUNT x', 'XCLAIM s g c 0 1-1 LASTID x', 'XCLAIM s g c 0 1-1 FOO', 'XCLAIM s g c 0 1-1 IDLE'] },
  { name: 'xclaim id after option', cmds: [...S3R, 'XCLAIM s g c 0 1-1 JUSTID 2-1', 'XCLAIM s g c 0 foo'] },
  { name: 'xclaim nogroup', cmds: [...S3, 'XCLAIM s nog c 0 1-1', 'XCLAIM nokey g c 0 1-1', 'XCLAIM nokey g c x 1-1'] },
  { name: 'xclaim wrongtype', cmds: ['SET s x', 'XCLAIM s g c 0 1-1'] },
  { name: 'xclaim arity', cmds: ['XCLAIM s g c 0'] },
  { name: 'xclaim negative min idle', cmds: [...S3R, 'XCLAIM s g bob -5 1-1 JUSTID'] },
  { name: 'xclaim same consumer', cmds: [...S3R, 'XCLAIM s g alice 0 1-1', 'XPENDING s g - + 10 alice'], normalize: maskTimes },
  { name: 'xclaim duplicate ids', cmds: [...S3R, 'XCLAIM s g bob 0 1-1 1-1 JUSTID', 'XPENDING s g - + 10'], normalize: maskTimes },
  { name: 'xclaim resp3', resp3: true, cmds: [...S3R, 'XCLAIM s g bob 0 1-1 2-1'] },
  // XAUTOCLAIM
  { name: 'xautoclaim basic', cmds: [...S3R, 'XAUTOCLAIM s g carol 0 0', 'XPENDING s g - + 10'], normalize: maskTimes },
  { name: 'xautoclaim count and cursor', cmds: [...S3R, 'XAUTOCLAIM s g carol 0 0 COUNT 1', 'XAUTOCLAIM s g carol 0 2-1 COUNT 1', 'XAUTOCLAIM s g carol 0 3-1 COUNT 1'] },
  { name: 'xautoclaim justid', cmds: [...S3R, 'XAUTOCLAIM s g carol 0 - JUSTID', 'XPENDING s g - + 10'], normalize: maskTimes },
  { name: 'xautoclaim exclusive start', cmds: [...S3R, 'XAUTOCLAIM s g carol 0 (1-1 JUSTID', 'XAUTOCLAIM s g carol 0 (18446744073709551615-18446744073709551615'] },
  { name: 'xautoclaim min idle not met', cmds: [...S3R, 'XAUTOCLAIM s g carol 100000000 0', 'XINFO GROUPS s'] },
  { name: 'xautoclaim deleted entries', cmds: [...S3R, 'XDEL s 1-1 3-1', 'XAUTOCLAIM s g carol 0 0', 'XPENDING s g'] },
  { name: 'xautoclaim deleted counted in count', cmds: [...S3R, 'XDEL s 1-1', 'XAUTOCLAIM s g carol 0 0 COUNT 1', 'XAUTOCLAIM s g carol 0 0 COUNT 1'] },
  { name: 'xautoclaim count errors', cmds: [...S3R, 'XAUTOCLAIM s g c 0 0 COUNT 0', 'XAUTOCLAIM s g c 0 0 COUNT x', 'XAUTOCLAIM s g c 0 0 COUNT -1', 'XAUTOCLAIM s g c 0 0 COUNT 576460752303423488', 'XAUTOCLAIM s g c 0 0 COUNT 100000 JUSTID'] },
  { name: 'xautoclaim syntax', cmds: [...S3R, 'XAUTOCLAIM s g c 0 0 FOO', 'XAUTOCLAIM s g c 0 0 COUNT', 'XAUTOCLAIM s g c x 0', 'XAUTOCLAIM s g c 0 x'] },
  { name: 'xautoclaim nogroup', cmds: [...S3, 'XAUTOCLAIM s nog c 0 0', 'XAUTOCLAIM nokey g c 0 0', 'XAUTOCLAIM nokey g c 0 0 FOO'] },
  { name: 'xautoclaim wrongtype', cmds: ['SET s x', 'XAUTOCLAIM s g c 0 0'] },
  { name: 'xautoclaim empty pel', cmds: [...S3, 'XAUTOCLAIM s g c 0 0', 'XINFO CONSUMERS s g'] },
  { name: 'xautoclaim resp3', resp3: true, cmds: [...S3R, 'XAUTOCLAIM s g carol 0 0'] },
  { name: 'xautoclaim attempts limit', cmds: [...S3R, 'XADD s 4-1 d 4', 'XREADGROUP GROUP g dan STREAMS s >', 'XCLAIM s g dan 0 4-1 IDLE 900000 JUSTID', 'XAUTOCLAIM s g carol 800000 0 COUNT 1 JUSTID'] },
  // XINFO GROUPS / CONSUMERS
  { name: 'xinfo groups after reads', cmds: [...S3R, 'XINFO GROUPS s'] },
  { name: 'xinfo groups resp3', resp3: true, cmds: [...S3R, 'XINFO GROUPS s'] },
  { name: 'xinfo groups none', cmds: ['XADD s 1-1 a 1', 'XINFO GROUPS s'] },
  { name: 'xinfo groups errors', cmds: ['XINFO GROUPS nokey', 'SET x y', 'XINFO GROUPS x', 'XINFO GROUPS', 'XINFO GROUPS s x'] },
  { name: 'xinfo consumers', cmds: [...S3R, 'XINFO CONSUMERS s g'], normalize: maskTimes },
  { name: 'xinfo consumers resp3', resp3: true, cmds: [...S3R, 'XINFO CONSUMERS s g'], normalize: maskTimes },
  { name: 'xinfo consumers errors', cmds: [...S3, 'XINFO CONSUMERS s nog', 'XINFO CONSUMERS nokey g', 'XINFO CONSUMERS s'] },
  { name: 'lag with deletion before last delivered', cmds: [...S3, 'XREADGROUP GROUP g c COUNT 1 STREAMS s >', 'XDEL s 2-1', 'XINFO GROUPS s', 'XREADGROUP GROUP g c STREAMS s >', 'XINFO GROUPS s'] },
  { name: 'lag with first entry deleted', cmds: [...S3, 'XREADGROUP GROUP g c COUNT 1 STREAMS s >', 'XDEL s 1-1', 'XINFO GROUPS s'] },
  { name: 'lag unknown after setid', cmds: [...S3, 'XDEL s 2-1', 'XGROUP SETID s g 1-1', 'XINFO GROUPS s', 'XGROUP SETID s g 3-1', 'XINFO GROUPS s'] },
  { name: 'lag when everything deleted', cmds: [...S3, 'XDEL s 1-1 2-1 3-1', 'XINFO GROUPS s', 'XREADGROUP GROUP g c STREAMS s >', 'XINFO GROUPS s'] },
  { name: 'lag on empty mkstream', cmds: ['XGROUP CREATE s g $ MKSTREAM', 'XINFO GROUPS s', 'XADD s 1-1 a b', 'XINFO GROUPS s'] },
  { name: 'lag with group ahead', cmds: ['XADD s 1-1 a 1', 'XGROUP CREATE s g 5-5', 'XINFO GROUPS s'] },
  { name: 'entries-read tracks with estimates', cmds: ['XADD s 1-1 a 1', 'XADD s 2-1 a 1', 'XADD s 3-1 a 1', 'XDEL s 1-1', 'XGROUP CREATE s g 0', 'XINFO GROUPS s', 'XREADGROUP GROUP g c COUNT 1 STREAMS s >', 'XINFO GROUPS s'] },
  { name: 'readgroup block from a script', cmds: ['XGROUP CREATE s g $ MKSTREAM', ['EVAL', "return redis.call('XREADGROUP','GROUP','g','c','BLOCK','0','STREAMS','s','>')", '0'], ['EVAL', "return redis.call('xreadgroup','GROUP','g','c','STREAMS','s','>')", '0']] },
  { name: 'readgroup from a script', cmds: [...S3, ['EVAL', "return redis.call('XREADGROUP','GROUP','g','c','COUNT','2','STREAMS','s','>')", '0'], 'XPENDING s g'] },
  { name: 'copy duplicates groups', cmds: [...S3R, 'COPY s t', 'XACK t g 1-1', 'XPENDING s g', 'XPENDING t g', 'XGROUP CREATECONSUMER t g zed', 'XINFO GROUPS s', 'XINFO GROUPS t', 'XREADGROUP GROUP g bob STREAMS t 0'] },
  { name: 'copy of a group-only stream', cmds: ['XGROUP CREATE s g $ MKSTREAM', 'COPY s t', 'XGROUP DESTROY s g', 'XINFO GROUPS t'] },
  { name: 'binary names in errors', cmds: [['XADD', 'k\x00x', '1-1', 'f', 'v'], ['XREADGROUP', 'GROUP', 'g\r\nh', 'c', 'STREAMS', 'k\x00x', '>'], ['XPENDING', 'k\x00x', 'g\x00z'], ['XCLAIM', 'k\x00x', 'a\nb', 'c', '0', '1-1'], ['XGROUP', 'SETID', 'k\x00x', 'g\x00y', '0'], ['XAUTOCLAIM', 'n\r\n', 'g', 'c', '0', '0'], ['XINFO', 'CONSUMERS', 'k\x00x', 'q\x00']] },
  { name: 'nul-terminated $ and >', cmds: [...S3, ['XGROUP', 'CREATE', 's', 'g2', '$\x00x'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>\x00'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '$\x00'], ['XGROUP', 'SETID', 's', 'g', '$\x00'], 'XINFO GROUPS s'] },
  { name: 'nul in options', cmds: [...S3, ['XGROUP', 'CREATE', 't', 'g', '0', 'MKSTREAM\x00yes'], ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT\x00', '1', 'STREAMS', 's', '>'], ['XCLAIM', 's', 'g', 'c', '0', '1-1', 'JUSTID\x00q'], ['XCLAIM', 's', 'g', 'c', '0', '1-1', 'FOO\x00BAR']] },
  // keyspace interplay
  { name: 'delete key drops groups', cmds: [...S3R, 'DEL s', 'XADD s 1-1 a 1', 'XINFO GROUPS s', 'XPENDING s g'] },
  { name: 'rename keeps groups', cmds: [...S3R, 'RENAME s t', 'XPENDING t g'] },
  { name: 'expired key', cmds: [...S3R, 'PEXPIREAT s 1', 'XPENDING s g', 'XREADGROUP GROUP g c STREAMS s >'] },
  { name: 'group ops in multi', cmds: [...S3, 'MULTI', 'XREADGROUP GROUP g c COUNT 1 STREAMS s >', 'XACK s g 1-1', 'XPENDING s g', 'EXEC'] },
  { name: 'watch not touched by group commands', cmds: [...S3, 'WATCH s', 'XGROUP CREATECONSUMER s g c', 'XREADGROUP GROUP g c STREAMS s >', 'XACK s g 1-1', 'MULTI', 'PING', 'EXEC'] },
  { name: 'watch touched by mkstream', cmds: ['WATCH s', 'XGROUP CREATE s g $ MKSTREAM', 'MULTI', 'PING', 'EXEC'] },
  { name: 'big pel', cmds: [...Array.from({ length: 150 }, (_, i) => `XADD s ${i + 1}-0 f ${i}`), 'XGROUP CREATE s g 0', 'XREADGROUP GROUP g c COUNT 120 STREAMS s >', 'XACK s g 5-0 50-0 100-0', 'XPENDING s g', 'XPENDING s g 40 60 5 c', 'XAUTOCLAIM s g d 0 99 COUNT 3 JUSTID'], normalize: maskTimes },
];

pairSuite('stream consumer groups', {}, (pair) => {
  for (const dc of cases) {
    it(dc.name, async () => {
      const expected = await runCase(pair().redis.port, dc);
      const actual = await runCase(pair().respd.port, dc);
      const norm = dc.normalize ?? ((s: string) => s);
      for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
        const label = `reply ${i} to ${JSON.stringify(dc.cmds?.[i] ?? '?').slice(0, 200)}`;
        expect(norm(actual[i] ?? '<missing>', i), label).toBe(norm(expected[i] ?? '<missing>', i));
      }
    });
  }
});

void RawClient;
