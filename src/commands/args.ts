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

/** An argument as Redis's %s prints it (a C string): up to the first NUL byte. */
export function cstr(s: string): string {
  const nul = s.indexOf('\0');
  return nul === -1 ? s : s.slice(0, nul);
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

const LONG_MAX = 9223372036854775807n;

/**
 * The count of SRANDMEMBER/HRANDFIELD/ZRANDMEMBER. Redis reads it as a C
 * long in [-LONG_MAX, LONG_MAX] (so -2^63, whose negation overflows, is
 * refused), then checks the optional WITHVALUES/WITHSCORES word (`pairWord`,
 * compared as a C string), and with it halves the range, since each pick
 * then replies two items. Returns the count as a JS number (exact to 2^53;
 * beyond that only its sign and size matter), or null after replying.
 * `argv[2]` is the count, `argv[3]` the optional word.
 */
export function randomCountArg(c: Client, argv: readonly string[], pairWord: string): { count: number; paired: boolean } | null {
  const l = parseI64(argv[2]);
  if (l === null) {
    c.error(E.NOT_INTEGER);
    return null;
  }
  if (l < -LONG_MAX) {
    c.error(E.outOfRangeBetween('-9223372036854775807', '9223372036854775807'));
    return null;
  }
  if (argv.length > 4 || (argv.length === 4 && !isOpt(argv[3], pairWord))) {
    c.error(E.SYNTAX);
    return null;
  }
  const paired = argv.length === 4;
  if (paired && (l < -(LONG_MAX / 2n) || l > LONG_MAX / 2n)) {
    c.error(E.VALUE_OUT_OF_RANGE);
    return null;
  }
  return { count: Number(l), paired };
}
