import { diffSuite, type DiffCase } from '../helpers/diff.js';

// LOLWUT compared with real Redis 7.0. Redis 7.0 prints only its version
// line by default; VERSION 5 and 6 draw art. Where Redis draws with rand()
// (Schotter rows below the second, every skyline) its output differs from
// run to run, so those replies are compared in shape only: each Braille
// character (3 UTF-8 bytes) and each coloured cell is masked, keeping the
// line structure, the width of every line and the trailer exact. The
// bulk length is masked too: colour escapes differ in length.

/** Masks Braille characters (E2 A0..A3 xx in UTF-8), colour escapes and the bulk length. */
function shape(reply: string): string {
  return reply
    .replace(/^\$\d+\r\n/, '$N\r\n')
    .replace(/\xe2[\xa0-\xa3][\x80-\xbf]/g, 'B')
    .replace(/\x1b\[0;\d\d;\d\d\d?m \x1b\[0m/g, 'C');
}

const exact: DiffCase = {
  name: 'deterministic renderings',
  cmds: [
    'LOLWUT', 'LOLWUT 5', 'LOLWUT 6 10 10', 'LOLWUT VERSION', 'LOLWUT VERSION x', 'LOLWUT VERSION 7', 'LOLWUT VERSION -1',
    'LOLWUT VERSION 4294967301 10 3 2', 'LOLWUT version 5 1 1 1', 'LOLWUT VERSION 5 66 8 2', 'LOLWUT VERSION 5 0 0 0',
    'LOLWUT VERSION 5 -5 -5 -5', 'LOLWUT VERSION 5 3 3 1', 'LOLWUT VERSION 5 7 5 2', 'LOLWUT VERSION 5 100 13 2',
    'LOLWUT VERSION 5 1000 200 2', 'LOLWUT VERSION 5 x', 'LOLWUT VERSION 5 1 y', 'LOLWUT VERSION 5 1 1 z', 'LOLWUT VERSION 6 x',
    'LOLWUT VERSION 6 1 y', 'LOLWUT VERSION 6 1 1', 'LOLWUT VERSION 6 1000 1',
    ...Array.from({ length: 30 }, (_, i) => `LOLWUT VERSION 5 ${i * 3 + 1} ${(i % 9) + 1} ${1 + (i % 2)}`),
  ],
};

const shaped: DiffCase = {
  name: 'random renderings, compared in shape',
  normalize: shape,
  cmds: [
    'LOLWUT VERSION 5', 'LOLWUT VERSION 5 40 4 6', 'LOLWUT VERSION 5 120 20 30', 'LOLWUT VERSION 6', 'LOLWUT VERSION 6 30 12',
    'LOLWUT VERSION 6 200 50', 'LOLWUT VERSION 6 2 2',
  ],
};

diffSuite('lolwut', [exact, shaped, { ...exact, name: 'deterministic renderings in RESP3 (verbatim strings)', resp3: true }]);
