import { type ButtonInteraction, MessageFlags } from 'discord.js';
import { newRef } from '../shared/errors.js';
import { actorOf } from './actor.js';
import { missingHere, permissionNames } from './app-permissions.js';
import type { BotContext } from './context.js';
import { parseCustomId } from './custom-ids.js';
import { enqueueJob } from './enqueue.js';
import { langOf, t } from './i18n.js';
import { pressNext } from './next-press.js';
import { authorize } from './permissions.js';

const EPHEMERAL = MessageFlags.Ephemeral;

/**
 * Button clicks: Confirm / Cancel of a prompt (only its requester, only before it expires,
 * only once), Cancel job on a status message (whoever may run /cancel for that team), and the
 * next command under `/next`'s result (as if the presser typed it).
 * Every click is acknowledged before any Redis call (`deferUpdate` / `deferReply`): a slow
 * Redis must not cost Discord's 3-second deadline.
 */
export async function handleButton(i: ButtonInteraction, ctx: BotContext): Promise<void> {
  const tx = t(i.locale);
  const id = parseCustomId(i.customId);
  if (!id) return void (await i.deferUpdate());
  if (id.action === 'cancel') return cancelJob(i, ctx, id.queue, id.id);
  if (id.action === 'run') return pressNext(i, ctx, id.queue, id.id);
  try {
    await i.deferUpdate();
    await answerPrompt(i, ctx, id.action, id.queue, id.id);
  } catch (err) {
    const ref = newRef();
    ctx.log.error({ err, ref, customId: i.customId }, 'button failed');
    const answer = { content: tx.internal(ref), flags: EPHEMERAL } as const;
    await (i.deferred || i.replied ? i.followUp(answer) : i.reply(answer)).catch(() => undefined);
  }
}

/** Confirm / Cancel of a prompt, after the click was acknowledged (the prompt is edited, or a private note sent). */
async function answerPrompt(
  i: ButtonInteraction,
  ctx: BotContext,
  action: string,
  queue: string,
  pendingId: string,
): Promise<void> {
  const tx = t(i.locale);
  const tell = (content: string) => i.followUp({ content, flags: EPHEMERAL });
  const p = await ctx.pending.peek(queue, pendingId);
  if (p === null) return void (await tell(tx.expired));
  if (p === 'answered') return void (await tell(tx.alreadyAnswered));
  if (i.user.id !== p.requesterId) return void (await tell(tx.onlyRequester(p.requesterId)));
  const taken = await ctx.pending.take(queue, pendingId);
  if (taken === null || taken === 'answered') return void (await tell(tx.alreadyAnswered));
  if (Date.now() > taken.expiresAt) return void (await i.editReply({ content: tx.expired, components: [] }));
  if (action === 'no') return void (await i.editReply({ content: tx.aborted(taken.line), components: [] }));
  // The channel may have changed since the prompt: still no job the bot could not report.
  const lacking = missingHere(i);
  if (lacking) {
    ctx.channels.noteMissing(i.channelId ?? '', permissionNames(0n, lacking, 'en'));
    const names = permissionNames(0n, lacking, langOf(i.locale));
    return void (await i.editReply({ content: tx.botMissing(names), components: [] }));
  }
  const { id: _pendingId, expiresAt: _expires, job, ...rest } = taken;
  const jobId = await enqueueJob(ctx, { ...rest, job: job as never }, tell);
  await i.editReply({ content: t(taken.locale).queued(jobId, taken.team), components: [] });
}

/** Cancel job on a status message: answered privately (deferReply, then editReply). */
async function cancelJob(i: ButtonInteraction, ctx: BotContext, queue: string, jobId: string): Promise<void> {
  const tx = t(i.locale);
  const team = ctx.access.teams.find((tm) => (tm.queue ?? tm.name) === queue);
  if (!team) return void (await i.reply({ content: tx.unknownJobTeam, flags: EPHEMERAL }));
  const decision = authorize(ctx.access, actorOf(i), {
    command: 'cancel',
    readOnly: false,
    ...(ctx.access.configured ? { team: team.name } : {}),
  });
  if (!decision.ok) return void (await i.reply({ content: decision.why(tx), flags: EPHEMERAL }));
  await i.deferReply({ flags: EPHEMERAL });
  try {
    const r = await ctx.client.cancel(queue, jobId);
    await i.editReply({ content: tx.cancelResult(jobId, r) });
  } catch (err) {
    const ref = newRef();
    ctx.log.error({ err, ref, customId: i.customId }, 'cancel button failed');
    await i.editReply({ content: tx.internal(ref) }).catch(() => undefined);
  }
}
