import type { KeyObject } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { type EmbeddedRedis, freePort } from '../../src/cli/embedded-redis.js';
import { type BotWorld, startBotWorld } from '../support/bot-harness.js';
import { testKeys } from '../support/pipeline.js';
import { labops, labopsDaemon, tempDir } from '../support/procs.js';
import { startTestRedis } from '../support/redis.js';

const pem = (k: KeyObject) =>
  k.export({ type: k.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' }).toString();

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

/** Polls `path` until it answers `status`. */
async function until(port: number, path: string, status: number, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await get(port, path).catch(() => ({ status: 0, body: '' }));
    if (r.status === status) return r;
    if (Date.now() > end) throw new Error(`${path} still answers ${r.status}: ${r.body}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** The value of one sample line of a Prometheus text exposition. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text
    .split('\n')
    .find(
      (l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('runner operations endpoint (a real runner process)', () => {
  let redis: EmbeddedRedis | undefined;
  let stopRunner: (() => Promise<unknown>) | undefined;
  afterAll(async () => {
    await stopRunner?.();
    await redis?.stop();
  });

  it('counts a job in /metrics, and /readyz follows Redis going away and coming back', async () => {
    const dir = tempDir('labops-ops-');
    redis = await startTestRedis({ dir });
    const keys = testKeys();
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      REDIS_URL: redis.url,
      LABOPS_SIM: '0',
      LABOPS_VERIFY_KEY: pem(keys.verify),
      LABOPS_SIGNING_KEY: pem(keys.signing),
      LABOPS_RUNNER_HTTP_PORT: String(port),
      LABOPS_HTTP_HOST: '127.0.0.1',
    };
    const runner = await labopsDaemon(['runner'], env, /runner ready/);
    stopRunner = async () => {
      runner.proc.kill('SIGTERM');
      await runner.proc;
    };
    // "runner ready" is said by the worker; the endpoint starts just after it.
    expect((await until(port, '/healthz', 200)).status).toBe(200);
    expect((await until(port, '/readyz', 200)).body).toContain('"heartbeat":true');

    const run = await labops(['run', '/ping metrics', '--json'], env);
    expect(run.exitCode, run.stderr).toBe(0);
    const metrics = await get(port, '/metrics');
    expect(metrics.status).toBe(200);
    const labels = { job: 'ping', team: 'default', outcome: 'completed' };
    expect(sample(metrics.body, 'labops_jobs_total', labels)).toBe(1);
    expect(sample(metrics.body, 'labops_job_duration_seconds_count', labels)).toBe(1);
    expect(sample(metrics.body, 'labops_step_duration_seconds_count', { step: 'answer' })).toBe(1);
    expect(sample(metrics.body, 'labops_queue_wait_seconds_count', { job: 'ping' })).toBe(1);
    expect(sample(metrics.body, 'labops_queue_depth', { state: 'waiting' })).toBe(0);
    expect(metrics.body).toContain('labops_redactions_total 0');
    expect(metrics.body).toContain('labops_runner_process_resident_memory_bytes');

    // A job whose step fails (no juju on this PATH): its step is timed too, as failed.
    const status = await labops(['run', '/status', '--json'], env);
    expect(status.exitCode).not.toBe(0);
    const after = (await get(port, '/metrics')).body;
    expect(sample(after, 'labops_jobs_total', { job: 'status', outcome: 'failed' })).toBe(1);
    expect(
      sample(after, 'labops_step_duration_seconds_count', {
        job: 'status',
        step: 'juju status',
        outcome: 'failed',
      }),
    ).toBe(1);

    const { port: redisPort } = redis;
    await redis.stop();
    const down = await until(port, '/readyz', 503);
    expect(down.body).toContain('"redis":false');
    expect((await get(port, '/healthz')).status).toBe(200);
    redis = await startTestRedis({ dir: tempDir('labops-ops-'), port: redisPort });
    expect((await until(port, '/readyz', 200)).body).toContain('"redis":true');
  });
});

describe('bot operations endpoint (a real bot process and the Discord stand-in)', () => {
  let w: BotWorld | undefined;
  afterAll(async () => {
    await w?.close();
  });

  it('counts interactions and Discord REST calls, is ready, and logs interaction ids with their job ids', async () => {
    const port = await freePort();
    const { ping } = await import('../../src/runners/recipes/ping.js');
    w = await startBotWorld({
      recipes: { ping },
      env: { LABOPS_HTTP_PORT: String(port), LABOPS_HTTP_HOST: '127.0.0.1' },
    });
    const s = w.standIn;
    const { id } = await s.dispatchCommand({ name: 'ping', options: { message: 'm' }, user: 'student' });
    await s.waitFor(
      () => s.messagesIn().find((m) => !m.ephemeral && JSON.stringify(m.message).includes('pong from')),
      30_000,
    );
    const ready = await until(port, '/readyz', 200);
    expect(ready.body).toContain('"discord":true');
    const metrics = (await get(port, '/metrics')).body;
    expect(sample(metrics, 'labops_bot_interactions_total', { type: 'command', command: 'ping' })).toBe(1);
    const restCalls = metrics
      .split('\n')
      .filter((l) => l.startsWith('labops_discord_rest_calls_total{'))
      .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
    expect(restCalls).toBeGreaterThanOrEqual(2);
    expect(metrics).toContain('labops_discord_gateway_ready 1');
    expect(sample(metrics, 'labops_queue_depth', { team: 'default', state: 'waiting' })).toBe(0);
    const lines = w.bot
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.interactionId === id && l.msg === 'interaction received')).toBe(true);
    // The interaction's id leads to the job's id in the bot's log.
    const enqueued = lines.find((l) => l.interactionId === id && l.msg === 'job enqueued');
    expect(enqueued?.jobId).toEqual(expect.any(String));
    expect(enqueued).toMatchObject({ job: 'ping', team: 'default' });
    s.assertNoViolations();
  });
});
