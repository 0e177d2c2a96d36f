import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabClient } from '../client/lab-client.js';
import { recipes } from '../runners/recipes/index.js';
import { type RunnerHandle, startRunner } from '../runners/worker.js';
import { artifactStore } from '../shared/artifacts.js';
import type { Config } from '../shared/config.js';
import { killAllSubprocesses } from '../shared/exec.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { createRunnerMetrics } from '../shared/metrics.js';
import { createRedactor, type Redactor, secretEnvValues } from '../shared/redact.js';
import { checkRedisTls, connectRedis, waitForRedis } from '../shared/redis.js';
import { loadSigningKey, loadVerifyKey } from './keys.js';
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
  const handle = await startRunner({
    team: opts.team,
    config: opts.config,
    redisUrl: opts.redisUrl,
    verifyKey: loadVerifyKey(opts.config),
    recipes,
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
    metrics,
  });
  const ops = await startRunnerOps({
    config: opts.config,
    redisUrl: opts.redisUrl,
    runner: handle,
    metrics,
    log,
  });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await ops?.close();
      artifactsRedis.disconnect();
    },
  };
}

/** The issuing side for CLI commands: a client that can sign. */
export function bootClient(config: Config, redisUrl: string, needKey = true): LabClient {
  return new LabClient(redisUrl, needKey ? loadSigningKey(config) : null);
}

/**
 * `bootClient`, once Redis answers: a command fails within seconds, saying why (Redis away,
 * its TLS certificate refused), instead of waiting on a connection that cannot come.
 */
export async function connectClient(config: Config, redisUrl: string, needKey = true): Promise<LabClient> {
  const client = bootClient(config, redisUrl, needKey);
  try {
    await waitForRedis(client.redis, redisUrl);
  } catch (err) {
    await client.close();
    throw err;
  }
  return client;
}

/**
 * Runs `stop` once on SIGTERM / SIGINT, then exits 0, or 1 with its one-line reason when
 * `stop` returns one (jobs cancelled at the bound). When `bound` is given, the stop is
 * bounded whatever Redis, Discord or a tool is doing: past it, every subprocess tree is
 * killed and the process exits 1 with one line saying why (`reason`, e.g. Redis away).
 */
export function onShutdown(
  stop: () => Promise<string | undefined | void>,
  log?: Logger,
  bound?: { timeoutMs: number; name: string; reason?: () => string | undefined },
): void {
  let stopping = false;
  const handler = (sig: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log?.info({ signal: sig }, 'shutting down');
    if (bound) {
      // Not unref'd: this timer is what ends a stop that hangs.
      setTimeout(() => {
        killAllSubprocesses('SIGKILL');
        const why = bound.reason?.() ?? 'it was still waiting on Redis, Discord or a job';
        process.stderr.write(
          `labops ${bound.name}: stopped after LABOPS_SHUTDOWN_TIMEOUT_MS (${bound.timeoutMs} ms) without a clean shutdown: ${why}\n`,
        );
        process.exit(1);
      }, bound.timeoutMs);
    }
    stop().then(
      (problem) => {
        if (!problem) process.exit(0);
        process.stderr.write(`labops ${bound?.name ?? 'process'}: ${problem}\n`);
        process.exit(1);
      },
      (err) => {
        log?.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
