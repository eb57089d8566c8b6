/**
 * Replaying AOF files (loadSingleAppendOnlyFile): the command stream is
 * parsed from the file's bytes and each command executed on a fake client,
 * MULTI … EXEC blocks queued and run whole. `#` lines are annotations
 * (aof-timestamp-enabled) and skipped. A stream that ends mid-command — or
 * inside a MULTI without its EXEC — is "truncated": the caller decides by
 * aof-load-truncated whether that is fatal, and where the valid part ends.
 */

export type ReplayStatus = 'ok' | 'truncated' | 'bad-format';

export interface ReplayResult {
  status: ReplayStatus;
  /** Bytes up to the end of the last command that can be kept. */
  validUpTo: number;
  commands: number;
}

const CR = 13;
const LF = 10;

/** Reads "<prefix><integer>\r\n" at `pos`; returns [value, next] or null (truncated) / -1 (bad). */
function readCountLine(buf: Buffer, pos: number, prefix: number): [number, number] | null | -1 {
  if (pos >= buf.length) return null;
  if (buf[pos] !== prefix) return -1;
  const nl = buf.indexOf(LF, pos);
  if (nl < 0) return null;
  if (buf[nl - 1] !== CR) return -1;
  const text = buf.latin1Slice(pos + 1, nl - 1);
  if (!/^-?\d+$/.test(text)) return -1;
  return [Number(text), nl + 1];
}

/**
 * Replays the commands in buf[start..]: `exec` runs one command and tells
 * whether it opened (MULTI) or closed (EXEC/DISCARD) a transaction.
 */
export function replayStream(buf: Buffer, start: number, exec: (argv: string[]) => void): ReplayResult {
  let pos = start;
  let commands = 0;
  let validUpTo = start;
  let validBeforeMulti = -1;
  while (pos < buf.length) {
    if (buf[pos] === 0x23 /* # */) {
      // An annotation line (#TS:…): skipped, as Redis does.
      const nl = buf.indexOf(LF, pos);
      if (nl < 0) return { status: 'truncated', validUpTo: validBeforeMulti >= 0 ? validBeforeMulti : validUpTo, commands };
      pos = nl + 1;
      if (validBeforeMulti < 0) validUpTo = pos;
      continue;
    }
    const head = readCountLine(buf, pos, 0x2a /* * */);
    if (head === -1) return { status: 'bad-format', validUpTo, commands };
    if (head === null) return truncated(validUpTo, validBeforeMulti, commands);
    let [argc, p] = head;
    if (argc < 1) return { status: 'bad-format', validUpTo, commands };
    const argv: string[] = new Array(argc);
    for (let j = 0; j < argc; j++) {
      const bulk = readCountLine(buf, p, 0x24 /* $ */);
      if (bulk === -1) return { status: 'bad-format', validUpTo, commands };
      if (bulk === null) return truncated(validUpTo, validBeforeMulti, commands);
      const [len, q] = bulk;
      if (len < 0) return { status: 'bad-format', validUpTo, commands };
      if (q + len + 2 > buf.length) return truncated(validUpTo, validBeforeMulti, commands);
      argv[j] = buf.latin1Slice(q, q + len);
      p = q + len + 2;
    }
    pos = p;
    const name = argv[0].toLowerCase();
    if (name === 'multi') validBeforeMulti = validUpTo;
    exec(argv);
    commands++;
    if (name === 'exec' || name === 'discard') validBeforeMulti = -1;
    validUpTo = pos;
  }
  if (validBeforeMulti >= 0) return { status: 'truncated', validUpTo: validBeforeMulti, commands };
  return { status: 'ok', validUpTo, commands };
}

function truncated(validUpTo: number, validBeforeMulti: number, commands: number): ReplayResult {
  return { status: 'truncated', validUpTo: validBeforeMulti >= 0 ? validBeforeMulti : validUpTo, commands };
}
