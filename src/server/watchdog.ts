/**
 * Main-thread side of the watchdog (watchdog-worker.ts): a heartbeat the
 * worker reads from shared memory, and the settings it needs. Started by
 * the command line entry (cli.ts), not by embedded servers: it watches the
 * whole process.
 *
 * Cost on the main thread: one timer writing one number every HEARTBEAT_MS.
 */
import { Worker } from 'node:worker_threads';

const HEARTBEAT_MS = 100;

export interface WatchdogSettings {
  /** shutdown-timeout, in seconds. */
  shutdownTimeoutSec: number;
  /** How long a stopped heartbeat is before the worker warns. */
  stallMs: number;
}

export interface Watchdog {
  stop(): Promise<void>;
}

/** `settings` is read at every heartbeat, so CONFIG SET takes effect within HEARTBEAT_MS. */
export function startWatchdog(logfile: string, settings: () => WatchdogSettings): Watchdog {
  const shared = new SharedArrayBuffer(3 * 8);
  const cells = new Float64Array(shared);
  const beat = () => {
    const s = settings();
    cells[1] = s.shutdownTimeoutSec * 1000;
    cells[2] = s.stallMs;
    cells[0] = performance.timeOrigin + performance.now();
  };
  beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  const worker = new Worker(new URL('./watchdog-worker.js', import.meta.url), { workerData: { shared, logfile, pid: process.pid } });
  worker.unref();
  return {
    async stop() {
      clearInterval(timer);
      await worker.terminate();
    },
  };
}
