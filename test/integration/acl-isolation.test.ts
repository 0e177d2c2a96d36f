import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { QUEUE_PREFIX } from '../../src/jobs/queue.js';
import { cacheKey } from '../../src/runners/lab-cache.js';
import type { Recipe } from '../../src/runners/recipe.js';
import type { RunnerHandle } from '../../src/runners/worker.js';
import { type AclUser, aclUsers, userUrl } from '../../src/services/acl.js';
import { enqueue, type TestKeys, testClient, testKeys, testRunner } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

let redis: EmbeddedRedis;
let admin: Redis;
let users: AclUser[];
let keys: TestKeys;
let runnerA: RunnerHandle;
const runs: string[] = [];
const url = (user: string) => {
  const u = users.find((x) => x.user === user)!;
  return userUrl(redis.url, u.user, u.password);
};

const echo: Recipe = {
  job: 'ping',
  steps: [
    {
      name: 'answer',
      apply: async (_d, ctx) => {
        runs.push(`${ctx.team}:${ctx.jobId}`);
        await ctx.artifacts.put('note.txt', 'text/plain', Buffer.from('hello'));
        return 'pong';
      },
      timeoutMs: 5_000,
    },
  ],
  result: (_d, ctx) => ({ summary: `pong from ${ctx.team}`, fields: [] }),
};

beforeAll(async () => {
  redis = await startTestRedis();
  admin = new Redis(redis.url);
  users = aclUsers(['a', 'b']);
  for (const u of users) await admin.call('ACL', 'SETUSER', u.user, ...u.rules);
  keys = testKeys();
  // A tag runner A pushed earlier, so its autocomplete cache has something to write.
  const state = mkdtempSync(join(tmpdir(), 'labops-acl-state-'));
  mkdirSync(join(state, 'labops', 'a'), { recursive: true });
  writeFileSync(
    join(state, 'labops', 'a', 'pushed.json'),
    JSON.stringify({ 'labops/hello-node:v5': { id: 'sha256:1', at: 0 } }),
  );
  runnerA = await testRunner({
    redisUrl: url('runner-a'),
    team: 'a',
    keys,
    recipes: { ping: echo },
    env: { ...process.env, XDG_STATE_HOME: state },
    config: { LABOPS_DOCKERHUB_USER: 'labops' },
    cache: true,
  });
});
afterAll(async () => {
  await runnerA?.close();
  admin?.disconnect();
  await redis?.stop();
});

/** A plain connection as one ACL user, failing fast. */
function as(user: string): Redis {
  return new Redis(url(user), { maxRetriesPerRequest: 1 });
}

describe('Redis ACLs from `labops acl`: a team runner stays inside its prefix', () => {
  it('team A runner, connected as runner-a, runs its own jobs end to end', async () => {
    const bot = testClient(url('labops-bot'), keys);
    try {
      const jobId = await enqueue(bot, 'a', 'ping', { message: 'hi' });
      const outcome = await bot.follow('a', jobId, {});
      expect(outcome.state).toBe('completed');
      expect(runs).toContain(`a:${jobId}`);
      const beats = await bot.runners('a');
      expect(beats.length).toBe(1);
      // The autocomplete cache the runner wrote at start, under its own prefix, with a TTL.
      for (let i = 0; i < 50 && !(await admin.exists(cacheKey('a', 'tags'))); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(await admin.smembers(cacheKey('a', 'tags'))).toEqual(['v5']);
      expect(await admin.ttl(cacheKey('a', 'tags'))).toBeGreaterThan(0);
      // Nothing the runner or the bot did was denied: the rules cover what they need.
      const denied = (await admin.call('ACL', 'LOG')) as unknown[][];
      expect(denied.map((e) => JSON.stringify(e))).toEqual([]);
    } finally {
      await bot.close();
    }
  });

  it("runner-a cannot read, take or add jobs on team B's queue, nor read B's artifacts", async () => {
    const bot = testClient(url('labops-bot'), keys);
    const jobB = await enqueue(bot, 'b', 'ping', { message: 'for b' });
    await admin.set(`${QUEUE_PREFIX}:b:artifact:x`, 'secret of b');
    const a = as('runner-a');
    try {
      await expect(a.get(`${QUEUE_PREFIX}:b:artifact:x`)).rejects.toThrow(/NOPERM/);
      await expect(a.hgetall(`${QUEUE_PREFIX}:b:${jobB}`)).rejects.toThrow(/NOPERM/);
      await expect(a.lrange(`${QUEUE_PREFIX}:b:wait`, 0, -1)).rejects.toThrow(/NOPERM/);
      await expect(a.subscribe(`${QUEUE_PREFIX}:b:cancel`)).rejects.toThrow(/NOPERM/);
      await expect(a.sadd(cacheKey('b', 'deployments'), 'x')).rejects.toThrow(/NOPERM/);
      await expect(a.set(cacheKey('b', 'tags'), '["x"]')).rejects.toThrow(/NOPERM/);
      const qb = new Queue('b', { connection: as('runner-a'), prefix: QUEUE_PREFIX });
      await expect(qb.add('ping', { x: 1 })).rejects.toThrow(/NOPERM|No permissions/);
      await qb.close();
      // A worker on B's queue with runner-a's credentials takes nothing.
      const errors: string[] = [];
      const stolen: string[] = [];
      const wb = new Worker('b', async (j) => void stolen.push(String(j.id)), {
        connection: new Redis(url('runner-a'), { maxRetriesPerRequest: null }),
        prefix: QUEUE_PREFIX,
        autorun: true,
      });
      wb.on('error', (e) => errors.push(e.message));
      await new Promise((r) => setTimeout(r, 1_500));
      await wb.close(true).catch(() => undefined);
      expect(stolen).toEqual([]);
      expect(await admin.hget(`${QUEUE_PREFIX}:b:${jobB}`, 'processedOn')).toBeNull();
      expect(await admin.lrange(`${QUEUE_PREFIX}:b:wait`, 0, -1)).toContain(jobB);
    } finally {
      a.disconnect();
      await bot.close();
    }
  });

  it('runner-a cannot run FLUSHALL, FLUSHDB, KEYS, CONFIG, DEBUG, SHUTDOWN or ACL', async () => {
    const a = as('runner-a');
    try {
      for (const cmd of [
        ['FLUSHALL'],
        ['FLUSHDB'],
        ['KEYS', '*'],
        ['CONFIG', 'GET', '*'],
        ['DEBUG', 'SLEEP', '0'],
        ['SHUTDOWN'],
        ['ACL', 'LIST'],
      ]) {
        // DEBUG is also off server-wide by default; either refusal will do.
        await expect(a.call(cmd[0]!, ...cmd.slice(1)), cmd.join(' ')).rejects.toThrow(/NOPERM|not allowed/);
      }
      expect(await admin.dbsize()).toBeGreaterThan(0);
    } finally {
      a.disconnect();
    }
  });

  it('the bot user sees every team but cannot run FLUSHALL or CONFIG either', async () => {
    const b = as('labops-bot');
    try {
      expect(await b.get(`${QUEUE_PREFIX}:b:artifact:x`)).toBe('secret of b');
      await expect(b.call('FLUSHALL')).rejects.toThrow(/NOPERM/);
      await expect(b.call('CONFIG', 'GET', '*')).rejects.toThrow(/NOPERM/);
      await expect(b.get('other:key')).rejects.toThrow(/NOPERM/);
    } finally {
      b.disconnect();
    }
  });
});
