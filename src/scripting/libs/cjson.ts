/**
 * The `cjson` library as Redis ships it (lua-cjson 2.1.0): the same
 * encoder (numbers with %.14g, '/' escaped, sparse array rules, nesting
 * limits), the same tokenizer and parser with the same error messages,
 * cjson.null as a NULL light userdata, and the configuration functions.
 * Object keys come out in Lua's table order, which differs between Lua
 * 5.1 and 5.4 for tables with several keys.
 */
import type { LuaModule, CFunction } from '../wasm.js';
import { LUA_TBOOLEAN, LUA_TLIGHTUSERDATA, LUA_TNIL, LUA_TNUMBER, LUA_TSTRING, LUA_TTABLE, LUA_TNONE } from '../wasm.js';
import { raiseString, activeRun } from '../natives.js';
import { formatG } from '../../protocol/doubles.js';
import { argError, checkString, pushLib } from './util.js';

interface CjsonConfig {
  encodeSparseConvert: boolean;
  encodeSparseRatio: number;
  encodeSparseSafe: number;
  encodeMaxDepth: number;
  decodeMaxDepth: number;
  encodeNumberPrecision: number;
  encodeKeepBuffer: boolean;
  encodeInvalidNumbers: 0 | 1 | 2;
  decodeInvalidNumbers: boolean;
}

function defaults(): CjsonConfig {
  return {
    encodeSparseConvert: false, encodeSparseRatio: 2, encodeSparseSafe: 10,
    encodeMaxDepth: 1000, decodeMaxDepth: 1000, encodeNumberPrecision: 14,
    encodeKeepBuffer: true, encodeInvalidNumbers: 0, decodeInvalidNumbers: true,
  };
}

/** Configuration is per server (the engine of the running script). */
const configs = new WeakMap<object, CjsonConfig>();
const processDefault = defaults();
function config(): CjsonConfig {
  const engine = activeRun()?.engine;
  if (engine === undefined) return processDefault;
  let c = configs.get(engine);
  if (c === undefined) {
    c = defaults();
    configs.set(engine, c);
  }
  return c;
}

const TYPE_NAMES = ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function', 'userdata', 'thread'];

function fmtNumber(d: number, precision: number): string {
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  return formatG(d, precision);
}

const ESCAPES: string[] = [];
for (let i = 0; i < 256; i++) {
  let e: string;
  if (i < 32) {
    e = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' }[i] ?? '\\u00' + i.toString(16).padStart(2, '0');
  } else if (i === 34) e = '\\"';
  else if (i === 92) e = '\\\\';
  else if (i === 47) e = '\\/';
  else if (i === 127) e = '\\u007f';
  else e = String.fromCharCode(i);
  ESCAPES.push(e);
}

function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) out += ESCAPES[s.charCodeAt(i)];
  return out + '"';
}

class Encoder {
  private out: string[] = [];
  constructor(private readonly mod: LuaModule, private readonly L: number, private readonly cfg: CjsonConfig) {}

  private fail(idx: number, reason: string): never {
    const t = this.mod.x.lua_type(this.L, idx);
    raiseString(this.mod, this.L, `Cannot serialise ${TYPE_NAMES[t]}: ${reason}`);
    throw new Error('unreachable');
  }

  private number(idx: number): string {
    const d = this.mod.x.lua_tonumberx(this.L, idx, 0);
    if (!Number.isFinite(d)) {
      if (this.cfg.encodeInvalidNumbers === 0) this.fail(idx, 'must not be NaN or Inf');
      if (this.cfg.encodeInvalidNumbers === 2) return 'null';
      if (Number.isNaN(d)) return 'nan';
      return d > 0 ? 'inf' : '-inf';
    }
    return fmtNumber(d, this.cfg.encodeNumberPrecision);
  }

  /** lua_array_length: the array size, or -1 when the table must be an object. */
  private arrayLength(): number {
    const x = this.mod.x;
    const L = this.L;
    let max = 0;
    let items = 0;
    x.lua_pushnil(L);
    while (x.lua_next(L, -2) !== 0) {
      if (x.lua_type(L, -2) === LUA_TNUMBER) {
        const k = x.lua_tonumberx(L, -2, 0);
        if (k !== 0 && Math.floor(k) === k && k >= 1) {
          if (k > max) max = k;
          items++;
          x.lua_settop(L, -2);
          continue;
        }
      }
      x.lua_settop(L, -3);
      return -1;
    }
    const cfg = this.cfg;
    if (cfg.encodeSparseRatio > 0 && max > items * cfg.encodeSparseRatio && max > cfg.encodeSparseSafe) {
      if (!cfg.encodeSparseConvert) this.fail(-1, 'excessively sparse array');
      return -1;
    }
    return max;
  }

