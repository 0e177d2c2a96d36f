import { readFileSync } from 'node:fs';
import { aclUsers, parsePasswordFile, setUserLine, userUrl } from '../shared/acl.js';
import { readConfig } from '../shared/config.js';
import { Codes, UserError } from '../shared/errors.js';
import { connectRedis, safeUrl, waitForRedis } from '../shared/redis.js';
import { resolveRedisUrl } from './local-state.js';

export interface AclOptions {
  teams?: string;
  apply?: boolean;
  json?: boolean;
  passwordFile?: string;
}

/**
 * `labops acl [--teams a,b] [--apply] [--json] [--password-file F]`: prints the Redis ACL
 * users of the bot and of each team's runner (generated passwords are printed once, here),
 * and with `--apply` installs them on REDIS_URL, which must be an admin connection.
 */
export async function cmdAcl(o: AclOptions, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const config = readConfig();
  const teams = (o.teams ?? config.LABOPS_TEAM)
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  for (const t of teams) {
    if (!/^[a-z0-9][a-z0-9-]{0,30}$/.test(t))
      throw new UserError(
        Codes.badInput,
        `--teams: "${t}" is not a team name (lowercase letters, digits, dashes)`,
      );
  }
  const file = o.passwordFile ?? config.LABOPS_ACL_PASSWORD_FILE;
  const passwords = file ? parsePasswordFile(readFileSync(file, 'utf8')) : {};
  const users = aclUsers(teams, passwords);
  const redisUrl = o.apply ? resolveRedisUrl(config) : (config.REDIS_URL ?? 'redis://127.0.0.1:6379');
  if (o.apply) {
    const admin = connectRedis(redisUrl, 'producer');
    try {
      await waitForRedis(admin, redisUrl);
      for (const u of users) await admin.call('ACL', 'SETUSER', u.user, ...u.rules);
    } catch (err) {
      throw new UserError(
        Codes.config,
        `could not install the ACL users on ${safeUrl(redisUrl)} (it needs an admin connection): ${(err as Error).message}`,
      );
    } finally {
      admin.disconnect();
    }
  }
  if (o.json) {
    const rows = users.map((u) => ({
      user: u.user,
      team: u.team ?? null,
      rules: u.rules,
      command: setUserLine(u),
      password: u.password,
      generated: u.generated,
      url: userUrl(redisUrl, u.user, u.password),
      applied: Boolean(o.apply),
    }));
    out.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const lines = [
    '# Redis ACL users for labops. Generated passwords are shown only here: keep them.',
    '# Also turn the default user off (or give it a password) so nobody connects without one:',
    '#   ACL SETUSER default off',
  ];
  for (const u of users) {
    lines.push(
      '',
      `# ${u.team ? `runner of team ${u.team}` : 'bot (every team)'}${u.generated ? ' (generated password)' : ''}`,
    );
    lines.push(setUserLine(u));
    lines.push(`# REDIS_URL=${userUrl(redisUrl, u.user, u.password)}`);
  }
  if (o.apply) lines.push('', `# installed on ${safeUrl(redisUrl)}`);
  out.write(`${lines.join('\n')}\n`);
  return 0;
}
