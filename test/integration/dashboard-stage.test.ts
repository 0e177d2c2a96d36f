import { describe, expect, it } from 'vitest';
import { dashboardApp } from '../../src/dashboard/app.js';
import { createSignInToken } from '../../src/dashboard/auth.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { readStages, stageOf } from '../../src/services/stage.js';
import { useFileRedis } from '../support/file-redis.js';
import { enqueue, freshTeam, testClient, testKeys, testRunner } from '../support/pipeline.js';

// Each team's stage in the guide on the instructor's class grid: written by the team's runner
// when a /status (or /next) job ends, from the guide path it read off the lab facts.

const db = useFileRedis();

const stops = (done: number, total: number) =>
  Array.from({ length: total }, (_, i) => ({ state: i < done ? 'done' : i === done ? 'next' : 'todo' }));

/** A /status whose reading of the lab is fixed: 7 of 15 stops done, `/deploy k8s` next. */
const status: Recipe = {
  job: 'status',
  steps: [{ name: 'read', apply: async () => 'read', timeoutMs: 10_000 }],
  result: () => ({
    summary: 'status',
    fields: [],
    data: { path: { stops: stops(7, 15), next: '/deploy k8s' } },
  }),
};

describe('team stage on the class grid', () => {
  it('reads a stage from a guide path, and nothing from other data', () => {
    expect(stageOf({ path: { stops: stops(15, 15) } }, new Date(0))).toEqual({
      done: 15,
      total: 15,
      at: '1970-01-01T00:00:00.000Z',
    });
    expect(stageOf({ juju: {} })).toBeUndefined();
    expect(stageOf({ path: { stops: [] } })).toBeUndefined();
  });

  it("a /status job's end sets the team's stage; a dry run and other teams are left alone", async () => {
    const team = freshTeam();
    const other = freshTeam();
    const keys = testKeys();
    const runner = await testRunner({ redisUrl: db.url, team, keys, recipes: { status } });
    const client = testClient(db.url, keys);
    try {
      const dry = await enqueue(client, team, 'status', { dryRun: true });
      expect((await client.follow(team, dry)).state).toBe('completed');
      expect(await readStages(db.conn, [team])).toEqual([undefined]);
      const jobId = await enqueue(client, team, 'status', {});
      expect((await client.follow(team, jobId)).state).toBe('completed');
    } finally {
      await client.close();
      await runner.close();
    }
    expect((await readStages(db.conn, [team, other]))[0]).toMatchObject({
      done: 7,
      total: 15,
      next: '/deploy k8s',
    });
    const app = dashboardApp({
      redis: db.conn,
      teams: () => [team, other].map((t) => ({ name: t, queue: t })),
      artifacts: { ttlS: 600, maxBytes: 1 << 20 },
    });
    const t = await createSignInToken(db.conn, { role: 'instructor' });
    const signin = await app.request('/signin', {
      method: 'POST',
      body: new URLSearchParams({ t }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const cookie = (signin.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await (await app.request('/', { headers: { cookie } })).text();
    const row = (name: string) => new RegExp(`<tr data-team="${name}">.*?</tr>`, 's').exec(page)?.[0] ?? '';
    expect(row(team)).toMatch(/data-stage="7\/15"[^>]*>7\/15 done · next <code>\/deploy k8s<\/code>/);
    expect(row(other)).toMatch(/data-stage="none"[^>]*>not read yet/);
  });
});
