import type { Redis } from 'ioredis';
import { QUEUE_PREFIX } from '../jobs/queue.js';
import { Codes, UserError } from '../shared/errors.js';

/**
 * Which steps of a job have started and finished, across attempts: a Redis hash
 * `labops:<team>:journal:<jobId>` (inside the runner's ACL prefix; the signed job data stays
 * untouched). A resumed attempt reads it to refuse re-running a step that cannot be repeated.
 */
export interface StepJournal {
  /** Step name → `started` or `done`, as earlier attempts left it. */
  load(): Promise<Record<string, string>>;
  started(step: string): Promise<void>;
  finished(step: string): Promise<void>;
}

const TTL_S = 7 * 24 * 3600;

export function redisJournal(redis: Redis, team: string, jobId: string): StepJournal {
  const key = `${QUEUE_PREFIX}:${team}:journal:${jobId}`;
  const mark = async (step: string, state: string) => {
    await redis.multi().hset(key, step, `${state}:${Date.now()}`).expire(key, TTL_S).exec();
  };
  return {
    load: async () => {
      const raw = await redis.hgetall(key);
      return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.split(':')[0] ?? v]));
    },
    started: (step) => mark(step, 'started'),
    finished: (step) => mark(step, 'done'),
  };
}

/** The code of a job stopped because a step that cannot be repeated was interrupted. */

/** The refusal of a resumed attempt that finds a non-repeatable step started but not finished. */
export function unsafeResume(
  step: { name: string; resumeHint?: string },
  index: number,
  count: number,
  done: string[],
): UserError {
  const before = done.length
    ? `steps finished before it: ${done.join(', ')}`
    : 'no step had finished before it';
  return new UserError(
    Codes.unsafeResume,
    `not resumed: step "${step.name}" (${index} of ${count}) had started when the runner running it stopped, ` +
      `and it cannot be repeated safely. The lab may be half-way through "${step.name}" (${before}; ` +
      `later steps did not run).${step.resumeHint ? ` ${step.resumeHint}` : ''} Check the lab by hand before running the command again.`,
  );
}
