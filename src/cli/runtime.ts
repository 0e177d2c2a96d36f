import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labClock } from '../runners/clock.js';
import { createRunnerMetrics } from '../runners/metrics.js';
import { runnerPipeline } from '../runners/pipeline/runner-pipeline.js';
import { recipes } from '../runners/recipes/index.js';
import { type RunnerHandle, startRunner } from '../runners/worker.js';
import { artifactStore } from '../services/artifacts.js';
import type { Config } from '../shared/config.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { createRedactor, type Redactor, secretEnvValues } from '../shared/redact.js';
import { checkRedisTls, connectRedis } from '../shared/redis.js';
import { loadVerifyKey } from './keys.js';
import { startRunnerOps } from './runner-ops.js';

/** The composition root of a runner: config, keys, redaction, logger, recipes, worker. */
export async function bootRunner(opts: {
  config: Config;
  redisUrl: string;
  team: string;
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  lab?: string;
  /** The redactor of this runner; pass the one the logger uses so that both learn the same secrets. */
  redact?: Redactor;
}): Promise<RunnerHandle> {
  const env = opts.env ?? process.env;
  const redact = opts.redact ?? createRedactor(secretEnvValues(env));
  const log = opts.log ?? createLogger({ level: opts.config.LOG_LEVEL, name: 'runner', redact });
  // A refused TLS certificate stops the runner here, with what to set; Redis being away does not.
  await checkRedisTls(opts.redisUrl);
  const artifactsRedis = connectRedis(opts.redisUrl, 'blocking');
  const metrics = createRunnerMetrics();
  const dir = opts.config.LABOPS_PIPELINE_DIR;
  const pipeline = dir ? runnerPipeline({ dir, team: opts.team, redisUrl: opts.redisUrl, log }) : undefined;
  const handle = await startRunner({
    team: opts.team,
    config: opts.config,
    redisUrl: opts.redisUrl,
    verifyKey: loadVerifyKey(opts.config),
    pipelineKey: pipeline?.pipelineKey,
    recipes: pipeline ? { ...recipes, ...pipeline.recipes } : recipes,
    log,
    redact,
    artifacts: artifactStore(artifactsRedis, opts.team, {
      ttlS: opts.config.LABOPS_ARTIFACT_TTL_S,
      maxBytes: opts.config.LABOPS_ARTIFACT_MAX_BYTES,
    }),
    env,
    logDir: opts.config.LABOPS_LOG_DIR ?? join(tmpdir(), `labops-logs-${process.getuid?.() ?? 'u'}`),
    concurrency: opts.config.LABOPS_RUNNER_CONCURRENCY,
    shutdownTimeoutMs: opts.config.LABOPS_SHUTDOWN_TIMEOUT_MS,
    lockDurationMs: opts.config.LABOPS_LOCK_DURATION_MS,
    stalledIntervalMs: opts.config.LABOPS_STALLED_INTERVAL_MS,
    lab: opts.lab,
    clock: labClock(opts.lab, opts.config.LABOPS_SIM_TIME_SCALE),
    metrics,
  });
  const ops = await startRunnerOps({
    config: opts.config,
    redisUrl: opts.redisUrl,
    runner: handle,
    metrics,
    log,
    app: pipeline?.app,
  });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await ops?.close();
      await pipeline?.close();
      artifactsRedis.disconnect();
    },
  };
}

export { bootClient, connectClient } from './connect.js';
export { onShutdown } from './shutdown.js';
