import type { ConnectionOptions } from 'node:tls';
import { Redis, type RedisOptions } from 'ioredis';
import { ConfigError, readRedisTls } from './config.js';
import { Codes, UserError } from './errors.js';
import {
  isSentinelUrl,
  parseSentinelUrl,
  reconnectOnReadonly,
  safeSentinelUrl,
  sentinelRedisOptions,
} from './redis-sentinel.js';

/** The last connection error of each connection made here, until it is ready again. */
const lastErrors = new WeakMap<Redis, Error>();
/** Connections whose socket connected but that never got ready (no Redis answer yet). */
const neverAnswered = new WeakSet<Redis>();

const isTlsUrl = (url: string) => /^rediss:/i.test(url);

/**
 * The TLS options of a `rediss://` connection: the server's certificate is always verified,
 * against LABOPS_REDIS_CA when it is set (else the system CAs), for the name
 * LABOPS_REDIS_TLS_SERVERNAME when it is set (else the host of the URL).
 */
export function redisTlsOptions(env: NodeJS.ProcessEnv = process.env): ConnectionOptions {
  const { ca, servername } = readRedisTls(env);
  return { ...(ca ? { ca } : {}), ...(servername ? { servername } : {}) };
}

/**
 * Redis connections. Workers and event readers block and must retry forever
 * (`maxRetriesPerRequest: null`); producers give up after a few tries when Redis is away, so
 * a command gets an answer instead of hanging. `rediss://` URLs turn on TLS (see
 * `redisTlsOptions`); user and password come from the URL (Redis ACL users). A
 * `redis-sentinel://` target (src/shared/redis-sentinel.ts) follows Redis Sentinel: ioredis asks
 * the sentinels for the primary at every reconnection. Every connection reconnects and resends
 * a command refused with READONLY (a primary demoted by a failover).
 */
export function connectRedis(url: string, kind: 'blocking' | 'producer', extra: RedisOptions = {}): Redis {
  const opts: RedisOptions = {
    lazyConnect: false,
    maxRetriesPerRequest: kind === 'blocking' ? null : 3,
    // Producers queue commands only while connecting, then fail fast (3 tries) when Redis is away.
    enableOfflineQueue: true,
    retryStrategy: (n) => Math.min(200 * 2 ** Math.min(n, 6), 5_000),
    reconnectOnError: reconnectOnReadonly,
    ...extra,
  };
  if (isTlsUrl(url)) opts.tls = { ...redisTlsOptions(), ...(opts.tls ?? {}), rejectUnauthorized: true };
  const redis = isSentinelUrl(url)
    ? new Redis({ ...sentinelRedisOptions(parseSentinelUrl(url)), ...opts })
    : new Redis(url, opts);
  // Connection errors are retried by the strategy above and surface through the commands
  // that fail (and `waitForRedis`); without a listener ioredis would also print each one to stderr.
  let answered = false;
  redis.on('error', (err: Error) => {
    // A command that ran out of retries (e.g. AUTH on connect) says nothing of the connection itself.
    if (err.name !== 'MaxRetriesPerRequestError') lastErrors.set(redis, err);
  });
  redis.on('connect', () => {
    if (!answered) neverAnswered.add(redis);
  });
  redis.on('ready', () => {
    answered = true;
    lastErrors.delete(redis);
    neverAnswered.delete(redis);
  });
  return redis;
}

/** Certificate checks that fail because the certificate's CA is not trusted here. */
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
]);
const OTHER_CERT = new Set([
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
  'CERT_CHAIN_TOO_LONG',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
]);

/**
 * What to do about a connection error that no retry can fix (the server's TLS certificate,
 * TLS against a port without it), or undefined for any other error.
 */
export function redisTlsProblem(
  err: Error,
  url: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const code = String((err as NodeJS.ErrnoException).code ?? '');
  const at = `Redis at ${safeUrl(url)}`;
  const ca = env.LABOPS_REDIS_CA;
  if (UNTRUSTED.has(code))
    return ca
      ? `${at}: its TLS certificate is not signed by the CA in LABOPS_REDIS_CA (${ca}): ${err.message}. Set LABOPS_REDIS_CA to the PEM file of the CA that signed the server's certificate`
      : `${at}: its TLS certificate is not signed by a CA this machine trusts: ${err.message}. Set LABOPS_REDIS_CA to the PEM file of the CA that signed it (e.g. the server's tls-ca-cert-file)`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH')
    return `${at}: its TLS certificate is for another name: ${err.message}. Put a name of the certificate in REDIS_URL, or set LABOPS_REDIS_TLS_SERVERNAME to it`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return `${at}: its TLS certificate is not valid now: ${err.message}. Renew the server's certificate (or check this machine's clock)`;
  if (OTHER_CERT.has(code)) return `${at}: its TLS certificate was refused: ${err.message}`;
  if (
    isTlsUrl(url) &&
    (code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
      /wrong version number|packet length too long/i.test(err.message))
  )
    return `${at}: that port does not speak TLS (${err.message}). Use a redis:// URL, or the port of the server's TLS listener (tls-port)`;
  return undefined;
}

/**
 * A hint when a plain `redis://` connection reached the port but never got an answer (what a
 * TLS-only port does: it closes the connection), or when a `rediss://` one never finished its
 * handshake without an error (what a plain port does: it waits), or '' otherwise.
 */
