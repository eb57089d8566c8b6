/**
 * Redis's error texts, in one place so each is typed exactly once.
 * Each string is the full error line without the leading '-'.
 */
export const SYNTAX = 'ERR syntax error';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const NOT_FLOAT = 'ERR value is not a valid float';
export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const NO_SUCH_KEY = 'ERR no such key';
export const DB_INDEX_OUT_OF_RANGE = 'ERR DB index is out of range';
export const INDEX_OUT_OF_RANGE = 'ERR index out of range';
export const INCR_OVERFLOW = 'ERR increment or decrement would overflow';
export const INCR_NAN_OR_INF = 'ERR increment would produce NaN or Infinity';
export const STRING_TOO_LONG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';
export const OFFSET_OUT_OF_RANGE = 'ERR offset is out of range';
export const DECR_OVERFLOW = 'ERR decrement would overflow';
export const BIT_OFFSET = 'ERR bit offset is not an integer or out of range';
export const BIT_VALUE = 'ERR bit is not an integer or out of range';
export const BIT_ARG = 'ERR The bit argument must be 1 or 0.';
export const BITFIELD_TYPE = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';
export const BITFIELD_OVERFLOW_TYPE = 'ERR Invalid OVERFLOW type specified';
export const BITFIELD_RO_WRITE = 'ERR BITFIELD_RO only supports the GET subcommand';
export const BITOP_NOT_KEYS = 'ERR BITOP NOT must be called with a single source key.';
export const LCS_NOT_STRINGS = 'ERR The specified keys must contain string values';
export const LCS_IDX_AND_LEN = 'ERR If you want both the length and indexes, please just use IDX.';
export const LCS_MEMORY = 'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len';
export const LCS_ALLOC = 'ERR Insufficient memory, failed allocating transient memory for LCS';
export const NOAUTH = 'NOAUTH Authentication required.';
export const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';
export const AUTH_NOPASS =
  'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?';
export const SAME_OBJECT = 'ERR source and destination objects are the same';
export const MAX_CLIENTS = 'ERR max number of clients reached';
export const TIMEOUT_NOT_FLOAT = 'ERR timeout is not a float or out of range';
export const TIMEOUT_NEGATIVE = 'ERR timeout is negative';
export const NOPROTO = 'NOPROTO unsupported protocol version';
export const CLIENT_NAME_SPACES = 'ERR Client names cannot contain spaces, newlines or special characters.';
export const NO_SUCH_CLIENT = 'ERR No such client';
export const UNBLOCKED = 'UNBLOCKED client unblocked via CLIENT UNBLOCK';
export const OOM = "OOM command not allowed when used memory > 'maxmemory'.";
/** getIntFromObjectOrReply's range error (Redis's own wording). */
export const INT32_OUT_OF_RANGE = 'ERR value is out of range, value must between -2147483648 and 2147483647';
export const INVALID_CURSOR = 'ERR invalid cursor';
export const EXPIRE_NX_INCOMPATIBLE = 'ERR NX and XX, GT or LT options at the same time are not compatible';
export const EXPIRE_GT_LT_INCOMPATIBLE = 'ERR GT and LT options at the same time are not compatible';

export function wrongArity(fullName: string): string {
  return `ERR wrong number of arguments for '${fullName}' command`;
}

/** DEBUG / MODULE refused by enable-debug-command / enable-module-command. */
export function protectedCommand(command: string, option: string): string {
  return `ERR ${command} command not allowed. If the ${option} option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.`;
}

export function invalidExpire(fullName: string): string {
  return `ERR invalid expire time in '${fullName}' command`;
}

/** Unknown command text: name and the first arguments, cut at 128 bytes each as Redis does. */
export function unknownCommand(argv: string[]): string {
  let args = '';
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    args += `'${argv[i].slice(0, 128 - args.length)}' `;
  }
  return sanitize(`ERR unknown command '${argv[0].slice(0, 128)}', with args beginning with: ${args}`);
}

export function unknownSubcommand(container: string, sub: string): string {
  return sanitize(`ERR unknown subcommand '${sub.slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`);
}

/** Error lines may not contain CR or LF: Redis replaces them with spaces. */
export function sanitize(msg: string): string {
  if (msg.indexOf('\r') < 0 && msg.indexOf('\n') < 0) return msg;
  return msg.replace(/[\r\n]/g, ' ');
}

// Sorted sets and SORT.
export const ZSCORE_RANGE = 'ERR min or max is not a float';
export const ZLEX_RANGE = 'ERR min or max not valid string range item';
export const ZADD_XX_NX = 'ERR XX and NX options at the same time are not compatible';
export const ZADD_GT_LT_NX = 'ERR GT, LT, and/or NX options at the same time are not compatible';
export const ZADD_INCR_PAIRS = 'ERR INCR option supports a single increment-element pair';
export const ZSCORE_NAN = 'ERR resulting score is not a number (NaN)';
export const ZRANGE_LIMIT = 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX';
export const ZRANGE_BYLEX_WITHSCORES = 'ERR syntax error, WITHSCORES not supported in combination with BYLEX';
export const ZWEIGHT_NOT_FLOAT = 'ERR weight value is not a float';
export const LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
export const MUST_BE_POSITIVE = 'ERR value is out of range, must be positive';
export const NUMKEYS_POSITIVE = 'ERR numkeys should be greater than 0';
export const COUNT_POSITIVE = 'ERR count should be greater than 0';
export const VALUE_OUT_OF_RANGE = 'ERR value is out of range';
export const SORT_NOT_DOUBLE = "ERR One or more scores can't be converted into double";

