import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import type { LabClient } from '../../src/client/lab-client.js';
import {
  type CheckpointReport,
  DEPLOYMENT_WIDTH,
  disposeBrowser,
  HISTOGRAM_WIDTH,
  PAGE_VIEWPORT,
  readPngInfo,
  terminalLayout,
} from '../../src/evidence/index.js';
import type { JobName } from '../../src/jobs/definitions.js';
import { recipes } from '../../src/runners/recipes/index.js';
import type { RunnerHandle } from '../../src/runners/worker.js';
import { artifactStore } from '../../src/services/artifacts.js';
import { connectRedis } from '../../src/shared/redis.js';
import { OPENSTACK_CONTROLLER } from '../../src/sim/cloud/presets/k8s-model.js';
import { type SimLab, startSimLab } from '../../src/sim/lab.js';
import { startK8sDashboard } from '../support/dashboards/k8s-dashboard.js';
import { enqueue, freshTeam, testClient, testKeys, testRunner } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

// Checkpoints 3 to 6 through the real pipeline (signed job → BullMQ → runner → recipes) on
// the simulated lab (`ready` preset), with the real kubectl and a real headless Chromium.

let redis: EmbeddedRedis;
let lab: SimLab;
let runner: RunnerHandle;
let client: LabClient;
let conn: Redis;
const team = freshTeam();
const keys = testKeys();

async function run(name: JobName, data: Record<string, unknown> = {}) {
  const jobId = await enqueue(client, team, name, data);
  const o = await client.follow(team, jobId);
  if (o.state !== 'completed') throw new Error(`${name} failed: [${o.code}] ${o.message}`);
  return o.result;
}

async function checkpoint(n: number): Promise<CheckpointReport> {
  const r = await run('checkpoint', { n });
  return r.data as CheckpointReport;
}

const crit = (r: CheckpointReport, id: string) => r.criteria.find((c) => c.id === id);
const explain = (r: CheckpointReport) =>
  JSON.stringify({ criteria: r.criteria, failed: r.items.filter((i) => !i.ok) }, null, 1);

/** Every picture: in Redis, a PNG whose size matches its kind, and the digest the report gives. */
async function expectPictures(r: CheckpointReport, dashboardConfigured = false) {
  const store = artifactStore(conn, r.team, { ttlS: 600, maxBytes: 8 * 1024 * 1024 });
  const term = {
    min: terminalLayout({ command: '', output: '' }).width,
    max: terminalLayout({ command: '', output: 'x'.repeat(400) }).width,
  };
  for (const item of r.items) {
    if (item.id === 'dashboard' && !dashboardConfigured) {
      // The real dashboard is not configured on this runner: skipped, naming its settings.
      expect(item).toMatchObject({ ok: false, skipped: expect.stringMatching(/LABOPS_K8S_DASHBOARD_URL/) });
      continue;
    }
    expect(item.ok, `${item.id}: ${item.error}`).toBe(true);
    const got = await store.get(item.artifact!.id);
    expect(got?.ref.sha256).toBe(item.artifact!.sha256);
    const info = readPngInfo(got!.body);
    expect({ w: info.width, h: info.height }).toEqual({ w: item.width, h: item.height });
    if (item.kind === 'page') expect(info).toMatchObject(PAGE_VIEWPORT);
    else if (item.kind === 'terminal') {
      expect(info.width).toBeGreaterThanOrEqual(term.min);
      expect(info.width).toBeLessThanOrEqual(term.max);
    } else if (item.id === 'deployment') expect(info.width).toBe(DEPLOYMENT_WIDTH);
    else if (item.id === 'balance-histogram') expect(info.width).toBe(HISTOGRAM_WIDTH);
    expect(info.height).toBeGreaterThan(40);
  }
}

beforeAll(async () => {
  redis = await startTestRedis();
  const stateDir = mkdtempSync(join(tmpdir(), 'labops-cp-sim-'));
  lab = await startSimLab({ stateDir, preset: 'ready', timeScale: 0.01 });
  const env = { ...lab.env, HOME: mkdtempSync(join(tmpdir(), 'labops-cp-home-')) };
  runner = await testRunner({ redisUrl: redis.url, team, keys, recipes, env, config: env });
  client = testClient(redis.url, keys);
  conn = connectRedis(redis.url, 'producer');
  await run('deploy-hello-node', { tag: 'v1' });
}, 120_000);

afterAll(async () => {
  await client?.close();
  await runner?.close();
  conn?.disconnect();
  await disposeBrowser();
  await lab?.close();
  await redis?.stop();
});

