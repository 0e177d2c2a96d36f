import type { Interaction } from 'discord.js';
import { AUDIT_STREAM, type AuditDecision, appendAudit } from '../shared/audit.js';
import type { BotContext } from './context.js';

/** Appends the bot's decision on one command to the audit trail (never throws). */
export async function auditCommand(
  ctx: Pick<BotContext, 'redis'>,
  i: Pick<Interaction, 'user'>,
  e: {
    command: string;
    team: string;
    decision: AuditDecision;
    options?: Record<string, unknown>;
    jobId?: string;
    outcome?: string;
    message?: string;
  },
): Promise<void> {
  await appendAudit(ctx.redis, AUDIT_STREAM, {
    at: Date.now(),
    who: `discord:${i.user.id}`,
    whoName: i.user.username,
    by: 'bot',
    ...e,
  });
}
