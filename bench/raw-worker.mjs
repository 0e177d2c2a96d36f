#!/usr/bin/env node
// The throughput baseline's worker process: a raw BullMQ Worker (concurrency 1) whose
// processor does nothing. argv: redis URL, queue name.
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

const [url, name] = process.argv.slice(2);
const worker = new Worker(name, async () => ({ ok: true }), {
  connection: new Redis(url, { maxRetriesPerRequest: null }),
  prefix: 'bench',
  concurrency: 1,
});
await worker.waitUntilReady();
console.error('raw worker ready');
process.on('SIGTERM', () => worker.close().finally(() => process.exit(0)));
