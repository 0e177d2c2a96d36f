import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { startRunnerOps } from '../../src/cli/runner-ops.js';
import { type Envelope, signEnvelope, verifyEnvelope } from '../../src/jobs/envelope.js';
import { QUEUE_PREFIX } from '../../src/jobs/queue.js';
import { createRunnerMetrics } from '../../src/runners/metrics.js';
import { initPipeline } from '../../src/runners/pipeline/init.js';
import { pipelineLayout } from '../../src/runners/pipeline/layout.js';
import { runnerPipeline } from '../../src/runners/pipeline/runner-pipeline.js';
import { readPipelineKeys } from '../../src/runners/pipeline/trigger.js';
import { type Provider, signWebhook } from '../../src/runners/pipeline/webhook.js';
import { WEBHOOK_MAX_BYTES } from '../../src/runners/pipeline/webhook-server.js';
import type { Recipe } from '../../src/runners/recipe.js';
import type { RunnerHandle } from '../../src/runners/worker.js';
import { readConfig } from '../../src/shared/config.js';
import type { OpsServer } from '../../src/shared/http-server.js';
import { silentLogger } from '../../src/shared/logger.js';
import { connectRedis } from '../../src/shared/redis.js';
import { freshTeam, testClient, testKeys, testRunner } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

// The push webhook on the runner's HTTP server (`LABOPS_RUNNER_HTTP_PORT`, `/hooks/git`), with
// real HMAC-SHA256 over the bytes sent, in the header and payload shapes each provider documents:
// - GitHub: docs.github.com/en/webhooks/webhook-events-and-payloads ("Delivery headers", "push"),
//   docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries;
// - Gitea: docs.gitea.com/usage/repository/webhooks (the example delivery: X-GitHub-*, X-Gogs-*
//   and X-Gitea-* headers, and its push payload), go-gitea/gitea services/webhook/deliver.go
//   (X-Gitea-Signature: hex HMAC-SHA256 of the body);
// - GitLab: docs.gitlab.com/user/project/integrations/webhook_events ("Push events": X-Gitlab-Event:
//   Push Hook and its payload), the signing token of gitlab-org/gitlab merge request 230944, which
//   follows the Standard Webhooks spec (webhook-id, webhook-timestamp, webhook-signature: v1,<base64>).

let redis: EmbeddedRedis;
let dir: string;
let team: string;
let secret: string;
let ops: OpsServer;
let closePipeline: () => Promise<void>;
let queue: Queue;
let conn: ReturnType<typeof connectRedis>;
const COMMIT = 'bffeb74224043ba2feb48d137756c8a9331c449a';

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

/** POSTs raw bytes to the runner's webhook, as the provider's HTTP client would. */
function post(body: Buffer, headers: Record<string, string>, o: { chunked?: boolean } = {}) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: ops.port,
        path: '/hooks/git',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(o.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(body.length) }),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') }));
      },
    );
    req.on('error', reject);
    if (o.chunked)
      for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
    else req.write(body);
    req.end();
  });
}

const jobsInQueue = async () => Object.values(await queue.getJobCounts()).reduce((a, b) => a + b, 0);

function githubPush(over: Record<string, unknown> = {}) {
  return {
    ref: 'refs/heads/main',
    before: '28e1879d029cb852e4844d9c718537df08844e03',
    after: COMMIT,
    created: false,
    deleted: false,
    forced: false,
    repository: { id: 1, name: 'hello-node', full_name: 'team-a/hello-node' },
    pusher: { name: 'ana-gh', email: 'ana@example.test' },
    sender: { login: 'ana-gh', id: 7 },
    head_commit: { id: COMMIT, message: 'Say hello', author: { name: 'Ana', email: 'ana@example.test' } },
    commits: [],
    ...over,
  };
}

function githubHeaders(body: Buffer, event = 'push', delivery = randomUUID()) {
  return {
    'user-agent': 'GitHub-Hookshot/044aadd',
    'x-github-event': event,
    'x-github-delivery': delivery,
    'x-github-hook-id': '292430182',
    'x-hub-signature-256': signWebhook('github', secret, body),
  };
}

function giteaDelivery(over: Record<string, unknown> = {}) {
  const body = Buffer.from(
    JSON.stringify({
      ref: 'refs/heads/main',
      before: '28e1879d029cb852e4844d9c718537df08844e03',
      after: COMMIT,
      compare_url: 'http://localhost:3000/gitea/webhooks/compare/28e1879d...bffeb742',
      commits: [
        {
          id: COMMIT,
          message: 'Webhooks Yay!',
          author: { name: 'Gitea', email: 'someone@gitea.io', username: 'gitea' },
        },
      ],
      repository: { id: 140, name: 'hello-node', full_name: 'gitea/hello-node' },
      pusher: { id: 1, login: 'bruno-gt', username: 'bruno-gt', email: 'bruno@example.test' },
      sender: { id: 1, login: 'bruno-gt' },
      ...over,
    }),
  );
  const id = randomUUID();
  return {
    body,
    headers: {
      'x-github-delivery': id,
      'x-github-event': 'push',
      'x-gogs-delivery': id,
      'x-gogs-event': 'push',
      'x-gitea-delivery': id,
      'x-gitea-event': 'push',
      'x-gitea-event-type': 'push',
      'x-gitea-signature': signWebhook('gitea', secret, body),
    },
  };
}

