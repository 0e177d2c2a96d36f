import type { KeyObject } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isJobName, type JobDefinition, jobs } from '../jobs/definitions.js';
import { type Envelope, envelope, verifyEnvelope } from '../jobs/envelope.js';
import { keys } from '../jobs/queue.js';
import { Codes, UserError } from '../shared/errors.js';

export interface VerifiedJob {
  env: Envelope;
  def: JobDefinition;
  data: Record<string, unknown>;
}

/**
 * Everything the runner checks before it runs anything: a well-formed envelope, a valid
 * Ed25519 signature, the job id and name it was signed for, this runner's team, its age,
 * that it is not a replay of a job that already ran, and the job's data against its schema.
 */
export async function verifyJob(
  job: { id?: string; name: string; data: unknown; timestamp: number },
  deps: {
    key: KeyObject;
    team: string;
    redis: Redis;
    maxAgeMs: number;
    now?: number;
    /** This team's pipeline key (public half): it may sign this team's `pipeline` jobs, nothing else. */
    pipelineKey?: KeyObject;
  },
): Promise<VerifiedJob> {
  const raw = job.data as { sig?: unknown } | null;
  if (!raw || typeof raw !== 'object' || typeof raw.sig !== 'string' || !raw.sig) {
    throw new UserError(Codes.signatureInvalid, 'job refused: it carries no signature');
  }
  const parsed = envelope.safeParse(job.data);
  if (!parsed.success) throw new UserError(Codes.signatureInvalid, 'job refused: its envelope is malformed');
  const env = parsed.data;
  if (!verifyEnvelope(env, deps.key)) {
    if (!deps.pipelineKey || !verifyEnvelope(env, deps.pipelineKey))
      throw new UserError(
        Codes.signatureInvalid,
        `job refused: its signature does not match its content${
          env.name === 'pipeline' && !deps.pipelineKey
            ? " (a push's pipeline job is signed with the team's pipeline key: start the runner with LABOPS_PIPELINE_DIR)"
            : ''
        }`,
      );
    if (env.name !== 'pipeline')
      throw new UserError(
        Codes.signatureInvalid,
        `job refused: it is signed with the team's pipeline key, which starts only pipeline jobs, not ${env.name}`,
      );
  }
  if (env.jobId !== job.id || env.name !== job.name) {
    throw new UserError(Codes.signatureInvalid, 'job refused: it was signed for another job id or name');
  }
  if (env.team !== deps.team) {
    throw new UserError(
      Codes.teamMismatch,
      `job refused: it is for team ${env.team}, this runner serves ${deps.team}`,
    );
  }
  const now = deps.now ?? Date.now();
  if (now - env.issuedAt > deps.maxAgeMs) {
    throw new UserError(
      Codes.expired,
      `job refused: it was issued ${Math.round((now - env.issuedAt) / 60_000)} min ago`,
    );
  }
  // A job's first run records its BullMQ creation time; a retry or a resume of the same job
  // matches it, a signed payload re-added under the same id after it ran does not.
  const ranKey = keys.ran(deps.team, env.jobId);
  const first = await deps.redis.set(ranKey, String(job.timestamp), 'EX', 7 * 24 * 3600, 'NX');
  if (!first && (await deps.redis.get(ranKey)) !== String(job.timestamp)) {
    throw new UserError(
      Codes.replayed,
      `job refused: job ${env.jobId} already ran; a replay is not run again`,
    );
  }
  if (!isJobName(env.name)) throw new UserError(Codes.unknownJob, `unknown job "${env.name}"`);
  const def = jobs[env.name] as JobDefinition;
  const data = def.data.safeParse(env.data);
  if (!data.success) {
    const why = data.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ');
    throw new UserError(Codes.badInput, `job refused: bad data for ${env.name}: ${why}`);
  }
  return { env, def, data: data.data as Record<string, unknown> };
}
