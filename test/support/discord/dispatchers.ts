import type { APIInteraction, APIMessage } from 'discord-api-types/v10';
import type { Gateway } from './gateway.js';
import {
  type ActorOptions,
  type CommandOptions,
  commandInteraction,
  componentInteraction,
} from './interaction-payloads.js';
import { waitFor } from './recorder.js';
import type { StandInState } from './route-types.js';

type Obj = Record<string, unknown>;

function customIds(components: unknown): string[] {
  const out: string[] = [];
  const walk = (c: unknown) => {
    const o = (c ?? {}) as Obj;
    if (typeof o.custom_id === 'string') out.push(o.custom_id);
    if (Array.isArray(o.components)) o.components.forEach(walk);
    if (o.accessory) walk(o.accessory);
  };
  if (Array.isArray(components)) components.forEach(walk);
  return out;
}

/** The interaction-sending half of the stand-in's API. */
export function dispatchers(state: StandInState, gateway: Gateway) {
  const deliver = async (payload: APIInteraction, actor: ActorOptions) => {
    await waitFor(() => gateway.readySessions > 0, 10_000, 'a ready gateway session');
    state.interactions.add(payload, {
      deadlineMs: actor.deadlineMs ?? state.opts.interactionDeadlineMs,
      tokenLifetimeMs: actor.tokenLifetimeMs ?? state.opts.tokenLifetimeMs,
    });
    gateway.dispatch('INTERACTION_CREATE', payload);
    return { id: payload.id, token: payload.token };
  };
  const registered = (name: string): Obj | undefined =>
    ((state.commands.get(state.world.guildId) ?? []).find((c) => c.name === name) ??
      (state.commands.get('global') ?? []).find((c) => c.name === name)) as Obj | undefined;
  const clicked = (messageId: string, customId: string): APIMessage => {
    const m = state.messages.get(messageId);
    if (!m || m.deleted) throw new Error(`discord stand-in: no message ${messageId} to click on`);
    const ids = customIds(m.message.components);
    if (!ids.includes(customId))
      throw new Error(
        `discord stand-in: message ${messageId} has no component "${customId}" (has ${ids.join(', ') || 'none'})`,
      );
    return structuredClone(m.message);
  };
  const channelOf = (message: APIMessage, actor: ActorOptions): ActorOptions => ({
    ...actor,
    channelId: actor.channelId ?? message.channel_id,
  });

  return {
    dispatchCommand: (opts: CommandOptions) =>
      deliver(commandInteraction(state.world, registered(opts.name), opts), opts),
    autocomplete: (opts: CommandOptions & { focused: string }) =>
      deliver(commandInteraction(state.world, registered(opts.name), opts), opts),
    clickButton: async (opts: ActorOptions & { messageId: string; customId: string }) => {
      const message = clicked(opts.messageId, opts.customId);
      return deliver(
        componentInteraction(state.world, message, { ...channelOf(message, opts), customId: opts.customId }),
        opts,
      );
    },
    selectMenu: async (opts: ActorOptions & { messageId: string; customId: string; values: string[] }) => {
      const message = clicked(opts.messageId, opts.customId);
      return deliver(
        componentInteraction(state.world, message, {
          ...channelOf(message, opts),
          customId: opts.customId,
          values: opts.values,
        }),
        opts,
      );
    },
    dispatch: async (event: string, data: unknown) => {
      await waitFor(() => gateway.readySessions > 0, 10_000, 'a ready gateway session');
      return gateway.dispatch(event, data);
    },
  };
}
