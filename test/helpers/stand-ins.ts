/**
 * Test-only stand-ins for commands that other branches implement but the
 * differential harness needs (it runs FLUSHALL before every case). A test
 * file opts in with
 *
 *   vi.mock('../../src/commands/index.js', async (orig) =>
 *     (await import('../helpers/stand-ins.js')).withStandIns(await orig()));
 *
 * Each stand-in is registered only when the real command is missing, so
 * once the real one is merged this is a no-op.
 */
import { command, CommandTable, type CommandDef } from '../../src/commands/spec.js';
import type { Server } from '../../src/server/server.js';

type IndexModule = { registerAllCommands(server: Server): void };

const STAND_INS: CommandDef[] = [
  command('flushall', (c) => {
    c.server.keyspace.flushAll();
    c.w.ok();
  }),
];

export function withStandIns<M extends IndexModule>(mod: M): M {
  return {
    ...mod,
    registerAllCommands(server: Server): void {
      mod.registerAllCommands(server);
      for (const def of STAND_INS) if (server.commands.lookup(def.name)?.handler == null) server.commands.add(def);
    },
  };
}

/** True when respd implements every named command (to gate cases needing other families). */
export function respdHas(register: (s: Server) => void, ...names: string[]): boolean {
  const commands = new CommandTable();
  register({ commands } as unknown as Server);
  return names.every((n) => commands.lookup(n)?.handler != null);
}
