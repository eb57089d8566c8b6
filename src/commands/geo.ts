/**
 * Geo commands: GEOADD, GEOPOS, GEODIST, GEOHASH, GEOSEARCH,
 * GEOSEARCHSTORE and the GEORADIUS family (with their _RO variants).
 *
 * Points are members of a sorted set scored with their 52-bit geohash
 * (keyspace/geohash.ts). A search scans the score ranges of the 9 cells
 * around the centre, keeps the points inside the circle or box, sorts them
 * by distance as Redis does (qsort, or pqsort when COUNT cuts the result),
 * and replies or stores them. Argument checks happen in Redis's order so
 * the same bad command gets the same error.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { isOpt, i64Arg } from './args.js';
import { string2d, formatFixed, trimDoubleString } from '../protocol/doubles.js';
import { ZSet, type ScoreRange } from '../keyspace/zset.js';
import { ZADD_NX, ZADD_XX } from '../keyspace/zset.js';
import { zsetForRead, zlimits, storeResult } from './zset-common.js';
import { zaddApply } from './zsets.js';
import {
  GEO_LAT_MAX, GEO_LAT_MIN, GEO_LONG_MAX, GEO_LONG_MIN, scoreOf, decodeScore, geohashString, distance,
  distanceInShape, searchCells, sameCell, cellScoreRange, type Shape,
} from '../keyspace/geohash.js';
import { pqsort } from '../keyspace/pqsort.js';
import * as E from '../errors.js';

// ---- argument helpers ------------------------------------------------------

/** extractUnitOrReply: meters per unit, or -1 after the error reply. */
function unitArg(c: Client, s: string): number {
  if (isOpt(s, 'M')) return 1;
  if (isOpt(s, 'KM')) return 1000;
  if (isOpt(s, 'FT')) return 0.3048;
  if (isOpt(s, 'MI')) return 1609.34;
  c.error(E.GEO_UNIT);
  return -1;
}

/** getDoubleFromObjectOrReply with an optional custom message. */
function doubleArg(c: Client, s: string, err: string = E.NOT_FLOAT): number | null {
  const d = string2d(s);
  if (d === null) c.error(err);
  return d;
}

/** extractLongLatOrReply: argv[i], argv[i+1] into xy, checked against the geohash limits. */
function lonLatArgs(c: Client, argv: string[], i: number, xy: number[]): boolean {
  const lon = doubleArg(c, argv[i]);
  if (lon === null) return false;
  const lat = doubleArg(c, argv[i + 1]);
  if (lat === null) return false;
  if (lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX) {
    c.error(E.geoInvalidPair(formatFixed(lon, 6), formatFixed(lat, 6)));
    return false;
  }
  xy[0] = lon;
  xy[1] = lat;
  return true;
}

/** extractDistanceOrReply: "radius unit" at argv[i] into the shape. */
function radiusArgs(c: Client, argv: string[], i: number, shape: Shape): boolean {
  const r = doubleArg(c, argv[i], E.GEO_NEED_RADIUS);
  if (r === null) return false;
  if (r < 0) {
    c.error(E.GEO_RADIUS_NEGATIVE);
    return false;
  }
  shape.radius = r;
  const conv = unitArg(c, argv[i + 1]);
  if (conv < 0) return false;
  shape.conversion = conv;
  return true;
}

/** extractBoxOrReply: "width height unit" at argv[i] into the shape. */
function boxArgs(c: Client, argv: string[], i: number, shape: Shape): boolean {
  const w = doubleArg(c, argv[i], E.GEO_NEED_WIDTH);
  if (w === null) return false;
  const h = doubleArg(c, argv[i + 1], E.GEO_NEED_HEIGHT);
  if (h === null) return false;
  if (h < 0 || w < 0) {
    c.error(E.GEO_BOX_NEGATIVE);
    return false;
  }
  shape.width = w;
  shape.height = h;
  const conv = unitArg(c, argv[i + 2]);
  if (conv < 0) return false;
  shape.conversion = conv;
  return true;
}

// ---- reply formatting ------------------------------------------------------

/** addReplyHumanLongDouble: "%.17Lf" without trailing zeros; a RESP3 double carries the same text. */
function replyCoord(c: Client, d: number): void {
  // toFixed is exact but rounds ties up where printf rounds them to even; a
  // tie at 17 decimals needs d to be a multiple of 2^-18 (then formatFixed decides).
  const fixed = Number.isInteger(d * 262144) ? formatFixed(d, 17) : d.toFixed(17);
  let s = trimDoubleString(fixed);
  if (s === '-0') s = '0';
  if (c.resp === 2) c.w.bulk(s);
  else c.w.raw(`,${s}\r\n`);
}

