/**
 * The `cmsgpack` library as Redis ships it (lua-cmsgpack 0.4.0): pack of
 * any number of values (tables become arrays when their keys are exactly
 * 1..n, maps otherwise; nesting deeper than 16 becomes nil), unpack,
 * unpack_one and unpack_limit with the same offsets and errors.
 */
import type { LuaModule, CFunction } from '../wasm.js';
import { LUA_TBOOLEAN, LUA_TNUMBER, LUA_TSTRING, LUA_TTABLE, LUA_TNONE, LUA_TNIL } from '../wasm.js';
import { raiseString } from '../natives.js';
import { argError, checkString, checkNumber, pushLib } from './util.js';

const MAX_NESTING = 16;

class Packer {
  private parts: number[] = [];
  private chunks: Buffer[] = [];

  constructor(private readonly mod: LuaModule, private readonly L: number) {}

  private bytes(...b: number[]): void {
    for (const x of b) this.parts.push(x & 0xff);
  }

  private flushParts(): void {
    if (this.parts.length !== 0) {
      this.chunks.push(Buffer.from(this.parts));
      this.parts = [];
    }
  }

  private raw(b: Buffer): void {
    this.flushParts();
    this.chunks.push(b);
  }

  int(n: bigint): void {
    if (n >= 0n) {
      if (n <= 127n) this.bytes(Number(n));
      else if (n <= 0xffn) this.bytes(0xcc, Number(n));
      else if (n <= 0xffffn) this.bytes(0xcd, Number(n >> 8n), Number(n));
      else if (n <= 0xffffffffn) { const b = Buffer.alloc(5); b[0] = 0xce; b.writeUInt32BE(Number(n), 1); this.raw(b); }
      else { const b = Buffer.alloc(9); b[0] = 0xcf; b.writeBigUInt64BE(BigInt.asUintN(64, n), 1); this.raw(b); }
    } else {
      if (n >= -32n) this.bytes(Number(n));
      else if (n >= -128n) this.bytes(0xd0, Number(n));
      else if (n >= -32768n) { const b = Buffer.alloc(3); b[0] = 0xd1; b.writeInt16BE(Number(n), 1); this.raw(b); }
      else if (n >= -2147483648n) { const b = Buffer.alloc(5); b[0] = 0xd2; b.writeInt32BE(Number(n), 1); this.raw(b); }
      else { const b = Buffer.alloc(9); b[0] = 0xd3; b.writeBigInt64BE(BigInt.asIntN(64, n), 1); this.raw(b); }
    }
  }

  double(d: number): void {
    if (Math.fround(d) === d) {
      const b = Buffer.alloc(5);
      b[0] = 0xca;
      b.writeFloatBE(d, 1);
      this.raw(b);
      return;
    }
    const b = Buffer.alloc(9);
    b[0] = 0xcb;
    if (Number.isNaN(d)) Buffer.from([0xff, 0xf8, 0, 0, 0, 0, 0, 0]).copy(b, 1); // x86's default NaN
    else b.writeDoubleBE(d, 1);
    this.raw(b);
  }

  number(idx: number): void {
    const x = this.mod.x;
    if (x.lua_isinteger(this.L, idx) !== 0) {
      this.int(x.lua_tointegerx(this.L, idx, 0));
      return;
    }
    const d = x.lua_tonumberx(this.L, idx, 0);
    // IS_INT64_EQUIVALENT: finite and (int64)d == d
    if (Number.isFinite(d) && Number.isInteger(d) && d >= -9223372036854775808 && d < 9223372036854775808) this.int(BigInt(d));
    else this.double(d);
  }

  string(s: string): void {
    const len = s.length;
    if (len < 32) this.bytes(0xa0 | len);
    else if (len <= 0xff) this.bytes(0xd9, len);
    else if (len <= 0xffff) this.bytes(0xda, len >> 8, len);
    else this.bytes(0xdb, len >>> 24, len >>> 16, len >>> 8, len);
    this.raw(Buffer.from(s, 'latin1'));
  }

  private header(n: number, fix: number, b16: number, b32: number): void {
    if (n <= 15) this.bytes(fix | n);
    else if (n <= 0xffff) this.bytes(b16, n >> 8, n);
    else this.bytes(b32, n >>> 24, n >>> 16, n >>> 8, n);
  }

  private isArray(): boolean {
    const x = this.mod.x;
    const L = this.L;
    let count = 0;
    let max = 0;
    x.lua_pushnil(L);
    while (x.lua_next(L, -2) !== 0) {
      x.lua_settop(L, -2);
      if (x.lua_isinteger(L, -1) === 0) {
        // a float key with an integral value is an integer key in 5.1 terms
        if (x.lua_type(L, -1) !== LUA_TNUMBER) { x.lua_settop(L, -2); return false; }
        const d = x.lua_tonumberx(L, -1, 0);
        if (!(d > 0 && Number.isInteger(d))) { x.lua_settop(L, -2); return false; }
        if (d > max) max = d;
      } else {
        const n = Number(x.lua_tointegerx(L, -1, 0));
        if (n <= 0) { x.lua_settop(L, -2); return false; }
        if (n > max) max = n;
      }
      count++;
    }
    return max === count;
  }

