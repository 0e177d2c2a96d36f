import type { Interaction } from 'discord.js';
import { AUDIT_STREAM, type AuditDecision, appendAudit } from '../services/audit.js';
import type { BotContext } from './context.js';

/**
 * Appends the bot's decision on one command to the audit trail, without waiting for it: an
 * answer to Discord never waits on a Redis write (a slow Redis would cost the 3-second deadline).
 * Writes on the one connection keep their order; a failed write is logged, never thrown.
 */
export function auditCommand(
  ctx: Pick<BotContext, 'redis' | 'log'>,
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
): void {
  appendAudit(ctx.redis, AUDIT_STREAM, {
    at: Date.now(),
    who: `discord:${i.user.id}`,
    whoName: i.user.username,
    by: 'bot',
    ...e,
  }).catch((err) => ctx.log.warn({ err }, 'audit write failed'));
}
