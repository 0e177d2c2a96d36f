import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import type { LabClient } from '../../src/client/lab-client.js';
import type { JobName } from '../../src/jobs/definitions.js';
import { recipes } from '../../src/runners/recipes/index.js';
import type { RunnerHandle } from '../../src/runners/worker.js';
import { initCloud } from '../../src/sim/cloud/index.js';
import type { KubeSim } from '../../src/sim/kube/index.js';
import { enqueue, freshTeam, simCloudRunner, testClient, testKeys, testRunner } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';
import { HELLO_NODE, kubectl, startTestSim } from './sim-kube-support.js';

// The image settings through the real pipeline: no default Docker Hub user (a runner without
// LABOPS_DOCKERHUB_USER refuses before running anything), and LABOPS_IMAGE_PULL_SECRET.

const SIM_BIN = fileURLToPath(new URL('../../bin/sim/', import.meta.url));
let redis: EmbeddedRedis;
let sim: KubeSim;
let simDir: string;
let cloudDir: string;
const keys = testKeys();
const runners: RunnerHandle[] = [];
let client: LabClient;

async function run(
  team: string,
  name: JobName,
  data: Record<string, unknown>,
  commands?: Map<string, string[][]>,
) {
  const jobId = await enqueue(client, team, name, data);
  const o = await client.follow(team, jobId);
  return { o, argv: commands?.get(jobId) ?? [] };
}

beforeAll(async () => {
  redis = await startTestRedis();
  cloudDir = mkdtempSync(join(tmpdir(), 'image-settings-cloud-'));
  writeFileSync(join(cloudDir, 'sim.json'), JSON.stringify({ timeScale: 0.01 }));
  await initCloud(cloudDir, 'ready');
  ({ sim, stateDir: simDir } = await startTestSim({ 'labops/hello-node:v1': HELLO_NODE }));
  client = testClient(redis.url, keys);
}, 60_000);

afterAll(async () => {
  for (const r of runners) await r.close();
  await client?.close();
  await sim?.close();
  await redis?.stop();
  rmSync(cloudDir, { recursive: true, force: true });
  rmSync(simDir, { recursive: true, force: true });
});

describe('image settings', () => {
  it('without LABOPS_DOCKERHUB_USER, /image push and /deploy hello-node are refused and run nothing', async () => {
    const team = freshTeam();
    const commands = new Map<string, string[][]>();
    runners.push(
      await testRunner({
        redisUrl: redis.url,
        team,
        keys,
        recipes,
        env: {
          PATH: `${SIM_BIN}:${process.env.PATH}`,
          HOME: mkdtempSync(join(tmpdir(), 'labops-runner-home-')),
          LABOPS_SIM_DIR: cloudDir,
          OS_AUTH_URL: 'https://172.16.15.113:5000/v3',
          KUBECONFIG: sim.kubeconfigPath,
        },
        onCommand: (jobId, argv) => commands.set(jobId, [...(commands.get(jobId) ?? []), argv]),
      }),
    );
    for (const [name, data] of [
      ['image-push', { tag: 'v1' }],
      ['deploy-hello-node', { tag: 'v1' }],
    ] as const) {
      const { o, argv } = await run(team, name, data, commands);
      expect(o.state, name).toBe('failed');
      if (o.state !== 'failed') continue;
      expect(o.code).toBe('CONFIG');
      expect(o.message).toContain('LABOPS_DOCKERHUB_USER is not set');
      expect(o.message).toContain('Set LABOPS_DOCKERHUB_USER=<your Docker Hub user>');
      expect(argv).toEqual([]);
    }
    expect((await kubectl(sim, ['get', 'deployments', '-o', 'name'])).stdout).toBe('');
  }, 60_000);

  it('LABOPS_IMAGE_PULL_SECRET: refused while the Secret is missing; then the deployment pulls with it, always', async () => {
    const team = freshTeam();
    const commands = new Map<string, string[][]>();
    runners.push(
      await simCloudRunner({
        redisUrl: redis.url,
        team,
        keys,
        recipes,
        simDir: cloudDir,
        commands,
        env: { KUBECONFIG: sim.kubeconfigPath },
        config: { LABOPS_IMAGE_PULL_SECRET: 'dockerhub' },
      }),
    );
    const missing = await run(team, 'deploy-hello-node', { tag: 'v1' });
    expect(missing.o.state).toBe('failed');
    expect(missing.o.state === 'failed' && missing.o.message).toMatch(
      /names the Secret dockerhub, which namespace default does not have: create it with `kubectl create secret docker-registry dockerhub/,
    );
    const created = await kubectl(sim, [
      'create',
      'secret',
      'docker-registry',
      'dockerhub',
      '--docker-username=labops',
      '--docker-password=token',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const ok = await run(team, 'deploy-hello-node', { tag: 'v1' });
    expect(ok.o.state, ok.o.state === 'failed' ? ok.o.message : '').toBe('completed');
    const spec = JSON.parse(
      (await kubectl(sim, ['get', 'deployment', 'hello-node', '-o', 'jsonpath={.spec.template.spec}']))
        .stdout,
    ) as { imagePullSecrets?: { name: string }[]; containers: { imagePullPolicy?: string }[] };
    expect(spec.imagePullSecrets).toEqual([{ name: 'dockerhub' }]);
    expect(spec.containers[0]?.imagePullPolicy).toBe('Always');
  }, 120_000);
});
