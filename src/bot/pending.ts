import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { botKeys } from './state-keys.js';

/** A mutating command waiting for its requester's Confirm (JSON at `labops:<queue>:bot:confirm:<id>`). */
export const pendingJob = z.object({
  id: z.string(),
  queue: z.string(),
  team: z.string(),
  line: z.string(),
  job: z.string(),
  data: z.record(z.string(), z.unknown()),
  requesterId: z.string(),
  requesterName: z.string(),
  channelId: z.string(),
  interactionId: z.string(),
  locale: z.string(),
  attachmentLimit: z.number(),
  expiresAt: z.number(),
});
export type PendingJob = z.infer<typeof pendingJob>;

/** How long an answered or expired prompt is still recognised (to say "expired", not "unknown"). */
const GRACE_S = 600;

/** Pending confirmations in Redis, so a click still works after a bot restart. */
export class PendingJobs {
  constructor(private readonly redis: Redis) {}

  async put(p: Omit<PendingJob, 'id'>): Promise<PendingJob> {
    const full = { ...p, id: randomBytes(6).toString('hex') };
    const ttl = Math.ceil((p.expiresAt - Date.now()) / 1000) + GRACE_S;
    await this.redis.set(botKeys.confirm(p.queue, full.id), JSON.stringify(full), 'EX', ttl);
    return full;
  }

  /** Reads a prompt without answering it. */
  async peek(queue: string, id: string): Promise<PendingJob | 'answered' | null> {
    return this.decode(await this.redis.get(botKeys.confirm(queue, id)));
  }

  /**
   * Answers a prompt exactly once: the first click gets it, later ones get 'answered'.
   * The key stays (marked) until its TTL, so late clicks still get a clear answer.
   */
  async take(queue: string, id: string): Promise<PendingJob | 'answered' | null> {
    const raw = await this.redis.call('SET', botKeys.confirm(queue, id), 'answered', 'XX', 'KEEPTTL', 'GET');
    return this.decode(typeof raw === 'string' ? raw : null);
  }

  private decode(raw: string | null): PendingJob | 'answered' | null {
    if (raw === null) return null;
    if (raw === 'answered') return 'answered';
    const p = pendingJob.safeParse(JSON.parse(raw));
    return p.success ? p.data : null;
  }
}
