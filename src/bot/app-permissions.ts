import { type Client, type Interaction, PermissionFlagsBits as P } from 'discord.js';
import type { Lang } from './i18n.js';

/**
 * What the bot needs in a channel to report a job there with the bot token: see it, post the
 * status and result (Send Messages; in a thread Send Messages in Threads instead, which threads
 * do not inherit — discord-api-docs `developers/topics/permissions.mdx`, "Inherited Permissions
 * (Threads)"), show embeds (Embed Links: a message of embeds only is refused without it), attach
 * files (Attach Files) and find its own result again after a crash (Read Message History: Get
 * Channel Messages returns nothing without it — `developers/resources/message.mdx`).
 */
const NAMES: [bigint, Record<Lang, string>][] = [
  [P.ViewChannel, { en: 'View Channel', 'pt-BR': 'Ver canal' }],
  [P.SendMessages, { en: 'Send Messages', 'pt-BR': 'Enviar mensagens' }],
  [P.SendMessagesInThreads, { en: 'Send Messages in Threads', 'pt-BR': 'Enviar mensagens em tópicos' }],
  [P.EmbedLinks, { en: 'Embed Links', 'pt-BR': 'Inserir links' }],
  [P.AttachFiles, { en: 'Attach Files', 'pt-BR': 'Anexar arquivos' }],
  [P.ReadMessageHistory, { en: 'Read Message History', 'pt-BR': 'Ver histórico de mensagens' }],
];

const COMMON = P.ViewChannel | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory;

/** The bits the bot needs in a channel (`thread`: a thread channel). */
export function neededIn(thread: boolean): bigint {
  return COMMON | (thread ? P.SendMessagesInThreads : P.SendMessages);
}

/** The permissions integer the bot's invite asks for (text channels and threads). */
export const INVITE_PERMISSIONS = COMMON | P.SendMessages | P.SendMessagesInThreads;

/** The OAuth2 invite URL that adds the bot with {@link INVITE_PERMISSIONS} (developers/topics/oauth2.mdx, Bot Authorization Flow). */
export function inviteUrl(appId: string, guildId?: string): string {
  const q = new URLSearchParams({
    client_id: appId,
    scope: 'bot applications.commands',
    permissions: INVITE_PERMISSIONS.toString(),
    ...(guildId ? { guild_id: guildId, disable_guild_select: 'true' } : {}),
  });
  return `https://discord.com/oauth2/authorize?${q.toString().replace(/\+/g, '%20')}`;
}

/** Names (in `lang`) of the bits of `needed` missing from `have`. */
export function permissionNames(have: bigint, needed: bigint, lang: Lang): string[] {
  return NAMES.filter(([bit]) => (needed & bit) !== 0n && (have & bit) === 0n).map(([, n]) => n[lang]);
}

/**
 * The bits the bot lacks where the interaction came from, read from its `app_permissions` (the
 * bot's permissions in that channel, overwrites included); 0n when it has them all or when the
 * interaction carries none (a DM).
 */
export function missingHere(i: Interaction): bigint {
  const have = i.appPermissions?.bitfield;
  if (have === undefined || !i.inGuild()) return 0n;
  const thread = i.channel?.isThread() ?? false;
  return neededIn(thread) & ~have;
}

/**
 * The configured command channels (LABOPS_CONFIG `channels`, per-command `channels`) where the
 * gateway's guild cache says the bot lacks a permission it needs; read when `/healthz` is asked.
 */
export function configuredChannelProblems(
  client: Client,
  channelIds: string[],
): { channelId: string; state: 'missing'; detail: string; since: number }[] {
  const me = client.user;
  if (!me) return [];
  return [...new Set(channelIds)].flatMap((id) => {
    const channel = client.channels.cache.get(id);
    if (!channel || !('permissionsFor' in channel)) return [];
    const have = channel.permissionsFor(me)?.bitfield ?? 0n;
    const missing = permissionNames(have, neededIn(channel.isThread()), 'en');
    return missing.length
      ? [{ channelId: id, state: 'missing' as const, detail: missing.join(', '), since: 0 }]
      : [];
  });
}
