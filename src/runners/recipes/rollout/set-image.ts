import type { JobData } from '../../../jobs/definitions.js';
import { Codes, UserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import type { Step } from '../../recipe.js';
import { rolloutVerdict } from '../../tools/kube/index.js';
import { helloUrl } from '../common/hello-url.js';
import { sampleAnswers } from '../common/http-answer.js';
import { kubeChange } from '../common/kube-change.js';
import { mustHaveDeployment, waitDeploymentReady } from '../common/kube-wait.js';
import { hubRef } from '../image/hub-user.js';
import { markRolledBack } from '../rollback.js';
import type { RolloutState } from './state.js';
import { watchRollout } from './watch.js';

type D = JobData<'rollout'>;
export const NAME = 'hello-node';

/**
 * `kubectl set image deployment/hello-node hello-node=<user>/hello-node:<tag>`, watched. When
 * the new pods cannot pull the image or the progress deadline passes, the rollout is undone
 * at once and the step fails saying why, so the service keeps answering with the old version.
 */
export const setImage: Step<D, RolloutState> = {
  name: 'set image and watch the rollout',
  check: async (d, ctx) => {
    const plan = await rolloutPlan(ctx, d.tag);
    ctx.state.from = plan.from;
    ctx.state.to = plan.to;
    if (!plan.done) return false;
    ctx.state.already = true;
    return `${NAME} already runs ${plan.to}`;
  },
  apply: async (d, ctx) => {
    const image = ctx.state.to ?? (await rolloutPlan(ctx, d.tag)).to;
    const url = await helloUrl(ctx);
    if (url) {
      ctx.state.url = url;
      ctx.state.before = (await sampleAnswers(url, 5, ctx.signal))
        .map((a) => a.message)
        .filter((m): m is string => Boolean(m));
    }
    await setDeploymentImage(ctx, image);
    return `image set to ${image} (tag ${d.tag})`;
  },
  wait: (d, ctx) => watchOrRollBack(ctx, d.tag, ctx.state.from),
  timeoutMs: 12 * 60_000,
  timeoutHint: '`kubectl rollout status deployment/hello-node` and `kubectl get pods` show where it stopped',
};

/** What a rollout of hello-node to `tag` would change. */
export interface RolloutPlan {
  /** The image the deployment runs now. */
  from: string | undefined;
  /** `<user>/hello-node:<tag>`. */
  to: string;
  /** The deployment already runs `to` and its last rollout finished. */
  done: boolean;
}

/** Reads the deployment (which must exist) and says what a rollout to `tag` would change. */
export async function rolloutPlan(ctx: RecipeContext, tag: string): Promise<RolloutPlan> {
  const dep = await mustHaveDeployment(ctx, NAME);
  const to = hubRef(ctx, NAME, tag);
  const from = dep.spec?.template.spec?.containers.find((c) => c.name === NAME)?.image;
  return { from, to, done: from === to && rolloutVerdict(dep).state === 'done' };
}

/** `kubectl set image deployment/hello-node hello-node=<image>` (only recorded in a dry run). */
export async function setDeploymentImage(ctx: RecipeContext, image: string): Promise<void> {
  await kubeChange(ctx, ['set', 'image', `deployment/${NAME}`, `${NAME}=${image}`], () =>
    ctx.tools.kube.setImage(NAME, NAME, image),
  );
}

/** The code of a rollout undone because Docker Hub's pull rate limit refused the new image. */

/**
 * Watches the rollout to `tag` until it is done. When it cannot finish (image pull, progress
 * deadline, crash loop) it is undone at once, the old pods are waited for, and a UserError says
 * why and to which revision (`from`, the previous image) it went back.
 */
export async function watchOrRollBack(
  ctx: RecipeContext,
  tag: string,
  from: string | undefined,
): Promise<string> {
  const failure = await watchRollout(ctx, NAME);
  if (!failure) return `deployment "${NAME}" successfully rolled out to ${tag}`;
  ctx.say(`rollout to ${tag} failed (${failure.reason}): rolling back`);
  const undo = await ctx.tools.kube.rolloutUndo(NAME);
  const replicas = (await ctx.tools.kube.getDeployment(NAME))?.spec?.replicas ?? 1;
  await waitDeploymentReady(ctx, NAME, replicas);
  await markRolledBack(ctx, NAME);
  const back = undo.kind === 'done' ? ` to revision ${undo.value.toRevision} (${String(from)})` : '';
  throw new UserError(
    failure.reason === 'rate-limit'
      ? Codes.imagePullRateLimited
      : failure.reason === 'image-pull'
        ? Codes.imagePull
        : Codes.rolloutDeadline,
    `rollout to ${tag} failed, so it was rolled back${back}: ${failure.message}`,
  );
}
