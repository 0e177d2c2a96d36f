#!/usr/bin/env node
// `npm run bench`: each benchmark next to its baseline, measured in the same run on the
// same machine, with their ratio. `--json` prints one JSON object.
import { benchRedis, ratio } from './lib.mjs';
import { enqueueToStart } from './enqueue-start.mjs';

const json = process.argv.includes('--json');
const nArg = process.argv.find((a) => a.startsWith('--n='));
const n = nArg ? Number(nArg.slice(4)) : 500;
const redis = await benchRedis();
const results = {};
try {
  const e = await enqueueToStart(redis.url, n);
  results.enqueueToStart = { unit: 'ms', jobs: n, figures: e.labops, baseline: e.baseline, ratio: { p50: ratio(e.labops.p50, e.baseline.p50), p99: ratio(e.labops.p99, e.baseline.p99) } };
} finally {
  await redis.stop();
}
if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else {
  console.log('benchmark              figure           labops      baseline   ratio');
  for (const [name, r] of Object.entries(results)) {
    for (const k of ['p50', 'p99']) {
      console.log(`${name.padEnd(22)} ${`${k} (${r.unit})`.padEnd(16)} ${String(r.figures[k]).padStart(8)} ${String(r.baseline[k]).padStart(12)} ${String(r.ratio[k]).padStart(7)}`);
    }
  }
}
process.exit(0);
