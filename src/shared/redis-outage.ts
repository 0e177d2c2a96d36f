import type { Redis } from 'ioredis';
import type { Logger } from './logger.js';
import { safeUrl } from './redis.js';

/** Socket-level failures that a reconnect can fix: an outage, not a bug. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** Whether `err` says only that Redis cannot be reached right now (ioredis / BullMQ errors). */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = String((err as NodeJS.ErrnoException).code ?? '');
  return (
    CONNECTION_CODES.has(code) || /Connection is closed|connect ETIMEDOUT|ECONNREFUSED/.test(err.message)
  );
}

/** What a process knows of its Redis: up, or down since a time. */
export interface RedisOutage {
  /** When the current outage began (ms since epoch), or undefined while Redis answers. */
  downSince(): number | undefined;
  /** One line for a shutdown that cannot finish, e.g. "Redis at redis://h:6379/ has not answered for 12 s". */
  describe(now?: number): string | undefined;
  /** Stops watching (the connections are left as they are). */
  stop(): void;
}

/**
 * Watches a process's Redis connections and logs each outage once: a warning when the first
 * connection fails (with the address, never the password), and one line when Redis answers
 * again (with how long it was down). Connection errors are otherwise retried silently by
 * ioredis, so a long outage leaves two lines in the log, not a stack per retry.
 */
export function watchRedisOutage(conns: Redis[], url: string, log: Logger, now = Date.now): RedisOutage {
  let since: number | undefined;
  const address = safeUrl(url);
  const onError = (err: Error) => {
    if (since !== undefined || !isConnectionError(err)) return;
    since = now();
    log.warn({ redis: address, err: err.message }, 'Redis does not answer: retrying until it is back');
  };
  const onReady = () => {
    if (since === undefined) return;
    const downS = Math.round((now() - since) / 100) / 10;
    since = undefined;
    log.warn({ redis: address, downS }, `Redis answers again after ${downS} s`);
  };
  for (const c of conns) {
    c.on('error', onError);
    c.on('ready', onReady);
  }
  return {
    downSince: () => since,
    describe: (at = now()) =>
      since === undefined
        ? undefined
        : `Redis at ${address} has not answered for ${Math.round((at - since) / 1000)} s`,
    stop: () => {
      for (const c of conns) {
        c.off('error', onError);
        c.off('ready', onReady);
      }
    },
  };
}