function plainOnTlsHint(redis: Redis, seen: Error | undefined, url: string): string {
  if (isTlsUrl(url))
    return seen
      ? ''
      : ' (no TLS handshake completed: check that the port is the TLS port of the server, or use a redis:// URL for a plain one)';
  if (!neverAnswered.has(redis)) return '';
  const code = String((seen as NodeJS.ErrnoException | undefined)?.code ?? '');
  if (seen && !['ECONNRESET', 'EPIPE'].includes(code) && !/Connection is closed/i.test(seen.message))
    return '';
  return '. The server took the connection but closed it before answering: if it takes only TLS connections, use a rediss:// URL (with LABOPS_REDIS_CA when its certificate comes from a private CA)';
}

/**
 * Waits until Redis answers PING. A TLS problem no retry can fix fails at once (ConfigError);
 * otherwise, after `timeoutMs`, fails with a message naming the URL (without password).
 */
export async function waitForRedis(redis: Redis, url: string, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  let failed: Error | undefined;
  let ping: Promise<boolean> | undefined;
  for (;;) {
    ping ??= redis.ping().then(
      () => true,
      (err: Error) => {
        failed = err;
        return false;
      },
    );
    const answered = await Promise.race([
      ping,
      new Promise<undefined>((r) => setTimeout(() => r(undefined), 100)),
    ]);
    if (answered === true) return;
    if (answered === false) ping = undefined;
    const seen = lastErrors.get(redis);
    const problem = seen && redisTlsProblem(seen, url);
    if (problem) throw new ConfigError(problem);
    if (Date.now() - started > timeoutMs) {
      const cause = seen ?? failed;
      throw new UserError(
        Codes.config,
        `Redis at ${safeUrl(url)} does not answer${cause ? `: ${cause.message}` : ''}${plainOnTlsHint(redis, seen, url)}`,
      );
    }
  }
}

/**
 * What the server at `url`'s host and port speaks, from one plain TCP probe: a `PING` line
 * that a plain Redis answers (`+PONG`, or `-NOAUTH`/`-ERR` with ACLs), and that a TLS-only
 * port answers with a TLS alert record (0x15) or by closing the connection. 'unknown' when
 * nothing listens or nothing answers within `timeoutMs` (Redis away: the caller retries).
 */
export async function probeRedisPort(url: string, timeoutMs = 3_000): Promise<'plain' | 'tls' | 'unknown'> {
  if (isSentinelUrl(url)) return 'unknown';
  let host: string;
  let port: number;
  try {
    const u = new URL(url);
    host = u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
    port = Number(u.port || 6379);
  } catch {
    return 'unknown';
  }
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    let connected = false;
    let seen = Buffer.alloc(0);
    const sock = connect({ host, port });
    const done = (v: 'plain' | 'tls' | 'unknown') => {
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done('unknown'), timeoutMs);
    timer.unref();
    sock.on('connect', () => {
      connected = true;
      sock.write('PING\r\n');
    });
    sock.on('data', (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      clearTimeout(timer);
      const first = seen[0];
      done(first === 0x2b || first === 0x2d ? 'plain' : first === 0x15 || first === 0x16 ? 'tls' : 'unknown');
    });
    sock.on('error', () => {
      clearTimeout(timer);
      done(connected ? 'tls' : 'unknown');
    });
    sock.on('close', () => {
      clearTimeout(timer);
      done(connected && seen.length === 0 ? 'tls' : 'unknown');
    });
  });
}

/**
 * At start-up, before a process settles into retrying: a URL whose scheme does not match
 * the server (a `rediss://` URL on a plain port, a `redis://` URL on a TLS-only one) and,
 * for `rediss://`, a certificate this machine refuses, each stop it here with a ConfigError
 * naming `setting` (no retry can fix either). Redis being away does not: that returns.
 */
export async function checkRedisTls(url: string, timeoutMs = 5_000, setting = 'REDIS_URL'): Promise<void> {
  // Through Sentinel: plain connections only (the settings refuse rediss:// with REDIS_SENTINELS).
  if (isSentinelUrl(url)) return;
  const speaks = await probeRedisPort(url, Math.min(timeoutMs, 3_000));
  const at = `${setting} (${safeUrl(url)})`;
  if (isTlsUrl(url) && speaks === 'plain')
    throw new ConfigError(
      `${at} asks for TLS, but that port answers plain Redis: use a redis:// URL, or the port of the server's TLS listener (tls-port)`,
    );
  if (!isTlsUrl(url)) {
    if (speaks === 'tls')
      throw new ConfigError(
        `${at} is a plain redis:// URL, but that port takes only TLS connections: use a rediss:// URL (with LABOPS_REDIS_CA when its certificate comes from a private CA)`,
      );
    return;
  }
  const redis = connectRedis(url, 'producer', {
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    enableOfflineQueue: false,
  });
  try {
    const err = await new Promise<Error | undefined>((resolve) => {
      redis.once('ready', () => resolve(undefined));
      redis.once('error', resolve);
      redis.once('end', () => resolve(undefined));
    });
    const problem = err && redisTlsProblem(err, url);
    if (problem) throw new ConfigError(problem);
  } finally {
    redis.disconnect();
  }
}

/** A Redis URL with its password hidden, for messages. */
export function safeUrl(url: string): string {
  if (isSentinelUrl(url)) return safeSentinelUrl(url);
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
