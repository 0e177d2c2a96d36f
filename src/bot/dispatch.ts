import { type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import { prepareJob } from '../client/prepare.js';
import { findCommand } from '../commands/index.js';
import { isReadOnly, needsTeam } from '../commands/kind.js';
import type { CommandDefinition } from '../commands/types.js';
import { jobMutates } from '../jobs/definitions.js';
import { confirmsOf, queueOf, type TeamConfig } from '../services/access-config.js';
import { checkRateLimits, rateLimitsFromEnv } from '../services/rate-limit.js';
import { Codes, isUserError, newRef } from '../shared/errors.js';
import { actorOf, attachmentLimitOf } from './actor.js';
import { missingHere, permissionNames } from './app-permissions.js';
import { auditCommand } from './audit-command.js';
import { askConfirmation } from './confirm.js';
import type { BotContext } from './context.js';
import { enqueueJob } from './enqueue.js';
import { langOf, t } from './i18n.js';
import { answerLocally } from './local-handlers.js';
import { commandLine, type ParsedOptions, parseOptions, type RawOption } from './options.js';
import { authorize } from './permissions.js';

const EPHEMERAL = MessageFlags.Ephemeral;

/**
 * The one pipeline for every slash command: parse → guards → defer (nothing slow before it:
 * no Redis call is awaited before Discord has its answer; all answers to the interaction are
 * ephemeral) → validate → confirm mutating commands (unless the team's config says
 * `confirm: false`) → enqueue → "queued as #id". Job progress and results then go to the
 * channel, so a command that starts a job is refused (before anything is queued) where the bot
 * lacks a permission it needs to report there.
 */
export async function dispatchCommand(i: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const tx = t(i.locale);
  const def = findCommand(i.commandName);
  if (!def) return void (await i.reply({ content: tx.unknownCommand(i.commandName), flags: EPHEMERAL }));
  const parsed = parseOptions(def, i.options.data as readonly RawOption[]);
  if (parsed.unknownSubcommand !== undefined) {
    const subs = (def.subcommands ?? []).map((s) => s.name);
    return void (await i.reply({
      content: tx.unknownSubcommand(def.name, parsed.unknownSubcommand, subs),
      flags: EPHEMERAL,
    }));
  }
  const decision = authorize(ctx.access, actorOf(i), {
    command: def.name,
    readOnly: isReadOnly(def, parsed.raw),
    needsTeam: needsTeam(def),
    ...(parsed.team ? { team: parsed.team } : {}),
  });
  const audit = { command: def.name, options: parsed.raw, team: parsed.team ?? '' };
  if (!decision.ok) {
    await i.reply({ content: decision.why(tx), flags: EPHEMERAL });
    return auditCommand(ctx, i, { ...audit, decision: 'denied', message: decision.why(t('en')) });
  }
  // Jobs report in the channel: none starts where the bot could not report it.
  const lacking = def.answer ? 0n : lackingHere(i, ctx);
  if (lacking) {
    const names = (lang: 'en' | 'pt-BR') => permissionNames(0n, lacking, lang);
    await i.reply({ content: tx.botMissing(names(langOf(i.locale))), flags: EPHEMERAL });
    const message = `the bot lacks ${names('en').join(', ')} in this channel`;
    return auditCommand(ctx, i, { ...audit, decision: 'denied', message });
  }
  await i.deferReply({ flags: EPHEMERAL });
  try {
    await afterDefer(i, ctx, def, parsed, decision.team);
  } catch (err) {
    if (isUserError(err)) {
      const limited = err.code === Codes.rateLimited;
      auditCommand(ctx, i, {
        ...audit,
        team: decision.team.name,
        decision: limited ? 'rate-limited' : 'invalid',
        outcome: err.code,
        message: err.message,
      });
      if (limited) return void (await i.editReply({ content: `⏳ ${err.message}` }));
      return void (await i.editReply({ content: tx.badInput(err.message) }));
    }
    const ref = newRef();
    ctx.log.error({ err, ref, command: def.name }, 'command failed');
    await i.editReply({ content: tx.internal(ref) }).catch(() => undefined);
  }
}

async function afterDefer(
  i: ChatInputCommandInteraction,
  ctx: BotContext,
  def: CommandDefinition<any>,
  parsed: ParsedOptions,
  team: TeamConfig,
): Promise<void> {
  const tx = t(i.locale);
  if (def.answer) {
    const input = def.input.safeParse(parsed.raw);
    if (!input.success) {
      const why = input.error.issues.map((x) => `${x.path.join('.') || def.name}: ${x.message}`).join('; ');
      auditCommand(ctx, i, {
        command: def.name,
        options: parsed.raw,
        team: team.name,
        decision: 'invalid',
        message: why,
      });
      return void (await i.editReply({ content: tx.badInput(`/${def.name}: ${why}`) }));
    }
    auditCommand(ctx, i, {
      command: def.name,
      options: parsed.raw,
      team: team.name,
      decision: 'answered',
    });
    return answerLocally(def, { i, ctx, team, input: input.data as Record<string, unknown> });
  }
  const prepared = prepareJob(def, parsed.raw, { dryRun: parsed.dryRun });
  const request = {
    queue: queueOf(team),
    team: team.name,
    job: prepared.name,
    data: prepared.data,
    line: commandLine(def.name, parsed),
    requesterId: i.user.id,
    requesterName: i.user.username,
    channelId: i.channelId,
    interactionId: i.id,
    locale: i.locale,
    attachmentLimit: attachmentLimitOf(i),
  };
  await checkRateLimits(
    ctx.redis,
    ctx.client.queue(request.queue),
    {
      team: request.queue,
      user: `discord:${i.user.id}`,
      mutating: jobMutates(prepared.def, prepared.data) && !parsed.dryRun,
    },
    rateLimitsFromEnv(),
  );
  // A team whose config says `confirm: false` gets its mutating commands enqueued at once.
  if (jobMutates(prepared.def, prepared.data) && !parsed.dryRun && confirmsOf(team))
    return askConfirmation(i, ctx, request, prepared.def.description);
  const jobId = await enqueueJob(ctx, request, (content) => i.followUp({ content, flags: EPHEMERAL }));
  await i.editReply({
    content: parsed.dryRun ? tx.dryQueued(jobId, team.name) : tx.queued(jobId, team.name),
  });
}

/**
 * The permissions the bot needs to report a job in the interaction's channel and lacks there
 * (read from `app_permissions`); notes the channel's state either way.
 */
function lackingHere(i: ChatInputCommandInteraction, ctx: BotContext): bigint {
  const missing = missingHere(i);
  if (missing === 0n) ctx.channels.noteAllowed(i.channelId);
  else ctx.channels.noteMissing(i.channelId, permissionNames(0n, missing, 'en'));
  return missing;
}
