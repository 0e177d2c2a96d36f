import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import type { JobOutcome, LabClient } from '../../src/client/lab-client.js';
import type { JobName } from '../../src/jobs/definitions.js';
import type { ProgressEvent } from '../../src/jobs/events.js';
import { initPipeline, type PipelineInit } from '../../src/runners/pipeline/init.js';
import { readPipelineKeys } from '../../src/runners/pipeline/trigger.js';
import { recipes } from '../../src/runners/recipes/index.js';
import { pipelineRecipes } from '../../src/runners/recipes/pipeline.js';
import { type RunnerHandle, startRunner } from '../../src/runners/worker.js';
import { artifactStore } from '../../src/services/artifacts.js';
import { readConfig } from '../../src/shared/config.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createRedactor } from '../../src/shared/redact.js';
import { connectRedis } from '../../src/shared/redis.js';
import { initCloud, resolveImage } from '../../src/sim/cloud/index.js';
import { OPENSTACK_CONTROLLER } from '../../src/sim/cloud/presets/k8s-model.js';
import type { KubeSim } from '../../src/sim/kube/index.js';
import { startTestSim } from '../integration/sim-kube-support.js';
import { enqueue, freshTeam, testClient, testKeys } from './pipeline.js';
import { startTestRedis } from './redis.js';

const SIM_BIN = fileURLToPath(new URL('../../bin/sim/', import.meta.url));
/** The built `labops` command the real post-receive hook runs (`npm run build` first). */
export const LABOPS_BIN = fileURLToPath(new URL('../../bin/labops.js', import.meta.url));

/** The simulated lab with a team pipeline: `labops pipeline init`'s repository, its real hook, a runner. */
export interface PipelineLab {
  redis: EmbeddedRedis;
  sim: KubeSim;
  team: string;
  client: LabClient;
  init: PipelineInit;
  runner: RunnerHandle;
  cloudDir: string;
  commands: Map<string, string[][]>;
  /** Runs git in the working clone (as the student would), with a clean environment. */
  git(args: string[]): Promise<{ stdout: string; stderr: string; all: string }>;
  /** Enqueues a bot-signed job and follows it. */
  run(name: JobName, data?: Record<string, unknown>): Promise<JobOutcome>;
  follow(jobId: string, progress?: ProgressEvent[]): Promise<JobOutcome>;
  close(): Promise<void>;
}

/**
 * A private Redis, the simulated cloud (`ready` preset, Docker logged in as `labops`) and
 * cluster (pulling what `docker push` put in the cloud's registry), a pipeline made by
 * `initPipeline` with the real post-receive hook (running the built `labops`), and one runner
 * (concurrency 1) with every recipe and the pipeline's.
 */
export async function startPipelineLab(): Promise<PipelineLab> {
  const redis = await startTestRedis();
  const cloudDir = mkdtempSync(join(tmpdir(), 'pipeline-lab-cloud-'));
  writeFileSync(join(cloudDir, 'sim.json'), JSON.stringify({ timeScale: 0.01 }));
  await initCloud(cloudDir, 'ready');
  const simEnv = { LABOPS_SIM_DIR: cloudDir, OS_AUTH_URL: 'https://172.16.15.113:5000/v3' };
  await execa(join(SIM_BIN, 'docker'), ['login', '-u', 'labops', '--password-stdin'], {
    input: 'pw\n',
    env: simEnv,
  });
  const { sim } = await startTestSim({}, { resolveImage: (ref) => resolveImage(cloudDir, ref) });
  const team = freshTeam();
  const keys = testKeys();
  const home = mkdtempSync(join(tmpdir(), 'pipeline-lab-home-'));
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-lab-repo-'));
  const init = await initPipeline({ dir, team, redisUrl: redis.url, bin: LABOPS_BIN });
  const commands = new Map<string, string[][]>();
  const conn = connectRedis(redis.url, 'blocking');
  const pk = readPipelineKeys(dir);
  const runner = await startRunner({
    team,
    config: readConfig({
      LABOPS_TEAM: team,
      LABOPS_DOCKERHUB_USER: 'labops',
      LABOPS_JUJU_K8S_MODEL: `${OPENSTACK_CONTROLLER}:k8s`,
    }),
    redisUrl: redis.url,
    verifyKey: keys.verify,
    pipelineKey: pk.verify,
    recipes: { ...recipes, ...pipelineRecipes({ redis: conn, dir }) },
    log: silentLogger,
    redact: createRedactor([]),
    artifacts: artifactStore(conn, team, { ttlS: 600, maxBytes: 8 << 20 }),
    env: { PATH: `${SIM_BIN}:${process.env.PATH}`, HOME: home, KUBECONFIG: sim.kubeconfigPath, ...simEnv },
    logDir: mkdtempSync(join(tmpdir(), 'pipeline-lab-logs-')),
    concurrency: 1,
    shutdownTimeoutMs: 5_000,
    cache: false,
    onCommand: (jobId, argv) => commands.set(jobId, [...(commands.get(jobId) ?? []), argv]),
  });
  const client = testClient(redis.url, keys);
  const follow = (jobId: string, progress: ProgressEvent[] = []) =>
    client.follow(team, jobId, { onProgress: (e) => progress.push(e) });
  const gitEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    GIT_AUTHOR_NAME: 'Ana Student',
    GIT_AUTHOR_EMAIL: 'ana@example.test',
    GIT_COMMITTER_NAME: 'Ana Student',
    GIT_COMMITTER_EMAIL: 'ana@example.test',
    LABOPS_PUSHER: 'ana',
  };
  return {
    redis,
    sim,
    team,
    client,
    init,
    runner,
    cloudDir,
    commands,
    git: async (args) => {
      const r = await execa('git', args, { cwd: init.clone, env: gitEnv, extendEnv: false, all: true });
      return { stdout: r.stdout, stderr: r.stderr, all: r.all ?? '' };
    },
    run: async (name, data = {}) => follow(await enqueue(client, team, name, data)),
    follow,
    async close() {
      await runner.close();
      await client.close();
      conn.disconnect();
      await sim.close();
      await redis.stop();
      for (const d of [cloudDir, home, dir]) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** The job id the post-receive hook printed (git shows it as `remote: labops: pipeline <id> queued …`). */
export function queuedJob(gitOutput: string): string {
  const m = /labops: pipeline (pipeline-[0-9a-f]{7}-[0-9a-z]+) queued/.exec(gitOutput);
  if (!m?.[1]) throw new Error(`the hook queued no pipeline job; git said:\n${gitOutput}`);
  return m[1];
}