  value(depth: number): void {
    const x = this.mod.x;
    const L = this.L;
    const out = this.out;
    switch (x.lua_type(L, -1)) {
      case LUA_TSTRING:
        out.push(quote(this.mod.toString(L, -1)!));
        return;
      case LUA_TNUMBER:
        out.push(this.number(-1));
        return;
      case LUA_TBOOLEAN:
        out.push(x.lua_toboolean(L, -1) !== 0 ? 'true' : 'false');
        return;
      case LUA_TTABLE: {
        depth++;
        if (depth > this.cfg.encodeMaxDepth || x.lua_checkstack(L, 3) === 0) {
          raiseString(this.mod, L, `Cannot serialise, excessive nesting (${depth})`);
        }
        const len = this.arrayLength();
        if (len > 0) {
          out.push('[');
          for (let i = 1; i <= len; i++) {
            if (i > 1) out.push(',');
            x.lua_rawgeti(L, -1, BigInt(i));
            this.value(depth);
            x.lua_settop(L, -2);
          }
          out.push(']');
        } else {
          out.push('{');
          let comma = false;
          x.lua_pushnil(L);
          while (x.lua_next(L, -2) !== 0) {
            if (comma) out.push(',');
            else comma = true;
            const kt = x.lua_type(L, -2);
            if (kt === LUA_TNUMBER) out.push('"' + this.number(-2) + '":');
            else if (kt === LUA_TSTRING) {
              x.lua_pushvalue(L, -2);
              out.push(quote(this.mod.toString(L, -1)!) + ':');
              x.lua_settop(L, -2);
            } else this.fail(-2, 'table key must be a number or string');
            this.value(depth);
            x.lua_settop(L, -2);
          }
          out.push('}');
        }
        return;
      }
      case LUA_TNIL:
        out.push('null');
        return;
      case LUA_TLIGHTUSERDATA:
        if (x.lua_touserdata(L, -1) === 0) {
          out.push('null');
          return;
        }
        this.fail(-1, 'type not supported');
        return;
      default:
        this.fail(-1, 'type not supported');
    }
  }

  result(): string {
    return this.out.join('');
  }
}

const enum T {
  OBJ_BEGIN, OBJ_END, ARR_BEGIN, ARR_END, STRING, NUMBER, BOOLEAN, NULL, COLON, COMMA, END, WHITESPACE, ERROR, UNKNOWN,
}
const TOKEN_NAMES = ['T_OBJ_BEGIN', 'T_OBJ_END', 'T_ARR_BEGIN', 'T_ARR_END', 'T_STRING', 'T_NUMBER', 'T_BOOLEAN', 'T_NULL', 'T_COLON', 'T_COMMA', 'T_END', 'T_WHITESPACE', 'T_ERROR', 'T_UNKNOWN'];

const CH2TOKEN: T[] = new Array(256).fill(T.ERROR);
CH2TOKEN[0] = T.END;
for (const c of ' \t\r\n') CH2TOKEN[c.charCodeAt(0)] = T.WHITESPACE;
CH2TOKEN['{'.charCodeAt(0)] = T.OBJ_BEGIN;
CH2TOKEN['}'.charCodeAt(0)] = T.OBJ_END;
CH2TOKEN['['.charCodeAt(0)] = T.ARR_BEGIN;
CH2TOKEN[']'.charCodeAt(0)] = T.ARR_END;
CH2TOKEN[','.charCodeAt(0)] = T.COMMA;
CH2TOKEN[':'.charCodeAt(0)] = T.COLON;
for (const c of 'fiInNt"+-0123456789') CH2TOKEN[c.charCodeAt(0)] = T.UNKNOWN;

const ESCAPE2CHAR: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', u: 'u' };

interface Token {
  type: T;
  index: number;
  str?: string;
  num?: number;
  bool?: boolean;
  err?: string;
}

