/**
 * MONITOR output lines: `+<sec>.<usec> [<db> <addr>] "arg" "arg"…`, each
 * argument quoted with Redis's sdscatrepr escaping.
 */
import type { Client } from './client.js';
import { repr } from '../protocol/repr.js';

export function monitorLine(c: Client, argv: string[], origin?: string): string {
  // One clock for seconds and microseconds (gettimeofday), so they never disagree.
  const us = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const sec = Math.floor(us / 1000000);
  const micros = us - sec * 1000000;
  const where = origin ?? (c.unixSocket ? `unix:${c.server.config.str('unixsocket')}` : c.addr);
  let line = `+${sec}.${String(micros).padStart(6, '0')} [${c.db.id} ${where}]`;
  const hidden = redacted(argv);
  for (let i = 0; i < argv.length; i++) {
    line += ' ' + (hidden !== null && hidden.has(i) ? '"(redacted)"' : repr(argv[i]));
  }
  return line + '\r\n';
}

/**
 * Arguments Redis redacts before feeding MONITOR: it does so while parsing,
 * so only arguments the command got to read are hidden. AUTH hides all of
 * them (unless it has too many to parse); HELLO the AUTH pair of a parsed
 * option list; MIGRATE the AUTH password or the AUTH2 user and password.
 */
function redacted(argv: string[]): Set<number> | null {
  const name = argv[0].toLowerCase();
  if (name === 'auth') {
    if (argv.length > 3) return null;
    return new Set(argv.length === 3 ? [1, 2] : [1]);
  }
  if (name === 'hello') {
    if (argv.length < 2 || (argv[1] !== '2' && argv[1] !== '3')) return null; // rejected before the options
    const out = new Set<number>();
    for (let j = 2; j < argv.length; j++) {
      const more = argv.length - 1 - j;
      const opt = argv[j].toLowerCase();
      if (opt === 'auth' && more >= 2) {
        out.add(j + 1);
        out.add(j + 2);
        j += 2;
      } else if (opt === 'setname' && more >= 1) {
        j++;
      } else {
        break;
      }
    }
    return out;
  }
  if (name === 'migrate') {
    const out = new Set<number>();
    for (let j = 6; j < argv.length; j++) {
      const more = argv.length - 1 - j;
      const opt = argv[j].toLowerCase();
      if (opt === 'auth' && more >= 1) {
        out.add(++j);
      } else if (opt === 'auth2' && more >= 2) {
        out.add(++j);
        out.add(++j);
      } else if (opt !== 'copy' && opt !== 'replace') {
        break;
      }
    }
    return out;
  }
  return null;
}
