import { GuildPremiumTier } from 'discord-api-types/v10';

const MiB = 1024 * 1024;

/**
 * The bot's own per-file upload limit in a guild's channels. discord-api-docs
 * `developers/reference.mdx` ("Uploading Files"): "The default limit is `10 MiB` for all users, but
 * may be higher for users depending on their Nitro status or by the server's Boost Tier"; a bot has
 * no Nitro, so only the tier counts. The tier values (Level 2: 50 MB, Level 3: 100 MB) are those of
 * Discord's Server Boosting FAQ (support article 360028038352) that the docs link to.
 */
export function botUploadLimit(tier: GuildPremiumTier): number {
  if (tier === GuildPremiumTier.Tier3) return 100 * MiB;
  if (tier === GuildPremiumTier.Tier2) return 50 * MiB;
  return 10 * MiB;
}
