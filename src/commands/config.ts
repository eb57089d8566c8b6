/**
 * CONFIG GET / SET / RESETSTAT / REWRITE / HELP.
 *
 * CONFIG SET is atomic like Redis's: every name is checked first (unknown,
 * immutable, protected, duplicate — the first problem wins), then every
 * value is parsed, and only then are they stored and applied together; if
 * applying one fails, all of them go back to their previous values.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { replyHelp } from './help.js';
import { compileGlob, globMatch } from '../keyspace/glob.js';
import { ConfigError, splitWords, type ConfigValue, type ParamDef, type ApplyHook } from '../config/registry.js';
import { rewriteConfigFile, strerror } from '../config/rewrite.js';
import { observer } from '../observability/observer.js';
import * as E from '../errors.js';

function hasGlob(s: string): boolean {
  return s.includes('*') || s.includes('?') || s.includes('[');
}

function configGet(c: Client, argv: string[]): void {
  const cfg = c.server.config;
  // reply name -> canonical name; names compare case-insensitively, as Redis's dict does
  const matches = new Map<string, { name: string; canon: string }>();
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i];
    if (!hasGlob(arg)) {
      const key = arg.toLowerCase();
      if (matches.has(key)) continue;
      const canon = cfg.resolve(arg);
      if (canon !== undefined) matches.set(key, { name: arg, canon });
      continue;
    }
    const g = compileGlob(arg, true);
    for (const [canon, def] of cfg.entries()) {
      // hidden parameters answer only to their exact name
      if (def.hidden) continue;
      for (const spelling of cfg.spellings(canon)) {
        if (!matches.has(spelling) && globMatch(g, spelling)) matches.set(spelling, { name: spelling, canon });
      }
    }
  }
  c.w.map(matches.size);
  for (const { name, canon } of matches.values()) {
    c.w.bulk(name);
    c.w.bulk(cfg.text(canon));
  }
}

/** enable-protected-configs: yes, or local for loopback / unix socket clients. */
function protectedAllowed(c: Client): boolean {
  const mode = c.server.config.str('enable-protected-configs');
  if (mode === 'yes') return true;
  if (mode !== 'local') return false;
  if (c.unixSocket) return true;
  const ip = c.addr.slice(0, c.addr.lastIndexOf(':'));
  return ip === '127.0.0.1' || ip === '::1' || ip.startsWith('127.');
}

interface Pending {
  /** The spelling as Redis names it in errors (canonical or alias, lower case). */
  spelling: string;
  canon: string;
  def: ParamDef;
  value: string;
}

function configSet(c: Client, argv: string[]): void {
  if ((argv.length & 1) === 1) {
    c.error(E.SYNTAX);
    return;
  }
  const cfg = c.server.config;
  const obs = observer(c.server);
  const pending: Pending[] = [];
  const seen = new Set<string>();
  let unknown: string | null = null;
  let failed: { name: string; reason: string } | null = null;
  for (let i = 2; i < argv.length; i += 2) {
    const name = argv[i];
    const canon = cfg.resolve(name);
    if (canon === undefined) {
      if (unknown === null && failed === null) unknown = name;
      continue;
    }
    const def = cfg.def(canon)!;
    // passwords stay out of the slow log even when the command fails
    if (def.secret) obs.redact(i + 1);
    if (unknown !== null || failed !== null) continue;
    if (!def.mutable) {
      failed = { name, reason: "can't set immutable config" };
      continue;
    }
    if (def.protected && !protectedAllowed(c)) {
      failed = { name, reason: "can't set protected config" };
      continue;
    }
    // an alias and its canonical name are distinct entries in Redis, so only the same spelling is a duplicate
    const key = name.toLowerCase();
    if (seen.has(key)) {
      failed = { name, reason: 'duplicate parameter' };
      continue;
    }
    seen.add(key);
    pending.push({ spelling: key, canon, def, value: argv[i + 1] });
  }
  if (unknown !== null) {
    c.error(E.configSetUnknown(unknown));
    return;
  }
  if (failed !== null) {
    c.error(E.configSetFailed(failed.name, failed.reason));
    return;
  }

  // Parse everything before changing anything.
  const values: ConfigValue[] = [];
  const work = new Map<string, ConfigValue>();
  for (const p of pending) {
    try {
      const v = p.def.parse(splitWords(p.def, [p.value]), work.get(p.canon) ?? cfg.get(p.canon));
      values.push(v);
      work.set(p.canon, v);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      c.error(E.configSetFailed(p.spelling, e.message));
      return;
    }
  }

  // Store, then apply each distinct apply function of a changed parameter once.
  const old = new Map<string, ConfigValue>();
  const changed: string[] = [];
  const applies: { fn: ApplyHook; spelling: string }[] = [];
  pending.forEach((p, i) => {
    if (!old.has(p.canon)) old.set(p.canon, cfg.get(p.canon));
    const before = p.def.format(cfg.get(p.canon));
    cfg.store(p.canon, values[i]);
    if (p.def.format(values[i]) === before && p.def.volatile !== true) return;
    changed.push(p.canon);
    const fn = cfg.applyHook(p.canon);
    if (fn !== undefined && !applies.some((a) => a.fn === fn)) applies.push({ fn, spelling: p.spelling });
  });
  for (const a of applies) {
    const err = a.fn();
    if (err === null) continue;
    c.server.log.warn({ param: a.spelling }, 'Failed applying new configuration. Restoring previous settings.');
    for (const [canon, v] of old) cfg.store(canon, v);
    for (const b of applies) b.fn();
    c.error(E.configSetFailed(a.spelling, err));
    return;
  }
  for (const canon of new Set(changed)) cfg.notify(canon);
  c.w.ok();
}

function configResetStat(c: Client): void {
  observer(c.server).resetStats();
  c.w.ok();
}

function configRewrite(c: Client): void {
  const server = c.server;
  const file = server.config.file;
  if (file === '') {
    c.error(E.CONFIG_NO_FILE);
    return;
  }
  try {
    rewriteConfigFile(server.config, file);
  } catch (e) {
    server.log.warn({ err: (e as Error).message }, 'CONFIG REWRITE failed');
    c.error(E.rewriteFailed(strerror(e)));
    return;
  }
  server.log.warn('CONFIG REWRITE executed with success.');
  c.w.ok();
}

const HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

export const configCommands: CommandDef[] = [
  command('config|get', configGet),
  command('config|set', configSet),
  command('config|resetstat', configResetStat),
  command('config|rewrite', configRewrite),
  command('config|help', (c, argv) => replyHelp(c, argv[0], HELP)),
];
