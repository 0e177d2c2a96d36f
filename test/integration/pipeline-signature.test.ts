import { generateKeyPairSync } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { signEnvelope, type UnsignedEnvelope } from '../../src/jobs/envelope.js';
import { QUEUE_PREFIX } from '../../src/jobs/queue.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { connectRedis } from '../../src/shared/redis.js';
import { freshTeam, testClient, testKeys, testRunner } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

let redis: EmbeddedRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
});

/** A recipe that counts its runs: a refused job must leave it at zero. */
function counting() {
  const runs: string[] = [];
  const recipe: Recipe = {
    job: 'ping',
    steps: [
      {
        name: 'count',
        apply: async (_d, ctx) => {
          runs.push(ctx.jobId);
        },
        timeoutMs: 5_000,
      },
    ],
    result: () => ({ summary: 'ran', fields: [] }),
  };
  return { runs, recipe };
}

function unsigned(team: string, jobId: string, over: Partial<UnsignedEnvelope> = {}): UnsignedEnvelope {
  return {
    v: 1,
    jobId,
    team,
    name: 'ping',
    data: { message: 'hi', dryRun: false },
    requestedBy: { id: 'u1', name: 'alice', via: 'cli' },
    issuedAt: Date.now(),
    ...over,
  };
}

describe('the runner runs only what the bot signed', () => {
  async function setup() {
    const team = freshTeam();
    const keys = testKeys();
    const { runs, recipe } = counting();
    const runner = await testRunner({ redisUrl: redis.url, team, keys, recipes: { ping: recipe } });
    const client = testClient(redis.url, keys);
    const conn = connectRedis(redis.url, 'producer');
    const queue = new Queue(team, { connection: conn, prefix: QUEUE_PREFIX });
    const close = async () => {
      await queue.close();
      conn.disconnect();
      await client.close();
      await runner.close();
    };
    return { team, keys, runs, client, queue, close };
  }

  it.each([
    ['no signature', (team: string, id: string) => ({ ...unsigned(team, id) })],
    [
      'a signature by another key',
      (team: string, id: string) =>
        signEnvelope(unsigned(team, id), generateKeyPairSync('ed25519').privateKey),
    ],
    [
      'garbage for a signature',
      (team: string, id: string) => ({ ...unsigned(team, id), sig: 'bm90IGEgc2lnbmF0dXJl' }),
    ],
  ])('refuses a job with %s (SIGNATURE_INVALID) and runs nothing', async (_label, make) => {
    const s = await setup();
    try {
      await s.queue.add('ping', make(s.team, 'ping-forged'), { jobId: 'ping-forged' });
      expect(await s.client.follow(s.team, 'ping-forged')).toMatchObject({
        state: 'failed',
        code: 'SIGNATURE_INVALID',
      });
      expect(s.runs).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('refuses a signed job whose data was altered afterwards', async () => {
    const s = await setup();
    try {
      const env = signEnvelope(unsigned(s.team, 'ping-altered'), s.keys.signing);
      await s.queue.add(
        'ping',
        { ...env, data: { message: 'rm -rf /', dryRun: false } },
        { jobId: 'ping-altered' },
      );
      expect(await s.client.follow(s.team, 'ping-altered')).toMatchObject({
        state: 'failed',
        code: 'SIGNATURE_INVALID',
      });
      expect(s.runs).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('refuses a signed job moved to another job id', async () => {
    const s = await setup();
    try {
      const env = signEnvelope(unsigned(s.team, 'ping-original'), s.keys.signing);
      await s.queue.add('ping', env, { jobId: 'ping-copy' });
      expect(await s.client.follow(s.team, 'ping-copy')).toMatchObject({
        state: 'failed',
        code: 'SIGNATURE_INVALID',
      });
      expect(s.runs).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('refuses a job signed for another team (TEAM_MISMATCH)', async () => {
    const s = await setup();
    try {
      const env = signEnvelope(unsigned('other-team', 'ping-elsewhere'), s.keys.signing);
      await s.queue.add('ping', env, { jobId: 'ping-elsewhere' });
      expect(await s.client.follow(s.team, 'ping-elsewhere')).toMatchObject({
        state: 'failed',
        code: 'TEAM_MISMATCH',
      });
      expect(s.runs).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('refuses a job replayed after it ran (JOB_REPLAYED)', async () => {
    const s = await setup();
    try {
      const env = signEnvelope(unsigned(s.team, 'ping-once'), s.keys.signing);
      await s.queue.add('ping', env, { jobId: 'ping-once' });
      expect(await s.client.follow(s.team, 'ping-once')).toMatchObject({ state: 'completed' });
      await s.queue.remove('ping-once');
      await s.queue.add('ping', env, { jobId: 'ping-once' });
      expect(await s.client.follow(s.team, 'ping-once')).toMatchObject({
        state: 'failed',
        code: 'JOB_REPLAYED',
      });
      expect(s.runs).toEqual(['ping-once']);
    } finally {
      await s.close();
    }
  });

  it('refuses a stale job (JOB_EXPIRED) and bad data inside a valid signature (BAD_INPUT)', async () => {
    const s = await setup();
    try {
      const old = signEnvelope(
        unsigned(s.team, 'ping-old', { issuedAt: Date.now() - 2 * 24 * 3600_000 }),
        s.keys.signing,
      );
      await s.queue.add('ping', old, { jobId: 'ping-old' });
      expect(await s.client.follow(s.team, 'ping-old')).toMatchObject({
        state: 'failed',
        code: 'JOB_EXPIRED',
      });
      const bad = signEnvelope(
        unsigned(s.team, 'ping-bad', { data: { message: 'x'.repeat(500) } }),
        s.keys.signing,
      );
      await s.queue.add('ping', bad, { jobId: 'ping-bad' });
      const out = await s.client.follow(s.team, 'ping-bad');
      expect(out).toMatchObject({ state: 'failed', code: 'BAD_INPUT' });
      expect(out.state === 'failed' && out.message).toMatch(/message/);
      expect(s.runs).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
