import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config } from '../../src/config/registry.js';
import { coreParams } from '../../src/config/params.js';
import { loadConfigText } from '../../src/config/file.js';
import { rewriteConfigText, rewriteConfigFile, REWRITE_SIGNATURE } from '../../src/config/rewrite.js';

function configFrom(text: string): Config {
  const c = new Config(coreParams());
  c.set('dir', ['/data']);
  loadConfigText(c, text);
  return c;
}

const ORIGINAL = [
  '# Redis configuration file example',
  '#',
  '   # indented comment',
  'port 6380',
  '',
  '',
  '',
  'include /etc/redis/extra.conf',
  'maxmemory 100mb',
  '# eviction',
  'maxmemory-policy allkeys-lru',
  'hz 20',
  'HZ 30',
  'slave-read-only no',
  'save 900 1',
  'save 300 10',
  'dir /data',
  '',
].join('\n');

describe('CONFIG REWRITE', () => {
  it('keeps comments, blank lines and order, rewriting directives in place', () => {
    const c = configFrom(ORIGINAL.replace('include /etc/redis/extra.conf\n', ''));
    c.set('maxmemory', ['2gb']);
    const out = rewriteConfigText(c, ORIGINAL);
    expect(out).toBe([
      '# Redis configuration file example',
      '#',
      '# indented comment',
      'port 6380',
      '',
      'include /etc/redis/extra.conf',
      'maxmemory 2gb',
      '# eviction',
      'maxmemory-policy allkeys-lru',
      'hz 30',
      '',
      'replica-read-only no',
      'save 900 1',
      'save 300 10',
      'dir "/data"',
      '',
      REWRITE_SIGNATURE,
      'latency-tracking-info-percentiles 50 99 99.9',
      '',
    ].join('\n'));
  });

  it('appends changed directives after the signature, once', () => {
    const c = configFrom('port 6380\n');
    c.set('notify-keyspace-events', ['KEA']);
    c.set('slowlog-max-len', ['5']);
    c.set('requirepass', ['a b\x01"']);
    const once = rewriteConfigText(c, 'port 6380\n');
    expect(once.split('\n')).toEqual(expect.arrayContaining([REWRITE_SIGNATURE, 'notify-keyspace-events "AKE"', 'slowlog-max-len 5', 'requirepass "a b\\x01\\""', 'save 3600 1', 'save 60 10000', 'dir "/data"']));
    expect(once.startsWith('port 6380\n')).toBe(true);
    // like Redis, the final newline becomes a blank line once, then the file is stable
    const twice = rewriteConfigText(c, once);
    expect(twice).toBe(once + '\n');
    expect(rewriteConfigText(c, twice)).toBe(twice);
    expect(once.split(REWRITE_SIGNATURE).length).toBe(2);
  });

  it('removes lines of directives back at their default and blanks duplicates', () => {
    const text = 'port 6380\ntimeout 100\ntimeout 200\nbind 127.0.0.1\n';
    const c = configFrom(text);
    c.set('timeout', ['0']);
    c.set('bind', ['* -::*']);
    const out = rewriteConfigText(c, text);
    // default-valued directives already in the file are kept in place; the duplicate line goes; a default bind is dropped
    expect(out.startsWith('port 6380\ntimeout 0\n\n')).toBe(true);
    expect(out).not.toContain('bind');
  });

  it('writes memory with units, percentages and special directives like Redis', () => {
    const c = configFrom('');
    c.set('maxmemory', ['3072']);
    c.set('proto-max-bulk-len', ['1gb']);
    c.set('maxmemory-clients', ['5%']);
    c.set('client-output-buffer-limit', ['pubsub 64mb 16mb 30']);
    c.set('oom-score-adj-values', ['0 100 900']);
    c.set('shutdown-on-sigterm', ['save now']);
    c.set('unixsocketperm', ['700']);
    const lines = rewriteConfigText(c, '').split('\n');
    expect(lines).toEqual(expect.arrayContaining([
      'maxmemory 3kb', 'proto-max-bulk-len 1gb', 'maxmemory-clients 5%', 'client-output-buffer-limit pubsub 64mb 16mb 30',
      'oom-score-adj-values 0 100 900', 'shutdown-on-sigterm save now', 'unixsocketperm 700',
    ]));
    // only the changed output-buffer class is forced out
    expect(lines.filter((l) => l.startsWith('client-output-buffer-limit'))).toHaveLength(1);
  });

  it('turns unparsable lines into comments and keeps unknown directives', () => {
    const text = 'port 6380\nfoo "unbalanced\nrename-command FLUSHALL ""\n';
    const out = rewriteConfigText(configFrom('port 6380\n'), text);
    expect(out).toContain('# ??? foo "unbalanced\n');
    expect(out).toContain('rename-command FLUSHALL ""\n');
  });

  it('replaces the file atomically and creates it if missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'respd-rw-'));
    const file = join(dir, 'r.conf');
    writeFileSync(file, '# mine\nhz 15\n');
    const c = configFrom('hz 15\n');
    c.set('hz', ['25']);
    rewriteConfigFile(c, file);
    expect(readFileSync(file, 'latin1').startsWith('# mine\nhz 25\n')).toBe(true);
    expect(statSync(file).mode & 0o777 & ~0o022).toBe(0o644 & ~0o022);
    const fresh = join(dir, 'new.conf');
    rewriteConfigFile(c, fresh);
    expect(readFileSync(fresh, 'latin1')).toContain('hz 25\n');
  });
});
