import type { APIInteraction } from 'discord-api-types/v10';
import type { MessageStore } from './message-store.js';
import type { InteractionResponseView } from './types.js';

/** What the stand-in knows about one dispatched interaction. */
export interface InteractionState {
  id: string;
  token: string;
  payload: APIInteraction;
  createdAt: number;
  channelId: string;
  attachmentSizeLimit: number;
  /** Time allowed for the first response, in ms. */
  deadlineMs: number;
  /** Lifetime of the token for webhook calls, in ms. */
  tokenLifetimeMs: number;
  callback?: { type: number; body: unknown; at: number };
  /** The message `@original` refers to: the response, or for components the clicked message. */
  originalMessageId?: string;
  followupIds: string[];
  choices?: unknown[];
}

/** Dispatched interactions by id and by token. */
export class InteractionStore {
  private readonly byIdMap = new Map<string, InteractionState>();
  private readonly byTokenMap = new Map<string, InteractionState>();

  add(payload: APIInteraction, clocks: { deadlineMs: number; tokenLifetimeMs: number }): InteractionState {
    const state: InteractionState = {
      ...clocks,
      id: payload.id,
      token: payload.token,
      payload,
      createdAt: Date.now(),
      channelId: payload.channel?.id ?? payload.channel_id ?? '',
      attachmentSizeLimit: payload.attachment_size_limit,
      followupIds: [],
    };
    this.byIdMap.set(state.id, state);
    this.byTokenMap.set(state.token, state);
    return state;
  }

  byId(id: string): InteractionState | undefined {
    return this.byIdMap.get(id);
  }

  byToken(token: string): InteractionState | undefined {
    return this.byTokenMap.get(token);
  }

  /** The response view tests read; undefined for an unknown interaction. */
  view(id: string, messages: MessageStore): InteractionResponseView | undefined {
    const s = this.byIdMap.get(id);
    if (!s) return undefined;
    return {
      interactionId: id,
      callbackType: s.callback?.type ?? null,
      callbackBody: s.callback?.body,
      callbackAt: s.callback?.at ?? null,
      original: s.originalMessageId ? messages.get(s.originalMessageId) : undefined,
      followups: s.followupIds.map((m) => messages.get(m)).filter((m) => m !== undefined),
      choices: s.choices,
    };
  }
}
