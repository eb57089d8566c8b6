/**
 * MONITOR output lines: `+<sec>.<usec> [<db> <addr>] "arg" "arg"…`, each
 * argument quoted with Redis's sdscatrepr escaping.
 */
import type { Client } from '../server/client.js';

/** sdscatrepr: quote a byte string as Redis prints it. */
export function repr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 92: out += '\\\\'; break;
      case 34: out += '\\"'; break;
      case 10: out += '\\n'; break;
      case 13: out += '\\r'; break;
      case 9: out += '\\t'; break;
      case 7: out += '\\a'; break;
      case 8: out += '\\b'; break;
      default:
        if (c >= 32 && c < 127) out += s[i];
        else out += '\\x' + (c < 16 ? '0' : '') + c.toString(16);
    }
  }
  return out + '"';
}

export function monitorLine(c: Client, argv: string[], origin?: string): string {
  const now = Date.now();
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000) % 1000000;
  const sec = Math.floor(now / 1000);
  const where = origin ?? (c.unixSocket ? `unix:${c.server.config.str('unixsocket')}` : c.addr);
  let line = `+${sec}.${String(micros).padStart(6, '0')} [${c.db.id} ${where}]`;
  const name = argv[0].toLowerCase();
  const redactAll = name === 'auth' || name === 'hello' || name === 'migrate';
  for (let i = 0; i < argv.length; i++) {
    line += ' ' + (redactAll && i > 0 && redacts(name, argv, i) ? '"(redacted)"' : repr(argv[i]));
  }
  return line + '\r\n';
}

/** AUTH hides everything after the command; HELLO only the AUTH credentials. */
function redacts(name: string, argv: string[], i: number): boolean {
  if (name === 'auth') return true;
  if (name === 'hello') {
    for (let j = 2; j < argv.length; j++) {
      if (argv[j].toLowerCase() === 'auth' && (i === j + 1 || i === j + 2)) return true;
    }
    return false;
  }
  return false;
}
