import { z } from 'zod';
import { JOB_ID_WINDOW_MS } from '../jobs/envelope.js';
import { ConfigError } from '../shared/config.js';
import { redisUrlFromSettings } from '../shared/redis-sentinel.js';

const snowflake = z.string().regex(/^\d{17,20}$/, 'a Discord id (17 to 20 digits)');
const ms = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  DISCORD_TOKEN: z.string().min(20, 'the bot token from the Developer Portal (Bot → Reset Token)'),
  DISCORD_APP_ID: snowflake,
  DISCORD_GUILD_ID: snowflake,
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a URL starting with redis:// or rediss://')
    .optional(),
  LABOPS_CONFIG: z.string().min(1).optional(),
  DISCORD_API_BASE: z.url('a URL such as https://discord.com/api').default('https://discord.com/api'),
  /**
   * A status message is replaced by a fresh one when it gets this old: Discord rations edits of
   * messages older than an hour (30046), so it is always done before LABOPS_DISCORD_LATE_EDIT_AGE_MS.
   */
  LABOPS_STATUS_MAX_AGE_MS: ms(1_000, 60 * 60_000).default(50 * 60_000),
  /** Discord's age after which edits are rationed (30046; documented as 1 h). Tests shrink it. */
  LABOPS_DISCORD_LATE_EDIT_AGE_MS: ms(1_000, 60 * 60_000).default(60 * 60_000),
  /** How long a Confirm / Cancel prompt stays valid. */
  LABOPS_CONFIRM_TTL_MS: ms(1_000, 14 * 60_000).default(2 * 60_000),
  /**
   * Two identical requests of one member (same command, options and team) less than this apart
   * make one job: a double click, a retried interaction.
   */
  LABOPS_DUPLICATE_WINDOW_MS: ms(1_000, 10 * 60_000).default(JOB_ID_WINDOW_MS),
  /** Least time between two edits of one status message. */
  LABOPS_EDIT_INTERVAL_MS: ms(250, 60_000).default(1_000),
  /**
   * A job gets its status message once it has run this long since it was queued; one that ends
   * sooner posts its result alone (fewer calls under Discord's global limit). 0: at once.
   */
  LABOPS_STATUS_DELAY_MS: ms(0, 60_000).default(2_000),
  /**
   * A claim to post a final result (`posting:<at>`) older than this is taken for one whose
   * bot died before posting: the channel is checked for the result and it is posted if absent.
   */
  LABOPS_FINAL_CLAIM_STALE_MS: ms(1_000, 24 * 3600_000).default(2 * 60_000),
  /**
   * How long the leadership lease lives without renewal: a standby bot takes over at most this
   * long (plus a second) after the leading bot died.
   */
  LABOPS_BOT_LEASE_TTL_MS: ms(1_000, 5 * 60_000).default(10_000),
  /** The bot's /healthz, /readyz and /metrics port (0: any free port; the log says which). */
  LABOPS_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
});

/** The bot's settings, validated once at start-up. */
export type BotSettings = z.infer<typeof schema> & { REDIS_URL: string };

const hints: Record<string, string> = {
  DISCORD_TOKEN: 'set DISCORD_TOKEN to the bot token',
  DISCORD_APP_ID: 'the application id (Developer Portal → General Information)',
  DISCORD_GUILD_ID: "the class server's id (right click the server → Copy Server ID)",
  REDIS_URL: 'e.g. redis://127.0.0.1:6379',
};

/**
 * Reads the bot's settings from `env`; a bad or missing one throws a ConfigError naming it.
 * Registering commands (`needRedis: false`) does not need REDIS_URL.
 */
export function readBotSettings(
  env: NodeJS.ProcessEnv = process.env,
  opts = { needRedis: true },
): BotSettings {
  const cleaned = Object.fromEntries(
    Object.keys(schema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = schema.safeParse(cleaned);
  const issues = parsed.success ? [] : [...parsed.error.issues];
  // With Sentinel, REDIS_URL is optional (it then gives only the data nodes' ACL user).
  if (opts.needRedis && cleaned.REDIS_URL === undefined && !env.REDIS_SENTINELS)
    issues.push({ path: ['REDIS_URL'], message: 'missing' } as never);
  if (parsed.success && !issues.length)
    return {
      ...parsed.data,
      REDIS_URL:
        redisUrlFromSettings({
          REDIS_URL: parsed.data.REDIS_URL,
          REDIS_SENTINELS: env.REDIS_SENTINELS || undefined,
          REDIS_SENTINEL_MASTER: env.REDIS_SENTINEL_MASTER || undefined,
          REDIS_SENTINEL_PASSWORD: env.REDIS_SENTINEL_PASSWORD || undefined,
        }) ?? '',
    };
  const lines = issues.map((i) => {
    const name = String(i.path[0] ?? 'setting');
    const missing = cleaned[name] === undefined;
    const why = missing ? 'missing' : i.message;
    return `  ${name}: ${why}${hints[name] ? ` (${hints[name]})` : ''}`;
  });
  throw new ConfigError(`invalid bot settings:\n${lines.join('\n')}`);
}
