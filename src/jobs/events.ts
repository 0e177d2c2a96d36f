import { z } from 'zod';

/** One progress event: where the job is, and the last lines its tools printed (redacted). */
export const progressEvent = z.object({
  kind: z.enum(['step', 'waiting', 'log']),
  step: z.string(),
  index: z.number().int().min(0),
  count: z.number().int().min(0),
  message: z.string(),
  log: z.array(z.string()),
  at: z.number(),
  /** Files already stored for this job (the full log on failure). */
  artifacts: z.array(z.lazy(() => artifactRef)).optional(),
});
export type ProgressEvent = z.infer<typeof progressEvent>;

/** A file produced by a job (PNG, full log), stored in Redis with a TTL. */
export const artifactRef = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  bytes: z.number().int().min(0),
  sha256: z.string(),
});
export type ArtifactRef = z.infer<typeof artifactRef>;

export const stepOutcome = z.object({
  name: z.string(),
  outcome: z.enum(['done', 'already-done', 'dry-run', 'failed']),
  durationMs: z.number(),
  message: z.string().optional(),
});
export type StepOutcome = z.infer<typeof stepOutcome>;

/** The one shape of every job's result. */
export const jobResult = z.object({
  summary: z.string(),
  fields: z.array(z.object({ name: z.string(), value: z.string() })),
  artifacts: z.array(artifactRef),
  steps: z.array(stepOutcome),
  /** With dryRun: every command the job would run, as argv arrays. */
  commands: z.array(z.array(z.string())).optional(),
  /** Recipe-specific structured data (e.g. the parsed status). */
  data: z.unknown().optional(),
});
export type JobResult = z.infer<typeof jobResult>;
