import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_PREFIX, queueName } from '../jobs/queue.js';
import type { Logger } from '../shared/logger.js';
import { connectRedis } from '../shared/redis.js';
import { botKeys } from './state-keys.js';

/** What a job's follower hears: progress data, or that the job reached an end (re-check its state). */
export interface JobListener {
  progress(data: unknown): void;
  ended(): void;
}

/**
 * One QueueEvents reader per team queue, started from the last stream id the bot stored, so
 * a restarted bot replays what it missed. Routes events to the job's listener and stores the
 * last id at most once a second.
 */
export class TeamEvents {
  private readers = new Map<string, QueueEvents>();
  private listeners = new Map<string, JobListener>();
  private lastIds = new Map<string, string>();
  private connections: Redis[] = [];
  private timer: NodeJS.Timeout;

  constructor(
    private readonly redisUrl: string,
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {
    this.timer = setInterval(() => void this.saveIds(), 1_000);
    this.timer.unref();
  }

  /** Starts the team's reader if needed; resolves once it reads. */
  async open(queue: string): Promise<void> {
    if (this.readers.has(queue)) return;
    const last = (await this.redis.get(botKeys.lastEvent(queue))) ?? undefined;
    const connection = connectRedis(this.redisUrl, 'blocking');
    this.connections.push(connection);
    const e = new QueueEvents(queueName(queue), {
      connection,
      prefix: QUEUE_PREFIX,
      ...(last ? { lastEventId: last } : {}),
    });
    this.readers.set(queue, e);
    const key = (id: string) => `${queue}\u0000${id}`;
    const seen = (id: string) => this.lastIds.set(queue, id);
    e.on('progress', ({ jobId, data }, id) => {
      seen(id);
      this.listeners.get(key(jobId))?.progress(data);
    });
    e.on('completed', ({ jobId }, id) => {
      seen(id);
      this.listeners.get(key(jobId))?.ended();
    });
    e.on('failed', ({ jobId }, id) => {
      seen(id);
      this.listeners.get(key(jobId))?.ended();
    });
    e.on('error', (err) => this.log.warn({ err, queue }, 'queue events error'));
    await e.waitUntilReady();
  }

  listen(queue: string, jobId: string, l: JobListener): () => void {
    const k = `${queue}\u0000${jobId}`;
    this.listeners.set(k, l);
    return () => {
      if (this.listeners.get(k) === l) this.listeners.delete(k);
    };
  }

  private async saveIds(): Promise<void> {
    const batch = [...this.lastIds];
    this.lastIds.clear();
    for (const [queue, id] of batch) {
      await this.redis.set(botKeys.lastEvent(queue), id).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.saveIds();
    await Promise.all([...this.readers.values()].map((e) => e.close().catch(() => undefined)));
    for (const c of this.connections) c.disconnect();
  }
}
