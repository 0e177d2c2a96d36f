import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import type { ProgressEvent } from '../../src/jobs/events.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { enqueue, freshTeam, testClient, testKeys, testRunner } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

const bin = fileURLToPath(new URL('../support/bin/', import.meta.url));
let redis: EmbeddedRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pids: number[], ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (pids.every((p) => !alive(p))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** A recipe whose one step starts a process tree (a child and a grandchild) and waits on it. */
function treeRecipe(pidFile: string, timeoutMs: number): Recipe {
  return {
    job: 'ping',
    steps: [
      {
        name: 'long command',
        apply: async (_d, ctx) => {
          await ctx.exec({
            argv: [process.execPath, join(bin, 'spawn-tree.mjs'), pidFile],
            timeoutMs: 60_000,
          });
        },
        timeoutMs,
        timeoutHint: 'the tree never ends',
      },
    ],
    result: () => ({ summary: 'never', fields: [] }),
  };
}

describe('subprocesses', () => {
  it('a step timeout kills the whole process tree and says which step', async () => {
    const team = freshTeam();
    const keys = testKeys();
    const pidFile = join(mkdtempSync(join(tmpdir(), 'labops-tree-')), 'pids.json');
    const runner = await testRunner({
      redisUrl: redis.url,
      team,
      keys,
      recipes: { ping: treeRecipe(pidFile, 1_500) },
    });
    const client = testClient(redis.url, keys);
    try {
      const out = await client.follow(team, await enqueue(client, team, 'ping'));
      expect(out).toMatchObject({ state: 'failed', code: 'TIMEOUT' });
      expect(out.state === 'failed' && out.message).toMatch(
        /step "long command" did not finish .*the tree never ends/,
      );
      const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as number[];
      expect(pids).toHaveLength(2);
      expect(await gone(pids)).toBe(true);
    } finally {
      await client.close();
      await runner.close();
    }
  });

  it('cancelling a running job kills its process tree and fails it as CANCELLED', async () => {
    const team = freshTeam();
    const keys = testKeys();
    const pidFile = join(mkdtempSync(join(tmpdir(), 'labops-tree-')), 'pids.json');
    const runner = await testRunner({
      redisUrl: redis.url,
      team,
      keys,
      recipes: { ping: treeRecipe(pidFile, 60_000) },
    });
    const client = testClient(redis.url, keys);
    try {
      const jobId = await enqueue(client, team, 'ping');
      const following = client.follow(team, jobId);
      const until = Date.now() + 10_000;
      while (!existsSync(pidFile) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as number[];
      expect(pids.every(alive)).toBe(true);
      expect(await client.cancel(team, jobId)).toBe('signalled');
      expect(await following).toMatchObject({ state: 'failed', code: 'CANCELLED' });
      expect(await gone(pids)).toBe(true);
    } finally {
      await client.close();
      await runner.close();
    }
  });

  it('cancelling a waiting job removes it before anything runs', async () => {
    const team = freshTeam();
    const keys = testKeys();
    const client = testClient(redis.url, keys);
    try {
      const jobId = await enqueue(client, team, 'ping');
      expect(await client.cancel(team, jobId)).toBe('removed');
      expect(await client.queue(team).getJob(jobId)).toBeUndefined();
      expect(await client.cancel(team, 'ping-nonexistent')).toBe('not-found');
    } finally {
      await client.close();
    }
  });

  it('a command printing 200 MB keeps the runner memory bounded, and the log keeps its tail', async () => {
    const team = freshTeam();
    const keys = testKeys();
    const recipe: Recipe = {
      job: 'ping',
      steps: [
        {
          name: 'flood',
          apply: async (_d, ctx) => {
            const r = await ctx.exec({
              argv: [process.execPath, join(bin, 'print-bytes.mjs'), '200'],
              timeoutMs: 120_000,
            });
            return r.tail.at(-1);
          },
          timeoutMs: 120_000,
        },
      ],
      result: () => ({ summary: 'flooded', fields: [] }),
    };
    const runner = await testRunner({ redisUrl: redis.url, team, keys, recipes: { ping: recipe } });
    const client = testClient(redis.url, keys);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    try {
      const out = await client.follow(team, await enqueue(client, team, 'ping'));
      expect(out.state).toBe('completed');
      if (out.state !== 'completed') return;
      expect(out.result.steps[0]?.message).toBe('done');
      // The full log is spooled to disk; Redis gets its last 4 MB.
      const log = out.result.artifacts.find((a) => a.name.endsWith('.log'));
      expect(log?.bytes).toBeGreaterThan(4 * 1024 * 1024);
      expect(log?.bytes).toBeLessThan(5 * 1024 * 1024);
      // 200 MB went through; the process grew by a small fraction of it.
      expect(peak - before).toBeLessThan(120 * 1024 * 1024);
    } finally {
      clearInterval(sampler);
      await client.close();
      await runner.close();
    }
  });

  it('redacts secrets from progress lines, results and logs', async () => {
    const team = freshTeam();
    const keys = testKeys();
    const secret = 'S3cr3t-admin-pw-42';
    const recipe: Recipe = {
      job: 'ping',
      steps: [
        {
          name: 'leaky',
          apply: async (_d, ctx) => {
            const r = await ctx.exec({
              argv: [
                process.execPath,
                '-e',
                `console.log("export OS_PASSWORD=${secret}"); console.log("token hvs.CAESIJ1234567890abcdefghijklmnop"); console.log("plain ${secret} here")`,
              ],
              timeoutMs: 10_000,
            });
            return r.tail.join(' | ');
          },
          timeoutMs: 10_000,
        },
      ],
      result: (_d, _ctx) => ({ summary: `ran with ${secret}`, fields: [{ name: 'x', value: secret }] }),
    };
    const runner = await testRunner({
      redisUrl: redis.url,
      team,
      keys,
      recipes: { ping: recipe },
      secrets: [secret],
    });
    const client = testClient(redis.url, keys);
    try {
      const progress: ProgressEvent[] = [];
      const out = await client.follow(team, await enqueue(client, team, 'ping'), {
        onProgress: (e) => progress.push(e),
      });
      const everything = JSON.stringify({ out, progress });
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain('hvs.CAESIJ');
      expect(everything).toContain('[REDACTED]');
    } finally {
      await client.close();
      await runner.close();
    }
  });
});
