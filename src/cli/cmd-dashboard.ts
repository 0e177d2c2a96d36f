import { createSignInLink, dashboardBaseUrl, findLocalDashboard } from '../dashboard/server.js';
import { teamName } from '../jobs/names.js';
import { loadAccessConfig } from '../services/access-config.js';
import { ConfigError, readConfig } from '../shared/config.js';
import { connectRedis } from '../shared/redis.js';
import { resolveRedisUrl } from './local-state.js';

/** The bot's default HTTP port (LABOPS_HTTP_PORT), where the dashboard is served. */
const DEFAULT_HTTP_PORT = 9464;

/**
 * `labops dashboard url [--team T] [--instructor]`: prints a one-time sign-in link (valid
 * 10 minutes) to the dashboard of a running `labops start` or bot: the class for an
 * instructor (the default), one team's page for `--team`.
 */
export async function cmdDashboardUrl(
  o: { team?: string; instructor?: boolean },
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  if (o.team !== undefined && o.instructor)
    throw new ConfigError(
      '--team and --instructor exclude each other: a link is for one team or for the class',
    );
  const config = readConfig();
  if (o.team !== undefined) {
    const parsed = teamName.safeParse(o.team);
    if (!parsed.success)
      throw new ConfigError(`--team: ${parsed.error.issues[0]?.message ?? 'invalid name'}`);
    const access = loadAccessConfig(config.LABOPS_CONFIG);
    if (access.configured && !access.teams.some((t) => t.name === o.team))
      throw new ConfigError(`--team: no team "${o.team}" in LABOPS_CONFIG`);
  }
  const port = Number(process.env.LABOPS_HTTP_PORT ?? DEFAULT_HTTP_PORT);
  const base = process.env.LABOPS_DASHBOARD_URL?.trim()
    ? dashboardBaseUrl(port)
    : (findLocalDashboard(config.keysDir) ?? dashboardBaseUrl(port));
  const redis = connectRedis(resolveRedisUrl(config), 'producer');
  try {
    const link = await createSignInLink(
      redis,
      base,
      o.team !== undefined ? { role: 'student', team: o.team } : { role: 'instructor' },
    );
    out.write(`${link}\n`);
    process.stderr.write('valid 10 minutes, usable once\n');
    return 0;
  } finally {
    redis.disconnect();
  }
}
