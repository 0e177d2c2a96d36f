import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Queue, QueueEvents, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type Browser, chromium } from 'playwright-core';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedRedis, startEmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { createSignInLink, dashboardListener, startDashboardServer } from '../../src/dashboard/server.js';
import { recordCheckpoint } from '../../src/evidence/checkpoints/store.js';
import type { CheckpointReport } from '../../src/evidence/checkpoints/types.js';
import { CHROMIUM_ARGS, chromiumPath } from '../../src/evidence/render/browser.js';
import { artifactStore } from '../../src/services/artifacts.js';
import { AUDIT_STREAM, appendAudit, teamAuditStream } from '../../src/services/audit.js';
import { startOpsServer } from '../../src/shared/http-server.js';
import { connectRedis } from '../../src/shared/redis.js';
import { labops, tempDir } from '../support/procs.js';

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const TEAMS = Array.from({ length: 12 }, (_, i) => `t${String(i + 1).padStart(2, '0')}`);
const ARTIFACTS = { ttlS: 3600, maxBytes: 1_000_000 };

function report(team: string, n: number, passed: boolean, at: string, failing = 0): CheckpointReport {
  const criteria = Array.from({ length: 3 }, (_, k) => ({
    id: `c${k}`,
    title: `criterion ${k}`,
    pass: passed || k >= failing,
    measured: 'x',
  }));
  return {
    n,
    title: `CP${n}`,
    guideTitle: `CheckPoint-${n}`,
    team,
    at,
    durationMs: 1200,
    passed,
    picturesOk: true,
    // A picture whose job (and so whose full report) is gone: only its digest stays recorded.
    items: [
      {
        id: 'p0',
        title: 'a picture',
        kind: 'terminal',
        guide: 'g',
        ok: true,
        artifact: { id: '0000000000000000', name: `cp${n}.png`, bytes: 1, sha256: 'ab'.repeat(32) },
      },
    ],
    criteria,
  };
}

/** What was recorded, team → checkpoint → expected state (the grid must show exactly this). */
const expected = new Map<string, Map<number, 'passed' | 'failed'>>();

async function seed(redis: Redis): Promise<void> {
  for (const [i, team] of TEAMS.entries()) {
    const states = new Map<number, 'passed' | 'failed'>();
    for (let n = 1; n <= 6; n++) {
      const r = (i + n) % 4;
      if (r === 0) continue;
      const at = `2026-11-${String(10 + n).padStart(2, '0')}T0${i % 10}:1${n}:00.000Z`;
      await recordCheckpoint(redis, team, report(team, n, r !== 3, at, r === 3 ? 2 : 0), `seed-${n}`);
      states.set(n, r === 3 ? 'failed' : 'passed');
    }
    expected.set(team, states);
    await appendAudit(redis, AUDIT_STREAM, {
      at: Date.now(),
      who: `discord:${100 + i}`,
      whoName: `member-${team}`,
      team,
      by: 'bot',
      command: 'status',
      decision: 'enqueued',
      jobId: String(i + 1),
    });
  }
}

/** A real checkpoint job for team t01, checkpoint 2: a worker returns the report with one picture. */
async function runCheckpointJob(redisUrl: string, redis: Redis): Promise<string> {
  const ref = await artifactStore(redis, 't01', ARTIFACTS).put('cp2-1.png', 'image/png', PNG);
  const rep: CheckpointReport = {
    ...report('t01', 2, true, '2026-11-30T08:00:00.000Z'),
    items: [
      {
        id: 'p1',
        title: 'the page',
        kind: 'page',
        guide: 'a picture',
        ok: true,
        artifact: ref,
        width: 1,
        height: 1,
      },
    ],
  };
  const connection = { url: redisUrl, maxRetriesPerRequest: null } as never;
  const queue = new Queue('t01', { connection, prefix: 'labops' });
  const events = new QueueEvents('t01', { connection, prefix: 'labops' });
  const worker = new Worker('t01', async () => ({ summary: 'CP2 passed', data: rep }), {
    connection,
    prefix: 'labops',
  });
  try {
    await events.waitUntilReady();
    const job = await queue.add('checkpoint', {});
    await job.waitUntilFinished(events, 10_000);
    await recordCheckpoint(redis, 't01', rep, job.id!);
    expected.get('t01')!.set(2, 'passed');
    return ref.sha256;
  } finally {
    await worker.close();
    await events.close();
    await queue.close();
  }
}

