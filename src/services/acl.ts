import { randomBytes } from 'node:crypto';
import { QUEUE_PREFIX } from '../jobs/queue.js';
import { isSentinelUrl, parseSentinelUrl, sentinelUrl } from '../shared/redis-sentinel.js';

/**
 * Redis ACL rules that keep teams apart: the bot sees every team (`labops:*`), a team's runner
 * sees only `labops:<team>:*`. Commands are allow-listed; the data commands BullMQ's Lua
 * scripts call are listed too, because Redis checks every `redis.call` of a script against
 * the caller's ACL (commands and keys).
 */

/** Commands BullMQ's scripts (bullmq/dist/esm/commands/*.lua) call, plus its client-side ones. */
const BULLMQ_SCRIPT_COMMANDS = [
  'del',
  'exists',
  'get',
  'set',
  'incr',
  'incrby',
  'unlink',
  'type',
  'rename',
  'persist',
  'time',
  'pexpire',
  'pexpireat',
  'pttl',
  'expire',
  'hset',
  'hget',
  'hmget',
  'hmset',
  'hgetall',
  'hdel',
  'hexists',
  'hincrby',
  'hlen',
  'lpush',
  'rpush',
  'lpop',
  'rpop',
  'rpoplpush',
  'lrem',
  'llen',
  'lrange',
  'lindex',
  'lpos',
  'lset',
  'ltrim',
  'sadd',
  'srem',
  'scard',
  'smembers',
  'sismember',
  'zadd',
  'zrem',
  'zscore',
  'zcard',
  'zcount',
  'zrange',
  'zrangebyscore',
  'zrevrange',
  'zrevrangebyscore',
  'zrangebylex',
  'zlexcount',
  'zremrangebyscore',
  'zremrangebyrank',
  'zpopmin',
  'xadd',
  'xtrim',
  'xrange',
  'xlen',
  'xread',
  'xdel',
] as const;

/** What a BullMQ Worker sends itself, and what the runner adds (heartbeat, lock, cancel, audit). */
const WORKER_CLIENT_COMMANDS = [
  'eval',
  'evalsha',
  'bzpopmin',
  'client|setname',
  'info',
  'ping',
  'echo',
  'hello',
  'quit',
  'multi',
  'exec',
  'discard',
  'subscribe',
  'unsubscribe',
  'publish',
] as const;

/** What the bot and the CLI add: listing runners (SCAN), reading QueueEvents and audit streams. */
const BOT_EXTRA_COMMANDS = [
  'scan',
  'mget',
  'xrevrange',
  'psubscribe',
  'punsubscribe',
  'zremrangebylex',
  'watch',
  'unwatch',
] as const;

/** Never granted to any labops user, whatever else changes. */
export const FORBIDDEN_COMMANDS = [
  'keys',
  'flushall',
  'flushdb',
  'config',
  'debug',
  'shutdown',
  'acl',
] as const;

/** One ACL user: its name, password, the team it is limited to (none for the bot) and its rules. */
export interface AclUser {
  user: string;
  /** Who logs in as it: the bot (and an instructor's CLI), a team's runner, the sentinels, a replica. */
  role: 'bot' | 'runner' | 'sentinel' | 'replica';
  team?: string;
  password: string;
  /** Whether the password was generated here (print it once, it is not stored). */
  generated: boolean;
  /** `ACL SETUSER <user>` arguments, in order. */
  rules: string[];
}

/** The ACL user name of the bot, and of a team's runner. */
export const BOT_ACL_USER = 'labops-bot';
export const runnerAclUser = (team: string) => `runner-${team}`;
/** The users the sentinels and the replicas log in to the data nodes as (Redis behind Sentinel). */
export const SENTINEL_ACL_USER = 'labops-sentinel';
export const REPLICA_ACL_USER = 'labops-replica';

/**
 * What Sentinel needs on every data node, and what a replica needs on its primary: redis.io,
 * "ACL" (docs/latest/operate/oss_and_stack/management/security/acl), section "ACL rules for
 * Sentinel and Replicas". Sentinel reads no key but publishes and subscribes (all channels).
 */
