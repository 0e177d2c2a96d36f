// `labops run "/ping"` wall time: the built bin, a fresh process each time, against a
// `labops runner` process; baseline: a fresh node process that imports bullmq, adds one job
// and waits for a raw worker process's result (bench/raw-ping.mjs, bench/raw-worker.mjs).
// Medians of N runs each, in turns (who goes first alternates), on the same Redis.
import { join } from 'node:path';
import { execa } from 'execa';
import { round } from './lib.mjs';
import { benchKeys, daemon, labopsBin, root, tmp } from './world.mjs';

export async function cliPing(redisUrl, { runs = 7, bin = labopsBin } = {}) {
  const keys = benchKeys();
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: tmp('labops-bench-cli-'),
    REDIS_URL: redisUrl,
    LABOPS_SIM: '0',
    LABOPS_TEAM: 'bench-cli',
    LABOPS_SIGNING_KEY: keys.signingPem,
    LABOPS_VERIFY_KEY: keys.verifyPem,
    LOG_LEVEL: 'warn',
  };
  const queue = `raw-ping-${Date.now().toString(36)}`;
  const runner = await daemon(
    [process.execPath, bin, 'runner'],
    { ...env, LOG_LEVEL: 'info' },
    /runner ready/,
  );
  const worker = await daemon(
    [process.execPath, join(root, 'bench', 'raw-worker.mjs'), redisUrl, queue],
    { PATH: env.PATH },
    /raw worker ready/,
  );
  const labops = () => timed([process.execPath, bin, 'run', '/ping hi'], env, /pong from/);
  const raw = () =>
    timed([process.execPath, join(root, 'bench', 'raw-ping.mjs'), redisUrl, queue], { PATH: env.PATH }, /ok/);
  const a = [];
  const b = [];
  try {
    // One of each first, not counted (the page cache, the runner's first job).
    await labops();
    await raw();
    for (let i = 0; i < runs; i++) {
      if (i % 2) {
        b.push(await raw());
        a.push(await labops());
      } else {
        a.push(await labops());
        b.push(await raw());
      }
    }
  } finally {
    await worker.stop();
    await runner.stop();
  }
  return { labops: summary(a), baseline: summary(b) };
}

async function timed(argv, env, expect) {
  const t0 = performance.now();
  const r = await execa(argv[0], argv.slice(1), { env, extendEnv: false, reject: false });
  const ms = performance.now() - t0;
  if (r.exitCode !== 0 || !expect.test(r.stdout))
    throw new Error(`${argv.slice(1).join(' ')} failed (exit ${r.exitCode}): ${r.stderr.slice(-2000)}`);
  return ms;
}

function summary(ms) {
  const s = [...ms].sort((x, y) => x - y);
  return {
    runs: s.length,
    medianMs: round(s[Math.floor(s.length / 2)], 0),
    minMs: round(s[0], 0),
    maxMs: round(s.at(-1), 0),
  };
}
