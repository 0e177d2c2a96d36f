import { type ButtonInteraction, MessageFlags } from 'discord.js';
import { newRef } from '../shared/errors.js';
import { actorOf } from './actor.js';
import type { BotContext } from './context.js';
import { parseCustomId } from './custom-ids.js';
import { enqueueJob } from './enqueue.js';
import { t } from './i18n.js';
import { authorize } from './permissions.js';

const EPHEMERAL = MessageFlags.Ephemeral;

/**
 * Button clicks: Confirm / Cancel of a prompt (only its requester, only before it expires,
 * only once), and Cancel job on a status message (whoever may run /cancel for that team).
 */
export async function handleButton(i: ButtonInteraction, ctx: BotContext): Promise<void> {
  const tx = t(i.locale);
  const id = parseCustomId(i.customId);
  if (!id) return void (await i.deferUpdate());
  try {
    if (id.action === 'cancel') return await cancelJob(i, ctx, id.queue, id.id);
    const p = await ctx.pending.peek(id.queue, id.id);
    if (p === null) return void (await i.reply({ content: tx.expired, flags: EPHEMERAL }));
    if (p === 'answered') return void (await i.reply({ content: tx.alreadyAnswered, flags: EPHEMERAL }));
    if (i.user.id !== p.requesterId)
      return void (await i.reply({ content: tx.onlyRequester(p.requesterId), flags: EPHEMERAL }));
    const taken = await ctx.pending.take(id.queue, id.id);
    if (taken === null || taken === 'answered')
      return void (await i.reply({ content: tx.alreadyAnswered, flags: EPHEMERAL }));
    if (Date.now() > taken.expiresAt) return void (await i.update({ content: tx.expired, components: [] }));
    if (id.action === 'no') return void (await i.update({ content: tx.aborted(taken.line), components: [] }));
    await i.deferUpdate();
    const { id: _pendingId, expiresAt: _expires, job, ...rest } = taken;
    const jobId = await enqueueJob(ctx, { ...rest, job: job as never });
    await i.editReply({ content: t(taken.locale).queued(jobId, taken.team), components: [] });
  } catch (err) {
    const ref = newRef();
    ctx.log.error({ err, ref, customId: i.customId }, 'button failed');
    const answer = { content: tx.internal(ref), flags: EPHEMERAL } as const;
    await (i.deferred || i.replied ? i.followUp(answer) : i.reply(answer)).catch(() => undefined);
  }
}

async function cancelJob(i: ButtonInteraction, ctx: BotContext, queue: string, jobId: string): Promise<void> {
  const tx = t(i.locale);
  const team = ctx.access.teams.find((tm) => (tm.queue ?? tm.name) === queue);
  const decision = authorize(ctx.access, actorOf(i), {
    command: 'cancel',
    readOnly: false,
    ...(team && ctx.access.configured ? { team: team.name } : {}),
  });
  if (!decision.ok || !team)
    return void (await i.reply({ content: decision.ok ? tx.expired : decision.why(tx), flags: EPHEMERAL }));
  await i.deferReply({ flags: EPHEMERAL });
  const r = await ctx.client.cancel(queue, jobId);
  await i.editReply({ content: tx.cancelResult(jobId, r) });
}
