/**
 * The latency monitor behind LATENCY LATEST/HISTORY/RESET/GRAPH/DOCTOR:
 * per event class ("command", "fast-command", "expire-cycle", and respd's
 * own "event-loop" for stalls of the event loop measured from cron drift),
 * a ring of the last 160 samples with one sample per second (the worst one
 * of that second), plus the all-time maximum. Samples are only taken when
 * `latency-monitor-threshold` is set and reached, as in Redis.
 */
import { readFileSync } from 'node:fs';
import { formatFixed } from '../protocol/doubles.js';

export const LATENCY_TS_LEN = 160;

interface Sample {
  time: number;
  latency: number;
}

export class TimeSeries {
  idx = 0;
  max = 0;
  readonly samples: Sample[] = Array.from({ length: LATENCY_TS_LEN }, () => ({ time: 0, latency: 0 }));

  /** Samples oldest to newest, skipping empty slots. */
  ordered(): Sample[] {
    const out: Sample[] = [];
    for (let j = 0; j < LATENCY_TS_LEN; j++) {
      const s = this.samples[(this.idx + j) % LATENCY_TS_LEN];
      if (s.time !== 0) out.push(s);
    }
    return out;
  }

  latest(): Sample {
    return this.samples[(this.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN];
  }
}

export class LatencyMonitor {
  readonly events = new Map<string, TimeSeries>();

  /** latencyAddSampleIfNeeded: records `ms` when the threshold is enabled and reached. */
  addIfNeeded(threshold: number, event: string, ms: number): void {
    if (threshold !== 0 && ms >= threshold) this.add(event, ms);
  }

  add(event: string, ms: number, now = Math.floor(Date.now() / 1000)): void {
    let ts = this.events.get(event);
    if (ts === undefined) {
      ts = new TimeSeries();
      this.events.set(event, ts);
    }
    if (ms > ts.max) ts.max = ms;
    const prev = ts.latest();
    if (prev.time === now) {
      if (ms > prev.latency) prev.latency = ms;
      return;
    }
    const s = ts.samples[ts.idx];
    s.time = now;
    s.latency = ms;
    ts.idx = (ts.idx + 1) % LATENCY_TS_LEN;
  }

  /** Forgets one event class (case-insensitive, as Redis), or all; returns how many were dropped. */
  reset(event?: string): number {
    if (event === undefined) {
      const n = this.events.size;
      this.events.clear();
      return n;
    }
    let n = 0;
    const lower = event.toLowerCase();
    for (const name of [...this.events.keys()]) {
      if (name.toLowerCase() === lower) {
        this.events.delete(name);
        n++;
      }
    }
    return n;
  }
}

/** LATENCY GRAPH: the header, a rule and a 4-row sparkline labelled with the age of each sample. */
export function latencyGraph(event: string, ts: TimeSeries, now = Math.floor(Date.now() / 1000)): string {
  const samples = ts.ordered();
  let min = 0;
  let max = 0;
  const values: number[] = [];
  const labels: string[] = [];
  for (const s of samples) {
    if (values.length === 0) min = max = s.latency;
    else {
      if (s.latency > max) max = s.latency;
      if (s.latency < min) min = s.latency;
    }
    const elapsed = now - s.time;
    labels.push(elapsed < 60 ? `${elapsed}s` : elapsed < 3600 ? `${Math.trunc(elapsed / 60)}m`
      : elapsed < 86400 ? `${Math.trunc(elapsed / 3600)}h` : `${Math.trunc(elapsed / 86400)}d`);
    values.push(s.latency);
  }
  let out = `${event} - high ${max} ms, low ${min} ms (all time high ${ts.max} ms)\n`;
  out += '-'.repeat(80) + '\n';
  return out + sparkline(values, labels, 80, 4);
}

const CHARSET_FILL = '_o#';

/** Redis's sparkline renderer (filled style), split into chunks of `columns` samples. */
export function sparkline(values: number[], labels: string[], columns: number, rows: number): string {
  let out = '';
  let min = 0;
  let max = 0;
  values.forEach((v, i) => {
    if (i === 0) min = max = v;
    else if (v < min) min = v;
    else if (v > max) max = v;
  });
  const hasLabels = labels.some((l) => l !== '');
  for (let j = 0; j < values.length; j += columns) {
    if (j !== 0) out += '\n';
    out += renderRange(values, labels, hasLabels, min, max, rows, j, Math.min(columns, values.length - j));
  }
  return out;
}

function renderRange(values: number[], labels: string[], hasLabels: boolean, min: number, max: number, rows: number, offset: number, len: number): string {
  const steps = CHARSET_FILL.length * rows;
  const relmax = max - min === 0 ? 1 : max - min;
  let out = '';
  for (let row = 0; ; row++) {
    let loop = false;
    const chars = new Array<string>(len).fill(' ');
    for (let j = 0; j < len; j++) {
      const relval = values[j + offset] - min;
      // (int)(relval*steps)/relmax, truncated again when stored in an int
      let step = Math.trunc(Math.trunc(relval * steps) / relmax);
      if (step < 0) step = 0;
      if (step >= steps) step = steps - 1;
      if (row < rows) {
        const charidx = step - (rows - row - 1) * CHARSET_FILL.length;
        loop = true;
        if (charidx >= 0 && charidx < CHARSET_FILL.length) chars[j] = CHARSET_FILL[charidx];
        else if (charidx >= CHARSET_FILL.length) chars[j] = '|';
      } else {
        // one blank line between the graph and the labels
        if (hasLabels && row - rows < 1) {
          loop = true;
          break;
        }
        const label = labels[j + offset];
        const labelChar = row - rows - 1;
        if (label.length > labelChar) {
          loop = true;
          chars[j] = label[labelChar];
        }
      }
    }
    if (!loop) break;
    out += chars.join('') + '\n';
  }
  return out;
}

/** Bytes of transparent huge pages mapped by this process (0 when unknown). */
export function anonHugePagesBytes(): number {
  for (const file of ['/proc/self/smaps_rollup', '/proc/self/smaps']) {
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    let kb = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith('AnonHugePages:')) kb += parseInt(line.slice(14), 10) || 0;
    }
    return kb * 1024;
  }
  return 0;
}

