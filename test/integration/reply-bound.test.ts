/**
 * respd's bound on replies sized by an argument rather than by the data
 * (commands/reply-budget.ts). Real Redis 7.0.15 dies on these: it builds
 * the whole 2^63-item reply. respd refuses with its own error, stays up and
 * keeps answering other clients.
 */
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { startRespd } from '../helpers/servers.js';
import { RawClient } from '../helpers/raw-client.js';
import type { RunningServer } from '../../src/index.js';
import { MAX_REPLY_BYTES } from '../../src/commands/reply-budget.js';
import { replyTooLarge } from '../../src/errors.js';

let srv: RunningServer;
beforeAll(async () => {
  srv = await startRespd();
});
afterAll(async () => {
  await srv.close();
});

const TOO_LARGE = `-${replyTooLarge(MAX_REPLY_BYTES)}\r\n`;

describe('argument-sized replies', () => {
  it('huge negative random counts are refused, and another client is still answered', async () => {
    const a = await RawClient.connect(srv.port);
    const b = await RawClient.connect(srv.port);
    try {
      expect(String(await a.call('SADD', 's', 'a', 'b', 'c'))).toBe(':3\r\n');
      expect(String(await a.call('HSET', 'h', 'f', 'v'))).toBe(':1\r\n');
      expect(String(await a.call('ZADD', 'z', '1', 'm'))).toBe(':1\r\n');
      for (const argv of [
        ['SRANDMEMBER', 's', '-9223372036854775807'],
        ['HRANDFIELD', 'h', '-9223372036854775807'],
        ['HRANDFIELD', 'h', '-4611686018427387903', 'WITHVALUES'],
        ['ZRANDMEMBER', 'z', '-9223372036854775807'],
        ['ZRANDMEMBER', 'z', '-4611686018427387903', 'WITHSCORES'],
        ['SRANDMEMBER', 's', String(-Math.ceil(MAX_REPLY_BYTES / 6) - 1)],
      ]) {
        expect(String(await a.call(...argv)), argv.join(' ')).toBe(TOO_LARGE);
        expect(String(await b.call('PING'))).toBe('+PONG\r\n');
      }
      // the refusal is not Redis's -2^63 range check, and small counts still work
      expect(String(await a.call('SRANDMEMBER', 's', '-9223372036854775808'))).toBe(
        '-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n',
      );
      expect(String(await a.call('SRANDMEMBER', 's', '-5'))).toMatch(/^\*5\r\n(\$1\r\n[abc]\r\n){5}$/);
    } finally {
      a.close();
      b.close();
    }
  });

  it('the bound counts bytes: big members lower the count allowed', async () => {
    const a = await RawClient.connect(srv.port);
    try {
      const big = 'x'.repeat(1 << 20);
      await a.call('SADD', 'big', big);
      // 3 picks of 1 MiB are served; 2^20 picks of 1 MiB (1 TiB) are refused, though 2^20 empty picks would fit
      expect((await a.call('SRANDMEMBER', 'big', '-3'))?.length).toBe(3 * (big.length + 12) + 4);
      expect(String(await a.call('SRANDMEMBER', 'big', String(-1024 * 1024)))).toBe(TOO_LARGE);
    } finally {
      a.close();
    }
  });
});
