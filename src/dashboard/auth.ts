import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { QUEUE_PREFIX } from '../jobs/queue.js';

/** Who a sign-in link or a session is for: the whole class, or one team. */
export type Viewer = { role: 'instructor' } | { role: 'student'; team: string };

/** How long a sign-in link is valid. */
export const LINK_TTL_S = 600;
/** How long a session lasts: a teaching day. */
export const SESSION_TTL_S = 10 * 3600;
/** Sign-in attempts one address may make per minute. */
export const SIGNIN_PER_MINUTE = 20;

const KEY = `${QUEUE_PREFIX}:dashboard`;
const secretKey = `${KEY}:secret`;
const linkKey = (hash: string) => `${KEY}:link:${hash}`;
const sessionKey = (hash: string) => `${KEY}:session:${hash}`;
const attemptsKey = (who: string, minute: number) => `${KEY}:signin:${who}:${minute}`;

/** SHA-256 hex: what Redis keeps of a link or a session id (never the token itself). */
const digest = (s: string) => createHash('sha256').update(s).digest('hex');

/** The HMAC key of sign-in links: made once per Redis (SET NX), shared by every bot and CLI. */
async function secret(redis: Redis): Promise<Buffer> {
  await redis.set(secretKey, randomBytes(32).toString('hex'), 'NX');
  const s = await redis.get(secretKey);
  if (!s) throw new Error('dashboard secret missing from Redis');
  return Buffer.from(s, 'hex');
}

const sign = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest('base64url');

/**
 * Makes a one-time sign-in token for `viewer`: `<random>.<HMAC>`, valid {@link LINK_TTL_S};
 * Redis keeps only its SHA-256 (with the viewer), so a Redis dump holds no usable link.
 */
export async function createSignInToken(redis: Redis, viewer: Viewer): Promise<string> {
  const body = randomBytes(24).toString('base64url');
  const token = `${body}.${sign(await secret(redis), body)}`;
  await redis.set(linkKey(digest(token)), JSON.stringify(viewer), 'EX', LINK_TTL_S);
  return token;
}

/** Whether the token carries a valid signature (checked before Redis is asked). */
async function signed(redis: Redis, token: string): Promise<boolean> {
  const m = /^([\w-]{32})\.([\w-]{43})$/.exec(token);
  if (!m) return false;
  const want = Buffer.from(sign(await secret(redis), m[1]!));
  const got = Buffer.from(m[2]!);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Whether a sign-in token is still usable, without using it up. */
export async function tokenUsable(redis: Redis, token: string): Promise<boolean> {
  return (await signed(redis, token)) && (await redis.exists(linkKey(digest(token)))) === 1;
}

/**
 * Uses up a sign-in token (GETDEL: a second use finds nothing) and opens a session: returns
 * the session id for the cookie, or undefined when the token is forged, expired or used.
 */
export async function redeemToken(redis: Redis, token: string): Promise<string | undefined> {
  if (!(await signed(redis, token))) return undefined;
  const raw = (await redis.call('GETDEL', linkKey(digest(token)))) as string | null;
  if (!raw) return undefined;
  const sid = randomBytes(32).toString('base64url');
  await redis.set(sessionKey(digest(sid)), raw, 'EX', SESSION_TTL_S);
  return sid;
}

/** The viewer of a session id, or undefined when it is unknown or over. */
export async function sessionViewer(redis: Redis, sid: string | undefined): Promise<Viewer | undefined> {
  if (!sid || !/^[\w-]{43}$/.test(sid)) return undefined;
  const raw = await redis.get(sessionKey(digest(sid)));
  return raw ? (JSON.parse(raw) as Viewer) : undefined;
}

/** Ends a session. */
export async function endSession(redis: Redis, sid: string): Promise<void> {
  await redis.del(sessionKey(digest(sid)));
}

/** Counts one sign-in attempt from `who` (an address); false when over the per-minute limit. */
export async function signInAllowed(redis: Redis, who: string, now = Date.now()): Promise<boolean> {
  const key = attemptsKey(digest(who).slice(0, 16), Math.floor(now / 60_000));
  const [[, n]] = (await redis.multi().incr(key).expire(key, 120).exec()) as [[null, number]];
  return n <= SIGNIN_PER_MINUTE;
}

/** Whether the viewer may see the team's pages. */
export function mayView(viewer: Viewer, team: string): boolean {
  return viewer.role === 'instructor' || viewer.team === team;
}
