import type { Redis } from 'ioredis';
import { z } from 'zod';
import { botKeys } from './state-keys.js';

/** What the bot remembers about a job it reports on (JSON at `labops:<queue>:bot:job:<jobId>`). */
export const jobRecord = z.object({
  jobId: z.string(),
  queue: z.string(),
  team: z.string(),
  channelId: z.string(),
  /** The current status message; absent until it is posted. */
  messageId: z.string().optional(),
  messageCreatedAt: z.number().optional(),
  requesterId: z.string(),
  locale: z.string(),
  /** The command as typed, for titles. */
  line: z.string(),
  startedAt: z.number(),
  /** Per-file upload limit of the interaction that started the job (bytes). */
  attachmentLimit: z.number().int().positive(),
});
export type JobRecord = z.infer<typeof jobRecord>;

const WEEK_S = 7 * 24 * 3600;
/** Compare-and-set of a final-post claim. */
const TAKE_OVER = `if redis.call('get', KEYS[1]) == ARGV[1] then
  redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3]) return 1 else return 0 end`;

/** Storage of job records and the set of jobs still followed. */
export class JobRecords {
  constructor(private readonly redis: Redis) {}

  /** Creates the record unless one exists (a double click tracks one job once); true when created. */
  async create(rec: JobRecord): Promise<boolean> {
    const ok = await this.redis.set(
      botKeys.job(rec.queue, rec.jobId),
      JSON.stringify(rec),
      'EX',
      WEEK_S,
      'NX',
    );
    if (ok) await this.redis.sadd(botKeys.active(rec.queue), rec.jobId);
    return ok === 'OK';
  }

  async save(rec: JobRecord): Promise<void> {
    await this.redis.set(botKeys.job(rec.queue, rec.jobId), JSON.stringify(rec), 'EX', WEEK_S);
  }

  async get(queue: string, jobId: string): Promise<JobRecord | null> {
    const raw = await this.redis.get(botKeys.job(queue, jobId));
    if (!raw) return null;
    const parsed = jobRecord.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  async active(queue: string): Promise<string[]> {
    return this.redis.smembers(botKeys.active(queue));
  }

  async finish(queue: string, jobId: string): Promise<void> {
    await this.redis.srem(botKeys.active(queue), jobId);
  }

  /**
   * Takes the right to post the final result (atomic SET NX). When another process (or an
   * earlier life of this one) already took it, returns what it holds: `posting:<at>` or
   * `posted:<messageId>` (null if the claim vanished meanwhile: try again).
   */
  async claimFinal(queue: string, jobId: string): Promise<{ ok: true } | { ok: false; held: string | null }> {
    const key = botKeys.final(queue, jobId);
    if (await this.redis.set(key, `posting:${Date.now()}`, 'EX', WEEK_S, 'NX')) return { ok: true };
    return { ok: false, held: await this.redis.get(key) };
  }

  /** Takes over a claim still holding `held` (a bot died after claiming); false if it changed. */
  async takeOverFinal(queue: string, jobId: string, held: string): Promise<boolean> {
    const swapped = await this.redis.eval(
      TAKE_OVER,
      1,
      botKeys.final(queue, jobId),
      held,
      `posting:${Date.now()}`,
      String(WEEK_S),
    );
    return swapped === 1;
  }

  async finalPosted(queue: string, jobId: string, messageId: string): Promise<void> {
    await this.redis.set(botKeys.final(queue, jobId), `posted:${messageId}`, 'EX', WEEK_S);
  }

  /** Releases a claim whose post failed, so a later attempt may post. */
  async releaseFinal(queue: string, jobId: string): Promise<void> {
    await this.redis.del(botKeys.final(queue, jobId));
  }
}