/** ZUNION & co with numkeys < 1. */
export function atLeastOneKey(fullName: string): string {
  return `ERR at least 1 input key is needed for '${fullName}' command`;
}

// Hashes and sets.
export const HASH_NOT_INTEGER = 'ERR hash value is not an integer';
export const HASH_NOT_FLOAT = 'ERR hash value is not a float';
export const NAN_OR_INFINITY = 'ERR value is NaN or Infinity';
export const NUMKEYS_TOO_MANY = "ERR Number of keys can't be greater than number of args";

/** getRangeLongFromObjectOrReply's default message. */
export function outOfRangeBetween(min: string, max: string): string {
  return `ERR value is out of range, value must between ${min} and ${max}`;
}

/** A container command's subcommand given the wrong arguments (checked by the command, not by arity). */
export function subcommandSyntax(sub: string, container: string): string {
  return sanitize(`ERR unknown subcommand or wrong number of arguments for '${sub.slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`);
}

export const CONFIG_NO_FILE = 'ERR The server is running without a config file';

export function configSetUnknown(name: string): string {
  return sanitize(`ERR Unknown option or number of arguments for CONFIG SET - '${name}'`);
}

export function configSetFailed(name: string, reason: string): string {
  return sanitize(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`);
}

// ---- streams ----
export const STREAM_INVALID_ID = 'ERR Invalid stream ID specified as stream command argument';
export const STREAM_ID_TOO_SMALL = 'ERR The ID specified in XADD is equal or smaller than the target stream top item';
export const STREAM_ID_ZERO = 'ERR The ID specified in XADD must be greater than 0-0';
export const STREAM_TOO_LARGE = 'ERR Elements are too large to be stored';
export const STREAM_EXHAUSTED = 'ERR The stream has exhausted the last possible ID, unable to add more items';
export const STREAM_MAXLEN_NEGATIVE = 'ERR The MAXLEN argument must be >= 0.';
export const STREAM_LIMIT_NEGATIVE = 'ERR The LIMIT argument must be >= 0.';
export const STREAM_MAXLEN_MINID = 'ERR syntax error, MAXLEN and MINID options at the same time are not compatible';
export const STREAM_LIMIT_NO_STRATEGY = 'ERR syntax error, LIMIT cannot be used without specifying a trimming strategy';
export const STREAM_LIMIT_NO_APPROX = 'ERR syntax error, LIMIT cannot be used without the special ~ option';
export const STREAM_XTRIM_NO_STRATEGY = 'ERR syntax error, XTRIM must be called with a trimming strategy';
export const STREAM_INVALID_START = 'ERR invalid start ID for the interval';
export const STREAM_INVALID_END = 'ERR invalid end ID for the interval';
export const STREAM_TIMEOUT_NOT_INT = 'ERR timeout is not an integer or out of range';

// ---- stream consumer groups ----
export const STREAM_UNBALANCED = "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.";
export const XGROUP_KEY_REQUIRED =
  'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.';
export const BUSYGROUP = 'BUSYGROUP Consumer Group name already exists';
export const ENTRIESREAD_RANGE = 'ERR value for ENTRIESREAD must be positive or -1';
export const XREADGROUP_NO_GROUP_OPTION = 'ERR Missing GROUP option for XREADGROUP';
export const XREADGROUP_DOLLAR =
  'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.';
export const XREADGROUP_GROUP_GONE = 'NOGROUP the consumer group this client was blocked on no longer exists';
export const XREADGROUP_KEY_GONE = 'UNBLOCKED the stream key no longer exists';
export const XAUTOCLAIM_COUNT = 'ERR COUNT must be > 0';

// HyperLogLog (hyperloglog.c).
export const HLL_INVALID = 'INVALIDOBJ Corrupted HLL object detected';
export const HLL_WRONGTYPE = 'WRONGTYPE Key is not a valid HyperLogLog string value.';
export const PFDEBUG_NO_KEY = 'ERR The specified key does not exist';
export const PFDEBUG_NOT_SPARSE = 'ERR HLL encoding is not sparse';
export function pfdebugUnknown(sub: string): string {
  return `ERR Unknown PFDEBUG subcommand '${sanitize(sub)}'`;
}

// Geo (geo.c).
export const GEO_UNIT = 'ERR unsupported unit provided. please use M, KM, FT, MI';
export const GEO_NEED_RADIUS = 'ERR need numeric radius';
export const GEO_NEED_WIDTH = 'ERR need numeric width';
export const GEO_NEED_HEIGHT = 'ERR need numeric height';
export const GEO_RADIUS_NEGATIVE = 'ERR radius cannot be negative';
export const GEO_BOX_NEGATIVE = 'ERR height or width cannot be negative';
export const GEO_NO_MEMBER = 'ERR could not decode requested zset member';
export const GEO_COUNT_POSITIVE = 'ERR COUNT must be > 0';
export const GEO_ANY_NEEDS_COUNT = 'ERR the ANY argument requires COUNT argument';
/** extractLongLatOrReply: the pair printed with %f. */
export function geoInvalidPair(lon: string, lat: string): string {
  return `ERR invalid longitude,latitude pair ${lon},${lat}`;
}
export function geoStoreWith(geosearchstore: boolean): string {
  return `ERR ${geosearchstore ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS'} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`;
}
export function geoExactlyOneFrom(cmd: string): string {
  return sanitize(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${cmd}`);
}
export function geoExactlyOneBy(cmd: string): string {
  return sanitize(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${cmd}`);
}
