import { diffSuite, type Cmd, type DiffCase } from '../helpers/diff.js';
import { wrongTypeSuite } from '../helpers/wrongtype.js';

// Geo commands compared with real Redis 7.0 byte for byte: scores, the
// digits of coordinates and distances, search results and their order.

/** Deterministic pseudo-random generator (LCG), uniform in [0, 1). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 4294967296;
  };
}

/** GEOADD of n seeded points spread over the whole valid range. */
function randomPoints(key: string, n: number, seed: number): Cmd {
  const r = lcg(seed);
  const argv = ['GEOADD', key];
  for (let i = 0; i < n; i++) argv.push((r() * 360 - 180).toFixed(6), (r() * 170.1 - 85.05).toFixed(6), `p${i}`);
  return argv;
}

/** Random searches of every kind around random centres and members. */
function randomSearches(key: string, n: number, seed: number, members: number): Cmd[] {
  const r = lcg(seed);
  const units = ['m', 'km', 'mi', 'ft'];
  const cmds: Cmd[] = [];
  for (let i = 0; i < n; i++) {
    const lon = (r() * 360 - 180).toFixed(3);
    const lat = (r() * 170 - 85).toFixed(3);
    const radius = String(Math.floor(r() ** 3 * 6000));
    const unit = units[i % 4];
    const m = `p${Math.floor(r() * members)}`;
    cmds.push(
      ['GEOSEARCH', key, 'FROMLONLAT', lon, lat, 'BYRADIUS', radius, 'km', 'WITHDIST', 'WITHCOORD', 'WITHHASH', 'ASC'],
      ['GEOSEARCH', key, 'FROMLONLAT', lon, lat, 'BYBOX', radius, String(Math.floor(r() * 4000)), 'km', 'WITHDIST', 'DESC'],
      ['GEOSEARCH', key, 'FROMMEMBER', m, 'BYRADIUS', String(Math.floor(r() * 3000000)), unit, 'COUNT', '3', 'WITHDIST'],
      ['GEOSEARCH', key, 'FROMMEMBER', m, 'BYRADIUS', String(Math.floor(r() * 3000)), 'km', 'COUNT', '2', 'ANY'],
      ['GEORADIUS', key, lon, lat, radius, 'km'],
      ['GEORADIUSBYMEMBER_RO', key, m, radius, unit, 'WITHCOORD', 'COUNT', '5', 'DESC'],
      ['GEODIST', key, m, `p${i % members}`, unit],
    );
  }
  return cmds;
}

/** Many members on a handful of identical points: equal distances, so the sort order itself is compared. */
function tiedPoints(): Cmd[] {
  const argv = ['GEOADD', 't'];
  for (let i = 0; i < 120; i++) {
    const p = i % 5;
    argv.push(String(10 + p * 0.01), String(20 + p * 0.01), `m${(i * 37) % 120}`);
  }
  const cmds: Cmd[] = [argv];
  for (const n of ['1', '2', '3', '5', '7', '8', '10', '40', '41', '50', '100', '119', '120', '200']) {
    cmds.push(
      ['GEOSEARCH', 't', 'FROMLONLAT', '10', '20', 'BYRADIUS', '50', 'km', 'COUNT', n],
      ['GEOSEARCH', 't', 'FROMLONLAT', '10.02', '20.02', 'BYRADIUS', '50', 'km', 'COUNT', n, 'DESC'],
      ['GEOSEARCH', 't', 'FROMLONLAT', '10.02', '20.02', 'BYRADIUS', '50', 'km', 'COUNT', n, 'ANY', 'DESC'],
    );
  }
  cmds.push(['GEOSEARCH', 't', 'FROMLONLAT', '10', '20', 'BYRADIUS', '50', 'km'], ['GEOSEARCH', 't', 'FROMLONLAT', '10', '20', 'BYRADIUS', '50', 'km', 'DESC']);
  return cmds;
}

