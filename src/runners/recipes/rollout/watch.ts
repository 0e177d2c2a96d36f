import { Codes, UserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import { converge } from '../../steps.js';
import {
  describePodProblem,
  isRateLimited,
  type PodProblem,
  rolloutVerdict,
} from '../../tools/kube/index.js';
import { STUCK_AFTER_MS } from '../common/kube-wait.js';

/** Why a rollout will not finish on its own, or undefined while it may. */
export type RolloutFailure = {
  reason: 'image-pull' | 'rate-limit' | 'deadline' | 'crash';
  message: string;
};

/** Pure: decides from the rollout verdict and pod problems (seen for `stuckMs`) whether to give up. */
export function rolloutFailure(
  verdict: { state: string; message: string },
  problems: readonly PodProblem[],
  stuckMs: number,
): RolloutFailure | undefined {
  if (verdict.state === 'failed') {
    const why = problems.length ? ` ${problems.slice(0, 2).map(describePodProblem).join(' ')}` : '';
    return { reason: 'deadline', message: `${verdict.message}.${why}` };
  }
  if (problems.length && stuckMs >= STUCK_AFTER_MS) {
    const pull = problems.some((p) => /Pull|Image/.test(p.reason));
    return {
      reason: problems.some(isRateLimited) ? 'rate-limit' : pull ? 'image-pull' : 'crash',
      message: problems.slice(0, 2).map(describePodProblem).join(' '),
    };
  }
  return undefined;
}

/**
 * Watches `kubectl rollout status deployment/<name>`'s verdict until done; returns the
 * failure instead of waiting out the step when new pods cannot pull their image or the
 * progress deadline passes.
 */
export async function watchRollout(ctx: RecipeContext, name: string): Promise<RolloutFailure | undefined> {
  const { kube } = ctx.tools;
  let stuckSince: number | undefined;
  let last = '';
  const outcome = await converge(
    async () => {
      const d = await kube.getDeployment(name);
      if (!d) throw new UserError(Codes.kubeNotFound, `deployment ${name} disappeared during the rollout`);
      const v = rolloutVerdict(d);
      if (v.message !== last) {
        last = v.message;
        ctx.say(last);
      }
      if (v.state === 'done') return { ok: true as const };
      const problems = await kube.podImagePullProblems(`app=${name}`);
      if (!problems.length) stuckSince = undefined;
      else stuckSince ??= ctx.clock.now();
      const f = rolloutFailure(v, problems, stuckSince === undefined ? 0 : ctx.clock.now() - stuckSince);
      return f ? { ok: false as const, f } : false;
    },
    { signal: ctx.signal, clock: ctx.clock, intervalMs: 500 },
  );
  return outcome.ok ? undefined : outcome.f;
}
