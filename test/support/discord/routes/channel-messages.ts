import { discordError, json, noContent, type Reply } from '../http-kit.js';
import { checkMessageLimits } from '../message-limits.js';
import type { RouteContext, RouteDef } from '../route-types.js';
import type { StoredMessage } from '../types.js';

const limits = (ctx: RouteContext) => checkMessageLimits(ctx.body, ctx.files.length);
const fileLimit = (ctx: RouteContext) => ctx.state.opts.attachmentSizeLimit;

function channelOf(ctx: RouteContext): boolean {
  return ctx.state.world.channels.some((c) => c.id === ctx.params.channel_id);
}

function messageOf(ctx: RouteContext): StoredMessage | undefined {
  const m = ctx.state.messages.get(ctx.params.message_id ?? '');
  return m && !m.deleted && !m.ephemeral && m.channelId === ctx.params.channel_id ? m : undefined;
}

/** 400/30046, as Discord answers too many edits to an old message. */
export const lateEditLimit = (): Reply =>
  discordError(400, 30046, 'Maximum number of edits to messages older than 1 hour reached. Try again later');

/** Channel messages with the bot token: create, list, fetch, edit (with the late-edit limit), delete. */
export const channelMessageRoutes: RouteDef[] = [
  {
    method: 'POST',
    template: '/channels/{channel_id}/messages',
    auth: 'bot',
    limits,
    fileLimit,
    handle: (ctx) => {
      if (!channelOf(ctx)) return discordError(404, 10003, 'Unknown Channel');
      const b = (ctx.body ?? {}) as Record<string, unknown>;
      const empty =
        !b.content &&
        !(Array.isArray(b.embeds) && b.embeds.length) &&
        !(Array.isArray(b.components) && b.components.length) &&
        ctx.files.length === 0 &&
        !b.sticker_ids &&
        !b.poll;
      if (empty) return discordError(400, 50006, 'Cannot send an empty message');
      const m = ctx.state.messages.create({
        channelId: ctx.params.channel_id ?? '',
        author: ctx.state.world.users.bot,
        payload: ctx.body,
        files: ctx.files,
      });
      return json(m.message);
    },
  },
  {
    method: 'GET',
    template: '/channels/{channel_id}/messages',
    auth: 'bot',
    handle: (ctx) => {
      if (!channelOf(ctx)) return discordError(404, 10003, 'Unknown Channel');
      const limit = Math.min(100, Number(ctx.query.get('limit') ?? 50));
      const list = ctx.state.messages.inChannel(ctx.params.channel_id ?? '').filter((m) => !m.ephemeral);
      return json(
        list
          .slice(-limit)
          .reverse()
          .map((m) => m.message),
      );
    },
  },
  {
    method: 'GET',
    template: '/channels/{channel_id}/messages/{message_id}',
    auth: 'bot',
    handle: (ctx) => {
      const m = messageOf(ctx);
      return m ? json(m.message) : discordError(404, 10008, 'Unknown Message');
    },
  },
  {
    method: 'PATCH',
    template: '/channels/{channel_id}/messages/{message_id}',
    auth: 'bot',
    limits,
    fileLimit,
    handle: (ctx) => {
      const m = messageOf(ctx);
      if (!m) return discordError(404, 10008, 'Unknown Message');
      if (m.message.author.id !== ctx.state.world.users.bot.id)
        return discordError(403, 50005, 'Cannot edit a message authored by another user');
      const { editWindowMs, lateEditLimit: max } = ctx.state.opts;
      if (ctx.state.messages.edit(m, ctx.body, ctx.files, editWindowMs, max) === 'late-edit-limit')
        return lateEditLimit();
      return json(m.message);
    },
  },
  {
    method: 'DELETE',
    template: '/channels/{channel_id}/messages/{message_id}',
    auth: 'bot',
    handle: (ctx) => {
      const m = messageOf(ctx);
      if (!m) return discordError(404, 10008, 'Unknown Message');
      ctx.state.messages.delete(m);
      return noContent();
    },
  },
];
