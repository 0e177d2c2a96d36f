import type { JobOutcome, LabClient } from '../client/lab-client.js';
import { type ProgressEvent, progressEvent } from '../jobs/events.js';
import type { Logger } from '../shared/logger.js';
import type { ChannelHealth } from './channel-health.js';
import { type ChannelPort, discordFailure } from './channel-port.js';
import { type FinalPostOptions, postFinalOnce } from './final-post.js';
import { t } from './i18n.js';
import type { JobRecord, JobRecords } from './job-record.js';
import type { ArtifactReader } from './result-view.js';
import { StatusMessage, type StatusOptions } from './status-message.js';
import type { TeamEvents } from './team-events.js';

export interface TrackerDeps {
  client: LabClient;
  events: TeamEvents;
  records: JobRecords;
  port: ChannelPort;
  artifacts: (queue: string) => ArtifactReader;
  status: StatusOptions;
  /** Claiming and posting final results (default: a claim is stale after 2 min). */
  final?: FinalPostOptions;
  log: Logger;
  /** How often a job's state is polled besides the events (default 1.5 s). */
  pollMs?: number;
  /**
   * A job this bot just enqueued gets its status message only once it has run this long since
   * it was queued (default 0: at once); one that ends sooner posts its result alone.
   */
  statusDelayMs?: number;
  /** Channels that refuse the bot (suspended ones are not posted in). */
  health?: ChannelHealth;
  /** The bot's own per-file upload limit in the guild's channels (bytes; by boost tier). */
  uploadLimit?: () => number;
}

/** Tells the job's requester something privately (an ephemeral followup of their interaction). */
export type Notify = (content: string) => Promise<unknown>;

/**
 * Follows jobs from enqueue to result: keeps each job's status message current, and posts
 * the final result once (claimed in Redis with SET NX, so neither a double click nor a
 * restarted bot posts it twice; a claim whose bot died before posting is recovered, see
 * {@link postFinalOnce}).
 */
export class JobTracker {
  private following = new Map<string, Promise<void>>();
  private stopped = new AbortController();
  /** How to reach a job's requester privately (this bot life only), until they have been told. */
  private notify = new Map<string, Notify>();

  constructor(private readonly deps: TrackerDeps) {}

  /** Starts following a new job; a job already recorded is not followed twice. */
  async start(rec: JobRecord, notify?: Notify): Promise<void> {
    if (notify) this.notify.set(`${rec.queue}:${rec.jobId}`, notify);
    if (!(await this.deps.records.create(rec))) return;
    this.follow(rec, true);
  }

  /** Tells the requester once that the job's channel refuses the bot. */
  private tellLost(rec: JobRecord, log: Logger): void {
    const key = `${rec.queue}:${rec.jobId}`;
    const notify = this.notify.get(key);
    this.notify.delete(key);
    log.warn({ channelId: rec.channelId }, 'the channel refuses the bot: the job is not reported there');
    notify?.(t(rec.locale).channelLost(rec.jobId, rec.channelId)).catch((err) =>
      log.warn({ err }, 'could not tell the requester'),
    );
  }

  /** Resumes every job an earlier life of the bot was following. */
  async resume(queue: string): Promise<number> {
    await this.deps.events.open(queue);
    const ids = await this.deps.records.active(queue);
    for (const id of ids) {
      const rec = await this.deps.records.get(queue, id);
      if (rec) this.follow(rec);
      else await this.deps.records.finish(queue, id);
    }
    return ids.length;
  }

  /** Resolves when every followed job is finished (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.following.values()]);
  }

  stop(): void {
    this.stopped.abort();
  }

  /** Follows a job; `fresh`: just enqueued here, so it has no progress to read yet. */
  private follow(rec: JobRecord, fresh = false): void {
    const key = `${rec.queue}:${rec.jobId}`;
    if (this.following.has(key)) return;
    const run = this.run(rec, fresh)
      .catch((err) => this.deps.log.error({ err, jobId: rec.jobId }, 'following the job failed'))
      .finally(() => this.following.delete(key));
    this.following.set(key, run);
  }

