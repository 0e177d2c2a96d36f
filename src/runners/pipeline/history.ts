import type { Redis } from 'ioredis';
import { QUEUE_PREFIX } from '../../jobs/queue.js';

/** Keys of the team's pipeline, under the team's prefix (what a runner's Redis ACL allows). */
export const pipelineKeys = {
  history: (team: string) => `${QUEUE_PREFIX}:${team}:pipeline:history`,
  /** Sorted set: pipeline job id → when it was pushed (ms), the newest last. */
  pushes: (team: string) => `${QUEUE_PREFIX}:${team}:pipeline:pushes`,
  /** Hash: pipeline job id → the commit it delivers, when known at push time. */
  commits: (team: string) => `${QUEUE_PREFIX}:${team}:pipeline:commits`,
  /** List: the older pushes a newer job replaced. */
  replaced: (team: string, jobId: string) => `${QUEUE_PREFIX}:${team}:pipeline:replaced:${jobId}`,
  /** Webhook delivery ids already taken (replays refused). */
  delivery: (team: string, id: string) => `${QUEUE_PREFIX}:${team}:pipeline:delivery:${id}`,
};

/** One pipeline run, as `/pipeline history` lists it. */
export interface HistoryEntry {
  jobId: string;
  at: number;
  ref: string;
  commit: string | null;
  subject: string | null;
  pushedBy: string;
  source: string;
  outcome: 'live' | 'failed' | 'rolled back' | 'superseded' | 'already live';
  durationMs: number;
  summary: string;
  image: string | null;
}

const KEEP = 50;

/** Adds a run to the team's history (newest first, the last 50 kept). */
export async function recordHistory(redis: Redis, team: string, e: HistoryEntry): Promise<void> {
  await redis
    .multi()
    .lpush(pipelineKeys.history(team), JSON.stringify(e))
    .ltrim(pipelineKeys.history(team), 0, KEEP - 1)
    .exec();
}

/** The team's last runs, newest first. */
export async function readHistory(redis: Redis, team: string, limit: number): Promise<HistoryEntry[]> {
  const rows = await redis.lrange(pipelineKeys.history(team), 0, limit - 1);
  return rows.map((r) => JSON.parse(r) as HistoryEntry);
}

/**
 * Records a push when it is enqueued (git hook, webhook): its order among the team's pushes
 * decides which waiting push a newer one replaces.
 */
export async function registerPush(
  redis: Redis,
  team: string,
  jobId: string,
  commit: string | undefined,
  at = Date.now(),
): Promise<void> {
  const m = redis.multi().zadd(pipelineKeys.pushes(team), 'NX', at, jobId);
  if (commit) m.hset(pipelineKeys.commits(team), jobId, commit);
  // Only the recent order matters: keep the last 200.
  m.zremrangebyrank(pipelineKeys.pushes(team), 0, -201);
  await m.exec();
}

/**
 * Called by a pipeline job once it holds the lab: registers it (a job from `/pipeline run`
 * counts from now) and returns the newest push after it, if any — then this one is superseded,
 * and the newer one is told which push it replaced.
 */
export async function newerPush(
  redis: Redis,
  team: string,
  jobId: string,
  commit: string | undefined,
  label: string,
): Promise<{ jobId: string; commit?: string } | undefined> {
  await registerPush(redis, team, jobId, commit);
  const mine = await redis.zscore(pipelineKeys.pushes(team), jobId);
  const newest = await redis.zrange(pipelineKeys.pushes(team), -1, -1, 'WITHSCORES');
  const [id, score] = newest;
  if (!id || id === jobId || Number(score) <= Number(mine)) return undefined;
  await redis
    .multi()
    .rpush(pipelineKeys.replaced(team, id), label)
    .expire(pipelineKeys.replaced(team, id), 7 * 24 * 3600)
    .exec();
  const c = await redis.hget(pipelineKeys.commits(team), id);
  return { jobId: id, ...(c ? { commit: c } : {}) };
}

/** The older pushes `jobId` replaced. */
export async function replacedBy(redis: Redis, team: string, jobId: string): Promise<string[]> {
  return redis.lrange(pipelineKeys.replaced(team, jobId), 0, -1);
}
