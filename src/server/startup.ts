/**
 * Startup hooks: async work a feature needs before the server accepts
 * clients (e.g. loading the Lua WebAssembly module). Feature modules
 * register at import time; Server.start() awaits them. Kept in its own
 * module (no imports) so registering cannot run into import cycles.
 */
import type { Server } from './server.js';

export type StartupHook = (server: Server) => Promise<void>;

export const startupHooks: StartupHook[] = [];

/** Registers a hook run by every server's start(). */
export function registerStartupHook(hook: StartupHook): void {
  startupHooks.push(hook);
}
