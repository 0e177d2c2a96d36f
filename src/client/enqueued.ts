import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Envelope } from '../jobs/envelope.js';
import { keys } from '../jobs/queue.js';

/**
 * What the issuing side enqueued and has not seen finish. Redis replicates asynchronously: a
 * job the primary acknowledged just before it died may be missing on the replica Sentinel
 * promotes (redis.io, "Redis replication" and "High availability with Sentinel"). After every
 * reconnection the client checks each unfinished job against Redis and adds a missing one
 * again, under the same id, with the same signed envelope.
 */
export interface EnqueuedJob {
  team: string;
  jobId: string;
  name: string;
  env: Envelope;
  opts: JobsOptions;
  /** When it was enqueued (ms): past the jobs' maximum age the runner refuses it, so it is dropped. */
  at: number;
}

/** A job found missing after a reconnection, and what was done about it. */
export interface LostJob {
  team: string;
  jobId: string;
  name: string;
  /** `re-enqueued`: added again under its id; `ran`: it had run (its run mark is there), not added again. */
  action: 're-enqueued' | 'ran';
}

/** The record of unfinished jobs, keyed by team and id. */
export class EnqueuedRecord {
  private jobs = new Map<string, EnqueuedJob>();

  constructor(private readonly maxAgeMs: number) {}

  add(job: EnqueuedJob): void {
    this.jobs.set(`${job.team}\n${job.jobId}`, job);
  }

  has(team: string, jobId: string): boolean {
    return this.jobs.has(`${team}\n${jobId}`);
  }

  /** The job finished (or was cancelled): nothing left to watch. */
  forget(team: string, jobId: string): void {
    this.jobs.delete(`${team}\n${jobId}`);
  }

  /** The jobs still unfinished, without those too old to run anyway. */
  unfinished(now = Date.now()): EnqueuedJob[] {
    for (const [k, j] of this.jobs) if (now - j.at > this.maxAgeMs) this.jobs.delete(k);
    return [...this.jobs.values()];
  }
}

/**
 * Checks every unfinished job of `record` in Redis; one that is not there is added again
 * (same id, same envelope), unless it had already run (its `ran` mark is there: it was removed
 * after it ran, not lost). Returns what was missing.
 */
export async function recheckEnqueued(
  record: EnqueuedRecord,
  queue: (team: string) => Queue,
  redis: Redis,
): Promise<LostJob[]> {
  const lost: LostJob[] = [];
  for (const j of record.unfinished()) {
    const q = queue(j.team);
    if ((await q.getJobState(j.jobId)) !== 'unknown') continue;
    if (await redis.exists(keys.ran(j.team, j.jobId))) {
      record.forget(j.team, j.jobId);
      lost.push({ team: j.team, jobId: j.jobId, name: j.name, action: 'ran' });
      continue;
    }
    await q.add(j.name, j.env, { ...j.opts, jobId: j.jobId });
    lost.push({ team: j.team, jobId: j.jobId, name: j.name, action: 're-enqueued' });
  }
  return lost;
}
