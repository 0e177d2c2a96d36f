#!/usr/bin/env node
// A runner process for the memory benchmark: the real worker and processor (dist/) with one
// recipe, `status`, whose step runs the given command through the runner's exec.
// argv: redis URL, team, verify key (PEM text), then the command's argv.
import { createPublicKey } from 'node:crypto';
import { startBenchRunner } from './world.mjs';

const [redisUrl, team, verifyPem, ...argv] = process.argv.slice(2);
const recipe = {
  job: 'status',
  steps: [
    {
      name: 'print',
      apply: async (_d, ctx) => {
        await ctx.exec({ argv, timeoutMs: 110_000 });
        return 'printed';
      },
      timeoutMs: 115_000,
    },
  ],
  result: () => ({ summary: 'printed', fields: [] }),
};
const runner = await startBenchRunner({
  redisUrl,
  team,
  keys: { verify: createPublicKey(verifyPem) },
  recipes: { status: recipe },
});
runner.worker.on('completed', () => console.error('job completed'));
runner.worker.on('failed', (_job, err) => console.error(`job failed: ${err.message}`));
console.error('runner ready');
process.on('SIGTERM', () => runner.close().finally(() => process.exit(0)));
