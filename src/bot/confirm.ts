import type { ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from './context.js';
import { buttonRow, customId } from './custom-ids.js';
import type { JobRequest } from './enqueue.js';
import { t } from './i18n.js';

/**
 * Asks the requester to confirm a mutating command: the deferred (ephemeral) answer becomes
 * a prompt with Confirm / Cancel buttons, stored in Redis until it expires. When it expires
 * unanswered, the prompt says so (well inside the interaction token's 15 minutes).
 */
export async function askConfirmation(
  i: ChatInputCommandInteraction,
  ctx: BotContext,
  r: JobRequest,
  what: string,
): Promise<void> {
  const tx = t(i.locale);
  const ttl = ctx.settings.LABOPS_CONFIRM_TTL_MS;
  const p = await ctx.pending.put({ ...r, expiresAt: Date.now() + ttl });
  await i.editReply({
    content: tx.confirm(r.line, what, Math.round(ttl / 1000)),
    components: [
      buttonRow([
        { id: customId('ok', r.queue, p.id), label: tx.confirmLabel, style: 4 },
        { id: customId('no', r.queue, p.id), label: tx.cancelLabel, style: 2 },
      ]),
    ],
  });
  const timer = setTimeout(async () => {
    try {
      const still = await ctx.pending.peek(r.queue, p.id);
      if (!still || still === 'answered') return;
      if ((await ctx.pending.take(r.queue, p.id)) === 'answered') return;
      await i.editReply({ content: tx.expired, components: [] });
    } catch (err) {
      ctx.log.debug({ err }, 'could not mark an expired confirmation');
    }
  }, ttl + 250);
  timer.unref();
}
