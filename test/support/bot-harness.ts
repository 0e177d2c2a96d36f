import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultPromise } from 'execa';
import { Redis } from 'ioredis';
import { deployCommands } from '../../src/bot/register.js';
import { readBotSettings } from '../../src/bot/settings.js';
import { botKeys } from '../../src/bot/state-keys.js';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import type { Recipe } from '../../src/runners/recipe.js';
import type { RunnerHandle } from '../../src/runners/worker.js';
import { loadAccessConfig } from '../../src/services/access-config.js';
import { type DiscordStandIn, type StandInOptions, startDiscordStandIn } from './discord/index.js';
import { type TestKeys, testKeys, testRunner } from './pipeline.js';
import { labopsDaemon, tempDir } from './procs.js';
import { startTestRedis } from './redis.js';

/** A bot process, a Discord stand-in, a real Redis and a runner with the test's recipes. */
export interface BotWorld {
  redis: EmbeddedRedis;
  standIn: DiscordStandIn;
  keys: TestKeys;
  env: Record<string, string>;
  /** The in-process runner (null when started with `runner: false`). */
  runner: RunnerHandle | null;
  bot: { proc: ResultPromise; output: () => string };
  startBot(extra?: Record<string, string>): Promise<void>;
  stopBot(signal?: NodeJS.Signals): Promise<void>;
  /** Stops Redis, waits `pauseMs`, and starts it again on the same dir and port (AOF keeps the data). */
  restartRedis(pauseMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startBotWorld(opts: {
  recipes: Partial<Record<string, Recipe<any>>>;
  team?: string;
  standIn?: StandInOptions;
  /** LABOPS_CONFIG contents (YAML); none = the default access rules. */
  config?: (s: DiscordStandIn) => string;
  env?: Record<string, string>;
  /** The runner's environment (tools read KUBECONFIG and the like from it). */
  runnerEnv?: NodeJS.ProcessEnv;
  /** Secret values the runner redacts (as a runner does with those of its environment). */
  runnerSecrets?: string[];
  /** Runner settings (environment variables of its config). */
  runnerConfig?: Record<string, string>;
  /** False: no in-process runner (the test starts runner processes of its own). */
  runner?: boolean;
  /** Run the in-process runner's autocomplete cache (off by default). */
  runnerCache?: boolean;
}): Promise<BotWorld> {
  // Redis in a dir of the test's own, so a restart on the same dir finds its AOF.
  const redisDir = tempDir('labops-bot-redis-');
  let redis = await startTestRedis({ dir: redisDir });
  const standIn = await startDiscordStandIn(opts.standIn ?? {});
  const keys = testKeys();
  const dir = tempDir('labops-bot-');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    REDIS_URL: redis.url,
    DISCORD_TOKEN: standIn.token,
    DISCORD_APP_ID: standIn.appId,
    DISCORD_GUILD_ID: standIn.guildId,
    DISCORD_API_BASE: standIn.apiBase,
    LABOPS_SIGNING_KEY: keys.signing.export({ type: 'pkcs8', format: 'pem' }).toString(),
    LOG_LEVEL: 'info',
    // A bot killed outright holds the leadership lease this long: the next one waits it out.
    LABOPS_BOT_LEASE_TTL_MS: '2000',
    ...opts.env,
  };
  if (opts.config) {
    const path = join(dir, 'labops.yaml');
    writeFileSync(path, opts.config(standIn));
    env.LABOPS_CONFIG = path;
  }
  await registerCommands(env);
  const runner =
    opts.runner === false
      ? null
      : await testRunner({
          redisUrl: redis.url,
          team: opts.team ?? 'default',
          keys,
          recipes: opts.recipes,
          ...(opts.runnerEnv ? { env: opts.runnerEnv } : {}),
          ...(opts.runnerSecrets ? { secrets: opts.runnerSecrets } : {}),
          ...(opts.runnerConfig ? { config: opts.runnerConfig } : {}),
          cache: opts.runnerCache,
        });
  const world: BotWorld = {
    redis,
    standIn,
    keys,
    env,
    runner,
    bot: undefined as never,
    async startBot(extra = {}) {
      world.bot = await labopsDaemon(['bot'], { ...env, ...extra }, /bot ready/);
    },
    async stopBot(signal = 'SIGTERM') {
      if (world.bot.proc.exitCode === null) world.bot.proc.kill(signal);
      await world.bot.proc;
    },
    async restartRedis(pauseMs = 1_000) {
      const { dir, port } = redis;
      await redis.stop();
      await new Promise((r) => setTimeout(r, pauseMs));
      redis = await startTestRedis({ dir, port });
      world.redis = redis;
    },
    async close() {
      await world.stopBot().catch(() => undefined);
      await runner?.close();
      await standIn.close();
      await world.redis.stop();
      rmSync(redisDir, { recursive: true, force: true });
    },
  };
  await world.startBot();
  return world;
}

/**
 * Registers the bot's commands with the Discord stand-in in this process, as
 * `labops commands deploy` does with the same environment (one bulk overwrite).
 */
export async function registerCommands(env: Record<string, string>): Promise<string[]> {
  const settings = readBotSettings(env, { needRedis: false });
  return deployCommands(settings, loadAccessConfig(settings.LABOPS_CONFIG));
}

/**
 * Resolves once the bot is done with a job: its final result recorded as posted (after which no
 * bot posts it again) and the job gone from the bot's active set.
 */
export async function botSettled(w: BotWorld, jobId: string, team = 'default', timeoutMs = 20_000) {
  const redis = new Redis(w.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const [claim, active] = await Promise.all([
        redis.get(botKeys.final(team, jobId)),
        redis.sismember(botKeys.active(team), jobId),
      ]);
      if (claim?.startsWith('posted:') && active === 0) return;
      if (Date.now() > until)
        throw new Error(`the bot did not settle job ${jobId}: claim ${claim}, active ${active}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    redis.disconnect();
  }
}

/** The custom ids of the buttons on a stored message. */
export function buttonIds(components: unknown): string[] {
  const out: string[] = [];
  const walk = (c: unknown) => {
    const o = (c ?? {}) as Record<string, unknown>;
    if (typeof o.custom_id === 'string') out.push(o.custom_id);
    if (Array.isArray(o.components)) o.components.forEach(walk);
  };
  if (Array.isArray(components)) components.forEach(walk);
  return out;
}
