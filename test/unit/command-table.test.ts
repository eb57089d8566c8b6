/**
 * The one command table: every Redis 7.0 command from the catalog, with a
 * handler only where a family implements it. Dispatch (lookup) sees the
 * implemented ones; ACL rules (find, catalog ids) see them all.
 */
import { describe, it, expect } from 'vitest';
import { CommandTable, command } from '../../src/catalog/spec.js';
import { COMMAND_FACTS } from '../../src/catalog/meta.generated.js';

describe('CommandTable', () => {
  it('holds every catalog command, its id being its position', () => {
    const t = new CommandTable();
    expect(t.catalog.length).toBe(Object.keys(COMMAND_FACTS).length);
    t.catalog.forEach((spec, i) => expect(spec.id).toBe(i));
    expect(t.catalog.every((s) => s.handler === null)).toBe(true);
    // sorted as Redis's upper-case names sort ('GEORADIUSBYMEMBER' < 'GEORADIUS_RO'), the order ACL rules are described in
    const upper = t.topLevel.map((s) => s.name.toUpperCase());
    expect(upper).toEqual([...upper].sort());
    // a container's subcommands follow it
    const config = t.find('config')!;
    expect(config.children.map((s) => s.id)).toEqual(config.children.map((_, i) => config.id + 1 + i));
  });

  it('lookup sees only what is registered; find sees the whole catalog', () => {
    const t = new CommandTable();
    expect(t.lookup('get')).toBeUndefined();
    expect(t.find('GET')?.fullName).toBe('get');
    t.add(command('get', () => {}));
    expect(t.lookup('GET')?.fullName).toBe('get');
    expect(t.lookupFull('config|get')).toBeUndefined();
    t.add(command('config|get', () => {}));
    expect(t.lookup('config')?.subcommands.get('get')?.fullName).toBe('config|get');
    expect(t.lookupFull('CONFIG|GET')?.implemented).toBe(true);
    expect(t.lookupFull('config|set')).toBeUndefined();
    expect(t.find('config|set')?.implemented).toBe(false);
    expect([...t.all()].map((s) => s.fullName)).toEqual(['get', 'config', 'config|get']);
  });

  it('find follows lookupCommandBySds: one level of "container|sub", only under containers', () => {
    const t = new CommandTable();
    expect(t.find('get|x')).toBeUndefined();
    expect(t.find('config|get|x')).toBeUndefined();
    expect(t.find('config|')).toBeUndefined();
    expect(t.find('nosuch')).toBeUndefined();
  });
});