  private async run(rec: JobRecord, fresh: boolean): Promise<void> {
    const { deps } = this;
    const log = deps.log.child({ jobId: rec.jobId, queue: rec.queue });
    await deps.events.open(rec.queue);
    const status = new StatusMessage(rec, deps.port, deps.records, {
      ...deps.status,
      onLost: () => this.tellLost(rec, log),
    });
    const waker = new Waker();
    const unlisten = deps.events.listen(rec.queue, rec.jobId, {
      progress: (data) => {
        const p = progressEvent.safeParse(data);
        if (p.success && p.data.kind !== 'log') status.update(p.data);
      },
      ended: () => waker.wake(),
    });
    try {
      const early = fresh ? await this.endedEarly(rec, waker) : null;
      if (this.stopped.signal.aborted) return;
      if (!early) await status.ensurePosted(fresh ? null : await this.currentProgress(rec));
      const outcome = early ?? (await this.waitOutcome(rec, waker));
      if (!outcome) return;
      unlisten();
      const phase =
        outcome.state === 'completed' ? 'done' : outcome.code === 'CANCELLED' ? 'cancelled' : 'failed';
      if (!early) await status.finish(phase);
      const unreachable = status.isLost || deps.health?.suspended(rec.channelId);
      if (unreachable) await this.undeliverable(status.record, log, status.isLost);
      else if (!(await this.postFinal(status.record, outcome, log))) return;
      await deps.records.finish(rec.queue, rec.jobId);
      this.notify.delete(`${rec.queue}:${rec.jobId}`);
      log.info({ state: outcome.state, edits: status.edits, reported: !unreachable }, 'job reported');
    } finally {
      unlisten();
    }
  }

  /** Polls the job's state (waking early on its end events) until it has an outcome. */
  private async waitOutcome(rec: JobRecord, waker: Waker): Promise<JobOutcome | null> {
    for (;;) {
      if (this.stopped.signal.aborted) return null;
      try {
        const o = await this.deps.client.outcome(rec.queue, rec.jobId);
        if (o) return o;
      } catch (err) {
        this.deps.log.warn({ err, jobId: rec.jobId }, 'cannot read the job state');
        if (/not found|removed/.test(String((err as Error).message)))
          return {
            state: 'failed',
            jobId: rec.jobId,
            code: 'CANCELLED',
            message: 'removed before it started',
            artifacts: undefined,
          };
      }
      await waker.sleep(this.deps.pollMs ?? 1_500, this.stopped.signal);
    }
  }

  /**
   * The outcome of a new job that ends within `statusDelayMs` of being queued (it then gets no
   * status message), or null once that time is up with the job still going.
   */
  private async endedEarly(rec: JobRecord, waker: Waker): Promise<JobOutcome | null> {
    const until = rec.startedAt + (this.deps.statusDelayMs ?? 0);
    for (;;) {
      const left = until - Date.now();
      if (left <= 0 || this.stopped.signal.aborted) return null;
      await waker.sleep(left, this.stopped.signal);
      // Woken by an end event (or the delay is up): a failed attempt with retries left reads as null.
      const o = await this.deps.client.outcome(rec.queue, rec.jobId).catch(() => null);
      if (o) return o;
    }
  }

  private async currentProgress(rec: JobRecord): Promise<ProgressEvent | null> {
    const job = await this.deps.client
      .queue(rec.queue)
      .getJob(rec.jobId)
      .catch(() => undefined);
    const p = progressEvent.safeParse(job?.progress);
    return p.success ? p.data : null;
  }

  /**
   * The job's channel refuses the bot: its result is not posted (the job's record ends, so no
   * later bot life retries it); the requester is told once.
   */
  private async undeliverable(rec: JobRecord, log: Logger, told: boolean): Promise<void> {
    await this.deps.records.finalPosted(rec.queue, rec.jobId, 'undeliverable');
    if (!told) this.tellLost(rec, log);
  }

  /** Posts the final result once; false when the tracker stopped before it could. */
  private async postFinal(rec: JobRecord, o: JobOutcome, log: Logger): Promise<boolean> {
    const { records, port } = this.deps;
    const deps = {
      records,
      port,
      artifacts: this.deps.artifacts(rec.queue),
      options: this.deps.final ?? { staleMs: 2 * 60_000 },
      uploadLimit: this.deps.uploadLimit?.() ?? 10 * 1024 * 1024,
      log,
    };
    for (;;) {
      let r: Awaited<ReturnType<typeof postFinalOnce>>;
      try {
        r = await postFinalOnce(deps, rec, o);
      } catch (err) {
        const { status } = discordFailure(err);
        if (status !== 403 && status !== 404) throw err;
        await this.undeliverable(rec, log, false);
        return true;
      }
      if ('done' in r) {
        if (r.done === 'already') log.info('final result already posted');
        return true;
      }
      if (this.stopped.signal.aborted) return false;
      await new Waker().sleep(r.retryInMs, this.stopped.signal);
    }
  }
}

/** A sleep that an event can cut short; an event while awake cuts the next sleep short. */
class Waker {
  private resolve: (() => void) | null = null;
  private woken = false;

  wake(): void {
    if (this.resolve) this.resolve();
    else this.woken = true;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.resolve = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.resolve = done;
    });
  }
}
