import type { CheckpointReport } from './types.js';

/** Pure: whether a job result's data is a checkpoint report (what the checkpoint job returns). */
export function isCheckpointReport(d: unknown): d is CheckpointReport {
  const r = d as Partial<CheckpointReport> | null | undefined;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.n === 'number' &&
    typeof r.at === 'string' &&
    Array.isArray(r.criteria) &&
    Array.isArray(r.items)
  );
}

/** The few Redis hash commands the store needs (an ioredis client fits). */
export interface HashClient {
  hget(key: string, field: string): Promise<string | null>;
  hset(key: string, field: string, value: string): Promise<number>;
  hgetall(key: string): Promise<Record<string, string>>;
}

/** A team's record of one checkpoint: when it first passed, and its last run. */
export interface CheckpointRecord {
  n: number;
  /** ISO time of the first run whose criteria all passed; null until then. */
  passedAt: string | null;
  last: {
    at: string;
    passed: boolean;
    jobId?: string;
    criteria: { id: string; pass: boolean; measured: string }[];
    pictures: { id: string; ok: boolean; sha256?: string }[];
  };
}

/** `labops:<team>:checkpoints`: n → JSON record (under the team's prefix, as its Redis ACL allows). */
export const checkpointsKey = (team: string) => `labops:${team}:checkpoints`;

/** Pure: the record after one more run (keeps the earliest pass; `last` is the newest run). */
export function mergeRecord(
  prev: CheckpointRecord | null,
  r: CheckpointReport,
  jobId?: string,
): CheckpointRecord {
  const last: CheckpointRecord['last'] = {
    at: r.at,
    passed: r.passed,
    ...(jobId ? { jobId } : {}),
    criteria: r.criteria.map((c) => ({ id: c.id, pass: c.pass, measured: c.measured })),
    pictures: r.items.map((i) => ({
      id: i.id,
      ok: i.ok,
      ...(i.artifact ? { sha256: i.artifact.sha256 } : {}),
    })),
  };
  const candidates = [prev?.passedAt, r.passed ? r.at : null].filter((x): x is string => Boolean(x));
  const passedAt = candidates.sort()[0] ?? null;
  const newer = !prev || prev.last.at <= r.at;
  return { n: r.n, passedAt, last: newer ? last : prev.last };
}

/** Records a checkpoint run for the team (idempotent: the same run twice changes nothing). */
export async function recordCheckpoint(
  redis: HashClient,
  team: string,
  r: CheckpointReport,
  jobId?: string,
): Promise<CheckpointRecord> {
  const key = checkpointsKey(team);
  const raw = await redis.hget(key, String(r.n));
  const next = mergeRecord(raw ? (JSON.parse(raw) as CheckpointRecord) : null, r, jobId);
  await redis.hset(key, String(r.n), JSON.stringify(next));
  return next;
}

/** Every checkpoint record of a team, by number. */
export async function readCheckpoints(
  redis: HashClient,
  team: string,
): Promise<Map<number, CheckpointRecord>> {
  const all = await redis.hgetall(checkpointsKey(team));
  const out = new Map<number, CheckpointRecord>();
  for (const [k, v] of Object.entries(all)) {
    try {
      out.set(Number(k), JSON.parse(v) as CheckpointRecord);
    } catch {
      /* a damaged entry is shown as not run */
    }
  }
  return out;
}
