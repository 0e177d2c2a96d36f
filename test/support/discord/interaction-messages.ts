import { type APIMessage, InteractionType, MessageType } from 'discord-api-types/v10';
import type { InteractionState } from './interaction-store.js';
import type { RouteContext } from './route-types.js';
import type { RecordedFile, StoredMessage } from './types.js';

/** The `interaction_metadata` Discord puts on messages created for an interaction. */
export function metadataOf(s: InteractionState): APIMessage['interaction_metadata'] {
  const user = s.payload.member?.user ?? s.payload.user;
  const name = s.payload.type === InteractionType.ApplicationCommand ? { name: s.payload.data.name } : {};
  return {
    id: s.id,
    type: s.payload.type,
    user,
    authorizing_integration_owners: s.payload.authorizing_integration_owners,
    ...name,
  } as APIMessage['interaction_metadata'];
}

/** Creates a message on behalf of an interaction (response or followup). */
export function createInteractionMessage(
  ctx: RouteContext,
  s: InteractionState,
  payload: unknown,
  files: RecordedFile[],
  extraFlags = 0,
): StoredMessage {
  const { world } = ctx.state;
  const channelId = s.payload.message?.channel_id ?? s.channelId;
  return ctx.state.messages.create({
    channelId,
    author: world.users.bot,
    payload,
    files,
    extraFlags,
    type:
      s.payload.type === InteractionType.ApplicationCommand
        ? MessageType.ChatInputCommand
        : MessageType.Reply,
    webhookId: world.appId,
    applicationId: world.appId,
    interactionId: s.id,
    interactionMetadata: metadataOf(s),
  });
}

/** The interaction's per-file upload limit, looked up by token or id from the route parameters. */
export function interactionFileLimit(ctx: RouteContext): number {
  const s =
    ctx.state.interactions.byToken(ctx.params.webhook_token ?? ctx.params.interaction_token ?? '') ??
    ctx.state.interactions.byId(ctx.params.interaction_id ?? '');
  return s?.attachmentSizeLimit ?? ctx.state.opts.attachmentSizeLimit;
}
