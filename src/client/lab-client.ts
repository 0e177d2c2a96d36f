import type { KeyObject } from 'node:crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobDefinition } from '../jobs/definitions.js';
import { type Requester, signEnvelope } from '../jobs/envelope.js';
import { type ProgressEvent, progressEvent } from '../jobs/events.js';
import { keys, QUEUE_PREFIX, queueName } from '../jobs/queue.js';
import { connectRedis } from '../shared/redis.js';
import { EnqueuedRecord, type LostJob, recheckEnqueued } from './enqueued.js';
import { finishedOutcome, type JobOutcome, type JobRow, listJobs, runnerHeartbeats } from './job-reads.js';

export type { LostJob } from './enqueued.js';
export type { JobOutcome, JobRow } from './job-reads.js';

/** How the client reports jobs it found missing after a reconnection. */
export interface LabClientOptions {
  /** Called for each job missing after a reconnection (a failover can lose the last writes). */
  onLost?: (job: LostJob) => void;
  /** How long an unfinished job is watched (default 24 h, LABOPS_JOB_MAX_AGE_S's default). */
  maxAgeMs?: number;
}

export interface EnqueueRequest {
  team: string;
  jobId: string;
  def: JobDefinition;
  data: Record<string, unknown>;
  requestedBy: Requester;
}

/**
 * The issuing side of the pipeline (CLI, local console, bot): signs and enqueues jobs,
 * follows their progress and outcome through QueueEvents, cancels and lists them.
 */
