/**
 * pino logger configured from Redis's `loglevel` and `logfile` directives.
 * Redis levels map onto pino's: debug->debug, verbose->info... with notice
 * as the default. JSON lines by default, as log shippers expect;
 * RESPD_LOG_FORMAT=redis writes Redis's classic text lines instead
 * (`pid:M dd Mon yyyy hh:mm:ss.mmm * message`) for tools that parse those.
 */
import { openSync, writeSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import { strerror } from '../config/rewrite.js';

const LEVELS: Record<string, string> = {
  debug: 'debug',
  verbose: 'debug',
  notice: 'info',
  warning: 'warn',
};

export type { Logger };
export type LogFormat = 'json' | 'redis';

/** The format chosen by RESPD_LOG_FORMAT (anything but `redis` is the JSON default). */
export function logFormatFromEnv(env: NodeJS.ProcessEnv = process.env): LogFormat {
  return env.RESPD_LOG_FORMAT === 'redis' ? 'redis' : 'json';
}

/** Thrown when `logfile` cannot be opened: redis-server refuses to start with this text (cli.ts prints it). */
export class LogFileError extends Error {}

export function createLogger(loglevel: string, logfile: string, silent = false, format: LogFormat = logFormatFromEnv()): Logger {
  const level = silent ? 'silent' : LEVELS[loglevel] ?? 'info';
  let fd = 1;
  if (logfile !== '' && !silent) {
    try {
      fd = openSync(logfile, 'a');
    } catch (e) {
      throw new LogFileError(`\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan't open the log file: ${strerror(e)}`);
    }
  }
  // pid is in every line already (pino's base); sync writes so nothing is lost on exit.
  const opts = { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  if (format === 'redis') return pino(opts, { write: (line: string) => { writeSync(fd, redisLine(JSON.parse(line) as LogRecord)); } });
  return pino(opts, pino.destination({ fd, sync: true }));
}

export function setLogLevel(log: Logger, loglevel: string): void {
  if (log.level !== 'silent') log.level = LEVELS[loglevel] ?? 'info';
}

interface LogRecord { level: number; time: string; pid: number; msg?: string; [k: string]: unknown }

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Redis's level marks: '.' debug, '-' verbose, '*' notice, '#' warning (pino error/fatal are warnings too). */
function levelMark(level: number): string {
  if (level <= 20) return '.';
  if (level < 40) return '*';
  return '#';
}

/**
 * One record as redis-server prints it: `pid:role day Mon year hh:mm:ss.mmm mark message`
 * in local time (role M: respd is always a master). pino's structured fields
 * follow the message as `key=value` so nothing logged is lost.
 */
export function redisLine(rec: LogRecord): string {
  const d = new Date(rec.time);
  const stamp = `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  const extra: string[] = [];
  for (const [k, v] of Object.entries(rec)) {
    if (k === 'level' || k === 'time' || k === 'pid' || k === 'msg' || v === undefined) continue;
    extra.push(`${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  const msg = [rec.msg ?? '', ...extra].filter((s) => s !== '').join(' ');
  return `${rec.pid}:M ${stamp} ${levelMark(rec.level)} ${msg}\n`;
}
