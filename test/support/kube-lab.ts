import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import type { JobOutcome, LabClient } from '../../src/client/lab-client.js';
import type { JobName } from '../../src/jobs/definitions.js';
import type { JobResult, ProgressEvent } from '../../src/jobs/events.js';
import { recipes } from '../../src/runners/recipes/index.js';
import type { RunnerHandle } from '../../src/runners/worker.js';
import { initCloud } from '../../src/sim/cloud/index.js';
import { OPENSTACK_CONTROLLER } from '../../src/sim/cloud/presets/k8s-model.js';
import type { KubeSim, KubeSimOptions } from '../../src/sim/kube/index.js';
import { startTestSim } from '../integration/sim-kube-support.js';
import { enqueue, freshTeam, simCloudRunner, testClient, testKeys } from './pipeline.js';
import { startTestRedis } from './redis.js';

/** What one job did, as the recipe tests look at it. */
export interface RunResult {
  state: JobOutcome['state'];
  outcome: JobOutcome;
  result?: JobResult;
  /** `[CODE] message` of a failed job. */
  failedReason?: string;
  jobId: string;
  ms: number;
  /** Every command the job ran (or recorded, in a dry run). */
  argv: string[][];
  progress: ProgressEvent[];
}

export interface KubeLab {
  redis: EmbeddedRedis;
  sim: KubeSim;
  runner: RunnerHandle;
  client: LabClient;
  cloudDir: string;
  team: string;
  /** The job-signing pair (a second runner in a test verifies with it). */
  keys: ReturnType<typeof testKeys>;
  commands: Map<string, string[][]>;
  /** Enqueues a signed job on the lab's runner and follows it to its end. */
  run(name: JobName, data?: Record<string, unknown>): Promise<RunResult>;
  close(): Promise<void>;
}

/**
 * The simulated lab of the Kubernetes steps for the recipe tests: a private Redis, the stand-in
 * juju / openstack of the `ready` preset, the simulated cluster serving `images`, and one runner
 * of a fresh team with every recipe, driven through the real pipeline.
 */
export async function startKubeLab(
  images: Record<string, string>,
  /** Extra options of the simulated cluster, given the cloud's state dir. */
  simOptions: (cloudDir: string) => Partial<KubeSimOptions> = () => ({}),
): Promise<KubeLab> {
  const redis = await startTestRedis();
  const cloudDir = mkdtempSync(join(tmpdir(), 'kube-lab-cloud-'));
  writeFileSync(join(cloudDir, 'sim.json'), JSON.stringify({ timeScale: 0.01 }));
  await initCloud(cloudDir, 'ready');
  const { sim } = await startTestSim(images, simOptions(cloudDir));
  const team = freshTeam();
  const keys = testKeys();
  const commands = new Map<string, string[][]>();
  const runner = await simCloudRunner({
    redisUrl: redis.url,
    team,
    keys,
    recipes,
    simDir: cloudDir,
    commands,
    env: { KUBECONFIG: sim.kubeconfigPath },
    config: { LABOPS_JUJU_K8S_MODEL: `${OPENSTACK_CONTROLLER}:k8s` },
  });
  const client = testClient(redis.url, keys);
  return {
    redis,
    sim,
    runner,
    client,
    cloudDir,
    team,
    keys,
    commands,
    async run(name, data = {}) {
      const jobId = await enqueue(client, team, name, data);
      const started = Date.now();
      const progress: ProgressEvent[] = [];
      const o = await client.follow(team, jobId, { onProgress: (e) => progress.push(e) });
      return {
        state: o.state,
        outcome: o,
        result: o.state === 'completed' ? o.result : undefined,
        failedReason: o.state === 'failed' ? `[${o.code}] ${o.message}` : undefined,
        jobId,
        ms: Date.now() - started,
        argv: commands.get(jobId) ?? [],
        progress,
      };
    },
    async close() {
      await runner.close();
      await client.close();
      await sim.close();
      await redis.stop();
      rmSync(cloudDir, { recursive: true, force: true });
    },
  };
}