function gitlabDelivery(o: { timestamp?: number; signed?: boolean } = {}) {
  const body = Buffer.from(
    JSON.stringify({
      object_kind: 'push',
      event_name: 'push',
      before: '95790bf891e76fee5e1747ab589903a6a1f80f22',
      after: COMMIT,
      ref: 'refs/heads/main',
      ref_protected: true,
      checkout_sha: COMMIT,
      user_id: 4,
      user_name: 'Carla Lab',
      user_username: 'carla-gl',
      project_id: 15,
      project: { id: 15, name: 'hello-node', path_with_namespace: 'team-a/hello-node' },
      commits: [{ id: COMMIT, message: 'Say hello', author: { name: 'Carla', email: 'carla@example.test' } }],
      total_commits_count: 1,
    }),
  );
  const id = `msg_${randomUUID()}`;
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'user-agent': 'GitLab/18.6.0',
      'x-gitlab-event': 'Push Hook',
      'x-gitlab-instance': 'https://gitlab.example.test',
      'x-gitlab-webhook-uuid': randomUUID(),
      'x-gitlab-event-uuid': randomUUID(),
      'idempotency-key': id,
      ...(o.signed === false
        ? { 'x-gitlab-token': secret }
        : {
            'webhook-id': id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signWebhook('gitlab', secret, body, { id, timestamp }),
          }),
    },
  };
}

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
        return { body, headers: githubHeaders(body) };
      },
      'ana-gh',
    ],
    ['gitea', () => giteaDelivery(), 'bruno-gt'],
    ['gitlab', () => gitlabDelivery(), 'carla-gl'],
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
      ...githubHeaders(body),
      'x-hub-signature-256': signWebhook('github', `${secret}x`, body),
    };
    expect(await post(body, forged)).toMatchObject({
      status: 401,
      body: { error: 'x-hub-signature-256 does not match' },
    });
    const tampered = Buffer.from(JSON.stringify(githubPush({ after: 'a'.repeat(40) })));
    expect((await post(tampered, githubHeaders(body))).status).toBe(401);
    const gitea = giteaDelivery();
    expect((await post(gitea.body, { ...gitea.headers, 'x-gitea-signature': '0'.repeat(64) })).status).toBe(
      401,
    );
    expect(
      (await post(gitlabDelivery({ signed: false }).body, gitlabDelivery({ signed: false }).headers)).status,
    ).toBe(401);
    const stale = gitlabDelivery({ timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await post(stale.body, stale.headers)).status).toBe(401);
    expect((await post(body, {})).status).toBe(400);
    const big = Buffer.from(JSON.stringify(githubPush({ padding: 'x'.repeat(WEBHOOK_MAX_BYTES) })));
    expect((await post(big, githubHeaders(big))).status).toBe(413);
    expect((await post(big, githubHeaders(big), { chunked: true })).status).toBe(413);
    expect(await jobsInQueue()).toBe(before);

    // Replays: the same delivery twice queues one job (GitHub's delivery id, GitLab's webhook-id).
    const first = githubHeaders(body);
    expect((await post(body, first)).status).toBe(202);
    expect(await post(body, first)).toMatchObject({ status: 409 });
    const gl = gitlabDelivery();
    expect((await post(gl.body, gl.headers)).status).toBe(202);
    expect((await post(gl.body, gl.headers)).status).toBe(409);
    expect(await jobsInQueue()).toBe(before + 2);
  });

  it('other events and other branches are answered 202 and start nothing', async () => {
    const before = await jobsInQueue();
    const ping = Buffer.from(JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 }));
    expect(await post(ping, githubHeaders(ping, 'ping'))).toMatchObject({
      status: 202,
      body: { ignored: 'event "ping" does not start the pipeline' },
    });
    const branch = Buffer.from(JSON.stringify(githubPush({ ref: 'refs/heads/feature' })));
    expect(await post(branch, githubHeaders(branch))).toMatchObject({
      status: 202,
      body: { ignored: 'a push to refs/heads/feature, not main' },
    });
    const deleted = Buffer.from(JSON.stringify(githubPush({ after: '0'.repeat(40), deleted: true })));
    expect((await post(deleted, githubHeaders(deleted))).status).toBe(202);
    expect(await jobsInQueue()).toBe(before);
  });
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