  /** Encodes the value at the top of the stack and pops it. */
  value(level: number): void {
    const x = this.mod.x;
    const L = this.L;
    let t = x.lua_type(L, -1);
    if (t === LUA_TTABLE && level === MAX_NESTING) t = LUA_TNIL;
    switch (t) {
      case LUA_TSTRING:
        this.string(this.mod.toString(L, -1)!);
        break;
      case LUA_TBOOLEAN:
        this.bytes(x.lua_toboolean(L, -1) !== 0 ? 0xc3 : 0xc2);
        break;
      case LUA_TNUMBER:
        this.number(-1);
        break;
      case LUA_TTABLE:
        x.lua_checkstack(L, 3);
        if (this.isArray()) {
          const len = Number(x.lua_rawlen(L, -1));
          this.header(len, 0x90, 0xdc, 0xdd);
          for (let j = 1; j <= len; j++) {
            x.lua_pushnumber(L, j);
            x.lua_gettable(L, -2);
            this.value(level + 1);
          }
        } else {
          let len = 0;
          x.lua_pushnil(L);
          while (x.lua_next(L, -2) !== 0) {
            x.lua_settop(L, -2);
            len++;
          }
          this.header(len, 0x80, 0xde, 0xdf);
          x.lua_pushnil(L);
          while (x.lua_next(L, -2) !== 0) {
            x.lua_pushvalue(L, -2);
            this.value(level + 1);
            this.value(level + 1);
          }
        }
        break;
      default:
        this.bytes(0xc0);
    }
    x.lua_settop(L, -2);
  }

  result(): Buffer {
    this.flushParts();
    return Buffer.concat(this.chunks);
  }
}

const EOF_ERR = 1;
const BADFMT_ERR = 2;

class Unpacker {
  err = 0;
  constructor(private readonly mod: LuaModule, private readonly L: number, private readonly b: Buffer, public p: number) {}

  get left(): number {
    return this.b.length - this.p;
  }

  private need(n: number): boolean {
    if (this.left < n) {
      this.err = EOF_ERR;
      return false;
    }
    return true;
  }

  /** Decodes one value and pushes it (on error, pushes nothing useful and sets err). */
  value(): void {
    const x = this.mod.x;
    const L = this.L;
    const b = this.b;
    if (!this.need(1)) return;
    const c = b[this.p];
    x.lua_checkstack(L, 3);
    const pushInt = (v: number) => x.lua_pushnumber(L, v);
    if (c <= 0x7f) { pushInt(c); this.p++; return; }
    if (c >= 0xe0) { pushInt(c - 256); this.p++; return; }
    if ((c & 0xe0) === 0xa0) { this.str(1, c & 0x1f); return; }
    if ((c & 0xf0) === 0x90) { this.array(1, c & 0x0f); return; }
    if ((c & 0xf0) === 0x80) { this.map(1, c & 0x0f); return; }
    switch (c) {
      case 0xc0: x.lua_pushnil(L); this.p++; return;
      case 0xc2: x.lua_pushboolean(L, 0); this.p++; return;
      case 0xc3: x.lua_pushboolean(L, 1); this.p++; return;
      case 0xcc: if (this.need(2)) { pushInt(b[this.p + 1]); this.p += 2; } return;
      case 0xcd: if (this.need(3)) { pushInt(b.readUInt16BE(this.p + 1)); this.p += 3; } return;
      case 0xce: if (this.need(5)) { pushInt(b.readUInt32BE(this.p + 1)); this.p += 5; } return;
      case 0xcf: if (this.need(9)) { pushInt(Number(b.readBigInt64BE(this.p + 1))); this.p += 9; } return;
      case 0xd0: if (this.need(2)) { pushInt(b.readInt8(this.p + 1)); this.p += 2; } return;
      case 0xd1: if (this.need(3)) { pushInt(b.readInt16BE(this.p + 1)); this.p += 3; } return;
      case 0xd2: if (this.need(5)) { pushInt(b.readInt32BE(this.p + 1)); this.p += 5; } return;
      case 0xd3: if (this.need(9)) { pushInt(Number(b.readBigInt64BE(this.p + 1))); this.p += 9; } return;
      case 0xca: if (this.need(5)) { x.lua_pushnumber(L, b.readFloatBE(this.p + 1)); this.p += 5; } return;
      case 0xcb: if (this.need(9)) { x.lua_pushnumber(L, b.readDoubleBE(this.p + 1)); this.p += 9; } return;
      case 0xd9: if (this.need(2)) this.str(2, b[this.p + 1]); return;
      case 0xda: if (this.need(3)) this.str(3, b.readUInt16BE(this.p + 1)); return;
      case 0xdb: if (this.need(5)) this.str(5, b.readUInt32BE(this.p + 1)); return;
      case 0xdc: if (this.need(3)) this.array(3, b.readUInt16BE(this.p + 1)); return;
      case 0xdd: if (this.need(5)) this.array(5, b.readUInt32BE(this.p + 1)); return;
      case 0xde: if (this.need(3)) this.map(3, b.readUInt16BE(this.p + 1)); return;
      case 0xdf: if (this.need(5)) this.map(5, b.readUInt32BE(this.p + 1)); return;
      default: this.err = BADFMT_ERR;
    }
  }

