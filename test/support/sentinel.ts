import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { Redis } from 'ioredis';
import { freePort } from '../../src/cli/embedded-redis.js';
import { type AclUser, aclUsers, REPLICA_ACL_USER, SENTINEL_ACL_USER } from '../../src/services/acl.js';
import { sentinelUrl } from '../../src/shared/redis-sentinel.js';

/** One redis-server of the set: a data node or a sentinel. */
export interface SetNode {
  port: number;
  proc: ResultPromise;
}

/** A primary, a replica and three sentinels on free loopback ports, with labops' ACL users. */
export interface SentinelSet {
  /** The master group's name. */
  name: string;
  primary: SetNode;
  replica: SetNode;
  sentinels: SetNode[];
  /** The data nodes' `default` user's password (an admin). */
  adminPassword: string;
  /** The sentinels' requirepass (what REDIS_SENTINEL_PASSWORD carries). */
  sentinelPassword: string;
  /** Every ACL user of `labops acl --ha` for the set's teams, on both data nodes. */
  users: AclUser[];
  /** The Sentinel target (`redis-sentinel://`) for one of `users`, or for the admin. */
  url(user: string | 'default'): string;
  /** The settings (REDIS_SENTINELS, …) a labops process gets for one of `users`. */
  env(user: string): Record<string, string>;
  /** The port the sentinels give as the primary's now. */
  primaryPort(): Promise<number>;
  stop(): Promise<void>;
}

const NAME = 'labops';

function startServer(args: string[], port: number): SetNode {
  const proc = execa('redis-server', args, { reject: false, stdin: 'ignore', cleanup: true, all: true });
  return { port, proc };
}

/** A connection that gives up at once: for polling the set's state. */
function probe(port: number, password: string): Redis {
  const r = new Redis({ port, host: '127.0.0.1', password, lazyConnect: true, maxRetriesPerRequest: 0 });
  r.on('error', () => undefined);
  return r;
}

async function poll<T>(what: string, timeoutMs: number, f: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`sentinel set: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `SENTINEL MASTER <name>` as a map. */
async function masterState(port: number, password: string): Promise<Map<string, string>> {
  const c = probe(port, password);
  try {
    await c.connect();
    const flat = (await c.call('SENTINEL', 'MASTER', NAME)) as string[];
    const m = new Map<string, string>();
    for (let i = 0; i + 1 < flat.length; i += 2) m.set(flat[i]!, flat[i + 1]!);
    return m;
  } finally {
    c.disconnect();
  }
}

/**
 * Starts the set: the data nodes log in to each other as `labops-replica` and the sentinels to
 * them as `labops-sentinel` (the rules of `labops acl --ha`); the sentinels need
 * REDIS_SENTINEL_PASSWORD. Resolves once every sentinel sees the replica and the two others, so
 * a failover can happen. `downAfterMs` and `failoverTimeoutMs` are the sentinels' settings.
 */
export async function startSentinelSet(
  opts: { teams?: string[]; downAfterMs?: number; failoverTimeoutMs?: number } = {},
): Promise<SentinelSet> {
  const dir = mkdtempSync(join(tmpdir(), 'labops-sentinel-'));
  const adminPassword = `admin-${process.pid}`;
  const sentinelPassword = `sentinel-${process.pid}`;
  const users = aclUsers(opts.teams ?? [], {}, { ha: true });
  const pw = (user: string) => users.find((u) => u.user === user)!.password;
  const [p, r, ...s] = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
  const data = (port: number, name: string) => [
    ...['--port', String(port), '--bind', '127.0.0.1', '--dir', join(dir, name)],
    ...[
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      '--loglevel',
      'warning',
      '--repl-diskless-sync-delay',
      '0',
    ],
    ...[
      '--requirepass',
      adminPassword,
      '--masteruser',
      REPLICA_ACL_USER,
      '--masterauth',
      pw(REPLICA_ACL_USER),
    ],
    ...users.flatMap((u) => ['--user', u.user, ...u.rules]),
  ];
  for (const n of ['primary', 'replica']) mkdirSync(join(dir, n));
  const nodes: SetNode[] = [];
  const stop = async () => {
    for (const n of nodes) n.proc.kill('SIGKILL');
    await Promise.all(nodes.map((n) => n.proc));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const primary = startServer(data(p!, 'primary'), p!);
    nodes.push(primary);
    const replica = startServer([...data(r!, 'replica'), '--replicaof', '127.0.0.1', String(p)], r!);
    nodes.push(replica);
    const sentinels = s.map((port, i) => {
      const conf = join(dir, `sentinel-${i}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `requirepass ${sentinelPassword}`,
          `sentinel sentinel-pass ${sentinelPassword}`,
          `sentinel monitor ${NAME} 127.0.0.1 ${p} 2`,
          `sentinel auth-user ${NAME} ${SENTINEL_ACL_USER}`,
          `sentinel auth-pass ${NAME} ${pw(SENTINEL_ACL_USER)}`,
          `sentinel down-after-milliseconds ${NAME} ${opts.downAfterMs ?? 1_000}`,
          `sentinel failover-timeout ${NAME} ${opts.failoverTimeoutMs ?? 3_000}`,
          `sentinel parallel-syncs ${NAME} 1`,
          '',
        ].join('\n'),
      );
      const node = startServer([conf, '--sentinel', '--loglevel', 'warning'], port);
      nodes.push(node);
      return node;
    });
    // The replica's first full sync done: from here on it holds all but the last writes.
    await poll('the replica to sync', 20_000, async () => {
      const c = probe(r!, adminPassword);
      try {
        await c.connect();
        return /master_link_status:up/.test(await c.info('replication')) ? true : undefined;
      } finally {
        c.disconnect();
      }
    });
    for (const sn of sentinels)
      await poll('the sentinels to see the replica and each other', 20_000, async () => {
        const m = await masterState(sn.port, sentinelPassword);
        return m.get('num-slaves') === '1' && m.get('num-other-sentinels') === '2' ? true : undefined;
      });
    const url = (user: string) =>
      sentinelUrl({
        sentinels: s.map((port) => ({ host: '127.0.0.1', port: port! })),
        name: NAME,
        username: user,
        password: user === 'default' ? adminPassword : pw(user),
        sentinelPassword,
      });
    return {
      name: NAME,
      primary,
      replica,
      sentinels,
      adminPassword,
      sentinelPassword,
      users,
      url,
      env: (user) => ({
        REDIS_SENTINELS: s.map((port) => `127.0.0.1:${port}`).join(','),
        REDIS_SENTINEL_MASTER: NAME,
        REDIS_SENTINEL_PASSWORD: sentinelPassword,
        REDIS_URL: `redis://${user}:${encodeURIComponent(pw(user))}@${NAME}`,
      }),
      primaryPort: async () => Number((await masterState(s[0]!, sentinelPassword)).get('port')),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
