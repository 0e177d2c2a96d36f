import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import type { ProgressEvent } from '../../src/jobs/events.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { ping } from '../../src/runners/recipes/ping.js';
import { UserError } from '../../src/shared/errors.js';
import { enqueue, freshTeam, testClient, testKeys, testRunner } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

let redis: EmbeddedRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe('job pipeline round trip (real Redis, real BullMQ)', () => {
  it('enqueues a signed ping, the runner runs it, the result and progress come back', async () => {
    const team = freshTeam();
    const keys = testKeys();
    const runner = await testRunner({ redisUrl: redis.url, team, keys, recipes: { ping } });
    const client = testClient(redis.url, keys);
    try {
      const jobId = await enqueue(client, team, 'ping', { message: 'hello' });
      const progress: ProgressEvent[] = [];
      const out = await client.follow(team, jobId, { onProgress: (e) => progress.push(e) });
      expect(out.state).toBe('completed');
      if (out.state !== 'completed') return;
      expect(out.result.summary).toMatch(/^pong from /);
      expect(out.result.fields).toContainEqual({ name: 'message', value: 'hello' });
      expect(out.result.steps).toEqual([
        expect.objectContaining({ name: 'answer', outcome: 'done', message: 'pong: hello' }),
      ]);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toMatchObject({ kind: 'step', step: 'answer', index: 1, count: 1 });
    } finally {
      await client.close();
      await runner.close();
    }
  });

  it('a UserError fails at once with its code, without a retry', async () => {
    const team = freshTeam();
    const keys = testKeys();
    let runs = 0;
    const refusing: Recipe = {
      job: 'ping',
      steps: [
        {
          name: 'refuse',
          apply: async () => {
            runs++;
            throw new UserError('OPENSTACK_QUOTA_EXCEEDED', 'raise the quota first');
          },
          timeoutMs: 5_000,
        },
      ],
      result: () => ({ summary: 'never', fields: [] }),
    };
    const runner = await testRunner({ redisUrl: redis.url, team, keys, recipes: { ping: refusing } });
    const client = testClient(redis.url, keys);
    try {
      const out = await client.follow(team, await enqueue(client, team, 'ping'));
      expect(out).toMatchObject({
        state: 'failed',
        code: 'OPENSTACK_QUOTA_EXCEEDED',
        message: 'raise the quota first',
      });
      expect(runs).toBe(1);
    } finally {
      await client.close();
      await runner.close();
    }
  });

  it('a transient error is retried with backoff and then succeeds', async () => {
    const team = freshTeam();
    const keys = testKeys();
    const attempts: number[] = [];
    const flaky: Recipe = {
      job: 'ping',
      steps: [
        {
          name: 'flaky',
          apply: async () => {
            attempts.push(Date.now());
            if (attempts.length < 3) throw new Error('connection reset by the controller');
            return 'third time lucky';
          },
          timeoutMs: 5_000,
        },
      ],
      result: () => ({ summary: 'ok', fields: [] }),
    };
    const runner = await testRunner({ redisUrl: redis.url, team, keys, recipes: { ping: flaky } });
    const client = testClient(redis.url, keys);
    try {
      const out = await client.follow(team, await enqueue(client, team, 'ping'));
      expect(out.state).toBe('completed');
      expect(attempts).toHaveLength(3);
      // Exponential backoff from 2 s: the second wait is longer than the first.
      const gaps = [attempts[1]! - attempts[0]!, attempts[2]! - attempts[1]!];
      expect(gaps[0]).toBeGreaterThanOrEqual(1_900);
      expect(gaps[1]).toBeGreaterThan(gaps[0]!);
    } finally {
      await client.close();
      await runner.close();
    }
  });

  it('an internal error is shown as "failed (ref: …)" without its details', async () => {
    const team = freshTeam();
    const keys = testKeys();
    const broken: Recipe = {
      job: 'status',
      steps: [
        {
          name: 'boom',
          apply: async () => {
            throw new TypeError('cannot read properties of undefined (secret detail)');
          },
          timeoutMs: 5_000,
        },
      ],
      result: () => ({ summary: 'never', fields: [] }),
    };
    const runner = await testRunner({ redisUrl: redis.url, team, keys, recipes: { status: broken } });
    const client = testClient(redis.url, keys);
    try {
      const out = await client.follow(team, await enqueue(client, team, 'status'));
      expect(out.state).toBe('failed');
      if (out.state !== 'failed') return;
      expect(out.code).toBe('INTERNAL');
      expect(out.message).toMatch(/^failed \(ref: [0-9a-f]{8}\)$/);
    } finally {
      await client.close();
      await runner.close();
    }
  });

  it('the same job id enqueued twice makes one job', async () => {
    const team = freshTeam();
    const keys = testKeys();
    const client = testClient(redis.url, keys);
    try {
      const { jobs } = await import('../../src/jobs/definitions.js');
      const req = {
        team,
        jobId: 'ping-double-click',
        def: jobs.ping,
        data: { message: 'x', dryRun: false },
        requestedBy: { id: 'u', name: 'u', via: 'discord' as const },
      };
      expect(await client.enqueue(req)).toEqual({ jobId: 'ping-double-click', created: true });
      expect(await client.enqueue(req)).toEqual({ jobId: 'ping-double-click', created: false });
      expect(await client.queue(team).getJobCounts('waiting')).toEqual({ waiting: 1 });
    } finally {
      await client.close();
    }
  });

  it('a job for a recipe this runner lacks is refused with a clear message', async () => {
    const team = freshTeam();
    const keys = testKeys();
    const runner = await testRunner({ redisUrl: redis.url, team, keys, recipes: { ping } });
    const client = testClient(redis.url, keys);
    try {
      const out = await client.follow(team, await enqueue(client, team, 'status'));
      expect(out).toMatchObject({ state: 'failed', code: 'UNKNOWN_JOB' });
    } finally {
      await client.close();
      await runner.close();
    }
  });
});
