/**
 * Redis's error texts, in one place so each is typed exactly once.
 * Each string is the full error line without the leading '-'.
 */
export const SYNTAX = 'ERR syntax error';
export const MODULE_LOAD_FAILED = 'ERR Error loading the extension. Please check the server logs.';
export const MODULE_UNLOAD_NONE = 'ERR Error unloading module: no such module with that name';
export const SORT_BY_NOPERM = 'ERR BY option of SORT denied due to insufficient ACL permissions.';
export const SORT_GET_NOPERM = 'ERR GET option of SORT denied due to insufficient ACL permissions.';
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

/**
 * An argument as Redis's printf("%.Ns") prints it: a C string, so it ends at
 * the first NUL byte, and at most `max` bytes (argv strings are latin1, one char a byte).
 */
function cstr(s: string, max: number): string {
  const nul = s.indexOf('\0');
  return s.slice(0, nul >= 0 && nul < max ? nul : max);
}

/** Unknown command text: name and the first arguments, cut at 128 bytes each as Redis does. */
export function unknownCommand(argv: string[]): string {
  let args = '';
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    args += `'${cstr(argv[i], 128 - args.length)}' `;
  }
  return sanitize(`ERR unknown command '${cstr(argv[0], 128)}', with args beginning with: ${args}`);
}

