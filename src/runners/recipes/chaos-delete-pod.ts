import type { V1Pod } from '@kubernetes/client-node';
import type { JobData } from '../../jobs/definitions.js';
import { Codes, UserError } from '../../shared/errors.js';
import type { Recipe } from '../recipe.js';
import { converge } from '../steps.js';
import { kubeChange } from './common/kube-change.js';
import { mustHaveDeployment } from './common/kube-wait.js';

type D = JobData<'chaos-delete-pod'>;
/** What the steps hand on: the pods before, the one deleted and when, and the pod that replaced it. */
interface S {
  before?: string[];
  victim?: string;
  deletedAt?: number;
  replacement?: string;
  seconds?: string;
}
const NAME = 'hello-node';

const isReady = (p: V1Pod) =>
  !p.metadata?.deletionTimestamp &&
  Boolean(p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));

/** Pure: the pod to delete, the named one or a random Ready one (`random` in [0,1)). */
export function pickVictim(
  pods: readonly V1Pod[],
  named: string | undefined,
  random: number,
): string | undefined {
  if (named) return pods.some((p) => p.metadata?.name === named) ? named : undefined;
  const ready = pods.filter(isReady);
  return ready[Math.floor(random * ready.length)]?.metadata?.name;
}

/** `/chaos delete-pod [pod]`: deletes one hello-node pod and watches the ReplicaSet replace it. */
export const chaosDeletePod = {
  job: 'chaos-delete-pod',
  requires: ['hello-node'],
  steps: [
    {
      name: 'delete one pod',
      check: async (d, ctx) => {
        await mustHaveDeployment(ctx, NAME);
        const pods = await ctx.tools.kube.listPods(`app=${NAME}`);
        ctx.state.before = pods.map((p) => p.metadata?.name ?? '');
        // A named pod that is already gone was deleted by an earlier run: nothing to do.
        if (d.pod && !pods.some((p) => p.metadata?.name === d.pod)) return `pod ${d.pod} no longer exists`;
        return false;
      },
      apply: async (d, ctx) => {
        const pods = await ctx.tools.kube.listPods(`app=${NAME}`);
        const victim = pickVictim(pods, d.pod, Math.random());
        if (!victim)
          throw new UserError(Codes.kubeNotFound, `no Ready ${NAME} pod to delete (\`kubectl get pods\`)`);
        ctx.state.victim = victim;
        ctx.state.deletedAt = ctx.clock.now();
        await kubeChange(ctx, ['delete', 'pod', victim], () => ctx.tools.kube.deletePod(victim));
        return `deleted pod ${victim}`;
      },
      wait: async (_d, ctx) => {
        const { victim, deletedAt = ctx.clock.now() } = ctx.state;
        const before = new Set(ctx.state.before);
        const dep = await mustHaveDeployment(ctx, NAME);
        const want = dep.spec?.replicas ?? 1;
        const replacement = await converge(
          async () => {
            const pods = await ctx.tools.kube.listPods(`app=${NAME}`);
            const fresh = pods.filter((p) => !before.has(p.metadata?.name ?? '') && isReady(p));
            const ready = pods.filter(isReady).filter((p) => p.metadata?.name !== victim);
            ctx.say(
              `${ready.length}/${want} ready; new: ${fresh.map((p) => p.metadata?.name).join(', ') || 'none yet'}`,
            );
            return fresh.length && ready.length >= want ? fresh[0]?.metadata?.name : false;
          },
          { clock: ctx.clock, signal: ctx.signal, intervalMs: 300 },
        );
        ctx.state.replacement = replacement;
        const secs = ((ctx.clock.now() - deletedAt) / 1000).toFixed(1);
        ctx.state.seconds = secs;
        return `${victim} replaced by ${replacement} in ${secs} s`;
      },
      timeoutMs: 5 * 60_000,
      timeoutHint: 'the ReplicaSet did not bring a new pod to Ready: `kubectl get pods -w`',
    },
  ],
  result: (_d, ctx) => ({
    summary: ctx.dryRun
      ? 'dry run: would delete one hello-node pod'
      : ctx.state.victim
        ? `${ctx.state.victim} deleted; ${ctx.state.replacement} took its place in ${ctx.state.seconds} s`
        : 'nothing deleted (the pod was already gone)',
    fields: [
      ...(ctx.state.victim ? [{ name: 'deleted', value: ctx.state.victim }] : []),
      ...(ctx.state.replacement ? [{ name: 'replacement', value: ctx.state.replacement }] : []),
      { name: 'watch', value: '`kubectl get pods -w` while `curl` keeps answering through the service' },
    ],
  }),
} satisfies Recipe<D, S>;