  private str(hdr: number, len: number): void {
    if (!this.need(hdr + len)) return;
    this.mod.pushBytes(this.L, this.b.subarray(this.p + hdr, this.p + hdr + len));
    this.p += hdr + len;
  }

  private array(hdr: number, n: number): void {
    const x = this.mod.x;
    this.p += hdr;
    x.lua_createtable(this.L, 0, 0);
    for (let j = 1; j <= n; j++) {
      x.lua_pushnumber(this.L, j);
      this.value();
      if (this.err) return;
      x.lua_settable(this.L, -3);
    }
  }

  private map(hdr: number, n: number): void {
    const x = this.mod.x;
    this.p += hdr;
    x.lua_createtable(this.L, 0, 0);
    for (let j = 0; j < n; j++) {
      this.value();
      if (this.err) return;
      this.value();
      if (this.err) return;
      x.lua_settable(this.L, -3);
    }
  }
}

function unpackFull(mod: LuaModule, L: number, limit: number, offset: number, fname: string): number {
  const x = mod.x;
  const s = checkString(mod, L, 1, fname);
  const len = s.length;
  const decodeAll = limit === 0 && offset === 0;
  if (offset < 0 || limit < 0) return raiseString(mod, L, `Invalid request to unpack with offset of ${offset} and limit of ${len}.`);
  if (offset > len) return raiseString(mod, L, `Start offset ${offset} greater than input length ${len}.`);
  if (decodeAll) limit = 2147483647;
  const u = new Unpacker(mod, L, Buffer.from(s, 'latin1'), offset);
  let cnt = 0;
  for (; u.left > 0 && cnt < limit; cnt++) {
    u.value();
    if (u.err === EOF_ERR) return raiseString(mod, L, 'Missing bytes in input.');
    if (u.err === BADFMT_ERR) return raiseString(mod, L, 'Bad data format in input.');
  }
  if (!decodeAll) {
    x.lua_pushnumber(L, u.left === 0 ? -1 : len - u.left);
    x.lua_rotate(L, 2, 1);
    cnt++;
  }
  return cnt;
}

function optInt(mod: LuaModule, L: number, idx: number, def: number, fname: string): number {
  const t = mod.x.lua_type(L, idx);
  if (t === LUA_TNONE || t === LUA_TNIL) return def;
  return Math.trunc(checkNumber(mod, L, idx, fname));
}

function cmsgpackFunctions(mod: LuaModule): Record<string, CFunction> {
  const x = mod.x;
  return {
    pack: (L) => {
      const nargs = x.lua_gettop(L);
      if (nargs === 0) return argError(mod, L, 0, 'pack', 'MessagePack pack needs input.');
      const p = new Packer(mod, L);
      for (let i = 1; i <= nargs; i++) {
        x.lua_pushvalue(L, i);
        p.value(0);
      }
      mod.pushBytes(L, p.result());
      return 1;
    },
    unpack: (L) => unpackFull(mod, L, 0, 0, 'unpack'),
    unpack_one: (L) => {
      const offset = optInt(mod, L, 2, 0, 'unpack_one');
      x.lua_settop(L, 1);
      return unpackFull(mod, L, 1, offset, 'unpack_one');
    },
    unpack_limit: (L) => {
      const limit = Math.trunc(checkNumber(mod, L, 2, 'unpack_limit'));
      const offset = optInt(mod, L, 3, 0, 'unpack_limit');
      x.lua_settop(L, 1);
      return unpackFull(mod, L, limit, offset, 'unpack_limit');
    },
  };
}

let fns: Record<string, CFunction> | null = null;

export function pushCmsgpack(mod: LuaModule, L: number): void {
  fns ??= cmsgpackFunctions(mod);
  pushLib(mod, L, fns, (L) => {
    const x = mod.x;
    const set = (k: string, v: string) => {
      mod.pushString(L, v);
      x.lua_setfield(L, -2, mod.cstr(k));
    };
    set('_NAME', 'cmsgpack');
    set('_VERSION', 'lua-cmsgpack 0.4.0');
    set('_COPYRIGHT', 'Copyright (C) 2012, Salvatore Sanfilippo');
    set('_DESCRIPTION', 'MessagePack C implementation for Lua');
  });
}
