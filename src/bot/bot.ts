import type { KeyObject } from 'node:crypto';
import { LabClient } from '../client/lab-client.js';
import { artifactStore } from '../shared/artifacts.js';
import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import { connectRedis, waitForRedis } from '../shared/redis.js';
import { type AccessConfig, queueOf } from './access-config.js';
import { configuredChannelProblems } from './app-permissions.js';
import { ChannelHealth } from './channel-health.js';
import { guardedPort, restChannelPort } from './channel-port.js';
import type { BotContext } from './context.js';
import { createGatewayClient, login, wireInteractions } from './gateway.js';
import { InvalidRequestWatch } from './invalid-requests.js';
import { JobRecords } from './job-record.js';
import { JobTracker } from './job-tracker.js';
import { createBotMetrics, observeClient } from './metrics.js';
import { startBotOps } from './ops.js';
import { PendingJobs } from './pending.js';
import type { BotSettings } from './settings.js';
import { TeamEvents } from './team-events.js';
import { botUploadLimit } from './upload-limit.js';

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
  gateway.rest.on('invalidRequestWarning', (w) =>
    log.warn({ count: w.count, remainingMs: w.remainingTime }, 'Discord invalid requests (discord.js count)'),
  );
  const metrics = createBotMetrics();
  const invalid = new InvalidRequestWatch(log);
  metrics.sources.invalidWindow = () => invalid.inWindow();
  observeClient(gateway, metrics, () => invalid.record());
  const health = new ChannelHealth(log);
  // The bot's own user id comes from the gateway session (READY), not from DISCORD_APP_ID.
  const botUserId = () => gateway.user?.id ?? settings.DISCORD_APP_ID;
  const port = guardedPort(restChannelPort(gateway.rest, settings.DISCORD_GUILD_ID, botUserId), health);
  const events = new TeamEvents(settings.REDIS_URL, redis, log);
  const records = new JobRecords(redis);
  const limits = { ttlS: config.LABOPS_ARTIFACT_TTL_S, maxBytes: config.LABOPS_ARTIFACT_MAX_BYTES };
  const tracker = new JobTracker({
    client,
    events,
    records,
    port,
    health,
    uploadLimit: () => botUploadLimit(gateway.guilds.cache.get(settings.DISCORD_GUILD_ID)?.premiumTier),
    final: {
      staleMs: settings.LABOPS_FINAL_CLAIM_STALE_MS,
      testDelayMs: settings.LABOPS_TEST_FINAL_POST_DELAY_MS,
    },
    artifacts: (queue) => (id) => artifactStore(redis, queue, limits).get(id),
    status: {
      intervalMs: settings.LABOPS_EDIT_INTERVAL_MS,
      maxAgeMs: settings.LABOPS_STATUS_MAX_AGE_MS,
      lateEditAgeMs: settings.LABOPS_DISCORD_LATE_EDIT_AGE_MS,
      pressure: () => invalid.pressure(),
      log,
    },
    log,
  });
  const ctx: BotContext = {
    settings,
    access,
    client,
    redis,
    pending: new PendingJobs(redis),
    tracker,
    channels: health,
    log,
  };
  const commandChannels = [
    ...access.channels,
    ...Object.values(access.commands).flatMap((c) => c.channels ?? []),
  ];
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
    channels: () => [...health.report(), ...configuredChannelProblems(gateway, commandChannels)],
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
