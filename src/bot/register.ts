import { REST, Routes } from 'discord.js';
import { commands } from '../commands/index.js';
import type { AccessConfig } from '../services/access-config.js';
import { commandsJson } from './command-json.js';
import type { BotSettings } from './settings.js';

/**
 * Registers every command in the guild in one bulk overwrite
 * (`PUT /applications/{app}/guilds/{guild}/commands`): commands no longer defined disappear.
 */
export async function deployCommands(settings: BotSettings, access: AccessConfig): Promise<string[]> {
  const rest = new REST({ api: settings.DISCORD_API_BASE }).setToken(settings.DISCORD_TOKEN);
  const body = commandsJson(commands, access);
  const res = (await rest.put(
    Routes.applicationGuildCommands(settings.DISCORD_APP_ID, settings.DISCORD_GUILD_ID),
    {
      body,
    },
  )) as { name: string }[];
  return res.map((c) => c.name);
}
