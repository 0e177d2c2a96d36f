import type { ChatInputCommandInteraction } from 'discord.js';
import { commands } from '../commands/index.js';
import { mayMutate } from '../commands/kind.js';
import type { CommandDefinition, LocalAnswer, LocalAsk } from '../commands/types.js';
import { dashboardLinkAnswer, dashboardViewerFor } from '../dashboard/link.js';
import { confirmsOf, queueOf, type TeamConfig } from '../services/access-config.js';
import { actorOf, attachmentLimitOf } from './actor.js';
import type { BotContext } from './context.js';
import { langOf, t } from './i18n.js';
import { fitText, replyOf } from './long-reply.js';
import { isManager } from './permissions.js';

/** What a local command's answer gets in the bot: the deferred interaction, the team, the validated input. */
export interface LocalCall {
  i: ChatInputCommandInteraction;
  ctx: BotContext;
  team: TeamConfig;
  input: Record<string, unknown>;
}

/** The command's local answer (from its definition), asked with what the interaction says. */
function askOf({ i, ctx, team, input }: LocalCall): LocalAsk {
  const actor = actorOf(i);
  const instructor = isManager(actor) || ctx.access.instructorRoles.some((r) => actor.roleIds.includes(r));
  return {
    input,
    client: ctx.client,
    redis: ctx.redis,
    team: { name: team.name, queue: queueOf(team) },
    classTeams: () => ctx.access.teams.map((tm) => ({ name: tm.name, queue: queueOf(tm) })),
    instructor,
    lang: langOf(i.locale),
    commands,
    asksConfirmation: (c) => Boolean(c.job && mayMutate(c) && confirmsOf(team)),
    ...(ctx.access.configured ? { auditTeams: [team.name] } : {}),
    dashboardLink: async () => {
      const viewer = dashboardViewerFor({
        instructor,
        configured: ctx.access.configured,
        roleIds: actor.roleIds,
        team,
      });
      return dashboardLinkAnswer(ctx.redis, viewer);
    },
    now: Date.now(),
  };
}

/** Shows a local answer in the deferred (ephemeral) reply: the whole text attached when it does not fit. */
async function render(i: ChatInputCommandInteraction, a: LocalAnswer): Promise<void> {
  if ('refused' in a) return void (await i.editReply({ content: `⚠️ ${a.refused.message}` }));
  const { head, lines, ...rest } = a.text;
  if (head === undefined && lines.length === 1) return void (await i.editReply({ content: lines[0] ?? '' }));
  const text = { ...rest, head: head === undefined ? '' : `**${head}**`, lines };
  await i.editReply(replyOf(fitText(t(i.locale), text, attachmentLimitOf(i))));
}

/** Answers a command that starts no job (its definition's `answer`), in the ephemeral reply. */
export async function answerLocally(def: CommandDefinition<any>, call: LocalCall): Promise<void> {
  if (!def.answer) throw new Error(`/${def.name} has no local answer`);
  await render(call.i, await def.answer(askOf(call)));
}
