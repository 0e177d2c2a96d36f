import type { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.js';

/**
 * Leadership of the class's bot: two `labops bot` processes may run against one Redis; the
 * one holding this lease is connected to Discord's gateway and posts, the other waits and
 * takes over when the lease lapses.
 *
 * The lease is a Redis key `<key>` holding `<id>:<epoch>` with a TTL, renewed by its holder
 * well before it lapses. Each acquisition takes a new epoch (`<key>:epoch`, INCR), the
 * fencing token: a leader that was paused (SIGSTOP, a VM freeze, a long GC) past its TTL wakes
 * up believing nothing; `isLeader()` is then already false, because it is judged from when
 * the last successful renewal was *sent*, not from Redis, and every write to Discord asks
 * it first. Writes that Redis arbitrates (the final-post claim) compare the epoch in Redis
 * itself (`holds`), so even a renewal in flight cannot let two leaders both post.
 * The scheme is the one of Redis' "distributed locks" page (a random value per holder, a
 * compare-and-delete release) with Kleppmann's fencing token added.
 */
export interface LeaderLease {
  readonly id: string;
  /** True while this process may act as leader (a conservative local view). */
  isLeader(): boolean;
  /** True once another bot was seen holding the lease: this one must stop for good. */
  isLost(): boolean;
  /**
   * Resolves when this process may act as leader again (after a Redis outage longer than the
   * lease, once its renewal or a fresh acquisition succeeds); never, once the lease is lost.
   */
  whenLeader(): Promise<void>;
  /** The epoch of the current leadership, or undefined when not leader. */
  epoch(): number | undefined;
  /** Resolves with the epoch once this process holds the lease (tries every `retryMs`). */
  acquire(signal?: AbortSignal): Promise<number>;
  /** Whether Redis still holds this process's lease (for writes that Redis arbitrates). */
  holds(): Promise<boolean>;
  /** Calls `fn` once when leadership is lost (a renewal refused or too late). */
  onLost(fn: (why: string) => void): void;
  /** Gives the lease up (compare-and-delete) and stops renewing. */
  release(): Promise<void>;
}

export interface LeaseOptions {
  key?: string;
  /** How long the lease lives without renewal; the standby takes over at most this after a death. */
  ttlMs?: number;
  /** How often the holder renews (at most a third of the TTL). */
  renewMs?: number;
  /** How often a standby tries to take the lease. */
  retryMs?: number;
  id: string;
  log?: Logger;
  now?: () => number;
}

const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local epoch = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. epoch, 'PX', ARGV[2])
return epoch`;
/**
 * Renewal: 1 when the lease is still ours; when it lapsed while Redis could not be reached
 * and nobody took it, it is taken again under a new epoch (returned negated); 0 when another
 * bot holds it.
 */
const RENEW = `
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
local mine = ARGV[3] .. ':'
if v and string.sub(v, 1, #mine) == mine then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return -tonumber(string.sub(v, #mine + 1))
end
if v then return 0 end
local epoch = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[3] .. ':' .. epoch, 'PX', ARGV[2])
return -epoch`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Where the lease lives, and who holds it now (for `/healthz`). */
export async function currentLeader(
  redis: Redis,
  key = DEFAULT_KEY,
): Promise<{ id: string; epoch: number } | null> {
  const v = await redis.get(key);
  if (!v) return null;
  const at = v.lastIndexOf(':');
  return { id: v.slice(0, at), epoch: Number(v.slice(at + 1)) };
}

export const DEFAULT_KEY = 'labops:bot:leader';

/** Creates the lease; nothing happens in Redis until `acquire`. */
export function createLeaderLease(redis: Redis, o: LeaseOptions): LeaderLease {
  const key = o.key ?? DEFAULT_KEY;
  const ttl = o.ttlMs ?? 10_000;
  const renewEvery = Math.min(o.renewMs ?? 3_000, Math.floor(ttl / 3));
  const retry = o.retryMs ?? 1_000;
  const now = o.now ?? Date.now;
  let epoch: number | undefined;
  /** The lease is ours until then: the send time of the last renewal that Redis accepted, plus the TTL, less a margin for clock drift. */
  let validUntil = 0;
  let timer: NodeJS.Timeout | undefined;
  const lost: ((why: string) => void)[] = [];
  const value = () => `${o.id}:${epoch}`;

  let gone = false;
  const lose = (why: string) => {
    if (epoch === undefined || gone) return;
    gone = true;
    o.log?.warn({ lease: key, epoch, why }, 'bot leadership lost');
    epoch = undefined;
    validUntil = 0;
    if (timer) clearInterval(timer);
    timer = undefined;
    for (const fn of lost.splice(0)) fn(why);
  };
  const margin = Math.min(1_000, Math.floor(ttl / 10));
  let outage = false;

  /**
   * Renews the lease. A process that was paused, or cut off from Redis, past its lease is not
   * the leader meanwhile (`isLeader` is false from `validUntil` on); its next renewal tells it
   * whether another bot took over (lost for good) or nobody did (it leads again).
   */
  let renewing = false;
  const renew = async () => {
    // One renewal at a time: a renewal queued behind a stalled one would carry a stale epoch.
    if (epoch === undefined || renewing) return;
    renewing = true;
    const sentAt = now();
    try {
      const r = Number(await redis.eval(RENEW, 2, key, `${key}:epoch`, value(), String(ttl), o.id));
      if (r === 0) return lose('another bot holds the lease');
      if (r < 0 && -r !== epoch) {
        epoch = -r;
        o.log?.warn(
          { lease: key, epoch },
          'bot leadership taken again: the lease had lapsed, nobody took it',
        );
      } else if (outage) o.log?.info({ lease: key, epoch }, 'bot leadership renewed again');
      outage = false;
      validUntil = sentAt + ttl - margin;
    } catch {
      // Redis away: the lease stays valid until `validUntil`, then this bot waits, writing nothing.
      outage = true;
    } finally {
      renewing = false;
    }
  };

  return {
    id: o.id,
    isLeader: () => epoch !== undefined && now() < validUntil,
    isLost: () => gone,
    async whenLeader() {
      while (!(epoch !== undefined && now() < validUntil)) {
        if (gone) await new Promise<void>(() => {});
        await new Promise((r) => setTimeout(r, 100).unref());
      }
    },
    epoch: () => (epoch !== undefined && now() < validUntil ? epoch : undefined),
    async acquire(signal) {
      for (;;) {
        signal?.throwIfAborted();
        const sentAt = now();
        const got = Number(
          await redis.eval(ACQUIRE, 2, key, `${key}:epoch`, o.id, String(ttl)).catch(() => 0),
        );
        if (got > 0) {
          epoch = got;
          validUntil = sentAt + ttl - margin;
          timer = setInterval(() => void renew(), renewEvery);
          timer.unref();
          o.log?.info({ lease: key, epoch }, 'bot leadership taken');
          return got;
        }
        await new Promise((r) => setTimeout(r, retry).unref());
      }
    },
    holds: async () => epoch !== undefined && (await redis.get(key)) === value(),
    onLost: (fn) => void lost.push(fn),
    async release() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (epoch === undefined) return;
      const v = value();
      epoch = undefined;
      validUntil = 0;
      await redis.eval(RELEASE, 1, key, v).catch(() => undefined);
    },
  };
}
