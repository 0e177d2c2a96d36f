import { InteractionType } from 'discord-api-types/v10';
import { discordError, invalidFormBody, json, noContent } from '../http-kit.js';
import { createInteractionMessage, interactionFileLimit } from '../interaction-messages.js';
import { checkMessageLimits } from '../message-limits.js';
import type { RouteContext, RouteDef } from '../route-types.js';
import type { ViolationError } from '../types.js';
import { lateEditLimit } from './channel-messages.js';

type Obj = Record<string, unknown>;
const LOADING = 1 << 7;
const EPHEMERAL = 1 << 6;

/** Callback types each interaction type may answer with. */
const ALLOWED: Record<number, number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionType.ApplicationCommandAutocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
};

function limits(ctx: RouteContext): ViolationError[] {
  const b = (ctx.body ?? {}) as Obj;
  if (b.type === 4 || b.type === 7) {
    return checkMessageLimits(b.data, ctx.files.length).map((e) => ({ ...e, path: `data.${e.path}` }));
  }
  const choices = (b.data as Obj | undefined)?.choices;
  if (b.type === 8 && Array.isArray(choices) && choices.length > 25)
    return [{ path: 'data.choices', message: `${choices.length} choices; max 25` }];
  return [];
}

/** `POST /interactions/{id}/{token}/callback`: the first answer, within the deadline, exactly once. */
export const interactionCallbackRoute: RouteDef = {
  method: 'POST',
  template: '/interactions/{interaction_id}/{interaction_token}/callback',
  auth: 'none',
  limits,
  fileLimit: interactionFileLimit,
  handle: (ctx) => {
    const s = ctx.state.interactions.byId(ctx.params.interaction_id ?? '');
    if (!s || s.token !== ctx.params.interaction_token)
      return discordError(404, 10062, 'Unknown interaction');
    if (s.callback) return discordError(400, 40060, 'Interaction has already been acknowledged.');
    if (Date.now() - s.createdAt > s.deadlineMs) return discordError(404, 10062, 'Unknown interaction');
    const b = (ctx.body ?? {}) as Obj;
    const type = Number(b.type);
    const data = (b.data ?? {}) as Obj;
    if (!(ALLOWED[s.payload.type] ?? []).includes(type)) {
      const errors = [
        {
          path: 'type',
          message: `callback type ${type} is not valid for interaction type ${s.payload.type}`,
          code: 'INTERACTION_RESPONSE_TYPE_INVALID',
        },
      ];
      ctx.violate('protocol', errors);
      return invalidFormBody(errors);
    }
    const clicked = s.payload.message ? ctx.state.messages.get(s.payload.message.id) : undefined;
    if (type === 4) s.originalMessageId = createInteractionMessage(ctx, s, data, ctx.files).id;
    if (type === 5)
      s.originalMessageId = createInteractionMessage(
        ctx,
        s,
        { flags: Number(data.flags ?? 0) & EPHEMERAL },
        [],
        LOADING,
      ).id;
    if ((type === 6 || type === 7) && s.payload.message) s.originalMessageId = s.payload.message.id;
    if (type === 7 && clicked) {
      const { editWindowMs, lateEditLimit: max, lateEditRetryAfterMs } = ctx.state.opts;
      if (ctx.state.messages.edit(clicked, data, ctx.files, editWindowMs, max) === 'late-edit-limit')
        return lateEditLimit(lateEditRetryAfterMs);
    }
    if (type === 8) s.choices = Array.isArray(data.choices) ? data.choices : [];
    s.callback = { type, body: ctx.body, at: Date.now() };
    if (ctx.query.get('with_response') !== 'true') return noContent();
    const message = s.originalMessageId ? ctx.state.messages.get(s.originalMessageId)?.message : undefined;
    return json({
      interaction: {
        id: s.id,
        type: s.payload.type,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: type === 5,
              response_message_ephemeral: ((message.flags ?? 0) & EPHEMERAL) !== 0,
            }
          : {}),
      },
      resource: { type, ...(message && type !== 6 ? { message } : {}) },
    });
  },
};
