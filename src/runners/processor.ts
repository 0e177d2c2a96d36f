import type { KeyObject } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Job, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { jobMutates } from '../jobs/definitions.js';
import type { JobResult, ProgressEvent } from '../jobs/events.js';
import { keys } from '../jobs/queue.js';
import type { ArtifactStore } from '../services/artifacts.js';
import type { Config } from '../shared/config.js';
import { Codes, encodeFailure, isUserError, newRef, UserError } from '../shared/errors.js';
import { createExec, ExecError } from '../shared/exec.js';
import { type Redactor, redactDeep } from '../shared/redact.js';
import { auditJobEnd } from './audit-job.js';
import { type Clock, realClock } from './clock.js';
import type { RecipeContext } from './context.js';
import { keepAfterJob } from './keep-evidence.js';
import { acquireLab } from './lab-access.js';
import { createLabTools } from './lab-tools.js';
import { LabLock } from './lock.js';
import type { JobObserver } from './metrics.js';
import type { Recipe } from './recipe.js';
import { Reporter } from './reporter.js';
import { redisJournal } from './step-journal.js';
import { runSteps } from './steps.js';
import { storeLog } from './store-log.js';
import { verifyJob } from './verify.js';

export interface ProcessorDeps {
  team: string;
  config: Config;
  redis: Redis;
  verifyKey: KeyObject;
  /** The team's pipeline key (public): accepted for this team's `pipeline` jobs only. */
  pipelineKey?: KeyObject;
  recipes: Partial<Record<string, Recipe<any, any>>>;
  log: Logger;
  redact: Redactor;
  artifacts: ArtifactStore;
  env: NodeJS.ProcessEnv;
  /** The lab's clock (default: real time; the simulated lab's runs at its time scale). */
  clock?: Clock;
  logDir: string;
  /** Called with every argv a job runs (metrics, tests). */
  onCommand?: (jobId: string, argv: string[], dryRun: boolean) => void;
  /** Told of queue waits, lock waits and step durations (metrics). */
  observer?: JobObserver;
  /** Told when a verified job ended, without being awaited (e.g. to refresh the autocomplete cache). */
  onJobEnd?: (e: JobEnd) => void;
}

/** A verified job that ended: its name, its validated data, and whether it completed. */
export interface JobEnd {
  name: string;
  data: Record<string, unknown>;
  dryRun: boolean;
  ok: boolean;
}

type LabJob = Pick<Job, 'id' | 'name' | 'data' | 'timestamp' | 'attemptsMade' | 'updateProgress'>;

/**
 * The one processor: verify → validate → lab lock for mutating jobs → run the recipe's steps
 * → result. A UserError is shown to the requester and never retried; anything else is
 * logged with a reference and follows the job's retry policy.
 */
