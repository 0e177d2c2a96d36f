import type { JobData } from '../../../jobs/definitions.js';
import { UserError } from '../../../shared/errors.js';
import { labTools } from '../../lab-tools.js';
import type { Step } from '../../recipe.js';
import { ToolCodes } from '../../tools/common/codes.js';
import { rolloutVerdict } from '../../tools/kube/index.js';
import { helloUrl } from '../common/hello-url.js';
import { sampleAnswers } from '../common/http-answer.js';
import { kubeChange } from '../common/kube-change.js';
import { mustHaveDeployment, waitDeploymentReady } from '../common/kube-wait.js';
import { markRolledBack } from '../rollback.js';
import { watchRollout } from './watch.js';

type D = JobData<'rollout'>;
export const NAME = 'hello-node';

/**
 * `kubectl set image deployment/hello-node hello-node=<user>/hello-node:<tag>`, watched. When
 * the new pods cannot pull the image or the progress deadline passes, the rollout is undone
 * at once and the step fails saying why, so the service keeps answering with the old version.
 */
export const setImage: Step<D> = {
  name: 'set image and watch the rollout',
  check: async (d, ctx) => {
    const dep = await mustHaveDeployment(ctx, NAME);
    const image = labTools(ctx).docker.hubRef(NAME, d.tag);
    const current = dep.spec?.template.spec?.containers.find((c) => c.name === NAME)?.image;
    ctx.vars.from = current;
    ctx.vars.to = image;
    if (current !== image || rolloutVerdict(dep).state !== 'done') return false;
    ctx.vars.already = true;
    return `${NAME} already runs ${image}`;
  },
  apply: async (d, ctx) => {
    const image = String(ctx.vars.to);
    const url = await helloUrl(ctx);
    if (url) {
      ctx.vars.url = url;
      ctx.vars.before = (await sampleAnswers(url, 5, ctx.signal)).map((a) => a.message).filter(Boolean);
    }
    await kubeChange(ctx, ['set', 'image', `deployment/${NAME}`, `${NAME}=${image}`], () =>
      labTools(ctx).kube.setImage(NAME, NAME, image),
    );
    return `image set to ${image} (tag ${d.tag})`;
  },
  wait: async (d, ctx) => {
    const failure = await watchRollout(ctx, NAME);
    if (!failure) return `deployment "${NAME}" successfully rolled out to ${d.tag}`;
    ctx.say(`rollout to ${d.tag} failed (${failure.reason}): rolling back`);
    const undo = await labTools(ctx).kube.rolloutUndo(NAME);
    const replicas = (await labTools(ctx).kube.getDeployment(NAME))?.spec?.replicas ?? 1;
    await waitDeploymentReady(ctx, NAME, replicas);
    await markRolledBack(ctx, NAME);
    const back =
      undo.kind === 'done' ? ` to revision ${undo.value.toRevision} (${String(ctx.vars.from)})` : '';
    throw new UserError(
      failure.reason === 'image-pull' ? ToolCodes.imagePull : ToolCodes.rolloutDeadline,
      `rollout to ${d.tag} failed, so it was rolled back${back}: ${failure.message}`,
    );
  },
  timeoutMs: 12 * 60_000,
  timeoutHint: '`kubectl rollout status deployment/hello-node` and `kubectl get pods` show where it stopped',
};
