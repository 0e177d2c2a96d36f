import type { JobData } from '../../../jobs/definitions.js';
import { isUserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import type { Step } from '../../recipe.js';
import { converge } from '../../steps.js';
import { isDeferral } from './deferral.js';
import { matchRetrofitPocket } from './retrofit-pocket.js';

type D = JobData<'deploy-octavia'>;
const TAG = 'octavia-amphora';
const AMPHORA_TIMEOUT_MS = 70 * 60_000;

/**
 * Runs an action, retrying while the charm says its relations have not settled yet. juju
 * waits for it up to `waitMs` (the calling step's timeout): a wait that runs out is not
 * retried, since the action goes on and a second run would queue a second one.
 */
export async function actionWhenReady(
  ctx: RecipeContext,
  unit: string,
  action: string,
  waitMs: number,
): Promise<void> {
  await converge(
    async () => {
      try {
        await ctx.tools.juju.runAction(unit, action, {}, { waitMs });
        return true;
      } catch (err) {
        const text = isUserError(err) ? err.message : '';
        if (isDeferral(text)) {
          ctx.say(`${unit} ${action}: not ready yet (${text.slice(0, 120)}); retrying`);
          return false;
        }
        throw err;
      }
    },
    { clock: ctx.clock, signal: ctx.signal, intervalMs: 10_000 },
  );
}

/** The amphora image: `sync-images`, then `retrofit-image`, until Glance lists an image tagged octavia-amphora. */
export const amphoraImage: Step<D> = {
  name: 'amphora image (sync-images, retrofit-image)',
  check: async (_d, ctx) => {
    const images = await ctx.tools.openstack.imageList({ tag: TAG });
    return images.length ? `Glance has ${images[0]?.name} tagged ${TAG}` : false;
  },
  apply: async (_d, ctx) => {
    await actionWhenReady(ctx, 'glance-simplestreams-sync/leader', 'sync-images', AMPHORA_TIMEOUT_MS);
    await matchRetrofitPocket(ctx);
    await actionWhenReady(ctx, 'octavia-diskimage-retrofit/leader', 'retrofit-image', AMPHORA_TIMEOUT_MS);
    return 'sync-images and retrofit-image ran';
  },
  wait: async (_d, ctx) => {
    const img = await converge(async () => (await ctx.tools.openstack.imageList({ tag: TAG }))[0], {
      clock: ctx.clock,
      signal: ctx.signal,
      intervalMs: 10_000,
    });
    return `Glance has ${img.name} tagged ${TAG}`;
  },
  timeoutMs: AMPHORA_TIMEOUT_MS,
  timeoutHint: `no image tagged ${TAG}: \`openstack image list\`; if the retrofitted image exists untagged, \`openstack image set --tag ${TAG} <id>\``,
};
