/**
 * Blocking list commands with several real connections. Every scenario
 * runs against real Redis 7.0 and against respd; the transcripts (raw reply
 * bytes, "<none>" where a client must still be blocked, blocked-client
 * counts) must be identical, and a few key expectations are also asserted.
 */
import { describe, it, beforeAll, afterAll, expect } from 'vitest';
import { RawClient } from '../helpers/raw-client.js';
import { startRedis, startRespd, haveRedis, type Oracle } from '../helpers/servers.js';
import type { RunningServer } from '../../src/index.js';

/** Time for a command sent on one connection to be processed before another acts. */
const SETTLE_MS = 60;

interface Target {
  kind: 'redis' | 'respd';
  port: number;
  /** Blocked clients right now (INFO blocked_clients on Redis). */
  blocked(): Promise<number>;
}

class Session {
  readonly log: string[] = [];
  private clients: RawClient[] = [];
  private ids: number[] = [];

  constructor(private readonly t: Target) {}

  async open(n: number): Promise<void> {
    const admin = await RawClient.connect(this.t.port);
    await admin.call('FLUSHALL');
    admin.close();
    for (let i = 0; i < n; i++) {
      const cl = await RawClient.connect(this.t.port);
      this.clients.push(cl);
      const id = await cl.call('CLIENT', 'ID');
      this.ids.push(Number(id!.toString('latin1').slice(1, -2)));
    }
  }

  /** Sends without waiting for the reply. */
  send(i: number, ...argv: string[]): void {
    this.clients[i].send(argv);
  }

  /** Writes raw bytes (e.g. several commands in one packet). */
  raw(i: number, bytes: string): void {
    this.clients[i].write(bytes);
  }

  /** Records the next reply of client i. */
  async reply(i: number, timeoutMs = 3000): Promise<string> {
    const r = await this.clients[i].reply(timeoutMs);
    const s = r === null ? '<closed>' : r.toString('latin1');
    this.log.push(`${i}: ${s}`);
    return s;
  }

  async call(i: number, ...argv: string[]): Promise<string> {
    this.send(i, ...argv);
    return this.reply(i);
  }

  /** Records that client i has received nothing (it is still blocked). */
  async none(i: number, waitMs = 100): Promise<void> {
    await sleep(waitMs);
    const p = this.clients[i].pending();
    this.log.push(`${i}: ${p.length === 0 ? '<none>' : p.toString('latin1')}`);
  }

  /** Switches client i to RESP3 (the HELLO reply holds ids, so it is not recorded). */
  async resp3(i: number): Promise<void> {
    this.send(i, 'HELLO', '3');
    await this.clients[i].reply();
  }

  async settle(ms = SETTLE_MS): Promise<void> {
    await sleep(ms);
  }

  async blocked(): Promise<void> {
    this.log.push(`blocked=${await this.t.blocked()}`);
  }

  /** CLIENT UNBLOCK <id of client i> from client `by`. */
  async unblock(by: number, i: number, mode?: string): Promise<string> {
    const argv = ['CLIENT', 'UNBLOCK', String(this.ids[i])];
    if (mode) argv.push(mode);
    return this.call(by, ...argv);
  }

  close(i: number): void {
    this.clients[i].close();
  }

