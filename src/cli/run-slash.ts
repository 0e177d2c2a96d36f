import { userInfo } from 'node:os';
import type { JobOutcome, LabClient } from '../client/lab-client.js';
import { parseLine } from '../client/parse-line.js';
import { withPassedCheckpoints } from '../client/passed-checkpoints.js';
import { prepareJob } from '../client/prepare.js';
import { jobMutates } from '../jobs/definitions.js';
import { type Requester, uniqueJobId } from '../jobs/envelope.js';
import { AUDIT_STREAM, type AuditEntry, appendAudit } from '../services/audit.js';
import { checkRateLimits, rateLimitsFromEnv } from '../services/rate-limit.js';
import { Codes, UserError } from '../shared/errors.js';
import { runLocal } from './local-commands.js';
import { errorLine, outcomeText, progressLine } from './render.js';

export interface RunSlashOptions {
  team: string;
  json?: boolean;
  yes?: boolean;
  dryRun?: boolean;
  via?: Requester['via'];
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Asks the person at the terminal; absent when there is no terminal. */
  confirm?: (question: string) => Promise<boolean>;
  signal?: AbortSignal;
  /**
   * Handles the job's outcome in place of printing it, and returns the exit status (e.g.
   * `labops checkpoint` writes the pictures and the report).
   */
  onOutcome?: (outcome: JobOutcome, jobId: string) => Promise<number>;
}

/**
 * Runs one slash command line end to end: parse and validate with the same definitions as
 * the bot, confirm a mutating job, sign and enqueue, stream progress, print the outcome.
 * Returns the process exit code: 0 done, 1 the job failed, 2 refused input.
 */
export async function runSlash(line: string, client: LabClient, opts: RunSlashOptions): Promise<number> {
  const say = (s: string) => s && opts.err.write(`${s}\n`);
  let prepared: ReturnType<typeof prepareJob>;
  const user = userInfo().username;
  const audit = (e: Pick<AuditEntry, 'decision'> & Partial<AuditEntry>) =>
    appendAudit(client.redis, AUDIT_STREAM, {
      at: Date.now(),
      who: `${opts.via ?? 'cli'}:${user}`,
      whoName: user,
      by: 'cli',
      team: opts.team,
      command: /^\/?([\w-]+)/.exec(line.trim())?.[1] ?? '?',
      ...e,
    });
  try {
    const parsed = parseLine(line);
    if (!parsed.command.job) {
      await audit({ decision: 'answered', options: parsed.options });
      return await runLocal(parsed.command, parsed.options, client, opts.team, opts.out);
    }
    const dryRun = Boolean(opts.dryRun || parsed.flags.dryRun);
    prepared = prepareJob(parsed.command, parsed.options, { dryRun });
    if (jobMutates(prepared.def, prepared.data) && !dryRun && !(opts.yes || parsed.flags.yes)) {
      if (!opts.confirm) {
        throw new UserError(
          Codes.notConfirmed,
          `${line.trim()} changes the lab: confirm with --yes (no terminal to ask on), or try --dry-run first`,
        );
      }
      if (
        !(await opts.confirm(
          `${line.trim()} will change your lab (${prepared.def.description}). Proceed? [y/N] `,
        ))
      ) {
        say('not confirmed: nothing was run');
        await audit({ decision: 'not-confirmed', options: prepared.data });
        return 2;
      }
    }
    await checkRateLimits(
      client.redis,
      client.queue(opts.team),
      {
        team: opts.team,
        user: `${opts.via ?? 'cli'}:${user}`,
        mutating: jobMutates(prepared.def, prepared.data) && !dryRun,
      },
      rateLimitsFromEnv(),
    );
  } catch (err) {
    if (err instanceof UserError) {
      const decision = err.code === Codes.rateLimited ? 'rate-limited' : 'invalid';
      await audit({ decision, outcome: err.code, message: err.message });
    }
    return refuse(err, opts);
  }
  // The event reader's connection is set up while the job is signed and added.
  client.queueEvents(opts.team).catch(() => undefined);
  const { jobId } = await client.enqueue({
    team: opts.team,
    jobId: uniqueJobId(prepared.name),
    def: prepared.def,
    data: await withPassedCheckpoints(client, opts.team, prepared.def, prepared.data),
    requestedBy: { id: `${opts.via ?? 'cli'}:${user}`, name: user, via: opts.via ?? 'cli' },
  });
  // Written while the job runs: the trail does not hold the job up.
  const audited = audit({ decision: 'enqueued', options: prepared.data, jobId });
  say(`queued as ${jobId} on team ${opts.team}`);
  const outcome = await client.follow(opts.team, jobId, {
    onProgress: (e) => say(progressLine(e)),
    signal: opts.signal,
  });
  await audited;
  if (opts.onOutcome) return opts.onOutcome(outcome, jobId);
  if (opts.json) opts.out.write(`${JSON.stringify(outcome)}\n`);
  else (outcome.state === 'completed' ? opts.out : opts.err).write(`${outcomeText(outcome)}\n`);
  return outcome.state === 'completed' ? 0 : 1;
}

function refuse(err: unknown, opts: RunSlashOptions): number {
  if (!(err instanceof UserError)) throw err;
  if (opts.json)
    opts.out.write(`${JSON.stringify({ state: 'refused', code: err.code, message: err.message })}\n`);
  opts.err.write(`${errorLine(err.code, err.message)}\n`);
  return 2;
}
