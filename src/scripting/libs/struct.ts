/**
 * The `struct` library (Roberto Ierusalimschy's struct.c as Redis ships
 * it): pack, unpack and size with the formats > < ! x b B h H l L T i I
 * (with sizes) c s f d and spaces, native = little endian, x86_64 sizes.
 */
import type { LuaModule, CFunction } from '../wasm.js';
import { LUA_TNONE, LUA_TNIL } from '../wasm.js';
import { raiseString } from '../natives.js';
import { argError, checkNumber, checkString, pushLib } from './util.js';

const MAXINTSIZE = 32;
const MAXALIGN = 8;

interface Header {
  little: boolean;
  align: number;
}

class Fmt {
  i = 0;
  constructor(readonly s: string) {}
  get done(): boolean {
    return this.i >= this.s.length || this.s.charCodeAt(this.i) === 0;
  }
  next(): string {
    return this.s[this.i++];
  }
  getnum(mod: LuaModule, L: number, df: number): number {
    const s = this.s;
    if (!(this.i < s.length && s[this.i] >= '0' && s[this.i] <= '9')) return df;
    let a = 0;
    do {
      const d = s.charCodeAt(this.i) - 48;
      if (a > Math.floor(2147483647 / 10) || a * 10 > 2147483647 - d) raiseString(mod, L, 'integral size overflow');
      a = a * 10 + d;
      this.i++;
    } while (this.i < s.length && s[this.i] >= '0' && s[this.i] <= '9');
    return a;
  }
}

function optsize(mod: LuaModule, L: number, opt: string, f: Fmt): number {
  switch (opt) {
    case 'B': case 'b': return 1;
    case 'H': case 'h': return 2;
    case 'L': case 'l': return 8;
    case 'T': return 8;
    case 'f': return 4;
    case 'd': return 8;
    case 'x': return 1;
    case 'c': return f.getnum(mod, L, 1);
    case 'i': case 'I': {
      const sz = f.getnum(mod, L, 4);
      if (sz > MAXINTSIZE) raiseString(mod, L, `integral size ${sz} is larger than limit of ${MAXINTSIZE}`);
      return sz;
    }
    default: return 0;
  }
}

function gettoalign(len: number, h: Header, opt: string, size: number): number {
  if (size === 0 || opt === 'c') return 0;
  if (size > h.align) size = h.align;
  return (size - (len & (size - 1))) & (size - 1);
}

function controloptions(mod: LuaModule, L: number, opt: string, f: Fmt, h: Header, fname: string): void {
  switch (opt) {
    case ' ': return;
    case '>': h.little = false; return;
    case '<': h.little = true; return;
    case '!': {
      const a = f.getnum(mod, L, MAXALIGN);
      if (a === 0 || (a & (a - 1)) !== 0) raiseString(mod, L, `alignment ${a} is not a power of 2`);
      h.align = a;
      return;
    }
    default:
      argError(mod, L, 1, fname, `invalid format option '${opt}'`);
  }
}

