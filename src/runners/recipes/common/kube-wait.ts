import { Codes, UserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import { converge } from '../../steps.js';
import { describePodProblem } from '../../tools/kube/index.js';

/** How long an image-pull or crash loop may last before waiting longer is pointless. */
export const STUCK_AFTER_MS = 20_000;

/**
 * Waits until deployment `name` has `replicas` ready, up-to-date replicas. Unlike a plain
 * poll it gives up early when pods stay in ImagePullBackOff / CrashLoopBackOff, naming the
 * pod, the reason and the fix, instead of letting the student wait for the step timeout.
 */
export async function waitDeploymentReady(
  ctx: RecipeContext,
  name: string,
  replicas: number,
): Promise<string> {
  const { kube } = ctx.tools;
  let stuckSince: number | undefined;
  const started = ctx.clock.now();
  await converge(
    async () => {
      const d = await kube.getDeployment(name);
      if (!d) throw new UserError(Codes.kubeNotFound, `deployment ${name} disappeared while waiting`);
      const s = d.status ?? {};
      const ready = s.readyReplicas ?? 0;
      ctx.say(`${name}: ${ready}/${replicas} ready, ${s.updatedReplicas ?? 0} up to date`);
      if (
        (d.spec?.replicas ?? 1) === replicas &&
        ready >= replicas &&
        (s.updatedReplicas ?? 0) >= replicas &&
        (s.replicas ?? 0) === replicas
      )
        return true;
      const problems = await kube.podImagePullProblems(`app=${name}`);
      if (!problems.length) stuckSince = undefined;
      else if (stuckSince === undefined) stuckSince = ctx.clock.now();
      else if (ctx.clock.now() - stuckSince > STUCK_AFTER_MS) {
        const code = /Pull|Image/.test(problems[0]?.reason ?? '') ? Codes.imagePull : Codes.jujuBlocked;
        throw new UserError(code, problems.slice(0, 3).map(describePodProblem).join(' '));
      }
      return false;
    },
    { clock: ctx.clock, signal: ctx.signal, intervalMs: 500 },
  );
  return `${replicas}/${replicas} replicas of ${name} ready after ${Math.round((ctx.clock.now() - started) / 1000)} s`;
}

/** The deployment or a UserError telling the student which command creates it. */
export async function mustHaveDeployment(ctx: RecipeContext, name: string) {
  const d = await ctx.tools.kube.getDeployment(name);
  if (!d)
    throw new UserError(
      Codes.kubeNotFound,
      `there is no deployment ${name} yet: create it first with \`/deploy hello-node\``,
    );
  return d;
}
