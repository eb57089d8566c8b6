/**
 * CLIENT subcommands of client-side caching: TRACKING, CACHING, GETREDIR,
 * TRACKINGINFO. The tracking machinery lives in server/tracking.ts.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { trackingOf } from '../server/tracking.js';
import { is } from './args.js';
import { parseI64Number } from '../protocol/ints.js';
import * as E from '../errors.js';

/** Two prefixes collide when one starts with the other: a key would be reported twice. */
function overlaps(a: string, b: string): boolean {
  return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
}

/**
 * Redis's checkPrefixCollisionsOrReply, including its quirk: a collision
 * between two new prefixes found after the first one replies an error but
 * still reports success (the index), so the caller goes on and replies OK.
 */
function checkPrefixes(c: Client, prefixes: string[], existing: Set<string> | undefined): number {
  for (let i = 0; i < prefixes.length; i++) {
    if (existing !== undefined) {
      for (const p of [...existing].sort()) {
        if (overlaps(p, prefixes[i])) {
          c.error(`ERR Prefix '${prefixes[i]}' overlaps with an existing prefix '${p}'. Prefixes for a single client must not overlap.`);
          return 0;
        }
      }
    }
    for (let j = i + 1; j < prefixes.length; j++) {
      if (overlaps(prefixes[i], prefixes[j])) {
        c.error(`ERR Prefix '${prefixes[i]}' overlaps with another provided prefix '${prefixes[j]}'. Prefixes for a single client must not overlap.`);
        return i;
      }
    }
  }
  return 1;
}

function tracking(c: Client, argv: string[]): void {
  const t = trackingOf(c.server);
  let redirect = 0;
  const opts = { bcast: false, optin: false, optout: false, noloop: false };
  const prefixes: string[] = [];
  for (let j = 3; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const a = argv[j];
    if (is(a, 'REDIRECT') && more > 0) {
      j++;
      if (redirect !== 0) {
        c.error('ERR A client can only redirect to a single other client');
        return;
      }
      const id = parseI64Number(argv[j]);
      if (id === null) {
        c.error(E.NOT_INTEGER);
        return;
      }
      if (!c.server.clients.has(id)) {
        c.error('ERR The client ID you want redirect to does not exist');
        return;
      }
      redirect = id;
    } else if (is(a, 'BCAST')) {
      opts.bcast = true;
    } else if (is(a, 'OPTIN')) {
      opts.optin = true;
    } else if (is(a, 'OPTOUT')) {
      opts.optout = true;
    } else if (is(a, 'NOLOOP')) {
      opts.noloop = true;
    } else if (is(a, 'PREFIX') && more > 0) {
      prefixes.push(argv[++j]);
    } else {
      c.error(E.SYNTAX);
      return;
    }
  }
  if (is(argv[2], 'ON')) {
    if (!opts.bcast && prefixes.length > 0) {
      c.error('ERR PREFIX option requires BCAST mode to be enabled');
      return;
    }
    const st = t.stateOf(c);
    if (st !== undefined && st.bcast !== opts.bcast) {
      c.error("ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.");
      return;
    }
    if (opts.bcast && (opts.optin || opts.optout)) {
      c.error('ERR OPTIN and OPTOUT are not compatible with BCAST');
      return;
    }
    if (opts.optin && opts.optout) {
      c.error("ERR You can't specify both OPTIN mode and OPTOUT mode");
      return;
    }
    if (st !== undefined && ((opts.optin && st.optout) || (opts.optout && st.optin))) {
      c.error("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.");
      return;
    }
    if (opts.bcast && checkPrefixes(c, prefixes, st?.prefixes) === 0) return;
    t.enable(c, redirect, opts, prefixes);
  } else if (is(argv[2], 'OFF')) {
    t.disable(c);
  } else {
    c.error(E.SYNTAX);
    return;
  }
  c.w.ok();
}

function caching(c: Client, argv: string[]): void {
  const st = trackingOf(c.server).stateOf(c);
  if (st === undefined) {
    c.error('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
    return;
  }
  if (is(argv[2], 'YES')) {
    if (!st.optin) {
      c.error('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.');
      return;
    }
  } else if (is(argv[2], 'NO')) {
    if (!st.optout) {
      c.error('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.');
      return;
    }
  } else {
    c.error(E.SYNTAX);
    return;
  }
  st.caching = true;
  c.w.ok();
}

function getredir(c: Client): void {
  const st = trackingOf(c.server).stateOf(c);
  c.w.integer(st === undefined ? -1 : st.redirect);
}

function trackinginfo(c: Client): void {
  const st = trackingOf(c.server).stateOf(c);
  const w = c.w;
  w.map(3);
  w.bulk('flags');
  const flags: string[] = [st === undefined ? 'off' : 'on'];
  if (st !== undefined) {
    if (st.bcast) flags.push('bcast');
    if (st.optin) {
      flags.push('optin');
      if (st.caching) flags.push('caching-yes');
    }
    if (st.optout) {
      flags.push('optout');
      if (st.caching) flags.push('caching-no');
    }
    if (st.noloop) flags.push('noloop');
    if (st.brokenRedirect) flags.push('broken_redirect');
  }
  w.set(flags.length);
  for (const f of flags) w.bulk(f);
  w.bulk('redirect');
  w.integer(st === undefined ? -1 : st.redirect);
  w.bulk('prefixes');
  w.bulkArray(st === undefined ? [] : [...st.prefixes].sort());
}

export const clientTrackingCommands: CommandDef[] = [
  command('client|tracking', tracking),
  command('client|caching', caching),
  command('client|getredir', getredir),
  command('client|trackinginfo', trackinginfo),
];
