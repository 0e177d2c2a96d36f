import type { JobData } from '../../jobs/definitions.js';
import type { Recipe } from '../recipe.js';
import { kubeChange } from './common/kube-change.js';
import { mustHaveDeployment, waitDeploymentReady } from './common/kube-wait.js';

type D = JobData<'scale'>;
/** What the steps hand on: the replica count before the change. */
interface S {
  before?: number;
}

/** `/scale <deployment> <replicas>`: `kubectl scale`, then wait until that many replicas are ready. */
export const scale = {
  job: 'scale',
  requires: (d) => [{ fact: 'hello-node', deployment: d.deployment }],
  steps: [
    {
      name: 'scale',
      check: async (d, ctx) => {
        const dep = await mustHaveDeployment(ctx, d.deployment);
        ctx.state.before = dep.spec?.replicas ?? 1;
        const ready = dep.status?.readyReplicas ?? 0;
        return dep.spec?.replicas === d.replicas &&
          ready === d.replicas &&
          (dep.status?.replicas ?? 0) === d.replicas
          ? `${d.deployment} already has ${d.replicas} ready replicas`
          : false;
      },
      apply: async (d, ctx) => {
        await kubeChange(ctx, ['scale', 'deployment', d.deployment, `--replicas=${d.replicas}`], () =>
          ctx.tools.kube.scale(d.deployment, d.replicas),
        );
        return `${d.deployment}: ${ctx.state.before ?? '?'} → ${d.replicas} replicas`;
      },
      wait: (d, ctx) => waitDeploymentReady(ctx, d.deployment, d.replicas),
      timeoutMs: 8 * 60_000,
      timeoutHint:
        'not every replica became ready: `kubectl get pods -o wide` (Pending pods mean the workers lack CPU or memory)',
    },
  ],
  result: (d, ctx) => ({
    summary: ctx.dryRun
      ? `dry run: would scale ${d.deployment} to ${d.replicas}`
      : `${d.deployment} has ${d.replicas} ready replicas`,
    fields: [
      { name: 'replicas', value: `${ctx.state.before ?? '?'} → ${d.replicas}` },
      {
        name: 'check',
        value: `\`kubectl get deploy ${d.deployment}\` shows READY ${d.replicas}/${d.replicas}`,
      },
    ],
  }),
} satisfies Recipe<D, S>;
