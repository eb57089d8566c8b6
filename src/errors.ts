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

export function wrongArity(fullName: string): string {
  return `ERR wrong number of arguments for '${fullName}' command`;
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
