// Enqueue → runner start: from the issuer's enqueue (sign, add) to the first step of the
// recipe in the runner (after signature check, data validation, replay guard), over N jobs
// one after another; baseline: raw BullMQ Queue.add → Worker processor start, same Redis.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { LabClient } from '../dist/client/lab-client.js';
import { jobs } from '../dist/jobs/definitions.js';
import { startRunner } from '../dist/runners/worker.js';
import { artifactStore } from '../dist/services/artifacts.js';
import { readConfig } from '../dist/shared/config.js';
import { silentLogger } from '../dist/shared/logger.js';
import { createRedactor } from '../dist/shared/redact.js';
import { stats } from './lib.mjs';

export async function enqueueToStart(redisUrl, n = 500) {
  return { labops: await viaLabops(redisUrl, n), baseline: await viaBullmq(redisUrl, n) };
}

async function viaLabops(redisUrl, n) {
  const team = `bench-${Date.now().toString(36)}`;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const started = new Map();
  const recipe = {
    job: 'ping',
    steps: [
      {
        name: 'start',
        apply: async (_d, ctx) => {
          started.get(ctx.jobId)?.(performance.now());
        },
        timeoutMs: 10_000,
      },
    ],
    result: () => ({ summary: 'ok', fields: [] }),
  };
  const conn = new Redis(redisUrl);
  const runner = await startRunner({
    team,
    config: readConfig({ LABOPS_TEAM: team }),
    redisUrl,
    verifyKey: publicKey,
    recipes: { ping: recipe },
    log: silentLogger,
    redact: createRedactor([]),
    artifacts: artifactStore(conn, team, { ttlS: 60, maxBytes: 1 << 20 }),
    env: process.env,
    logDir: mkdtempSync(join(tmpdir(), 'labops-bench-')),
    concurrency: 1,
    shutdownTimeoutMs: 5_000,
  });
  const client = new LabClient(redisUrl, privateKey);
  await client.queue(team).waitUntilReady();
  const samples = [];
  for (let i = 0; i < n; i++) {
    const jobId = `ping-b${i}-${Date.now().toString(36)}`;
    const at = new Promise((resolve) => started.set(jobId, resolve));
    const t0 = performance.now();
    await client.enqueue({
      team,
      jobId,
      def: jobs.ping,
      data: { message: 'b', dryRun: false },
      requestedBy: { id: 'bench', name: 'bench', via: 'cli' },
    });
    samples.push((await at) - t0);
  }
  await client.close();
  await runner.close();
  conn.disconnect();
  return stats(samples);
}

async function viaBullmq(redisUrl, n) {
  const name = `raw-${Date.now().toString(36)}`;
  const started = new Map();
  const wconn = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const qconn = new Redis(redisUrl);
  const worker = new Worker(
    name,
    async (job) => {
      started.get(job.id)?.(performance.now());
    },
    { connection: wconn, prefix: 'bench', concurrency: 1 },
  );
  const queue = new Queue(name, { connection: qconn, prefix: 'bench' });
  await worker.waitUntilReady();
  await queue.waitUntilReady();
  const samples = [];
  for (let i = 0; i < n; i++) {
    const jobId = `raw-${i}`;
    const at = new Promise((resolve) => started.set(jobId, resolve));
    const t0 = performance.now();
    await queue.add('noop', { i }, { jobId });
    samples.push((await at) - t0);
  }
  await worker.close();
  await queue.close();
  wconn.disconnect();
  qconn.disconnect();
  return stats(samples);
}
