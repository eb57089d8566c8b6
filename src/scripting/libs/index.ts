/**
 * The C libraries Redis preloads (cjson, cmsgpack, bit, struct), pushed as
 * fields of the natives table the prelude receives.
 */
import type { LuaModule } from '../wasm.js';
import { pushBit } from './bit.js';
import { pushCjson } from './cjson.js';
import { pushCmsgpack } from './cmsgpack.js';
import { pushStruct } from './struct.js';

/** Sets N.cjson, N.cmsgpack, N.bit and N.struct on the table at the top of L. */
export function pushLibraries(mod: LuaModule, L: number): void {
  const x = mod.x;
  pushCjson(mod, L);
  x.lua_setfield(L, -2, mod.cstr('cjson'));
  pushCmsgpack(mod, L);
  x.lua_setfield(L, -2, mod.cstr('cmsgpack'));
  pushBit(mod, L);
  x.lua_setfield(L, -2, mod.cstr('bit'));
  pushStruct(mod, L);
  x.lua_setfield(L, -2, mod.cstr('struct'));
}
