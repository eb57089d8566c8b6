/**
 * LOLWUT [VERSION v] [args...] as Redis 7.0 renders it.
 *
 * 7.0 has no art of its own: without VERSION 5 or 6 it prints only the
 * version line. VERSION 5 draws Georg Nees' "Schotter" in Braille
 * characters, VERSION 6 a skyline in terminal colour escapes. Both follow
 * lolwut5.c / lolwut6.c step by step — including their single precision
 * float arithmetic (Math.fround), so the deterministic parts (the first two
 * rows of squares) come out identical. The random parts use rand() in
 * Redis, seeded from time and pid, so no two servers agree on them anyway.
 */
import { command, type CommandDef } from '../catalog/spec.js';
import type { Client } from '../server/client.js';
import { isOpt, intArg } from './args.js';
import { REDIS_VERSION } from '../server/server.js';

const RAND_MAX = 2147483647;
const f = Math.fround;

function rand(): number {
  return Math.floor(Math.random() * (RAND_MAX + 1));
}

/** A canvas of small integer colours, row major (lwCanvas). */
class Canvas {
  readonly pixels: Uint8Array;
  constructor(readonly width: number, readonly height: number, bg: number) {
    this.pixels = new Uint8Array(width * height).fill(bg);
  }

  set(x: number, y: number, color: number): void {
    if (x < 0 || x >= this.width || y < 0 || y >= this.height) return;
    this.pixels[x + y * this.width] = color;
  }

  get(x: number, y: number): number {
    if (x < 0 || x >= this.width || y < 0 || y >= this.height) return 0;
    return this.pixels[x + y * this.width];
  }

  /** Bresenham line. */
  line(x1: number, y1: number, x2: number, y2: number, color: number): void {
    const dx = Math.abs(x2 - x1);
    const dy = Math.abs(y2 - y1);
    const sx = x1 < x2 ? 1 : -1;
    const sy = y1 < y2 ? 1 : -1;
    let err = dx - dy;
    for (;;) {
      this.set(x1, y1, color);
      if (x1 === x2 && y1 === y2) break;
      const e2 = err * 2;
      if (e2 > -dy) {
        err -= dy;
        x1 += sx;
      }
      if (e2 < dx) {
        err += dx;
        y1 += sy;
      }
    }
  }

  /** lwDrawSquare: a square of side `size` centred on x,y, rotated by `angle` (floats as in C). */
  square(x: number, y: number, size: number, angle: number, color: number): void {
    size = f(size / 1.4142135623);
    size = f(cRound(size));
    const px: number[] = [];
    const py: number[] = [];
    let k = f(Math.PI / 4 + angle);
    for (let j = 0; j < 4; j++) {
      px[j] = cRound(Math.sin(k) * size + x);
      py[j] = cRound(Math.cos(k) * size + y);
      k = f(k + Math.PI / 2);
    }
    for (let j = 0; j < 4; j++) this.line(px[j], py[j], px[(j + 1) % 4], py[(j + 1) % 4], color);
  }
}

/** C round(): halves away from zero. */
function cRound(d: number): number {
  return d < 0 ? -Math.round(-d) : Math.round(d);
}

/** (int) conversion of a float: truncation. */
function toInt(d: number): number {
  return Math.trunc(d);
}

// ---- version 5: Schotter ---------------------------------------------------

function schotter(cols: number, perRow: number, perCol: number): Canvas {
  const width = cols * 2;
  const padding = width > 4 ? 2 : 0;
  const side = f(f(width - padding * 2) / f(perRow));
  const height = toInt(f(f(side * f(perCol)) + padding * 2));
  const canvas = new Canvas(width, height, 0);
  for (let y = 0; y < perCol; y++) {
    for (let x = 0; x < perRow; x++) {
      let sx = toInt(f(f(f(f(x) * side) + f(side / 2)) + padding));
      let sy = toInt(f(f(f(f(y) * side) + f(side / 2)) + padding));
      let angle = 0;
      if (y > 1) {
        let r1 = f(f(f(f(rand()) / f(RAND_MAX)) / f(perCol)) * f(y));
        let r2 = f(f(f(f(rand()) / f(RAND_MAX)) / f(perCol)) * f(y));
        let r3 = f(f(f(f(rand()) / f(RAND_MAX)) / f(perCol)) * f(y));
        if (rand() % 2) r1 = -r1;
        if (rand() % 2) r2 = -r2;
        if (rand() % 2) r3 = -r3;
        angle = r1;
        sx = toInt(f(f(sx) + f(f(r2 * side) / 3)));
        sy = toInt(f(f(sy) + f(f(r3 * side) / 3)));
      }
      canvas.square(sx, sy, side, angle, 1);
    }
  }
  return canvas;
}

