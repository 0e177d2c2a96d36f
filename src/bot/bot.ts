import { type KeyObject, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { LabClient } from '../client/lab-client.js';
import { type AccessConfig, queueOf } from '../services/access-config.js';
import { artifactStore } from '../services/artifacts.js';
import type { Config } from '../shared/config.js';
import type { Logger } from '../shared/logger.js';
import { checkRedisTls, connectRedis, waitForRedis } from '../shared/redis.js';
import { watchRedisOutage } from '../shared/redis-outage.js';
import { configuredChannelProblems } from './app-permissions.js';
import { ChannelHealth } from './channel-health.js';
import { fencedPort, guardedPort, restChannelPort } from './channel-port.js';
import type { BotContext } from './context.js';
import { createGatewayClient, login, wireInteractions } from './gateway.js';
import { InvalidRequestWatch } from './invalid-requests.js';
import { JobRecords } from './job-record.js';
import { JobTracker } from './job-tracker.js';
import { createLeaderLease, currentLeader } from './leader.js';
import { createBotMetrics, observeClient } from './metrics.js';
import { startBotOps } from './ops.js';
import { PendingJobs } from './pending.js';
import type { BotSettings } from './settings.js';
import { TeamEvents } from './team-events.js';
import { botUploadLimit } from './upload-limit.js';

export interface BotHandle {
  close(): Promise<void>;
  /** Resolves once this bot leads (at once unless another bot holds the lease). */
  leading: Promise<void>;
}

/**
 * The bot's composition root: Redis, the lab client (signing), the tracker with its team
 * event readers, the gateway client. Two bots may run against one Redis: the one holding the
 * leadership lease (`leader.ts`) logs in to Discord and works; the other serves `/healthz`
 * and waits, then takes over, resuming the jobs the earlier leader was following.
 */
export async function startBot(opts: {
  settings: BotSettings;
  config: Config;
  access: AccessConfig;
  signingKey: KeyObject;
  log: Logger;
  /** Called once if this bot loses its leadership (it should then stop: a supervisor restarts it as a standby). */
  onLeadershipLost?: (why: string) => void;
}): Promise<BotHandle> {
  const { settings, config, access, log } = opts;
  // A URL whose scheme does not match the server stops the bot here, naming REDIS_URL.
  await checkRedisTls(settings.REDIS_URL);
  const redis = connectRedis(settings.REDIS_URL, 'producer');
  await waitForRedis(redis, settings.REDIS_URL);
  const outage = watchRedisOutage([redis], settings.REDIS_URL, log);
  const lease = createLeaderLease(redis, {
    id: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    ttlMs: settings.LABOPS_BOT_LEASE_TTL_MS,
    log,
  });
  let lost = false;
  const loseLeadership = (why: string) => {
    if (lost) return;
    lost = true;
    log.error({ why }, 'this bot is no longer the leader: it stops posting');
    opts.onLeadershipLost?.(why);
  };
  lease.onLost(loseLeadership);
  const client = new LabClient(settings.REDIS_URL, opts.signingKey, {
    onLost: (job) => log.warn({ job }, 'a job Redis lost in a failover was enqueued again under its id'),
  });
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
  const port = fencedPort(
    guardedPort(restChannelPort(gateway.rest, settings.DISCORD_GUILD_ID, botUserId), health),
    lease,
    () => loseLeadership('another bot took the leadership over'),
  );
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
    },
    artifacts: (queue) => (id) => artifactStore(redis, queue, limits).get(id),
    statusDelayMs: settings.LABOPS_STATUS_DELAY_MS,
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
    leadershipLost: () => lease.isLost(),
  };
  const commandChannels = [
    ...access.channels,
    ...Object.values(access.commands).flatMap((c) => c.channels ?? []),
  ];
  const ops = await startBotOps({
    port: settings.LABOPS_HTTP_PORT,
    host: config.LABOPS_HTTP_HOST,
    metrics,
    gateway,
    redis,
    client,
    queues: access.teams.map(queueOf),
    channels: () => [...health.report(), ...configuredChannelProblems(gateway, commandChannels)],
    leader: async () => ({
      self: lease.id,
      leading: lease.isLeader(),
      holder: (await currentLeader(redis))?.id ?? null,
    }),
    log,
  });
  const closing = new AbortController();
  let adopt: NodeJS.Timeout | undefined;
  const leading = (async () => {
    if (!(await currentLeader(redis).catch(() => null)))
      log.info({ bot: lease.id }, 'taking the leadership lease');
    else log.info({ bot: lease.id }, 'another bot leads: waiting for its lease to lapse (standby)');
    await lease.acquire(closing.signal);
    for (const team of access.teams) await events.open(queueOf(team));
    wireInteractions(gateway, ctx);
    await login(gateway, settings.DISCORD_TOKEN);
    let resumed = 0;
    for (const team of access.teams) resumed += await tracker.resume(queueOf(team));
    log.info({ teams: access.teams.map((tm) => tm.name), resumed, epoch: lease.epoch() }, 'bot ready');
    // Jobs another bot enqueued and stopped following (it died, or lost the lease right after
    // taking a command) are adopted: following a job twice is harmless, its final post is claimed once.
    adopt = setInterval(() => {
      if (!lease.isLeader()) return;
      for (const team of access.teams) void tracker.resume(queueOf(team)).catch(() => undefined);
    }, ADOPT_EVERY_MS);
    adopt.unref();
  })();
  leading.catch((err: unknown) => {
    if (!closing.signal.aborted) log.error({ err }, 'the bot could not start leading');
  });
  // A bot that leads from the start is ready when this returns, as before.
  const first = await Promise.race([leading.then(() => true), later(300, false)]).catch(() => false);
  if (first) await leading;
  return {
    leading,
    async close() {
      closing.abort();
      if (adopt) clearInterval(adopt);
      tracker.stop();
      await ops.close();
      await gateway.destroy();
      await events.close();
      await client.close();
      await lease.release();
      outage.stop();
      redis.disconnect();
    },
  };
}

/** How often the leader looks for jobs nobody follows. */
const ADOPT_EVERY_MS = 5_000;

const later = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms).unref());
