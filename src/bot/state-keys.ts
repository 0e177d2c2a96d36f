import { QUEUE_PREFIX } from '../jobs/queue.js';

/**
 * Redis keys the bot keeps beside BullMQ's, all under the team's prefix `labops:<queue>:`
 * (what a team's Redis ACL covers).
 */
export const botKeys = {
  /** JSON {@link import('./job-record.js').JobRecord}: the job's status message and who asked. */
  job: (q: string, jobId: string) => `${QUEUE_PREFIX}:${q}:bot:job:${jobId}`,
  /** SET of job ids the bot still follows (resumed after a restart). */
  active: (q: string) => `${QUEUE_PREFIX}:${q}:bot:active`,
  /** Claim taken (SET NX) before the final result is posted: `posting:<at>` then `posted:<messageId>`. */
  final: (q: string, jobId: string) => `${QUEUE_PREFIX}:${q}:bot:final:${jobId}`,
  /** The last QueueEvents stream id the bot has handled. */
  lastEvent: (q: string) => `${QUEUE_PREFIX}:${q}:bot:events:last`,
  /** JSON of a pending Confirm / Cancel prompt. */
  confirm: (q: string, id: string) => `${QUEUE_PREFIX}:${q}:bot:confirm:${id}`,
  /** Autocomplete caches the runner fills: a SET of names, or a JSON array of strings. */
  cache: (q: string, kind: 'deployments' | 'tags' | 'pods') => `${QUEUE_PREFIX}:${q}:cache:${kind}`,
};
