import { randomBytes } from 'node:crypto';
import {
  type APIInteraction,
  type APIMessage,
  type APIUser,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  type Locale,
} from 'discord-api-types/v10';
import { channelPermissions } from './channel-permissions.js';
import { buildOptions, type OptionInputs } from './command-options.js';
import { snowflake } from './snowflake.js';
import { ALL_PERMISSIONS, memberOf, permissionsOf, type UserKey, type World } from './world.js';

/** Who acts and where: shared by commands, clicks and autocomplete. */
export interface ActorOptions {
  /** A user of the world (default `'student'`) or any user object. */
  user?: UserKey | APIUser;
  /** Give the member Administrator (adds the instructor role; permissions carry every bit). */
  admin?: boolean;
  /** Role ids the member holds (replaces the user's usual roles). */
  roles?: string[];
  /** The user's client locale (default `'en-US'`). */
  locale?: string;
  /** The guild's locale (default `'pt-BR'`). */
  guildLocale?: string;
  channelId?: string;
  /** Per-file upload limit this interaction allows (default 10 MiB). */
  attachmentSizeLimit?: number;
  /** The bot's permissions in the channel (default: computed from the channel's overwrites, as Discord does). */
  appPermissions?: string;
  /** Stand-in side only: this interaction's response deadline (default the stand-in's `interactionDeadlineMs`). */
  deadlineMs?: number;
  /** Stand-in side only: this interaction's token lifetime (default the stand-in's `tokenLifetimeMs`). */
  tokenLifetimeMs?: number;
}

/** A slash command as a user types it. */
export interface CommandOptions extends ActorOptions {
  name: string;
  options?: OptionInputs;
  subcommand?: string;
  subcommandGroup?: string;
}

/** An interaction token shaped like Discord's (long, opaque, URL-safe). */
export function interactionToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(60).toString('base64url')}`;
}

function base(world: World, actor: ActorOptions) {
  const key: UserKey = typeof actor.user === 'string' ? actor.user : 'student';
  const roles = [...(actor.roles ?? world.memberRoles[key])];
  if (actor.admin && !roles.includes(world.roles.instructor.id)) roles.push(world.roles.instructor.id);
  const member = memberOf(world, key, roles);
  if (typeof actor.user === 'object') member.user = actor.user;
  const permissions = actor.admin ? ALL_PERMISSIONS : permissionsOf(world, roles);
  const channelId = actor.channelId ?? world.channelId;
  const channel = world.channels.find((c) => c.id === channelId);
  return {
    id: snowflake(),
    application_id: world.appId,
    token: interactionToken(),
    version: 1 as const,
    guild: { id: world.guildId, features: [], locale: (actor.guildLocale ?? 'pt-BR') as Locale },
    guild_id: world.guildId,
    channel: {
      id: channelId,
      type: ChannelType.GuildText as const,
      name: channel?.name ?? 'lab',
      guild_id: world.guildId,
    },
    channel_id: channelId,
    member: { ...member, user: member.user as APIUser, permissions },
    // `app_permissions`: the bot's permissions in this channel, overwrites included
    // (discord-api-docs developers/interactions/receiving-and-responding.mdx, Interaction Object).
    app_permissions: actor.appPermissions ?? channelPermissions(world, 'bot', channelId).toString(),
    locale: (actor.locale ?? 'en-US') as Locale,
    guild_locale: (actor.guildLocale ?? 'pt-BR') as Locale,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: world.guildId },
    context: InteractionContextType.Guild,
    attachment_size_limit: actor.attachmentSizeLimit ?? 10 * 1024 * 1024,
  };
}

/** A CHAT_INPUT application command interaction (type 2), or autocomplete (type 4) when `focused` is set. */
export function commandInteraction(
  world: World,
  registered: Record<string, unknown> | undefined,
  opts: CommandOptions & { focused?: string },
): APIInteraction {
  const built = buildOptions(world, registered, opts.options ?? {}, {
    ...(opts.subcommand ? { subcommand: opts.subcommand } : {}),
    ...(opts.subcommandGroup ? { group: opts.subcommandGroup } : {}),
    ...(opts.focused ? { focused: opts.focused } : {}),
  });
  const data = {
    id: typeof registered?.id === 'string' ? registered.id : snowflake(),
    name: opts.name,
    type: ApplicationCommandType.ChatInput,
    guild_id: world.guildId,
    options: built.options,
    ...(built.resolved ? { resolved: built.resolved } : {}),
  };
  const type = opts.focused
    ? InteractionType.ApplicationCommandAutocomplete
    : InteractionType.ApplicationCommand;
  return { ...base(world, opts), type, data } as APIInteraction;
}

/** A MESSAGE_COMPONENT interaction (type 3) on `message`: a button, or a string select when `values` is set. */
export function componentInteraction(
  world: World,
  message: APIMessage,
  opts: ActorOptions & { customId: string; values?: string[] },
): APIInteraction {
  const data = opts.values
    ? { custom_id: opts.customId, component_type: ComponentType.StringSelect, values: opts.values }
    : { custom_id: opts.customId, component_type: ComponentType.Button };
  return { ...base(world, opts), type: InteractionType.MessageComponent, data, message } as APIInteraction;
}
