/**
 * Shared argument parsing helpers. Each returns the parsed value or null
 * after replying with Redis's exact error, so handlers read:
 *
 *   const n = intArg(c, argv[2]); if (n === null) return;
 */
import type { Client } from '../server/client.js';
import { parseI64, parseI64Number } from '../protocol/ints.js';
import { parseDoubleArg } from '../protocol/doubles.js';
import * as E from '../errors.js';

/** A strict 64-bit integer argument (as a JS number). */
export function intArg(c: Client, s: string, err = E.NOT_INTEGER): number | null {
  const n = parseI64Number(s);
  if (n === null) c.error(err);
  return n;
}

/**
 * A strict 64-bit integer argument, exact: a number, or a bigint beyond
 * 2^53 (relational comparisons between the two are exact in JS).
 */
export function i64Arg(c: Client, s: string, err = E.NOT_INTEGER): number | bigint | null {
  const n = parseI64(s);
  if (n === null) c.error(err);
  return n;
}

/** An integer argument within [min, max]; `err` replied when outside. */
export function rangedIntArg(c: Client, s: string, min: number, max: number, err: string): number | null {
  const n = parseI64Number(s);
  if (n === null || n < min || n > max) {
    c.error(n === null ? E.NOT_INTEGER : err);
    return null;
  }
  return n;
}

/** A C int argument (getIntFromObjectOrReply): int64 syntax, then the 32-bit range. */
export function int32Arg(c: Client, s: string): number | null {
  const n = parseI64Number(s);
  if (n === null) c.error(E.NOT_INTEGER);
  else if (n < -2147483648 || n > 2147483647) c.error(E.INT32_OUT_OF_RANGE);
  else return n;
  return null;
}

/** A float argument (NaN refused). */
export function floatArg(c: Client, s: string, err = E.NOT_FLOAT): number | null {
  const d = parseDoubleArg(s);
  if (d === null) c.error(err);
  return d;
}

/** Case-insensitive option comparison without allocating for the common cases. */
export function is(arg: string, upper: string): boolean {
  if (arg.length !== upper.length) return false;
  if (arg === upper) return true;
  return arg.toUpperCase() === upper;
}

/**
 * Like `is`, but reads the argument as a C string (up to its first NUL
 * byte), as Redis's strcasecmp option checks do: "nx\0junk" matches NX.
 */
export function isOpt(arg: string, upper: string): boolean {
  if (arg.length !== upper.length) {
    if (arg.length < upper.length || arg.charCodeAt(upper.length) !== 0) return false;
    arg = arg.slice(0, upper.length);
  }
  return is(arg, upper);
}

/**
 * Block timeouts: seconds as a float, returned as absolute ms (0 = forever).
 * Like Redis 7.0 the milliseconds are rounded up, so "-0.0001" is 0 (block
 * forever) while "0.0001" is 1ms; inf and values past the 64-bit range
 * become negative in Redis's integer conversion and are refused as such.
 */
export function timeoutArg(c: Client, s: string): number | null {
  const d = parseDoubleArg(s);
  if (d === null) {
    c.error(E.TIMEOUT_NOT_FLOAT);
    return null;
  }
  const ms = Math.ceil(d * 1000);
  if (ms < 0 || !(ms < 9223372036854775807)) {
    c.error(E.TIMEOUT_NEGATIVE);
    return null;
  }
  return ms === 0 ? 0 : Date.now() + ms;
}

/**
 * A millisecond timeout argument (getTimeoutFromObjectOrReply with
 * UNIT_MILLISECONDS: WAIT, CLIENT PAUSE): a 64-bit integer, not negative.
 */
export function msTimeoutArg(c: Client, s: string): number | null {
  const ms = parseI64Number(s);
  if (ms === null) {
    c.error(E.STREAM_TIMEOUT_NOT_INT);
    return null;
  }
  if (ms < 0) {
    c.error(E.TIMEOUT_NEGATIVE);
    return null;
  }
  return ms;
}
