import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHOICES, readChoices } from '../../src/bot/autocomplete.js';
import { botKeys } from '../../src/bot/state-keys.js';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { cacheKey, helloNodeTag, LabCache } from '../../src/runners/lab-cache.js';
import type { Recipe } from '../../src/runners/recipe.js';
import type { Kube } from '../../src/runners/tools/kube/index.js';
import { readConfig } from '../../src/shared/config.js';
import { createLogger, silentLogger } from '../../src/shared/logger.js';
import { enqueue, freshTeam, testClient, testKeys, testRunner } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

// The runner's autocomplete cache on a real Redis: what it writes and where, that it ages out,
// and that an unreachable cluster or a refused write never reaches a job.

let redis: EmbeddedRedis;
let conn: Redis;
beforeAll(async () => {
  redis = await startTestRedis();
  conn = new Redis(redis.url);
});
afterAll(async () => {
  conn?.disconnect();
  await redis?.stop();
});

const deployment = (name: string, image: string) =>
  ({ metadata: { name }, spec: { template: { spec: { containers: [{ name, image }] } } } }) as V1Deployment;
const pod = (name: string, deleting = false) =>
  ({ metadata: { name, ...(deleting ? { deletionTimestamp: new Date() } : {}) } }) as V1Pod;

/** A Kubernetes adapter answering only the two lists the cache reads. */
function fakeKube(lists: { deployments: V1Deployment[]; pods: V1Pod[] }, calls: string[] = []) {
  return () =>
    ({
      listDeployments: async () => {
        calls.push('deployments');
        return lists.deployments;
      },
      listPods: async (selector?: string) => {
        calls.push(`pods ${selector}`);
        return lists.pods;
      },
    }) as unknown as Kube;
}

/** A state dir with the push record of `/image push` holding `refs`. */
function pushedEnv(team: string, refs: string[]): NodeJS.ProcessEnv {
  const state = mkdtempSync(join(tmpdir(), 'labops-cache-state-'));
  mkdirSync(join(state, 'labops', team), { recursive: true });
  const pushed = Object.fromEntries(refs.map((r) => [r, { id: 'sha256:1', at: 0 }]));
  writeFileSync(join(state, 'labops', team, 'pushed.json'), JSON.stringify(pushed));
  return { XDG_STATE_HOME: state };
}

function capture() {
  const lines: string[] = [];
  const log = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _e, cb) {
        lines.push(chunk.toString());
        cb();
      },
    }),
  });
  return { log, lines };
}

