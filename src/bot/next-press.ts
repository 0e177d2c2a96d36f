import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import { queueOf } from '../services/access-config.js';
import type { BotContext } from './context.js';
import { dispatchCommand } from './dispatch.js';
import { decodeCommand, rawOptionsOf } from './next-button.js';
import { type RawOption, TEAM_OPTION } from './options.js';

/**
 * A press of the next command's button: the command goes through the same pipeline as a typed
 * one (permissions, the bot's channel permissions, validation, Confirm for a command that
 * changes the lab), for the team whose `/next` it was.
 */
export async function pressNext(
  i: ButtonInteraction,
  ctx: BotContext,
  queue: string,
  id: string,
): Promise<void> {
  const { name, data } = rawOptionsOf(decodeCommand(id));
  const team = ctx.access.configured ? ctx.access.teams.find((t) => queueOf(t) === queue) : undefined;
  const withTeam: RawOption[] = team
    ? data[0]?.type === 1
      ? [
          {
            ...data[0],
            options: [...(data[0].options ?? []), { name: TEAM_OPTION, type: 3, value: team.name }],
          },
        ]
      : [...data, { name: TEAM_OPTION, type: 3, value: team.name }]
    : data;
  await dispatchCommand(asCommand(i, name, withTeam), ctx);
}

/** The button press seen as the slash command it stands for (the rest of the interaction as it is). */
function asCommand(i: ButtonInteraction, name: string, data: RawOption[]): ChatInputCommandInteraction {
  return new Proxy(i, {
    get(target, prop) {
      if (prop === 'commandName') return name;
      if (prop === 'options') return { data };
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  }) as unknown as ChatInputCommandInteraction;
}
