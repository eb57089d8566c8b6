/**
 * Redis's geohash arithmetic (geohash.c, geohash_helper.c): the 52-bit
 * interleaved scores geo members carry in their sorted set, decoding them
 * back to the centre of their cell, the 9-cell neighbourhood a search scans,
 * and the haversine distance — with the same floating point steps as Redis,
 * so the same points are found and print the same digits.
 *
 * A cell is kept as its two integer coordinates (latitude and longitude
 * offsets at `step` bits each) rather than the interleaved 64-bit word:
 * moving to a neighbour is then ±1 modulo 2^step, exactly what Redis's
 * bit tricks compute. An offset may equal 2^step (a point on the maximum
 * latitude or longitude), which Redis keeps as an extra bit; so do we.
 */

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;

const D_R = Math.PI / 180.0;
const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;
const TWO32 = 4294967296;
const STEP26 = 2 ** GEO_STEP_MAX;
const LAT_SCALE = GEO_LAT_MAX - GEO_LAT_MIN;
const LON_SCALE = GEO_LONG_MAX - GEO_LONG_MIN;

function degRad(ang: number): number {
  return ang * D_R;
}
function radDeg(ang: number): number {
  return ang / D_R;
}

/** A geohash cell; `zero` marks a neighbour Redis discarded (GZERO). */
export interface Cell {
  lat: number;
  lon: number;
  step: number;
  zero: boolean;
}

export interface Area {
  latMin: number;
  latMax: number;
  lonMin: number;
  lonMax: number;
}

/** Spreads the 16 low bits of v to the even bits of a 32-bit word. */
function spread16(v: number): number {
  v &= 0xffff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v >>> 0;
}

/** Gathers the even bits of a 32-bit word into 16 bits. */
function compact16(v: number): number {
  v &= 0x55555555;
  v = (v | (v >>> 1)) & 0x33333333;
  v = (v | (v >>> 2)) & 0x0f0f0f0f;
  v = (v | (v >>> 4)) & 0x00ff00ff;
  v = (v | (v >>> 8)) & 0x0000ffff;
  return v;
}

// interleave64 output as two 32-bit halves (no allocation).
let ilHi = 0;
let ilLo = 0;

/** interleave64(lat, lon): latitude on the even bits, longitude on the odd bits. */
function interleave(lat: number, lon: number): void {
  ilLo = (spread16(lat) | (spread16(lon) << 1)) >>> 0;
  ilHi = (spread16(lat >>> 16) | (spread16(lon >>> 16) << 1)) >>> 0;
}

/**
 * The 64-bit word hi:lo shifted left by `shift` bits, as the nearest double
 * (C's uint64 → double). Only a step-26 word (shift 0) can exceed 2^53, and
 * then the one addition rounds like C's conversion; shorter words are exact.
 */
function wordToDouble(hi: number, lo: number, shift: number): number {
  return (hi * TWO32 + lo) * 2 ** shift;
}

/** geohashEncode with Redis's WGS84 ranges (or the standard ±90 ones for GEOHASH strings); null out of range. */
export function encode(lon: number, lat: number, step: number, latMin = GEO_LAT_MIN, latMax = GEO_LAT_MAX): Cell | null {
  if (lon > GEO_LONG_MAX || lon < GEO_LONG_MIN || lat > GEO_LAT_MAX || lat < GEO_LAT_MIN) return null;
  if (lat < latMin || lat > latMax) return null;
  let latOffset = (lat - latMin) / (latMax - latMin);
  let lonOffset = (lon - GEO_LONG_MIN) / (GEO_LONG_MAX - GEO_LONG_MIN);
  const scale = 2 ** step;
  latOffset *= scale;
  lonOffset *= scale;
  return { lat: latOffset >>> 0, lon: lonOffset >>> 0, step, zero: false };
}

/** The 52-bit score of a point (geohashAlign52Bits of its step-26 hash). */
export function scoreOf(lon: number, lat: number): number {
  const c = encode(lon, lat, GEO_STEP_MAX)!;
  interleave(c.lat, c.lon);
  return wordToDouble(ilHi, ilLo, 0);
}

/**
 * scoresOfGeoHashBox: the score range [min, max) holding every point of
 * cell `c` — its bits, and its bits + 1, aligned to 52 bits.
 */
