import type { Redis } from 'ioredis';
import { createSignInToken, type Viewer } from './auth.js';

/** The bot's default HTTP port (LABOPS_HTTP_PORT), where it serves the dashboard. */
const DEFAULT_HTTP_PORT = 9464;

/**
 * Pure: whom a `/dashboard` link is for. An instructor sees the class; anyone else only the team
 * whose role they hold (with no LABOPS_CONFIG, the one default team); no link otherwise.
 */
export function dashboardViewerFor(who: {
  instructor: boolean;
  configured: boolean;
  roleIds: readonly string[];
  team: { name: string; roles: readonly string[] };
}): Viewer | undefined {
  if (who.instructor) return { role: 'instructor' };
  if (!who.configured || who.team.roles.some((r) => who.roleIds.includes(r)))
    return { role: 'student', team: who.team.name };
  return undefined;
}

/**
 * The answer to `/dashboard`: a one-time sign-in link for `viewer`, at LABOPS_DASHBOARD_URL or
 * this host's LABOPS_HTTP_PORT; without a viewer, why there is none. The text holds the token:
 * send it ephemerally, never log it.
 */
export async function dashboardLinkAnswer(
  redis: Redis,
  viewer: Viewer | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (!viewer) return 'The dashboard shows your team once you have its role; ask an instructor.';
  const base =
    env.LABOPS_DASHBOARD_URL?.trim().replace(/\/+$/, '') ||
    `http://127.0.0.1:${Number(env.LABOPS_HTTP_PORT ?? DEFAULT_HTTP_PORT)}`;
  const token = await createSignInToken(redis, viewer);
  const scope = viewer.role === 'instructor' ? 'the class' : `team ${viewer.team}`;
  return `Dashboard of ${scope}: ${base}/signin?t=${token}\nValid 10 minutes, usable once; do not share it.`;
}
