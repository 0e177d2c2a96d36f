import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabClient } from '../../src/client/lab-client.js';
import type { JobName } from '../../src/jobs/definitions.js';
import { jobs } from '../../src/jobs/definitions.js';
import { type Clock, realClock, scaledClock } from '../../src/runners/clock.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { type RunnerHandle, startRunner } from '../../src/runners/worker.js';
import { artifactStore } from '../../src/services/artifacts.js';
import { readConfig } from '../../src/shared/config.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createRedactor } from '../../src/shared/redact.js';
import { connectRedis } from '../../src/shared/redis.js';
import { timeScale } from '../../src/sim/cloud/state/clock.js';

export interface TestKeys {
  signing: KeyObject;
  verify: KeyObject;
}

export function testKeys(): TestKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { signing: privateKey, verify: publicKey };
}

let n = 0;
/** A team name no other test uses, so every test has a fresh queue. */
export function freshTeam(): string {
  return `t${process.pid}-${Date.now().toString(36)}-${n++}`;
}

/** A real runner (BullMQ worker) on a real Redis, with the recipes the test gives it. */
export async function testRunner(opts: {
  redisUrl: string;
  team: string;
  keys: TestKeys;
  recipes: Partial<Record<string, Recipe<any, any>>>;
  env?: NodeJS.ProcessEnv;
  secrets?: string[];
  shutdownTimeoutMs?: number;
  onCommand?: (jobId: string, argv: string[], dry: boolean) => void;
  /** Extra settings (as environment variables) for the runner's config. */
  config?: Record<string, string>;
  /** Run the runner's autocomplete cache (off by default). */
  cache?: boolean;
  /** The lab's clock; default: the simulated lab's (at its time scale) when `env` names one, else real time. */
  clock?: Clock;
  /** The team's pipeline key (public half), accepted for its `pipeline` jobs only. */
  pipelineKey?: KeyObject;
}): Promise<RunnerHandle> {
  const config = readConfig({ ...opts.config, LABOPS_TEAM: opts.team });
  const redis = connectRedis(opts.redisUrl, 'blocking');
  const handle = await startRunner({
    team: opts.team,
    config,
    redisUrl: opts.redisUrl,
    verifyKey: opts.keys.verify,
    pipelineKey: opts.pipelineKey,
    recipes: opts.recipes,
    log: silentLogger,
    redact: createRedactor(opts.secrets ?? []),
    artifacts: artifactStore(redis, opts.team, { ttlS: 600, maxBytes: 8 * 1024 * 1024 }),
    env: opts.env ?? process.env,
    logDir: mkdtempSync(join(tmpdir(), 'labops-test-logs-')),
    concurrency: 2,
    shutdownTimeoutMs: opts.shutdownTimeoutMs ?? 5_000,
    onCommand: opts.onCommand,
    clock: opts.clock ?? clockOf(opts.env ?? process.env),
    // The autocomplete cache has tests of its own; here it would only add its refreshes.
    cache: opts.cache ? {} : false,
  });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      redis.disconnect();
    },
  };
}

/** The clock a runner on `env` uses: the simulated lab's when `LABOPS_SIM_DIR` names one, else real time. */
function clockOf(env: NodeJS.ProcessEnv): Clock {
  const dir = env.LABOPS_SIM_DIR;
  return dir ? scaledClock(timeScale(dir, env)) : realClock;
}

export function testClient(redisUrl: string, keys: TestKeys | null): LabClient {
  return new LabClient(redisUrl, keys?.signing ?? null);
}

/** Enqueues a job as the CLI would, with a unique id. */
export async function enqueue(
  client: LabClient,
  team: string,
  name: JobName,
  data: Record<string, unknown> = {},
) {
  const def = jobs[name];
  const parsed = def.data.parse(data) as Record<string, unknown>;
  const jobId = `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  await client.enqueue({
    team,
    jobId,
    def,
    data: parsed,
    requestedBy: { id: 'test:1', name: 'tester', via: 'cli' },
  });
  return jobId;
}

const SIM_BIN = fileURLToPath(new URL('../../bin/sim/', import.meta.url));

/**
 * A runner on the stand-in juju / openstack / docker / vault of the simulated cloud in `simDir`,
 * with a HOME of its own; every command a job runs is recorded in `commands` under its job id.
 */
export function simCloudRunner(o: {
  redisUrl: string;
  team: string;
  keys: TestKeys;
  recipes: Partial<Record<string, Recipe<any>>>;
  simDir: string;
  commands: Map<string, string[][]>;
  env?: Record<string, string>;
  config?: Record<string, string>;
}): Promise<RunnerHandle> {
  return testRunner({
    redisUrl: o.redisUrl,
    team: o.team,
    keys: o.keys,
    recipes: o.recipes,
    env: {
      PATH: `${SIM_BIN}:${process.env.PATH}`,
      HOME: mkdtempSync(join(tmpdir(), 'labops-runner-home-')),
      LABOPS_SIM_DIR: o.simDir,
      OS_AUTH_URL: 'https://172.16.15.113:5000/v3',
      ...o.env,
    },
    // The simulated cloud's own registry has the user `labops` (its preset's Docker Hub account).
    config: { LABOPS_DOCKERHUB_USER: 'labops', ...o.config },
    onCommand: (jobId, argv) => o.commands.set(jobId, [...(o.commands.get(jobId) ?? []), argv]),
  });
}