/** Searches centred on the corners and edges of the valid range, from radius 0 to beyond the planet. */
function edgeSearches(): Cmd[] {
  const cmds: Cmd[] = [
    randomPoints('e', 300, 7),
    ['GEOADD', 'e', '180', '85.05112878', 'np', '-180', '-85.05112878', 'sp', '180', '0', 'am', '-180', '0', 'am2'],
  ];
  const centres = [['180', '85.05112878'], ['-180', '-85.05112878'], ['180', '0'], ['-180', '0'], ['0', '85.05112878'], ['179.99', '-85'], ['0', '0']];
  for (const [lon, lat] of centres) {
    for (const r of ['0', '1', '100', '1000', '5000', '20000', '40000', '100000']) {
      cmds.push(
        ['GEOSEARCH', 'e', 'FROMLONLAT', lon, lat, 'BYRADIUS', r, 'km', 'ASC', 'WITHDIST', 'WITHCOORD'],
        ['GEOSEARCH', 'e', 'FROMLONLAT', lon, lat, 'BYBOX', r, r, 'km', 'DESC', 'WITHDIST', 'WITHHASH'],
      );
    }
  }
  cmds.push(['GEOSEARCH', 'e', 'FROMMEMBER', 'np', 'BYRADIUS', '0', 'm', 'WITHDIST'], ['GEOSEARCH', 'e', 'FROMMEMBER', 'am', 'BYBOX', '1', '1', 'm', 'WITHCOORD']);
  return cmds;
}

const SICILY = 'GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania';