/** strtod: the longest numeric prefix of s at p (decimal, hex, inf, nan); [value, length]. */
function strtod(s: string, p: number): [number, number] {
  const rest = s.slice(p, p + 400);
  const m = /^([+-]?)(?:(0[xX])((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))(?:[pP]([+-]?\d+))?|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(inf(?:inity)?)|(nan(?:\([0-9a-zA-Z_]*\))?))/i.exec(rest);
  if (m === null) return [0, 0];
  const sign = m[1] === '-' ? -1 : 1;
  let v: number;
  if (m[2] !== undefined) {
    const [ip, fp = ''] = m[3].split('.');
    v = 0;
    for (const c of ip) v = v * 16 + parseInt(c, 16);
    let scale = 1 / 16;
    for (const c of fp) {
      v += parseInt(c, 16) * scale;
      scale /= 16;
    }
    if (m[4] !== undefined) v *= Math.pow(2, Number(m[4]));
  } else if (m[5] !== undefined) v = Number(m[5]);
  else if (m[6] !== undefined) v = Infinity;
  else v = NaN;
  return [sign * v, m[0].length];
}

function isInvalidNumber(s: string, p: number): boolean {
  if (s[p] === '+') return true;
  if (s[p] === '-') p++;
  if (s[p] === '0') {
    const c2 = s.charCodeAt(p + 1);
    return (c2 | 0x20) === 0x78 || (c2 >= 48 && c2 <= 57);
  }
  if (p < s.length && s.charCodeAt(p) <= 57) return false;
  const three = s.slice(p, p + 3).toLowerCase();
  return three === 'inf' || three === 'nan';
}

