import { describe, it, expect } from 'vitest';
import { LatencyHistogram, highestEquivalent } from '../../src/observability/histogram.js';

describe('latency histogram (HDR layout, 2 significant digits)', () => {
  it('reports bucket upper edges like Redis INFO latencystats', () => {
    expect(highestEquivalent(6000)).toBe(6015);
    expect(highestEquivalent(8000)).toBe(8031);
    expect(highestEquivalent(9000)).toBe(9023);
    expect(highestEquivalent(100)).toBe(100);
    expect(highestEquivalent(255)).toBe(255);
    expect(highestEquivalent(256)).toBe(257);
  });
  it('percentiles', () => {
    const h = new LatencyHistogram();
    expect(h.valueAtPercentile(50)).toBe(0);
    h.record(6000);
    expect(h.valueAtPercentile(50)).toBe(6015);
    expect(h.valueAtPercentile(99.9)).toBe(6015);
    expect(h.valueAtPercentile(0)).toBe(5984);
    for (let i = 0; i < 99; i++) h.record(1000);
    expect(h.valueAtPercentile(50)).toBe(1003);
    expect(h.valueAtPercentile(100)).toBe(6015);
  });
  it('clamps to the trackable range', () => {
    const h = new LatencyHistogram();
    h.record(0);
    h.record(5e12);
    expect(h.total).toBe(2);
    expect(h.valueAtPercentile(1)).toBe(1);
    expect(h.valueAtPercentile(100)).toBe(highestEquivalent(1e9));
  });
  it('cumulative distribution at power-of-two microsecond levels', () => {
    const h = new LatencyHistogram();
    for (const v of [1500, 3000, 3500, 30000, 500000]) h.record(v);
    expect(h.cumulative()).toEqual([[2, 1], [4, 3], [33, 4], [528, 5]]);
    expect(new LatencyHistogram().cumulative()).toEqual([]);
  });
});
