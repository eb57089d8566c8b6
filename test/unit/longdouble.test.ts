import { describe, it, expect } from 'vitest';
import { incrByFloatText, parseLongDouble, formatHumanLongDouble } from '../../src/protocol/longdouble.js';

// Expected texts are what Redis 7.0 on x86-64 (80-bit long double) prints.
const x86 = process.arch === 'x64' || process.arch === 'ia32';

describe('long double INCRBYFLOAT arithmetic', () => {
  it('adds decimals the way an 80-bit long double does', () => {
    expect(incrByFloatText('10.5', '0.1')).toBe('10.6');
    expect(incrByFloatText('0.1', '0.2')).toBe('0.3');
    expect(incrByFloatText('5.0e3', '0')).toBe('5000');
    expect(incrByFloatText(null, '-1.50')).toBe('-1.5');
    if (x86) {
      expect(incrByFloatText('1', '1e-17')).toBe('1.00000000000000001');
      expect(incrByFloatText('3', '1.3333333333333333333333')).toBe('4.33333333333333333');
      expect(incrByFloatText('9223372036854775807', '1')).toBe('9223372036854775808');
    }
  });

  it('prints values beyond the double range in full', () => {
    const r = incrByFloatText('1e308', '1e308');
    expect(r).toMatch(/^[12]\d{308}$/);
    if (x86) expect(r.startsWith('199999999999999999993371759311691291321120199694831134415594095989843469737676123744')).toBe(true);
  });

  it('rounds "%.17Lf" ties to even and prints -0 as 0', () => {
    expect(incrByFloatText('0', '0.000003814697265625')).toBe('0.00000381469726562');
    expect(incrByFloatText('0', '-0.000000000000000001')).toBe('0');
    expect(incrByFloatText('-0', '0')).toBe('0');
  });

  it('accepts what strtold accepts and refuses the rest', () => {
    for (const ok of ['.5', '5.', '+.5e+1', '0x10', '0x1p-2', '0X.8', 'inf', '-Infinity', '007', '1e-4940']) {
      expect(parseLongDouble(ok), ok).not.toBeNull();
    }
    for (const bad of ['', ' 1', '1 ', '1e', '-', '.', '0x', '1\x00', 'nan', '-nan', 'nan(1)', '1e4933', '1e-5000', '1,5', '0x1p', '0'.repeat(5119) + '1']) {
      expect(parseLongDouble(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('reports NaN and infinite results', () => {
    expect(incrByFloatText('inf', '1')).toBe('NAN_OR_INF');
    expect(incrByFloatText('1', '-inf')).toBe('NAN_OR_INF');
    expect(incrByFloatText('abc', '1')).toBe('NOT_FLOAT');
    expect(incrByFloatText('1', 'abc')).toBe('NOT_FLOAT');
    if (x86) expect(incrByFloatText('1e4932', '1e4932')).toBe('NAN_OR_INF');
  });

  it('formats exact binary values', () => {
    expect(formatHumanLongDouble(parseLongDouble('0.5')!)).toBe('0.5');
    expect(formatHumanLongDouble(parseLongDouble('-123.25')!)).toBe('-123.25');
    expect(formatHumanLongDouble(parseLongDouble('0x1p64')!)).toBe('18446744073709551616');
  });
});