function utf8(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  if (cp < 0x10000) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  return String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

function hex4(s: string, p: number): number {
  const h = s.slice(p, p + 4);
  return /^[0-9a-fA-F]{4}$/.test(h) ? parseInt(h, 16) : -1;
}

class Decoder {
  private p = 0;
  private depth = 0;
  /** The input up to its first NUL (lua-cjson reads a C string). */
  private readonly s: string;

  constructor(private readonly mod: LuaModule, private readonly L: number, data: string, private readonly cfg: CjsonConfig) {
    const nul = data.indexOf('\0');
    this.s = nul < 0 ? data : data.slice(0, nul);
  }

  private charAt(i: number): number {
    return i < this.s.length ? this.s.charCodeAt(i) : 0;
  }

  private next(): Token {
    const s = this.s;
    let ch: number;
    let type: T;
    for (;;) {
      ch = this.charAt(this.p);
      type = CH2TOKEN[ch];
      if (type !== T.WHITESPACE) break;
      this.p++;
    }
    const index = this.p;
    if (type === T.ERROR) return { type, index, err: 'invalid token' };
    if (type === T.END) return { type, index };
    if (type !== T.UNKNOWN) {
      this.p++;
      return { type, index };
    }
    if (ch === 34) return this.string(index);
    if (ch === 45 || (ch >= 48 && ch <= 57)) {
      if (!this.cfg.decodeInvalidNumbers && isInvalidNumber(s, this.p)) return { type: T.ERROR, index: this.p, err: 'invalid number' };
      return this.number(index);
    }
    if (s.startsWith('true', this.p)) {
      this.p += 4;
      return { type: T.BOOLEAN, index, bool: true };
    }
    if (s.startsWith('false', this.p)) {
      this.p += 5;
      return { type: T.BOOLEAN, index, bool: false };
    }
    if (s.startsWith('null', this.p)) {
      this.p += 4;
      return { type: T.NULL, index };
    }
    if (this.cfg.decodeInvalidNumbers && isInvalidNumber(s, this.p)) return this.number(index);
    return { type: T.ERROR, index: this.p, err: 'invalid token' };
  }

  private number(index: number): Token {
    const [v, len] = strtod(this.s, this.p);
    if (len === 0) return { type: T.ERROR, index: this.p, err: 'invalid number' };
    this.p += len;
    return { type: T.NUMBER, index, num: v };
  }

  private string(index: number): Token {
    const s = this.s;
    this.p++;
    let out = '';
    for (;;) {
      const ch = this.charAt(this.p);
      if (ch === 34) break;
      if (ch === 0) return { type: T.ERROR, index: this.p, err: 'unexpected end of string' };
      if (ch === 92) {
        const esc = ESCAPE2CHAR[s[this.p + 1] ?? ''];
        if (esc === 'u') {
          let cp = hex4(s, this.p + 2);
          let len = 6;
          if (cp >= 0 && (cp & 0xf800) === 0xd800) {
            if (cp & 0x400 || s[this.p + 6] !== '\\' || s[this.p + 7] !== 'u') cp = -1;
            else {
              const low = hex4(s, this.p + 8);
              if (low < 0 || (low & 0xfc00) !== 0xdc00) cp = -1;
              else {
                cp = (((cp & 0x3ff) << 10) | (low & 0x3ff)) + 0x10000;
                len = 12;
              }
            }
          }
          if (cp < 0) return { type: T.ERROR, index: this.p, err: 'invalid unicode escape code' };
          out += utf8(cp);
          this.p += len;
          continue;
        }
        if (esc === undefined) return { type: T.ERROR, index: this.p, err: 'invalid escape code' };
        out += esc;
        this.p += 2;
        continue;
      }
      out += s[this.p];
      this.p++;
    }
    this.p++;
    return { type: T.STRING, index, str: out };
  }

  private parseError(expected: string, tok: Token): never {
    const found = tok.type === T.ERROR ? tok.err! : TOKEN_NAMES[tok.type];
    raiseString(this.mod, this.L, `Expected ${expected} but found ${found} at character ${tok.index + 1}`);
    throw new Error('unreachable');
  }

  private descend(slots: number): void {
    this.depth++;
    if (this.depth <= this.cfg.decodeMaxDepth && this.mod.x.lua_checkstack(this.L, slots) !== 0) return;
    raiseString(this.mod, this.L, `Found too many nested data structures (${this.depth}) at character ${this.p}`);
  }

  value(tok: Token): void {
    const x = this.mod.x;
    const L = this.L;
    switch (tok.type) {
      case T.STRING:
        this.mod.pushString(L, tok.str!);
        return;
      case T.NUMBER:
        x.lua_pushnumber(L, tok.num!);
        return;
      case T.BOOLEAN:
        x.lua_pushboolean(L, tok.bool ? 1 : 0);
        return;
      case T.NULL:
        x.lua_pushlightuserdata(L, 0);
        return;
      case T.OBJ_BEGIN: {
        this.descend(3);
        x.lua_createtable(L, 0, 0);
        let t = this.next();
        if (t.type === T.OBJ_END) {
          this.depth--;
          return;
        }
        for (;;) {
          if (t.type !== T.STRING) this.parseError('object key string', t);
          this.mod.pushString(L, t.str!);
          t = this.next();
          if (t.type !== T.COLON) this.parseError('colon', t);
          this.value(this.next());
          x.lua_rawset(L, -3);
          t = this.next();
          if (t.type === T.OBJ_END) {
            this.depth--;
            return;
          }
          if (t.type !== T.COMMA) this.parseError('comma or object end', t);
          t = this.next();
        }
      }
      case T.ARR_BEGIN: {
        this.descend(2);
        x.lua_createtable(L, 0, 0);
        let t = this.next();
        if (t.type === T.ARR_END) {
          this.depth--;
          return;
        }
        for (let i = 1; ; i++) {
          this.value(t);
          x.lua_rawseti(L, -2, BigInt(i));
          t = this.next();
          if (t.type === T.ARR_END) {
            this.depth--;
            return;
          }
          if (t.type !== T.COMMA) this.parseError('comma or array end', t);
          t = this.next();
        }
      }
      default:
        this.parseError('value', tok);
    }
  }

  decode(): void {
    this.value(this.next());
    const t = this.next();
    if (t.type !== T.END) this.parseError('the end', t);
  }
}

function cjsonFunctions(mod: LuaModule): Record<string, CFunction> {
  const x = mod.x;
  const optBool = (L: number, idx: number): boolean | null => {
    const t = x.lua_type(L, idx);
    if (t === LUA_TNONE || t === LUA_TNIL) return null;
    return x.lua_toboolean(L, idx) !== 0;
  };
  const optInt = (L: number, idx: number, fname: string, min: number, max: number): number | null => {
    const t = x.lua_type(L, idx);
    if (t === LUA_TNONE || t === LUA_TNIL) return null;
    const v = Math.trunc(x.lua_tonumberx(L, idx, 0));
    if (!(v >= min && v <= max)) argError(mod, L, idx, fname, `expected integer between ${min} and ${max}`);
    return v;
  };
  return {
    encode: (L) => {
      if (x.lua_gettop(L) !== 1) return argError(mod, L, 1, 'encode', 'expected 1 argument');
      const enc = new Encoder(mod, L, config());
      enc.value(0);
      mod.pushString(L, enc.result());
      return 1;
    },
    decode: (L) => {
      if (x.lua_gettop(L) !== 1) return argError(mod, L, 1, 'decode', 'expected 1 argument');
      const data = checkString(mod, L, 1, 'decode');
      if (data.length >= 2 && (data.charCodeAt(0) === 0 || data.charCodeAt(1) === 0)) {
        return raiseString(mod, L, 'JSON parser does not support UTF-16 or UTF-32');
      }
      new Decoder(mod, L, data, config()).decode();
      return 1;
    },
    encode_sparse_array: (L) => {
      const cfg = config();
      const convert = optBool(L, 1);
      const ratio = optInt(L, 2, 'encode_sparse_array', 0, 2147483647);
      const safe = optInt(L, 3, 'encode_sparse_array', 0, 2147483647);
      if (convert !== null) cfg.encodeSparseConvert = convert;
      if (ratio !== null) cfg.encodeSparseRatio = ratio;
      if (safe !== null) cfg.encodeSparseSafe = safe;
      x.lua_pushboolean(L, cfg.encodeSparseConvert ? 1 : 0);
      x.lua_pushnumber(L, cfg.encodeSparseRatio);
      x.lua_pushnumber(L, cfg.encodeSparseSafe);
      return 3;
    },
    encode_max_depth: (L) => {
      const cfg = config();
      const v = optInt(L, 1, 'encode_max_depth', 1, 2147483647);
      if (v !== null) cfg.encodeMaxDepth = v;
      x.lua_pushnumber(L, cfg.encodeMaxDepth);
      return 1;
    },
    decode_max_depth: (L) => {
      const cfg = config();
      const v = optInt(L, 1, 'decode_max_depth', 1, 2147483647);
      if (v !== null) cfg.decodeMaxDepth = v;
      x.lua_pushnumber(L, cfg.decodeMaxDepth);
      return 1;
    },
    encode_number_precision: (L) => {
      const cfg = config();
      const v = optInt(L, 1, 'encode_number_precision', 1, 14);
      if (v !== null) cfg.encodeNumberPrecision = v;
      x.lua_pushnumber(L, cfg.encodeNumberPrecision);
      return 1;
    },
    encode_keep_buffer: (L) => {
      const cfg = config();
      const v = optBool(L, 1);
      if (v !== null) cfg.encodeKeepBuffer = v;
      x.lua_pushboolean(L, cfg.encodeKeepBuffer ? 1 : 0);
      return 1;
    },
    encode_invalid_numbers: (L) => {
      const cfg = config();
      const t = x.lua_type(L, 1);
      if (t === LUA_TSTRING && mod.toString(L, 1) === 'null') cfg.encodeInvalidNumbers = 2;
      else if (t !== LUA_TNONE && t !== LUA_TNIL) cfg.encodeInvalidNumbers = x.lua_toboolean(L, 1) !== 0 ? 1 : 0;
      if (cfg.encodeInvalidNumbers === 2) mod.pushString(L, 'null');
      else x.lua_pushboolean(L, cfg.encodeInvalidNumbers);
      return 1;
    },
    decode_invalid_numbers: (L) => {
      const cfg = config();
      const v = optBool(L, 1);
      if (v !== null) cfg.decodeInvalidNumbers = v;
      x.lua_pushboolean(L, cfg.decodeInvalidNumbers ? 1 : 0);
      return 1;
    },
  };
}

let fns: Record<string, CFunction> | null = null;

export function pushCjson(mod: LuaModule, L: number): void {
  fns ??= cjsonFunctions(mod);
  const all = fns;
  const extra = (L: number) => {
    const x = mod.x;
    mod.pushString(L, 'cjson');
    x.lua_setfield(L, -2, mod.cstr('_NAME'));
    mod.pushString(L, '2.1.0');
    x.lua_setfield(L, -2, mod.cstr('_VERSION'));
    x.lua_pushlightuserdata(L, 0);
    x.lua_setfield(L, -2, mod.cstr('null'));
  };
  const withNew: Record<string, CFunction> = {
    ...all,
    new: newFn ??= (L: number) => {
      pushLib(mod, L, all, extra);
      return 1;
    },
  };
  pushLib(mod, L, withNew, extra);
}
let newFn: CFunction | undefined;

