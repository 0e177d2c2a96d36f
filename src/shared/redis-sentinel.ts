import type { RedisOptions } from 'ioredis';
import { ConfigError } from './config.js';
import { isMasterName, parseSentinelList, type SentinelAddress } from './sentinel-address.js';

export { isMasterName, parseSentinelList, type SentinelAddress } from './sentinel-address.js';

/**
 * Redis behind Sentinel, as one string the processes pass around like a Redis URL:
 * `redis-sentinel://[user:password@]host:port,host:port/<master>[?sentinelPassword=…]`.
 * It is made from REDIS_SENTINELS, REDIS_SENTINEL_MASTER and REDIS_SENTINEL_PASSWORD (and the
 * user and password of REDIS_URL, for the data nodes) by `redisUrlFromSettings`; `connectRedis`
 * turns it into ioredis' Sentinel options (ioredis README, "Sentinel").
 */
export const SENTINEL_SCHEME = 'redis-sentinel:';

/** Where the primary is asked for, and how labops logs in to the sentinels and to the data nodes. */
export interface SentinelTarget {
  sentinels: SentinelAddress[];
  /** The master group's name (`sentinel monitor <name> …`). */
  name: string;
  /** The ACL user and password on the data nodes (primary and replicas). */
  username?: string;
  password?: string;
  /** The sentinels' own password (their `requirepass`). */
  sentinelPassword?: string;
}

/** Whether `url` is a Sentinel target (see `SENTINEL_SCHEME`). */
export const isSentinelUrl = (url: string) => url.toLowerCase().startsWith(`${SENTINEL_SCHEME}//`);

const hostPort = (a: SentinelAddress) => `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;

/** The string form of a Sentinel target (the inverse of `parseSentinelUrl`). */
export function sentinelUrl(t: SentinelTarget): string {
  const enc = encodeURIComponent;
  const auth =
    t.username || t.password ? `${enc(t.username ?? '')}${t.password ? `:${enc(t.password)}` : ''}@` : '';
  const query = t.sentinelPassword ? `?sentinelPassword=${enc(t.sentinelPassword)}` : '';
  return `${SENTINEL_SCHEME}//${auth}${t.sentinels.map(hostPort).join(',')}/${enc(t.name)}${query}`;
}

/** Reads a Sentinel target; a malformed one is a ConfigError. */
export function parseSentinelUrl(url: string): SentinelTarget {
  const m = /^redis-sentinel:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#@]+)\/([^/?#]+)(?:\?([^#]*))?$/i.exec(
    url,
  );
  const bad = (why: string) => new ConfigError(`not a Redis Sentinel target (${why})`);
  if (!m) throw bad('expected redis-sentinel://[user:password@]host:port,…/<master>');
  const sentinels = parseSentinelList(m[3]!);
  if (typeof sentinels === 'string') throw bad(sentinels);
  const dec = decodeURIComponent;
  const name = dec(m[4]!);
  if (!isMasterName(name)) throw bad(`"${name}" is not a master name`);
  const sentinelPassword = new URLSearchParams(m[5] ?? '').get('sentinelPassword') ?? undefined;
  return {
    sentinels,
    name,
    ...(m[1] ? { username: dec(m[1]) } : {}),
    ...(m[2] ? { password: dec(m[2]) } : {}),
    ...(sentinelPassword ? { sentinelPassword } : {}),
  };
}

/** A Sentinel target for messages: both passwords hidden. */
export function safeSentinelUrl(url: string): string {
  try {
    const t = parseSentinelUrl(url);
    return sentinelUrl({
      ...t,
      ...(t.password ? { password: '***' } : {}),
      ...(t.sentinelPassword ? { sentinelPassword: '***' } : {}),
    }).replace(/%2A%2A%2A/g, '***');
  } catch {
    return '(invalid Redis Sentinel target)';
  }
}

/**
 * After a failover the old primary, once back, is a replica and answers writes with READONLY:
 * reconnect (through the sentinels, to the new primary) and send the command again (2). READONLY
 * means the command was not run, so sending it again is safe. ioredis README, "Reconnect on error".
 */
export function reconnectOnReadonly(err: Error): 2 | false {
  return /^READONLY/.test(err.message) ? 2 : false;
}

/**
 * ioredis options for a Sentinel target: the master group is asked for at every (re)connection
 * and its role checked, the sentinels' `+switch-master` is followed at once (`failoverDetector`),
 * as redis.io's "Sentinel client spec" asks of clients.
 */
export function sentinelRedisOptions(t: SentinelTarget): RedisOptions {
  return {
    sentinels: t.sentinels,
    name: t.name,
    role: 'master',
    failoverDetector: true,
    ...(t.sentinelPassword ? { sentinelPassword: t.sentinelPassword } : {}),
    ...(t.username ? { username: t.username } : {}),
    ...(t.password ? { password: t.password } : {}),
    // A sentinel that does not answer is skipped quickly for the next one (client spec, step 1).
    sentinelCommandTimeout: 1_000,
  };
}

/** The Redis settings that say where Redis is. */
export interface RedisLocation {
  REDIS_URL?: string;
  REDIS_SENTINELS?: string;
  REDIS_SENTINEL_MASTER?: string;
  REDIS_SENTINEL_PASSWORD?: string;
}

/**
 * The string connectRedis takes: with REDIS_SENTINELS, a Sentinel target whose data-node user
 * and password come from REDIS_URL's `user:password@` (its host and port are not used); else
 * REDIS_URL. Undefined when neither is set. The settings are expected to be checked already.
 */
export function redisUrlFromSettings(s: RedisLocation): string | undefined {
  if (!s.REDIS_SENTINELS) return s.REDIS_URL;
  const sentinels = parseSentinelList(s.REDIS_SENTINELS);
  if (typeof sentinels === 'string') throw new ConfigError(`REDIS_SENTINELS: ${sentinels}`);
  if (!s.REDIS_SENTINEL_MASTER) throw new ConfigError('REDIS_SENTINEL_MASTER: required with REDIS_SENTINELS');
  let username: string | undefined;
  let password: string | undefined;
  if (s.REDIS_URL) {
    const u = new URL(s.REDIS_URL);
    username = u.username ? decodeURIComponent(u.username) : undefined;
    password = u.password ? decodeURIComponent(u.password) : undefined;
  }
  return sentinelUrl({
    sentinels,
    name: s.REDIS_SENTINEL_MASTER,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(s.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: s.REDIS_SENTINEL_PASSWORD } : {}),
  });
}
