import type { Redis } from 'ioredis';
import { loadAccessConfig, queueOf } from '../services/access-config.js';
import { type Config, readConfig } from '../shared/config.js';
import { connectRedis } from '../shared/redis.js';
import {
  advertiseDashboard,
  dashboardBaseUrl,
  dashboardListener,
  type RequestHandler,
  startDashboardServer,
  withdrawDashboard,
} from './server.js';

/** The port `labops start` serves the dashboard on unless LABOPS_HTTP_PORT says otherwise. */
const DEFAULT_PORT = 9464;

/**
 * The dashboard of `labops start`: on 127.0.0.1 (LABOPS_HTTP_HOST to change it) at
 * LABOPS_HTTP_PORT (9464; another free port when that one is taken), advertised for
 * `labops dashboard url`. The teams are LABOPS_CONFIG's, else the local team.
 */
export async function startLocalDashboard(o: {
  config: Config;
  redisUrl: string;
  team: string;
  env?: NodeJS.ProcessEnv;
}): Promise<{ url: string; close(): Promise<void> }> {
  const env = o.env ?? process.env;
  const access = loadAccessConfig(o.config.LABOPS_CONFIG);
  const teams = access.configured
    ? access.teams.map((t) => ({ name: t.name, queue: queueOf(t) }))
    : [{ name: o.team, queue: o.team }];
  const redis = connectRedis(o.redisUrl, 'producer');
  const host = env.LABOPS_HTTP_HOST?.trim() || '127.0.0.1';
  const deps = {
    redis,
    teams: () => teams,
    artifacts: { ttlS: o.config.LABOPS_ARTIFACT_TTL_S, maxBytes: o.config.LABOPS_ARTIFACT_MAX_BYTES },
  };
  const wanted = Number(env.LABOPS_HTTP_PORT ?? DEFAULT_PORT);
  const server = await startDashboardServer({ port: wanted, host, deps }).catch(() =>
    startDashboardServer({ port: 0, host, deps }),
  );
  const url = env.LABOPS_DASHBOARD_URL?.trim()
    ? dashboardBaseUrl(server.port, env)
    : `http://${host}:${server.port}`;
  advertiseDashboard(o.config.keysDir, url);
  return {
    url,
    async close() {
      withdrawDashboard(o.config.keysDir);
      await server.close();
      redis.disconnect();
    },
  };
}

/**
 * The dashboard handler the bot mounts on its operations server (LABOPS_HTTP_PORT): the teams
 * of LABOPS_CONFIG, read with the bot's own settings.
 */
export function botDashboard(redis: Redis, config: Config = readConfig()): RequestHandler {
  const access = loadAccessConfig(config.LABOPS_CONFIG);
  const teams = access.teams.map((t) => ({ name: t.name, queue: queueOf(t) }));
  return dashboardListener({
    redis,
    teams: () => teams,
    artifacts: { ttlS: config.LABOPS_ARTIFACT_TTL_S, maxBytes: config.LABOPS_ARTIFACT_MAX_BYTES },
  });
}
