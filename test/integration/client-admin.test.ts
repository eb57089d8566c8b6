/**
 * Behaviour across connections — CLIENT KILL, PAUSE, REPLY, LIST and
 * MONITOR with two or three sockets — run as the same scenario against real
 * Redis and respd; the transcripts (with ids, addresses and clocks masked)
 * must be identical. SHUTDOWN is checked on a respd child process.
 */
import { describe, it, beforeAll, afterAll, expect } from 'vitest';
import net from 'node:net';
import { RawClient } from '../helpers/raw-client.js';
import { startRedis, startRespd, spawnRespd, haveRedis, type Oracle } from '../helpers/servers.js';
import { maskClientReply, maskMonitor } from '../helpers/client-line.js';
import type { RunningServer } from '../../src/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A connection that records masked replies into a shared transcript. */
class Conn {
  private constructor(readonly rc: RawClient, private readonly log: string[], readonly tag: string) {}

  static async open(port: number, log: string[], tag: string): Promise<Conn> {
    return new Conn(await RawClient.connect(port), log, tag);
  }

  /** Sends a command and records its reply. */
  async call(...argv: string[]): Promise<string> {
    return this.callAs(argv.join(' '), ...argv);
  }

  /** Like call, recorded under `label` (for commands carrying ids or addresses). */
  async callAs(label: string, ...argv: string[]): Promise<string> {
    const r = await this.rc.call(...argv);
    const s = r === null ? '<closed>' : maskMonitor(maskClientReply(r.toString('latin1')));
    this.log.push(`${this.tag} ${label} -> ${s}`);
    return s;
  }

  /** Sends without waiting. */
  send(...argv: string[]): void {
    this.rc.send(argv);
  }

  /** Records one reply that should arrive (or <closed>). */
  async expectReply(label: string, timeoutMs = 3000): Promise<void> {
    const r = await this.rc.reply(timeoutMs);
    this.log.push(`${this.tag} ${label} -> ${r === null ? '<closed>' : maskMonitor(maskClientReply(r.toString('latin1')))}`);
  }

  /** Records whether anything arrived within `ms` (without consuming it). */
  async quietFor(ms: number, label: string): Promise<void> {
    await sleep(ms);
    this.log.push(`${this.tag} ${label}: ${this.rc.pending().length === 0 && !this.rc.closed ? 'nothing yet' : 'got something'}`);
  }

  async id(): Promise<string> {
    const r = (await this.rc.call('CLIENT', 'ID'))!.toString();
    return r.slice(1, -2);
  }

  async info(field: string): Promise<string> {
    const r = (await this.rc.call('CLIENT', 'INFO'))!.toString('latin1');
    return r.match(new RegExp(`(?:^|[ \\n])${field}=(\\S*)`))![1];
  }

  close(): void {
    this.rc.close();
  }
}

type Scenario = (port: number, log: string[]) => Promise<void>;

const d = haveRedis() ? describe : describe.skip;