export function unknownSubcommand(container: string, sub: string): string {
  return sanitize(`ERR unknown subcommand '${cstr(sub, 128)}'. Try ${container.toUpperCase()} HELP.`);
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

/** CONFIG SET port / bind when the new addresses cannot be listened on (Redis's updatePort / updateBind). */
export const CONFIG_PORT_UNAVAILABLE = 'Unable to listen on this port. Check server logs.';
export const CONFIG_BIND_FAILED = 'Failed to bind to specified addresses.';

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

export function noGroup(key: string, group: string): string {
  return sanitize(`NOGROUP No such consumer group '${group}' for key name '${key}'`);
}
export function noKeyOrGroup(key: string, group: string): string {
  return sanitize(`NOGROUP No such key '${key}' or consumer group '${group}'`);
}
export function noKeyOrGroupXreadgroup(key: string, group: string): string {
  return sanitize(`NOGROUP No such key '${key}' or consumer group '${group}' in XREADGROUP with GROUP option`);
}
export const XSETID_SMALLER = 'ERR The ID specified in XSETID is smaller than the target stream top item';
export const XSETID_SMALLER_MAXDEL = 'ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id';
export const XSETID_ENTRIES_ADDED = 'ERR The entries_added specified in XSETID is smaller than the target stream length';
export const XSETID_ENTRIES_NEGATIVE = 'ERR entries_added must be positive';
export function blockFromScript(command: string): string {
  return `ERR ${command} command is not allowed with BLOCK option from scripts`;
}
export const XREAD_GROUP_OPTION = 'ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.';
export const XREAD_NOACK_OPTION = 'ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.';
export const XREAD_GT_ID = 'ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.';
export function xclaimOption(opt: string): string {
  return sanitize(`ERR Unrecognized XCLAIM option '${opt}'`);
}

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
export const GEO_COUNT_POSITIVE = XAUTOCLAIM_COUNT; /* the same text */
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

// ---- persistence (RDB, DUMP/RESTORE) ----
export const AOF_REWRITE_IN_PROGRESS = 'ERR Background append only file rewriting already in progress';
export const AOF_CANT_OPEN = "ERR Can't open the append-only file";
export const AOF_UNAVAILABLE = 'ERR AOF is not available';
export const MISCONF = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";
export const LOADING = 'LOADING Redis is loading the dataset in memory';
export const BUSYKEY = 'BUSYKEY Target key name already exists.';
export const BAD_DUMP_PAYLOAD = 'ERR DUMP payload version or checksum are wrong';
export const BAD_DATA_FORMAT = 'ERR Bad data format';
export const INVALID_TTL = 'ERR Invalid TTL value, must be >= 0';
export const INVALID_IDLETIME = 'ERR Invalid IDLETIME value, must be >= 0';
export const INVALID_FREQ = 'ERR Invalid FREQ value, must be >= 0 and <= 255';
export const BGSAVE_IN_PROGRESS = 'ERR Background save already in progress';
export const BGSAVE_OTHER_CHILD = "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.";
export const GENERIC_ERR = 'ERR';
// ---- protocol (requests that cannot be parsed) ----
export const PROTO_BIG_MBULK_COUNT = 'ERR Protocol error: too big mbulk count string';
export const PROTO_INVALID_MBULK_LEN = 'ERR Protocol error: invalid multibulk length';
export const PROTO_UNAUTH_MBULK_LEN = 'ERR Protocol error: unauthenticated multibulk length';
export const PROTO_BIG_BULK_COUNT = 'ERR Protocol error: too big bulk count string';
export const PROTO_INVALID_BULK_LEN = 'ERR Protocol error: invalid bulk length';
export const PROTO_UNAUTH_BULK_LEN = 'ERR Protocol error: unauthenticated bulk length';
export const PROTO_BIG_INLINE = 'ERR Protocol error: too big inline request';
export const PROTO_UNBALANCED_QUOTES = 'ERR Protocol error: unbalanced quotes in request';
export function protoExpectedDollar(got: string): string {
  return `ERR Protocol error: expected '$', got '${got}'`;
}

// ---- lists ----
export const RANK_ZERO =
  "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";
export const COUNT_NEGATIVE = "ERR COUNT can't be negative";
export const MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";

// ---- dispatch and transactions ----
export const EXECABORT = 'EXECABORT Transaction discarded because of previous errors.';
/** A queued command the ACL rules deny at EXEC time; `denied` is the NOPERM text. */
export function aclChangedInMulti(denied: string): string {
  const reason = denied.startsWith('NOPERM ') ? denied.slice(7) : denied;
  return `NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: ${reason}`;
}
/** EXEC refused before it ran: the reason without its ERR code. */
export function execAbort(reason: string): string {
  return `EXECABORT Transaction discarded because of: ${reason.startsWith('ERR ') ? reason.slice(4) : reason}`;
}
export const NOT_ALLOWED_IN_MULTI = 'ERR Command not allowed inside a transaction';
export const REPLICA_KEYSPACE = "ERR Replica can't interact with the keyspace";
/** A RESP2 client in the subscribed context sent anything else. */
export function notAllowedSubscribed(fullName: string): string {
  return `ERR Can't execute '${fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`;
}
/** A handler threw: respd's own failure, reported instead of crashing the server. */
export function internalError(fullName: string): string {
  return `ERR internal error while executing '${fullName}'`;
}
export const MULTI_NESTED = 'ERR MULTI calls can not be nested';
export const EXEC_WITHOUT_MULTI = 'ERR EXEC without MULTI';
export const DISCARD_WITHOUT_MULTI = 'ERR DISCARD without MULTI';
export const WATCH_IN_MULTI = 'ERR WATCH inside MULTI is not allowed';

// ---- scripting and functions ----
/** The -BUSY replies while a script runs past busy-reply-threshold. */
export const SLOW_EVAL = 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.';
export const SLOW_SCRIPT = 'BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.';
export const NOSCRIPT = 'NOSCRIPT No matching script. Please use EVAL.';
export const NOTBUSY = 'NOTBUSY No scripts in execution right now.';
export const UNKILLABLE =
  'UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.';
// Errors a redis.call gets (Lua error tables; no code: the caller adds ERR).
export const SCRIPT_UNKNOWN_COMMAND = 'Unknown Redis command called from script';
export const SCRIPT_WRONG_ARITY = 'Wrong number of args calling Redis command from script';
export const SCRIPT_NOT_ALLOWED = 'This Redis command is not allowed from script';
export const SCRIPT_WRITE_IN_READONLY = 'Write commands are not allowed from read-only scripts.';
export const SCRIPT_ACL_CHANNEL = "The user executing the script can't publish to the channel mentioned in the command";
export const SCRIPT_ACL_KEY = "The user executing the script can't access at least one of the keys mentioned in the command arguments";
export const SCRIPT_ACL_COMMAND = "The user executing the script can't run this command or subcommand";
export const SCRIPT_ACL_OTHER = 'The user executing the script is lacking the permissions for the command';
export function scriptCompileError(detail: string): string {
  return sanitize(`ERR Error compiling script (new function): ${detail}`);
}
export const SCRIPT_WRITE_IN_RO = 'ERR Can not execute a script with write flag using *_ro command.';
export const SCRIPT_KILLED = 'ERR Script killed by user with SCRIPT KILL...';
/** A script's Lua runtime error, its message cut at 100 bytes as Redis does. */
export function scriptRunError(name: string, msg: string): string {
  return sanitize(`ERR Error running script ${name}, ${msg.slice(0, 100)}`);
}
export const UNKNOWN_ERROR = 'ERR unknown error';
export const NUMKEYS_NEGATIVE = "ERR Number of keys can't be negative";
export const SHEBANG_INVALID = 'ERR Invalid script shebang';
export function shebangEngine(engine: string): string {
  return sanitize(`ERR Unexpected engine in script shebang: ${engine}`);
}
export function shebangFlag(flag: string): string {
  return sanitize(`ERR Unexpected flag in script shebang: ${flag}`);
}
export function shebangOption(option: string): string {
  return sanitize(`ERR Unknown lua shebang option: ${option}`);
}
export const FUNCTION_NOT_FOUND = 'ERR Function not found';
export const FUNCTION_BAD_NUMKEYS = 'ERR Bad number of keys provided';
export const FUNCTION_LOAD_TIMEOUT = 'ERR FUNCTION LOAD timeout';
export function luaInitError(reason: string): string {
  return sanitize(`ERR Error initializing the Lua engine: ${reason}`);
}
export const LUA_WRONG_ARGS = 'ERR wrong number or type of arguments';
export const LUA_STACK_LIMIT = 'ERR reached lua stack limit';
export const SCRIPT_FLUSH_OPTION = 'ERR SCRIPT FLUSH only support SYNC|ASYNC option';
export const SCRIPT_DEBUG_UNSUPPORTED = 'ERR SCRIPT DEBUG (the Lua debugger) is not supported by respd';
export const SCRIPT_DEBUG_SYNTAX = 'ERR Use SCRIPT DEBUG YES/SYNC/NO';
export function unknownOptionGiven(opt: string): string {
  return sanitize(`ERR Unknown option given: ${opt}`);
}
export const LIBRARY_NOT_FOUND = 'ERR Library not found';
export const FUNCTION_FLUSH_OPTION = 'ERR FUNCTION FLUSH only supports SYNC|ASYNC option';
export const LIBRARY_NAME_MISSING = 'ERR library name argument was not given';
export function unknownArgument(arg: string): string {
  return sanitize(`ERR Unknown argument ${arg}`);
}
export const RESTORE_POLICY = 'ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.';

// ---- client-side caching (CLIENT TRACKING / CACHING) ----
export function prefixOverlapsExisting(prefix: string, existing: string): string {
  return `ERR Prefix '${prefix}' overlaps with an existing prefix '${existing}'. Prefixes for a single client must not overlap.`;
}
export function prefixOverlapsProvided(prefix: string, other: string): string {
  return `ERR Prefix '${prefix}' overlaps with another provided prefix '${other}'. Prefixes for a single client must not overlap.`;
}
export const TRACKING_ONE_REDIRECT = 'ERR A client can only redirect to a single other client';
export const TRACKING_REDIRECT_MISSING = 'ERR The client ID you want redirect to does not exist';
export const TRACKING_PREFIX_NEEDS_BCAST = 'ERR PREFIX option requires BCAST mode to be enabled';
export const TRACKING_BCAST_SWITCH = "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.";
export const TRACKING_OPT_BCAST = 'ERR OPTIN and OPTOUT are not compatible with BCAST';
export const TRACKING_OPTIN_OPTOUT = "ERR You can't specify both OPTIN mode and OPTOUT mode";
export const TRACKING_OPT_SWITCH = "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.";
export const CACHING_NEEDS_OPT = 'ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled';
export const CACHING_YES_NEEDS_OPTIN = 'ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.';
export const CACHING_NO_NEEDS_OPTOUT = 'ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.';

// ---- server administration, CLIENT, HELLO, COMMAND, OBJECT ----
export const HELLO_NOAUTH =
  'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time';
/** Written to a non-loopback connection in protected mode, then the connection is closed. */
export const PROTECTED_MODE =
  'DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. ' +
  'In this mode connections are only accepted from the loopback interface. ' +
  'If you want to connect from external computers to Redis you may adopt one of the following solutions: ' +
  "1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface " +
  'by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible ' +
  'from internet if you do so. Use CONFIG REWRITE to make this change permanent. ' +
  "2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. " +
  "3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. " +
  '4) Setup a an authentication password for the default user. ' +
  'NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.';
export function unsupportedOption(opt: string): string {
  return sanitize(`ERR Unsupported option ${opt}`);
}
export const GETKEYS_INVALID_COMMAND = 'ERR Invalid command specified';
export const GETKEYS_NO_KEYS = 'ERR The command has no key arguments';
export const GETKEYS_ARITY = 'ERR Invalid number of arguments specified for command';
export const GETKEYS_INVALID_ARGS = 'ERR Invalid arguments specified for command';
export const FREQ_NOT_LFU =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
export const IDLE_UNDER_LFU =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
export const SSUBSCRIBE_DENY_BLOCKING = "ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client";
export function rewriteFailed(reason: string): string {
  return `ERR Rewriting config file: ${reason}`;
}
export const SWAPDB_FIRST = 'ERR invalid first DB index';
export const SWAPDB_SECOND = 'ERR invalid second DB index';
export const MONITOR_DENY_BLOCKING = "ERR MONITOR isn't allowed for DENY BLOCKING client";
export const NO_SHUTDOWN = 'ERR No shutdown in progress.';
export const DEBUG_RELOAD_OPTIONS = 'ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.';
export const RDB_LOAD_FAILED = 'ERR Error trying to load the RDB dump, check server logs.';
export const RESP2_UNSUPPORTED = 'ERR RESP2 is not supported by this command';
export const DEBUG_PROTOCOL_TYPE = 'ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false';
export function unknownClientType(type: string): string {
  return `ERR Unknown client type '${type}'`;
}
export const INVALID_CLIENT_ID = 'ERR Invalid client ID';
export const CLIENT_ID_POSITIVE = 'ERR client-id should be greater than 0';
export function noSuchUser(user: string): string {
  return `ERR No such user '${user}'`;
}
export const PAUSE_MODE = 'ERR CLIENT PAUSE mode must be WRITE or ALL';
export const UNBLOCK_REASON = 'ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR';
export const HELLO_PROTOVER = 'ERR Protocol version is not an integer or out of range';
export function helloSyntax(opt: string): string {
  return `ERR Syntax error in HELLO option '${opt}'`;
}
export const SLOWLOG_COUNT = 'ERR count should be greater than or equal to -1';
export function latencyNoSamples(event: string): string {
  return sanitize(`ERR No samples available for event '${event}'`);
}

// ---- ACL ----
export function nopermCommand(fullName: string): string {
  return `NOPERM this user has no permissions to run the '${fullName}' command`;
}
export const NOPERM_KEY = 'NOPERM this user has no permissions to access one of the keys used as arguments';
export const NOPERM_CHANNEL = 'NOPERM this user has no permissions to access one of the channels used as arguments';
export const ACL_USERNAME_SPACES = "ERR Usernames can't contain spaces or null characters";
export const ACL_DEFAULT_DELUSER = "ERR The 'default' user cannot be removed";
export function aclUnknownCategory(name: string): string {
  return `ERR Unknown category '${name.slice(0, 128)}'`;
}
export const ACL_GENPASS_BITS = 'ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096';
export function aclUserNotFound(user: string): string {
  return `ERR User '${user}' not found`;
}
export function aclCommandNotFound(command: string): string {
  return `ERR Command '${command}' not found`;
}
export const NO_ACLFILE =
  'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.';
export const ACL_SAVE_FAILED = 'ERR There was an error trying to save the ACLs. Please check the server logs for more information';
export function aclUnmatchedParen(selector: string): string {
  return `ERR Unmatched parenthesis in acl selector starting at '${selector}'.`;
}
export function aclSetuserError(op: string, reason: string): string {
  return `ERR Error in ACL SETUSER modifier '${op}': ${reason}`;
}

/** A message that arrives without its code (a library's or Lua's text) as an ERR error. */
export function errPrefix(msg: string): string {
  return 'ERR ' + msg;
}

/** respd's own refusal of a reply an argument makes too big (commands/reply-budget.ts). */
export function replyTooLarge(max: number): string {
  return `ERR reply too large: the count asks for more than ${max} bytes (respd's bound for one reply)`;
}
