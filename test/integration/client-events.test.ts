import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { ping } from '../../src/runners/recipes/ping.js';
import { enqueue, freshTeam, testClient, testKeys, testRunner } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

let redis: EmbeddedRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe('the client hears every outcome from the events, without waiting for a poll', () => {
  it('an event written after queueEvents() is called, before its reader connects, is delivered', async () => {
    const team = freshTeam();
    const client = testClient(redis.url, null);
    try {
      const key = client.queue(team).toKey('events');
      const starting = client.queueEvents(team);
      // On the client's own connection, so Redis runs it right after the reader's start point
      // is read and before the reader's connection exists: a reader from '$' never sees it.
      await client.redis.xadd(key, '*', 'event', 'completed', 'jobId', 'early', 'returnvalue', '"x"');
      const events = await starting;
      const heard = await new Promise<string>((resolve) =>
        events.on('completed', ({ jobId }: { jobId: string }) => resolve(jobId)),
      );
      expect(heard).toBe('early');
    } finally {
      await client.close();
    }
  });

  it('follow() of a short job ends from its completed event even when the state poll never runs', async () => {
    const team = freshTeam();
    const keys = testKeys();
    const runner = await testRunner({ redisUrl: redis.url, team, keys, recipes: { ping } });
    const client = testClient(redis.url, keys);
    try {
      for (let i = 0; i < 5; i++) {
        // Started before the job exists, as `labops run` does, so its set-up overlaps the enqueue.
        void client.queueEvents(team);
        const jobId = await enqueue(client, team, 'ping', { message: `m${i}` });
        const out = await client.follow(team, jobId, { pollMs: 3_600_000 });
        expect(out.state).toBe('completed');
      }
    } finally {
      await client.close();
      await runner.close();
    }
  });
});
