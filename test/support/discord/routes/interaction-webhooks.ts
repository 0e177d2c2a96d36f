import { discordError, json, noContent, type Reply } from '../http-kit.js';
import { createInteractionMessage, interactionFileLimit } from '../interaction-messages.js';
import type { InteractionState } from '../interaction-store.js';
import { checkMessageLimits } from '../message-limits.js';
import type { RouteContext, RouteDef } from '../route-types.js';
import type { StoredMessage } from '../types.js';
import { lateEditLimit } from './channel-messages.js';

const limits = (ctx: RouteContext) => checkMessageLimits(ctx.body, ctx.files.length);
const BASE = '/webhooks/{webhook_id}/{webhook_token}';

/**
 * The interaction for this webhook token, or the error Discord gives. Expired (or never answered in
 * time) tokens get 401/50027 — safe because discord.js sends these calls without bot auth; with an
 * Authorization header the stand-in answers 404/10015 instead, so @discordjs/rest never drops its token.
 */
function interactionOf(ctx: RouteContext): InteractionState | Reply {
  const { world, interactions } = ctx.state;
  const invalid = ctx.auth
    ? discordError(404, 10015, 'Unknown Webhook')
    : discordError(401, 50027, 'Invalid Webhook Token');
  const s = interactions.byToken(ctx.params.webhook_token ?? '');
  if (!s || ctx.params.webhook_id !== world.appId) return invalid;
  const age = Date.now() - s.createdAt;
  if (age > s.tokenLifetimeMs) return invalid;
  if (!s.callback && age > s.deadlineMs) return invalid;
  return s;
}

function targetOf(ctx: RouteContext, s: InteractionState): StoredMessage | undefined {
  const id = ctx.params.message_id ?? '@original';
  const messageId =
    id === '@original'
      ? s.originalMessageId
      : s.followupIds.includes(id) || id === s.originalMessageId
        ? id
        : undefined;
  const m = messageId ? ctx.state.messages.get(messageId) : undefined;
  return m && !m.deleted ? m : undefined;
}

function messageRoutes(template: string): RouteDef[] {
  const withTarget =
    (fn: (ctx: RouteContext, m: StoredMessage) => Reply) =>
    (ctx: RouteContext): Reply => {
      const s = interactionOf(ctx);
      if (!('token' in s)) return s;
      const m = targetOf(ctx, s);
      return m ? fn(ctx, m) : discordError(404, 10008, 'Unknown Message');
    };
  return [
    { method: 'GET', template, auth: 'none', handle: withTarget((_ctx, m) => json(m.message)) },
    {
      method: 'PATCH',
      template,
      auth: 'none',
      limits,
      fileLimit: interactionFileLimit,
      handle: withTarget((ctx, m) => {
        const { editWindowMs, lateEditLimit: max, lateEditRetryAfterMs } = ctx.state.opts;
        if (ctx.state.messages.edit(m, ctx.body, ctx.files, editWindowMs, max) === 'late-edit-limit')
          return lateEditLimit(lateEditRetryAfterMs);
        return json(m.message);
      }),
    },
    {
      method: 'DELETE',
      template,
      auth: 'none',
      handle: withTarget((ctx, m) => {
        ctx.state.messages.delete(m);
        return noContent();
      }),
    },
  ];
}

/** Interaction webhooks: followups, and `@original` / followup message fetch, edit and delete. */
export const interactionWebhookRoutes: RouteDef[] = [
  {
    method: 'POST',
    template: BASE,
    auth: 'none',
    limits,
    fileLimit: interactionFileLimit,
    handle: (ctx) => {
      const s = interactionOf(ctx);
      if (!('token' in s)) return s;
      if (!s.callback) return discordError(404, 10015, 'Unknown Webhook');
      const m = createInteractionMessage(ctx, s, ctx.body, ctx.files);
      s.followupIds.push(m.id);
      return ctx.query.get('wait') === 'true' ? json(m.message) : noContent();
    },
  },
  ...messageRoutes(`${BASE}/messages/@original`),
  ...messageRoutes(`${BASE}/messages/{message_id}`),
];
