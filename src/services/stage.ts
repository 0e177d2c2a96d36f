import type { Redis } from 'ioredis';
import { QUEUE_PREFIX } from '../jobs/queue.js';

/**
 * Where a team stands in the guide, as its last `/next` or `/status` read it from the lab
 * facts: `labops:<team>:stage` (under the team's prefix, written by its runner).
 */
export interface TeamStage {
  /** Stops done of the guide's path (steps 1–9 and checkpoints 1–6). */
  done: number;
  total: number;
  /** The next command (`/deploy k8s`), or undefined when the whole guide is done. */
  next?: string;
  /** When the lab was read (ISO). */
  at: string;
}

export const stageKey = (team: string) => `${QUEUE_PREFIX}:${team}:stage`;
/** A stage is kept a term, like the evidence. */
const STAGE_TTL_S = 120 * 24 * 3600;

/** Pure: the stage a job's result data carries (a `path` with `stops`), if any. */
export function stageOf(data: unknown, at = new Date()): TeamStage | undefined {
  const path = (data as { path?: { stops?: { state?: string }[]; next?: unknown } } | undefined)?.path;
  if (!path || !Array.isArray(path.stops) || !path.stops.length) return undefined;
  return {
    done: path.stops.filter((s) => s?.state === 'done').length,
    total: path.stops.length,
    ...(typeof path.next === 'string' ? { next: path.next.slice(0, 100) } : {}),
    at: at.toISOString(),
  };
}

export async function writeStage(redis: Redis, team: string, stage: TeamStage): Promise<void> {
  await redis.set(stageKey(team), JSON.stringify(stage), 'EX', STAGE_TTL_S);
}

/** The stages of the given teams (by queue), undefined where none was read yet. */
export async function readStages(
  redis: Redis,
  queues: readonly string[],
): Promise<(TeamStage | undefined)[]> {
  if (!queues.length) return [];
  const raw = await redis.mget(...queues.map(stageKey));
  return raw.map((r) => {
    if (!r) return undefined;
    try {
      return JSON.parse(r) as TeamStage;
    } catch {
      return undefined;
    }
  });
}
