import type { Job, JobState, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Requester } from '../jobs/envelope.js';
import { type JobResult, jobResult, type ProgressEvent, progressEvent } from '../jobs/events.js';
import { keys } from '../jobs/queue.js';
import { decodeFailure } from '../shared/errors.js';

/** How a job ended: its result, or the code and message it failed with (and its log artifacts). */
export type JobOutcome =
  | { state: 'completed'; jobId: string; result: JobResult }
  | { state: 'failed'; jobId: string; code: string; message: string; artifacts: ProgressEvent['artifacts'] };

/** One line of a team's job list. */
export interface JobRow {
  id: string;
  name: string;
  state: JobState | 'unknown';
  requestedBy: string;
  createdAt: number;
  finishedAt: number | undefined;
  reason: string | undefined;
}

/** The outcome of a job in `state`: null unless it completed or failed for good. */
export function finishedOutcome(job: Job, state: JobState | 'unknown', jobId: string): JobOutcome | null {
  if (state === 'completed') return { state, jobId, result: jobResult.parse(job.returnvalue) };
  if (state !== 'failed') return null;
  const { code, message } = decodeFailure(job.failedReason);
  const progress = progressEvent.safeParse(job.progress);
  return { state, jobId, code, message, artifacts: progress.success ? progress.data.artifacts : undefined };
}

/** Recent jobs of a queue, newest first. */
export async function listJobs(q: Queue, limit: number): Promise<JobRow[]> {
  const js = await q.getJobs(
    ['active', 'waiting', 'delayed', 'prioritized', 'completed', 'failed'],
    0,
    limit * 2,
  );
  const rows = await Promise.all(
    js.filter(Boolean).map(async (j) => ({
      id: j.id ?? '?',
      name: j.name,
      state: await j.getState(),
      requestedBy: (j.data as { requestedBy?: Requester }).requestedBy?.name ?? '?',
      createdAt: j.timestamp,
      finishedAt: j.finishedOn,
      reason: j.failedReason,
    })),
  );
  return rows.sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
}

/** Runners of a team seen in the last 30 s (their heartbeat keys). */
export async function runnerHeartbeats(redis: Redis, team: string): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', keys.heartbeats(team), 'COUNT', 100);
    cursor = next;
    const values = batch.length ? await redis.mget(batch) : [];
    for (const v of values) if (v) found.push(JSON.parse(v) as Record<string, unknown>);
  } while (cursor !== '0');
  return found;
}
