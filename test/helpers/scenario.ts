/**
 * Multi-connection differential scenarios: the same script of steps runs
 * against real Redis and against respd, and the transcripts (every reply and
 * every push each connection received, in order) are compared byte for byte.
 *
 * A step is one of:
 *   'A SUBSCRIBE x y'        client A sends the command and reads 1 reply
 *   'A:3 SUBSCRIBE x y z'    … and reads 3 replies (A:0 reads none)
 *   ['B:1', 'SET', 'k', v]   argv form (latin1 strings)
 *   'A<' / 'A<2'             client A reads 1 / 2 more replies (pushes)
 *   '~50'                    sleep 50 ms
 *   'A!'                     client A closes its connection
 *   { raw: 'A', data, n }    client A writes raw bytes and reads n replies
 * Clients named in the steps are connected before the first step (HELLO 3
 * for those listed in `resp3`, HELLO 2 otherwise, so each learns its id).
 * `{id:B}` in an argument is replaced by client B's id; ids in the replies
 * of CLIENT commands are replaced by `<id:B>` before comparing. After the
 * last step every connection must have nothing left unread.
 */
import { it, expect } from 'vitest';
import { RawClient } from './raw-client.js';
import { pairSuite, type PairOptions } from './diff.js';

export type Step = string | string[] | { raw: string; data: string; n?: number };

export interface Scenario {
  name: string;
  steps: Step[];
  /** Clients that speak RESP3 (true: all of them). */
  resp3?: string[] | true;
  /** Admin commands run before the case (after FLUSHALL), e.g. CONFIG SET. */
  setup?: string[][];
  /** Compare replies after this transformation. */
  normalize?: (reply: string) => string;
  /** Keep the server's configuration as started (no notify/tracking reset). */
  keepConfig?: boolean;
}

/** Commands run before every case so one case's settings never leak into the next. */
const RESET: string[][] = [
  ['FLUSHALL'],
  ['CONFIG', 'SET', 'notify-keyspace-events', ''],
  ['CONFIG', 'SET', 'tracking-table-max-keys', '1000000'],
];
/** Cases with `keepConfig` skip the config part of RESET (startup settings under test). */

const CLIENT_RE = /^(\w+)(?::(\d+))?$/;

function clientsOf(steps: Step[]): string[] {
  const names = new Set<string>();
  for (const s of steps) {
    if (typeof s === 'string') {
      if (s.startsWith('~')) continue;
      const m = /^(\w+)/.exec(s);
      if (m) names.add(m[1]);
    } else if (Array.isArray(s)) {
      names.add(CLIENT_RE.exec(s[0])![1]);
    } else {
      names.add(s.raw);
    }
  }
  return [...names];
}

function idFrom(helloReply: Buffer): number {
  const s = helloReply.toString('latin1');
  const m = /\$2\r\nid\r\n:(\d+)\r\n/.exec(s);
  if (!m) throw new Error(`no id in HELLO reply ${JSON.stringify(s)}`);
  return Number(m[1]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a scenario against one server and returns its transcript. */
export async function runScenario(port: number, sc: Scenario): Promise<string[]> {
  const admin = await RawClient.connect(port);
  for (const cmd of [...(sc.keepConfig ? RESET.slice(0, 1) : RESET), ...(sc.setup ?? [])]) await admin.call(...cmd);
  admin.close();
  const names = clientsOf(sc.steps);
  const clients = new Map<string, RawClient>();
  const ids = new Map<string, number>();
  const out: string[] = [];
  try {
    for (const n of names) {
      const cl = await RawClient.connect(port);
      clients.set(n, cl);
      const r3 = sc.resp3 === true || (sc.resp3 ?? []).includes(n);
      ids.set(n, idFrom((await cl.call('HELLO', r3 ? '3' : '2'))!));
    }
    const subst = (a: string) => a.replace(/\{id:(\w+)\}/g, (_m, who: string) => String(ids.get(who) ?? 0));
    const unIds = (r: string) => {
      for (const [n, id] of ids) r = r.split(`:${id}\r\n`).join(`:<id:${n}>\r\n`);
      return r;
    };
    const read = async (who: string, n: number, fixIds: boolean) => {
      const cl = clients.get(who)!;
      for (let i = 0; i < n; i++) {
        let r: Buffer | null;
        try {
          r = await cl.reply(2000);
        } catch (e) {
          out.push(`${who}: <timeout: ${(e as Error).message}>`);
          return;
        }
        if (r === null) {
          out.push(`${who}: <closed>`);
          return;
        }
        const s = r.toString('latin1');
        out.push(`${who}: ${fixIds ? unIds(s) : s}`);
      }
    };
    for (const step of sc.steps) {
      if (typeof step === 'string' && step.startsWith('~')) {
        await sleep(Number(step.slice(1)));
        continue;
      }
      if (typeof step === 'string' && /^\w+!$/.test(step)) {
        clients.get(step.slice(0, -1))!.close();
        await sleep(20);
        continue;
      }
      const rd = typeof step === 'string' ? /^(\w+)<(\d*)$/.exec(step) : null;
      if (rd) {
        await read(rd[1], rd[2] === '' ? 1 : Number(rd[2]), false);
        continue;
      }
      if (typeof step === 'object' && !Array.isArray(step)) {
        clients.get(step.raw)!.write(step.data);
        await read(step.raw, step.n ?? 1, false);
        continue;
      }
      const parts = typeof step === 'string' ? step.split(' ') : step;
      const m = CLIENT_RE.exec(parts[0]);
      if (!m) throw new Error(`bad step ${JSON.stringify(step)}`);
      const argv = parts.slice(1).map(subst);
      clients.get(m[1])!.send(argv);
      const fixIds = argv[0].toUpperCase() === 'CLIENT';
      await read(m[1], m[2] === undefined ? 1 : Number(m[2]), fixIds);
    }
    await sleep(30);
    for (const [n, cl] of clients) {
      const left = cl.pending();
      if (left.length > 0) out.push(`${n}: <unread ${JSON.stringify(left.toString('latin1'))}>`);
    }
  } finally {
    for (const cl of clients.values()) cl.close();
  }
  return out;
}

/** Declares a vitest suite running every scenario on real Redis and respd. */
export function scenarioSuite(title: string, cases: Scenario[], opts: PairOptions = {}): void {
  pairSuite(title, opts, (pair) => {
    for (const sc of cases) {
      it(sc.name, async () => {
        const expected = await runScenario(pair().redis.port, sc);
        const actual = await runScenario(pair().respd.port, sc);
        const norm = sc.normalize ?? ((s: string) => s);
        expect(actual.map(norm).join('\n'), `scenario ${sc.name}`).toBe(expected.map(norm).join('\n'));
      });
    }
  });
}

/**
 * The scenario with SCRIPT LOAD first: respd loads its Lua engine on first
 * need, which (on a loaded machine) must not eat the deadline of a reply.
 */
export function warmLua(sc: Scenario): Scenario {
  return { ...sc, setup: [['SCRIPT', 'LOAD', 'return 1'], ...(sc.setup ?? [])] };
}
