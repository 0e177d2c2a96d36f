import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../src/client/lab-client.js';
import type { JobName } from '../../src/jobs/definitions.js';
import { CACHE_TTL_S, cacheKey } from '../../src/runners/lab-cache.js';
import { recipes } from '../../src/runners/recipes/index.js';
import { type SimLab, startSimLab } from '../../src/sim/lab.js';
import { waitFor } from '../integration/sim-kube-support.js';
import { type BotWorld, startBotWorld } from '../support/bot-harness.js';
import type { CommandOptions } from '../support/discord/index.js';
import { enqueue, testClient } from '../support/pipeline.js';

// The autocomplete cache end to end: a real runner on the simulated lab (`ready` preset) runs
// jobs that build and push an image tag, deploy hello-node and scale another deployment; the
// runner then holds those names and tags in `labops:<team>:cache:*`, and the bot's autocomplete
// (through the Discord stand-in) offers them instead of its defaults.

const TEAM = 'team-1';
let lab: SimLab;
let w: BotWorld;
let client: LabClient;
let redis: Redis;
let apps: AppsV1Api;
let core: CoreV1Api;

async function run(name: JobName, data: Record<string, unknown> = {}) {
  const jobId = await enqueue(client, TEAM, name, data);
  const o = await client.follow(TEAM, jobId);
  if (o.state !== 'completed') throw new Error(`${name} failed: [${o.code}] ${o.message}`);
  return o.result;
}

/** The choices the bot answers for `focused` being typed as `typed`. */
async function choices(opts: Omit<CommandOptions, 'user'> & { focused: string }): Promise<string[]> {
  const s = w.standIn;
  const { id } = await s.autocomplete({ ...opts, user: 'student' });
  const got = (await s.waitFor(() => s.interactionResponse(id)?.choices, 3_000)) as {
    name: string;
    value: string;
  }[];
  for (const c of got) expect(c.name).toBe(c.value);
  return got.map((c) => c.value);
}

const members = async (kind: 'deployments' | 'pods' | 'tags') =>
  (await redis.smembers(cacheKey(TEAM, kind))).sort();

beforeAll(async () => {
  lab = await startSimLab({
    stateDir: mkdtempSync(join(tmpdir(), 'labops-ac-sim-')),
    preset: 'ready',
    timeScale: 0.01,
  });
  const runnerEnv = { ...lab.env, HOME: mkdtempSync(join(tmpdir(), 'labops-ac-home-')) };
  w = await startBotWorld({
    team: TEAM,
    recipes,
    runnerEnv,
    runnerConfig: lab.env,
    runnerCache: true,
    config: (s) => `
teams:
  - name: ${TEAM}
    roles: ["${s.roles.team1.id}"]
instructorRoles: ["${s.roles.instructor.id}"]
channels: ["${s.channelId}"]
`,
  });
  client = testClient(w.redis.url, w.keys);
  redis = new Redis(w.redis.url);
  const kc = new KubeConfig();
  kc.loadFromFile(lab.kube.kubeconfigPath);
  apps = kc.makeApiClient(AppsV1Api);
  core = kc.makeApiClient(CoreV1Api);
});
afterAll(async () => {
  redis?.disconnect();
  await client?.close();
  await w?.close();
  await lab?.close();
});
afterEach(() => {
  w.standIn.assertNoViolations();
});

describe('autocomplete from the cache the runner keeps', () => {
  it('before any job the cluster is empty and the bot offers its defaults', async () => {
    // The runner's first refresh at start found no deployment, pod nor tag.
    await waitFor(async () => (await redis.exists(cacheKey(TEAM, 'deployments'))) === 0);
    expect(
      await choices({ name: 'scale', options: { deployment: '', replicas: 1 }, focused: 'deployment' }),
    ).toEqual(['hello-node']);
    expect(
      await choices({ name: 'image', subcommand: 'push', options: { tag: '' }, focused: 'tag' }),
    ).toEqual(['v1', 'v2']);
    expect(
      await choices({ name: 'chaos', subcommand: 'delete-pod', options: { pod: '' }, focused: 'pod' }),
    ).toEqual([]);
  });

  it('after build, push, deploy and scale the cache holds the deployments, pods and tags', async () => {
    await run('image-build', { tag: 'v3' });
    await run('image-push', { tag: 'v3' });
    await run('deploy-hello-node', { tag: 'v1' });
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web-extra', labels: { app: 'web-extra' } },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web-extra' } },
          template: {
            metadata: { labels: { app: 'web-extra' } },
            spec: {
              containers: [{ name: 'web', image: 'labops/hello-node:v1', ports: [{ containerPort: 8080 }] }],
            },
          },
        },
      },
    });
    const scaled = await run('scale', { deployment: 'web-extra', replicas: 2 });
    expect(scaled?.summary).toBe('web-extra has 2 ready replicas');

    const pods = (
      await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=hello-node' })
    ).items
      .map((p) => p.metadata?.name ?? '')
      .sort();
    expect(pods.length).toBe(1);
    await waitFor(async () => (await members('deployments')).length === 2, 10_000);
    expect(await members('deployments')).toEqual(['hello-node', 'web-extra']);
    expect(await members('pods')).toEqual(pods);
    // v3 from the build and the push, v1 from what the cluster runs; v2 was never made.
    expect(await members('tags')).toEqual(['v1', 'v3']);
    for (const kind of ['deployments', 'pods', 'tags'] as const) {
      const ttl = await redis.ttl(cacheKey(TEAM, kind));
      expect(ttl, kind).toBeGreaterThan(0);
      expect(ttl, kind).toBeLessThanOrEqual(CACHE_TTL_S);
    }
  });

  it('the bot offers those names on /scale, /chaos delete-pod and every option taking a tag', async () => {
    expect(
      await choices({ name: 'scale', options: { deployment: '', replicas: 1 }, focused: 'deployment' }),
    ).toEqual(['hello-node', 'web-extra']);
    expect(
      await choices({ name: 'scale', options: { deployment: 'web', replicas: 1 }, focused: 'deployment' }),
    ).toEqual(['web-extra']);
    const pods = await members('pods');
    expect(
      await choices({ name: 'chaos', subcommand: 'delete-pod', options: { pod: '' }, focused: 'pod' }),
    ).toEqual(pods);
    for (const sub of ['build', 'push', 'run'])
      expect(
        await choices({ name: 'image', subcommand: sub, options: { tag: '' }, focused: 'tag' }),
        sub,
      ).toEqual(['v1', 'v3']);
    expect(
      await choices({ name: 'deploy', options: { target: 'hello-node', tag: 'v' }, focused: 'tag' }),
    ).toEqual(['v1', 'v3']);
    expect(await choices({ name: 'rollout', options: { tag: '3' }, focused: 'tag' })).toEqual(['v3']);
  });

  it('a deleted deployment leaves the cache after the next job that can change it', async () => {
    await apps.deleteNamespacedDeployment({ name: 'web-extra', namespace: 'default' });
    await run('scale', { deployment: 'hello-node', replicas: 2 });
    await waitFor(async () => (await members('deployments')).length === 1, 10_000);
    expect(await members('deployments')).toEqual(['hello-node']);
    await waitFor(async () => (await members('pods')).length === 2, 10_000);
    expect(
      await choices({ name: 'scale', options: { deployment: 'w', replicas: 1 }, focused: 'deployment' }),
    ).toEqual([]);
  });
});
