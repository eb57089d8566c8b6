/**
 * The watchdog thread (see watchdog.ts). It runs its own event loop, so it
 * keeps working while the main thread is stuck in one long command:
 *   - it logs a warning when the main thread's heartbeat stops for longer
 *     than `stallMs` (and again every `stallMs` while it stays stopped);
 *   - it receives SIGTERM/SIGINT itself (Node gives worker threads no
 *     process.on('SIGTERM'), so it starts libuv signal watchers through the
 *     signal_wrap binding; libuv delivers a signal to every loop watching
 *     it). If the main thread has not ended the process `shutdownMs` after
 *     the signal and its heartbeat is stale, the worker logs and kills the
 *     process: Redis's shutdown-timeout bounds how long a shutdown may take.
 */
import { workerData } from 'node:worker_threads';
import { writeSync, openSync } from 'node:fs';

interface Data {
  /** [0]: main thread's last heartbeat (monotonic ms); [1]: shutdown-timeout ms; [2]: stall warning ms. */
  shared: SharedArrayBuffer;
  logfile: string;
  pid: number;
}

const data = workerData as Data;
const cells = new Float64Array(data.shared);
const fd = data.logfile ? openSync(data.logfile, 'a') : 1;
/** A line in the main logger's (pino) format, written synchronously: the process may be killed next. */
function log(level: number, msg: string, extra: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, time: new Date().toISOString(), pid: data.pid, thread: 'watchdog', ...extra, msg });
  try {
    writeSync(fd, line + '\n');
  } catch {
    /* nowhere to log */
  }
}

const now = () => performance.timeOrigin + performance.now();
const staleMs = () => now() - cells[0];
const POLL_MS = 100;
/** Past the deadline, a main thread that still beats gets this long to finish its own shutdown. */
const GRACE_MS = 5000;

let warnedAt = 0;
let signalAt = 0;
let signalName = '';
setInterval(() => {
  const stale = staleMs();
  const stallMs = cells[2];
  // warn at stallMs, then each time the stall doubles: a long stall stays a few lines
  if (stale >= stallMs && stale >= 2 * warnedAt) {
    warnedAt = stale;
    log(40, `event loop blocked for ${Math.round(stale)} ms: one command is running that long (it is named when it ends)`, { blockedMs: Math.round(stale) });
  } else if (stale < stallMs) {
    warnedAt = 0;
  }
  if (signalAt === 0) return;
  const since = now() - signalAt;
  const deadline = cells[1];
  if ((since >= deadline && stale >= 2 * POLL_MS + 250) || since >= deadline + GRACE_MS) {
    log(50, `${signalName} received ${Math.round(since)} ms ago and the event loop is blocked for ${Math.round(stale)} ms: exiting now (shutdown-timeout)`);
    process.kill(data.pid, 'SIGKILL');
  }
}, POLL_MS);

// The signal_wrap binding is Node's own implementation of process.on('SIGTERM').
type SignalWrap = { onsignal: (n: number) => void; start(n: number): number; unref(): void };
const { Signal } = (process as unknown as { binding(name: string): { Signal: new () => SignalWrap } }).binding('signal_wrap');
for (const [name, num] of [['SIGTERM', 15], ['SIGINT', 2]] as const) {
  const w = new Signal();
  w.onsignal = () => {
    if (signalAt === 0) {
      signalAt = now();
      signalName = name;
    }
  };
  w.start(num);
  w.unref();
}
