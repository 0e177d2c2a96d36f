import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys } from '../jobs/queue.js';

/** Who holds a team's lab, shown to whoever waits for it. */
export interface LockHolder {
  jobId: string;
  job: string;
  requester: string;
  since: number;
  token: string;
}

const release = `if redis.call('get', KEYS[1]) and cjson.decode(redis.call('get', KEYS[1])).token == ARGV[1] then
  return redis.call('del', KEYS[1]) else return 0 end`;
const renew = `if redis.call('get', KEYS[1]) and cjson.decode(redis.call('get', KEYS[1])).token == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * The lab lock: one mutating job per team at a time. It expires unless renewed, so a lock
 * whose runner died is released after `ttlMs`. The same job (a retry or a resume after a
 * crash) takes its own lock back at once.
 */
export class LabLock {
  private renewTimer: NodeJS.Timeout | undefined;
  private token = randomBytes(8).toString('hex');

  constructor(
    private readonly redis: Redis,
    private readonly team: string,
    private readonly ttlMs = 60_000,
  ) {}

  async holder(): Promise<LockHolder | null> {
    const raw = await this.redis.get(keys.lock(this.team));
    return raw ? (JSON.parse(raw) as LockHolder) : null;
  }

  /** Tries once; returns the current holder when someone else has the lab. */
  async tryAcquire(
    info: Omit<LockHolder, 'since' | 'token'>,
  ): Promise<{ ok: true } | { ok: false; holder: LockHolder }> {
    const key = keys.lock(this.team);
    const value: LockHolder = { ...info, since: Date.now(), token: this.token };
    if (await this.redis.set(key, JSON.stringify(value), 'PX', this.ttlMs, 'NX')) return this.held();
    const holder = await this.holder();
    if (holder && holder.jobId === info.jobId) {
      // Our own job, restarted: adopt the lock.
      this.token = holder.token;
      return this.held();
    }
    if (!holder) return this.tryAcquire(info);
    return { ok: false, holder };
  }

  async release(): Promise<void> {
    this.stopRenew();
    await this.redis.eval(release, 1, keys.lock(this.team), this.token).catch(() => undefined);
  }

  private held(): { ok: true } {
    this.stopRenew();
    this.renewTimer = setInterval(
      () => {
        this.redis
          .eval(renew, 1, keys.lock(this.team), this.token, String(this.ttlMs))
          .catch(() => undefined);
      },
      Math.floor(this.ttlMs / 3),
    );
    this.renewTimer.unref?.();
    return { ok: true };
  }

  private stopRenew(): void {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = undefined;
  }
}
