/**
 * pino logger configured from Redis's `loglevel` and `logfile` directives.
 * Redis levels map onto pino's: debug->debug, verbose->info... with notice
 * as the default. JSON lines by default, as log shippers expect.
 */
import pino, { type Logger } from 'pino';

const LEVELS: Record<string, string> = {
  debug: 'debug',
  verbose: 'debug',
  notice: 'info',
  warning: 'warn',
};

export type { Logger };

export function createLogger(loglevel: string, logfile: string, silent = false): Logger {
  const level = silent ? 'silent' : LEVELS[loglevel] ?? 'info';
  const dest = logfile === '' ? pino.destination({ fd: 1, sync: true }) : pino.destination({ dest: logfile, mkdir: true, sync: true });
  return pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, dest);
}

export function setLogLevel(log: Logger, loglevel: string): void {
  if (log.level !== 'silent') log.level = LEVELS[loglevel] ?? 'info';
}
