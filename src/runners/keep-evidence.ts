import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { isCheckpointReport, recordCheckpoint } from '../evidence/checkpoints/store.js';
import { type EvidenceLimits, keepEvidence } from '../services/evidence.js';
import { stageOf, writeStage } from '../services/stage.js';

/**
 * When a checkpoint job ends on the runner: the team's checkpoint record is updated at once
 * (so the dashboard and /progress see it without anyone asking first) and the run's report
 * and pictures are kept for grading. A failure here is logged and never fails the job.
 */
export async function keepCheckpointRun(
  o: { redis: Redis; team: string; jobId: string; limits: EvidenceLimits; log: Logger },
  data: unknown,
): Promise<void> {
  if (!isCheckpointReport(data)) return;
  try {
    await recordCheckpoint(o.redis, o.team, data, o.jobId);
    const kept = await keepEvidence(o.redis, o.team, o.jobId, data, o.limits);
    if (kept.evicted.length)
      o.log.warn(
        { evicted: kept.evicted },
        `checkpoint evidence over the team's budget of ${o.limits.budgetBytes} bytes: the oldest runs were dropped (LABOPS_EVIDENCE_MAX_BYTES)`,
      );
  } catch (err) {
    o.log.warn({ err }, 'checkpoint evidence could not be kept');
  }
}

/**
 * When a `/next` or `/status` job ends: the team's stage in the guide (stops done, the next
 * command), for the instructor's class grid. A failure here is logged and never fails the job.
 */
export async function keepStage(
  o: { redis: Redis; team: string; log: Logger },
  data: unknown,
): Promise<void> {
  const stage = stageOf(data);
  if (!stage) return;
  await writeStage(o.redis, o.team, stage).catch((err) =>
    o.log.warn({ err }, 'the team stage could not be kept'),
  );
}

/** What a job's end keeps beside its result, by job: a checkpoint run, or the team's stage. */
export async function keepAfterJob(
  o: { redis: Redis; team: string; jobId: string; limits: EvidenceLimits; log: Logger },
  job: string,
  data: unknown,
): Promise<void> {
  if (job === 'checkpoint') await keepCheckpointRun(o, data);
  else if (job === 'next' || job === 'status') await keepStage(o, data);
}