  closeAll(): void {
    for (const c of this.clients) c.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

const d = haveRedis() ? describe : describe.skip;

d('blocking: respd vs real Redis', () => {
  let redis: Oracle;
  let respd: RunningServer;
  let targets: Target[];

  beforeAll(async () => {
    [redis, respd] = await Promise.all([startRedis(), startRespd()]);
    targets = [
      {
        kind: 'redis',
        port: redis.port,
        async blocked() {
          const cl = await RawClient.connect(redis.port);
          const info = (await cl.call('INFO', 'clients'))!.toString('latin1');
          cl.close();
          return Number(/blocked_clients:(\d+)/.exec(info)![1]);
        },
      },
      { kind: 'respd', port: respd.port, blocked: async () => respd.server.blocking.blockedCount },
    ];
  }, 20000);

  afterAll(async () => {
    await Promise.all([redis?.stop(), respd?.close()]);
  });

  /** Runs `body` with `n` connections on both servers and compares the transcripts. */
  function scenario(name: string, n: number, body: (s: Session) => Promise<void>, check?: (log: string[]) => void): void {
    it(name, async () => {
      const logs: string[][] = [];
      for (const t of targets) {
        const s = new Session(t);
        try {
          await s.open(n);
          await body(s);
        } finally {
          s.closeAll();
        }
        logs.push(s.log);
        await sleep(20);
      }
      if (process.env.SHOW_TRANSCRIPTS) console.log(name, JSON.stringify(logs[0]));
      expect(logs[1], 'respd transcript').toEqual(logs[0]);
      check?.(logs[0]);
    });
  }

  scenario('BLPOP woken by RPUSH from another connection', 2, async (s) => {
    s.send(0, 'BLPOP', 'k', '0');
    await s.settle();
    await s.blocked();
    await s.none(0);
    await s.call(1, 'RPUSH', 'k', 'a');
    await s.reply(0);
    await s.blocked();
    await s.call(1, 'LLEN', 'k');
  }, (log) => expect(log).toContain('0: *2\r\n$1\r\nk\r\n$1\r\na\r\n'));

  scenario('BRPOP woken by LPUSH of several values', 2, async (s) => {
    s.send(0, 'BRPOP', 'k', '0');
    await s.settle();
    await s.call(1, 'LPUSH', 'k', 'a', 'b', 'c');
    await s.reply(0);
    await s.call(1, 'LRANGE', 'k', '0', '-1');
  });

  scenario('FIFO order among three waiters', 4, async (s) => {
    for (let i = 0; i < 3; i++) {
      s.send(i, 'BLPOP', 'k', '0');
      await s.settle();
    }
    await s.blocked();
    await s.call(3, 'RPUSH', 'k', 'a', 'b', 'c');
    for (let i = 0; i < 3; i++) await s.reply(i);
    await s.call(3, 'LLEN', 'k');
  }, (log) => {
    expect(log[2]).toContain('$1\r\na\r\n');
    expect(log[3]).toContain('$1\r\nb\r\n');
    expect(log[4]).toContain('$1\r\nc\r\n');
  });

  scenario('one element serves only the first waiter', 3, async (s) => {
    s.send(0, 'BLPOP', 'k', '0');
    await s.settle();
    s.send(1, 'BRPOP', 'k', '0');
    await s.settle();
    await s.call(2, 'RPUSH', 'k', 'x');
    await s.reply(0);
    await s.none(1);
    await s.call(2, 'RPUSH', 'k', 'y', 'z');
    await s.reply(1);
    await s.call(2, 'LRANGE', 'k', '0', '-1');
  });

  scenario('waiter on several keys is woken by the second key', 2, async (s) => {
    s.send(0, 'BLPOP', 'a', 'b', 'c', '0');
    await s.settle();
    await s.call(1, 'RPUSH', 'b', 'v');
    await s.reply(0);
    await s.blocked();
  });

  scenario('duplicate keys block once', 2, async (s) => {
    s.send(0, 'BLPOP', 'k', 'k', '0');
    await s.settle();
    await s.blocked();
    await s.call(1, 'RPUSH', 'k', 'a', 'b');
    await s.reply(0);
    await s.none(0, 50);
    await s.call(1, 'LLEN', 'k');
  });

  scenario('timeouts of 0.1s return nil', 1, async (s) => {
    for (const cmd of [['BLPOP', 'k', '0.1'], ['BRPOP', 'a', 'b', '0.1'], ['BLMOVE', 's', 'd', 'LEFT', 'RIGHT', '0.1'], ['BRPOPLPUSH', 's', 'd', '0.1'], ['BLMPOP', '0.1', '2', 'a', 'b', 'LEFT', 'COUNT', '3']]) {
      const t0 = Date.now();
      await s.call(0, ...cmd);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    }
    await s.blocked();
  });

  scenario('timeouts in RESP3', 1, async (s) => {
    await s.resp3(0);
    await s.call(0, 'BLPOP', 'k', '0.05');
    await s.call(0, 'BLMOVE', 's', 'd', 'LEFT', 'RIGHT', '0.05');
    await s.call(0, 'BLMPOP', '0.05', '1', 'k', 'RIGHT');
  });

  scenario('RESP3 waiter woken', 2, async (s) => {
    await s.resp3(0);
    s.send(0, 'BLMPOP', '0', '1', 'k', 'LEFT', 'COUNT', '2');
    await s.settle();
    await s.call(1, 'RPUSH', 'k', 'a', 'b', 'c');
    await s.reply(0);
  });

  scenario('served before its timeout fires, no late reply', 2, async (s) => {
    s.send(0, 'BLPOP', 'k', '0.3');
    await s.settle();
    await s.call(1, 'RPUSH', 'k', 'a');
    await s.reply(0);
    await s.none(0, 400);
    await s.blocked();
  });

  scenario('pipelined commands after a block run once it is served', 2, async (s) => {
    s.raw(0, '*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nLLEN\r\n$1\r\nk\r\n');
    await s.settle();
    await s.none(0, 50);
    await s.call(1, 'RPUSH', 'k', 'a', 'b');
    await s.reply(0);
    await s.reply(0);
    await s.reply(0);
  });

  scenario('pipelined commands after a timeout', 1, async (s) => {
    s.raw(0, '*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$3\r\n0.1\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n');
    await s.reply(0);
    await s.reply(0);
  });

  scenario('waiter is served between two pipelined commands of the pusher', 2, async (s) => {
    s.send(0, 'BLPOP', 'k', '0');
    await s.settle();
    s.raw(1, '*3\r\n$5\r\nRPUSH\r\n$1\r\nk\r\n$1\r\na\r\n*2\r\n$4\r\nLPOP\r\n$1\r\nk\r\n');
    await s.reply(1);
    await s.reply(1);
    await s.reply(0);
  });

  scenario('BLMOVE woken, element moved', 2, async (s) => {
    s.send(0, 'BLMOVE', 's', 'd', 'RIGHT', 'LEFT', '0');
    await s.settle();
    await s.call(1, 'RPUSH', 's', 'x', 'y');
    await s.reply(0);
    await s.call(1, 'LRANGE', 's', '0', '-1');
    await s.call(1, 'LRANGE', 'd', '0', '-1');
  });

  scenario('BRPOPLPUSH woken', 2, async (s) => {
    s.send(0, 'BRPOPLPUSH', 's', 'd', '0');
    await s.settle();
    await s.call(1, 'LPUSH', 's', 'v');
    await s.reply(0);
    await s.call(1, 'LRANGE', 'd', '0', '-1');
    await s.call(1, 'LLEN', 's');
  });

  scenario('BLMOVE chain wakes a waiter on the destination', 3, async (s) => {
    s.send(0, 'BLMOVE', 's', 'd', 'LEFT', 'LEFT', '0');
    await s.settle();
    s.send(1, 'BLPOP', 'd', '0');
    await s.settle();
    await s.call(2, 'RPUSH', 's', 'x');
    await s.reply(0);
    await s.reply(1);
    await s.call(2, 'LLEN', 'd');
    await s.blocked();
  });

  scenario('BLMOVE onto its own key', 2, async (s) => {
    s.send(0, 'BLMOVE', 'k', 'k', 'LEFT', 'RIGHT', '0');
    await s.settle();
    await s.call(1, 'RPUSH', 'k', 'a', 'b');
    await s.reply(0);
    await s.call(1, 'LRANGE', 'k', '0', '-1');
  });

  scenario('BLMOVE woken with a wrong-type destination gets WRONGTYPE', 3, async (s) => {
    s.send(0, 'BLMOVE', 's', 'd', 'LEFT', 'LEFT', '0');
    await s.settle();
    s.send(1, 'BLPOP', 's', '0');
    await s.settle();
    await s.call(2, 'SET', 'd', 'str');
    await s.call(2, 'RPUSH', 's', 'x');
    await s.reply(0);
    await s.reply(1);
    await s.call(2, 'LLEN', 's');
    await s.blocked();
  });

  scenario('BLMPOP woken with COUNT from the right', 2, async (s) => {
    s.send(0, 'BLMPOP', '0', '2', 'a', 'b', 'RIGHT', 'COUNT', '2');
    await s.settle();
    await s.call(1, 'RPUSH', 'b', '1', '2', '3');
    await s.reply(0);
    await s.call(1, 'LRANGE', 'b', '0', '-1');
  });

  scenario('BLMPOP takes the whole list when COUNT exceeds it', 2, async (s) => {
    s.send(0, 'BLMPOP', '0', '1', 'k', 'LEFT', 'COUNT', '10');
    await s.settle();
    await s.call(1, 'RPUSH', 'k', 'a', 'b');
    await s.reply(0);
    await s.call(1, 'LLEN', 'k');
  });

  scenario('a blocked client that disconnects leaves no residue', 2, async (s) => {
    s.send(0, 'BLPOP', 'k', '0');
    await s.settle();
    await s.blocked();
    s.close(0);
    await s.settle();
    await s.blocked();
    await s.call(1, 'RPUSH', 'k', 'a');
    await s.call(1, 'LRANGE', 'k', '0', '-1');
  });

  scenario('key becomes a string while blocked: keeps waiting', 2, async (s) => {
    s.send(0, 'BLPOP', 'k', '0');
    await s.settle();
    await s.call(1, 'SET', 'k', 'str');
    await s.none(0);
    await s.call(1, 'RPUSH', 'k', 'a');
    await s.none(0, 50);
    await s.call(1, 'DEL', 'k');
    await s.call(1, 'RPUSH', 'k', 'b');
    await s.reply(0);
  });

  scenario('waiters in another database are not woken', 2, async (s) => {
    await s.call(0, 'SELECT', '1');
    s.send(0, 'BLPOP', 'k', '0');
    await s.settle();
    await s.call(1, 'RPUSH', 'k', 'db0');
    await s.none(0);
    await s.call(1, 'SELECT', '1');
    await s.call(1, 'RPUSH', 'k', 'db1');
    await s.reply(0);
    await s.call(1, 'SELECT', '0');
    await s.call(1, 'LLEN', 'k');
  });

  scenario('LMOVE into a waited key wakes the waiter', 2, async (s) => {
    await s.call(1, 'RPUSH', 's', 'a', 'b');
    s.send(0, 'BLPOP', 'd', '0');
    await s.settle();
    await s.call(1, 'LMOVE', 's', 'd', 'LEFT', 'RIGHT');
    await s.reply(0);
    await s.call(1, 'LLEN', 'd');
  });

  scenario('push inside MULTI wakes the waiter only after EXEC', 2, async (s) => {
    s.send(0, 'BLPOP', 'k', '0');
    await s.settle();
    await s.call(1, 'MULTI');
    await s.call(1, 'RPUSH', 'k', 'a');
    await s.call(1, 'RPUSH', 'k', 'b');
    await s.none(0);
    await s.call(1, 'EXEC');
    await s.reply(0);
    await s.call(1, 'LRANGE', 'k', '0', '-1');
  });

  scenario('push then pop inside MULTI leaves the waiter blocked', 2, async (s) => {
    s.send(0, 'BLPOP', 'k', '0');
    await s.settle();
    await s.call(1, 'MULTI');
    await s.call(1, 'RPUSH', 'k', 'a');
    await s.call(1, 'LPOP', 'k');
    await s.call(1, 'EXEC');
    await s.none(0);
    await s.blocked();
    await s.call(1, 'MULTI');
    await s.call(1, 'RPUSH', 'k', 'b');
    await s.call(1, 'DEL', 'k');
    await s.call(1, 'RPUSH', 'k', 'c');
    await s.call(1, 'EXEC');
    await s.reply(0);
  });

  scenario('blocking commands inside MULTI do not block', 1, async (s) => {
    await s.call(0, 'MULTI');
    for (const cmd of [['BLPOP', 'k', '0'], ['BRPOP', 'k', '1'], ['BLMOVE', 's', 'd', 'LEFT', 'LEFT', '0'], ['BRPOPLPUSH', 's', 'd', '0'], ['BLMPOP', '0', '1', 'k', 'LEFT']]) {
      await s.call(0, ...cmd);
    }
    await s.call(0, 'RPUSH', 'k', 'a');
    await s.call(0, 'BLPOP', 'k', '0');
    await s.call(0, 'EXEC');
  });

  scenario('blocking commands inside MULTI in RESP3', 1, async (s) => {
    await s.resp3(0);
    await s.call(0, 'MULTI');
    await s.call(0, 'BLPOP', 'k', '0');
    await s.call(0, 'BLMOVE', 's', 'd', 'LEFT', 'LEFT', '0');
    await s.call(0, 'EXEC');
  });

  scenario('CLIENT UNBLOCK with the timeout reply', 2, async (s) => {
    s.send(0, 'BLPOP', 'k', '0');
    await s.settle();
    await s.unblock(1, 0);
    await s.reply(0);
    await s.blocked();
    await s.unblock(1, 0);
    await s.call(0, 'PING');
  });

  scenario('CLIENT UNBLOCK with ERROR', 2, async (s) => {
    s.send(0, 'BLMOVE', 's', 'd', 'LEFT', 'LEFT', '0');
    await s.settle();
    await s.unblock(1, 0, 'ERROR');
    await s.reply(0);
    await s.call(1, 'RPUSH', 's', 'a');
    await s.none(0, 50);
    await s.call(1, 'LLEN', 's');
  });

  scenario('CLIENT UNBLOCK TIMEOUT of BLMPOP and BLMOVE', 3, async (s) => {
    s.send(0, 'BLMPOP', '0', '1', 'k', 'LEFT');
    s.send(1, 'BRPOPLPUSH', 's', 'd', '0');
    await s.settle();
    await s.unblock(2, 0, 'TIMEOUT');
    await s.unblock(2, 1, 'timeout');
    await s.reply(0);
    await s.reply(1);
  });
});
