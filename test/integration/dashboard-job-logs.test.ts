import { describe, expect, it } from 'vitest';
import { dashboardApp } from '../../src/dashboard/app.js';
import { createSignInToken, type Viewer } from '../../src/dashboard/auth.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { useFileRedis } from '../support/file-redis.js';
import { enqueue, freshTeam, testClient, testKeys, testRunner } from '../support/pipeline.js';

// The team page's job timeline links each job the runner ran to its full log, which only the
// team (and instructors) may open.

const db = useFileRedis();

/** A ping whose one step runs a command, so the job has a log to keep. */
const talkative: Recipe = {
  job: 'ping',
  steps: [
    {
      name: 'say',
      apply: async (_d, ctx) => {
        await ctx.exec({ argv: [process.execPath, '-e', "console.log('pong: log me')"], timeoutMs: 30_000 });
      },
      timeoutMs: 30_000,
    },
  ],
  result: () => ({ summary: 'said', fields: [] }),
};

/** Signs in as `viewer` through the app's own sign-in form; returns the session cookie. */
async function signIn(app: ReturnType<typeof dashboardApp>, viewer: Viewer): Promise<string> {
  const t = await createSignInToken(db.conn, viewer);
  const res = await app.request('/signin', {
    method: 'POST',
    body: new URLSearchParams({ t }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe('job logs on the team page', () => {
  it("links a job to its full log; another team's member is refused it", async () => {
    const team = freshTeam();
    const other = freshTeam();
    const keys = testKeys();
    const runner = await testRunner({ redisUrl: db.url, team, keys, recipes: { ping: talkative } });
    const client = testClient(db.url, keys);
    try {
      const jobId = await enqueue(client, team, 'ping', { message: 'log me' });
      const out = await client.follow(team, jobId);
      expect(out.state, JSON.stringify(out)).toBe('completed');
    } finally {
      await client.close();
      await runner.close();
    }
    const teams = [team, other].map((t) => ({ name: t, queue: t }));
    const app = dashboardApp({
      redis: db.conn,
      teams: () => teams,
      artifacts: { ttlS: 600, maxBytes: 1 << 20 },
    });
    const cookie = await signIn(app, { role: 'student', team });
    const page = await (await app.request(`/team/${team}`, { headers: { cookie } })).text();
    const link = new RegExp(`href="(/team/${team}/artifact/[a-f0-9]{16})"[^>]*>ping-`).exec(page)?.[1];
    expect(link, page).toBeDefined();
    const log = await app.request(link!, { headers: { cookie } });
    expect(log.status).toBe(200);
    expect(log.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await log.text()).toMatch(/pong: log me/);
    const stranger = await signIn(app, { role: 'student', team: other });
    expect((await app.request(link!, { headers: { cookie: stranger } })).status).toBe(403);
  });
});