function putInteger(n: number, size: number, little: boolean): Buffer {
  let v = n < 0 ? BigInt.asUintN(64, BigInt(Math.trunc(Math.max(n, -9223372036854775808)))) : BigInt.asUintN(64, BigInt(Math.trunc(Math.min(n, 18446744073709551615))));
  const out = Buffer.alloc(size);
  for (let k = 0; k < size; k++) {
    const i = little ? k : size - 1 - k;
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function getInteger(b: Buffer, pos: number, size: number, little: boolean, signed: boolean): number {
  let l = 0n;
  for (let k = 0; k < size; k++) {
    const i = little ? size - 1 - k : k;
    l = ((l << 8n) | BigInt(b[pos + i])) & 0xffffffffffffffffn;
  }
  if (!signed) return Number(l);
  if (size * 8 <= 64) {
    const bits = BigInt(Math.min(size * 8, 64));
    return Number(BigInt.asIntN(Number(bits), l));
  }
  return Number(BigInt.asIntN(64, l));
}

function structFunctions(mod: LuaModule): Record<string, CFunction> {
  const x = mod.x;
  return {
    pack: (L) => {
      const f = new Fmt(checkString(mod, L, 1, 'pack'));
      const h: Header = { little: true, align: 1 };
      let arg = 2;
      let total = 0;
      const parts: Buffer[] = [];
      while (!f.done) {
        const opt = f.next();
        let size = optsize(mod, L, opt, f);
        const toalign = gettoalign(total, h, opt, size);
        total += toalign;
        if (toalign > 0) parts.push(Buffer.alloc(toalign));
        switch (opt) {
          case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I':
            parts.push(putInteger(checkNumber(mod, L, arg++, 'pack'), size, h.little));
            break;
          case 'x':
            parts.push(Buffer.alloc(1));
            break;
          case 'f': {
            const b = Buffer.alloc(4);
            if (h.little) b.writeFloatLE(checkNumber(mod, L, arg++, 'pack'));
            else b.writeFloatBE(checkNumber(mod, L, arg++, 'pack'));
            parts.push(b);
            break;
          }
          case 'd': {
            const b = Buffer.alloc(8);
            if (h.little) b.writeDoubleLE(checkNumber(mod, L, arg++, 'pack'));
            else b.writeDoubleBE(checkNumber(mod, L, arg++, 'pack'));
            parts.push(b);
            break;
          }
          case 'c': case 's': {
            const s = checkString(mod, L, arg++, 'pack');
            if (size === 0) size = s.length;
            if (s.length < size) argError(mod, L, arg, 'pack', 'string too short');
            parts.push(Buffer.from(s.slice(0, size), 'latin1'));
            if (opt === 's') {
              parts.push(Buffer.alloc(1));
              size++;
            }
            break;
          }
          default:
            controloptions(mod, L, opt, f, h, 'pack');
        }
        total += size;
      }
      mod.pushBytes(L, Buffer.concat(parts));
      return 1;
    },
    unpack: (L) => {
      const f = new Fmt(checkString(mod, L, 1, 'unpack'));
      const data = Buffer.from(checkString(mod, L, 2, 'unpack'), 'latin1');
      const ld = data.length;
      const t3 = x.lua_type(L, 3);
      let pos = t3 === LUA_TNONE || t3 === LUA_TNIL ? 0 : Math.trunc(checkNumber(mod, L, 3, 'unpack')) - 1;
      if (pos < 0) return argError(mod, L, 3, 'unpack', 'offset must be 1 or greater');
      const h: Header = { little: true, align: 1 };
      let n = 0;
      while (!f.done) {
        const opt = f.next();
        let size = optsize(mod, L, opt, f);
        pos += gettoalign(pos, h, opt, size);
        if (!(pos + size <= ld)) argError(mod, L, 2, 'unpack', 'data string too short');
        x.lua_checkstack(L, 2);
        switch (opt) {
          case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I':
            x.lua_pushnumber(L, getInteger(data, pos, size, h.little, opt === opt.toLowerCase()));
            n++;
            break;
          case 'x':
            break;
          case 'f':
            x.lua_pushnumber(L, h.little ? data.readFloatLE(pos) : data.readFloatBE(pos));
            n++;
            break;
          case 'd':
            x.lua_pushnumber(L, h.little ? data.readDoubleLE(pos) : data.readDoubleBE(pos));
            n++;
            break;
          case 'c':
            if (size === 0) {
              if (n === 0 || x.lua_isnumber(L, -1) === 0) raiseString(mod, L, "format 'c0' needs a previous size");
              size = Math.trunc(x.lua_tonumberx(L, -1, 0));
              x.lua_settop(L, -2);
              n--;
              if (!(size <= ld && pos <= ld - size)) argError(mod, L, 2, 'unpack', 'data string too short');
            }
            mod.pushBytes(L, data.subarray(pos, pos + size));
            n++;
            break;
          case 's': {
            const e = data.indexOf(0, pos);
            if (e < 0) raiseString(mod, L, 'unfinished string in data');
            size = e - pos + 1;
            mod.pushBytes(L, data.subarray(pos, e));
            n++;
            break;
          }
          default:
            controloptions(mod, L, opt, f, h, 'unpack');
        }
        pos += size;
      }
      x.lua_pushnumber(L, pos + 1);
      return n + 1;
    },
    size: (L) => {
      const f = new Fmt(checkString(mod, L, 1, 'size'));
      const h: Header = { little: true, align: 1 };
      let pos = 0;
      while (!f.done) {
        const opt = f.next();
        const size = optsize(mod, L, opt, f);
        pos += gettoalign(pos, h, opt, size);
        if (opt === 's') argError(mod, L, 1, 'size', "option 's' has no fixed size");
        else if (opt === 'c' && size === 0) argError(mod, L, 1, 'size', "option 'c0' has no fixed size");
        if (!/[A-Za-z0-9]/.test(opt)) controloptions(mod, L, opt, f, h, 'size');
        pos += size;
      }
      x.lua_pushnumber(L, pos);
      return 1;
    },
  };
}

let fns: Record<string, CFunction> | null = null;

export function pushStruct(mod: LuaModule, L: number): void {
  fns ??= structFunctions(mod);
  pushLib(mod, L, fns);
}
