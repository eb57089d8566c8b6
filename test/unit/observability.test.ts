import { describe, it, expect } from 'vitest';
import { LatencyMonitor, latencyGraph, latencyDoctor, LATENCY_TS_LEN } from '../../src/observability/latency.js';
import { InstantaneousMetric, Sampler } from '../../src/observability/sampler.js';
import { SlowLog, slowlogArgv, secretArgs } from '../../src/observability/slowlog.js';
import { formatFixed, trimDoubleString } from '../../src/protocol/doubles.js';
import { bytesToHuman, infoSections } from '../../src/observability/info.js';

describe('latency monitor', () => {
  it('keeps one sample per second (the worst) and the all-time max', () => {
    const m = new LatencyMonitor();
    m.add('command', 5, 1000);
    m.add('command', 3, 1000);
    m.add('command', 9, 1000);
    m.add('command', 4, 1001);
    const ts = m.events.get('command')!;
    expect(ts.ordered()).toEqual([{ time: 1000, latency: 9 }, { time: 1001, latency: 4 }]);
    expect(ts.max).toBe(9);
    expect(ts.latest()).toEqual({ time: 1001, latency: 4 });
  });

  it('is a ring of 160 samples', () => {
    const m = new LatencyMonitor();
    for (let i = 0; i < LATENCY_TS_LEN + 10; i++) m.add('e', i + 1, 100 + i);
    const s = m.events.get('e')!.ordered();
    expect(s).toHaveLength(LATENCY_TS_LEN);
    expect(s[0].time).toBe(110);
  });

  it('samples only above the threshold, and resets case-insensitively', () => {
    const m = new LatencyMonitor();
    m.addIfNeeded(0, 'a', 100);
    m.addIfNeeded(10, 'a', 9);
    expect(m.events.size).toBe(0);
    m.addIfNeeded(10, 'Command', 10);
    m.addIfNeeded(10, 'other', 10);
    expect(m.reset('COMMAND')).toBe(1);
    expect(m.reset()).toBe(1);
  });

  it('draws the graph as Redis does', () => {
    const m = new LatencyMonitor();
    m.add('command', 5, 1000);
    m.add('command', 20, 1001);
    m.add('command', 12, 1002);
    expect(latencyGraph('command', m.events.get('command')!, 1002)).toBe(
      'command - high 20 ms, low 5 ms (all time high 20 ms)\n' + '-'.repeat(80) + '\n' +
      ' # \n | \n |#\n_||\n   \n210\nsss\n');
  });

  it('writes the doctor report', () => {
    const m = new LatencyMonitor();
    const inp = { threshold: 0, slowlogSlowerThan: 10000, hz: 10, thpBytes: 0 };
    expect(latencyDoctor(m, inp)).toMatch(/^I'm sorry, Dave, I can't do that\./);
    expect(latencyDoctor(m, { ...inp, threshold: 1 })).toMatch(/^Dave, no latency spike was observed/);
    m.add('command', 5, 1000);
    m.add('command', 20, 1001);
    m.add('command', 12, 1002);
    const r = latencyDoctor(m, { ...inp, threshold: 1 }, 1002);
    expect(r).toContain('1. command: 3 latency spikes (average 12ms, mean deviation 5ms, period 0.67 sec). Worst all time event 20ms.\n');
    expect(r).toContain("Please use 'CONFIG SET slowlog-log-slower-than 1000'.");
    const mm = new LatencyMonitor();
    mm.add('event-loop', 30, 1000);
    expect(latencyDoctor(mm, { ...inp, threshold: 1 }, 1000)).toContain("I'm not able to suggest any easy fix");
  });
});

describe('instantaneous metrics', () => {
  it('averages 16 rate samples', () => {
    const m = new InstantaneousMetric();
    m.reset(0);
    let count = 0;
    for (let t = 100; t <= 1600; t += 100) {
      count += 50;
      m.track(count, t);
    }
    expect(m.get()).toBe(500);
    m.track(count, 1700);
    expect(m.get()).toBe(Math.trunc((500 * 15) / 16));
  });

  it('samples every 100ms of cron time', () => {
    const s = new Sampler();
    s.reset();
    const t0 = Date.now();
    // hz 100: one sample every 10 ticks
    for (let i = 0; i < 20; i++) s.tick(10, i * 10, 0, 0, t0 + (i + 1) * 10);
    expect(s.ops.get()).toBeGreaterThan(0);
  });
});

describe('slow log', () => {
  it('caps arguments like Redis', () => {
    const argv = ['cmd', ...Array.from({ length: 40 }, (_, i) => String(i))];
    const out = slowlogArgv(argv, null);
    expect(out).toHaveLength(32);
    expect(out[31]).toBe('... (10 more arguments)');
    expect(slowlogArgv(['set', 'k', 'x'.repeat(200)], null)[2]).toBe('x'.repeat(128) + '... (72 more bytes)');
    expect(slowlogArgv(['auth', 'p'], new Set([1]))).toEqual(['auth', '(redacted)']);
  });

  it('keeps the newest entries', () => {
    const log = new SlowLog();
    for (let i = 0; i < 300; i++) log.pushIfNeeded(0, 100, i, ['c', String(i)], null, '1.2.3.4:5', '');
    expect(log.length).toBe(100);
    expect(log.get(2).map((e) => e.argv[1])).toEqual(['299', '298']);
    expect(log.get(1000).at(-1)!.argv[1]).toBe('200');
    log.pushIfNeeded(-1, 100, 5, ['x'], null, '', '');
    log.pushIfNeeded(10, 100, 5, ['x'], null, '', '');
    expect(log.get(1)[0].id).toBe(299);
  });

  it('knows where secrets are', () => {
    expect(secretArgs('auth', ['AUTH', 'u', 'p'])).toEqual(new Set([1, 2]));
    expect(secretArgs('auth', ['AUTH', 'a', 'b', 'c'])).toBeNull();
    expect(secretArgs('hello', ['HELLO', '3', 'SETNAME', 'auth', 'AUTH', 'u', 'p'])).toEqual(new Set([5, 6]));
    expect(secretArgs('migrate', ['MIGRATE', 'h', '1', '', '0', '10', 'COPY', 'AUTH2', 'u', 'p', 'KEYS', 'a'])).toEqual(new Set([8, 9]));
  });
});

describe('number formatting', () => {
  it('rounds exact ties to even like printf', () => {
    expect(formatFixed(1.125, 2)).toBe('1.12');
    expect(formatFixed(1.375, 2)).toBe('1.38');
    expect(formatFixed(0.5, 0)).toBe('0');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(-1.125, 2)).toBe('-1.12');
    expect(formatFixed(1.005, 2)).toBe('1.00');
    expect(formatFixed(99.9, 6)).toBe('99.900000');
    expect(trimDoubleString('99.900000')).toBe('99.9');
    expect(trimDoubleString('50.000000')).toBe('50');
  });

  it('bytesToHuman', () => {
    expect(bytesToHuman(1023)).toBe('1023B');
    expect(bytesToHuman(1015408)).toBe('991.61K');
    expect(bytesToHuman(1536 * 1024 * 1024)).toBe('1.50G');
    expect(bytesToHuman(0)).toBe('0B');
  });

  it('INFO section selection', () => {
    expect(infoSections([]).sections.has('module_list')).toBe(true);
    expect(infoSections(['ALL']).all).toBe(true);
    expect([...infoSections(['Server', 'server']).sections]).toEqual(['server']);
  });
});
