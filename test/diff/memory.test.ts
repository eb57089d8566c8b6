/**
 * MEMORY, ROLE and WAIT compared with real Redis. Byte counts differ by
 * design (V8 heap vs jemalloc): MEMORY USAGE of an existing key and MEMORY
 * STATS are checked for shape only.
 */
import { diffSuite } from '../helpers/diff.js';

/** Integer replies masked (sizes), everything else compared exactly. */
const maskInts = (r: string) => r.replace(/^:\d+\r\n$/, ':N\r\n');

diffSuite('memory, role, wait', [
  { name: 'ROLE of a master without replicas', cmds: ['ROLE', 'ROLE x'] },
  { name: 'ROLE RESP3', resp3: true, cmds: ['ROLE'] },
  { name: 'WAIT for no replicas answers at once', cmds: ['WAIT 0 0', 'WAIT -1 0', 'WAIT 0 100'] },
  { name: 'WAIT argument errors', cmds: ['WAIT x 0', 'WAIT 0 x', 'WAIT 0 -1', 'WAIT 0 1.5', 'WAIT 1', 'WAIT 99999999999999999999 0'] },
  { name: 'WAIT for replicas times out with 0', cmds: ['WAIT 1 50', 'WAIT 2 10'] },
  { name: 'WAIT inside MULTI does not block', cmds: ['MULTI', 'WAIT 1 0', 'EXEC'] },
  { name: 'MEMORY HELP and unknown subcommands', cmds: ['MEMORY HELP', 'MEMORY nope', 'MEMORY', 'memory help'] },
  { name: 'MEMORY subcommand arity', cmds: ['MEMORY DOCTOR x', 'MEMORY PURGE x', 'MEMORY STATS x', 'MEMORY MALLOC-STATS x', 'MEMORY USAGE'] },
  { name: 'MEMORY PURGE', cmds: ['MEMORY PURGE'] },
  { name: 'MEMORY USAGE of a missing key', cmds: ['MEMORY USAGE nokey', 'MEMORY USAGE nokey SAMPLES 0'] },
  { name: 'MEMORY USAGE option errors', cmds: ['SET k v', 'MEMORY USAGE k SAMPLES x', 'MEMORY USAGE k bar', 'MEMORY USAGE k SAMPLES -1', 'MEMORY USAGE k SAMPLES', 'MEMORY USAGE nokey SAMPLES x'] },
  { name: 'MEMORY USAGE of each type is an integer', normalize: maskInts, cmds: ['SET s v', 'RPUSH l a b', 'HSET h f v', 'SADD st m', 'ZADD z 1 m', 'MEMORY USAGE s', 'MEMORY USAGE l', 'MEMORY USAGE h SAMPLES 0', 'MEMORY USAGE st', 'MEMORY USAGE z SAMPLES 2'] },
  { name: 'MEMORY DOCTOR on an empty instance', cmds: ['MEMORY DOCTOR'] },
]);

/** MEMORY STATS: the field names and their order (values are respd's own). */
diffSuite('memory stats shape', [
  {
    name: 'MEMORY STATS field names',
    cmds: ['SET a b', 'MEMORY STATS'],
    // keep only the bulk-string field names of the reply
    normalize: (r) => (r.startsWith('*') ? (r.match(/\$\d+\r\n[a-z][a-z0-9.-]*\r\n/g) ?? []).join('') : r),
  },
  {
    name: 'MEMORY STATS RESP3: a map, doubles where Redis has doubles',
    resp3: true,
    cmds: ['SET a b', 'MEMORY STATS'],
    // names and value types (integer ':' or double ','), not the values
    normalize: (r) => (r.startsWith('%') ? (r.match(/\$\d+\r\n[a-z][a-z0-9.-]*\r\n|\r\n[:,%]/g) ?? []).join('') : r),
  },
]);
