/**
 * BullMQ (the most used Node job queue) runs unmodified against respd: its
 * Lua scripts use XADD/XTRIM/XRANGE/XLEN/XDEL and QueueEvents waits with
 * XREAD BLOCK ... STREAMS bull:<queue>:events $.
 *
 * A queue with 20 jobs processed by a worker (concurrency 4), a delayed
 * job, a job failing twice (attempts: 2, fixed backoff) and QueueEvents
 * listening; the final counts, states and return values are Redis's.
 *
 * bullmq is a devDependency; BULLMQ_PATH may point at another install
 * (e.g. .../node_modules/bullmq/dist/esm/index.js). Skipped when absent.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startRespd } from '../helpers/servers.js';
import type { RunningServer } from '../../src/index.js';

type BullMQ = typeof import('bullmq');

async function loadBullMQ(): Promise<BullMQ | null> {
  try {
    return (await import(process.env.BULLMQ_PATH ?? 'bullmq')) as BullMQ;
  } catch {
    return null;
  }
}

const bullmq = await loadBullMQ();
const d = bullmq !== null ? describe : describe.skip;

function until(cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = async () => {
      if (await cond()) resolve();
      else if (Date.now() > end) reject(new Error('timed out'));
      else setTimeout(tick, 25);
    };
    void tick();
  });
}

d('BullMQ on respd', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startRespd();
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('processes, delays, retries and reports jobs like on Redis', async () => {
    const { Queue, Worker, QueueEvents } = bullmq!;
    const connection = { host: '127.0.0.1', port: srv.port, maxRetriesPerRequest: null };
    const q = new Queue('jobs', { connection });
    const events = new QueueEvents('jobs', { connection });
    await events.waitUntilReady();
    const completed: [string, string][] = [];
    events.on('completed', ({ jobId, returnvalue }) => completed.push([jobId, String(returnvalue)]));
    const failedEvents: string[] = [];
    events.on('failed', ({ jobId, failedReason }) => failedEvents.push(`${jobId} ${failedReason}`));
    const workerErrors: string[] = [];
    const w = new Worker(
      'jobs',
      async (job) => {
        if (job.data.fail) throw new Error('boom');
        return job.data.n * 2;
      },
      { connection, concurrency: 4 },
    );
    w.on('error', (e) => workerErrors.push(e.message));
    try {
      const jobs = [];
      for (let i = 0; i < 20; i++) jobs.push(await q.add('double', { n: i }, { removeOnComplete: false }));
      const delayed = await q.add('delayed', { n: 100 }, { delay: 300 });
      const failing = await q.add('bad', { fail: true }, { attempts: 2, backoff: { type: 'fixed', delay: 50 } });

      await until(async () => {
        const c = await q.getJobCounts();
        return c.completed === 21 && c.failed === 1 && completed.length === 21;
      }, 10_000);

      expect(await q.getJobCounts()).toEqual({
        active: 0, completed: 21, delayed: 0, failed: 1, prioritized: 0, waiting: 0, 'waiting-children': 0,
      });
      expect(completed.length).toBe(21);
      const byId = new Map(completed);
      for (let i = 0; i < 20; i++) {
        const j = (await q.getJob(jobs[i].id!))!;
        expect(j.returnvalue).toBe(i * 2);
        expect(await j.getState()).toBe('completed');
        expect(byId.get(jobs[i].id!)).toBe(String(i * 2));
      }
      const dj = (await q.getJob(delayed.id!))!;
      expect(dj.returnvalue).toBe(200);
      expect(dj.processedOn! - dj.timestamp).toBeGreaterThanOrEqual(300);
      const f = (await q.getJob(failing.id!))!;
      expect(await f.getState()).toBe('failed');
      expect(f.attemptsMade).toBe(2);
      expect(f.failedReason).toBe('boom');
      expect(failedEvents).toEqual([`${failing.id} boom`]);
      expect(workerErrors).toEqual([]);
    } finally {
      await w.close();
      await events.close();
      await q.close();
    }
  }, 30_000);
});
