/**
 * Splits a line into arguments the way Redis's sdssplitargs does. Used for
 * inline commands (telnet, redis-benchmark's PING_INLINE) and for redis.conf
 * lines, so both follow identical quoting rules:
 *  - arguments are separated by spaces, tabs, CR, LF or NUL-free whitespace;
 *  - "double quotes" understand \n \r \t \b \a \\ \" and \xHH;
 *  - 'single quotes' understand only \';
 *  - a closing quote must be followed by whitespace or the end of the line.
 * Returns null on unbalanced quotes. Input and output are latin1 strings
 * (one char per byte), so it is binary safe.
 */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

export function splitArgs(line: string): string[] | null {
  // Fast path (PING_INLINE, telnet users): no quotes means plain whitespace splitting.
  if (line.indexOf('"') < 0 && line.indexOf("'") < 0) return splitPlain(line);
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) return out;
    let inq = false; // inside "double quotes"
    let insq = false; // inside 'single quotes'
    let cur = '';
    let done = false;
    while (!done) {
      if (inq) {
        if (i >= n) return null;
        const c = line.charCodeAt(i);
        if (c === 92 /* \ */ && i + 3 < n && line.charCodeAt(i + 1) === 120 /* x */ &&
            hexVal(line.charCodeAt(i + 2)) >= 0 && hexVal(line.charCodeAt(i + 3)) >= 0) {
          cur += String.fromCharCode(hexVal(line.charCodeAt(i + 2)) * 16 + hexVal(line.charCodeAt(i + 3)));
          i += 3;
        } else if (c === 92 && i + 1 < n) {
          i++;
          const e = line[i];
          switch (e) {
            case 'n': cur += '\n'; break;
            case 'r': cur += '\r'; break;
            case 't': cur += '\t'; break;
            case 'b': cur += '\b'; break;
            case 'a': cur += '\x07'; break;
            default: cur += e;
          }
        } else if (c === 34 /* " */) {
          // closing quote must be followed by a space or nothing at all
          if (i + 1 < n && !isSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += line[i];
        }
      } else if (insq) {
        if (i >= n) return null;
        const c = line.charCodeAt(i);
        if (c === 92 && i + 1 < n && line.charCodeAt(i + 1) === 39) {
          i++;
          cur += "'";
        } else if (c === 39) {
          if (i + 1 < n && !isSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += line[i];
        }
      } else {
        if (i >= n) { done = true; break; }
        const c = line.charCodeAt(i);
        if (isSpace(c)) done = true;
        else if (c === 34) inq = true;
        else if (c === 39) insq = true;
        else cur += line[i];
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}

function splitPlain(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(line.charCodeAt(i))) i++;
    out.push(line.slice(start, i));
  }
  return out;
}
