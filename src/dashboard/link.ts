import type { Redis } from 'ioredis';
import { createSignInToken } from './auth.js';

/** The bot's default HTTP port (LABOPS_HTTP_PORT), where it serves the dashboard. */
const DEFAULT_HTTP_PORT = 9464;

/**
 * The answer to `/dashboard`: a one-time sign-in link for an instructor (the class) or a
 * member of `team` (that team only), at LABOPS_DASHBOARD_URL or this host's LABOPS_HTTP_PORT.
 * The text holds the token: send it ephemerally, never log it.
 */
export async function dashboardLinkAnswer(
  redis: Redis,
  who: { instructor: boolean; team: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const base =
    env.LABOPS_DASHBOARD_URL?.trim().replace(/\/+$/, '') ||
    `http://127.0.0.1:${Number(env.LABOPS_HTTP_PORT ?? DEFAULT_HTTP_PORT)}`;
  const token = await createSignInToken(
    redis,
    who.instructor ? { role: 'instructor' } : { role: 'student', team: who.team },
  );
  const scope = who.instructor ? 'the class' : `team ${who.team}`;
  return `Dashboard of ${scope}: ${base}/signin?t=${token}\nValid 10 minutes, usable once; do not share it.`;
}