export function cellScoreRange(c: Cell): [number, number] {
  interleave(c.lat, c.lon);
  const shift = 52 - c.step * 2;
  const min = wordToDouble(ilHi, ilLo, shift);
  let lo = (ilLo + 1) >>> 0;
  let hi = ilHi;
  if (lo === 0) hi = (hi + 1) >>> 0;
  const max = wordToDouble(hi, lo, shift);
  return [min, max];
}

/** geohashDecode: the lat/lon rectangle of a cell. */
export function decodeArea(c: Cell): Area {
  const div = 2 ** c.step;
  return {
    latMin: GEO_LAT_MIN + ((c.lat * 1.0) / div) * LAT_SCALE,
    latMax: GEO_LAT_MIN + (((c.lat + 1) * 1.0) / div) * LAT_SCALE,
    lonMin: GEO_LONG_MIN + ((c.lon * 1.0) / div) * LON_SCALE,
    lonMax: GEO_LONG_MIN + (((c.lon + 1) * 1.0) / div) * LON_SCALE,
  };
}

/** (uint64_t)d as x86-64 C converts a double outside [0, 2^53): two's complement for negatives, fixed patterns out of range. */
function toU64Slow(d: number): bigint {
  if (d < 2 ** 63) return d >= -(2 ** 63) ? BigInt.asUintN(64, BigInt(Math.trunc(d))) : 1n << 63n;
  return d - 2 ** 63 < 2 ** 63 ? BigInt(Math.trunc(d - 2 ** 63)) ^ (1n << 63n) : 0n;
}

/**
 * decodeGeohash: the centre of the step-26 cell a score encodes, clamped
 * to the valid range, into xy. Scores are walked by every search, so this
 * allocates nothing on the common path (a GEOADD score, below 2^53).
 */
export function decodeScore(score: number, xy: number[]): void {
  let hi: number;
  let lo: number;
  if (score >= 0 && score < 2 ** 53) {
    const t = Math.floor(score);
    hi = Math.floor(t / TWO32);
    lo = t - hi * TWO32;
  } else {
    const b = toU64Slow(score);
    hi = Number(b >> 32n);
    lo = Number(b & 0xffffffffn);
  }
  // deinterleave64: latitude from the even bits, longitude from the odd bits (32 bits each).
  const lat = (compact16(lo) | (compact16(hi) << 16)) >>> 0;
  const lon = (compact16(lo >>> 1) | (compact16(hi >>> 1) << 16)) >>> 0;
  // geohashDecode then geohashDecodeAreaToLongLat, operation for operation.
  const latMin = GEO_LAT_MIN + ((lat * 1.0) / STEP26) * LAT_SCALE;
  const latMax = GEO_LAT_MIN + (((lat + 1) * 1.0) / STEP26) * LAT_SCALE;
  const lonMin = GEO_LONG_MIN + ((lon * 1.0) / STEP26) * LON_SCALE;
  const lonMax = GEO_LONG_MIN + (((lon + 1) * 1.0) / STEP26) * LON_SCALE;
  let x = (lonMin + lonMax) / 2;
  if (x > GEO_LONG_MAX) x = GEO_LONG_MAX;
  if (x < GEO_LONG_MIN) x = GEO_LONG_MIN;
  let y = (latMin + latMax) / 2;
  if (y > GEO_LAT_MAX) y = GEO_LAT_MAX;
  if (y < GEO_LAT_MIN) y = GEO_LAT_MIN;
  xy[0] = x;
  xy[1] = y;
}

const GEOALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

/** GEOHASH's 11-character standard geohash of a point (re-encoded with latitude in ±90; last char '0'). */
export function geohashString(lon: number, lat: number): string {
  const c = encode(lon, lat, GEO_STEP_MAX, -90, 90)!;
  interleave(c.lat, c.lon);
  let out = '';
  for (let i = 0; i < 10; i++) {
    const shift = 52 - (i + 1) * 5; /* 47 .. 2 */
    // 5 bits at `shift` of the 64-bit word ilHi:ilLo.
    let v: number;
    if (shift >= 32) v = (ilHi >>> (shift - 32)) & 0x1f;
    else if (shift + 5 <= 32) v = (ilLo >>> shift) & 0x1f;
    else v = ((ilLo >>> shift) | (ilHi << (32 - shift))) & 0x1f;
    out += GEOALPHABET[v];
  }
  return out + '0';
}

export function latDistance(lat1d: number, lat2d: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
}

