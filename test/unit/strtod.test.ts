import { describe, it, expect } from 'vitest';
import { strtod, strtodResult, string2d, formatDouble17g } from '../../src/protocol/doubles.js';

function parse(s: string): [number, number, boolean] {
  const v = strtod(s);
  return [v, strtodResult.end, strtodResult.erange];
}

describe('strtod (glibc semantics)', () => {
  it('decimal forms', () => {
    expect(parse(' 1')).toEqual([1, 2, false]);
    expect(parse('.5')).toEqual([0.5, 2, false]);
    expect(parse('5.')).toEqual([5, 2, false]);
    expect(parse('-.5e1')).toEqual([-5, 5, false]);
    expect(parse('1e')).toEqual([1, 1, false]);
    expect(parse('1e+')).toEqual([1, 1, false]);
    expect(parse('')).toEqual([0, 0, false]);
    expect(parse('-')).toEqual([0, 0, false]);
    expect(Object.is(parse('-0')[0], -0)).toBe(true);
  });
  it('range errors', () => {
    expect(parse('1e400')).toEqual([Infinity, 5, true]);
    expect(parse('1e-400')).toEqual([0, 6, true]);
    expect(parse('1e-310')[2]).toBe(true);
    expect(parse('0e-400')).toEqual([0, 6, false]);
  });
  it('inf and nan', () => {
    expect(parse('inf')).toEqual([Infinity, 3, false]);
    expect(parse('-Infinity')).toEqual([-Infinity, 9, false]);
    expect(parse('infinit')).toEqual([Infinity, 3, false]);
    expect(parse('nan(abc)')[1]).toBe(8);
    expect(parse('nan(')[1]).toBe(3);
  });
  it('hex floats', () => {
    expect(parse('0x1p3')).toEqual([8, 5, false]);
    expect(parse('0x1.8')).toEqual([1.5, 5, false]);
    expect(parse('0x10')).toEqual([16, 4, false]);
    expect(parse('0x')).toEqual([0, 1, false]);
    expect(parse('0X1P-1074')[0]).toBe(5e-324);
    expect(parse('-0x1p+1')).toEqual([-2, 7, false]);
  });
  it('string2d', () => {
    expect(string2d('')).toBe(null);
    expect(string2d(' 1')).toBe(null);
    expect(string2d('1 ')).toBe(null);
    expect(string2d('1e400')).toBe(null);
    expect(string2d('1e-400')).toBe(null);
    expect(string2d('1e-310')).toBe(1e-310);
    expect(string2d('nan')).toBe(null);
    expect(string2d('-inf')).toBe(-Infinity);
    expect(string2d('0x1p3')).toBe(8);
  });
  it('%.17g formatting', () => {
    expect(formatDouble17g(0.1)).toBe('0.10000000000000001');
    expect(formatDouble17g(1e16)).toBe('10000000000000000');
    expect(formatDouble17g(99999999999999984)).toBe('99999999999999984');
    expect(formatDouble17g(1e17)).toBe('1e+17');
    expect(formatDouble17g(-5)).toBe('-5');
    expect(formatDouble17g(1e-310)).toBe('9.9999999999999694e-311');
    expect(formatDouble17g(1.5e300)).toBe('1.5000000000000001e+300');
  });
});
