import type { PipelineJobData } from '../../../jobs/pipeline-data.js';
import type { RecipeContext } from '../../context.js';
import { labTools } from '../../lab-tools.js';
import type { Step } from '../../recipe.js';
import { sameImageRef } from '../../tools/docker/index.js';
import { hubRef } from '../image/hub-user.js';
import { pushedFile, readPushed, recordPushed } from '../image/pushed.js';
import { imagePush } from '../image-push.js';
import { pipelineState } from './state.js';

type D = PipelineJobData;

async function findImage(ctx: RecipeContext, ref: string) {
  return (await labTools(ctx).docker.images()).find((i) => sameImageRef(`${i.repository}:${i.tag}`, ref));
}

/** The references this commit's image goes by: `<user>/<image>:<short id>`, then one per git tag. */
function imageRefs(ctx: RecipeContext): string[] {
  const s = pipelineState(ctx);
  const image = s.config!.image;
  return [s.commit!.short, ...s.commit!.tags].map((t) => hubRef(ctx, image, t));
}

/** `docker build -t <image>:<short id>` of the checkout, then `docker tag` to each Docker Hub reference. */
export const buildImage: Step<D> = {
  name: 'build image',
  check: async (_d, ctx) => {
    const s = pipelineState(ctx);
    s.images = imageRefs(ctx);
    for (const ref of s.images) if (!(await findImage(ctx, ref))) return false;
    return `${s.images.join(', ')} already built`;
  },
  apply: async (_d, ctx) => {
    const s = pipelineState(ctx);
    const { docker } = labTools(ctx);
    const local = `${s.config!.image}:${s.commit!.short}`;
    if (!(await findImage(ctx, local))) await docker.build(local, s.workDir!);
    for (const ref of s.images!) await docker.tag(local, ref);
    return `built ${s.images!.join(', ')}`;
  },
  timeoutMs: 20 * 60_000,
  timeoutHint: 'the build did not finish: is the Docker daemon (DOCKER_HOST) answering?',
};

/** `docker push` of each reference (Docker Hub login checked first, as `/image push` does). */
export const pushImage: Step<D> = {
  name: 'push image',
  check: async (d, ctx) => {
    const login = imagePush.steps[0]!;
    if (!(await login.check!({ tag: 'x', dryRun: d.dryRun }, ctx)))
      await login.apply({ tag: 'x', dryRun: d.dryRun }, ctx);
    const s = pipelineState(ctx);
    const seen = readPushed(pushedFile(ctx));
    for (const ref of s.images!) {
      const img = await findImage(ctx, ref);
      if (!img || (img.digest === undefined ? seen[ref]?.id !== img.id : !img.digest)) return false;
    }
    return `${s.images!.join(', ')} already pushed`;
  },
  apply: async (_d, ctx) => {
    const s = pipelineState(ctx);
    const { docker } = labTools(ctx);
    const out: string[] = [];
    for (const ref of s.images!) {
      const r = await docker.push(ref);
      if (r.kind !== 'done') continue;
      const img = await findImage(ctx, ref);
      if (img) recordPushed(pushedFile(ctx), ref, img.id, r.value.digest);
      out.push(`${ref}${r.value.digest ? ` (${r.value.digest.slice(0, 19)}…)` : ''}`);
    }
    return `pushed ${out.join(', ')}`;
  },
  timeoutMs: 20 * 60_000,
  timeoutHint: 'the push did not finish: is the machine reaching Docker Hub?',
};
