import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { channelPermissions } from '../channel-permissions.js';
import { discordError, json, noContent, type Reply } from '../http-kit.js';
import { checkMessageLimits } from '../message-limits.js';
import type { RouteContext, RouteDef } from '../route-types.js';
import type { StoredMessage } from '../types.js';
import { botUploadLimit } from '../upload-limits.js';

const limits = (ctx: RouteContext) => checkMessageLimits(ctx.body, ctx.files.length);
/** Channel messages are sent with the bot token: the bot's own limit (the guild's boost tier) applies. */
const fileLimit = (ctx: RouteContext) => botUploadLimit(ctx.state.world.premiumTier);
type Obj = Record<string, unknown>;

/** 403/50001 "Missing Access" (no VIEW_CHANNEL) — developers/topics/opcodes-and-status-codes.mdx. */
const missingAccess = (): Reply => discordError(403, 50001, 'Missing Access');
/** 403/50013 "You lack permissions to perform that action" — same table. */
const missingPermissions = (): Reply => discordError(403, 50013, 'Missing Permissions');

/** The bot's permissions in the route's channel. */
const botBits = (ctx: RouteContext) =>
  channelPermissions(ctx.state.world, 'bot', ctx.params.channel_id ?? '');
const has = (bits: bigint, bit: bigint) => (bits & bit) === bit;
const hasEmbeds = (b: Obj) => Array.isArray(b.embeds) && b.embeds.length > 0;

/**
 * Create Message's permission rules (developers/resources/message.mdx, "Create Message",
 * Limitations): SEND_MESSAGES in a guild channel (VIEW_CHANNEL first, else 50001); files need
 * ATTACH_FILES. Embeds without EMBED_LINKS: a message of embeds only is refused with 50013, with
 * content the embeds are dropped (discord/discord-api-docs#2601, reported and confirmed behaviour).
 */
function createRefusal(ctx: RouteContext, b: Obj): Reply | null {
  const bits = botBits(ctx);
  if (!has(bits, P.ViewChannel)) return missingAccess();
  if (!has(bits, P.SendMessages)) return missingPermissions();
  if (ctx.files.length > 0 && !has(bits, P.AttachFiles)) return missingPermissions();
  if (hasEmbeds(b) && !has(bits, P.EmbedLinks) && !b.content) return missingPermissions();
  return null;
}

/**
 * `enforce_nonce`: "If true and nonce is present, it will be checked for uniqueness in the past few
 * minutes. If another message was created by the same author with the same nonce, that message will
 * be returned and no new message will be created." (message.mdx, Create Message, JSON/Form Params).
 */
function sameNonce(ctx: RouteContext, b: Obj): StoredMessage | undefined {
  if (b.enforce_nonce !== true || b.nonce === undefined || b.nonce === null) return undefined;
  const since = Date.now() - ctx.state.opts.nonceWindowMs;
  return ctx.state.messages
    .inChannel(ctx.params.channel_id ?? '')
    .find((m) => m.nonce === String(b.nonce) && m.createdAt >= since && !m.ephemeral);
}

function channelOf(ctx: RouteContext): boolean {
  return ctx.state.world.channels.some((c) => c.id === ctx.params.channel_id);
}

function messageOf(ctx: RouteContext): StoredMessage | undefined {
  const m = ctx.state.messages.get(ctx.params.message_id ?? '');
  return m && !m.deleted && !m.ephemeral && m.channelId === ctx.params.channel_id ? m : undefined;
}

/**
 * 30046 "Maximum number of edits to messages older than 1 hour reached. Try again later"
 * (opcodes-and-status-codes.mdx, JSON error codes). Discord sends it as a 429 carrying the code and a
 * `retry_after` (the rate-limit body of developers/topics/rate-limits.mdx), so @discordjs/rest waits
 * and retries it like any rate limit instead of throwing.
 */
export const lateEditLimit = (retryAfterMs: number): Reply => ({
  status: 429,
  body: {
    message: 'Maximum number of edits to messages older than 1 hour reached. Try again later',
    code: 30046,
    retry_after: retryAfterMs / 1000,
    global: false,
  },
  headers: { 'retry-after': String(Math.ceil(retryAfterMs / 1000)), 'x-ratelimit-scope': 'user' },
});

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
      const b = (ctx.body ?? {}) as Obj;
      const refused = createRefusal(ctx, b);
      if (refused) return refused;
      const again = sameNonce(ctx, b);
      if (again) return json(again.message);
      const bits = botBits(ctx);
      const payload = hasEmbeds(b) && !has(bits, P.EmbedLinks) ? { ...b, embeds: [] } : b;
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
        payload,
        files: ctx.files,
      });
      if (b.nonce !== undefined && b.nonce !== null) m.nonce = String(b.nonce);
      return json(m.message);
    },
  },
  {
    method: 'GET',
    template: '/channels/{channel_id}/messages',
    auth: 'bot',
    handle: (ctx) => {
      if (!channelOf(ctx)) return discordError(404, 10003, 'Unknown Channel');
      // Get Channel Messages (message.mdx): VIEW_CHANNEL needed; "If the current user is missing the
      // READ_MESSAGE_HISTORY permission in the channel, then no messages will be returned."
      const bits = botBits(ctx);
      if (!has(bits, P.ViewChannel)) return missingAccess();
      if (!has(bits, P.ReadMessageHistory)) return json([]);
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
      // Get Channel Message (message.mdx): VIEW_CHANNEL and READ_MESSAGE_HISTORY.
      const bits = botBits(ctx);
      if (channelOf(ctx) && !has(bits, P.ViewChannel)) return missingAccess();
      if (channelOf(ctx) && !has(bits, P.ReadMessageHistory)) return missingPermissions();
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
      // A channel the bot cannot see answers 50001 before the message is looked up.
      const bits = botBits(ctx);
      if (channelOf(ctx) && !has(bits, P.ViewChannel)) return missingAccess();
      const m = messageOf(ctx);
      if (!m) return discordError(404, 10008, 'Unknown Message');
      if (m.message.author.id !== ctx.state.world.users.bot.id)
        return discordError(403, 50005, 'Cannot edit a message authored by another user');
      const b = (ctx.body ?? {}) as Obj;
      if (ctx.files.length > 0 && !has(bits, P.AttachFiles)) return missingPermissions();
      if (hasEmbeds(b) && !has(bits, P.EmbedLinks) && !b.content && !m.message.content)
        return missingPermissions();
      const { editWindowMs, lateEditLimit: max, lateEditRetryAfterMs } = ctx.state.opts;
      if (ctx.state.messages.edit(m, ctx.body, ctx.files, editWindowMs, max) === 'late-edit-limit')
        return lateEditLimit(lateEditRetryAfterMs);
      return json(m.message);
    },
  },
  {
    method: 'DELETE',
    template: '/channels/{channel_id}/messages/{message_id}',
    auth: 'bot',
    handle: (ctx) => {
      if (channelOf(ctx) && !has(botBits(ctx), P.ViewChannel)) return missingAccess();
      const m = messageOf(ctx);
      if (!m) return discordError(404, 10008, 'Unknown Message');
      ctx.state.messages.delete(m);
      return noContent();
    },
  },
];
