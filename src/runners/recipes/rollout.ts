import type { JobData } from '../../jobs/definitions.js';
import type { Recipe } from '../recipe.js';
import { answersChanged } from './rollout/answers.js';
import { setImage } from './rollout/set-image.js';

type D = JobData<'rollout'>;

/** `/rollout <tag>`: set image, watch, check the answers changed; roll back by itself on failure. */
export const rollout = {
  job: 'rollout',
  requires: ['hello-node'],
  steps: [setImage, answersChanged],
  result: (d, ctx) => ({
    summary: ctx.dryRun
      ? `dry run: would roll hello-node out to ${String(ctx.vars.to ?? d.tag)}`
      : `hello-node runs ${String(ctx.vars.to)}`,
    fields: [
      { name: 'image', value: `${String(ctx.vars.from ?? '?')} → ${String(ctx.vars.to ?? d.tag)}` },
      ...(ctx.vars.answers ? [{ name: 'answers', value: String(ctx.vars.answers) }] : []),
      { name: 'undo', value: '`/rollback` goes back to the previous image' },
    ],
  }),
} satisfies Recipe<D>;
