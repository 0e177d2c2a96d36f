import type { Redis } from 'ioredis';
import { appendAudit, teamAuditStream } from '../services/audit.js';
import { decodeFailure } from '../shared/errors.js';

/** The runner's audit record of one job that ended or was refused, in `labops:<team>:audit`. */
export async function auditJobEnd(
  redis: Redis,
  a: {
    team: string;
    job: { id?: string; name: string; data: unknown };
    started: number;
    refused: boolean;
    /** The error the job ended with (already redacted and encoded), if any. */
    failure?: Error;
    /** The artifact id of the job's stored full log, if one was stored. */
    log?: string;
  },
): Promise<void> {
  const env = (a.job.data ?? {}) as { requestedBy?: { id?: unknown; name?: unknown }; data?: unknown };
  const by = env.requestedBy && typeof env.requestedBy === 'object' ? env.requestedBy : {};
  const f = a.failure ? decodeFailure(a.failure.message) : undefined;
  const cancelled = f?.code === 'CANCELLED';
  await appendAudit(redis, teamAuditStream(a.team), {
    at: Date.now(),
    // Claimed, not proven, for a refused job: its signature did not hold.
    who: typeof by.id === 'string' ? by.id.slice(0, 100) : 'unknown',
    ...(typeof by.name === 'string' ? { whoName: by.name.slice(0, 100) } : {}),
    by: 'runner',
    team: a.team,
    command: String(a.job.name).slice(0, 100),
    decision: a.refused ? 'refused' : 'ran',
    ...(a.job.id ? { jobId: String(a.job.id) } : {}),
    outcome: !f ? 'completed' : a.refused ? f.code : cancelled ? 'cancelled' : `failed: ${f.code}`,
    ...(f ? { message: f.message.slice(0, 500) } : {}),
    durationMs: Date.now() - a.started,
    ...(a.log ? { log: a.log } : {}),
  });
}
