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
          c.error(E.prefixOverlapsExisting(prefixes[i], p));
          return 0;
        }
      }
    }
    for (let j = i + 1; j < prefixes.length; j++) {
      if (overlaps(prefixes[i], prefixes[j])) {
        c.error(E.prefixOverlapsProvided(prefixes[i], prefixes[j]));
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
        c.error(E.TRACKING_ONE_REDIRECT);
        return;
      }
      const id = parseI64Number(argv[j]);
      if (id === null) {
        c.error(E.NOT_INTEGER);
        return;
      }
      if (!c.server.clients.has(id)) {
        c.error(E.TRACKING_REDIRECT_MISSING);
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
      c.error(E.TRACKING_PREFIX_NEEDS_BCAST);
      return;
    }
    const st = t.stateOf(c);
    if (st !== undefined && st.bcast !== opts.bcast) {
      c.error(E.TRACKING_BCAST_SWITCH);
      return;
    }
    if (opts.bcast && (opts.optin || opts.optout)) {
      c.error(E.TRACKING_OPT_BCAST);
      return;
    }
    if (opts.optin && opts.optout) {
      c.error(E.TRACKING_OPTIN_OPTOUT);
      return;
    }
    if (st !== undefined && ((opts.optin && st.optout) || (opts.optout && st.optin))) {
      c.error(E.TRACKING_OPT_SWITCH);
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
    c.error(E.CACHING_NEEDS_OPT);
    return;
  }
  if (is(argv[2], 'YES')) {
    if (!st.optin) {
      c.error(E.CACHING_YES_NEEDS_OPTIN);
      return;
    }
  } else if (is(argv[2], 'NO')) {
    if (!st.optout) {
      c.error(E.CACHING_NO_NEEDS_OPTOUT);
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
