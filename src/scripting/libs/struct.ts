import type { LuaModule } from '../wasm.js';
import { pushLib } from './util.js';

export function pushStruct(mod: LuaModule, L: number): void {
  pushLib(mod, L, {});
}
