#!/usr/bin/env node
// `npm run bench`: each benchmark next to its baseline, measured in the same run on the
// same machine, with their ratio (labops / baseline). `--json` prints one JSON object (with
// the module lists of `labops run "/ping"` and `labops bot`);
// `--quick` shortens the 2-minute Discord-calls job to 20 s; `--only=a,b` runs some
// (e.g. `--only=probeVsAb`: the probe against ab, apache2-utils).
// The 2-minute benchmark runs alongside the others so the whole run stays under 5 minutes;
// every benchmark gets a redis-server of its own.
import { answerLatency } from './answer-latency.mjs';
import { cliPing } from './cli-ping.mjs';
import { dashboardPages } from './dashboard.mjs';
import { discordCalls } from './discord-calls.mjs';
import { enqueueToStart } from './enqueue-start.mjs';
import { labWalk } from './lab-walk.mjs';
import { benchRedis, ratio, round } from './lib.mjs';
import { runnerMemory } from './memory.mjs';
import { moduleSets } from './modules.mjs';
import { probeBench } from './probe.mjs';
import { probeVsAb } from './probe-ab.mjs';
import { shortJobCalls } from './short-job-calls.mjs';
import { printTable } from './table.mjs';
import { throughput } from './throughput.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const arg = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const n = Number(arg('n') ?? 500);
const only = arg('only')?.split(',');
const wanted = (name) => !only || only.includes(name);
const progress = (m) => process.stderr.write(`bench: ${m}\n`);

/** Runs `fn` with a redis-server of its own; records its result or its error under `name`. */
async function run(name, fn) {
  if (!wanted(name)) return;
  const t0 = performance.now();
  progress(`${name}…`);
  const redis = await benchRedis();
  try {
    results[name] = { ...(await fn(redis.url)), benchSeconds: round((performance.now() - t0) / 1000, 1) };
    progress(`${name} done in ${results[name].benchSeconds} s`);
  } catch (err) {
    results[name] = { error: err instanceof Error ? err.message : String(err) };
    progress(`${name} failed: ${results[name].error}`);
  } finally {
    await redis.stop();
  }
}

const started = performance.now();
const results = {};
const lines = 5000;
const seconds = quick ? 20 : 120;
const long = run('discordCalls', async (url) => {
  const r = await discordCalls(url, { lines, seconds });
  return {
    unit: 'REST calls',
    note: `a ${seconds} s job printing ${lines} lines; baseline: a naive editor editing once per line (computed)`,
    figures: r.labops,
    baseline: r.baseline,
    ratio: {
      totalCalls: ratio(r.labops.totalCalls, r.baseline.totalCalls),
      maxPerSecond: ratio(r.labops.maxPerSecond, r.baseline.maxPerSecond),
      maxEditsPerSecond: ratio(r.labops.maxEditsPerSecond, r.baseline.maxEditsPerSecond),
    },
  };
});

await run('cliPing', async (url) => {
  const r = await cliPing(url, { runs: 5 });
  return {
    unit: 'ms',
    note: 'labops run "/ping hi" wall time, a fresh process each, against a labops runner process; baseline: a fresh node process that imports bullmq, adds one job and waits for a raw worker process\'s result; medians of 5, in turns',
    figures: r.labops,
    baseline: r.baseline,
    ratio: { medianMs: ratio(r.labops.medianMs, r.baseline.medianMs) },
  };
});
await run('shortJobCalls', async (url) => {
  const r = await shortJobCalls(url, { n: 10 });
  const kinds = [
    'perJob',
    'globalLimitedPerJob',
    'interactionCallbacks',
    'webhookCalls',
    'channelMessages',
    'channelEdits',
  ];
  return {
    unit: 'REST calls per job',
    note: "10 /ping one after another (each ends well within 2 s), from the command to its posted result, by kind; interaction callbacks and webhook calls are outside Discord's global limit, channel messages and edits count against it; baseline: the same bot posting a status message at once (LABOPS_STATUS_DELAY_MS=0)",
    figures: r.labops,
    baseline: r.baseline,
    ratio: Object.fromEntries(kinds.map((k) => [k, ratio(r.labops[k], r.baseline[k])])),
  };
});
await run('modules', async (url) => {
  const r = await moduleSets(url);
  const fig = (l) => ({
    files: l.files,
    packages: l.packages.length,
    importMsSum: l.importMsSum,
    top: l.top,
  });
  return {
    unit: 'modules loaded',
    note: 'the files labops run "/ping" and labops bot (one /ping answered) load; baselines: bench/raw-ping.mjs and the defer-only bot; importMsSum: the own import times of the project dependencies loaded (each alone in a fresh process)',
    figures: { runFiles: r.run.files, botFiles: r.bot.files, run: fig(r.run), bot: fig(r.bot) },
    baseline: {
      runFiles: r.baseline.run.files,
      botFiles: r.baseline.bot.files,
      run: fig(r.baseline.run),
      bot: fig(r.baseline.bot),
    },
    ratio: {
      runFiles: ratio(r.run.files, r.baseline.run.files),
      botFiles: ratio(r.bot.files, r.baseline.bot.files),
    },
    lists: { run: r.run.packages, bot: r.bot.packages },
  };
});