describe('the runner autocomplete cache', () => {
  it('reads which references are tags of the team hello-node image', () => {
    expect(helloNodeTag('labops/hello-node:v2', 'labops')).toBe('v2');
    expect(helloNodeTag('docker.io/labops/hello-node:v3@sha256:ab', 'labops')).toBe('v3');
    expect(helloNodeTag('hello-node:dev.1', 'labops')).toBe('dev.1');
    expect(helloNodeTag('other/hello-node:v2', 'labops')).toBeUndefined();
    expect(helloNodeTag('labops/nginx:v2', 'labops')).toBeUndefined();
    expect(helloNodeTag('labops/hello-node', 'labops')).toBeUndefined();
    expect(helloNodeTag('registry:5000/labops/hello-node:v2', 'labops')).toBeUndefined();
  });

  it('writes SETs under the team prefix, keys the bot reads, with a TTL', async () => {
    const team = freshTeam();
    const cache = new LabCache({
      redis: conn,
      team,
      config: readConfig({ LABOPS_TEAM: team, LABOPS_DOCKERHUB_USER: 'labops' }),
      env: pushedEnv(team, ['labops/hello-node:v9', 'someone/hello-node:v8', 'labops/web:v7']),
      log: silentLogger,
      ttlS: 120,
      kube: fakeKube({
        deployments: [deployment('hello-node', 'labops/hello-node:v1'), deployment('web', 'nginx:1')],
        pods: [pod('hello-node-abc-1'), pod('hello-node-abc-2', true), pod('Not_A_Name')],
      }),
    });
    await cache.refresh();
    for (const kind of ['deployments', 'tags', 'pods'] as const)
      expect(cacheKey(team, kind)).toBe(botKeys.cache(team, kind));
    expect((await conn.smembers(cacheKey(team, 'deployments'))).sort()).toEqual(['hello-node', 'web']);
    expect(await conn.smembers(cacheKey(team, 'pods'))).toEqual(['hello-node-abc-1']);
    expect((await conn.smembers(cacheKey(team, 'tags'))).sort()).toEqual(['v1', 'v9']);
    expect(await conn.ttl(cacheKey(team, 'tags'))).toBeGreaterThan(100);
    expect(await readChoices(conn, team, 'tags')).toEqual(['v1', 'v9']);
    const all = await conn.scan(0, 'MATCH', `*${team}*`, 'COUNT', 1000);
    expect(all[1].every((k) => k.startsWith(`labops:${team}:cache:`))).toBe(true);
  });

  it("a dead runner's cache ages out and the bot falls back to its defaults", async () => {
    const team = freshTeam();
    const cache = new LabCache({
      redis: conn,
      team,
      config: readConfig({ LABOPS_TEAM: team, LABOPS_DOCKERHUB_USER: 'labops' }),
      env: {},
      log: silentLogger,
      ttlS: 1,
      kube: fakeKube({ deployments: [deployment('web-1', 'nginx:1')], pods: [] }),
    });
    await cache.refresh();
    expect(await readChoices(conn, team, 'deployments')).toEqual(['web-1']);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await readChoices(conn, team, 'deployments')).toEqual(DEFAULT_CHOICES.deployments);
  });

  it('learns tags from completed jobs only, skips dry runs, and coalesces refreshes', async () => {
    const team = freshTeam();
    const calls: string[] = [];
    const cache = new LabCache({
      redis: conn,
      team,
      config: readConfig({ LABOPS_TEAM: team, LABOPS_DOCKERHUB_USER: 'labops' }),
      env: {},
      log: silentLogger,
      kube: fakeKube({ deployments: [], pods: [] }, calls),
    });
    cache.jobEnded({ name: 'image-build', data: { tag: 'v5' }, dryRun: false, ok: true });
    cache.jobEnded({ name: 'image-push', data: { tag: 'v6' }, dryRun: false, ok: false });
    cache.jobEnded({ name: 'image-push', data: { tag: 'v7' }, dryRun: true, ok: true });
    cache.jobEnded({ name: 'ping', data: { message: 'v8' }, dryRun: false, ok: true });
    for (let i = 0; i < 5; i++)
      cache.jobEnded({ name: 'scale', data: { deployment: 'x', replicas: 1 }, dryRun: false, ok: true });
    await cache.refresh();
    expect(await conn.smembers(cacheKey(team, 'tags'))).toEqual(['v5']);
    // One run for the first job, one more for everything that ended meanwhile.
    expect(calls.filter((c) => c === 'deployments').length).toBe(2);
    expect(calls).toContain('pods app=hello-node');
  });

  it('an unreachable cluster keeps the last names; a refused write is logged at debug, not thrown', async () => {
    const team = freshTeam();
    await conn.sadd(cacheKey(team, 'deployments'), 'kept');
    const { log, lines } = capture();
    const cache = new LabCache({
      redis: conn,
      team,
      config: readConfig({ LABOPS_TEAM: team, LABOPS_DOCKERHUB_USER: 'labops' }),
      env: pushedEnv(team, ['labops/hello-node:v4']),
      log,
      kube: () => {
        throw new Error('no kubeconfig');
      },
    });
    await cache.refresh();
    expect(await conn.smembers(cacheKey(team, 'deployments'))).toEqual(['kept']);
    expect(await conn.smembers(cacheKey(team, 'tags'))).toEqual(['v4']);
    expect(lines.join('')).toMatch(/"level":20.*cluster not read/);

    // A connection whose ACL refuses the cache keys.
    await conn.call('ACL', 'SETUSER', 'nocache', 'reset', 'on', '>pw', '~other:*', '+@all');
    const refused = new Redis(redis.url.replace('redis://', 'redis://nocache:pw@'));
    try {
      const denied = capture();
      const c2 = new LabCache({
        redis: refused,
        team,
        config: readConfig({ LABOPS_TEAM: team, LABOPS_DOCKERHUB_USER: 'labops' }),
        env: {},
        log: denied.log,
        kube: fakeKube({ deployments: [], pods: [] }),
      });
      await expect(c2.refresh()).resolves.toBeUndefined();
      expect(c2.lastAt).toBe(0);
      expect(denied.lines.join('')).toMatch(/"level":20.*not written/);
    } finally {
      refused.disconnect();
    }
  });
});

describe('a runner whose cluster does not answer', () => {
  let blackhole: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    blackhole = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => blackhole.close(r));
  });

  it('runs its jobs at full speed while the cache refresh waits on the cluster', async () => {
    const port = (blackhole.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'labops-cache-kube-'));
    const kubeconfig = join(dir, 'config');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
    );
    const quick: Recipe = {
      job: 'scale',
      steps: [{ name: 'nothing', apply: async () => 'done', timeoutMs: 5_000 }],
      result: () => ({ summary: 'ok', fields: [] }),
    };
    const team = freshTeam();
    const keys = testKeys();
    const runner = await testRunner({
      redisUrl: redis.url,
      team,
      keys,
      recipes: { scale: quick },
      env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig },
      cache: true,
    });
    const client = testClient(redis.url, keys);
    try {
      // The cache's first refresh is hanging on the cluster before the jobs start.
      for (let i = 0; i < 100 && sockets.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(sockets.length).toBeGreaterThan(0);
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        const id = await enqueue(client, team, 'scale', { deployment: 'hello-node', replicas: 1 });
        const o = await client.follow(team, id);
        expect(o.state).toBe('completed');
        expect(Date.now() - started).toBeLessThan(3_000);
      }
      expect(await conn.exists(cacheKey(team, 'deployments'))).toBe(0);
    } finally {
      const closing = Date.now();
      await runner.close();
      expect(Date.now() - closing).toBeLessThan(5_000);
      await client.close();
    }
  });
});
