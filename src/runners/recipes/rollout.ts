import type { JobData } from '../../jobs/definitions.js';
import type { Recipe } from '../recipe.js';
import { hubUser } from './image/hub-user.js';
import { answersChanged } from './rollout/answers.js';
import { setImage } from './rollout/set-image.js';
import type { RolloutState } from './rollout/state.js';

type D = JobData<'rollout'>;

/** `/rollout <tag>`: set image, watch, check the answers changed; roll back by itself on failure. */
export const rollout = {
  job: 'rollout',
  settings: (ctx) => void hubUser(ctx),
  requires: ['hello-node'],
  steps: [setImage, answersChanged],
  result: (d, ctx) => ({
    summary: ctx.dryRun
      ? `dry run: would roll hello-node out to ${ctx.state.to ?? d.tag}`
      : `hello-node runs ${ctx.state.to}`,
    fields: [
      { name: 'image', value: `${ctx.state.from ?? '?'} → ${ctx.state.to ?? d.tag}` },
      ...(ctx.state.answers ? [{ name: 'answers', value: ctx.state.answers }] : []),
      { name: 'undo', value: '`/rollback` goes back to the previous image' },
    ],
  }),
} satisfies Recipe<D, RolloutState>;
