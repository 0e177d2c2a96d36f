import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { QUEUE_PREFIX } from '../../src/jobs/queue.js';
import { checkRateLimits } from '../../src/services/rate-limit.js';
import { connectRedis } from '../../src/shared/redis.js';
import { fixturePath } from '../support/fixtures.js';
import { labops, labopsDaemon, tempDir, testBin } from '../support/procs.js';
import { startTestRedis } from '../support/redis.js';

let redis: EmbeddedRedis;
let env: Record<string, string>;

beforeAll(async () => {
  redis = await startTestRedis();
  const jujuData = tempDir('labops-juju-');
  copyFileSync(fixturePath('juju-status-openstack-ussuri-juju3.4.json'), join(jujuData, 'status.json'));
  env = {
    PATH: `${testBin}:${process.env.PATH}`,
    HOME: tempDir('labops-home-'),
    REDIS_URL: redis.url,
    LABOPS_KEYS_DIR: tempDir('labops-keys-'),
    LABOPS_TEAM: 'audit-e2e',
    JUJU_DATA: jujuData,
  };
  expect((await labops(['keys', 'generate'], env)).exitCode).toBe(0);
});
afterAll(async () => {
  await redis.stop();
});

interface Entry {
  by: string;
  decision: string;
  command: string;
  outcome?: string;
  jobId?: string;
  who: string;
}

describe('audit trail and rate limits', () => {
  it('every command the CLI decides and every job the runner ends is in `labops audit`', async () => {
    const runner = await labopsDaemon(['runner'], env, /runner ready/);
    try {
      const ok = await labops(['run', '/status', '--json'], env);
      expect(ok.exitCode, ok.stderr).toBe(0);
      const jobId = (JSON.parse(ok.stdout) as { jobId: string }).jobId;
      expect((await labops(['run', '/status verbose:yes'], env)).exitCode).toBe(2);
      const audit = await labops(['audit', '--team', 'audit-e2e', '--since', '10m', '--json'], env);
      expect(audit.exitCode, audit.stderr).toBe(0);
      const rows = audit.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Entry);
      expect(rows).toContainEqual(
        expect.objectContaining({ by: 'cli', decision: 'enqueued', command: 'status', jobId }),
      );
      expect(rows).toContainEqual(expect.objectContaining({ by: 'runner', jobId, outcome: 'completed' }));
      expect(rows).toContainEqual(
        expect.objectContaining({ by: 'cli', decision: 'invalid', command: 'status' }),
      );
      expect(rows.every((r) => r.who.startsWith('cli:'))).toBe(true);
      const bad = await labops(['audit', '--since', 'yesterday-ish'], env);
      expect(bad.exitCode).toBe(2);
      expect(bad.stderr).toMatch(/--since/);
    } finally {
      runner.proc.kill('SIGTERM');
      await runner.proc;
    }
  });

  it('a user is held to N mutating commands a minute, a team to M waiting jobs, with a clear message', async () => {
    const conn = connectRedis(redis.url, 'blocking');
    const queue = new Queue('rl-team', { connection: conn, prefix: QUEUE_PREFIX });
    try {
      const limits = { userPerMinute: 2, teamWaiting: 3 };
      const ask = { team: 'rl-team', user: 'cli:alice', mutating: true };
      const now = 120_000 * 1000 + 5_000;
      await checkRateLimits(conn, queue, ask, limits, now);
      await checkRateLimits(conn, queue, ask, limits, now);
      await expect(checkRateLimits(conn, queue, ask, limits, now)).rejects.toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/try again in 55 s/),
      });
      // Read-only commands and other users are not counted against alice.
      await checkRateLimits(conn, queue, { ...ask, mutating: false }, limits, now);
      await checkRateLimits(conn, queue, { ...ask, user: 'cli:bob' }, limits, now);
      // The next minute starts afresh.
      await checkRateLimits(conn, queue, ask, limits, now + 60_000);
      for (let i = 0; i < 3; i++) await queue.add('ping', {}, { jobId: `ping-w${i}` });
      await expect(
        checkRateLimits(conn, queue, { ...ask, user: 'cli:carol' }, limits, now),
      ).rejects.toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/team rl-team already has 3 jobs waiting \(at most 3\)/),
      });
    } finally {
      await queue.close();
      conn.disconnect();
    }
  });
});
