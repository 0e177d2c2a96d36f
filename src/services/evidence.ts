import type { Redis } from 'ioredis';
import type { CheckpointReport } from '../evidence/checkpoints/types.js';
import { keys, QUEUE_PREFIX } from '../jobs/queue.js';

/**
 * Evidence kept for grading: a checkpoint run's report and its pictures outlive the 7-day
 * artifact TTL. Each kept run is one entry of the team's index (`labops:<team>:evidence`, a
 * sorted set by time, with the bytes of each run in `…:evidence:bytes`); its report is
 * `labops:<team>:evidence:report:<jobId>` and its pictures stay the artifacts they were, their
 * TTL raised to the evidence TTL. Past the team's byte budget the oldest runs go first, except
 * the newest one. Everything lives under the team's prefix, so a runner's ACL allows it.
 */
export interface EvidenceLimits {
  /** How long a kept run lives (LABOPS_EVIDENCE_TTL_S; a term by default). */
  ttlS: number;
  /** The most bytes a team's kept runs may take together (LABOPS_EVIDENCE_MAX_BYTES). */
  budgetBytes: number;
}

export const evidenceKeys = {
  index: (team: string) => `${QUEUE_PREFIX}:${team}:evidence`,
  bytes: (team: string) => `${QUEUE_PREFIX}:${team}:evidence:bytes`,
  report: (team: string, jobId: string) => `${QUEUE_PREFIX}:${team}:evidence:report:${jobId}`,
};

/** What keeping one run did. */
export interface KeptRun {
  /** False when this run was kept already (keeping is idempotent). */
  added: boolean;
  /** Job ids of the older runs dropped to stay within the budget. */
  evicted: string[];
}

const pictureIds = (r: CheckpointReport) => r.items.flatMap((i) => (i.artifact ? [i.artifact.id] : []));

/** Keeps one checkpoint run for grading (see the module's note); a run kept already is left as it is. */
export async function keepEvidence(
  redis: Redis,
  team: string,
  jobId: string,
  report: CheckpointReport,
  limits: EvidenceLimits,
): Promise<KeptRun> {
  if ((await redis.zscore(evidenceKeys.index(team), jobId)) !== null) return { added: false, evicted: [] };
  const body = JSON.stringify(report);
  const pictureBytes = report.items.reduce((n, i) => n + (i.artifact?.bytes ?? 0), 0);
  const m = redis.multi().set(evidenceKeys.report(team, jobId), body, 'EX', limits.ttlS);
  for (const id of pictureIds(report))
    m.expire(keys.artifact(team, id), limits.ttlS).expire(keys.artifactMeta(team, id), limits.ttlS);
  m.zadd(evidenceKeys.index(team), Date.parse(report.at) || Date.now(), jobId)
    .hset(evidenceKeys.bytes(team), jobId, String(body.length + pictureBytes))
    .expire(evidenceKeys.index(team), limits.ttlS)
    .expire(evidenceKeys.bytes(team), limits.ttlS);
  await m.exec();
  return { added: true, evicted: await enforceBudget(redis, team, limits.budgetBytes) };
}

/** Drops index entries whose report expired, then the oldest runs while the team is over budget. */
async function enforceBudget(redis: Redis, team: string, budgetBytes: number): Promise<string[]> {
  const ids = await redis.zrange(evidenceKeys.index(team), 0, -1);
  const sizes = ids.length ? await redis.hmget(evidenceKeys.bytes(team), ...ids) : [];
  const exists = redis.pipeline();
  for (const id of ids) exists.exists(evidenceKeys.report(team, id));
  const alive = ids.length ? ((await exists.exec()) ?? []).map(([, n]) => n === 1) : [];
  const gone = ids.filter((_, i) => !alive[i]);
  if (gone.length)
    await redis
      .multi()
      .zrem(evidenceKeys.index(team), ...gone)
      .hdel(evidenceKeys.bytes(team), ...gone)
      .exec();
  const kept = ids.map((id, i) => ({ id, bytes: Number(sizes[i] ?? 0) })).filter((_, i) => alive[i]);
  let total = kept.reduce((n, k) => n + k.bytes, 0);
  const evicted: string[] = [];
  while (total > budgetBytes && kept.length > 1) {
    const oldest = kept.shift()!;
    await dropRun(redis, team, oldest.id);
    evicted.push(oldest.id);
    total -= oldest.bytes;
  }
  return evicted;
}

/** Removes one kept run: its report, its pictures and its index entry. */
async function dropRun(redis: Redis, team: string, jobId: string): Promise<void> {
  const report = await keptReport(redis, team, jobId);
  const m = redis.multi().del(evidenceKeys.report(team, jobId));
  for (const id of report ? pictureIds(report) : [])
    m.del(keys.artifact(team, id), keys.artifactMeta(team, id));
  await m.zrem(evidenceKeys.index(team), jobId).hdel(evidenceKeys.bytes(team), jobId).exec();
}

/** A kept run's report, or undefined when it was never kept, expired or was dropped. */
export async function keptReport(
  redis: Redis,
  team: string,
  jobId: string,
): Promise<CheckpointReport | undefined> {
  const raw = await redis.get(evidenceKeys.report(team, jobId));
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as CheckpointReport;
  } catch {
    return undefined;
  }
}

/** The team's kept runs, oldest first, with their sizes. */
export async function keptRuns(redis: Redis, team: string): Promise<{ jobId: string; bytes: number }[]> {
  const ids = await redis.zrange(evidenceKeys.index(team), 0, -1);
  const sizes = ids.length ? await redis.hmget(evidenceKeys.bytes(team), ...ids) : [];
  return ids.map((jobId, i) => ({ jobId, bytes: Number(sizes[i] ?? 0) }));
}

/** Every team with kept evidence (a SCAN of `labops:*:evidence`). */
export async function teamsWithEvidence(redis: Redis): Promise<string[]> {
  const teams = new Set<string>();
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}:*:evidence`, 'COUNT', 500);
    cursor = next;
    for (const k of found) teams.add(k.slice(QUEUE_PREFIX.length + 1, -':evidence'.length));
  } while (cursor !== '0');
  return [...teams].sort();
}
