import { GuildPremiumTier } from 'discord.js';

const MiB = 1024 * 1024;

/**
 * The bot's own per-file upload limit in the guild's channels. discord-api-docs
 * `developers/reference.mdx` ("Uploading Files"): the default is 10 MiB, "but may be higher for
 * users depending on their Nitro status or by the server's Boost Tier". Channel posts go out with
 * the bot token, which has no Nitro, so only the tier counts (Level 2: 50 MB, Level 3: 100 MB,
 * Discord's Server Boosting FAQ). An interaction's `attachment_size_limit` is the invoking member's
 * limit (Nitro included) and only applies to replies to that interaction.
 */
export function botUploadLimit(tier: GuildPremiumTier | undefined): number {
  if (tier === GuildPremiumTier.Tier3) return 100 * MiB;
  if (tier === GuildPremiumTier.Tier2) return 50 * MiB;
  return 10 * MiB;
}
