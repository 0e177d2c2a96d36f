import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labops, tempDir } from '../support/procs.js';
import { type SentinelSet, startSentinelSet } from '../support/sentinel.js';

/**
 * `labops start` finds Redis the way `labops runner` and `labops bot` do: with REDIS_SENTINELS
 * set it works through the sentinels' primary and starts no private Redis of its own.
 */
let set: SentinelSet;
beforeAll(async () => {
  set = await startSentinelSet();
}, 60_000);
afterAll(async () => {
  await set?.stop();
});

describe('labops start behind Sentinel', () => {
  it('runs its jobs on the primary the sentinels name, with no private Redis', async () => {
    const home = tempDir('labops-start-sentinel-');
    const r = await labops(
      ['start'],
      {
        PATH: process.env.PATH ?? '',
        HOME: home,
        LABOPS_KEYS_DIR: join(home, 'keys'),
        REDIS_SENTINELS: set.sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
        REDIS_SENTINEL_MASTER: set.name,
        REDIS_SENTINEL_PASSWORD: set.sentinelPassword,
        REDIS_URL: `redis://default:${encodeURIComponent(set.adminPassword)}@${set.name}`,
      },
      '/ping hello\nexit\n',
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/pong from .* \(team default\)/);
    expect(r.stderr).not.toMatch(/private Redis/);
    const primary = new Redis({
      port: await set.primaryPort(),
      host: '127.0.0.1',
      password: set.adminPassword,
    });
    try {
      const keys = await primary.keys('*default*');
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      primary.disconnect();
    }
  }, 90_000);
});
