#!/usr/bin/env node
// The `labops run "/ping"` baseline: a fresh node process that imports bullmq, adds one job
// and waits for a raw worker's result (bench/raw-worker.mjs). argv: redis URL, queue name.
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';

const [url, name] = process.argv.slice(2);
const events = new QueueEvents(name, {
  connection: new Redis(url, { maxRetriesPerRequest: null }),
  prefix: 'bench',
});
const queue = new Queue(name, { connection: new Redis(url), prefix: 'bench' });
await events.waitUntilReady();
const job = await queue.add('ping', { message: 'hi' });
const result = await job.waitUntilFinished(events, 30_000);
process.stdout.write(`${JSON.stringify(result)}\n`);
await events.close();
await queue.close();
process.exit(0);
