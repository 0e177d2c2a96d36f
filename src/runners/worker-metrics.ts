import { Queue, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_PREFIX, queueName } from '../jobs/queue.js';
import { decodeFailure } from '../shared/errors.js';
import type { Redactor } from '../shared/redact.js';
import { outcomeOf, type RunnerMetrics } from './metrics.js';

/**
 * Feeds a runner's metrics from its BullMQ worker's events (jobs by outcome, job durations)
 * and, when scraped, from its queue (depth by state) and its redactor (replacements so far).
 * Returns a function that detaches it.
 */
export function observeWorker(
  worker: Worker,
  m: RunnerMetrics,
  opts: { team: string; redis: Redis; redact: Redactor },
): () => Promise<void> {
  const { team } = opts;
  const queue = new Queue(queueName(team), { connection: opts.redis, prefix: QUEUE_PREFIX });
  // Without a listener BullMQ prints each connection error's stack; the runner logs outages once.
  queue.on('error', () => undefined);
  const seconds = (job: { processedOn?: number; finishedOn?: number }) =>
    ((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1000;

  worker.on('completed', (job) => {
    m.jobs.inc({ job: job.name, team, outcome: 'completed' });
    m.jobDuration.observe({ job: job.name, team, outcome: 'completed' }, seconds(job));
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const outcome = outcomeOf(decodeFailure(err.message).code);
    m.jobs.inc({ job: job.name, team, outcome });
    m.jobDuration.observe({ job: job.name, team, outcome }, seconds(job));
  });

  m.sources.depth = async () => ({
    [team]: await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed'),
  });
  m.sources.redactions = () => opts.redact.count;
  return async () => {
    m.sources.depth = undefined;
    await queue.close();
  };
}
