import type { V1Deployment } from '@kubernetes/client-node';
import type { JobData } from '../../jobs/definitions.js';
import { Codes, UserError } from '../../shared/errors.js';
import type { RecipeContext } from '../context.js';
import type { Recipe } from '../recipe.js';
import { REVISION, undoRefusal } from '../tools/kube/index.js';
import { kubeChange } from './common/kube-change.js';
import { mustHaveDeployment } from './common/kube-wait.js';
import { watchRollout } from './rollout/watch.js';

type D = JobData<'rollback'>;
/** What the steps hand on: the image before and after the rollback. */
interface S {
  from?: string;
  to?: string;
}

/** Deployment annotation: the revision a rollback (by `/rollback` or an automatic one) produced. */
export const ROLLED_BACK = 'labops.dev/rolled-back-to-revision';

/**
 * Pure: true when the deployment's current revision is the one a rollback produced. A second
 * `/rollback` then changes nothing, where `kubectl rollout undo` would flip back again; any
 * later rollout makes a new revision, so the next `/rollback` undoes that one.
 */
export function alreadyRolledBack(d: V1Deployment): boolean {
  const rev = d.metadata?.annotations?.[REVISION];
  return rev !== undefined && d.metadata?.annotations?.[ROLLED_BACK] === rev;
}

/** Marks the current revision as the result of a rollback (metadata only: no new rollout). */
export async function markRolledBack(ctx: RecipeContext, name: string): Promise<void> {
  const rev = (await ctx.tools.kube.getDeployment(name))?.metadata?.annotations?.[REVISION];
  if (rev) await ctx.tools.kube.annotateDeployment(name, ROLLED_BACK, rev);
}

/** `/rollback`: `kubectl rollout undo deployment/<name>`, watched until it has rolled out. */
export const rollback = {
  job: 'rollback',
  requires: (d) => [{ fact: 'hello-node', deployment: d.deployment }],
  steps: [
    {
      name: 'rollout undo',
      check: async (d, ctx) => {
        const dep = await mustHaveDeployment(ctx, d.deployment);
        ctx.state.from = dep.spec?.template.spec?.containers[0]?.image;
        // Refused up front: a paused deployment would never roll out, and the wait would run out.
        const refusal = undoRefusal(dep);
        if (refusal) throw new UserError(Codes.deploymentPaused, refusal);
        if (!alreadyRolledBack(dep)) return false;
        ctx.state.to = ctx.state.from;
        return `revision ${dep.metadata?.annotations?.[REVISION]} (${ctx.state.from}) is already the result of a rollback; \`/rollout <tag>\` moves forward`;
      },
      apply: async (d, ctx) => {
        const r = await kubeChange(ctx, ['rollout', 'undo', `deployment/${d.deployment}`], () =>
          ctx.tools.kube.rolloutUndo(d.deployment),
        );
        return r?.kind === 'done' ? `rolling back to revision ${r.value.toRevision}` : 'rollout undo';
      },
      wait: async (d, ctx) => {
        const failure = await watchRollout(ctx, d.deployment);
        const dep = await ctx.tools.kube.getDeployment(d.deployment);
        ctx.state.to = dep?.spec?.template.spec?.containers[0]?.image;
        if (failure) throw new Error(`the rollback did not finish: ${failure.message}`);
        await markRolledBack(ctx, d.deployment);
        return `deployment "${d.deployment}" successfully rolled out to ${ctx.state.to}`;
      },
      timeoutMs: 10 * 60_000,
      timeoutHint: '`kubectl rollout status deployment/hello-node` shows where it stopped',
    },
  ],
  result: (d, ctx) => ({
    summary: ctx.dryRun
      ? `dry run: would undo the last rollout of ${d.deployment}`
      : `${d.deployment} runs ${ctx.state.to}`,
    fields: [{ name: 'image', value: `${ctx.state.from ?? '?'} → ${ctx.state.to ?? '?'}` }],
  }),
} satisfies Recipe<D, S>;
