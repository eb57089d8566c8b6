/**
 * The multi-part AOF manifest (Redis 7.0's appendonly.aof.manifest): one
 * line per file, `file <name> seq <n> type <b|h|i>`, base first, then
 * history, then the incr files in replay order. It is always replaced as a
 * whole: written to a temp file, fsynced, renamed over the old one, and the
 * directory fsynced, so a crash leaves either the old or the new manifest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { splitArgs } from '../../protocol/splitargs.js';

export type AofFileType = 'b' | 'h' | 'i';

export interface AofFileInfo {
  name: string;
  seq: number;
  type: AofFileType;
}

export interface Manifest {
  base: AofFileInfo | null;
  /** Files made obsolete by a rewrite, deleted once the new manifest is durable. */
  history: AofFileInfo[];
  incrs: AofFileInfo[];
  currBaseSeq: number;
  currIncrSeq: number;
}

export function emptyManifest(): Manifest {
  return { base: null, history: [], incrs: [], currBaseSeq: 0, currIncrSeq: 0 };
}

export class ManifestError extends Error {}

/** Redis's sdsneedsrepr: names with spaces, quotes or unprintable bytes are written quoted. */
function quoteIfNeeded(name: string): string {
  if (!/[\s"'\\\x00-\x1f\x7f-\xff]/.test(name)) return name;
  let out = '"';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    const c = name.charCodeAt(i);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 32 || c >= 127) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

function line(f: AofFileInfo): string {
  return `file ${quoteIfNeeded(f.name)} seq ${f.seq} type ${f.type}\n`;
}

export function formatManifest(m: Manifest): string {
  let out = '';
  if (m.base !== null) out += line(m.base);
  for (const h of m.history) out += line(h);
  for (const i of m.incrs) out += line(i);
  return out;
}

const MAX_LINE = 1024;

/** Parses a manifest's text (aofLoadManifestFromFile); throws ManifestError with Redis's reason. */
export function parseManifest(text: string): Manifest {
  const m = emptyManifest();
  const lines = text.split('\n');
  // A last line without "\n" means the file was cut short.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  else if (text.length > 0) throw new ManifestError('The AOF manifest file is invalid format');
  for (const raw of lines) {
    if (raw.length > MAX_LINE) throw new ManifestError('The AOF manifest file contains too long line');
    const l = raw.trim();
    if (l === '' || l.startsWith('#')) continue;
    const args = splitArgs(l);
    if (args === null || args.length < 6 || args.length % 2 !== 0) throw new ManifestError('Invalid AOF manifest file format');
    let name: string | null = null;
    let seq = -1;
    let type: string | null = null;
    for (let i = 0; i < args.length; i += 2) {
      if (args[i] === 'file') name = args[i + 1];
      else if (args[i] === 'seq') seq = Number(args[i + 1]);
      else if (args[i] === 'type') type = args[i + 1];
    }
    if (name === null || !Number.isInteger(seq) || seq < 0 || (type !== 'b' && type !== 'h' && type !== 'i')) {
      throw new ManifestError('Invalid AOF manifest file format');
    }
    const info: AofFileInfo = { name, seq, type };
    if (type === 'b') {
      if (m.base !== null) throw new ManifestError('Found duplicate base file information');
      m.base = info;
      m.currBaseSeq = seq;
    } else if (type === 'h') {
      m.history.push(info);
    } else {
      if (seq <= m.currIncrSeq) throw new ManifestError('Found a non-monotonic sequence number');
      m.incrs.push(info);
      m.currIncrSeq = seq;
    }
  }
  return m;
}

/** Reads `dir/name`, or null when it does not exist. */
export function readManifest(dir: string, name: string): Manifest | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, name), 'latin1');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return parseManifest(text);
}

/** Replaces the manifest atomically: temp file, fsync, rename, fsync of the directory. */
export function writeManifest(dir: string, name: string, m: Manifest): void {
  const tmp = path.join(dir, 'temp-' + name);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, Buffer.from(formatManifest(m), 'latin1'));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, path.join(dir, name));
  fsyncDir(dir);
}

export function fsyncDir(dir: string): void {
  let fd = -1;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still ordered after the data.
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}