export class LabClient {
  private queues = new Map<string, Queue>();
  private events = new Map<string, Promise<QueueEvents>>();
  /** The producer connection (rate limits and audit share it). */
  readonly redis: Redis;
  private connections: Redis[] = [];
  /** The jobs enqueued here and not seen finished, checked after every reconnection. */
  private readonly record: EnqueuedRecord;
  private checking: Promise<LostJob[]> = Promise.resolve([]);
  private checkTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly redisUrl: string,
    private readonly signingKey: KeyObject | null,
    private readonly opts: LabClientOptions = {},
  ) {
    this.record = new EnqueuedRecord(opts.maxAgeMs ?? 24 * 3600_000);
    this.redis = connectRedis(redisUrl, 'producer');
    this.watchReconnects(this.redis);
  }

  /**
   * Checks that every job enqueued here and not seen finished is still in Redis, and adds a
   * missing one again under the same id (a failover lost it); runs by itself after each
   * reconnection. Returns the jobs that were missing (each also given to `onLost`).
   */
  checkEnqueued(): Promise<LostJob[]> {
    const run = async () => {
      const lost = await recheckEnqueued(this.record, (t) => this.queue(t), this.redis);
      for (const j of lost) this.opts.onLost?.(j);
      return lost;
    };
    this.checking = this.checking.then(run, run);
    return this.checking;
  }

  /** How many jobs enqueued here are not seen finished yet. */
  unfinishedCount(): number {
    return this.record.unfinished().length;
  }

  /** After a connection comes back (not its first connection), the record is checked once. */
  private watchReconnects(c: Redis): void {
    let lostConnection = false;
    c.on('close', () => {
      lostConnection = true;
    });
    c.on('ready', () => {
      if (!lostConnection) return;
      lostConnection = false;
      this.scheduleCheck(100, 5);
    });
  }

  /** Runs `checkEnqueued` after `ms`; a check that fails (Redis away again) is tried `tries` times. */
  private scheduleCheck(ms: number, tries: number): void {
    if (this.closed) return;
    clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => {
      this.checkEnqueued().catch(() => {
        if (tries > 1) this.scheduleCheck(1_000, tries - 1);
      });
    }, ms);
  }

  queue(team: string): Queue {
    let q = this.queues.get(team);
    if (!q) {
      // On the producer connection: a queue adds and reads, it never blocks, and a command
      // that opens no second connection starts one round trip sooner.
      q = new Queue(queueName(team), { connection: this.redis, prefix: QUEUE_PREFIX });
      // Connection errors reach the caller through the commands that fail (and a failover
      // through the check after it); without a listener BullMQ prints each retry's error.
      q.on('error', () => undefined);
      this.queues.set(team, q);
    }
    return q;
  }

  /**
   * QueueEvents of a team, started once; ready before it is returned so no event is missed.
   * It reads the team's event stream from its last entry at the time of the call, not from
   * whatever is last when its first read reaches Redis: an event written in between (a short
   * job finishing) is delivered, not lost. Start it before enqueueing to overlap its set-up.
   */
  queueEvents(team: string): Promise<QueueEvents> {
    let e = this.events.get(team);
    if (!e) {
      e = this.startEvents(team);
      this.events.set(team, e);
      e.catch(() => this.events.delete(team));
    }
    return e;
  }

  private async startEvents(team: string): Promise<QueueEvents> {
    const last = await this.redis.xrevrange(this.queue(team).toKey('events'), '+', '-', 'COUNT', 1);
    const e = new QueueEvents(queueName(team), {
      connection: this.connectBlocking(),
      prefix: QUEUE_PREFIX,
      lastEventId: last[0]?.[0] ?? '0-0',
    });
    e.on('error', () => undefined);
    await e.waitUntilReady();
    return e;
  }

  /** Signs and adds a job; a second request with the same id finds the first job instead. */
  async enqueue(req: EnqueueRequest): Promise<{ jobId: string; created: boolean }> {
    if (!this.signingKey)
      throw new Error('no signing key: run `labops keys generate` or set LABOPS_SIGNING_KEY');
    const q = this.queue(req.team);
    // Only whether it exists: reading the whole job would parse its data for nothing.
    if (await this.redis.exists(q.toKey(req.jobId))) return { jobId: req.jobId, created: false };
    const env = signEnvelope(
      {
        v: 1,
        jobId: req.jobId,
        team: req.team,
        name: req.def.name,
        data: req.data,
        requestedBy: req.requestedBy,
        issuedAt: Date.now(),
      },
      this.signingKey,
    );
    const opts = {
      attempts: req.def.retry.attempts,
      backoff: { type: 'exponential' as const, delay: req.def.retry.backoffMs },
      removeOnComplete: { age: 7 * 24 * 3600, count: 2000 },
      removeOnFail: { age: 30 * 24 * 3600, count: 5000 },
    };
    await q.add(req.def.name, env, { ...opts, jobId: req.jobId });
    // Acknowledged by the primary: watched until it finishes (a failover may still lose it).
    this.record.add({ team: req.team, jobId: req.jobId, name: req.def.name, env, opts, at: Date.now() });
    return { jobId: req.jobId, created: true };
  }

  /** Resolves with the job's final outcome, calling `onProgress` for every progress event on the way. */
  async follow(
    team: string,
    jobId: string,
    opts: { onProgress?: (e: ProgressEvent) => void; signal?: AbortSignal; pollMs?: number } = {},
  ): Promise<JobOutcome> {
    const events = await this.queueEvents(team);
    const pollMs = opts.pollMs ?? 1_000;
    return new Promise<JobOutcome>((resolve, reject) => {
      let done = false;
      const finish = (o: JobOutcome | Error) => {
        if (done) return;
        done = true;
        events.off('progress', onProgress);
        events.off('completed', onCompleted);
        events.off('failed', onFailed);
        opts.signal?.removeEventListener('abort', onAbort);
        clearInterval(poll);
        o instanceof Error ? reject(o) : resolve(o);
      };
      // The events carry the outcome; the state is also polled (one call a second), in case
      // the event stream itself was lost (a failover to a replica that had not received it).
      const poll = setInterval(
        () => void this.outcome(team, jobId).then((o) => o && finish(o), finish),
        pollMs,
      );
      let lastArtifacts: ProgressEvent['artifacts'];
      const onProgress = ({ jobId: id, data }: { jobId: string; data: unknown }) => {
        if (id !== jobId) return;
        const p = progressEvent.safeParse(data);
        if (!p.success) return;
        if (p.data.artifacts) lastArtifacts = p.data.artifacts;
        opts.onProgress?.(p.data);
      };
      const onCompleted = ({ jobId: id }: { jobId: string }) => {
        if (id === jobId) void this.outcome(team, jobId).then((o) => o && finish(o), finish);
      };
      const onFailed = ({ jobId: id, failedReason }: { jobId: string; failedReason: string }) => {
        if (id !== jobId) return;
        // A failure with attempts left is retried: wait for the job's last word.
        void this.outcome(team, jobId).then((o) => {
          if (o) finish(o.state === 'failed' ? { ...o, artifacts: lastArtifacts } : o);
          else if (!failedReason) finish(new Error(`job ${jobId} failed without a reason`));
        }, finish);
      };
      const onAbort = () => finish(new Error('stopped following the job'));
      events.on('progress', onProgress);
      events.on('completed', onCompleted);
      events.on('failed', onFailed);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      void this.outcome(team, jobId).then((o) => o && finish(o), finish);
    });
  }

  /** The job's outcome if it has one (completed, or failed with no attempt left); null while it runs. */
  async outcome(team: string, jobId: string): Promise<JobOutcome | null> {
    // State first: a job read before it finishes would carry no result yet.
    const state = await this.queue(team).getJobState(jobId);
    // Enqueued here but missing (a failover lost it): the check after the reconnection adds it again.
    if (state === 'unknown' && this.record.has(team, jobId)) return null;
    if (state === 'unknown') throw new Error(`job ${jobId} not found in team ${team}'s queue`);
    if (state !== 'completed' && state !== 'failed') return null;
    this.record.forget(team, jobId);
    const job = await Job.fromId(this.queue(team), jobId);
    if (!job) throw new Error(`job ${jobId} was removed from team ${team}'s queue`);
    return finishedOutcome(job, state, jobId);
  }

  /**
   * Cancels a job: a waiting one is removed; a running one is told to stop (its runner
   * aborts the step and kills the subprocess tree).
   */
  async cancel(team: string, jobId: string): Promise<'removed' | 'signalled' | 'finished' | 'not-found'> {
    this.record.forget(team, jobId);
    const job = await Job.fromId(this.queue(team), jobId);
    if (!job) return 'not-found';
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') return 'finished';
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized') {
      try {
        await job.remove();
        return 'removed';
      } catch {
        /* taken by a runner in between: signal it */
      }
    }
    await this.redis.set(keys.cancel(team, jobId), '1', 'EX', 3600);
    await this.redis.publish(keys.cancelChannel(team), jobId);
    return 'signalled';
  }

  /** Recent jobs of a team, newest first. */
  list(team: string, limit = 20): Promise<JobRow[]> {
    return listJobs(this.queue(team), limit);
  }

  /** Runners of a team seen in the last 30 s (their heartbeat keys). */
  runners(team: string): Promise<Record<string, unknown>[]> {
    return runnerHeartbeats(this.redis, team);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.checkTimer);
    await Promise.all([...this.events.values()].map((e) => e.then((q) => q.close()).catch(() => undefined)));
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.redis.disconnect();
    for (const c of this.connections) c.disconnect();
  }

  private connectBlocking(): Redis {
    const c = connectRedis(this.redisUrl, 'blocking');
    this.connections.push(c);
    return c;
  }
}