describe('the instructor dashboard in Chromium', () => {
  let redisServer: EmbeddedRedis;
  let redis: Redis;
  let browser: Browser;
  let server: { port: number; close(): Promise<void> };
  let base: string;
  let sha: string;

  beforeAll(async () => {
    redisServer = await startEmbeddedRedis({ dir: tempDir('labops-dash-') });
    redis = connectRedis(redisServer.url, 'producer');
    await seed(redis);
    sha = await runCheckpointJob(redisServer.url, redis);
    server = await startDashboardServer({
      port: 0,
      host: '127.0.0.1',
      deps: { redis, teams: () => TEAMS.map((t) => ({ name: t, queue: t })), artifacts: ARTIFACTS },
    });
    base = `http://127.0.0.1:${server.port}`;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    redis?.disconnect();
    await redisServer?.stop();
  });

  /** A link printed by the real CLI (`labops dashboard url`), as an operator gets it. */
  async function cliLink(args: string[]): Promise<string> {
    const r = await labops(['dashboard', 'url', ...args], {
      PATH: process.env.PATH ?? '',
      HOME: tempDir('labops-dash-home-'),
      REDIS_URL: redisServer.url,
      LABOPS_DASHBOARD_URL: base,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const link = r.stdout.trim();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/signin\?t=[\w-]+\.[\w-]+$/);
    expect(r.stderr).not.toContain(link.split('t=')[1]);
    return link;
  }

  it('signs an instructor in by link; the grid matches what was recorded; the cookie is HttpOnly and SameSite', async () => {
    const link = await cliLink(['--instructor']);
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(link);
    await page.click('#signin');
    await page.waitForSelector('#grid');
    expect(new URL(page.url()).pathname).toBe('/');
    const cookie = (await ctx.cookies()).find((c) => c.name === 'labops_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
    expect(cookie.expires - Date.now() / 1000).toBeGreaterThan(9 * 3600);
    for (const team of TEAMS)
      for (let n = 1; n <= 6; n++) {
        const cell = page.locator(`tr[data-team="${team}"] td[data-cp="${n}"]`);
        expect(await cell.getAttribute('data-state'), `${team} CP${n}`).toBe(
          expected.get(team)!.get(n) ?? 'none',
        );
      }
    expect(await page.locator('tr[data-team="t01"] td[data-cp="3"]').textContent()).toBe(
      'failed: 2 criteria',
    );
    const passedCp1 = TEAMS.filter((t) => expected.get(t)!.get(1) === 'passed').length;
    expect(await page.locator('[data-count="1"]').textContent()).toContain(`${passedCp1} passed`);
    await page.screenshot({ path: '/tmp/labops-dashboard-class.png', fullPage: true });
    const headers = (await page.request.get(`${base}/`)).headers();
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(await page.locator('script').count()).toBe(0);

    // The CSV export matches the grid, one row per team.
    const csv = await (await page.request.get(`${base}/export.csv`)).text();
    const [head, ...rows] = csv.trim().split('\r\n');
    expect(rows).toHaveLength(TEAMS.length);
    const cols = head!.split(',');
    for (const row of rows) {
      const cells = row.split(',');
      const team = cells[0]!;
      expect(cells[1]).toBe(`member-${team}`);
      for (let n = 1; n <= 6; n++) {
        const want = expected.get(team)!.get(n) ?? 'not tried';
        expect(cells[cols.indexOf(`cp${n}_last_outcome`)], `${team} CP${n}`).toBe(want);
        const cell = page.locator(`tr[data-team="${team}"] td[data-cp="${n}"]`);
        const first = cells[cols.indexOf(`cp${n}_first_passed`)]!;
        if (want === 'passed')
          expect(await cell.textContent()).toBe(`passed ${first.slice(0, 16).replace('T', ' ')}`);
        else expect(first).toBe('');
      }
    }

    // A cell links to the checkpoint's report, whose picture loads under the policy.
    await page.click('tr[data-team="t01"] td[data-cp="2"] a');
    await page.waitForSelector('img', { state: 'attached', timeout: 5000 });
    expect(await page.locator('body').textContent()).toContain(sha);
    expect(
      await page.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(1);
    await ctx.close();
  });

  it('refuses a link used once already, and one past its 10 minutes', async () => {
    const link = await cliLink([]);
    const page = await browser.newPage();
    await page.goto(link);
    await page.click('#signin');
    await page.waitForSelector('#grid');
    const again = await page.goto(link);
    expect(again?.status()).toBe(403);
    expect(await page.locator('#refused').count()).toBe(1);
    // Replaying the form post is refused too.
    const token = new URL(link).searchParams.get('t')!;
    const replay = await fetch(`${base}/signin`, {
      method: 'POST',
      body: new URLSearchParams({ t: token }),
      redirect: 'manual',
    });
    expect(replay.status).toBe(403);
    expect(replay.headers.get('set-cookie')).toBeNull();

    const late = await createSignInLink(redis, base, { role: 'instructor' });
    const lateToken = new URL(late).searchParams.get('t')!;
    const key = `labops:dashboard:link:${createHash('sha256').update(lateToken).digest('hex')}`;
    expect(await redis.ttl(key)).toBeGreaterThan(590);
    expect(await redis.get(key)).not.toContain(lateToken.split('.')[0]);
    await redis.pexpire(key, 1);
    await new Promise((r) => setTimeout(r, 20));
    expect((await page.goto(late))?.status()).toBe(403);
    await page.close();
  });

  it("a student's link opens its own team and nothing else (403)", async () => {
    const link = await cliLink(['--team', 't03']);
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(link);
    await page.click('#signin');
    await page.waitForSelector('#checkpoints');
    expect(new URL(page.url()).pathname).toBe('/team/t03');
    expect(await page.locator('#jobs').textContent()).toContain('member-t03');
    for (const path of [
      '/team/t04',
      '/team/t04/checkpoint/1',
      '/',
      '/audit',
      '/export.csv',
      '/export.json',
      '/nowhere',
    ])
      expect((await page.goto(`${base}${path}`))?.status(), path).toBe(403);
    await ctx.close();
  });

  it('the team page shows the lab lock holder and the runners online; the audit page searches', async () => {
    await redis.set(
      'labops:t02:lab-lock',
      JSON.stringify({ jobId: '77', job: 'deploy', requester: 'member-t02', since: Date.now(), token: 'x' }),
      'EX',
      60,
    );
    await redis.set(
      'labops:t02:runner:r-t02-a',
      JSON.stringify({ id: 'r-t02-a', lab: 'simulated' }),
      'EX',
      30,
    );
    const page = await browser.newPage();
    await page.goto(await createSignInLink(redis, base, { role: 'instructor' }));
    await page.click('#signin');
    await page.goto(`${base}/team/t02`);
    expect(await page.locator('#lock').textContent()).toContain('held by member-t02 for /deploy #77');
    expect(await page.locator('#runners').textContent()).toContain('r-t02-a');
    expect(await page.locator('#runners').textContent()).not.toContain('none online');
    expect(await page.locator('#checkpoints').textContent()).toContain('CP1');
    await page.screenshot({ path: '/tmp/labops-dashboard-team.png', fullPage: true });
    expect(await page.locator('#checkpoints').textContent()).toContain('The pictures themselves expired.');

    // t01's checkpoint 2 still has its job: the gallery shows the picture with its SHA-256.
    await page.goto(`${base}/team/t01`);
    const thumb = page.locator('#checkpoints img.thumb');
    expect(await thumb.count()).toBe(1);
    expect(await thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    expect(await page.locator('#checkpoints').textContent()).toContain(sha);

    // Sorted by checkpoints passed, and filtered by name.
    const passed = (t: string) => [...expected.get(t)!.values()].filter((x) => x === 'passed').length;
    await page.goto(`${base}/?sort=ahead`);
    const order = await page
      .locator('#grid tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-team')!));
    expect(order.map(passed)).toEqual([...order.map(passed)].sort((x, y) => y - x));
    await page.goto(`${base}/?team=t1`);
    expect(
      await page
        .locator('#grid tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-team'))),
    ).toEqual(['t10', 't11', 't12']);
    await page.goto(`${base}/audit?member=member-t05&command=%2Fstatus&since=1h`);
    const rows = await page.locator('#jobs tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('t05');
    await page.goto(`${base}/audit?command=deploy&since=1h`);
    expect(await page.locator('#jobs').count()).toBe(0);
    expect((await page.goto(`${base}/audit?since=yesterday-ish`))?.status()).toBe(400);
    await page.close();
  });

  it("the bot's operations server serves the dashboard beside /healthz and /metrics", async () => {
    const ops = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry: new Registry(),
      checks: {},
      app: dashboardListener({ redis, teams: () => [], artifacts: ARTIFACTS }),
    });
    try {
      const at = (p: string) => fetch(`http://127.0.0.1:${ops.port}${p}`);
      expect((await at('/healthz')).status).toBe(200);
      expect((await at('/metrics')).status).toBe(200);
      const home = await at('/');
      expect(home.status).toBe(401);
      expect(home.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect((await at('/signin?t=forged.link')).status).toBe(403);
    } finally {
      await ops.close();
    }
  });

  it('a job that ends appears on the Live page within 2 s', async () => {
    const page = await browser.newPage();
    await page.goto(await createSignInLink(redis, base, { role: 'instructor' }));
    await page.click('#signin');
    const stream = page.waitForResponse((r) => r.url().endsWith('/live/events'));
    await page.goto(`${base}/live`);
    expect((await stream).headers()['content-type']).toContain('text/event-stream');
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    await appendAudit(redis, teamAuditStream('t07'), {
      at: t0,
      who: 'discord:107',
      whoName: 'member-t07',
      team: 't07',
      by: 'runner',
      command: 'deploy',
      decision: 'ran',
      jobId: 'live-1',
      outcome: 'completed',
      durationMs: 4200,
    });
    const row = page.locator('#jobs tbody tr[data-job="live-1"]');
    await row.waitFor({ timeout: 2_000 });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(await row.textContent()).toContain('completed');
    await page.screenshot({ path: '/tmp/labops-dashboard-live.png', fullPage: true });
    await page.close();
  });

  it('the pages pass axe-core with no serious or critical violation; sign-in and the filter work from the keyboard', async () => {
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const page = await browser.newPage();
    await page.goto(await createSignInLink(redis, base, { role: 'instructor' }));
    await page.keyboard.press('Tab'); // header: the first focusable is the sign-in button
    await page.keyboard.press('Enter');
    await page.waitForSelector('#grid');
    await page.focus('input[name="team"]');
    await page.keyboard.type('t0');
    await page.keyboard.press('Enter');
    await page.waitForURL(/team=t0/);
    expect(await page.locator('#grid tbody tr').count()).toBe(9);
    for (const path of ['/', '/team/t01', '/audit?since=1h', '/live', '/team/t01/checkpoint/2']) {
      await page.goto(`${base}${path}`);
      await page.evaluate(axe);
      const found = (await page.evaluate(
        'axe.run(document).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, n: v.nodes.length })))',
      )) as { id: string; impact: string; n: number }[];
      expect(
        found.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
        path,
      ).toEqual([]);
    }
    await page.close();
  });

  it('rate-limits sign-in attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await fetch(`${base}/signin?t=nothing`)).status);
    expect(statuses).toContain(429);
    expect(statuses.slice(0, 1)).toEqual([403]);
  });
});
