import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { type AclUser, aclUsers, parsePasswordFile, setUserLine, userUrl } from '../services/acl.js';
import { readConfig } from '../shared/config.js';
import { Codes, UserError } from '../shared/errors.js';
import { connectRedis, safeUrl, waitForRedis } from '../shared/redis.js';
import {
  isSentinelUrl,
  parseSentinelUrl,
  redisUrlFromSettings,
  type SentinelTarget,
} from '../shared/redis-sentinel.js';
import { resolveRedisUrl } from './local-state.js';

export interface AclOptions {
  teams?: string;
  apply?: boolean;
  json?: boolean;
  passwordFile?: string;
  /** Also the sentinel and replica users (implied by REDIS_SENTINELS). */
  ha?: boolean;
}

/**
 * `labops acl [--teams a,b] [--apply] [--json] [--password-file F] [--ha]`: prints the Redis ACL
 * users of the bot and of each team's runner (and, with --ha or REDIS_SENTINELS, of the
 * sentinels and the replicas); generated passwords are printed once, here. With `--apply` it
 * installs them on REDIS_URL, which must be an admin connection; behind Sentinel, on the
 * primary and on every replica (ACL users are not replicated).
 */
export async function cmdAcl(
  o: AclOptions,
  out: NodeJS.WritableStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const config = readConfig(env);
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
  const users = aclUsers(teams, passwords, { ha: o.ha || Boolean(config.REDIS_SENTINELS) });
  const redisUrl = o.apply
    ? resolveRedisUrl(config)
    : (redisUrlFromSettings(config) ?? 'redis://127.0.0.1:6379');
  const installedOn = o.apply ? await applyAclUsers(redisUrl, users) : [];
  const sentinel = isSentinelUrl(redisUrl) ? parseSentinelUrl(redisUrl) : undefined;
  if (o.json) {
    const rows = users.map((u) => ({
      user: u.user,
      role: u.role,
      team: u.team ?? null,
      rules: u.rules,
      command: setUserLine(u),
      password: u.password,
      generated: u.generated,
      url: clientUrl(redisUrl, sentinel, u),
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
    lines.push('', `# ${describe(u)}${u.generated ? ' (generated password)' : ''}`, setUserLine(u));
    lines.push(...howToUse(u, redisUrl, sentinel));
  }
  if (o.apply) lines.push('', `# installed on ${installedOn.join(', ')}`);
  out.write(`${lines.join('\n')}\n`);
  return 0;
}

function describe(u: AclUser): string {
  if (u.role === 'runner') return `runner of team ${u.team}`;
  if (u.role === 'sentinel') return 'the sentinels, on every data node (primary and replicas)';
  if (u.role === 'replica') return 'replication, on every data node (any replica may become the primary)';
  return 'bot (every team)';
}

/** The REDIS_URL a client user sets: behind Sentinel, only its user and password count. */
function clientUrl(redisUrl: string, sentinel: SentinelTarget | undefined, u: AclUser): string | null {
  if (u.role === 'sentinel' || u.role === 'replica') return null;
  if (!sentinel) return userUrl(redisUrl, u.user, u.password);
  return `redis://${encodeURIComponent(u.user)}:${encodeURIComponent(u.password)}@${sentinel.name}`;
}

function howToUse(u: AclUser, redisUrl: string, sentinel: SentinelTarget | undefined): string[] {
  const master = sentinel?.name ?? '<master>';
  if (u.role === 'sentinel')
    return [
      `# in each sentinel.conf: sentinel auth-user ${master} ${u.user}`,
      `#   sentinel auth-pass ${master} ${u.password}`,
    ];
  if (u.role === 'replica')
    return [`# in each data node's redis.conf: masteruser ${u.user}`, `#   masterauth ${u.password}`];
  const url = clientUrl(redisUrl, sentinel, u);
  return sentinel
    ? [`# REDIS_URL=${url}  (with REDIS_SENTINELS and REDIS_SENTINEL_MASTER=${sentinel.name})`]
    : [`# REDIS_URL=${url}`];
}

/**
 * Installs `users` (ACL SETUSER) on the Redis of `redisUrl`, an admin connection. Behind
 * Sentinel: on the primary, then on every replica the sentinels list (reached with the same
 * admin user), since each may become the primary. Returns where they went.
 */
export async function applyAclUsers(redisUrl: string, users: AclUser[]): Promise<string[]> {
  const done: string[] = [];
  const install = async (url: string, where: string) => {
    const admin = connectRedis(url, 'producer');
    try {
      await waitForRedis(admin, url);
      for (const u of users) await admin.call('ACL', 'SETUSER', u.user, ...u.rules);
      done.push(where);
    } catch (err) {
      throw new UserError(
        Codes.config,
        `could not install the ACL users on ${where} (it needs an admin connection): ${(err as Error).message}${done.length ? `; already installed on ${done.join(', ')}` : ''}`,
      );
    } finally {
      admin.disconnect();
    }
  };
  await install(redisUrl, safeUrl(redisUrl));
  if (!isSentinelUrl(redisUrl)) return done;
  const t = parseSentinelUrl(redisUrl);
  for (const r of await replicasOf(t)) {
    const auth =
      t.username || t.password
        ? `${encodeURIComponent(t.username ?? '')}:${encodeURIComponent(t.password ?? '')}@`
        : '';
    await install(`redis://${auth}${r}`, `replica ${r}`);
  }
  return done;
}

/** `host:port` of each replica of the master group, from the first sentinel that answers. */
async function replicasOf(t: SentinelTarget): Promise<string[]> {
  const why: string[] = [];
  for (const s of t.sentinels) {
    const conn = new Redis({
      host: s.host,
      port: s.port,
      ...(t.sentinelPassword ? { password: t.sentinelPassword } : {}),
      lazyConnect: true,
      connectTimeout: 2_000,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    conn.on('error', () => undefined);
    try {
      await conn.connect();
      const rows = (await conn.call('SENTINEL', 'REPLICAS', t.name)) as string[][];
      return rows.map((flat) => {
        const f = new Map<string, string>();
        for (let i = 0; i + 1 < flat.length; i += 2) f.set(flat[i]!, flat[i + 1]!);
        const ip = f.get('ip') ?? '';
        return `${ip.includes(':') ? `[${ip}]` : ip}:${f.get('port')}`;
      });
    } catch (err) {
      why.push(`${s.host}:${s.port}: ${(err as Error).message}`);
    } finally {
      conn.disconnect();
    }
  }
  throw new UserError(Codes.config, `no sentinel answered for the replicas of ${t.name}: ${why.join('; ')}`);
}
