import type { Interaction } from 'discord.js';
import type { Actor } from './permissions.js';

/** The authorization view of whoever sent an interaction. */
export function actorOf(i: Interaction): Actor {
  const member = i.member;
  const roles = !member ? [] : Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  // The permissions Discord computed for this interaction (channel overwrites included).
  const permissions = i.memberPermissions?.bitfield ?? null;
  return { userId: i.user.id, roleIds: roles, permissions, channelId: i.channelId ?? '' };
}

/** The per-file upload limit the interaction allows (bytes; default 10 MiB). */
export function attachmentLimitOf(i: Interaction): number {
  const raw = (i as unknown as { attachmentSizeLimit?: number }).attachmentSizeLimit;
  return typeof raw === 'number' && raw > 0 ? raw : 10 * 1024 * 1024;
}
