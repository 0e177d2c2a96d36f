import type { Redis } from 'ioredis';
import type { ProbeDuringReport } from '../../../evidence/index.js';
import type { PipelineJobData } from '../../../jobs/pipeline-data.js';
import { isUserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import type { PipelineConfig } from '../../pipeline/config.js';
import { type HistoryEntry, recordHistory } from '../../pipeline/history.js';
import type { Step } from '../../recipe.js';
import type { LiveProbe } from './live-probe.js';

/** What the runner needs for the pipeline besides the job: its Redis and the team's pipeline folder. */
export interface PipelineDeps {
  redis: Redis;
  /** The folder of `labops pipeline init` (holding `hello-node.git`). */
  dir: string;
}

/** The commit being delivered. */
export interface CommitInfo {
  id: string;
  short: string;
  author: string;
  subject: string;
  /** Git tags pointing at it that are valid Docker tags. */
  tags: string[];
}

/** What the pipeline's steps hand to each other and to the result. */
export interface PipelineState {
  commit?: CommitInfo;
  config?: PipelineConfig;
  workDir?: string;
  /** `<user>/<image>:<short>` first, then one per git tag. */
  images?: string[];
  /** The image running before the rollout. */
  from?: string;
  /** Set when a newer push replaced this one while it waited. */
  superseded?: { jobId: string; commit?: string };
  /** Older pushes this one replaced. */
  replaced?: string[];
  /** Each stage's duration, in order. */
  stages: { name: string; ms: number; outcome: string }[];
  probe?: LiveProbe;
  report?: ProbeDuringReport;
  verified?: string;
  /** When every answer came from the new version (ms since the epoch). */
  liveAt?: number;
  rolledBack?: string;
}

/** The pipeline's state on a job's context. */
export function pipelineState(ctx: RecipeContext<{ pipeline?: PipelineState }>): PipelineState {
  ctx.state.pipeline ??= { stages: [] };
  return ctx.state.pipeline;
}

/**
 * A stage of the pipeline: skipped once the push is superseded, timed into the result, and on
 * failure written to the team's pipeline history before the job fails.
 */
export function stage(step: Step<PipelineJobData>, deps: PipelineDeps): Step<PipelineJobData> {
  const timed = (fn: ((d: PipelineJobData, ctx: RecipeContext) => Promise<void | string>) | undefined) =>
    fn &&
    (async (d: PipelineJobData, ctx: RecipeContext) => {
      const s = pipelineState(ctx);
      const started = Date.now();
      try {
        const r = await fn(d, ctx);
        addTime(s, step.name, Date.now() - started, 'done');
        return r;
      } catch (err) {
        addTime(s, step.name, Date.now() - started, 'failed');
        if (!ctx.dryRun) await recordFailure(deps, d, ctx, err).catch(() => undefined);
        throw err;
      }
    });
  return {
    ...step,
    check: async (d, ctx) => {
      const s = pipelineState(ctx);
      if (s.superseded) return `skipped: a newer push (job ${s.superseded.jobId}) replaced this one`;
      if (!step.check) return false;
      try {
        const done = await step.check(d, ctx);
        if (done) addTime(s, step.name, 0, 'already done');
        return done;
      } catch (err) {
        if (!ctx.dryRun) await recordFailure(deps, d, ctx, err).catch(() => undefined);
        throw err;
      }
    },
    apply: timed(step.apply)!,
    wait: timed(step.wait),
  };
}

function addTime(s: PipelineState, name: string, ms: number, outcome: string): void {
  const known = s.stages.find((x) => x.name === name);
  if (known) {
    known.ms += ms;
    known.outcome = outcome;
  } else s.stages.push({ name, ms, outcome });
}

async function recordFailure(deps: PipelineDeps, d: PipelineJobData, ctx: RecipeContext, err: unknown) {
  const s = pipelineState(ctx);
  const why = isUserError(err) ? err.message : 'failed with an internal error (see the job log)';
  await recordHistory(deps.redis, ctx.team, historyEntry(d, ctx, s, 'failed', why));
}

/** The history line of this run. */
export function historyEntry(
  d: PipelineJobData,
  ctx: RecipeContext,
  s: PipelineState,
  outcome: HistoryEntry['outcome'],
  summary: string,
): HistoryEntry {
  return {
    jobId: ctx.jobId,
    at: Date.now(),
    ref: d.ref,
    commit: s.commit?.id ?? d.commit ?? null,
    subject: s.commit?.subject ?? null,
    pushedBy: d.pushedBy ?? ctx.requestedBy.name,
    source: d.source,
    outcome,
    durationMs: s.stages.reduce((n, x) => n + x.ms, 0),
    summary,
    image: s.images?.[0] ?? null,
  };
}

/** `1.2 s` from ms. */
export function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
