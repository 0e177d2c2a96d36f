import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { startRunnerOps } from '../../src/cli/runner-ops.js';
import { type Envelope, verifyEnvelope } from '../../src/jobs/envelope.js';
import { QUEUE_PREFIX } from '../../src/jobs/queue.js';
import { createRunnerMetrics } from '../../src/runners/metrics.js';
import { initPipeline } from '../../src/runners/pipeline/init.js';
import { pipelineLayout } from '../../src/runners/pipeline/layout.js';
import { runnerPipeline } from '../../src/runners/pipeline/runner-pipeline.js';
import { readPipelineKeys } from '../../src/runners/pipeline/trigger.js';
import { type Provider, signWebhook } from '../../src/runners/pipeline/webhook.js';
import { WEBHOOK_MAX_BYTES } from '../../src/runners/pipeline/webhook-server.js';
import type { RunnerHandle } from '../../src/runners/worker.js';
import { readConfig } from '../../src/shared/config.js';
import type { OpsServer } from '../../src/shared/http-server.js';
import { silentLogger } from '../../src/shared/logger.js';
import { connectRedis } from '../../src/shared/redis.js';
import { freshTeam } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';
import {
  COMMIT,
  giteaDelivery,
  githubHeaders,
  githubPush,
  gitlabDelivery,
  postWebhook,
} from '../support/webhook-deliveries.js';

// The push webhook on the runner's HTTP server (`LABOPS_RUNNER_HTTP_PORT`, `/hooks/git`), with
// real HMAC-SHA256 and each provider's documented headers and payloads (test/support/webhook-deliveries.ts
// names the sources).

let redis: EmbeddedRedis;
let dir: string;
let team: string;
let secret: string;
let ops: OpsServer;
let closePipeline: () => Promise<void>;
let queue: Queue;
let conn: ReturnType<typeof connectRedis>;

beforeAll(async () => {
  redis = await startTestRedis();
  team = freshTeam();
  dir = mkdtempSync(join(tmpdir(), 'pipeline-webhook-'));
  await initPipeline({ dir, team, redisUrl: redis.url, bin: '/nonexistent/labops.js' });
  secret = readFileSync(pipelineLayout(dir).webhookSecret, 'utf8').trim();
  const pipeline = runnerPipeline({ dir, team, redisUrl: redis.url, log: silentLogger });
  closePipeline = pipeline.close;
  // The runner's own HTTP server code, with only the pipeline behind it (no worker takes the jobs).
  const runner = { lastBeatAt: () => Date.now() } as unknown as RunnerHandle;
  const started = await startRunnerOps({
    config: readConfig({ LABOPS_RUNNER_HTTP_PORT: '0', LABOPS_HTTP_HOST: '127.0.0.1' }),
    redisUrl: redis.url,
    runner,
    metrics: createRunnerMetrics(),
    log: silentLogger,
    app: pipeline.app,
  });
  ops = started!;
  conn = connectRedis(redis.url, 'producer');
  queue = new Queue(team, { connection: conn, prefix: QUEUE_PREFIX });
}, 60_000);

