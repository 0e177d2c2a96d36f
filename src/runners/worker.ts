import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { keys, QUEUE_PREFIX, queueName } from '../jobs/queue.js';
import { killAllSubprocesses } from '../shared/exec.js';
import { connectRedis } from '../shared/redis.js';
import { isConnectionError, type RedisOutage, watchRedisOutage } from '../shared/redis-outage.js';
import { LabCache } from './lab-cache.js';
import { metricsObserver, type RunnerMetrics } from './metrics.js';
import { createProcessor, type ProcessorDeps } from './processor.js';
import { observeWorker } from './worker-metrics.js';

export interface RunnerHandle {
  worker: Worker;
  id: string;
  /** When the runner last wrote its heartbeat to Redis (0: never); for `/readyz`. */
  lastBeatAt(): number;
  /** Stops taking jobs, waits for running ones up to the bound, then kills what is left. */
  close(): Promise<void>;
  /** The runner's view of its Redis (up, or down since when), for a shutdown that cannot finish. */
  outage: RedisOutage;
  /** After `close`: why the stop was not clean (jobs cancelled at the bound), or undefined. */
  shutdownProblem(): string | undefined;
}

export interface RunnerOptions extends Omit<ProcessorDeps, 'redis'> {
  redisUrl: string;
  concurrency: number;
  shutdownTimeoutMs: number;
  /** Describes the lab this runner drives, for `/runners`. */
  lab?: string;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Prometheus metrics to feed from the worker's events and the processor's observer. */
  metrics?: RunnerMetrics;
  /** The autocomplete cache the runner fills for the bot (`false`: none). */
  cache?: false | { refreshMs?: number; ttlS?: number };
}

/**
 * The runner process's worker: takes jobs from the team's queue, keeps a heartbeat for
 * `/runners`, listens for cancellations, and shuts down within a bound on SIGTERM.
 */
export async function startRunner(opts: RunnerOptions): Promise<RunnerHandle> {
  const log: Logger = opts.log.child({ team: opts.team });
  const redis: Redis = connectRedis(opts.redisUrl, 'blocking');
  const sub: Redis = connectRedis(opts.redisUrl, 'blocking');
  const id = `${hostname()}-${process.pid}`;
  const observer = opts.observer ?? (opts.metrics ? metricsObserver(opts.metrics, opts.team) : undefined);
  const cache =
    opts.cache === false
      ? undefined
      : new LabCache({ redis, team: opts.team, config: opts.config, env: opts.env, log, ...opts.cache });
  const processor = createProcessor({
    ...opts,
    redis,
    observer,
    onJobEnd: (e) => {
      opts.onJobEnd?.(e);
      cache?.jobEnded(e);
    },
  });
  const workerConnection = connectRedis(opts.redisUrl, 'blocking');
  let running = 0;
  const run: typeof processor = async (job, token, signal) => {
    running++;
    try {
      return await processor(job, token, signal);
    } finally {
      running--;
    }
  };
  const worker = new Worker(queueName(opts.team), run, {
    connection: workerConnection,
    prefix: QUEUE_PREFIX,
    concurrency: opts.concurrency,
    lockDuration: opts.lockDurationMs ?? 60_000,
    stalledInterval: opts.stalledIntervalMs ?? 30_000,
    maxStalledCount: 1,
  });
  const outage = watchRedisOutage([redis, sub, workerConnection], opts.redisUrl, log);
  // Connection errors are logged once per outage by `outage`; anything else is worth a line each.
  worker.on('error', (err) => {
    if (!isConnectionError(err)) log.warn({ err: err.message }, 'worker problem');
  });
  worker.on('failed', (job, err) => log.info({ jobId: job?.id, reason: err.message }, 'job failed'));
  worker.on('completed', (job) => log.info({ jobId: job.id }, 'job completed'));
  const unobserve = opts.metrics
    ? observeWorker(worker, opts.metrics, { team: opts.team, redis, redact: opts.redact })
    : async () => {};

  // Cancellation crosses processes through pub/sub: whichever runner has the job aborts it.
  await sub.subscribe(keys.cancelChannel(opts.team));
  sub.on('message', (_channel, message: string) => {
    if (worker.cancelJob(message, 'cancelled on request')) log.info({ jobId: message }, 'cancelling job');
  });

  const started = Date.now();
  let lastBeat = 0;
  const beat = async () => {
    const info = {
      id,
      host: hostname(),
      pid: process.pid,
      team: opts.team,
      startedAt: started,
      at: Date.now(),
      lab: opts.lab ?? 'real',
      concurrency: opts.concurrency,
    };
    await redis.set(keys.heartbeat(opts.team, id), JSON.stringify(info), 'EX', 30).then(
      () => {
        lastBeat = Date.now();
      },
      () => undefined,
    );
  };
  await beat();
  const beatTimer = setInterval(beat, 10_000);
  beatTimer.unref();
  await worker.waitUntilReady();
  cache?.start();
  log.info({ runner: id, queue: opts.team }, 'runner ready');

  let closing: Promise<void> | undefined;
  let problem: string | undefined;
  const close = () => {
    closing ??= (async () => {
      clearInterval(beatTimer);
      // Leave a little of the bound for the clean-up below, so the whole stop fits in it.
      const reserve = Math.min(3_000, Math.floor(opts.shutdownTimeoutMs / 4));
      let settled = false;
      const result = await Promise.race([
        worker.close().then(() => 'closed' as const),
        later(opts.shutdownTimeoutMs - reserve, 'timeout' as const),
        idleWhileDown(
          () => running,
          outage,
          () => settled,
        ),
      ]);
      settled = true;
      if (result === 'timeout') {
        const down = outage.describe();
        problem = `${running} job(s) still running at the shutdown bound were cancelled${down ? ` (${down})` : ''}`;
        log.warn('jobs still running at the shutdown bound: cancelling them');
        worker.cancelAllJobs('runner shutting down');
        killAllSubprocesses('SIGTERM');
      }
      if (result !== 'closed') {
        await Promise.race([worker.close(), later(reserve / 3)]);
        await Promise.race([worker.close(true).catch(() => undefined), later(reserve / 3)]);
        killAllSubprocesses('SIGKILL');
      }
      // Each of these needs Redis, which may be away: none may hold the stop past its bound.
      const step = Math.max(200, reserve / 6);
      await Promise.race([unobserve().catch(() => undefined), later(step)]);
      await Promise.race([cache?.stop(), later(step)]);
      await Promise.race([redis.del(keys.heartbeat(opts.team, id)).catch(() => undefined), later(step)]);
      outage.stop();
      sub.disconnect();
      redis.disconnect();
      workerConnection.disconnect();
    })();
    return closing;
  };
  return { worker, id, lastBeatAt: () => lastBeat, close, outage, shutdownProblem: () => problem };
}

/** Resolves with `value` after `ms` (a timer that does not keep the process alive). */
function later<T = undefined>(ms: number, value?: T): Promise<T> {
  return new Promise((r) => setTimeout(() => r(value as T), ms).unref());
}

/**
 * Resolves 'idle' once no job is running while Redis is away: a graceful close then waits on
 * a connection that cannot come back in time, and there is nothing left to wait for.
 */
async function idleWhileDown(
  running: () => number,
  outage: RedisOutage,
  settled: () => boolean,
): Promise<'idle'> {
  while (!settled()) {
    if (running() === 0 && outage.downSince() !== undefined) return 'idle';
    await later(100);
  }
  return 'idle';
}
