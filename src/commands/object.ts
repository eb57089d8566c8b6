/**
 * OBJECT ENCODING / REFCOUNT / IDLETIME / FREQ / HELP.
 *
 * Lookups neither touch the key's access time nor raise "keymiss", like
 * Redis's objectCommandLookup. REFCOUNT mirrors Redis's shared integers
 * (see keyspace/access.ts): the string values 0..9999 are one shared object
 * each (refcount INT_MAX) unless maxmemory with an LRU/LFU policy forbids
 * sharing; everything else has a refcount of 1.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import type { Value } from '../keyspace/value.js';
import { replyHelp } from './help.js';
import * as E from '../errors.js';

const OBJ_SHARED_REFCOUNT = 2147483647;

function lookup(c: Client, key: string): Value | undefined {
  const v = c.server.keyspace.lookupReadNoTouch(c.db, key, false);
  if (v === undefined) c.w.nil();
  return v;
}

function encoding(c: Client, argv: string[]): void {
  const v = lookup(c, argv[2]);
  if (v === undefined) return;
  c.w.bulk(typeof v === 'string' ? c.server.keyspace.stringEncodingOf(c.db, argv[2], v) : v.encoding());
}

function refcount(c: Client, argv: string[]): void {
  const v = lookup(c, argv[2]);
  if (v === undefined) return;
  c.w.integer(c.server.keyspace.access.isShared(c.db, argv[2], v) ? OBJ_SHARED_REFCOUNT : 1);
}

function idletime(c: Client, argv: string[]): void {
  const v = lookup(c, argv[2]);
  if (v === undefined) return;
  const access = c.server.keyspace.access;
  if (access.lfu) {
    c.error(E.IDLE_UNDER_LFU);
    return;
  }
  c.w.integer(Math.floor(access.idleMs(c.db, argv[2], v) / 1000));
}

function freq(c: Client, argv: string[]): void {
  const v = lookup(c, argv[2]);
  if (v === undefined) return;
  const access = c.server.keyspace.access;
  if (!access.lfu) {
    c.error(E.FREQ_NOT_LFU);
    return;
  }
  c.w.integer(access.freq(c.db, argv[2], v));
}

const HELP = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
];

export const objectCommands: CommandDef[] = [
  command('object|encoding', encoding),
  command('object|refcount', refcount),
  command('object|idletime', idletime),
  command('object|freq', freq),
  command('object|help', (c, argv) => replyHelp(c, argv[0], HELP)),
];
