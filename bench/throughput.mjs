// Takes a Redis of its own: the bot's team is `default`.
// Throughput: no-op jobs (`/ping`) typed in the Discord stand-in, through a real bot process,
// Redis and 4 `labops runner` processes (concurrency 1 each), until each result is posted back
// to the stand-in; jobs per second over N. Baseline: raw BullMQ, N no-op jobs added by one
// producer and run by 4 worker processes (concurrency 1 each), until the last completes.
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { round } from './lib.mjs';
import { benchKeys, daemon, labopsBin, root, startBotProcess, startStandIn, tmp } from './world.mjs';

const RUNNERS = 4;

export async function throughput(redisUrl, { n = 200, concurrency = 20 } = {}) {
  return { labops: await viaLabops(redisUrl, n, concurrency), baseline: await viaBullmq(redisUrl, n) };
}

async function viaLabops(redisUrl, n, concurrency) {
  const keys = benchKeys();
  const standIn = await startStandIn({ interactionDeadlineMs: 60_000 });
  const bot = await startBotProcess({ standIn, redisUrl, keys });
  const runnerEnv = {
    PATH: process.env.PATH ?? '',
    HOME: tmp('labops-bench-tp-'),
    REDIS_URL: redisUrl,
    LABOPS_SIM: '0',
    LABOPS_VERIFY_KEY: keys.verifyPem,
    LABOPS_RUNNER_CONCURRENCY: '1',
    LOG_LEVEL: 'warn',
  };
  const runners = await Promise.all(
    Array.from({ length: RUNNERS }, () =>
      daemon([process.execPath, labopsBin, 'runner'], { ...runnerEnv, LOG_LEVEL: 'info' }, /runner ready/),
    ),
  );
  const isResult = (c) =>
    c.method === 'POST' &&
    c.route === '/channels/{channel_id}/messages' &&
    JSON.stringify(c.body).includes('pong from');
  try {
    const t0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) {
          const i = next++;
          await standIn.dispatchCommand({ name: 'ping', options: { message: `tp${i}` }, user: 'student' });
        }
      }),
    );
    const last = await standIn.waitFor(() => {
      const done = standIn.calls(isResult);
      return done.length >= n && done[n - 1];
    }, 120_000);
    const seconds = (last.at - t0) / 1000;
    const restCalls = standIn.calls((c) => c.at >= t0).length;
    return {
      jobs: n,
      seconds: round(seconds),
      perSecond: round(n / seconds),
      restCallsPerJob: round(restCalls / n, 1),
    };
  } finally {
    await Promise.all(runners.map((r) => r.stop()));
    await bot.stop();
    await standIn.close();
  }
}

async function viaBullmq(redisUrl, n) {
  const name = `tp-raw-${Date.now().toString(36)}`;
  const workers = await Promise.all(
    Array.from({ length: RUNNERS }, () =>
      daemon(
        [process.execPath, join(root, 'bench', 'raw-worker.mjs'), redisUrl, name],
        { PATH: process.env.PATH ?? '' },
        /raw worker ready/,
      ),
    ),
  );
  const conn = new Redis(redisUrl);
  const queue = new Queue(name, { connection: conn, prefix: 'bench' });
  const econn = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const events = new QueueEvents(name, {
    connection: econn,
    prefix: 'bench',
  });
  await events.waitUntilReady();
  let done = 0;
  const all = new Promise((resolve) =>
    events.on('completed', () => {
      if (++done === n) resolve(Date.now());
    }),
  );
  try {
    const t0 = Date.now();
    for (let i = 0; i < n; i++) await queue.add('noop', { i });
    const seconds = ((await all) - t0) / 1000;
    return { jobs: n, seconds: round(seconds), perSecond: round(n / seconds) };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await events.close();
    await queue.close();
    conn.disconnect();
    econn.disconnect();
  }
}
