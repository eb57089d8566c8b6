/**
 * The `bit` library (LuaBitOp semantics): arguments are normalised to
 * 32-bit integers the way LuaBitOp does (adding 2^52+2^51, i.e. rounding to
 * nearest even, modulo 2^32) and results are signed 32-bit numbers.
 */
import type { LuaModule, CFunction } from '../wasm.js';
import { checkNumber, pushLib } from './util.js';

/** LuaBitOp's barg: the low 32 bits of n + 2^52 + 2^51. */
export function tobit(n: number): number {
  if (!Number.isFinite(n)) return 0;
  const r = n - Math.floor(n) === 0.5 ? (Math.floor(n) % 2 === 0 ? Math.floor(n) : Math.floor(n) + 1) : Math.round(n);
  if (Math.abs(r) < 2 ** 53) return Number(BigInt.asIntN(32, BigInt(r)));
  return 0;
}

export function pushBit(mod: LuaModule, L: number): void {
  const x = mod.x;
  const arg = (L: number, i: number, name: string) => tobit(checkNumber(mod, L, i, name));
  const ret = (L: number, v: number) => {
    x.lua_pushnumber(L, v | 0);
    return 1;
  };
  const variadic = (name: string, op: (a: number, b: number) => number): CFunction => (L) => {
    const n = x.lua_gettop(L);
    let b = arg(L, 1, name);
    for (let i = 2; i <= n; i++) b = op(b, arg(L, i, name));
    return ret(L, b);
  };
  const shift = (name: string, op: (a: number, n: number) => number): CFunction => (L) => {
    const b = arg(L, 1, name);
    const n = arg(L, 2, name) & 31;
    return ret(L, op(b, n));
  };
  const fns: Record<string, CFunction> = {
    tobit: (L) => ret(L, arg(L, 1, 'tobit')),
    bnot: (L) => ret(L, ~arg(L, 1, 'bnot')),
    band: variadic('band', (a, b) => a & b),
    bor: variadic('bor', (a, b) => a | b),
    bxor: variadic('bxor', (a, b) => a ^ b),
    lshift: shift('lshift', (a, n) => a << n),
    rshift: shift('rshift', (a, n) => a >>> n),
    arshift: shift('arshift', (a, n) => a >> n),
    rol: shift('rol', (a, n) => (a << n) | (a >>> (32 - n))),
    ror: shift('ror', (a, n) => (a >>> n) | (a << (32 - n))),
    bswap: (L) => {
      const b = arg(L, 1, 'bswap');
      return ret(L, ((b >>> 24) | ((b >> 8) & 0xff00) | ((b & 0xff00) << 8) | (b << 24)));
    },
    tohex: (L) => {
      let b = arg(L, 1, 'tohex') >>> 0;
      let n = x.lua_gettop(L) < 2 ? 8 : arg(L, 2, 'tohex');
      let digits = '0123456789abcdef';
      if (n < 0) {
        n = -n;
        digits = '0123456789ABCDEF';
      }
      if (n > 8) n = 8;
      let s = '';
      for (let i = 0; i < n; i++) {
        s = digits[b & 15] + s;
        b >>>= 4;
      }
      mod.pushString(L, s);
      return 1;
    },
  };
  pushLib(mod, L, fns);
}
