import { readBotSettings } from '../bot/settings.js';
import { loadAccessConfig } from '../services/access-config.js';
import { readConfig } from '../shared/config.js';
import { createLogger } from '../shared/logger.js';
import { createRedactor } from '../shared/redact.js';
import { loadSigningKey } from './keys.js';
import { onShutdown } from './shutdown.js';

/** `labops bot`: the Discord bot, until SIGTERM / SIGINT. */
export async function cmdBot(): Promise<void> {
  const settings = readBotSettings();
  const config = readConfig();
  const access = loadAccessConfig(settings.LABOPS_CONFIG);
  const signingKey = loadSigningKey(config);
  const log = createLogger({
    level: config.LOG_LEVEL,
    name: 'bot',
    redact: createRedactor([settings.DISCORD_TOKEN]),
  });
  const { startBot } = await import('../bot/bot.js');
  const bot = await startBot({
    settings,
    config,
    access,
    signingKey,
    log,
    // A bot that lost its leadership stops at once (its supervisor restarts it as a standby).
    onLeadershipLost: (why) => {
      process.stderr.write(`labops bot: no longer the leader (${why}): stopping\n`);
      void Promise.race([bot?.close(), new Promise((r) => setTimeout(r, 3_000).unref())]).finally(() =>
        process.exit(1),
      );
    },
  });
  onShutdown(() => bot.close(), log, { timeoutMs: config.LABOPS_SHUTDOWN_TIMEOUT_MS, name: 'bot' });
}

/**
 * `labops commands deploy`: one bulk overwrite of the guild's commands; prints the channel
 * permissions the bot needs (as the integer) and the invite URL that grants them.
 */
export async function cmdCommandsDeploy(): Promise<void> {
  const settings = readBotSettings(process.env, { needRedis: false });
  const access = loadAccessConfig(settings.LABOPS_CONFIG);
  const { deployCommands } = await import('../bot/register.js');
  const names = await deployCommands(settings, access);
  process.stdout.write(
    `registered ${names.length} commands in guild ${settings.DISCORD_GUILD_ID}: ${names.map((n) => `/${n}`).join(' ')}\n`,
  );
  const { INVITE_PERMISSIONS, inviteUrl, permissionNames } = await import('../bot/app-permissions.js');
  const needed = permissionNames(0n, INVITE_PERMISSIONS, 'en').join(', ');
  process.stdout.write(
    `bot permissions: ${INVITE_PERMISSIONS} (${needed}) in every channel where commands are used\n` +
      `invite URL: ${inviteUrl(settings.DISCORD_APP_ID, settings.DISCORD_GUILD_ID)}\n`,
  );
}
