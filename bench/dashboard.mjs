// The instructor dashboard under a class-sized Redis: 60 teams, 6 checkpoint records each and
// 20,000 audit entries (the job timeline), served by the dashboard's own HTTP server. Each page
// is fetched one request at a time; the baseline is a bare node:http server answering the same
// bytes (what transport alone costs), in the same run.
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { createSignInToken } from '../dist/dashboard/auth.js';
import { startDashboardServer } from '../dist/dashboard/server.js';
import { stats } from './lib.mjs';

const TEAMS = Array.from({ length: 60 }, (_, i) => `t${String(i + 1).padStart(2, '0')}`);
const JOBS = 20_000;

async function seed(redis) {
  const at = Date.now() - 3 * 86_400_000;
  const p = redis.pipeline();
  TEAMS.forEach((team, ti) => {
    for (let n = 1; n <= 6; n++) {
      const passed = (ti + n) % 3 !== 0;
      const when = new Date(at + (ti * 6 + n) * 60_000).toISOString();
      const criteria = Array.from({ length: 4 }, (_, k) => ({
        id: `c${k}`,
        pass: passed || k > 1,
        measured: '5 of 5',
      }));
      const pictures = Array.from({ length: 4 }, (_, k) => ({
        id: `p${k}`,
        ok: true,
        sha256: 'ab'.repeat(32),
      }));
      p.hset(
        `labops:${team}:checkpoints`,
        String(n),
        JSON.stringify({
          n,
          passedAt: passed ? when : null,
          last: { at: when, passed, jobId: `checkpoint-${team}-${n}`, criteria, pictures },
        }),
      );
    }
  });
  for (let i = 0; i < JOBS; i++) {
    const team = TEAMS[i % TEAMS.length];
    const t = at + i * 10_000;
    p.xadd(
      'labops:audit',
      '*',
      'at',
      String(t),
      'who',
      `discord:${i % 240}`,
      'whoName',
      `member-${i % 240}`,
      'team',
      team,
      'by',
      'bot',
      'command',
      i % 2 ? 'scale' : 'status',
      'decision',
      'enqueued',
      'jobId',
      `job-${i}`,
    );
    p.xadd(
      `labops:${team}:audit`,
      '*',
      'at',
      String(t + 2_000),
      'who',
      `discord:${i % 240}`,
      'team',
      team,
      'by',
      'runner',
      'command',
      i % 2 ? 'scale' : 'status',
      'decision',
      'ran',
      'jobId',
      `job-${i}`,
      'outcome',
      'completed',
      'durationMs',
      '1800',
    );
  }
  await p.exec();
}

/** Fetches `path` `n` times one after another; times to the last byte and the body's size. */
async function load(base, path, n, headers) {
  const samples = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`, { headers });
    const body = Buffer.from(await res.arrayBuffer());
    samples.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    bytes = body.length;
  }
  const s = stats(samples);
  const sorted = [...samples].sort((a, b) => a - b);
  return { ...s, p95: Math.round(sorted[Math.ceil(0.95 * sorted.length) - 1] * 100) / 100, bytes };
}

export async function dashboardPages(redisUrl, { n = 100 } = {}) {
  const redis = new Redis(redisUrl);
  await seed(redis);
  const server = await startDashboardServer({
    port: 0,
    host: '127.0.0.1',
    deps: {
      redis,
      teams: () => TEAMS.map((t) => ({ name: t, queue: t })),
      artifacts: { ttlS: 3600, maxBytes: 1 << 20 },
    },
  });
  const base = `http://127.0.0.1:${server.port}`;
  try {
    const t = await createSignInToken(redis, { role: 'instructor' });
    const signin = await fetch(`${base}/signin`, {
      method: 'POST',
      body: new URLSearchParams({ t }),
      redirect: 'manual',
    });
    const cookie = (signin.headers.get('set-cookie') ?? '').split(';')[0];
    const headers = { cookie };
    const pages = { class: '/', team: '/team/t07', audit: '/audit?since=7d&team=t07' };
    const labops = {};
    const baseline = {};
    for (const [name, path] of Object.entries(pages)) {
      await load(base, path, 5, headers);
      labops[name] = await load(base, path, n, headers);
      const body = Buffer.from(await (await fetch(`${base}${path}`, { headers })).arrayBuffer());
      const bare = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(body));
      await new Promise((r) => bare.listen(0, '127.0.0.1', r));
      const bareBase = `http://127.0.0.1:${bare.address().port}`;
      await load(bareBase, path, 5, {});
      baseline[name] = await load(bareBase, path, n, {});
      await new Promise((r) => bare.close(r));
    }
    return { labops, baseline, teams: TEAMS.length, jobs: JOBS, n };
  } finally {
    await server.close();
    redis.disconnect();
  }
}
