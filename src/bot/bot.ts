import type { KeyObject } from 'node:crypto';
import { LabClient } from '../client/lab-client.js';
import { artifactStore } from '../shared/artifacts.js';
import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import { connectRedis, waitForRedis } from '../shared/redis.js';
import { type AccessConfig, queueOf } from './access-config.js';
import { restChannelPort } from './channel-port.js';
import type { BotContext } from './context.js';
import { createGatewayClient, login, wireInteractions } from './gateway.js';
import { JobRecords } from './job-record.js';
import { JobTracker } from './job-tracker.js';
import { createBotMetrics, observeClient } from './metrics.js';
import { startBotOps } from './ops.js';
import { PendingJobs } from './pending.js';
import type { BotSettings } from './settings.js';
import { TeamEvents } from './team-events.js';

export interface BotHandle {
  close(): Promise<void>;
}

/**
 * The bot's composition root: Redis, the lab client (signing), the tracker with its team
 * event readers, the gateway client. Resumes the jobs an earlier life was following.
 */
export async function startBot(opts: {
  settings: BotSettings;
  config: Config;
  access: AccessConfig;
  signingKey: KeyObject;
  log: Logger;
}): Promise<BotHandle> {
  const { settings, config, access, log } = opts;
  const redis = connectRedis(settings.REDIS_URL, 'producer');
  await waitForRedis(redis, settings.REDIS_URL);
  const client = new LabClient(settings.REDIS_URL, opts.signingKey);
  const gateway = createGatewayClient(settings.DISCORD_API_BASE);
  gateway.rest.setToken(settings.DISCORD_TOKEN);
  const metrics = createBotMetrics();
  observeClient(gateway, metrics);
  const events = new TeamEvents(settings.REDIS_URL, redis, log);
  const records = new JobRecords(redis);
  const limits = { ttlS: config.LABOPS_ARTIFACT_TTL_S, maxBytes: config.LABOPS_ARTIFACT_MAX_BYTES };
  const tracker = new JobTracker({
    client,
    events,
    records,
    port: restChannelPort(gateway.rest, settings.DISCORD_GUILD_ID, settings.DISCORD_APP_ID),
    final: {
      staleMs: settings.LABOPS_FINAL_CLAIM_STALE_MS,
      testDelayMs: settings.LABOPS_TEST_FINAL_POST_DELAY_MS,
    },
    artifacts: (queue) => (id) => artifactStore(redis, queue, limits).get(id),
    status: {
      intervalMs: settings.LABOPS_EDIT_INTERVAL_MS,
      maxAgeMs: settings.LABOPS_STATUS_MAX_AGE_MS,
      log,
    },
    log,
  });
  const ctx: BotContext = { settings, access, client, redis, pending: new PendingJobs(redis), tracker, log };
  for (const team of access.teams) await events.open(queueOf(team));
  wireInteractions(gateway, ctx);
  const ops = await startBotOps({
    port: settings.LABOPS_HTTP_PORT,
    host: config.LABOPS_HTTP_HOST,
    metrics,
    gateway,
    redis,
    client,
    queues: access.teams.map(queueOf),
    log,
  });
  await login(gateway, settings.DISCORD_TOKEN);
  let resumed = 0;
  for (const team of access.teams) resumed += await tracker.resume(queueOf(team));
  log.info({ teams: access.teams.map((tm) => tm.name), resumed }, 'bot ready');
  return {
    async close() {
      tracker.stop();
      await ops.close();
      await gateway.destroy();
      await events.close();
      await client.close();
      redis.disconnect();
    },
  };
}
