/**
 * The ACL survives a restart the way Redis 7.0 keeps it: CONFIG REWRITE
 * writes the live users (one `user` line each, hashed passwords) when no
 * aclfile is set; with an aclfile, ACL SAVE replaces the file atomically
 * and ACL LOAD either takes the whole file or changes nothing; `user` lines
 * and an aclfile together refuse to start. Each test runs respd as a child
 * process and restarts it from the files it wrote.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnRespd, type RespdProcess } from '../helpers/servers.js';
import { RawClient } from '../helpers/raw-client.js';

const text = (b: Buffer | null) => (b === null ? '<closed>' : b.toString('latin1'));
const ADMIN = 'user admin on >x ~* &* +@all';
function sha(s: string): string {
  // the hashes ACL LIST shows for the passwords below (sha256 hex)
  return { x: '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881', new: '11507a0e2f5e69d5dfa40a62a1bd7b6ee57e6bcd85c67c9b8431b36fff21c437', c: '2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6' }[s]!;
}

async function admin(srv: RespdProcess): Promise<RawClient> {
  const c = await RawClient.connect(srv.port);
  expect(text(await c.call('AUTH', 'admin', 'x'))).toBe('+OK\r\n');
  return c;
}

async function authAs(srv: RespdProcess, user: string, pass: string): Promise<string> {
  const c = await RawClient.connect(srv.port);
  try {
    return text(await c.call('AUTH', user, pass));
  } finally {
    c.close();
  }
}

function exitOf(srv: RespdProcess): Promise<number | null> {
  return new Promise((res) => {
    if (srv.proc.exitCode !== null) return res(srv.proc.exitCode);
    srv.proc.once('exit', (code) => res(code));
  });
}

const LIVE_USERS = [
  `user admin on #${sha('x')} ~* &* +@all`,
  `user alice off #${sha('new')} ~a* resetchannels -@all +get`,
  `user carol on #${sha('c')} ~c* resetchannels -@all +@read (~x* resetchannels -@all +get)`,
  'user default off nopass ~* &* +@all',
];
/** After a restart the default user line went through `reset`, which adds sanitize-payload (as in Redis). */
const RELOADED = [...LIVE_USERS.slice(0, 3), 'user default off nopass sanitize-payload ~* &* +@all'];

describe('ACL persistence', () => {
  it('CONFIG REWRITE writes the live users and a restart brings back exactly them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'respd-acl-'));
    const conf = join(dir, 'respd.conf');
    writeFileSync(conf, ['# users', 'user alice on >a ~a* +get', 'user bob on >b ~b* +set', ADMIN, ''].join('\n'));
    let srv = await spawnRespd([conf]);
    try {
      const c = await admin(srv);
      for (const cmd of [
        ['ACL', 'SETUSER', 'alice', 'resetpass', '>new', 'off'],
        ['ACL', 'SETUSER', 'carol', 'on', '>c', '~c*', '+@read', '(~x* +get)'],
        ['ACL', 'DELUSER', 'bob'],
        ['ACL', 'SETUSER', 'default', 'off'],
      ]) expect(text(await c.call(...cmd))).toMatch(/^(\+OK|:1)\r\n$/);
      expect(text(await c.call('CONFIG', 'REWRITE'))).toBe('+OK\r\n');
      c.close();
      const lines = readFileSync(conf, 'latin1').split('\n');
      // the file's three user lines are reused in place, the fourth user is appended; sorted by name as Redis writes them
      expect(lines.slice(0, 4)).toEqual(['# users', ...LIVE_USERS.slice(0, 3)]);
      expect(lines.filter((l) => l.startsWith('user '))).toEqual(LIVE_USERS);
      await srv.stop();

      srv = await spawnRespd([conf]);
      const c2 = await admin(srv);
      const list = text(await c2.call('ACL', 'LIST'));
      c2.close();
      expect(list).toBe(`*${RELOADED.length}\r\n` + RELOADED.map((l) => `$${l.length}\r\n${l}\r\n`).join(''));
      expect(await authAs(srv, 'alice', 'a')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
      expect(await authAs(srv, 'bob', 'b')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
      expect(await authAs(srv, 'carol', 'c')).toBe('+OK\r\n');
      const anon = await RawClient.connect(srv.port);
      expect(text(await anon.call('PING'))).toBe('-NOAUTH Authentication required.\r\n');
      anon.close();
    } finally {
      await srv.stop();
    }
  }, 60000);

  it('with an aclfile: ACL SAVE replaces it whole, ACL LOAD with errors keeps the old users, REWRITE drops user lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'respd-aclfile-'));
    const aclfile = join(dir, 'users.acl');
    const conf = join(dir, 'respd.conf');
    writeFileSync(aclfile, ADMIN + '\n');
    writeFileSync(conf, `aclfile ${aclfile}\n`);
    let srv = await spawnRespd([conf]);
    try {
      const c = await admin(srv);
      expect(text(await c.call('ACL', 'SETUSER', 'carol', 'on', '>c', '~c*', '+@read', '(~x* +get)'))).toBe('+OK\r\n');
      expect(text(await c.call('ACL', 'SAVE'))).toBe('+OK\r\n');
      const saved = readFileSync(aclfile, 'latin1');
      expect(saved).toBe([LIVE_USERS[0], LIVE_USERS[2], 'user default on nopass ~* &* +@all', ''].join('\n'));
      expect(readdirSync(dir).sort()).toEqual(['respd.conf', 'users.acl']); // no temporary file left

      writeFileSync(aclfile, `${ADMIN}\nuser z on +nosuchcmd ~x &&& badrule2\n`);
      expect(text(await c.call('ACL', 'LOAD'))).toBe(`-ERR ${aclfile}:2: Error in applying operation '+nosuchcmd': Unknown command or category name in ACL. ${aclfile}:2: Syntax error. WARNING: ACL errors detected, no change to the previously active ACL rules was performed\r\n`);
      expect(await authAs(srv, 'carol', 'c')).toBe('+OK\r\n');

      writeFileSync(aclfile, saved);
      expect(text(await c.call('CONFIG', 'REWRITE'))).toBe('+OK\r\n');
      expect(readFileSync(conf, 'latin1').split('\n').filter((l) => l.startsWith('user '))).toEqual([]);
      c.close();
      await srv.stop();

      srv = await spawnRespd([conf]);
      expect(await authAs(srv, 'carol', 'c')).toBe('+OK\r\n');
    } finally {
      await srv.stop();
    }
  }, 60000);

  it('user lines and an aclfile together refuse to start, with Redis\'s message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'respd-aclboth-'));
    const aclfile = join(dir, 'users.acl');
    writeFileSync(aclfile, ADMIN + '\n');
    const conf = join(dir, 'respd.conf');
    writeFileSync(conf, `user a on\naclfile ${aclfile}\n`);
    const srv = await spawnRespd([conf], { wait: false });
    const code = await exitOf(srv);
    expect(code).not.toBe(0);
    expect(srv.output()).toContain('Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.');
  }, 30000);
});
