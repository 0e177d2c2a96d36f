import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import type { ProgressEvent } from '../../src/jobs/events.js';
import { LabLock } from '../../src/runners/lock.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { connectRedis } from '../../src/shared/redis.js';
import { enqueue, freshTeam, testClient, testKeys, testRunner } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

let redis: EmbeddedRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe('the lab lock and dry runs', () => {
  it('runs one mutating job per team at a time and tells the second who holds the lab', async () => {
    const team = freshTeam();
    const keys = testKeys();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const recipe: Recipe = {
      job: 'scale',
      steps: [
        {
          name: 'hold',
          apply: async (_d, ctx) => {
            order.push(`start ${ctx.jobId}`);
            if (order.length === 1) await gate;
            order.push(`end ${ctx.jobId}`);
          },
          timeoutMs: 30_000,
        },
      ],
      result: () => ({ summary: 'scaled', fields: [] }),
    };
    const runner = await testRunner({ redisUrl: redis.url, team, keys, recipes: { scale: recipe } });
    const client = testClient(redis.url, keys);
    try {
      const first = await enqueue(client, team, 'scale', { deployment: 'hello-node', replicas: 5 });
      while (order.length === 0) await new Promise((r) => setTimeout(r, 20));
      const second = await enqueue(client, team, 'scale', { deployment: 'hello-node', replicas: 3 });
      const waits: ProgressEvent[] = [];
      const secondDone = client.follow(team, second, {
        onProgress: (e) => e.kind === 'waiting' && waits.push(e),
      });
      while (waits.length === 0) await new Promise((r) => setTimeout(r, 20));
      expect(waits[0]?.message).toMatch(
        new RegExp(
          `waiting for the lab: tester holds it with scale \\(job ${first}\\) since \\d\\d:\\d\\d:\\d\\d UTC`,
        ),
      );
      expect(order).toEqual([`start ${first}`]);
      release();
      expect(await secondDone).toMatchObject({ state: 'completed' });
      expect(order).toEqual([`start ${first}`, `end ${first}`, `start ${second}`, `end ${second}`]);
    } finally {
      await client.close();
      await runner.close();
    }
  });

  it('a lock whose holder died is released after its expiry', async () => {
    const conn = connectRedis(redis.url, 'blocking');
    try {
      const team = freshTeam();
      const dead = new LabLock(conn, team, 300);
      expect(await dead.tryAcquire({ jobId: 'a', job: 'scale', requester: 'x' })).toEqual({ ok: true });
      // Simulate the holder dying: no more renewals.
      (dead as unknown as { stopRenew(): void }).stopRenew();
      const other = new LabLock(conn, team, 300);
      expect(await other.tryAcquire({ jobId: 'b', job: 'expose', requester: 'y' })).toMatchObject({
        ok: false,
        holder: { jobId: 'a' },
      });
      await new Promise((r) => setTimeout(r, 400));
      expect(await other.tryAcquire({ jobId: 'b', job: 'expose', requester: 'y' })).toEqual({ ok: true });
      await other.release();
      expect(await other.holder()).toBeNull();
    } finally {
      conn.disconnect();
    }
  });

  it('dry run returns the exact argv of mutating commands and runs none of them', async () => {
    const team = freshTeam();
    const keys = testKeys();
    const ran: string[][] = [];
    const recipe: Recipe = {
      job: 'scale',
      steps: [
        {
          name: 'scale',
          check: async (_d, ctx) => {
            await ctx.exec({ argv: ['true'], timeoutMs: 5_000 });
            return false;
          },
          apply: async (d, ctx) => {
            const data = d as { deployment: string; replicas: number };
            await ctx.exec({
              argv: ['false', 'scale', `deployment/${data.deployment}`, `--replicas=${data.replicas}`],
              timeoutMs: 5_000,
              mutates: true,
            });
          },
          timeoutMs: 10_000,
        },
      ],
      result: () => ({ summary: 'would scale', fields: [] }),
    };
    const runner = await testRunner({
      redisUrl: redis.url,
      team,
      keys,
      recipes: { scale: recipe },
      onCommand: (_j, argv, dry) => !dry && ran.push(argv),
    });
    const client = testClient(redis.url, keys);
    try {
      const out = await client.follow(
        team,
        await enqueue(client, team, 'scale', { deployment: 'hello-node', replicas: 5, dryRun: true }),
      );
      expect(out.state).toBe('completed');
      if (out.state !== 'completed') return;
      // `false` would have failed the job had it run.
      expect(out.result.commands).toEqual([['false', 'scale', 'deployment/hello-node', '--replicas=5']]);
      expect(out.result.steps).toEqual([expect.objectContaining({ name: 'scale', outcome: 'dry-run' })]);
      expect(ran).toEqual([['true']]);
    } finally {
      await client.close();
      await runner.close();
    }
  });
});
