import { withPassedCheckpoints } from '../client/passed-checkpoints.js';
import { type JobName, jobs } from '../jobs/definitions.js';
import { requestJobId } from '../jobs/envelope.js';
import { AUDIT_STREAM, appendAudit } from '../services/audit.js';
import type { BotContext } from './context.js';
import type { Notify } from './job-tracker.js';

/** What it takes to start a job on behalf of a Discord member. */
export interface JobRequest {
  queue: string;
  team: string;
  job: JobName;
  data: Record<string, unknown>;
  line: string;
  requesterId: string;
  requesterName: string;
  channelId: string;
  interactionId: string;
  locale: string;
  attachmentLimit: number;
}

/** Enqueues in progress, by request: identical requests are enqueued one after another. */
const inFlight = new Map<string, Promise<unknown>>();

/**
 * Signs and enqueues the job under its request's id (see {@link requestJobId}: an identical
 * request less than LABOPS_DUPLICATE_WINDOW_MS after the one that made a job gets that job, so
 * a double click makes one job), then hands it to the tracker, which posts the status message
 * in the channel with the bot token.
 */
export async function enqueueJob(ctx: BotContext, r: JobRequest, notify?: Notify): Promise<string> {
  const key = JSON.stringify([r.queue, r.job, r.data, r.requesterId]);
  const before = inFlight.get(key) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(() => enqueueNow(ctx, r, notify));
  inFlight.set(key, run);
  try {
    return await run;
  } finally {
    if (inFlight.get(key) === run) inFlight.delete(key);
  }
}

async function enqueueNow(ctx: BotContext, r: JobRequest, notify?: Notify): Promise<string> {
  const queue = ctx.client.queue(r.queue);
  const jobId = await requestJobId(
    { team: r.queue, name: r.job, data: r.data, requesterId: r.requesterId },
    // The creation time alone (one field), not the whole job.
    async (id) => {
      const at = await ctx.client.redis.hget(queue.toKey(id), 'timestamp');
      return at === null ? null : Number(at);
    },
    Date.now(),
    ctx.settings.LABOPS_DUPLICATE_WINDOW_MS,
  );
  await ctx.client.enqueue({
    team: r.queue,
    jobId,
    def: jobs[r.job],
    data: await withPassedCheckpoints(ctx.client, r.queue, jobs[r.job], r.data),
    requestedBy: {
      id: r.requesterId,
      name: r.requesterName.slice(0, 100),
      via: 'discord',
      channelId: r.channelId,
      interactionId: r.interactionId,
      locale: r.locale.slice(0, 10),
    },
  });
  // ctx.log carries the interaction's id: this line links it to the job's.
  ctx.log.info({ jobId, job: r.job, team: r.team }, 'job enqueued');
  // Not awaited: the "queued" answer does not wait on the audit write.
  void appendAudit(ctx.redis, AUDIT_STREAM, {
    at: Date.now(),
    who: `discord:${r.requesterId}`,
    whoName: r.requesterName,
    by: 'bot',
    team: r.team,
    command: r.line.replace(/^\//, '').split(' ')[0] ?? r.job,
    options: r.data,
    decision: 'enqueued',
    jobId,
  }).catch((err) => ctx.log.warn({ err, jobId }, 'audit write failed'));
  await ctx.tracker.start(
    {
      jobId,
      queue: r.queue,
      team: r.team,
      channelId: r.channelId,
      requesterId: r.requesterId,
      locale: r.locale,
      line: r.line,
      startedAt: Date.now(),
      attachmentLimit: r.attachmentLimit,
    },
    notify,
  );
  return jobId;
}