export const sentinelCommands: readonly string[] = [
  'multi',
  'slaveof',
  'ping',
  'exec',
  'subscribe',
  'config|rewrite',
  'role',
  'publish',
  'info',
  'client|setname',
  'client|kill',
  'script|kill',
];
export const replicaCommands: readonly string[] = ['psync', 'replconf', 'ping'];

/** A fresh password: 32 random bytes, base64url. */
export function generatePassword(): string {
  return randomBytes(32).toString('base64url');
}

function rulesFor(password: string, keyPattern: string, channelPattern: string, commands: readonly string[]) {
  return [
    'reset',
    'on',
    `>${password}`,
    `~${keyPattern}`,
    `&${channelPattern}`,
    '-@all',
    ...commands.map((c) => `+${c}`),
    ...FORBIDDEN_COMMANDS.map((c) => `-${c}`),
  ];
}

/** The commands a team runner is allowed. */
export const runnerCommands: readonly string[] = [...BULLMQ_SCRIPT_COMMANDS, ...WORKER_CLIENT_COMMANDS];
/** The commands the bot (and an instructor's CLI) is allowed. */
export const botCommands: readonly string[] = [...runnerCommands, ...BOT_EXTRA_COMMANDS];

/**
 * The ACL users for the bot and for each team's runner. `passwords` maps user names to known
 * passwords; a user without one gets a generated password.
 */
export function aclUsers(
  teams: readonly string[],
  passwords: Record<string, string> = {},
  opts: { ha?: boolean } = {},
): AclUser[] {
  const pw = (user: string) => {
    const known = passwords[user];
    return known ? { password: known, generated: false } : { password: generatePassword(), generated: true };
  };
  const bot = pw(BOT_ACL_USER);
  const out: AclUser[] = [
    {
      user: BOT_ACL_USER,
      role: 'bot',
      ...bot,
      rules: rulesFor(bot.password, `${QUEUE_PREFIX}:*`, `${QUEUE_PREFIX}:*`, botCommands),
    },
  ];
  for (const team of [...new Set(teams)]) {
    const user = runnerAclUser(team);
    const p = pw(user);
    const prefix = `${QUEUE_PREFIX}:${team}:*`;
    out.push({
      user,
      role: 'runner',
      team,
      ...p,
      rules: rulesFor(p.password, prefix, prefix, runnerCommands),
    });
  }
  if (!opts.ha) return out;
  // No key and no FORBIDDEN_COMMANDS list here: these users get only what redis.io lists
  // (CONFIG REWRITE included, which Sentinel sends after a failover).
  const s = pw(SENTINEL_ACL_USER);
  const plus = (cmds: readonly string[]) => cmds.map((c) => `+${c}`);
  out.push({
    user: SENTINEL_ACL_USER,
    role: 'sentinel',
    ...s,
    rules: ['reset', 'on', `>${s.password}`, '&*', '-@all', ...plus(sentinelCommands)],
  });
  const r = pw(REPLICA_ACL_USER);
  out.push({
    user: REPLICA_ACL_USER,
    role: 'replica',
    ...r,
    rules: ['reset', 'on', `>${r.password}`, '-@all', ...plus(replicaCommands)],
  });
  return out;
}

/** `ACL SETUSER …` as a line for redis-cli or a users.acl file (passwords shown as given). */
export function setUserLine(u: AclUser): string {
  return `ACL SETUSER ${u.user} ${u.rules.join(' ')}`;
}

/** Parses a password file: one `user password` or `user:password` per line; `#` starts a comment. */
export function parsePasswordFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Za-z0-9_.-]+)[:\s]\s*(\S+)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/**
 * A Redis URL for an ACL user on the server of `base` (same scheme, host and port); for a
 * Sentinel target (`redis-sentinel://`), the same target with that user on the data nodes.
 */
export function userUrl(base: string, user: string, password: string): string {
  if (isSentinelUrl(base)) return sentinelUrl({ ...parseSentinelUrl(base), username: user, password });
  const u = new URL(base);
  u.username = user;
  u.password = password;
  return u.toString();
}