d('CLIENT / MONITOR across connections, against redis-server', () => {
  let redis: Oracle;
  let respd: RunningServer;
  beforeAll(async () => {
    [redis, respd] = await Promise.all([startRedis(['--enable-debug-command', 'local']), startRespd({ 'enable-debug-command': 'local' })]);
  }, 20000);
  afterAll(async () => {
    await Promise.all([redis?.stop(), respd?.close()]);
  });

  async function same(scenario: Scenario): Promise<string[]> {
    const want: string[] = [];
    await scenario(redis.port, want);
    const got: string[] = [];
    await scenario(respd.port, got);
    expect(got.join('\n')).toBe(want.join('\n'));
    return got;
  }

  it('CLIENT LIST by id shows both connections with their state', async () => {
    await same(async (port, log) => {
      const a = await Conn.open(port, log, 'A');
      const b = await Conn.open(port, log, 'B');
      await b.call('CLIENT', 'SETNAME', 'bee');
      await b.call('SELECT', '3');
      await b.call('CLIENT', 'NO-EVICT', 'on');
      await b.call('NOSUCHCMD');
      const ids = [await a.id(), await b.id()];
      await a.callAs('CLIENT LIST ID <a> <b>', 'CLIENT', 'LIST', 'ID', ...ids);
      await b.call('GET');
      await a.callAs('CLIENT LIST ID <b>', 'CLIENT', 'LIST', 'ID', ids[1]);
      await b.rc.call('HELLO', '3');
      await a.callAs('CLIENT LIST ID <b>', 'CLIENT', 'LIST', 'ID', ids[1]);
      a.close();
      b.close();
    });
  });

  it('CLIENT KILL by id, addr, laddr, user and the old form', async () => {
    await same(async (port, log) => {
      const a = await Conn.open(port, log, 'A');
      const b = await Conn.open(port, log, 'B');
      const c = await Conn.open(port, log, 'C');
      await a.callAs('CLIENT KILL ID <b>', 'CLIENT', 'KILL', 'ID', await b.id());
      await b.expectReply('(killed)');
      await a.call('CLIENT', 'KILL', 'ID', '999999');
      const cAddr = await c.info('addr');
      const cLaddr = await c.info('laddr');
      const cId = await c.id();
      await a.callAs('CLIENT KILL ADDR <c> LADDR 1.2.3.4:5', 'CLIENT', 'KILL', 'ADDR', cAddr, 'LADDR', '1.2.3.4:5');
      await a.callAs('CLIENT KILL LADDR <c> ID <c> USER default', 'CLIENT', 'KILL', 'LADDR', cLaddr, 'ID', cId, 'USER', 'default');
      await c.expectReply('(killed)');
      await a.callAs('CLIENT KILL <c addr>', 'CLIENT', 'KILL', cAddr);
      const d2 = await Conn.open(port, log, 'D');
      await a.callAs('CLIENT KILL <d addr>', 'CLIENT', 'KILL', await d2.info('addr'));
      await d2.expectReply('(killed)');
      a.close();
    });
  });

  it('CLIENT KILL of the calling connection replies, then closes', async () => {
    await same(async (port, log) => {
      const a = await Conn.open(port, log, 'A');
      await a.callAs('CLIENT KILL ID <a>', 'CLIENT', 'KILL', 'ID', await a.id());
      await a.callAs('CLIENT KILL ID <a> SKIPME no', 'CLIENT', 'KILL', 'ID', await a.id(), 'SKIPME', 'no');
      await a.expectReply('(after self kill)');
      const b = await Conn.open(port, log, 'B');
      await b.callAs('CLIENT KILL <b addr>', 'CLIENT', 'KILL', await b.info('addr'));
      await b.expectReply('(after old-form self kill)');
    });
  });

  it('CLIENT PAUSE WRITE holds writes (and what follows them) but not reads', async () => {
    const log = await same(async (port, log) => {
      const a = await Conn.open(port, log, 'A');
      const b = await Conn.open(port, log, 'B');
      const bId = await b.id();
      await a.call('CLIENT', 'PAUSE', '5000', 'WRITE');
      await b.call('GET', 'k');
      await b.call('PING');
      b.send('SET', 'k', 'v');
      b.send('GET', 'k');
      await b.quietFor(200, 'SET during write pause');
      await a.call('GET', 'k');
      await a.callAs('CLIENT LIST ID <b>', 'CLIENT', 'LIST', 'ID', bId);
      await a.call('CLIENT', 'UNPAUSE');
      await b.expectReply('SET k v');
      await b.expectReply('GET k');
      a.close();
      b.close();
    });
    expect(log.join('\n')).toContain('B SET during write pause: nothing yet');
  });

  it('CLIENT PAUSE ALL holds every command until it ends by itself', async () => {
    await same(async (port, log) => {
      const a = await Conn.open(port, log, 'A');
      const b = await Conn.open(port, log, 'B');
      await a.call('CLIENT', 'PAUSE', '400');
      const t0 = Date.now();
      b.send('PING');
      await b.quietFor(150, 'PING during pause');
      await b.expectReply('PING');
      log.push(`waited long enough: ${Date.now() - t0 >= 300}`);
      await a.call('PING');
      a.close();
      b.close();
    });
  });

  it('a new pause never shortens a running one', async () => {
    await same(async (port, log) => {
      const a = await Conn.open(port, log, 'A');
      const b = await Conn.open(port, log, 'B');
      await a.call('CLIENT', 'PAUSE', '400', 'WRITE');
      await a.call('CLIENT', 'PAUSE', '10', 'WRITE');
      b.send('SET', 'x', '1');
      await b.quietFor(150, 'SET after a shorter second pause');
      await b.expectReply('SET x 1');
      a.close();
      b.close();
    });
  });

  it('CLIENT REPLY OFF also silences MONITOR output; ON speaks again', async () => {
    await same(async (port, log) => {
      const m = await Conn.open(port, log, 'M');
      const b = await Conn.open(port, log, 'B');
      await m.call('MONITOR');
      m.send('CLIENT', 'REPLY', 'OFF');
      await sleep(50);
      await b.call('SET', 'quiet', '1');
      await m.quietFor(100, 'monitor while reply off');
      await m.call('CLIENT', 'REPLY', 'ON');
      await b.call('SET', 'loud', '1');
      await m.expectReply('monitor line');
      m.close();
      b.close();
    });
  });

  it('MONITOR streams other clients\' commands, after they ran, with redaction', async () => {
    await same(async (port, log) => {
      const m = await Conn.open(port, log, 'M');
      const b = await Conn.open(port, log, 'B');
      await m.call('MONITOR');
      const script: string[][] = [
        ['SET', 'a', '1'], ['GET', 'a'], ['SELECT', '5'], ['GET', 'a'], ['NOSUCH', 'x'], ['GET'],
        ['CLIENT', 'LIST'], ['DEBUG', 'SLEEP', '0'], ['AUTH', 'secret'], ['AUTH', 'user', 'secret'],
        ['HELLO', '2', 'AUTH', 'user', 'pass'], ['ECHO', 'a"b\\c\x00\r\n\xff'],
        ['PING'], ['DBSIZE'], ['CLIENT', 'SETNAME', 'x'], ['FLUSHDB'],
      ];
      for (const argv of script) await b.call(...argv);
      // Replies that differ by design (connection id, number of commands) are not recorded.
      await b.rc.call('HELLO', '2', 'SETNAME', 'n');
      await b.rc.call('COMMAND', 'COUNT');
      await sleep(100);
      const lines = maskMonitor(m.rc.pending().toString('latin1'));
      log.push(...lines.split('\r\n'));
      await b.callAs('CLIENT LIST ID <monitor>', 'CLIENT', 'LIST', 'ID', await idOfMonitor(port));
      m.close();
      b.close();
    });
  });

  it('DEBUG SLEEP stalls every client; enable-debug-command local allows loopback', async () => {
    await same(async (port, log) => {
      const a = await Conn.open(port, log, 'A');
      const b = await Conn.open(port, log, 'B');
      const t0 = Date.now();
      a.send('DEBUG', 'SLEEP', '0.3');
      await sleep(20);
      await b.call('PING');
      log.push(`PING waited for the sleep: ${Date.now() - t0 >= 200}`);
      await a.expectReply('DEBUG SLEEP');
      a.close();
      b.close();
    });
  });
});

