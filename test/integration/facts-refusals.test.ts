import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import type { LabClient } from '../../src/client/lab-client.js';
import type { CheckpointReport } from '../../src/evidence/index.js';
import type { JobName } from '../../src/jobs/definitions.js';
import { recipes } from '../../src/runners/recipes/index.js';
import type { RunnerHandle } from '../../src/runners/worker.js';
import { initCloud } from '../../src/sim/cloud/index.js';
import { MUTATING } from '../support/lab-walk.js';
import { enqueue, freshTeam, simCloudRunner, testClient, testKeys } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

// Commands typed before the lab is ready for them, on the simulated cloud's `fresh` preset
// (nothing deployed, no kubeconfig): each is refused with NOT_READY, naming what is missing,
// the command that makes it true and the guide's step, before anything runs; a checkpoint
// whose pictures and criteria need missing parts reads "not yet: run …".

let redis: EmbeddedRedis;
let runner: RunnerHandle;
let client: LabClient;
let dir: string;
const team = freshTeam();
const keys = testKeys();
const commands = new Map<string, string[][]>();
let kubeconfig: string;

async function run(name: JobName, data: Record<string, unknown> = {}) {
  const jobId = await enqueue(client, team, name, data);
  const o = await client.follow(team, jobId);
  return {
    o,
    failed: o.state === 'failed' ? `[${o.code}] ${o.message}` : undefined,
    argv: commands.get(jobId) ?? [],
  };
}

/** Every file of the simulated cloud's state, by path, with its SHA-256. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(root.length)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(root);
  return out;
}

beforeAll(async () => {
  redis = await startTestRedis();
  dir = mkdtempSync(join(tmpdir(), 'facts-refusals-'));
  writeFileSync(join(dir, 'sim.json'), JSON.stringify({ timeScale: 0.01 }));
  await initCloud(dir, 'fresh');
  kubeconfig = join(dir, 'client', 'kubeconfig');
  runner = await simCloudRunner({
    redisUrl: redis.url,
    team,
    keys,
    recipes,
    simDir: dir,
    commands,
    env: { OS_PASSWORD: 'pw' },
    config: { LABOPS_KUBECONFIG: kubeconfig },
  });
  client = testClient(redis.url, keys);
}, 60_000);

afterAll(async () => {
  await runner?.close();
  await client?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const k8sMissing = (path: string) =>
  `[NOT_READY] Kubernetes is not deployed yet (no kubeconfig at ${path}). Run \`/deploy k8s\` first (step 6).`;

describe('commands typed before the lab is ready (preset fresh)', () => {
  it('/scale hello-node 5, /rollout v2, /deploy hello-node, /checkpoint 6: NOT_READY naming /deploy k8s, nothing run', async () => {
    const before = snapshot(dir);
    for (const [name, data] of [
      ['scale', { deployment: 'hello-node', replicas: 5 }],
      ['scale', { deployment: 'hello-node', replicas: 5, dryRun: true }],
      ['rollout', { tag: 'v2' }],
      ['deploy-hello-node', { tag: 'v1' }],
      ['rollback', {}],
      ['chaos-delete-pod', {}],
      ['lb-probe', {}],
      ['expose', { mode: 'ingress' }],
      ['checkpoint', { n: 6 }],
      ['checkpoint', { n: 3 }],
    ] as const) {
      const r = await run(name, data);
      expect(r.failed, `${name} ${JSON.stringify(data)}`).toBe(k8sMissing(kubeconfig));
      expect(r.argv.filter((a) => MUTATING.test(a.join(' ')))).toEqual([]);
    }
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);

  it('/image push v1 before the image is built: NOT_READY naming /image build v1 (step 5)', async () => {
    const r = await run('image-push', { tag: 'v1' });
    expect(r.failed).toBe(
      '[NOT_READY] The image is not built yet (no local image labops/hello-node:v1). Run `/image build v1` first (step 5).',
    );
    expect(r.argv.filter((a) => MUTATING.test(a.join(' ')))).toEqual([]);
  }, 60_000);

  it('/checkpoint 1 before the web server exists: each criterion reads "not yet: run /deploy webserver", no picture of it is taken', async () => {
    const r = await run('checkpoint', { n: 1 });
    expect(r.o.state, r.failed).toBe('completed');
    const report = (r.o.state === 'completed' ? r.o.result.data : undefined) as CheckpointReport;
    for (const c of report.criteria)
      expect(c.measured, c.title).toBe(
        'not yet: run `/deploy webserver` (step 4): the web-server instance is not there yet (no instance juju-openstack-web-server)',
      );
    for (const id of ['security-group-rules', 'web-server-page'])
      expect(report.items.find((i) => i.id === id)?.error).toMatch(/^not yet: run `\/deploy webserver`/);
    expect(JSON.stringify(r.o)).not.toMatch(/ENOENT|ECONNREFUSED|\n\s+at /);
  }, 120_000);
});
