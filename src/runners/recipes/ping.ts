import { hostname } from 'node:os';
import type { JobData } from '../../jobs/definitions.js';
import type { Recipe } from '../recipe.js';

/** Answers from the runner: proves the queue, the signature and the result path work. */
export const ping = {
  job: 'ping',
  steps: [
    {
      name: 'answer',
      apply: async (d) => `pong: ${d.message}`,
      timeoutMs: 10_000,
    },
  ],
  result: (d, ctx) => ({
    summary: `pong from ${hostname()} (team ${ctx.team})`,
    fields: [
      { name: 'message', value: d.message },
      { name: 'runner', value: `${hostname()} pid ${process.pid}` },
      { name: 'node', value: process.version },
    ],
  }),
} satisfies Recipe<JobData<'ping'>>;
