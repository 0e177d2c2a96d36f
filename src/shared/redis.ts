import { Redis, type RedisOptions } from 'ioredis';

/**
 * Redis connections. Workers and event readers block and must retry forever
 * (`maxRetriesPerRequest: null`); producers give up after a few tries when Redis is away, so
 * a command gets an answer instead of hanging. `rediss://` URLs turn on TLS; user and password come from
 * the URL (Redis ACL users).
 */
export function connectRedis(url: string, kind: 'blocking' | 'producer', extra: RedisOptions = {}): Redis {
  const opts: RedisOptions = {
    lazyConnect: false,
    maxRetriesPerRequest: kind === 'blocking' ? null : 3,
    // Producers queue commands only while connecting, then fail fast (3 tries) when Redis is away.
    enableOfflineQueue: true,
    retryStrategy: (n) => Math.min(200 * 2 ** Math.min(n, 6), 5_000),
    ...extra,
  };
  if (url.startsWith('rediss://')) opts.tls = { ...(opts.tls ?? {}) };
  const redis = new Redis(url, opts);
  // Connection errors are retried by the strategy above and surface through the commands
  // that fail; without a listener ioredis would also print each one to stderr.
  redis.on('error', () => {});
  return redis;
}

/** Waits until Redis answers PING, or fails with a message naming the URL (without password). */
export async function waitForRedis(redis: Redis, url: string, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await redis.ping();
      return;
    } catch (err) {
      if (Date.now() - started > timeoutMs) {
        throw new Error(`Redis at ${safeUrl(url)} does not answer: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A Redis URL with its password hidden, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