/** addReplyDoubleDistance (fixedpoint_d2string, 4 digits): llrint(d * 10^4) printed with 4 decimals. */
function formatDistance(d: number): string {
  if (d === 0) return '0.0000';
  const x = d * 10000;
  let v = Math.round(x);
  if (v - x === 0.5 && v % 2 !== 0) v -= 1; /* llrint rounds ties to even */
  const neg = v < 0;
  const digits = String(Math.abs(v)).padStart(5, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}`;
}

// ---- GEOADD / GEOPOS / GEODIST / GEOHASH -----------------------------------

/** GEOADD key [NX|XX] [CH] longitude latitude member [...]: a ZADD of the members' geohash scores. */
function geoadd(c: Client, argv: string[]): void {
  let flags = 0;
  let ch = false;
  let idx = 2;
  for (; idx < argv.length; idx++) {
    const opt = argv[idx];
    if (isOpt(opt, 'NX')) flags |= ZADD_NX;
    else if (isOpt(opt, 'XX')) flags |= ZADD_XX;
    else if (isOpt(opt, 'CH')) ch = true;
    else break;
  }
  if ((argv.length - idx) % 3 !== 0 || (flags & (ZADD_NX | ZADD_XX)) === (ZADD_NX | ZADD_XX)) {
    c.error(E.SYNTAX);
    return;
  }
  const elements = (argv.length - idx) / 3;
  const scores = new Array<number>(elements);
  const xy = [0, 0];
  for (let i = 0; i < elements; i++) {
    if (!lonLatArgs(c, argv, idx + i * 3, xy)) return;
    scores[i] = scoreOf(xy[0], xy[1]);
  }
  if (elements === 0) {
    // Redis's rewritten ZADD has no score/member pairs: a syntax error.
    c.error(E.SYNTAX);
    return;
  }
  zaddApply(c, argv[1], flags, ch, scores, argv, idx + 2, 3);
}

/**
 * GEOPOS / GEOHASH: one reply per member argument, `found` with the
 * member's decoded position, `missing` when the key or member is absent.
 */
function perMember(c: Client, argv: string[], found: (xy: number[]) => void, missing: () => void): void {
  const z = zsetForRead(c, argv[1]);
  if (z === null) return;
  c.w.array(argv.length - 2);
  const xy = [0, 0];
  for (let j = 2; j < argv.length; j++) {
    const score = z?.score(argv[j]);
    if (score === undefined) {
      missing();
    } else {
      decodeScore(score, xy);
      found(xy);
    }
  }
}

/** GEOPOS key [member ...] */
function geopos(c: Client, argv: string[]): void {
  perMember(
    c,
    argv,
    (xy) => {
      c.w.array(2);
      replyCoord(c, xy[0]);
      replyCoord(c, xy[1]);
    },
    () => c.w.nilArray(),
  );
}

/** GEOHASH key [member ...]: 11-character standard geohash strings. */
function geohash(c: Client, argv: string[]): void {
  perMember(c, argv, (xy) => c.w.bulk(geohashString(xy[0], xy[1])), () => c.w.nil());
}

/** GEODIST key member1 member2 [M|KM|FT|MI] */
function geodist(c: Client, argv: string[]): void {
  let toMeter = 1;
  if (argv.length === 5) {
    toMeter = unitArg(c, argv[4]);
    if (toMeter < 0) return;
  } else if (argv.length > 5) {
    c.error(E.SYNTAX);
    return;
  }
  const z = zsetForRead(c, argv[1]);
  if (z === null) return;
  const s1 = z?.score(argv[2]);
  const s2 = s1 === undefined ? undefined : z!.score(argv[3]);
  if (s2 === undefined) {
    c.w.nil();
    return;
  }
  const a = [0, 0];
  const b = [0, 0];
  decodeScore(s1!, a);
  decodeScore(s2, b);
  c.w.bulk(formatDistance(distance(a[0], a[1], b[0], b[1]) / toMeter));
}

// ---- searches ----------------------------------------------------------------

const RADIUS_COORDS = 1 << 0;
const RADIUS_MEMBER = 1 << 1;
const RADIUS_NOSTORE = 1 << 2;
const GEOSEARCH = 1 << 3;
const GEOSEARCHSTORE = 1 << 4;

const SORT_NONE = 0;
const SORT_ASC = 1;
const SORT_DESC = 2;

interface GeoPoint {
  lon: number;
  lat: number;
  dist: number;
  score: number;
  member: string;
}

/** The centre of a FROMMEMBER / BYMEMBER search; false (after the reply) when the member is missing. */
function memberCentre(c: Client, z: ZSet, member: string, shape: Shape): boolean {
  const score = z.score(member);
  if (score === undefined) {
    c.error(E.GEO_NO_MEMBER);
    return false;
  }
  const xy = [0, 0];
  decodeScore(score, xy);
  shape.lon = xy[0];
  shape.lat = xy[1];
  return true;
}

/**
 * membersOfAllNeighbors: the points of `z` inside the shape, cell by cell;
 * with `limit` (COUNT ANY) it stops as soon as that many were found.
 */
function pointsInShape(z: ZSet, shape: Shape, limit: number): GeoPoint[] {
  const out: GeoPoint[] = [];
  const cells = searchCells(shape);
  const range: ScoreRange = { min: 0, max: 0, minex: false, maxex: true };
  const xy = [0, 0];
  let last = 0; /* index of the last cell scanned; 0 (the centre) never compares, as in Redis */
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell.zero) continue;
    if (last !== 0 && sameCell(cell, cells[last])) continue;
    if (out.length !== 0 && limit !== 0 && out.length >= limit) break;
    [range.min, range.max] = cellScoreRange(cell);
    const [lo, hi] = z.scoreRanks(range);
    const cur = z.at(lo);
    for (let r = lo; r < hi; r++, cur.next()) {
      const score = cur.score;
      decodeScore(score, xy);
      const dist = distanceInShape(shape, xy[0], xy[1]);
      if (dist >= 0) out.push({ lon: xy[0], lat: xy[1], dist, score, member: cur.member });
      if (out.length !== 0 && limit !== 0 && out.length >= limit) break;
    }
    last = i;
  }
  return out;
}

function byDistance(a: GeoPoint, b: GeoPoint): number {
  return a.dist > b.dist ? 1 : a.dist === b.dist ? 0 : -1;
}
function byDistanceDesc(a: GeoPoint, b: GeoPoint): number {
  return -byDistance(a, b);
}

/** georadiusGeneric: every search command, told apart by `flags`. */
function search(c: Client, argv: string[], srcIdx: number, flags: number): void {
  const z = zsetForRead(c, argv[srcIdx]);
  if (z === null) return;
  let storeKey: string | null = null;
  let storeDist = false;
  const shape: Shape = { box: false, lon: 0, lat: 0, radius: 0, width: 0, height: 0, conversion: 1 };
  let base: number;
  if (flags & RADIUS_COORDS) {
    base = 6;
    const xy = [0, 0];
    if (!lonLatArgs(c, argv, 2, xy)) return;
    shape.lon = xy[0];
    shape.lat = xy[1];
    if (!radiusArgs(c, argv, base - 2, shape)) return;
  } else if (flags & RADIUS_MEMBER) {
    base = 5;
    // Without the key Redis only parses the options, to know which empty reply to give.
    if (z !== undefined) {
      if (!memberCentre(c, z, argv[2], shape)) return;
      if (!radiusArgs(c, argv, base - 2, shape)) return;
    }
  } else {
    base = 2;
    if (flags & GEOSEARCHSTORE) {
      base = 3;
      storeKey = argv[1];
    }
  }

  let withDist = false;
  let withHash = false;
  let withCoord = false;
  let fromMember = false;
  let fromLoc = false;
  let byRadius = false;
  let byBox = false;
  let sort = SORT_NONE;
  let any = false;
  let count = 0;
  const remaining = argv.length - base;
  for (let i = 0; i < remaining; i++) {
    const arg = argv[base + i];
    const more = remaining - i - 1; /* arguments after this one */
    if (isOpt(arg, 'WITHDIST')) withDist = true;
    else if (isOpt(arg, 'WITHHASH')) withHash = true;
    else if (isOpt(arg, 'WITHCOORD')) withCoord = true;
    else if (isOpt(arg, 'ANY')) any = true;
    else if (isOpt(arg, 'ASC')) sort = SORT_ASC;
    else if (isOpt(arg, 'DESC')) sort = SORT_DESC;
    else if (isOpt(arg, 'COUNT') && more >= 1) {
      const n = i64Arg(c, argv[base + i + 1]);
      if (n === null) return;
      if (n <= 0) {
        c.error(E.GEO_COUNT_POSITIVE);
        return;
      }
      count = Number(n);
      i++;
    } else if ((isOpt(arg, 'STORE') || isOpt(arg, 'STOREDIST')) && more >= 1 && !(flags & RADIUS_NOSTORE) && !(flags & GEOSEARCH)) {
      storeKey = argv[base + i + 1];
      storeDist = isOpt(arg, 'STOREDIST');
      i++;
    } else if (isOpt(arg, 'STOREDIST') && flags & GEOSEARCH && flags & GEOSEARCHSTORE) {
      storeDist = true;
    } else if (isOpt(arg, 'FROMMEMBER') && more >= 1 && flags & GEOSEARCH && !fromLoc) {
      if (z !== undefined && !memberCentre(c, z, argv[base + i + 1], shape)) return;
      fromMember = true;
      i++;
    } else if (isOpt(arg, 'FROMLONLAT') && more >= 2 && flags & GEOSEARCH && !fromMember) {
      const xy = [0, 0];
      if (!lonLatArgs(c, argv, base + i + 1, xy)) return;
      shape.lon = xy[0];
      shape.lat = xy[1];
      fromLoc = true;
      i += 2;
    } else if (isOpt(arg, 'BYRADIUS') && more >= 2 && flags & GEOSEARCH && !byBox) {
      if (!radiusArgs(c, argv, base + i + 1, shape)) return;
      shape.box = false;
      byRadius = true;
      i += 2;
    } else if (isOpt(arg, 'BYBOX') && more >= 3 && flags & GEOSEARCH && !byRadius) {
      if (!boxArgs(c, argv, base + i + 1, shape)) return;
      shape.box = true;
      byBox = true;
      i += 3;
    } else {
      c.error(E.SYNTAX);
      return;
    }
  }

  if (storeKey !== null && (withDist || withHash || withCoord)) {
    c.error(E.geoStoreWith((flags & GEOSEARCHSTORE) !== 0));
    return;
  }
  if (flags & GEOSEARCH && !(fromMember || fromLoc)) {
    c.error(E.geoExactlyOneFrom(argv[0]));
    return;
  }
  if (flags & GEOSEARCH && !(byRadius || byBox)) {
    c.error(E.geoExactlyOneBy(argv[0]));
    return;
  }
  if (any && count === 0) {
    c.error(E.GEO_ANY_NEEDS_COUNT);
    return;
  }

  if (z === undefined) {
    if (storeKey !== null) storeResult(c, storeKey, new ZSet(), '');
    else c.w.array(0);
    return;
  }

  // COUNT without an order means the nearest ones (except with ANY).
  if (count !== 0 && sort === SORT_NONE && !any) sort = SORT_ASC;

  const points = pointsInShape(z, shape, any ? count : 0);
  if (points.length === 0 && storeKey === null) {
    c.w.array(0);
    return;
  }
  const total = points.length;
  const returned = count === 0 || total < count ? total : count;
  if (sort !== SORT_NONE) {
    const cmp = sort === SORT_ASC ? byDistance : byDistanceDesc;
    // glibc's qsort is a stable merge sort, like Array.prototype.sort; pqsort is Redis's own.
    if (returned === total) points.sort(cmp);
    else pqsort(points, total, cmp, 0, returned - 1);
  }

  if (storeKey === null) {
    const options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoord ? 1 : 0);
    c.w.array(returned);
    for (let i = 0; i < returned; i++) {
      const p = points[i];
      if (options !== 0) c.w.array(options + 1);
      c.w.bulk(p.member);
      if (withDist) c.w.bulk(formatDistance(p.dist / shape.conversion));
      if (withHash) c.w.integer(Math.trunc(p.score));
      if (withCoord) {
        c.w.array(2);
        replyCoord(c, p.lon);
        replyCoord(c, p.lat);
      }
    }
    return;
  }
  const result = new ZSet();
  const limits = zlimits(c);
  for (let i = 0; i < returned; i++) {
    const p = points[i];
    result.insert(p.member, storeDist ? p.dist / shape.conversion : p.score, limits);
  }
  storeResult(c, storeKey, result, flags & GEOSEARCH ? 'geosearchstore' : 'georadiusstore');
}

export const geoCommands: CommandDef[] = [
  command('geoadd', geoadd),
  command('geopos', geopos),
  command('geohash', geohash),
  command('geodist', geodist),
  command('georadius', (c, argv) => search(c, argv, 1, RADIUS_COORDS)),
  command('georadius_ro', (c, argv) => search(c, argv, 1, RADIUS_COORDS | RADIUS_NOSTORE)),
  command('georadiusbymember', (c, argv) => search(c, argv, 1, RADIUS_MEMBER)),
  command('georadiusbymember_ro', (c, argv) => search(c, argv, 1, RADIUS_MEMBER | RADIUS_NOSTORE)),
  command('geosearch', (c, argv) => search(c, argv, 1, GEOSEARCH)),
  command('geosearchstore', (c, argv) => search(c, argv, 2, GEOSEARCH | GEOSEARCHSTORE)),
];
