import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { StepOutcome } from '../jobs/events.js';

/** Seconds buckets from a tenth of a second to an hour: jobs run from a ping to a Juju deploy. */
const SLOW = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 3600];
/** Seconds buckets for waits in a queue or for a lock: milliseconds to minutes. */
const WAIT = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** What a processor reports while it runs a job (the runner's metrics implement it). */
export interface JobObserver {
  /** The job passed verification and waited `waitMs` in the queue before its first attempt started. */
  started?(job: string, waitMs: number): void;
  /** A mutating job held the lab lock after waiting `waitMs` for it. */
  lockAcquired?(job: string, waitMs: number): void;
  /** The steps a job ran, with their outcome and duration. */
  steps?(job: string, steps: StepOutcome[]): void;
}

/**
 * The runner's Prometheus metrics, in a registry of its own (so tests and benchmarks can hold
 * several runners in one process). Names follow Prometheus conventions: `_total` counters,
 * `_seconds` histograms.
 */
export interface RunnerMetrics {
  registry: Registry;
  jobs: Counter<'job' | 'team' | 'outcome'>;
  jobDuration: Histogram<'job' | 'team' | 'outcome'>;
  stepDuration: Histogram<'job' | 'team' | 'step' | 'outcome'>;
  queueWait: Histogram<'job' | 'team'>;
  queueDepth: Gauge<'team' | 'state'>;
  lockWait: Histogram<'job' | 'team'>;
  redactions: Gauge;
  /** Read when scraped: set by whoever owns the queue and the redactor. */
  sources: {
    /** Jobs per state of each team's queue. */
    depth?: () => Promise<Record<string, Record<string, number>>>;
    redactions?: () => number;
  };
}

/** Creates the runner's metrics; `defaults` adds the process metrics (CPU, memory, event loop). */
export function createRunnerMetrics(opts: { defaults?: boolean } = {}): RunnerMetrics {
  const registry = new Registry();
  if (opts.defaults !== false) collectDefaultMetrics({ register: registry, prefix: 'labops_runner_' });
  const registers = [registry];
  const sources: RunnerMetrics['sources'] = {};
  return {
    sources,
    registry,
    jobs: new Counter({
      name: 'labops_jobs_total',
      help: 'Jobs finished by this runner, by job name, team and outcome (completed, failed, cancelled, timeout, refused)',
      labelNames: ['job', 'team', 'outcome'],
      registers,
    }),
    jobDuration: new Histogram({
      name: 'labops_job_duration_seconds',
      help: 'Time from a job attempt starting to its end',
      labelNames: ['job', 'team', 'outcome'],
      buckets: SLOW,
      registers,
    }),
    stepDuration: new Histogram({
      name: 'labops_step_duration_seconds',
      help: 'Time of each recipe step (check, apply, wait), by outcome',
      labelNames: ['job', 'team', 'step', 'outcome'],
      buckets: SLOW,
      registers,
    }),
    queueWait: new Histogram({
      name: 'labops_queue_wait_seconds',
      help: 'Time a job waited in the queue, from enqueue to its first attempt',
      labelNames: ['job', 'team'],
      buckets: WAIT,
      registers,
    }),
    queueDepth: new Gauge({
      name: 'labops_queue_depth',
      help: "Jobs in the team's queue by state, read when scraped",
      labelNames: ['team', 'state'],
      registers,
      async collect() {
        const teams = (await sources.depth?.().catch(() => undefined)) ?? {};
        for (const [team, counts] of Object.entries(teams))
          for (const [state, n] of Object.entries(counts)) this.set({ team, state }, n);
      },
    }),
    lockWait: new Histogram({
      name: 'labops_lock_wait_seconds',
      help: "Time a mutating job waited for the team's lab lock",
      labelNames: ['job', 'team'],
      buckets: WAIT,
      registers,
    }),
    redactions: new Gauge({
      name: 'labops_redactions_total',
      help: 'Secrets replaced by the redactor since the runner started',
      registers,
      collect() {
        this.set(sources.redactions?.() ?? 0);
      },
    }),
  };
}

/** Maps a BullMQ failure reason (`[CODE] message`) to an outcome label. */
export function outcomeOf(code: string): string {
  if (code === 'CANCELLED') return 'cancelled';
  if (code === 'TIMEOUT') return 'timeout';
  if (['SIGNATURE_INVALID', 'TEAM_MISMATCH', 'JOB_REPLAYED', 'JOB_EXPIRED', 'BAD_INPUT'].includes(code))
    return 'refused';
  return 'failed';
}

/** A {@link JobObserver} that records into `m` for `team`. */
export function metricsObserver(m: RunnerMetrics, team: string): JobObserver {
  return {
    started: (job, waitMs) => m.queueWait.observe({ job, team }, Math.max(0, waitMs) / 1000),
    lockAcquired: (job, waitMs) => m.lockWait.observe({ job, team }, waitMs / 1000),
    steps: (job, steps) => {
      for (const s of steps)
        m.stepDuration.observe({ job, team, step: s.name, outcome: s.outcome }, s.durationMs / 1000);
    },
  };
}