/** The id of the most recent MONITOR client (the one with flags=O). */
async function idOfMonitor(port: number): Promise<string> {
  const c = await RawClient.connect(port);
  const list = (await c.call('CLIENT', 'LIST'))!.toString('latin1');
  c.close();
  const line = list.split('\n').find((l) => l.includes('flags=O'))!;
  return line.match(/id=(\d+)/)![1];
}

describe('SHUTDOWN', () => {
  it('an embedded server closes its port; the caller gets no reply', async () => {
    const srv = await startRespd();
    const c = await RawClient.connect(srv.port);
    c.send(['SHUTDOWN', 'NOSAVE']);
    const rest = await c.waitClose(3000);
    expect(c.closed).toBe(true);
    expect(rest.length).toBe(0);
    const refused = await new Promise<boolean>((res) => {
      const s = net.connect(srv.port, '127.0.0.1', () => { s.destroy(); res(false); });
      s.once('error', () => res(true));
    });
    expect(refused).toBe(true);
  });

  it('a respd process exits with status 0', async () => {
    const p = await spawnRespd();
    const c = await RawClient.connect(p.port);
    const exited = new Promise<number | null>((res) => p.proc.once('exit', (code) => res(code)));
    c.send(['SHUTDOWN']);
    expect(await exited).toBe(0);
    c.close();
  }, 15000);
});