/** geohashGetDistance: haversine great-circle distance in meters. */
export function distance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lon1r = degRad(lon1d);
  const lon2r = degRad(lon2d);
  const v = Math.sin((lon2r - lon1r) / 2);
  if (v === 0.0) return latDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

/** A search shape: a circle (radius) or a box (width × height), in `conversion` units per meter. */
export interface Shape {
  box: boolean;
  lon: number;
  lat: number;
  radius: number;
  width: number;
  height: number;
  conversion: number;
}

/** geoWithinShape's test for a decoded point: its distance from the centre, or -1 when outside. */
export function distanceInShape(s: Shape, lon: number, lat: number): number {
  if (!s.box) {
    const d = distance(s.lon, s.lat, lon, lat);
    return d > s.radius * s.conversion ? -1 : d;
  }
  const w = s.width * s.conversion;
  const h = s.height * s.conversion;
  if (latDistance(lat, s.lat) > h / 2) return -1;
  if (distance(lon, lat, s.lon, lat) > w / 2) return -1;
  return distance(s.lon, s.lat, lon, lat);
}

/** geohashEstimateStepsByRadius */
function estimateSteps(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/** geohashBoundingBox: [minLon, minLat, maxLon, maxLat] of the shape. */
function boundingBox(s: Shape): [number, number, number, number] {
  const height = s.conversion * (s.box ? s.height / 2 : s.radius);
  const width = s.conversion * (s.box ? s.width / 2 : s.radius);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const lonDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(s.lat + latDelta)));
  const lonDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(s.lat - latDelta)));
  const south = s.lat < 0;
  return [
    south ? s.lon - lonDeltaBottom : s.lon - lonDeltaTop,
    s.lat - latDelta,
    south ? s.lon + lonDeltaBottom : s.lon + lonDeltaTop,
    s.lat + latDelta,
  ];
}

/** A cell moved by dx in longitude and dy in latitude, modulo 2^step (geohash_move_x/y). */
function moved(c: Cell, dx: number, dy: number): Cell {
  const mod = 2 ** c.step;
  return {
    lat: dy === 0 ? c.lat : (((c.lat + dy) % mod) + mod) % mod,
    lon: dx === 0 ? c.lon : (((c.lon + dx) % mod) + mod) % mod,
    step: c.step,
    zero: false,
  };
}

/**
 * geohashCalculateAreasByShapeWGS84 + membersOfAllNeighbors' order: the
 * centre cell then north, south, east, west, north-east, north-west,
 * south-east, south-west; discarded neighbours are marked `zero`.
 */
export function searchCells(s: Shape): Cell[] {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(s);
  const radiusMeters = s.conversion * (s.box ? Math.sqrt((s.width / 2) * (s.width / 2) + (s.height / 2) * (s.height / 2)) : s.radius);
  let steps = estimateSteps(radiusMeters, s.lat);
  let hash = encode(s.lon, s.lat, steps)!;
  let n = neighbours(hash);
  // Step down once when a neighbour does not reach the edge of the box.
  const north = decodeArea(n[1]);
  const south = decodeArea(n[2]);
  const east = decodeArea(n[3]);
  const west = decodeArea(n[4]);
  const decrease = north.latMax < maxLat || south.latMin > minLat || east.lonMax < maxLon || west.lonMin > minLon;
  if (steps > 1 && decrease) {
    steps--;
    hash = encode(s.lon, s.lat, steps)!;
    n = neighbours(hash);
  }
  const area = decodeArea(hash);
  if (steps >= 2) {
    // Indexes into [self, N, S, E, W, NE, NW, SE, SW].
    if (area.latMin < minLat) for (const i of [2, 8, 7]) n[i].zero = true;
    if (area.latMax > maxLat) for (const i of [1, 5, 6]) n[i].zero = true;
    if (area.lonMin < minLon) for (const i of [4, 8, 6]) n[i].zero = true;
    if (area.lonMax > maxLon) for (const i of [3, 7, 5]) n[i].zero = true;
  }
  return n;
}

function neighbours(h: Cell): Cell[] {
  return [h, moved(h, 0, 1), moved(h, 0, -1), moved(h, 1, 0), moved(h, -1, 0), moved(h, 1, 1), moved(h, -1, 1), moved(h, 1, -1), moved(h, -1, -1)];
}

/** Same cell (Redis compares bits and step, so a cell's overflow bit counts). */
export function sameCell(a: Cell, b: Cell): boolean {
  return a.lat === b.lat && a.lon === b.lon && a.step === b.step;
}
