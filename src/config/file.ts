/**
 * redis.conf reading, with redis-server's rules: one directive per line,
 * `#` comments, quoting as in inline commands (sdssplitargs), `include`,
 * and a fatal error naming the line for anything wrong. Command-line
 * options are turned into the same text, as redis-server does.
 */
import { readFileSync } from 'node:fs';
import { splitArgs } from '../protocol/splitargs.js';
import { Config, ConfigError } from './registry.js';

export class FatalConfigError extends Error {
  constructor(readonly lineNo: number, readonly line: string, readonly reason: string) {
    super(`\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line ${lineNo}\n>>> '${line}'\n${reason}\n`);
  }
}

/** Applies config text (a file's content plus command-line options) to `config`. */
export function loadConfigText(config: Config, text: string, seenAccumulating = new Set<string>()): void {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const argv = splitArgs(line);
    if (argv === null) throw new FatalConfigError(i + 1, line, 'Unbalanced quotes in configuration line');
    if (argv.length === 0) continue;
    const name = argv[0].toLowerCase();
    const args = argv.slice(1);
    if (name === 'include') {
      if (args.length !== 1) throw new FatalConfigError(i + 1, line, 'Bad directive or wrong number of arguments');
      let inc: string;
      try {
        inc = readFileSync(args[0], 'latin1');
      } catch (e) {
        throw new FatalConfigError(i + 1, line, `Fatal error, can't open config file '${args[0]}': ${(e as Error).message}`);
      }
      loadConfigText(config, inc, seenAccumulating);
      continue;
    }
    const def = config.def(name);
    if (def === undefined || args.length === 0 && def.words !== -1) {
      throw new FatalConfigError(i + 1, line, 'Bad directive or wrong number of arguments');
    }
    if (def.words !== -1 && args.length !== (def.words ?? 1)) {
      throw new FatalConfigError(i + 1, line, 'Bad directive or wrong number of arguments');
    }
    try {
      const canon = config.resolve(name)!;
      if (def.accumulates && seenAccumulating.has(canon)) {
        // repeated `save` lines add up; a lone `save ""` clears
        const prev = config.get(canon) as string[];
        const next = def.parse(args) as string[];
        config.assign(canon, next.length === 0 || (next.length === 1 && next[0] === '') ? [] : [...prev, ...next]);
      } else {
        const v = def.parse(args, config.get(canon));
        config.assign(canon, Array.isArray(v) && v.length === 1 && v[0] === '' ? [] : v);
        if (def.accumulates) seenAccumulating.add(canon);
      }
    } catch (e) {
      if (e instanceof ConfigError) throw new FatalConfigError(i + 1, line, e.message);
      throw e;
    }
  }
}

/**
 * redis-server turns `--port 6380 --save "" --bind a b` into config lines:
 * each `--name` starts a line, following words are its (quoted) arguments.
 */
export function cliArgsToConfigText(args: string[]): string {
  const lines: string[] = [];
  let cur: string[] | null = null;
  for (const a of args) {
    if (a.startsWith('--') && a.length > 2) {
      if (cur) lines.push(cur.join(' '));
      cur = [a.slice(2)];
    } else {
      if (!cur) cur = [];
      cur.push(quote(a));
    }
  }
  if (cur) lines.push(cur.join(' '));
  return lines.join('\n');
}

function quote(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r') + '"';
}
