import type { Client } from 'discord.js';
import type { Redis } from 'ioredis';
import type { LabClient } from '../client/lab-client.js';
import { botDashboard } from '../dashboard/local.js';
import { type OpsServer, redisCheck, startOpsServer } from '../shared/http-server.js';
import type { Logger } from '../shared/logger.js';
import type { ChannelProblem } from './channel-health.js';
import type { BotMetrics } from './metrics.js';

/**
 * The bot's operations endpoint: `/healthz` (with the channels the bot cannot post in),
 * `/readyz` (Redis answers and the Discord gateway session is ready) and `/metrics` (with each
 * team's queue depth read when scraped).
 */
export async function startBotOps(opts: {
  port: number;
  host: string;
  metrics: BotMetrics;
  gateway: Client;
  redis: Redis;
  client: LabClient;
  queues: string[];
  /** Channels the bot cannot post in (`/healthz` lists them as `channelsUnpostable`). */
  channels?: () => ChannelProblem[];
  /** Who leads (`/healthz` shows it as `leader`): this bot, or a standby waiting for the lease. */
  leader?: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  log: Logger;
}): Promise<OpsServer> {
  const { metrics, client } = opts;
  metrics.sources.depth = async () => {
    const out: Record<string, Record<string, number>> = {};
    for (const q of opts.queues)
      out[q] = await client.queue(q).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
    return out;
  };
  try {
    return await startOpsServer({
      port: opts.port,
      host: opts.host,
      app: botDashboard(opts.redis),
      registry: metrics.registry,
      checks: {
        redis: redisCheck(opts.redis),
        discord: async () => opts.gateway.isReady(),
      },
      health: async () => ({
        ...(opts.channels ? { channelsUnpostable: opts.channels() } : {}),
        ...(opts.leader ? { leader: await opts.leader() } : {}),
      }),
      log: opts.log,
    });
  } catch (err) {
    // The bot's work is Discord: a taken port costs the endpoint, not the bot.
    opts.log.error(
      { err: (err as Error).message, port: opts.port },
      'operations endpoint not started (set LABOPS_HTTP_PORT to a free port)',
    );
    return { port: -1, close: async () => {} };
  }
}