export function createProcessor(deps: ProcessorDeps) {
  return async (job: LabJob, _token?: string, bullSignal?: AbortSignal): Promise<JobResult> => {
    const log = deps.log.child({ jobId: job.id, team: deps.team, job: job.name });
    // Everything that leaves as progress is redacted (step messages come from recipes).
    const sink = (e: ProgressEvent) => job.updateProgress(redactDeep(e, deps.redact));
    const reporter = new Reporter(sink);
    const logFile = join(deps.logDir, `${job.id ?? 'job'}.log`);
    let lock: LabLock | undefined;
    let exec: ReturnType<typeof createExec> | undefined;
    const commands: string[][] = [];
    const started = Date.now();
    const outcomes: JobResult['steps'] = [];
    const produced: JobResult['artifacts'] = [];
    let refused = true;
    let ended: Omit<JobEnd, 'ok'> | undefined;
    let ok = false;
    try {
      const { env, def, data } = await verifyJob(job, {
        key: deps.verifyKey,
        pipelineKey: deps.pipelineKey,
        team: deps.team,
        redis: deps.redis,
        maxAgeMs: deps.config.LABOPS_JOB_MAX_AGE_S * 1000,
      });
      refused = false;
      if (await deps.redis.get(keys.cancel(deps.team, env.jobId))) {
        throw new UserError(Codes.cancelled, 'cancelled before it started');
      }
      const recipe = deps.recipes[env.name];
      if (!recipe) throw new UserError(Codes.unknownJob, `this runner has no recipe for "${env.name}" yet`);
      log.info({ requestedBy: env.requestedBy.id, attempt: job.attemptsMade + 1 }, 'job started');
      if (job.attemptsMade === 0) deps.observer?.started?.(env.name, Date.now() - job.timestamp);

      const timeout = AbortSignal.timeout(def.timeoutMs);
      const signal = AbortSignal.any([timeout, ...(bullSignal ? [bullSignal] : [])]);
      const dryRun = Boolean(data.dryRun);
      ended = { name: env.name, data, dryRun };
      if (jobMutates(def, data) && !dryRun) {
        lock = new LabLock(deps.redis, deps.team, deps.config.LABOPS_LAB_LOCK_TTL_MS);
        const lockFrom = Date.now();
        await acquireLab(
          lock,
          { jobId: env.jobId, job: env.name, requester: env.requestedBy.name },
          reporter,
          signal,
        );
        deps.observer?.lockAcquired?.(env.name, Date.now() - lockFrom);
      }
      exec = createExec({
        redact: deps.redact,
        baseEnv: deps.env,
        logFile,
        dryRun,
        onCommand: (argv, dry) => {
          if (dry) commands.push(argv);
          deps.onCommand?.(String(job.id), argv, dry);
        },
      });
      const jobExec = exec;
      const ctxExec: RecipeContext['exec'] = (spec) =>
        jobExec({
          ...spec,
          onLine: (line, stream) => {
            reporter.line(line);
            spec.onLine?.(line, stream);
          },
        });
      const clock = deps.clock ?? realClock;
      const ctx: RecipeContext = {
        jobId: env.jobId,
        team: deps.team,
        requestedBy: env.requestedBy,
        dryRun,
        signal,
        exec: ctxExec,
        log,
        config: deps.config,
        artifacts: deps.artifacts,
        say: (m) => reporter.message(deps.redact(m)),
        secret: (v) => deps.redact.add(v),
        state: {},
        produced,
        tools: createLabTools(
          { config: deps.config, env: deps.env, dryRun, clock },
          { exec: ctxExec, signal },
        ),
        clock,
        env: deps.env,
      };
      let steps: JobResult['steps'];
      try {
        steps = await runSteps(
          recipe,
          data,
          ctx,
          reporter,
          redisJournal(deps.redis, deps.team, env.jobId),
          outcomes,
        );
      } catch (err) {
        if (timeout.aborted)
          throw new UserError(
            Codes.timeout,
            `${env.name} did not finish within ${Math.round(def.timeoutMs / 60_000)} min`,
            { cause: err },
          );
        if (bullSignal?.aborted)
          throw new UserError(Codes.cancelled, `cancelled: ${String(bullSignal.reason ?? 'on request')}`, {
            cause: err,
          });
        throw err;
      }
      const out = await recipe.result(data, ctx);
      if (!dryRun)
        await keepAfterJob(
          {
            redis: deps.redis,
            team: deps.team,
            jobId: String(job.id),
            log,
            limits: {
              ttlS: deps.config.LABOPS_EVIDENCE_TTL_S,
              budgetBytes: deps.config.LABOPS_EVIDENCE_MAX_BYTES,
            },
          },
          job.name,
          out.data,
        );
      await exec.close();
      const logRef = await storeLog(deps.artifacts, logFile, `${job.id}.log`);
      await reporter.drain();
      log.info({ steps: steps.map((s) => `${s.name}:${s.outcome}`) }, 'job finished');
      await auditJobEnd(deps.redis, {
        team: deps.team,
        job,
        started,
        refused,
        ...(logRef ? { log: logRef.id } : {}),
      });
      ok = true;
      return {
        summary: deps.redact(out.summary),
        fields: out.fields.map((f) => ({ name: f.name, value: deps.redact(f.value) })),
        artifacts: [...ctx.produced, ...(logRef ? [logRef] : [])],
        steps: redactDeep(steps, deps.redact),
        ...(dryRun ? { commands } : {}),
        ...(out.data !== undefined ? { data: out.data } : {}),
      };
    } catch (err) {
      await exec?.close();
      const mapped = mapError(err, deps, log, logFile);
      const logRef = await storeLog(deps.artifacts, logFile, `${job.id}.log`).catch(() => null);
      // Pending progress goes first: the event carrying the log must be the job's last progress,
      // which is where the outcome of a failed job finds its artifacts.
      await reporter.drain();
      if (logRef)
        await sink({
          kind: 'log',
          step: 'failed',
          index: 0,
          count: 0,
          message: 'full log',
          log: reporter.lastLines(),
          at: Date.now(),
          // What the job made before it failed (a rolled-back delivery's timeline) goes with its log.
          artifacts: [...produced, logRef],
        }).catch(() => undefined);
      await auditJobEnd(deps.redis, {
        team: deps.team,
        job,
        started,
        refused,
        failure: mapped,
        ...(logRef ? { log: logRef.id } : {}),
      });
      throw mapped;
    } finally {
      // Step durations of failed jobs count too: a step that times out is the one worth seeing.
      if (outcomes.length) deps.observer?.steps?.(job.name, outcomes);
      await lock?.release();
      if (ended) {
        try {
          deps.onJobEnd?.({ ...ended, ok });
        } catch (err) {
          log.debug({ err: (err as Error).message }, 'job end listener failed');
        }
      }
    }
  };
}

/**
 * The error a failed job ends with. An internal error's stack goes to the process log and to
 * the job's log file, under the reference the requester is shown; never to the requester.
 */
function mapError(err: unknown, deps: ProcessorDeps, log: Logger, logFile: string): Error {
  if (isUserError(err)) {
    log.warn({ code: err.code }, deps.redact(err.message));
    return new UnrecoverableError(encodeFailure(err.code, deps.redact(err.message)));
  }
  if (err instanceof ExecError) {
    log.warn({ argv: err.argv, exitCode: err.exitCode }, deps.redact(err.message));
    return new Error(encodeFailure(Codes.toolFailed, deps.redact(err.message)));
  }
  const ref = newRef();
  log.error({ ref, err }, 'job failed with an internal error');
  try {
    const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
    appendFileSync(logFile, `! internal error (ref: ${ref}): ${deps.redact(stack)}\n`);
  } catch {
    /* the process log has it */
  }
  return new Error(encodeFailure(Codes.internal, `failed (ref: ${ref})`));
}
