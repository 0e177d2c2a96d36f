import {
  type APIGuildMember,
  type APIRole,
  type APITextChannel,
  type APIUser,
  type ChannelFlags,
  ChannelType,
  type GatewayGuildCreateDispatchData,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  type GuildHubType,
  type GuildMemberFlags,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  OverwriteType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { snowflake } from './snowflake.js';

/** Every permission bit Discord defines, as the decimal string interactions carry for admins. */
export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits)
  .reduce((acc, bit) => acc | bit, 0n)
  .toString();

/** What `@everyone` may do in the class server: see, read history, send, embed, attach, use commands. */
export const EVERYONE_PERMISSIONS = (
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands
).toString();

/** Keys of the fixed users of the stand-in's guild. */
export type UserKey = 'bot' | 'instructor' | 'student' | 'student2' | 'outsider';
/** Keys of the named roles of the stand-in's guild (besides `@everyone`). */
export type RoleKey = 'instructor' | 'student' | 'team1' | 'team2';

/** The fixed server the stand-in serves: one guild, two text channels, named roles and members. */
export interface World {
  appId: string;
  guildId: string;
  channelId: string;
  otherChannelId: string;
  ownerId: string;
  users: Record<UserKey, APIUser>;
  roles: Record<RoleKey | 'everyone', APIRole>;
  /** Role ids held by each user (the `@everyone` role is implicit, as on Discord). */
  memberRoles: Record<UserKey, string[]>;
  channels: APITextChannel[];
  /** The guild's boost tier (0–3): it sets the bot's own upload limit in channels. */
  premiumTier: GuildPremiumTier;
  /** More roles without permissions (e.g. one per team of a class), after the named ones. */
  extraRoles: APIRole[];
}

/** An extra text channel of the world, with what the bot is denied there (a member overwrite). */
export interface ExtraChannel {
  name: string;
  /** Permission bits the bot's member overwrite denies in this channel. */
  botDeny?: bigint;
}

function user(id: string, username: string, bot = false): APIUser {
  return { id, username, global_name: bot ? null : username, discriminator: '0', avatar: null, bot };
}

function role(id: string, name: string, permissions: string, position: number, color = 0): APIRole {
  return {
    id,
    name,
    color,
    colors: { primary_color: color, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions,
    managed: false,
    mentionable: false,
    flags: 0 as APIRole['flags'],
  };
}

function textChannel(id: string, guildId: string, name: string, position: number): APITextChannel {
  return {
    id,
    type: ChannelType.GuildText,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    parent_id: null,
    rate_limit_per_user: 0,
    flags: 0 as ChannelFlags,
  };
}

/**
 * Builds a fresh world; the bot user's id equals the application id, as for most real bots
 * (unless `distinctBotUser`).
 * `extra` channels follow `#lab` and `#team-2`.
 */
export function createWorld(
  opts: {
    channels?: ExtraChannel[];
    premiumTier?: GuildPremiumTier;
    roles?: string[];
    /** The bot user's id differs from the application id (as for bots made before 2016 or so). */
    distinctBotUser?: boolean;
  } = {},
): World {
  const appId = snowflake(Date.now() - 400 * 86_400_000);
  const guildId = snowflake(Date.now() - 300 * 86_400_000);
  const ids = () => snowflake(Date.now() - 200 * 86_400_000);
  const users: Record<UserKey, APIUser> = {
    bot: user(opts.distinctBotUser ? snowflake(Date.now() - 350 * 86_400_000) : appId, 'labops', true),
    instructor: user(ids(), 'instructor1'),
    student: user(ids(), 'student1'),
    student2: user(ids(), 'student2'),
    outsider: user(ids(), 'visitor1'),
  };
  const roles = {
    everyone: role(guildId, '@everyone', EVERYONE_PERMISSIONS, 0),
    instructor: role(ids(), 'instructor', PermissionFlagsBits.Administrator.toString(), 4, 0xe67e22),
    student: role(ids(), 'student', '0', 3, 0x3498db),
    team1: role(ids(), 'team-1', '0', 2, 0x2ecc71),
    team2: role(ids(), 'team-2', '0', 1, 0x9b59b6),
  };
  const channelId = ids();
  const otherChannelId = ids();
  return {
    appId,
    guildId,
    channelId,
    otherChannelId,
    ownerId: users.instructor.id,
    users,
    roles,
    memberRoles: {
      bot: [],
      instructor: [roles.instructor.id],
      student: [roles.student.id, roles.team1.id],
      student2: [roles.student.id, roles.team2.id],
      outsider: [],
    },
    channels: [
      textChannel(channelId, guildId, 'lab', 0),
      textChannel(otherChannelId, guildId, 'team-2', 1),
      ...(opts.channels ?? []).map((c, k) => {
        const ch = textChannel(ids(), guildId, c.name, 2 + k);
        if (c.botDeny)
          ch.permission_overwrites = [
            { id: users.bot.id, type: OverwriteType.Member, allow: '0', deny: c.botDeny.toString() },
          ];
        return ch;
      }),
    ],
    premiumTier: opts.premiumTier ?? GuildPremiumTier.None,
    extraRoles: (opts.roles ?? []).map((name) => role(ids(), name, '0', 1)),
  };
}

/** A guild member object for `user`, with the given role ids. */
export function memberOf(world: World, key: UserKey, roleIds?: string[]): APIGuildMember {
  return {
    user: world.users[key],
    nick: null,
    avatar: null,
    banner: null,
    roles: roleIds ?? world.memberRoles[key],
    joined_at: new Date(Date.now() - 30 * 86_400_000).toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
  };
}

/** The computed guild-wide permissions of a member holding `roleIds`, as a decimal string. */
export function permissionsOf(world: World, roleIds: string[]): string {
  let bits = BigInt(world.roles.everyone.permissions);
  for (const r of Object.values(world.roles)) if (roleIds.includes(r.id)) bits |= BigInt(r.permissions);
  return (bits & PermissionFlagsBits.Administrator) !== 0n ? ALL_PERMISSIONS : bits.toString();
}

/** The GUILD_CREATE payload that follows READY. */
export function guildCreate(world: World): GatewayGuildCreateDispatchData {
  const keys = Object.keys(world.users) as UserKey[];
  return {
    id: world.guildId,
    name: 'Containers e K8s',
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: world.ownerId,
    region: 'brazil',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.Low,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.AllMembers,
    roles: [...Object.values(world.roles), ...world.extraRoles],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: world.channelId,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: world.premiumTier,
    premium_subscription_count: 0,
    preferred_locale: 'pt-BR' as GatewayGuildCreateDispatchData['preferred_locale'],
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null as GuildHubType | null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    joined_at: new Date(Date.now() - 60 * 86_400_000).toISOString(),
    large: false,
    unavailable: false,
    member_count: keys.length,
    voice_states: [],
    members: keys.map((k) => memberOf(world, k)),
    channels: world.channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
