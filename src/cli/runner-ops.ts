import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RunnerMetrics } from '../runners/metrics.js';
import type { RunnerHandle } from '../runners/worker.js';
import type { Config } from '../shared/config.js';
import { type OpsServer, redisCheck, startOpsServer } from '../shared/http-server.js';
import type { Logger } from '../shared/logger.js';
import { connectRedis } from '../shared/redis.js';

/** A heartbeat older than this (it is written every 10 s, kept 30 s) makes the runner not ready. */
const BEAT_FRESH_MS = 30_000;

/**
 * The runner's operations endpoint, when `LABOPS_RUNNER_HTTP_PORT` is set: `/healthz`,
 * `/readyz` (Redis answers PING and the runner's heartbeat is fresh) and `/metrics`.
 * Returns null when the setting is unset.
 */
export async function startRunnerOps(opts: {
  config: Config;
  redisUrl: string;
  runner: RunnerHandle;
  metrics: RunnerMetrics;
  log: Logger;
  /** Other paths: the team's push webhook (`/hooks/git`) when it has a pipeline. */
  app?: (req: IncomingMessage, res: ServerResponse) => void;
}): Promise<OpsServer | null> {
  const port = opts.config.LABOPS_RUNNER_HTTP_PORT;
  if (port === undefined) return null;
  // A connection of its own that fails fast, so a Redis outage shows at once.
  const redis = connectRedis(opts.redisUrl, 'producer', { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const server = await startOpsServer({
    port,
    host: opts.config.LABOPS_HTTP_HOST,
    registry: opts.metrics.registry,
    checks: {
      redis: redisCheck(redis),
      heartbeat: async () => Date.now() - opts.runner.lastBeatAt() < BEAT_FRESH_MS,
    },
    log: opts.log,
    ...(opts.app ? { app: opts.app } : {}),
  });
  return {
    port: server.port,
    close: async () => {
      await server.close();
      redis.disconnect();
    },
  };
}
