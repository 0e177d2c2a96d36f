import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAclUsers } from '../../src/cli/cmd-acl.js';
import { aclUsers } from '../../src/services/acl.js';
import { connectRedis, safeUrl, waitForRedis } from '../../src/shared/redis.js';
import { until } from '../support/faults.js';
import { type SentinelSet, startSentinelSet } from '../support/sentinel.js';

let set: SentinelSet;
beforeAll(async () => {
  set = await startSentinelSet({ teams: ['a'] });
});
afterAll(async () => {
  await set?.stop();
});

describe('labops acl --apply behind Sentinel', () => {
  it('installs the users on the primary and on the replica (ACL users are not replicated)', async () => {
    const users = aclUsers(['b'], { 'runner-b': 'pw-b' }).filter((u) => u.user === 'runner-b');
    const where = await applyAclUsers(set.url('default'), users);
    expect(where).toEqual([
      expect.stringContaining('redis-sentinel://default:***@'),
      `replica 127.0.0.1:${set.replica.port}`,
    ]);
    for (const port of [set.primary.port, set.replica.port]) {
      const admin = new Redis({ port, password: set.adminPassword });
      expect(await admin.call('ACL', 'GETUSER', 'runner-b')).not.toBeNull();
      admin.disconnect();
    }
  });
});

describe('connectRedis on a redis-sentinel:// target', () => {
  it('reaches the primary the sentinels name, as the ACL user of the URL, and follows a failover', async () => {
    const url = set.url('labops-bot');
    expect(safeUrl(url)).not.toContain(set.sentinelPassword);
    const redis = connectRedis(url, 'blocking');
    try {
      await waitForRedis(redis, url);
      expect(await redis.call('ACL', 'WHOAMI').catch((e: Error) => e.message)).toMatch(/NOPERM|labops-bot/);
      await redis.set('labops:x', '1');
      const port = async () => Number(/tcp_port:(\d+)/.exec(await redis.info('server'))?.[1]);
      expect(await port()).toBe(set.primary.port);
      const replica = new Redis({ port: set.replica.port, password: set.adminPassword });
      replica.on('error', () => undefined);
      await until(async () => (await replica.get('labops:x')) === '1', 5_000, 'replication');
      replica.disconnect();
      set.primary.proc.kill('SIGKILL');
      await redis.set('labops:y', '2');
      expect(await set.primaryPort()).toBe(set.replica.port);
      expect(await redis.get('labops:x')).toBe('1');
      expect(await port()).toBe(set.replica.port);
    } finally {
      redis.disconnect();
    }
  });
});
