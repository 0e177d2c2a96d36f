import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_PREFIX } from '../jobs/queue.js';
import { readConfig } from '../shared/config.js';
import { Codes, UserError } from '../shared/errors.js';

/** The refusal code of a rate limit. */

/** Per-user and per-team limits; 0 turns a limit off. */
export interface RateLimits {
  /** Mutating commands one user may start per minute. */
  userPerMinute: number;
  /** Jobs a team may have waiting (not yet started) at once. */
  teamWaiting: number;
}

let cached: RateLimits | undefined;
/** The limits from the settings LABOPS_RATE_USER_PER_MIN and LABOPS_RATE_TEAM_WAITING (read once). */
export function rateLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimits {
  if (env !== process.env) {
    const c = readConfig(env);
    return { userPerMinute: c.LABOPS_RATE_USER_PER_MIN, teamWaiting: c.LABOPS_RATE_TEAM_WAITING };
  }
  cached ??= rateLimitsFromEnv({ ...env });
  return cached;
}

/**
 * Checks the limits before a job is enqueued and counts it. The team limit applies to every
 * job; the user limit to mutating ones (a minute window per user, in Redis under the team's
 * prefix so that every bot and CLI shares it). Throws a UserError with code RATE_LIMITED.
 */
export async function checkRateLimits(
  redis: Redis,
  queue: Pick<Queue, 'getJobCounts'>,
  ask: { team: string; user: string; mutating: boolean },
  limits: RateLimits,
  now = Date.now(),
): Promise<void> {
  if (limits.teamWaiting > 0) {
    const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed');
    const waiting = Object.values(counts).reduce((a, b) => a + b, 0);
    if (waiting >= limits.teamWaiting)
      throw new UserError(
        Codes.rateLimited,
        `team ${ask.team} already has ${waiting} jobs waiting (at most ${limits.teamWaiting}): wait for them to start, or cancel one`,
      );
  }
  if (!ask.mutating || limits.userPerMinute <= 0) return;
  const minute = Math.floor(now / 60_000);
  const key = `${QUEUE_PREFIX}:${ask.team}:rate:${ask.user}:${minute}`;
  const [[, n]] = (await redis.multi().incr(key).pexpire(key, 120_000).exec()) as [[unknown, number]];
  if (Number(n) > limits.userPerMinute) {
    const wait = Math.ceil(((minute + 1) * 60_000 - now) / 1000);
    throw new UserError(
      Codes.rateLimited,
      `you started ${limits.userPerMinute} commands that change the lab in the last minute (the limit): try again in ${wait} s`,
    );
  }
}