/** Braille rendering: each character is a 2x4 block of pixels (U+2800 + bit pattern). */
function renderBraille(c: Canvas): string {
  let text = '';
  for (let y = 0; y < c.height; y += 4) {
    for (let x = 0; x < c.width; x += 2) {
      let byte = 0;
      if (c.get(x, y)) byte |= 1 << 0;
      if (c.get(x, y + 1)) byte |= 1 << 1;
      if (c.get(x, y + 2)) byte |= 1 << 2;
      if (c.get(x + 1, y)) byte |= 1 << 3;
      if (c.get(x + 1, y + 1)) byte |= 1 << 4;
      if (c.get(x + 1, y + 2)) byte |= 1 << 5;
      if (c.get(x, y + 3)) byte |= 1 << 6;
      if (c.get(x + 1, y + 3)) byte |= 1 << 7;
      const code = 0x2800 + byte;
      // UTF-8 in three bytes, as latin1 chars (one per byte).
      text += String.fromCharCode(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    }
    if (y !== c.height - 1) text += '\n';
  }
  return text;
}

// ---- version 6: skyline ------------------------------------------------------

interface Skyscraper {
  xoff: number;
  width: number;
  height: number;
  windows: boolean;
  color: number;
}

function skyscraper(c: Canvas, s: Skyscraper): void {
  const starty = c.height - 1;
  const endy = starty - s.height + 1;
  for (let y = starty; y >= endy; y--) {
    for (let x = s.xoff; x < s.xoff + s.width; x++) {
      if (y === endy && (x <= s.xoff + 1 || x >= s.xoff + s.width - 2)) continue; /* narrower roof */
      let color = s.color;
      if (s.windows && x > s.xoff + 1 && x < s.xoff + s.width - 2 && y > endy + 1 && y < starty - 1) {
        const relx = x - (s.xoff + 1);
        const rely = y - (endy + 1);
        if ((Math.trunc(relx / 2) % 2) !== 0 && rely % 2 !== 0) {
          do color = 1 + (rand() % 2);
          while (color === s.color);
          if (relx % 2 !== 0) color = c.get(x - 1, y);
        }
      }
      c.set(x, y, color);
    }
  }
}

function skyline(c: Canvas): void {
  const s: Skyscraper = { xoff: 0, width: 0, height: 0, windows: false, color: 0 };
  const half = Math.trunc(c.height / 2);
  for (let color = 2; color >= 1; color--) {
    s.color = color;
    for (let offset = -10; offset < c.width; ) {
      offset += rand() % 8;
      s.xoff = offset;
      s.width = 10 + (rand() % 9);
      // rand()%h/2 parses as (rand()%h)/2 in C.
      s.height = color === 2 ? half + Math.trunc((rand() % c.height) / 2) : half + Math.trunc((rand() % c.height) / 3);
      s.windows = false;
      skyscraper(c, s);
      offset += color === 2 ? Math.trunc(s.width / 2) : s.width + 1;
    }
  }
  s.color = 0;
  for (let offset = -10; offset < c.width; ) {
    offset += rand() % 8;
    s.xoff = offset;
    s.width = 5 + (rand() % 14);
    if (s.width % 4) s.width += s.width % 3;
    s.height = Math.trunc(c.height / 3) + Math.trunc((rand() % c.height) / 2);
    s.windows = true;
    skyscraper(c, s);
    offset += s.width + 5;
  }
}

const COLOR_ESCAPES = ['0;30;40m', '0;90;100m', '0;37;47m', '0;97;107m'];

function renderColors(c: Canvas): string {
  const rows: string[] = [];
  for (let y = 0; y < c.height; y++) {
    let row = '';
    for (let x = 0; x < c.width; x++) row += `\x1b[${COLOR_ESCAPES[c.get(x, y)] ?? COLOR_ESCAPES[0]} \x1b[0m`;
    rows.push(row);
  }
  return rows.join('\n');
}

// ---- the command -------------------------------------------------------------

/** Up to `n` long arguments from argv[from..], clamped to [1, max[i]]; null after an error reply. */
function sizeArgs(c: Client, argv: string[], from: number, defaults: number[], max: number[]): number[] | null {
  const out = defaults.slice();
  for (let i = 0; i < defaults.length && from + i < argv.length; i++) {
    const v = intArg(c, argv[from + i]);
    if (v === null) return null;
    out[i] = v;
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.min(Math.max(out[i], 1), max[i]);
  return out;
}

function lolwut(c: Client, argv: string[]): void {
  let version = 0; /* 0: this version's own output (only the version line in 7.0) */
  let from = 1;
  if (argv.length >= 3 && isOpt(argv[1], 'VERSION')) {
    const v = intArg(c, argv[2]);
    if (v === null) return;
    version = Number(BigInt.asUintN(32, BigInt(v))); /* printed with %u: only 5 and 6 pick an artwork */
    from = 3;
  }
  let text: string;
  if (version === 5) {
    const a = sizeArgs(c, argv, from, [66, 8, 12], [1000, 200, 200]);
    if (a === null) return;
    text = `${renderBraille(schotter(a[0], a[1], a[2]))}\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. ${REDIS_VERSION}\n`;
  } else if (version === 6) {
    const a = sizeArgs(c, argv, from, [80, 20], [1000, 1000]);
    if (a === null) return;
    const canvas = new Canvas(a[0], a[1], 3);
    skyline(canvas);
    text =
      `${renderColors(canvas)}\nDedicated to the 8 bit game developers of past and present.\n` +
      `Original 8 bit image from Plaguemon by hikikomori. Redis ver. ${REDIS_VERSION}\n`;
  } else {
    text = `Redis ver. ${REDIS_VERSION}\n`;
  }
  c.w.verbatim(text, 'txt');
}

export const lolwutCommands: CommandDef[] = [command('lolwut', lolwut)];
