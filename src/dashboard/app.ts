import { createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { streamSSE } from 'hono/streaming';
import type { Redis } from 'ioredis';
import { reportHtml } from '../evidence/checkpoints/report-html.js';
import { artifactStore } from '../services/artifacts.js';
import { parseSince } from '../services/audit.js';
import {
  endSession,
  mayView,
  redeemToken,
  SESSION_TTL_S,
  sessionViewer,
  signInAllowed,
  tokenUsable,
  type Viewer,
} from './auth.js';
import {
  classGrid,
  type DashTeam,
  gradebook,
  gradebookCsv,
  lockHolder,
  reportOfJob,
  runnersOnline,
  searchAudit,
  sortRows,
  teamMembers,
} from './data.js';
import { page, STYLE } from './layout.js';
import { LIVE_JS, LiveFeed } from './live.js';
import { auditTable, auditView, classView, signInView, teamView } from './views.js';

/** What the dashboard reads: Redis and the class's teams. */
export interface DashboardDeps {
  redis: Redis;
  teams: () => readonly DashTeam[];
  /** Artifact TTL and size limit, as the runners store them. */
  artifacts: { ttlS: number; maxBytes: number };
}

/** Jobs on a team page's timeline: the newest, the Audit page searches further back. */
const TIMELINE_ROWS = 60;
const COOKIE = 'labops_session';
const CSP_BASE =
  "default-src 'none'; img-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

type Env = { Variables: { viewer: Viewer } };

/** Whether the request came over https (directly or through a proxy that says so). */
const overHttps = (c: Context) =>
  new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

const refuse = (c: Context, viewer: Viewer | undefined, status: 401 | 403 | 404, text: string) =>
  c.html(
    page(status === 404 ? 'Not found' : 'Not allowed', viewer, html`<p id="refused">${text}</p>`),
    status,
  );

/**
 * The instructor dashboard as a Hono app: server-rendered pages, no script, sign-in by
 * one-time link. Every answer carries a strict Content-Security-Policy and no-store.
 */
export function dashboardApp(deps: DashboardDeps): Hono<Env> {
  const { redis } = deps;
  const app = new Hono<Env>();
  app.use(async (c, next) => {
    await next();
    const h = c.res.headers;
    if (!h.has('content-security-policy')) h.set('content-security-policy', `${CSP_BASE}; style-src 'self'`);
    h.set('x-content-type-options', 'nosniff');
    h.set('x-frame-options', 'DENY');
    h.set('referrer-policy', 'no-referrer');
    h.set('cross-origin-opener-policy', 'same-origin');
    h.set('cross-origin-resource-policy', 'same-origin');
    h.set('cache-control', 'no-store');
    if (overHttps(c)) h.set('strict-transport-security', 'max-age=31536000');
  });
  app.get('/static/live.js', (c) =>
    c.body(LIVE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/static/app.css', (c) => c.body(STYLE, 200, { 'content-type': 'text/css; charset=utf-8' }));

  const limited = async (c: Context) => {
    let who = 'unknown';
    try {
      who = getConnInfo(c).remote.address ?? who;
    } catch {
      /* not served by node: one bucket */
    }
    return !(await signInAllowed(redis, who));
  };
  app.get('/signin', async (c) => {
    if (await limited(c)) return c.text('too many sign-in attempts; wait a minute\n', 429);
    const t = c.req.query('t') ?? '';
    const ok = await tokenUsable(redis, t);
    return c.html(page('Sign in', undefined, signInView(ok ? t : undefined)), ok ? 200 : 403);
  });
  app.post('/signin', async (c) => {
    if (await limited(c)) return c.text('too many sign-in attempts; wait a minute\n', 429);
    const body = await c.req.parseBody();
    const sid = await redeemToken(redis, typeof body.t === 'string' ? body.t : '');
    if (!sid) return c.html(page('Sign in', undefined, signInView(undefined)), 403);
    const viewer = (await sessionViewer(redis, sid))!;
    setCookie(c, COOKIE, sid, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: overHttps(c),
      path: '/',
      maxAge: SESSION_TTL_S,
    });
    return c.redirect(viewer.role === 'instructor' ? '/' : `/team/${encodeURIComponent(viewer.team)}`, 303);
  });
  app.post('/signout', async (c) => {
    const sid = getCookie(c, COOKIE);
    if (sid) await endSession(redis, sid);
    deleteCookie(c, COOKIE, { path: '/' });
    return c.redirect('/signin', 303);
  });

  app.use(async (c, next) => {
    const viewer = await sessionViewer(redis, getCookie(c, COOKIE));
    if (!viewer)
      return refuse(
        c,
        undefined,
        401,
        'Sign in with a link from /dashboard in Discord or `labops dashboard url`.',
      );
    c.set('viewer', viewer);
    await next();
  });
  const instructorOnly = async (c: Context<Env>, next: () => Promise<void>) => {
    if (c.get('viewer').role !== 'instructor')
      return refuse(c, c.get('viewer'), 403, 'For instructors only.');
    await next();
  };
  const teamOf = (c: Context<Env>) => {
    const name = c.req.param('team') ?? '';
    return { name, team: deps.teams().find((t) => t.name === name), allowed: mayView(c.get('viewer'), name) };
  };

  app.get('/', instructorOnly, async (c) => {
    const filter = c.req.query('team') ?? '';
    const teams = deps.teams().filter((t) => t.name.toLowerCase().includes(filter.toLowerCase()));
    const sort = c.req.query('sort') ?? 'team';
    const rows = sortRows(await classGrid(redis, teams), sort);
    return c.html(page('Class', c.get('viewer'), classView(rows, filter, sort)));
  });

  app.get('/team/:team', async (c) => {
    const { name, team, allowed } = teamOf(c);
    if (!allowed) return refuse(c, c.get('viewer'), 403, 'Not your team.');
    if (!team) return refuse(c, c.get('viewer'), 404, `No team "${name}".`);
    const [[row], lock, runners, jobs] = await Promise.all([
      classGrid(redis, [team]),
      lockHolder(redis, team.queue),
      runnersOnline(redis, team.queue),
      searchAudit(redis, { team: team.name, sinceMs: Date.now() - 7 * 86_400_000 }, TIMELINE_ROWS),
    ]);
    const reports = await Promise.all(
      row!.cells.map((cell) =>
        cell.state !== 'none' && cell.record.last.jobId
          ? reportOfJob(redis, team.queue, cell.record.last.jobId)
          : undefined,
      ),
    );
    const view = teamView({ team: name, row: row!, lock, runners, jobs, reports });
    return c.html(page(`Team ${name}`, c.get('viewer'), view));
  });

  app.get('/team/:team/checkpoint/:n', async (c) => {
    const { name, team, allowed } = teamOf(c);
    if (!allowed) return refuse(c, c.get('viewer'), 403, 'Not your team.');
    if (!team) return refuse(c, c.get('viewer'), 404, `No team "${name}".`);
    const [row] = await classGrid(redis, [team]);
    const cell = row!.cells[Number(c.req.param('n')) - 1];
    if (!cell || cell.state === 'none')
      return refuse(c, c.get('viewer'), 404, 'This checkpoint was not run yet.');
    const jobId = cell.record.last.jobId;
    const report = jobId ? await reportOfJob(redis, team.queue, jobId) : undefined;
    if (!report)
      return refuse(
        c,
        c.get('viewer'),
        404,
        'The full report of this run expired (the SHA-256 digests stay on the team page).',
      );
    const ids = new Map(report.items.flatMap((i) => (i.artifact ? [[i.artifact.name, i.artifact.id]] : [])));
    const doc = reportHtml(
      report,
      (file) => `/team/${encodeURIComponent(name)}/artifact/${ids.get(file) ?? ''}`,
    );
    const styles = [...doc.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
      (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
    );
    return c.html(doc, 200, {
      'content-security-policy': `${CSP_BASE}; style-src ${styles.join(' ') || "'none'"}`,
    });
  });

  app.get('/team/:team/artifact/:id', async (c) => {
    const { team, allowed } = teamOf(c);
    if (!allowed) return refuse(c, c.get('viewer'), 403, 'Not your team.');
    const got = team && (await artifactStore(redis, team.queue, deps.artifacts).get(c.req.param('id')));
    if (!got) return refuse(c, c.get('viewer'), 404, 'This picture or log expired, or never existed.');
    const type = /^(image\/png|text\/plain)/.test(got.ref.contentType)
      ? got.ref.contentType
      : 'application/octet-stream';
    return c.body(new Uint8Array(got.body), 200, { 'content-type': type });
  });

  app.get('/audit', instructorOnly, async (c) => {
    const q = c.req.query();
    let sinceMs: number;
    let untilMs: number | undefined;
    try {
      sinceMs = parseSince(q.since || '24h');
      untilMs = q.until ? parseSince(q.until) : undefined;
    } catch (err) {
      return c.html(page('Audit', c.get('viewer'), html`<p id="refused">${(err as Error).message}</p>`), 400);
    }
    const rows = await searchAudit(redis, {
      sinceMs,
      ...(untilMs !== undefined ? { untilMs } : {}),
      ...(q.team ? { team: q.team } : {}),
      ...(q.member ? { member: q.member } : {}),
      ...(q.command ? { command: q.command.replace(/^\//, '') } : {}),
    });
    return c.html(page('Audit', c.get('viewer'), auditView(q, rows)));
  });

  const feed = new LiveFeed(redis, () => deps.teams().map((t) => t.queue));
  app.get('/live', instructorOnly, async (c) => {
    const rows = await searchAudit(redis, { sinceMs: Date.now() - 3_600_000 }, 200);
    const body = html`<p class="muted">Jobs across the class as they are asked for and as they end (last hour, newest first; this page updates itself).</p>${auditTable(rows, true, true)}<script src="/static/live.js" defer></script>`;
    return c.html(page('Live', c.get('viewer'), body));
  });
  app.get('/live/events', instructorOnly, (c) =>
    streamSSE(c, async (stream) => {
      let n = 0;
      const stop = feed.subscribe(
        (e) => void stream.writeSSE({ event: 'job', id: String(++n), data: JSON.stringify(e) }),
      );
      stream.onAbort(stop);
      while (!stream.aborted) await stream.sleep(15_000).then(() => stream.write(': keep-alive\n\n'));
      stop();
    }),
  );

  const book = async (c: Context) => {
    const teams = deps.teams();
    const base = new URL(c.req.url).origin;
    return gradebook(await classGrid(redis, teams), await teamMembers(redis, teams), base);
  };
  app.get('/export.csv', instructorOnly, async (c) =>
    c.body(gradebookCsv(await book(c)), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="gradebook.csv"',
    }),
  );
  app.get('/export.json', instructorOnly, async (c) => c.json(await book(c)));
  app.notFound((c) => {
    const viewer = c.get('viewer') as Viewer | undefined;
    return viewer?.role === 'student'
      ? refuse(c, viewer, 403, 'Not allowed.')
      : refuse(c, viewer, 404, 'No such page.');
  });
  return app;
}
