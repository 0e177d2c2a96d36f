/**
 * A runner process for fault tests (bundled by {@link buildFaultRunner}, run with node): a
 * `ping` recipe of three steps that each append `<jobId> <step> start|end <pid>` to
 * FAULT_MARKER and sleep; the middle step is not repeatable when the message says `nonrep`.
 * A `quota` recipe runs the same steps as a mutating job (under the team's lab lock).
 * FAULT_CONCURRENCY sets how many jobs it runs at once (default 1).
 */

import { createPublicKey } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Recipe, Step } from '../../src/runners/recipe.js';
import { startRunner } from '../../src/runners/worker.js';
import { artifactStore } from '../../src/services/artifacts.js';
import { readConfig } from '../../src/shared/config.js';
import { createLogger } from '../../src/shared/logger.js';
import { createRedactor } from '../../src/shared/redact.js';
import { connectRedis } from '../../src/shared/redis.js';

const env = process.env;
const marker = env.FAULT_MARKER!;
const stepMs = Number(env.FAULT_STEP_MS ?? 800);
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
const step = <D>(name: string, repeatable = true): Step<D> => ({
  name,
  repeatable,
  apply: async (_d, ctx) => {
    appendFileSync(marker, `${ctx.jobId} ${name} start ${process.pid}\n`);
    await sleep(stepMs, ctx.signal);
    appendFileSync(marker, `${ctx.jobId} ${name} end ${process.pid}\n`);
  },
  timeoutMs: 60_000,
});
const ping: Recipe<{ message: string }> = {
  job: 'ping',
  steps: (d) => [step('prepare'), step('once', !d.message.includes('nonrep')), step('finish')],
  result: () => ({ summary: 'faulty ping done', fields: [] }),
};

/** A mutating job (it takes the team's lab lock) with the same three marked steps. */
const quota: Recipe<{ cores: number }> = {
  job: 'quota',
  steps: () => [step('prepare'), step('once'), step('finish')],
  result: () => ({ summary: 'faulty quota done', fields: [] }),
};

const config = readConfig(env);
const team = config.LABOPS_TEAM;
const url = env.REDIS_URL!;
const log = createLogger({ level: 'info', name: 'runner' });
const handle = await startRunner({
  team,
  config,
  redisUrl: url,
  verifyKey: createPublicKey(env.FAULT_VERIFY_KEY!),
  recipes: { ping, quota },
  log,
  redact: createRedactor([]),
  artifacts: artifactStore(connectRedis(url, 'blocking'), team, { ttlS: 600, maxBytes: 1 << 20 }),
  env,
  logDir: join(tmpdir(), 'labops-fault-logs'),
  concurrency: Number(env.FAULT_CONCURRENCY ?? 1),
  shutdownTimeoutMs: 2_000,
  lockDurationMs: config.LABOPS_LOCK_DURATION_MS,
  stalledIntervalMs: config.LABOPS_STALLED_INTERVAL_MS,
});
process.on('SIGTERM', () => void handle.close().then(() => process.exit(0)));
