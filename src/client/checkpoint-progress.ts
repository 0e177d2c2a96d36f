// The record's own modules, not the checkpoints' index: that one brings the collectors and
// their browser along, which a process that only reads the record does not need.
import type { ProgressRow } from '../evidence/checkpoints/progress-table.js';
import {
  type HashClient,
  isCheckpointReport,
  readCheckpoints,
  recordCheckpoint,
} from '../evidence/checkpoints/store.js';
import type { CheckpointReport } from '../evidence/checkpoints/types.js';
import type { JobResult } from '../jobs/events.js';
import type { LabClient } from './lab-client.js';

/** Completed checkpoint jobs looked at per team (the queue keeps up to 2000 completed jobs for 7 days). */
const SCAN = 2_000;

/** Pure: the checkpoint report a job result carries, if it is one. */
export function checkpointReportOf(result: JobResult | null | undefined): CheckpointReport | undefined {
  const d = result?.data;
  return isCheckpointReport(d) ? d : undefined;
}

/** Records a finished checkpoint job in the team's `labops:<team>:checkpoints` hash. */
export async function recordCheckpointResult(
  redis: HashClient,
  team: string,
  jobId: string,
  result: JobResult,
): Promise<void> {
  const report = checkpointReportOf(result);
  if (report) await recordCheckpoint(redis, team, report, jobId);
}

/**
 * Folds the team's completed checkpoint jobs into its record, whoever started them (Discord,
 * `labops run`, `labops checkpoint`): the result is the runner's own, and merging is
 * idempotent (earliest pass kept), so running it again changes nothing.
 */
export async function syncCheckpoints(client: LabClient, redis: HashClient, team: string): Promise<void> {
  const jobs = await client.queue(team).getJobs(['completed'], 0, SCAN - 1);
  for (const j of jobs) {
    if (j?.name !== 'checkpoint') continue;
    const report = checkpointReportOf(j.returnvalue as JobResult);
    if (report) await recordCheckpoint(redis, team, report, j.id);
  }
}

/** Every team's checkpoint records (keyed by its queue), after folding in its recent checkpoint jobs. */
export async function teamsProgress(
  client: LabClient,
  redis: HashClient,
  teams: readonly { name: string; queue: string }[],
): Promise<ProgressRow[]> {
  const rows: ProgressRow[] = [];
  for (const t of teams) {
    await syncCheckpoints(client, redis, t.queue);
    rows.push({ team: t.name, records: await readCheckpoints(redis, t.queue) });
  }
  return rows;
}