export interface DoctorInputs {
  threshold: number;
  slowlogSlowerThan: number;
  hz: number;
  /** Bytes of anonymous huge pages (THP), which Redis warns about. */
  thpBytes: number;
}

interface EventStats {
  samples: number;
  avg: number;
  mad: number;
  period: number;
}

function analyze(ts: TimeSeries, now: number): EventStats {
  const samples = ts.ordered();
  const n = samples.length;
  if (n === 0) return { samples: 0, avg: 0, mad: 0, period: 0 };
  let sum = 0;
  let oldest = 0;
  for (const s of samples) {
    sum += s.latency;
    if (oldest === 0 || s.time < oldest) oldest = s.time;
  }
  const avg = Math.trunc(sum / n);
  let period = now - oldest;
  if (period === 0) period = 1;
  let dev = 0;
  for (const s of samples) dev += Math.abs(avg - s.latency);
  return { samples: n, avg, mad: Math.trunc(dev / n), period };
}

/** LATENCY DOCTOR's report, with Redis's wording (and its HAL 9000 persona). */
export function latencyDoctor(mon: LatencyMonitor, inp: DoctorInputs, now = Math.floor(Date.now() / 1000)): string {
  if (mon.events.size === 0 && inp.threshold === 0) {
    return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";
  }
  let report = '';
  let advices = 0;
  const advise = { slowlogEnabled: false, slowlogTuning: false, slowlogInspect: false, scheduler: false, hz: false, largeObjects: false, massEviction: false, thp: false };
  let eventnum = 0;
  for (const [event, ts] of mon.events) {
    eventnum++;
    if (eventnum === 1) report += "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n";
    const ls = analyze(ts, now);
    report += `${eventnum}. ${event}: ${ls.samples} latency spikes (average ${ls.avg}ms, mean deviation ${ls.mad}ms, period ${formatFixed(ls.period / ls.samples, 2)} sec). Worst all time event ${ts.max}ms.`;
    const e = event.toLowerCase();
    if (e === 'command') {
      if (inp.slowlogSlowerThan < 0) {
        advise.slowlogEnabled = true;
        advices++;
      } else if (Math.trunc(inp.slowlogSlowerThan / 1000) > inp.threshold) {
        advise.slowlogTuning = true;
        advices++;
      }
      advise.slowlogInspect = true;
      advise.largeObjects = true;
      advices += 2;
    } else if (e === 'fast-command') {
      advise.scheduler = true;
      advices++;
    } else if (e === 'expire-cycle') {
      advise.hz = true;
      advise.largeObjects = true;
      advices += 2;
    } else if (e === 'eviction-del') {
      advise.largeObjects = true;
      advices++;
    } else if (e === 'eviction-cycle') {
      advise.massEviction = true;
      advices++;
    }
    report += '\n';
  }
  if (inp.thpBytes > 0) {
    advise.thp = true;
    advices++;
  }
  if (eventnum === 0 && advices === 0) {
    return report + 'Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n';
  }
  if (eventnum > 0 && advices === 0) {
    return report + "\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n";
  }
  report += '\nI have a few advices for you:\n\n';
  const thr1000 = BigInt(inp.threshold) * 1000n;
  if (advise.slowlogEnabled) {
    report += `- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ${thr1000}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n`;
  }
  if (advise.slowlogTuning) {
    report += `- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ${thr1000}'.\n`;
  }
  if (advise.slowlogInspect) {
    report += '- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n';
  }
  if (advise.scheduler) {
    report += '- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n'
      + '  1) Lower the system load.\n'
      + '  2) Use a computer / VM just for Redis if you are running other software in the same system.\n'
      + '  3) Check if you have a "noisy neighbour" problem.\n'
      + "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n"
      + '  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n';
  }
  if (advise.hz && inp.hz < 100) {
    report += "- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n";
  }
  if (advise.largeObjects) {
    report += '- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n';
  }
  if (advise.massEviction) {
    report += "- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large objects via sets or sorted sets intersections, STORE option of SORT, Redis Cluster large keys migrations (RESTORE command), may create sudden memory pressure forcing the server to block trying to evict keys. \n";
  }
  if (advise.thp) {
    report += "- I detected a non zero amount of anonymous huge pages used by your process. This creates very serious latency events in different conditions, especially when Redis is persisting on disk. To disable THP support use the command 'echo never > /sys/kernel/mm/transparent_hugepage/enabled', make sure to also add it into /etc/rc.local so that the command will be executed again after a reboot. Note that even if you have already disabled THP, you still need to restart the Redis process to get rid of the huge pages already created.\n";
  }
  return report;
}
