import { describe, it, expect } from 'vitest';
import { dumpPayload, parsePayload } from '../../src/scripting/payload.js';
import { crc64 } from '../../src/persistence/rdb/crc64.js';
import { lzfDecompress } from '../../src/persistence/rdb/lzf.js';
import { errorText, doubleToLongLong } from '../../src/scripting/convert.js';
import { lua51Message } from '../../src/scripting/compat.js';
import { compileError51 } from '../../src/scripting/vm.js';
import { parseShebang } from '../../src/scripting/engine.js';
import { formatG } from '../../src/protocol/doubles.js';
import { tobit } from '../../src/scripting/libs/bit.js';
import { ReplyRecorder, Kind } from '../../src/scripting/recorder.js';

describe('scripting helpers', () => {
  it('crc64 matches Redis (Jones polynomial test vector)', () => {
    expect(crc64(Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
  });

  it('dump payloads round trip and reject corruption', () => {
    const p = dumpPayload(['#!lua name=a\nx', 'y'.repeat(70000)]);
    expect(parsePayload(p)).toEqual(['#!lua name=a\nx', 'y'.repeat(70000)]);
    const bad = p.slice(0, 3) + 'z' + p.slice(4);
    expect(parsePayload(bad)).toBeNull();
    expect(parsePayload('short')).toBeNull();
  });

  it('lzf decompression (literal runs and back references)', () => {
    // literal "abc" then a back reference of length 3 at distance 3: "abcabc"
    expect(lzfDecompress(Buffer.from([2, 97, 98, 99, 0x20, 2]), 6)!.toString()).toBe('abcabc');
    expect(lzfDecompress(Buffer.from([5, 97]), 6)).toBeNull();
  });

  it('error texts get a code as Redis does', () => {
    expect(errorText('-WRONGTYPE Operation')).toBe('WRONGTYPE Operation');
    expect(errorText('-nospace')).toBe('ERR nospace');
    expect(errorText('plain message')).toBe('ERR plain message');
    expect(errorText('-ERR trailing\r\n')).toBe('ERR trailing');
  });

  it('doubles convert to long long as x86 does', () => {
    expect(doubleToLongLong(3.99)).toBe(3);
    expect(doubleToLongLong(-3.99)).toBe(-3);
    expect(doubleToLongLong(NaN)).toBe(-9223372036854775808n);
    expect(doubleToLongLong(1e20)).toBe(-9223372036854775808n);
    expect(doubleToLongLong(2 ** 60)).toBe(2n ** 60n);
  });

  it('Lua 5.4 messages reworded as 5.1', () => {
    expect(lua51Message("user_script:1: attempt to index a nil value (local 'x')")).toBe("user_script:1: attempt to index local 'x' (a nil value)");
    expect(lua51Message("s:1: attempt to call a nil value (global 'f')")).toBe("s:1: attempt to call global 'f' (a nil value)");
    expect(lua51Message("s:1: attempt to perform arithmetic on a string value (constant 'x')")).toBe('s:1: attempt to perform arithmetic on a string value');
    expect(lua51Message("s:1: attempt to add a 'string' with a 'number'")).toBe('s:1: attempt to perform arithmetic on a string value');
    expect(lua51Message("s:1: bad 'for' limit (number expected, got string)")).toBe("s:1: 'for' limit must be a number");
    expect(compileError51("user_script:1: unexpected symbol near <eof>")).toBe("user_script:1: unexpected symbol near '<eof>'");
    expect(compileError51("user_script:1: <name> expected near '1'")).toBe("user_script:1: '<name>' expected near '1'");
  });

  it('shebang parsing', () => {
    expect(parseShebang('#!lua flags=no-writes,allow-oom\nreturn 1')).toEqual({
      flags: { noWrites: true, allowOom: true, allowStale: false, noCluster: false, allowCrossSlot: false },
      length: 31,
    });
    expect(parseShebang('#!lua')).toBe('ERR Invalid script shebang');
    expect(parseShebang('#!lua flags=x\n')).toBe('ERR Unexpected flag in script shebang: x');
  });

  it('printf-style %.Ng rounds exact ties to even', () => {
    expect(formatG(123456789012345, 14)).toBe('1.2345678901234e+14');
    expect(formatG(123456789012355, 14)).toBe('1.2345678901236e+14');
    expect(formatG(0.125, 2)).toBe('0.12');
    expect(formatG(0.375, 2)).toBe('0.38');
    expect(formatG(2.5, 1)).toBe('2');
  });

  it('LuaBitOp argument normalisation', () => {
    expect(tobit(2 ** 32 + 5)).toBe(5);
    expect(tobit(0xffffffff)).toBe(-1);
    expect(tobit(1.5)).toBe(2);
    expect(tobit(2.5)).toBe(2);
    expect(tobit(-2.5)).toBe(-2);
  });
});


describe('ReplyRecorder', () => {
  it('records RESP2 shapes the way ReplyWriter writes them', () => {
    const r = new ReplyRecorder();
    r.map(1);
    r.bulk('k');
    r.double(1.5);
    expect(r.value).toEqual({ k: Kind.Array, a: ['k', '1.5'] });
    r.reset();
    r.bool(true);
    expect(r.value).toBe(1);
    r.reset();
    r.nil();
    expect(r.value).toBeNull();
  });

  it('records RESP3 maps, sets, doubles, booleans, nulls', () => {
    const r = new ReplyRecorder();
    r.resp = 3;
    r.array(4);
    r.map(1);
    r.bulk('a');
    r.integer(1);
    r.set(0);
    r.double(2.5);
    r.nil();
    expect(r.value).toEqual({
      k: Kind.Array,
      a: [{ k: Kind.Map, a: ['a', 1] }, { k: Kind.Set, a: [] }, { k: Kind.Double, d: 2.5 }, { k: Kind.Null }],
    });
  });

  it('parses raw protocol text, including pieces split across calls', () => {
    const r = new ReplyRecorder();
    r.raw('*3\r\n+OK\r\n:12\r\n$5\r\nhel');
    expect(r.value).toBeUndefined();
    r.raw('lo\r\n');
    expect(r.value).toEqual({ k: Kind.Array, a: [{ k: Kind.Status, s: 'OK' }, 12, 'hello'] });
    r.reset();
    r.raw('-ERR bad\r\n');
    expect(r.value).toEqual({ k: Kind.Error, s: 'ERR bad' });
    r.reset();
    r.raw('%1\r\n$1\r\nk\r\n#t\r\n');
    expect(r.value).toEqual({ k: Kind.Map, a: ['k', { k: Kind.Bool, b: true }] });
    r.reset();
    r.raw(':99999999999999999999\r\n');
    expect(r.value).toBe(99999999999999999999n);
  });
});
