import { z } from 'zod';
import { readCheckpoints } from '../evidence/checkpoints/store.js';
import type { JobDefinition } from '../jobs/definitions.js';
import { syncCheckpoints } from './checkpoint-progress.js';
import type { LabClient } from './lab-client.js';

/** Whether a job's data takes the team's passed checkpoints (`/next`, `/status`). */
function takesPassed(def: JobDefinition): boolean {
  return def.data instanceof z.ZodObject && 'passed' in def.data.shape;
}

/** The checkpoints the team has passed, after folding in its recent checkpoint jobs. */
export async function passedCheckpoints(client: LabClient, queue: string): Promise<number[]> {
  await syncCheckpoints(client, client.redis, queue);
  const records = await readCheckpoints(client.redis, queue);
  return [...records.values()]
    .filter((r) => r.passedAt)
    .map((r) => r.n)
    .sort((a, b) => a - b);
}

/**
 * The job's data with the checkpoints the team has passed, for the jobs that take them (the
 * runner reads the lab, not the team's record); any other job's data as it is.
 */
export async function withPassedCheckpoints(
  client: LabClient,
  queue: string,
  def: JobDefinition,
  data: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (!takesPassed(def)) return data;
  return { ...data, passed: await passedCheckpoints(client, queue) };
}
