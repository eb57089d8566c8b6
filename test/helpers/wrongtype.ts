/**
 * Differential cases that need keys holding a non-string value: both
 * servers get them with RPUSH before the commands run.
 */
import { describe, it, beforeAll, afterAll, expect } from 'vitest';
import { RawClient } from './raw-client.js';
import { haveRedis } from './servers.js';
import { startPair, stopPair, type Pair, type Cmd } from './diff.js';

export interface WrongTypeCase {
  name: string;
  /** Keys that hold a one-element list before the commands run. */
  lists: string[];
  cmds: Cmd[];
}

function toArgv(c: Cmd): (string | Buffer)[] {
  return typeof c === 'string' ? c.split(' ') : c;
}

async function run(port: number, cmds: Cmd[]): Promise<string[]> {
  const cl = await RawClient.connect(port);
  try {
    const out: string[] = [];
    for (const c of cmds) {
      const r = await cl.call(...toArgv(c));
      out.push(r === null ? '<closed>' : r.toString('latin1'));
    }
    return out;
  } finally {
    cl.close();
  }
}

export function wrongTypeSuite(title: string, cases: WrongTypeCase[]): void {
  const d = haveRedis() ? describe : describe.skip;
  d(`differential: ${title}`, () => {
    let pair: Pair;
    beforeAll(async () => {
      pair = await startPair();
    }, 20000);
    afterAll(async () => {
      await stopPair(pair);
    });
    for (const wc of cases) {
      it(wc.name, async () => {
        const seed: Cmd[] = ['FLUSHALL', ...wc.lists.map((k) => ['RPUSH', k, 'x'])];
        await run(pair.redis.port, seed);
        const expected = await run(pair.redis.port, wc.cmds);
        await run(pair.respd.port, seed);
        const actual = await run(pair.respd.port, wc.cmds);
        for (let i = 0; i < expected.length; i++) {
          const label = `reply ${i} to ${JSON.stringify(toArgv(wc.cmds[i]).map(String).join(' ')).slice(0, 200)}`;
          expect(actual[i], label).toBe(expected[i]);
        }
      });
    }
  });
}
