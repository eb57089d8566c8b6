import type { LuaModule } from '../wasm.js';
import { pushLib } from './util.js';

export function pushCjson(mod: LuaModule, L: number): void {
  pushLib(mod, L, {});
}