afterAll(async () => {
  await ops?.close();
  await closePipeline?.();
  await queue?.close();
  conn?.disconnect();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: Buffer, headers: Record<string, string>, o: { chunked?: boolean } = {}) =>
  postWebhook(ops.port, body, headers, o);
const jobsInQueue = async () => Object.values(await queue.getJobCounts()).reduce((a, b) => a + b, 0);

async function queued(jobId: string): Promise<Envelope> {
  const job = await queue.getJob(jobId);
  expect(job?.name).toBe('pipeline');
  return job!.data as Envelope;
}

describe('POST /hooks/git on the runner', () => {
  it.each<[Provider, () => { body: Buffer; headers: Record<string, string> }, string]>([
    [
      'github',
      () => {
        const body = Buffer.from(JSON.stringify(githubPush()));
        return { body, headers: githubHeaders(secret, body) };
      },
      'ana-gh',
    ],
    ['gitea', () => giteaDelivery(secret), 'bruno-gt'],
    ['gitlab', () => gitlabDelivery(secret), 'carla-gl'],
  ])(
    "a %s push to main queues this team's pipeline, signed with its pipeline key",
    async (provider, make, pusher) => {
      const before = await jobsInQueue();
      const d = make();
      const r = await post(d.body, d.headers);
      expect(r.status).toBe(202);
      expect(r.body.commit).toBe(COMMIT);
      const env = await queued(r.body.queued);
      expect(env.team).toBe(team);
      expect(env.data).toMatchObject({
        ref: 'refs/heads/main',
        commit: COMMIT,
        pushedBy: pusher,
        source: 'webhook',
      });
      expect(String(env.data.delivery)).toMatch(new RegExp(`^${provider}:`));
      expect(verifyEnvelope(env, readPipelineKeys(dir).verify)).toBe(true);
      expect(await jobsInQueue()).toBe(before + 1);
    },
  );

  it('a wrong signature, a replayed delivery and an oversized body are refused, and nothing is queued', async () => {
    const body = Buffer.from(JSON.stringify(githubPush()));
    const before = await jobsInQueue();
    const forged = {
      ...githubHeaders(secret, body),
      'x-hub-signature-256': signWebhook('github', `${secret}x`, body),
    };
    expect(await post(body, forged)).toMatchObject({
      status: 401,
      body: { error: 'x-hub-signature-256 does not match' },
    });
    const tampered = Buffer.from(JSON.stringify(githubPush({ after: 'a'.repeat(40) })));
    expect((await post(tampered, githubHeaders(secret, body))).status).toBe(401);
    const gitea = giteaDelivery(secret);
    expect((await post(gitea.body, { ...gitea.headers, 'x-gitea-signature': '0'.repeat(64) })).status).toBe(
      401,
    );
    expect(
      (
        await post(
          gitlabDelivery(secret, { signed: false }).body,
          gitlabDelivery(secret, { signed: false }).headers,
        )
      ).status,
    ).toBe(401);
    const stale = gitlabDelivery(secret, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await post(stale.body, stale.headers)).status).toBe(401);
    expect((await post(body, {})).status).toBe(400);
    const big = Buffer.from(JSON.stringify(githubPush({ padding: 'x'.repeat(WEBHOOK_MAX_BYTES) })));
    expect((await post(big, githubHeaders(secret, big))).status).toBe(413);
    expect((await post(big, githubHeaders(secret, big), { chunked: true })).status).toBe(413);
    expect(await jobsInQueue()).toBe(before);

    // Replays: the same delivery twice queues one job (GitHub's delivery id, GitLab's webhook-id).
    const first = githubHeaders(secret, body);
    expect((await post(body, first)).status).toBe(202);
    expect(await post(body, first)).toMatchObject({ status: 409 });
    const gl = gitlabDelivery(secret);
    expect((await post(gl.body, gl.headers)).status).toBe(202);
    expect((await post(gl.body, gl.headers)).status).toBe(409);
    expect(await jobsInQueue()).toBe(before + 2);
  });

  it('other events and other branches are answered 202 and start nothing', async () => {
    const before = await jobsInQueue();
    const ping = Buffer.from(JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 }));
    expect(await post(ping, githubHeaders(secret, ping, 'ping'))).toMatchObject({
      status: 202,
      body: { ignored: 'event "ping" does not start the pipeline' },
    });
    const branch = Buffer.from(JSON.stringify(githubPush({ ref: 'refs/heads/feature' })));
    expect(await post(branch, githubHeaders(secret, branch))).toMatchObject({
      status: 202,
      body: { ignored: 'a push to refs/heads/feature, not main' },
    });
    const deleted = Buffer.from(JSON.stringify(githubPush({ after: '0'.repeat(40), deleted: true })));
    expect((await post(deleted, githubHeaders(secret, deleted))).status).toBe(202);
    expect(await jobsInQueue()).toBe(before);
  });
});
