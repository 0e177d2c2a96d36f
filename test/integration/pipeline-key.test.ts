import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { signEnvelope } from '../../src/jobs/envelope.js';
import { QUEUE_PREFIX } from '../../src/jobs/queue.js';
import { initPipeline } from '../../src/runners/pipeline/init.js';
import { readPipelineKeys } from '../../src/runners/pipeline/trigger.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { connectRedis } from '../../src/shared/redis.js';
import { freshTeam, testClient, testKeys, testRunner } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';
import { COMMIT } from '../support/webhook-deliveries.js';

// The team's pipeline key (what the git hook and the webhook sign with), against real runners.

let redis: EmbeddedRedis;
let conn: ReturnType<typeof connectRedis>;
beforeAll(async () => {
  redis = await startTestRedis();
  conn = connectRedis(redis.url, 'producer');
});
afterAll(async () => {
  conn?.disconnect();
  await redis?.stop();
});

describe("the team's pipeline key", () => {
  /** A recipe that counts its runs: a refused job must leave it at zero. */
  const counting = (job: 'ping' | 'pipeline', runs: string[]): Recipe => ({
    job,
    steps: [{ name: 'count', apply: async (_d, ctx) => void runs.push(ctx.jobId), timeoutMs: 5_000 }],
    result: () => ({ summary: 'ran', fields: [] }),
  });

  it("starts this team's pipeline, and no other job nor another team's pipeline", async () => {
    const bot = testKeys();
    // Two teams of their own, so the webhook's queued jobs above are not taken here.
    const team = freshTeam();
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-webhook-mine-'));
    await initPipeline({ dir, team, redisUrl: redis.url, bin: '/nonexistent/labops.js' });
    const other = freshTeam();
    const otherDir = mkdtempSync(join(tmpdir(), 'pipeline-webhook-other-'));
    await initPipeline({ dir: otherDir, team: other, redisUrl: redis.url, bin: '/nonexistent/labops.js' });
    const runs: string[] = [];
    const recipes = { ping: counting('ping', runs), pipeline: counting('pipeline', runs) };
    const mine = await testRunner({
      redisUrl: redis.url,
      team,
      keys: bot,
      recipes,
      pipelineKey: readPipelineKeys(dir).verify,
    });
    const theirs = await testRunner({
      redisUrl: redis.url,
      team: other,
      keys: bot,
      recipes,
      pipelineKey: readPipelineKeys(otherDir).verify,
    });
    const client = testClient(redis.url, bot);
    const key = readPipelineKeys(dir).signing;
    const add = async (t: string, name: 'ping' | 'pipeline', data: Record<string, unknown>) => {
      const jobId = `${name}-${randomUUID().slice(0, 8)}`;
      const env = signEnvelope(
        {
          v: 1,
          jobId,
          team: t,
          name,
          data,
          requestedBy: { id: 'git:ana', name: 'ana', via: 'cli' },
          issuedAt: Date.now(),
        },
        key,
      );
      const q = new Queue(t, { connection: conn, prefix: QUEUE_PREFIX });
      await q.add(name, env, { jobId });
      await q.close();
      return client.follow(t, jobId);
    };
    const pipelineData = { ref: 'main', commit: COMMIT, source: 'git-push', dryRun: false };
    try {
      expect(await add(team, 'ping', { message: 'hi', dryRun: false })).toMatchObject({
        state: 'failed',
        code: 'SIGNATURE_INVALID',
        message:
          "job refused: it is signed with the team's pipeline key, which starts only pipeline jobs, not ping",
      });
      expect(await add(other, 'pipeline', pipelineData)).toMatchObject({
        state: 'failed',
        code: 'SIGNATURE_INVALID',
        message: 'job refused: its signature does not match its content',
      });
      // A runner started without a pipeline says what it lacks.
      const third = freshTeam();
      const bare = await testRunner({ redisUrl: redis.url, team: third, keys: bot, recipes });
      try {
        expect(await add(third, 'pipeline', pipelineData)).toMatchObject({
          state: 'failed',
          code: 'SIGNATURE_INVALID',
          message:
            "job refused: its signature does not match its content (a push's pipeline job is signed with the team's pipeline key: start the runner with LABOPS_PIPELINE_DIR)",
        });
      } finally {
        await bare.close();
      }
      expect(runs).toEqual([]);
      // The same key does start this team's pipeline.
      expect(await add(team, 'pipeline', pipelineData)).toMatchObject({ state: 'completed' });
      expect(runs).toHaveLength(1);
    } finally {
      await client.close();
      await mine.close();
      await theirs.close();
      for (const d of [dir, otherDir]) rmSync(d, { recursive: true, force: true });
    }
  }, 60_000);
});
