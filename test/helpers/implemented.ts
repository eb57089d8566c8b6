/**
 * Which commands respd implements right now. Family branches land one by
 * one, so a differential case that needs another family's command (TTL,
 * RPUSH…) is registered as skipped until that command exists, and runs
 * automatically once it does.
 */
import { describe, it } from 'vitest';
import { CommandTable } from '../../src/commands/spec.js';
import { registerAllCommands } from '../../src/commands/index.js';
import type { Server } from '../../src/server/server.js';
import { diffSuite, type Cmd, type DiffCase } from './diff.js';

const table = new CommandTable();
registerAllCommands({ commands: table } as unknown as Server);

export function respdImplements(name: string): boolean {
  return table.lookup(name)?.handler != null;
}

function commandName(c: Cmd): string {
  if (typeof c === 'string') return c.split(' ')[0];
  const first = c[0];
  return typeof first === 'string' ? first : first.toString('latin1');
}

/** Commands of the case that respd does not implement yet. */
export function missingCommands(dc: DiffCase): string[] {
  const missing = new Set<string>();
  for (const c of dc.cmds) {
    const name = commandName(c);
    if (!respdImplements(name)) missing.add(name.toUpperCase());
  }
  return [...missing];
}

/** diffSuite over the cases respd can run; the others are listed as skipped with what they wait for. */
export function diffSuiteWhenImplemented(title: string, cases: DiffCase[], opts?: Parameters<typeof diffSuite>[2]): void {
  const ready: DiffCase[] = [];
  const pending: [DiffCase, string[]][] = [];
  for (const dc of cases) {
    const missing = dc.raw !== undefined ? [] : missingCommands(dc);
    if (missing.length === 0) ready.push(dc);
    else pending.push([dc, missing]);
  }
  if (ready.length !== 0) diffSuite(title, ready, opts);
  if (pending.length !== 0) {
    describe(`differential: ${title} (waiting for other families)`, () => {
      for (const [dc, missing] of pending) it.skip(`${dc.name} [needs ${missing.join(', ')}]`, () => {});
    });
  }
}