describe('checkpoints on the simulated lab', () => {
  it('checkpoint 3 with 2 replicas fails the replicas criterion with "2 of 5"', async () => {
    await run('scale', { deployment: 'hello-node', replicas: 2 });
    const r = await checkpoint(3);
    expect(r.passed).toBe(false);
    expect(crit(r, 'replicas')).toMatchObject({ pass: false, measured: '2 of 5' });
    await expectPictures(r);
  });

  it('checkpoint 3 passes with 5 ready replicas', async () => {
    await run('scale', { deployment: 'hello-node', replicas: 5 });
    const r = await checkpoint(3);
    expect(r.passed, explain(r)).toBe(true);
    expect(crit(r, 'replicas')?.measured).toBe('5 of 5');
    await expectPictures(r);
  });

  it('checkpoint 3 on a runner configured with the dashboard also captures the dashboard itself', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.cGlwZWxpbmUtdG9rZW4.c2lnbmVk';
    const dashboard = await startK8sDashboard({ token });
    const dashTeam = `${team}-dash`;
    const runner2 = await testRunner({
      redisUrl: redis.url,
      team: dashTeam,
      keys,
      recipes,
      env: { ...lab.env, HOME: mkdtempSync(join(tmpdir(), 'labops-cp-home-')) },
      config: { ...lab.env, LABOPS_K8S_DASHBOARD_URL: dashboard.url, LABOPS_K8S_DASHBOARD_TOKEN: token },
    });
    try {
      const jobId = await enqueue(client, dashTeam, 'checkpoint', { n: 3 });
      const o = await client.follow(dashTeam, jobId);
      if (o.state !== 'completed') throw new Error(`checkpoint failed: [${o.code}] ${o.message}`);
      const r = o.result.data as CheckpointReport;
      expect(r.passed, explain(r)).toBe(true);
      expect(r.items.find((i) => i.id === 'dashboard')).toMatchObject({ ok: true, kind: 'page' });
      await expectPictures(r, true);
      expect(dashboard.logins).toEqual([{ token, csrfOk: true, accepted: true }]);
      expect(dashboard.deploymentsServed).toEqual(['default']);
      expect(JSON.stringify(o)).not.toContain(token);
    } finally {
      await runner2.close();
      await dashboard.close();
    }
  });

  it('checkpoint 6 before the LoadBalancer exists fails "external IP assigned"', async () => {
    await run('expose', { mode: 'nodeport' });
    const r = await checkpoint(6);
    expect(r.passed).toBe(false);
    expect(crit(r, 'external-ip')).toMatchObject({ pass: false, title: 'external IP assigned' });
    expect(r.items.find((i) => i.id === 'external-ip-page')?.ok).toBe(false);
  });

  it('checkpoint 4 passes through the NodePort opened on the workers', async () => {
    const r = await checkpoint(4);
    expect(r.passed, explain(r)).toBe(true);
    expect(crit(r, 'exposed')?.measured).toMatch(/NodePort \d+ opened on kubernetes-worker/);
    await expectPictures(r);
  });

  it('checkpoint 5 passes after v2 is built, pushed and rolled out', async () => {
    const before = await checkpoint(5);
    expect(crit(before, 'v2-everywhere')?.pass).toBe(false);
    expect(crit(before, 'answer-differs')?.pass).toBe(false);
    await run('image-build', { tag: 'v2' });
    await run('image-push', { tag: 'v2' });
    await run('rollout', { tag: 'v2' });
    const r = await checkpoint(5);
    expect(r.passed, explain(r)).toBe(true);
    expect(crit(r, 'v2-everywhere')?.measured).toMatch(/^5 of 5 ready pods run \S+:v2/);
    expect(crit(r, 'answer-differs')?.measured).toMatch(/Hello World v2!/);
    await expectPictures(r);
  });

  it('checkpoint 6 passes behind the Octavia load balancer, and survives a pod deletion', async () => {
    // The `ready` lab was deployed without /deploy k8s's integrator step: without it the
    // control plane (a pool member too) keeps the NodePort closed and half the requests fail.
    const set = await execa(
      'juju',
      ['config', '-m', `${OPENSTACK_CONTROLLER}:k8s`, 'openstack-integrator', 'manage-security-groups=true'],
      { env: { ...process.env, ...lab.env }, reject: false },
    );
    expect(set.exitCode, set.stderr).toBe(0);
    await run('expose', { mode: 'loadbalancer' });
    const r = await checkpoint(6);
    expect(r.passed, explain(r)).toBe(true);
    expect(crit(r, 'external-ip')?.measured).toMatch(/^127\.0\.0\.\d+$/);
    expect(crit(r, 'octavia')?.measured).toMatch(/ACTIVE\/ONLINE/);
    expect(crit(r, 'balanced')?.measured).toMatch(/^5 hosts in 100 requests/);
    expect(crit(r, 'resilient')?.measured).toMatch(/answering again/);
    await expectPictures(r);
  });

  it('lb-probe measures the spread and attaches its histogram', async () => {
    const r = await run('lb-probe', { requests: 200 });
    const names = r.fields.map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining(['requests', 'successes', 'failures', 'hosts', 'latency', 'rate', 'verdict']),
    );
    expect(r.fields.find((f) => f.name === 'successes')?.value).toBe('200');
    const png = r.artifacts.find((a) => a.name === 'lb-probe-histogram.png');
    const got = await artifactStore(conn, team, { ttlS: 600, maxBytes: 8 << 20 }).get(png!.id);
    expect(readPngInfo(got!.body).width).toBe(HISTOGRAM_WIDTH);
  });

  it('lb-probe over the runner’s limit is refused before anything is sent', async () => {
    const runner2 = await testRunner({
      redisUrl: redis.url,
      team: `${team}-max`,
      keys,
      recipes,
      env: lab.env,
      config: { ...lab.env, LABOPS_PROBE_MAX_REQUESTS: '50' },
    });
    try {
      const jobId = await enqueue(client, `${team}-max`, 'lb-probe', { requests: 51 });
      const o = await client.follow(`${team}-max`, jobId);
      expect(o).toMatchObject({ state: 'failed', code: 'BAD_INPUT' });
      expect(o.state === 'failed' && o.message).toMatch(/over this runner's limit of 50/);
    } finally {
      await runner2.close();
    }
  });
});
