import { type APIOverwrite, OverwriteType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import { ALL_PERMISSIONS, type UserKey, type World } from './world.js';

/**
 * A member's permissions in one channel, computed as discord-api-docs
 * `developers/topics/permissions.mdx` ("Permission Overwrites") says: the base permissions of
 * `@everyone` and the member's roles (Administrator: everything), then the channel's `@everyone`
 * overwrite, the role overwrites (all denies, then all allows), then the member's own overwrite.
 * "Implicit Permissions" of the same page: without VIEW_CHANNEL nothing else counts; without
 * SEND_MESSAGES neither MENTION_EVERYONE, SEND_TTS_MESSAGES, ATTACH_FILES nor EMBED_LINKS do.
 */
export function channelPermissions(world: World, who: UserKey, channelId: string): bigint {
  const roles = world.memberRoles[who];
  let base = BigInt(world.roles.everyone.permissions);
  for (const r of Object.values(world.roles)) if (roles.includes(r.id)) base |= BigInt(r.permissions);
  if ((base & P.Administrator) !== 0n) return BigInt(ALL_PERMISSIONS);
  const channel = world.channels.find((c) => c.id === channelId);
  const overwrites: APIOverwrite[] = channel?.permission_overwrites ?? [];
  const apply = (bits: bigint, o: { allow: bigint; deny: bigint }) => (bits & ~o.deny) | o.allow;
  const of = (o: APIOverwrite | undefined) => ({ allow: BigInt(o?.allow ?? 0), deny: BigInt(o?.deny ?? 0) });
  let bits = apply(base, of(overwrites.find((o) => o.id === world.guildId)));
  const roleOws = overwrites.filter((o) => o.type === OverwriteType.Role && roles.includes(o.id));
  bits = apply(bits, {
    allow: roleOws.reduce((a, o) => a | BigInt(o.allow), 0n),
    deny: roleOws.reduce((a, o) => a | BigInt(o.deny), 0n),
  });
  const userId = world.users[who].id;
  bits = apply(bits, of(overwrites.find((o) => o.type === OverwriteType.Member && o.id === userId)));
  if ((bits & P.ViewChannel) === 0n) return 0n;
  if ((bits & P.SendMessages) === 0n)
    bits &= ~(P.MentionEveryone | P.SendTTSMessages | P.AttachFiles | P.EmbedLinks);
  return bits;
}

/** Sets (replaces) the bot's own member overwrite on a channel: `deny` bits taken away, `allow` given. */
export function setBotOverwrite(world: World, channelId: string, deny: bigint, allow = 0n): void {
  const channel = world.channels.find((c) => c.id === channelId);
  if (!channel) throw new Error(`discord stand-in: no channel ${channelId}`);
  const id = world.users.bot.id;
  const rest = (channel.permission_overwrites ?? []).filter((o) => o.id !== id);
  channel.permission_overwrites = [
    ...rest,
    { id, type: OverwriteType.Member, allow: allow.toString(), deny: deny.toString() },
  ];
}

/** Names of the bits of `needed` that `have` lacks (PermissionFlagsBits names). */
export function missingNames(have: bigint, needed: bigint): string[] {
  return Object.entries(P)
    .filter(([, bit]) => (needed & bit) !== 0n && (have & bit) === 0n)
    .map(([name]) => name);
}