const cases: DiffCase[] = [
  {
    name: 'the documentation example',
    cmds: [
      SICILY, 'ZRANGE Sicily 0 -1 WITHSCORES', 'GEODIST Sicily Palermo Catania', 'GEODIST Sicily Palermo Catania km',
      'GEODIST Sicily Palermo Catania mi', 'GEODIST Sicily Palermo Catania FT', 'GEODIST Sicily Palermo Nope',
      'GEOPOS Sicily Palermo Catania NonExisting', 'GEOHASH Sicily Palermo Catania nope',
      'GEORADIUS Sicily 15 37 200 km WITHDIST WITHCOORD WITHHASH', 'GEORADIUS Sicily 15 37 200 km WITHDIST DESC',
      'GEORADIUSBYMEMBER Sicily Palermo 200 km WITHDIST', 'GEORADIUS_RO Sicily 15 37 100 km',
      'GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km ASC WITHCOORD WITHDIST',
      'GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 100 km', 'GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT 1',
    ],
  },
  {
    name: 'the same in RESP3',
    resp3: true,
    cmds: [
      SICILY, 'GEOPOS Sicily Palermo nope', 'GEOHASH Sicily Palermo nope', 'GEODIST Sicily Palermo Catania',
      'GEODIST Sicily Palermo nope', 'GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHDIST WITHCOORD WITHHASH',
    ],
  },
  {
    name: 'GEOADD options, edges and errors',
    cmds: [
      'GEOADD p 180 85.05112878 a -180 -85.05112878 b 180 -85.05112878 c -180 85.05112878 d 0 0 e 179.9999 0 f -0.0 -0.0 g',
      'ZRANGE p 0 -1 WITHSCORES', 'GEOPOS p a b c d e f g', 'GEOHASH p a b c d e f g',
      'GEOADD p 181 0 x', 'GEOADD p 0 86 x', 'GEOADD p -180.000001 0 x', 'GEOADD p 1e3 1e-3 x', 'GEOADD p abc 0 x',
      'GEOADD p 0 inf x', 'GEOADD p NX XX 1 1 x', 'GEOADD p 1 1', 'GEOADD p CH CH CH', 'GEOADD p GT 1 1 x',
      'GEOADD p CH XX 1 1 e 2 2 zz', 'GEOADD p NX 3 3 e 4 4 zz', 'GEOADD p CH 5 5 e 5 5 zz', 'GEOADD p nx ch 6 6 e',
      'ZRANGE p 0 -1 WITHSCORES', 'GEOADD p 1 1 x 2 2', 'GEOADD p 1 1 x 200 2 y', 'EXISTS y',
      ['GEOADD', 'p', '1\x00', '1', 'x'], ['GEOADD', 'p', ' 1', '1', 'x'], ['GEOADD', 'p', '0x10', '1', 'hex'], 'GEOPOS p hex',
    ],
  },
  {
    name: 'search argument errors, in Redis order',
    cmds: [
      SICILY,
      'GEOSEARCH Sicily FROMLONLAT 0 0 BYRADIUS -1 km', 'GEOSEARCH Sicily FROMLONLAT 0 0', 'geosearch Sicily BYRADIUS 1 km',
      'GeoSearch Sicily FROMLONLAT 0 0', 'GEOSEARCH Sicily FROMLONLAT 0 0 BYRADIUS 1 km ANY',
      'GEOSEARCH Sicily FROMLONLAT 0 0 BYRADIUS 1 km COUNT 0', 'GEOSEARCH Sicily FROMLONLAT 0 0 BYRADIUS 1 km COUNT -3',
      'GEOSEARCH Sicily FROMLONLAT 0 0 BYRADIUS 1 km COUNT x', 'GEOSEARCH Sicily FROMLONLAT 0 0 BYRADIUS 1 km COUNT',
      'GEOSEARCH Sicily FROMLONLAT 0 0 BYRADIUS 1 parsec', 'GEOSEARCH Sicily FROMLONLAT 0 0 BYRADIUS x km',
      'GEOSEARCH Sicily FROMLONLAT 0 0 BYBOX 1 -1 km', 'GEOSEARCH Sicily FROMLONLAT 0 0 BYBOX x 1 km',
      'GEOSEARCH Sicily FROMLONLAT 0 0 BYBOX 1 y km', 'GEOSEARCH Sicily FROMLONLAT 0 0 BYBOX 1 1',
      'GEOSEARCH Sicily FROMLONLAT inf 0 BYRADIUS 1 km', 'GEOSEARCH Sicily FROMLONLAT -200.5 1e10 BYRADIUS 1 km',
      'GEOSEARCH Sicily FROMLONLAT 0 0 FROMMEMBER Palermo BYRADIUS 1 km', 'GEOSEARCH Sicily FROMMEMBER Palermo FROMLONLAT 0 0 BYRADIUS 1 km',
      'GEOSEARCH Sicily FROMMEMBER Palermo BYBOX 1 1 km BYRADIUS 1 km', 'GEOSEARCH Sicily FROMMEMBER nope BYRADIUS 1 km',
      'GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 1 km STOREDIST', 'GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 1 km STORE x',
      'GEOSEARCHSTORE d Sicily FROMMEMBER Palermo BYRADIUS 1 km STORE d', 'GEOSEARCHSTORE d Sicily FROMMEMBER Palermo BYRADIUS 1 km WITHDIST',
      'GEORADIUS Sicily 0 0 1 km STORE x WITHDIST', 'GEORADIUS Sicily 0 0 1 km STORE', 'GEORADIUS_RO Sicily 15 37 10 km STORE x',
      'GEORADIUSBYMEMBER_RO Sicily Palermo 10 km STOREDIST x', 'GEORADIUSBYMEMBER Sicily nope 1 km', 'GEORADIUSBYMEMBER Sicily Palermo x km',
      'GEORADIUS Sicily 15 37 10 km FROMLONLAT 1 1', 'GEORADIUS Sicily 200 37 10 km', 'GEORADIUS Sicily 15 37 -1 km',
      'GEODIST Sicily Palermo Catania km x', 'GEODIST Sicily Palermo Catania parsec', 'GEODIST nokey a b', 'GEODIST nokey a b parsec',
      'GEOHASH nokey a', 'GEOPOS nokey a b', 'GEOHASH Sicily', 'GEOPOS Sicily',
    ],
  },
  {
    name: 'missing source keys and STORE destinations',
    cmds: [
      'SET d x', 'GEOSEARCHSTORE d nokey FROMMEMBER a BYRADIUS 1 km', 'EXISTS d',
      'SET d x', 'GEORADIUSBYMEMBER nokey x a b STORE d', 'EXISTS d', 'GEORADIUSBYMEMBER nokey x a b', 'GEORADIUS nokey 0 0 1 km',
      'GEOSEARCH nokey FROMMEMBER x BYRADIUS 1 km', 'GEOSEARCH nokey FROMMEMBER x BYRADIUS 1 km COUNT 1 ANY',
      'GEOSEARCH nokey FROMLONLAT 0 0 BYRADIUS 1 km ANY', 'GEOSEARCHSTORE d nokey FROMMEMBER x',
      SICILY, 'SET d x', 'GEOSEARCHSTORE d Sicily FROMLONLAT 0 0 BYRADIUS 1 km', 'EXISTS d',
      'GEOSEARCHSTORE d Sicily FROMLONLAT 15 37 BYRADIUS 200 km', 'ZRANGE d 0 -1 WITHSCORES', 'OBJECT ENCODING d',
      'GEOSEARCHSTORE d Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST', 'ZRANGE d 0 -1 WITHSCORES',
      'GEOSEARCHSTORE d Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST COUNT 1 DESC', 'ZRANGE d 0 -1 WITHSCORES',
      'GEORADIUS Sicily 15 37 200 km STOREDIST d', 'ZRANGE d 0 -1 WITHSCORES',
      'GEORADIUS Sicily 15 37 200 mi STORE d STOREDIST d2', 'EXISTS d2', 'ZRANGE d2 0 -1 WITHSCORES',
      'GEORADIUS Sicily 15 37 200 km STORE Sicily', 'ZRANGE Sicily 0 -1 WITHSCORES',
      'GEOSEARCHSTORE Sicily Sicily FROMMEMBER Palermo BYRADIUS 10 km', 'ZRANGE Sicily 0 -1 WITHSCORES',
    ],
  },
  {
    name: 'members whose scores were not set by GEOADD',
    cmds: [
      'ZADD z -1 a 0 b 1e300 c -inf d inf e 3.5 f 18014398509481984 g 4503599627370495 h 4503599627370496 i',
      'GEOPOS z a b c d e f g h i', 'GEOHASH z a b c d e f g h i', 'GEODIST z a b', 'GEODIST z h i km',
      'GEOSEARCH z FROMMEMBER b BYRADIUS 1 km WITHHASH WITHCOORD', 'GEOSEARCH z FROMMEMBER h BYRADIUS 100 km WITHHASH WITHCOORD',
    ],
  },
  { name: 'random points and searches', pipeline: true, cmds: [randomPoints('w', 400, 1), 'ZRANGE w 0 -1 WITHSCORES', ...randomSearches('w', 120, 2, 400)] },
  { name: 'a skiplist-encoded set', pipeline: true, cmds: [randomPoints('w', 2000, 3), 'OBJECT ENCODING w', ...randomSearches('w', 40, 4, 2000)] },
  { name: 'equal distances keep Redis order (qsort, pqsort with COUNT)', pipeline: true, cmds: tiedPoints() },
  { name: 'edges of the map: poles, antimeridian, radius 0 to huge', pipeline: true, cmds: edgeSearches() },
  {
    name: 'key extraction of the STORE options',
    cmds: [
      'COMMAND GETKEYS GEORADIUS src 0 0 1 km STORE dst', 'COMMAND GETKEYS GEORADIUS src 0 0 1 km STOREDIST dst',
      'COMMAND GETKEYS GEORADIUSBYMEMBER src m 1 km STORE dst', 'COMMAND GETKEYS GEOSEARCHSTORE dst src FROMMEMBER m BYRADIUS 1 km',
      'COMMAND GETKEYSANDFLAGS GEORADIUS src 0 0 1 km STORE dst STOREDIST dst2', 'COMMAND GETKEYS GEOADD k 1 1 m',
      'COMMAND GETKEYS GEORADIUS_RO src 0 0 1 km', 'COMMAND GETKEYS PFMERGE d a b', 'COMMAND GETKEYS PFCOUNT a b c',
      'COMMAND GETKEYS PFDEBUG GETREG k', 'COMMAND INFO GEORADIUS GEOSEARCHSTORE PFADD LOLWUT',
    ],
  },
  {
    name: 'ACL key permissions on STORE destinations',
    cmds: [
      'ACL SETUSER geo on nopass ~src +@all', 'ACL DRYRUN geo GEORADIUS src 0 0 1 km', 'ACL DRYRUN geo GEORADIUS src 0 0 1 km STORE dst',
      'ACL DRYRUN geo GEOSEARCHSTORE dst src FROMMEMBER m BYRADIUS 1 km', 'ACL DRYRUN geo GEORADIUSBYMEMBER src m 1 km STOREDIST dst',
      'ACL SETUSER geo resetkeys %R~src %W~dst', 'ACL DRYRUN geo GEORADIUS src 0 0 1 km STORE dst', 'ACL DRYRUN geo GEORADIUS dst 0 0 1 km',
      'ACL DELUSER geo',
    ],
  },
];

diffSuite('geo', cases);

wrongTypeSuite('geo wrong types', [
  {
    name: 'list keys',
    lists: ['l'],
    cmds: [
      'GEOADD l 1 1 m', 'GEOPOS l m', 'GEOHASH l m', 'GEODIST l a b', 'GEODIST l a b km', 'GEOSEARCH l FROMLONLAT 0 0 BYRADIUS 1 km',
      'GEOSEARCH l FROMMEMBER x BYRADIUS 1 km', 'GEORADIUS l 0 0 1 km', 'GEORADIUSBYMEMBER l m 1 km', 'GEOSEARCHSTORE d l FROMLONLAT 0 0 BYRADIUS 1 km',
      'GEOADD g 1 1 m', 'GEOSEARCHSTORE l g FROMLONLAT 1 1 BYRADIUS 1 km', 'TYPE l', 'GEORADIUS g 1 1 1 km STORE l', 'TYPE l',
    ],
  },
]);
