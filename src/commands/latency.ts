/**
 * LATENCY LATEST / HISTORY / RESET / GRAPH / DOCTOR / HISTOGRAM / HELP.
 */
import { command, type CommandDef, type CommandSpec } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { replyHelp } from './help.js';
import { observer } from '../observability/observer.js';
import { latencyGraph, latencyDoctor, anonHugePagesBytes } from '../observability/latency.js';
import type { LatencyHistogram } from '../observability/histogram.js';
import * as E from '../errors.js';

function latest(c: Client): void {
  const events = observer(c.server).latency.events;
  c.w.array(events.size);
  for (const [event, ts] of events) {
    const last = ts.latest();
    c.w.array(4);
    c.w.bulk(event);
    c.w.integer(last.time);
    c.w.integer(last.latency);
    c.w.integer(ts.max);
  }
}

function history(c: Client, argv: string[]): void {
  const ts = observer(c.server).latency.events.get(argv[2]);
  const samples = ts?.ordered() ?? [];
  c.w.array(samples.length);
  for (const s of samples) {
    c.w.array(2);
    c.w.integer(s.time);
    c.w.integer(s.latency);
  }
}

function reset(c: Client, argv: string[]): void {
  const mon = observer(c.server).latency;
  if (argv.length === 2) {
    c.w.integer(mon.reset());
    return;
  }
  let n = 0;
  for (let j = 2; j < argv.length; j++) n += mon.reset(argv[j]);
  c.w.integer(n);
}

function graph(c: Client, argv: string[]): void {
  const ts = observer(c.server).latency.events.get(argv[2]);
  if (ts === undefined) {
    c.error(E.latencyNoSamples(argv[2]));
    return;
  }
  c.w.verbatim(latencyGraph(argv[2], ts));
}

function doctor(c: Client): void {
  const cfg = c.server.config;
  c.w.verbatim(latencyDoctor(observer(c.server).latency, {
    threshold: cfg.num('latency-monitor-threshold'),
    slowlogSlowerThan: cfg.num('slowlog-log-slower-than'),
    hz: Math.min(Math.max(cfg.num('hz'), 1), 500),
    thpBytes: anonHugePagesBytes(),
  }));
}

/** One command's cumulative distribution: {calls, histogram_usec: {usec: count}}. */
function replyCdf(c: Client, h: LatencyHistogram): void {
  const w = c.w;
  w.map(2);
  w.bulk('calls');
  w.integer(h.total);
  w.bulk('histogram_usec');
  const cdf = h.cumulative();
  w.map(cdf.length);
  for (const [usec, count] of cdf) {
    w.integer(usec);
    w.integer(count);
  }
}

function histogram(c: Client, argv: string[]): void {
  const table = c.server.commands;
  const out: [CommandSpec, LatencyHistogram][] = [];
  const add = (cmd: CommandSpec) => {
    const h = cmd.stats.histogram;
    if (h !== null) out.push([cmd, h]);
  };
  if (argv.length === 2) {
    for (const cmd of table.all()) add(cmd);
  } else {
    for (let j = 2; j < argv.length; j++) {
      // a container name brings its subcommands; unknown names are skipped
      const cmd = table.lookupFull(argv[j]);
      if (cmd === undefined) continue;
      add(cmd);
      for (const sub of cmd.subcommands.values()) add(sub);
    }
  }
  c.w.map(out.length);
  for (const [cmd, h] of out) {
    c.w.bulk(cmd.fullName);
    replyCdf(c, h);
  }
}

const HELP = [
  'DOCTOR',
  '    Return a human readable latency analysis report.',
  'GRAPH <event>',
  '    Return an ASCII latency graph for the <event> class.',
  'HISTORY <event>',
  '    Return time-latency samples for the <event> class.',
  'LATEST',
  '    Return the latest latency samples for all events.',
  'RESET [<event> ...]',
  '    Reset latency data of one or more <event> classes.',
  '    (default: reset all data for all event classes)',
  'HISTOGRAM [COMMAND ...]',
  '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
  '    If no commands are specified then all histograms are replied.',
];

export const latencyCommands: CommandDef[] = [
  command('latency|latest', latest),
  command('latency|history', history),
  command('latency|reset', reset),
  command('latency|graph', graph),
  command('latency|doctor', doctor),
  command('latency|histogram', histogram),
  command('latency|help', (c, argv) => replyHelp(c, argv[0], HELP)),
];
