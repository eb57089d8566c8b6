/**
 * The respd command line, modelled on redis-server's:
 *
 *   respd [/path/to/redis.conf] [--directive value ...] [-]
 *
 * commander provides --help and --version; everything else is redis.conf
 * text: each `--name` starts a directive line and the words after it are
 * its arguments, applied after the file (so flags win), exactly as
 * redis-server does. `-` reads more config from stdin.
 */
import { readFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { totalmem } from 'node:os';
import { Command } from 'commander';
import { Config } from './config/registry.js';
import { coreParams } from './config/params.js';
import { createServer } from './compose.js';
import { loadConfigText, cliArgsToConfigText, FatalConfigError } from './config/file.js';
import { strerror } from './config/rewrite.js';
import { type Server, RESPD_VERSION, REDIS_VERSION } from './server/server.js';
import { startWatchdog } from './server/watchdog.js';

/** While watchdog-period is 0 (Redis's default), the watchdog thread warns of stalls this long. */
const STALL_WARN_MS = 5000;

const HELP = `Usage: respd [/path/to/redis.conf] [options] [-]
       respd - (read config from stdin)
       respd -v or --version
       respd -h or --help

Examples:
       respd (run the server with default conf)
       echo 'maxmemory 128mb' | respd -
       respd /etc/redis/6379.conf
       respd --port 7777
       respd /etc/myredis.conf --loglevel verbose -

Every redis.conf directive is also a --flag: --port 6380 --requirepass secret
--save "" --bind 127.0.0.1 ::1. Flags are applied after the file.
`;

/** A REDIS_PASSWORD(_FILE) that cannot be used: startup stops with this message. */
export class EnvPasswordError extends Error {}

/**
 * The password container users pass as REDIS_PASSWORD or, for secrets, as a
 * file named by REDIS_PASSWORD_FILE (one trailing newline ignored) — the
 * convention of widely used Redis images. Read here rather than turned into a
 * --requirepass argument so it never shows in the process list or the logs.
 */
export function passwordFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const inline = env.REDIS_PASSWORD;
  const file = env.REDIS_PASSWORD_FILE;
  if (inline !== undefined && file !== undefined) throw new EnvPasswordError('Fatal error: set REDIS_PASSWORD or REDIS_PASSWORD_FILE, not both');
  if (file === undefined) return inline === '' ? undefined : inline;
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch (e) {
    throw new EnvPasswordError(`Fatal error, can't read REDIS_PASSWORD_FILE '${file}': ${strerror(e)}`);
  }
  return text.replace(/\r?\n$/, '');
}

/** The config: the file, then the password from the environment, then the flags (flags win, as in redis-server). */
export function buildConfig(args: string[], env: NodeJS.ProcessEnv = {}): Config {
  const config = new Config(coreParams());
  let text = '';
  let rest = args;
  if (rest.length > 0 && !rest[0].startsWith('-')) {
    const file = resolve(rest[0]);
    config.file = file;
    text += readFileSync(file, 'latin1') + '\n';
    rest = rest.slice(1);
  }
  const readStdin = rest.length > 0 && rest[rest.length - 1] === '-';
  if (readStdin) rest = rest.slice(0, -1);
  if (readStdin) text += readFileSync(0, 'latin1') + '\n';
  const password = passwordFromEnv(env);
  if (password !== undefined) text += cliArgsToConfigText(['--requirepass', password]) + '\n';
  text += cliArgsToConfigText(rest);
  loadConfigText(config, text);
  return config;
}

/** States the heap ceiling (bin/respd sized it from the machine's memory) and a maxmemory it cannot hold. */
function logHeapLimit(server: Server): void {
  const mb = (n: number) => Math.round(n / 1048576);
  const { limit, threshold } = server.heap;
  server.log.info({ heapLimitMb: mb(limit), oomAboveMb: mb(threshold), totalMemoryMb: mb(totalmem()) }, 'V8 heap limit: writes get -OOM when the heap nears it');
  const maxmemory = server.config.num('maxmemory');
  if (maxmemory > threshold) {
    server.log.warn({ maxmemoryMb: mb(maxmemory), heapLimitMb: mb(limit) }, 'maxmemory is above the V8 heap limit: writes will be refused before maxmemory is reached (run bin/respd, or node --max-old-space-size)');
  }
}

/** As redis-server: a pidfile that cannot be written is logged, and the server keeps running. */
function writePidfile(server: Server, pidfile: string): void {
  try {
    writeFileSync(pidfile, `${process.pid}\n`);
  } catch (e) {
    server.log.warn(`Failed to write PID file: ${strerror(e)}`);
    return;
  }
  server.shutdownHooks.push(() => { try { unlinkSync(pidfile); } catch { /* gone */ } });
}

export function main(argv: string[]): void {
  const program = new Command('respd')
    .usage('[/path/to/redis.conf] [options] [-]')
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .argument('[args...]')
    .option('-h, --help', 'show usage')
    .option('-v, --version', 'show version');
  // commander only decides --help / --version; the rest is redis.conf text
  const first = argv[0];
  if (first === '-h' || first === '--help') {
    process.stdout.write(HELP);
    return;
  }
  if (first === '-v' || first === '--version') {
    process.stdout.write(`respd v=${RESPD_VERSION} redis_version=${REDIS_VERSION} node=${process.version}\n`);
    return;
  }
  program.parse(['node', 'respd', ...argv]);

  let config: Config;
  try {
    config = buildConfig(argv, process.env);
  } catch (e) {
    if (e instanceof FatalConfigError) {
      process.stderr.write(e.message);
      process.exit(1);
    }
    if (e instanceof EnvPasswordError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`Fatal error, can't open config file '${argv[0]}': ${strerror(e)}\n`);
    process.exit(1);
  }
  let server: Server;
  try {
    server = createServer({ config });
  } catch (e) {
    // ACL errors in `user` lines or the aclfile stop startup, as in Redis.
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
  server.listeners.tlsOnly = true; // `port 0` with a tls-port: TLS only, as redis-server
  logHeapLimit(server);
  const pidfile = config.str('pidfile');
  server.start().then(
    () => {
      if (pidfile) writePidfile(server, pidfile);
    },
    (e: Error) => {
      server.log.fatal({ err: e.message }, 'failed to start');
      process.exit(1);
    },
  );
  // A thread that ends the process on SIGTERM/SIGINT even while one command
  // holds the event loop, and says so when the loop stalls (watchdog.ts).
  startWatchdog(config.str('logfile'), () => {
    const period = server.config.num('watchdog-period');
    return { shutdownTimeoutSec: server.config.num('shutdown-timeout'), stallMs: period > 0 ? period : STALL_WARN_MS };
  });
  let signals = 0;
  const onSignal = (sig: string) => {
    signals++;
    if (signals > 1) {
      server.log.warn({ signal: sig }, 'second signal: exiting now');
      process.exit(1);
    }
    server.log.warn({ signal: sig === 'SIGINT' ? 'SIGINT' : 'SIGTERM' }, `Received ${sig} scheduling shutdown...`);
    // The graceful close is bounded (shutdown.ts); this is the backstop.
    const force = setTimeout(() => {
      server.log.error('shutdown took too long: exiting now');
      process.exit(1);
    }, 3000);
    force.unref();
    server.close(true).then(() => process.exit(0));
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  server.onExit = (code) => process.exit(code);
}
