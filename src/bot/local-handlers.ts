import type { ChatInputCommandInteraction } from 'discord.js';
import { teamsProgress } from '../client/checkpoint-progress.js';
import { commands } from '../commands/index.js';
import { dashboardLinkAnswer, dashboardViewerFor } from '../dashboard/link.js';
import { formatProgress } from '../evidence/checkpoints/progress-table.js';
import { confirmsOf, queueOf, type TeamConfig } from '../services/access-config.js';
import { auditLine, parseSince, readAudit } from '../services/audit.js';
import { decodeFailure } from '../shared/errors.js';
import { actorOf, attachmentLimitOf } from './actor.js';
import { mayMutate } from './command-kind.js';
import type { BotContext } from './context.js';
import { langOf, t } from './i18n.js';
import { fitText, type LongText, replyOf } from './long-reply.js';
import { isManager } from './permissions.js';
import { elapsed } from './status-view.js';

/** What a local command's handler gets: the deferred interaction, the team, the validated input. */
export interface LocalCall {
  i: ChatInputCommandInteraction;
  ctx: BotContext;
  team: TeamConfig;
  input: Record<string, unknown>;
}

const ago = (ms: number) => elapsed(Date.now() - ms);
/** Most audit entries one /audit shows (the message says when there may be more). */
const AUDIT_MAX = 100;

/** Answers with a text of any length: what fits in the message, the whole text attached when not. */
async function answer(i: ChatInputCommandInteraction, text: LongText): Promise<void> {
  await i.editReply(replyOf(fitText(t(i.locale), text, attachmentLimitOf(i))));
}

/** Handlers of the commands the bot answers itself (their answers are ephemeral). */
export const localHandlers: Record<string, (c: LocalCall) => Promise<void>> = {
  async jobs({ i, ctx, team, input }) {
    const tx = t(i.locale);
    const rows = await ctx.client.list(queueOf(team), Number(input.limit ?? 10));
    if (!rows.length) return void (await i.editReply({ content: tx.noJobs }));
    const lines = rows.map((r) => `\`#${r.id}\` ${r.state} · ${r.requestedBy} · ${ago(r.createdAt)}`);
    await answer(i, { head: `**${tx.jobsTitle(team.name)}**`, lines, file: 'jobs.txt', kind: 'list' });
  },

  async job({ i, ctx, team, input }) {
    const tx = t(i.locale);
    const id = String(input.id);
    const job = await ctx.client.queue(queueOf(team)).getJob(id);
    if (!job) return void (await i.editReply({ content: tx.cancelResult(id, 'not-found') }));
    const state = await job.getState();
    const lines = [`${tx.elapsed}: ${ago(job.timestamp)}`];
    const rv = job.returnvalue as { summary?: string } | null;
    if (state === 'completed' && rv?.summary) lines.push(rv.summary);
    if (state === 'failed') {
      const f = decodeFailure(job.failedReason);
      lines.push(f.code === 'INTERNAL' ? f.message.slice(0, 200) : `[${f.code}] ${f.message}`);
    }
    await answer(i, {
      head: `**#${id}** ${job.name}: ${state}`,
      lines: lines.flatMap((l) => l.split('\n')),
      file: 'job.txt',
      kind: 'list',
    });
  },

  async cancel({ i, ctx, team, input }) {
    const id = String(input.id);
    const r = await ctx.client.cancel(queueOf(team), id);
    await i.editReply({ content: t(i.locale).cancelResult(id, r) });
  },

  async runners({ i, ctx, team }) {
    const tx = t(i.locale);
    const found = await ctx.client.runners(queueOf(team));
    if (!found.length) return void (await i.editReply({ content: tx.noRunners(team.name) }));
    const lines = found.map((r) => `• ${String(r.id ?? r.host ?? '?')} ${JSON.stringify(r)}`);
    await answer(i, {
      head: `**${tx.runnersTitle(team.name)}**`,
      lines,
      lineMax: 240,
      file: 'runners.txt',
      kind: 'list',
    });
  },

  async audit({ i, ctx, team, input }) {
    const actor = actorOf(i);
    const instructor = isManager(actor) || ctx.access.instructorRoles.some((r) => actor.roleIds.includes(r));
    if (!instructor)
      return void (await i.editReply({
        content: '/audit is for instructors (Administrator, Manage Server or an instructor role).',
      }));
    const since = String(input.since ?? '24h');
    const sinceMs = parseSince(since);
    const teams = ctx.access.configured ? [team.name] : undefined;
    const rows = await readAudit(ctx.redis, { sinceMs, ...(teams ? { teams } : {}), limit: AUDIT_MAX });
    if (!rows.length) return void (await i.editReply({ content: 'no audit entries in that period' }));
    await answer(i, {
      head: '**audit**',
      lines: rows.map(auditLine),
      // Oldest first, as in the CLI; when they do not all fit, the message keeps the newest.
      keep: 'last',
      ...(rows.length >= AUDIT_MAX ? { foot: t(i.locale).auditLatest(AUDIT_MAX, since) } : {}),
      lineMax: 300,
      file: 'audit.txt',
      kind: 'list',
    });
  },

  async progress({ i, ctx }) {
    const actor = actorOf(i);
    const instructor = isManager(actor) || ctx.access.instructorRoles.some((r) => actor.roleIds.includes(r));
    if (!instructor)
      return void (await i.editReply({
        content: '/progress is for instructors (Administrator, Manage Server or an instructor role).',
      }));
    const teams = ctx.access.teams.map((tm) => ({ name: tm.name, queue: queueOf(tm) }));
    const rows = await teamsProgress(ctx.client, ctx.redis, teams);
    await answer(i, {
      head: '**checkpoints**',
      lines: formatProgress(rows).split('\n'),
      code: true,
      file: 'progress.txt',
      kind: 'table',
    });
  },

  async dashboard({ i, ctx, team }) {
    const actor = actorOf(i);
    const instructor = isManager(actor) || ctx.access.instructorRoles.some((r) => actor.roleIds.includes(r));
    const viewer = dashboardViewerFor({
      instructor,
      configured: ctx.access.configured,
      roleIds: actor.roleIds,
      team,
    });
    await i.editReply({ content: await dashboardLinkAnswer(ctx.redis, viewer) });
  },

  async help({ i, team }) {
    const tx = t(i.locale);
    const lang = langOf(i.locale);
    const asks = (c: (typeof commands)[number]) => c.job && mayMutate(c) && confirmsOf(team);
    const lines = commands.map(
      (c) => `\`/${c.name}\` — ${c.description[lang]}${asks(c) ? ` ${tx.helpMutating}` : ''}`,
    );
    await answer(i, { head: `**${tx.helpTitle}**`, lines, file: 'help.txt', kind: 'list' });
  },
};