await run('answerLatency', async (url) => {
  const r = await answerLatency(url, { n: 200, concurrency: 20 });
  return {
    unit: 'ms',
    note: '200 interactions, 20 at a time, to the deferred answer; baseline: a discord.js client that only defers',
    figures: r.labops,
    baseline: r.baseline,
    ratio: { p50: ratio(r.labops.p50, r.baseline.p50), p99: ratio(r.labops.p99, r.baseline.p99) },
  };
});
await run('enqueueToStart', async (url) => {
  const e = await enqueueToStart(url, n);
  return {
    unit: 'ms',
    note: `${n} jobs one after another, enqueue to the first step; baseline: raw BullMQ add to processor start`,
    figures: e.labops,
    baseline: e.baseline,
    ratio: { p50: ratio(e.labops.p50, e.baseline.p50), p99: ratio(e.labops.p99, e.baseline.p99) },
  };
});
await run('throughput', async (url) => {
  const r = await throughput(url, { n: 200, concurrency: 20 });
  return {
    unit: 'jobs/s',
    note: '200 /ping typed in Discord → bot → Redis → 4 runner processes → result posted; baseline: raw BullMQ, 4 worker processes',
    figures: r.labops,
    baseline: r.baseline,
    ratio: { perSecond: ratio(r.labops.perSecond, r.baseline.perSecond) },
  };
});
await run('probe', async () => {
  const r = await probeBench(undefined, { n: 1000 });
  return {
    unit: 'req/s',
    note: `1000 requests to ${r.url} (5 pods); baseline: the guide's curl loop, 1000 curl processes`,
    figures: r.labops,
    baseline: r.baseline,
    ratio: { perSecond: ratio(r.labops.perSecond, r.baseline.perSecond) },
  };
});
await run('probeVsAb', async () => {
  const r = await probeVsAb(undefined, { n: 3000, concurrencies: [10, 50], rounds: 4 });
  if (r.missing)
    return { unit: 'req/s', note: r.missing, missing: r.missing, figures: {}, baseline: {}, ratio: {} };
  const pick = (k) => Object.fromEntries(Object.entries(r.rows).map(([c, row]) => [c, row[k]]));
  return {
    unit: 'req/s',
    note: `labops probe vs ab -n ${r.n} -c C (no -k: a new connection per request) on ${r.url} (5 pods), medians of ${r.rounds} runs each, in turns (who goes first alternates); both without their process start-up; ratio: median of the paired ratios`,
    figures: pick('probe'),
    baseline: pick('ab'),
    ratio: pick('ratio'),
    runs: r.rows,
  };
});
await run('runnerMemory', async (url) => {
  const r = await runnerMemory(url, { mb: 200 });
  return {
    unit: 'MiB RSS',
    note: `a command printing ${r.mb} MiB in a runner process; baseline: a bare node parent reading the same output into nothing`,
    figures: r.labops,
    baseline: r.baseline,
    ratio: {
      peakMB: ratio(r.labops.peakMB, r.baseline.peakMB),
      growthMB: ratio(r.labops.peakMB - r.labops.beforeMB, r.baseline.peakMB - r.baseline.beforeMB),
    },
  };
});
await run('dashboard', async (url) => {
  const r = await dashboardPages(url, { n: 100 });
  const pages = Object.keys(r.labops);
  return {
    unit: 'ms',
    note: `the instructor's pages with ${r.teams} teams × 6 checkpoints and ${r.jobs} jobs in the audit trail, ${r.n} requests each one after another, to the last byte (bounds: class page p95 ≤ 100 ms, ≤ 200 KB); baseline: a bare node:http server answering the same bytes`,
    figures: r.labops,
    baseline: r.baseline,
    ratio: Object.fromEntries(pages.map((p) => [p, ratio(r.labops[p].p95, r.baseline[p].p95)])),
  };
});
await run('labWalk', async (url) => {
  const r = await labWalk(url, { timeScale: 0.02 });
  return {
    unit: 's',
    note: `the guide's walk from --preset fresh (time scale ${r.timeScale}), ${r.completed ? 'all 13 steps done' : 'INCOMPLETE'}; baseline: time inside the recipes' steps (tools and the lab converging)`,
    figures: r.labops,
    baseline: r.baseline,
    ratio: { wallS: ratio(r.labops.wallS, r.baseline.inStepsS) },
  };
});
await long;

const totalSeconds = round((performance.now() - started) / 1000, 1);
if (json) process.stdout.write(`${JSON.stringify({ totalSeconds, quick, results }, null, 2)}\n`);
else printTable(results, totalSeconds);
process.exit(Object.values(results).some((r) => r.error) ? 1 : 0);
