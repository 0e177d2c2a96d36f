import type { JobData } from '../../jobs/definitions.js';
import { Codes, UserError } from '../../shared/errors.js';
import type { RecipeContext } from '../context.js';
import type { Recipe } from '../recipe.js';
import { sameImageRef } from '../tools/docker/index.js';
import { hubRef, hubUser } from './image/hub-user.js';
import { pushedFile, readPushed, recordPushed } from './image/pushed.js';

type D = JobData<'image-push'>;
/** What the steps hand on: the local image's id and the digest the registry gave it. */
interface S {
  imageId?: string;
  digest?: string;
}

async function localImage(ctx: RecipeContext, ref: string) {
  return (await ctx.tools.docker.images()).find((i) => sameImageRef(`${i.repository}:${i.tag}`, ref));
}

/** `/image push <tag>`: checks the Docker Hub login and the local image, then `docker push <user>/hello-node:<tag>`. */
export const imagePush = {
  job: 'image-push',
  settings: (ctx) => void hubUser(ctx),
  requires: (d) => ['docker-host', { fact: 'image-built', tag: d.tag }, 'hub-login'],
  steps: [
    {
      name: 'docker login',
      check: async (_d, ctx) => {
        hubUser(ctx);
        const { docker } = ctx.tools;
        const s = await docker.loginStatus();
        if (!s.loggedIn) return false;
        if (s.username && s.username !== docker.user)
          throw new UserError(
            Codes.dockerDenied,
            `Docker is logged in as ${s.username}, but images go to ${docker.user}/…: run \`docker login -u ${docker.user}\` or set LABOPS_DOCKERHUB_USER=${s.username}`,
          );
        return `logged in to Docker Hub${s.username ? ` as ${s.username}` : ''}`;
      },
      apply: async (_d, ctx) => {
        const user = ctx.tools.docker.user;
        const hint = `Docker is not logged in to Docker Hub, so the push would be refused (\`denied: requested access to the resource is denied\`). On the runner's machine run \`docker login -u ${user}\` (a Docker Hub access token as password), then \`/image push\` again.`;
        if (ctx.dryRun) return `warning: ${hint}`;
        throw new UserError(Codes.dockerDenied, hint);
      },
      timeoutMs: 60_000,
    },
    {
      name: 'docker push',
      check: async (d, ctx) => {
        const ref = hubRef(ctx, 'hello-node', d.tag);
        const image = await localImage(ctx, ref);
        if (!image)
          throw new UserError(
            Codes.imageNotFound,
            `there is no local image ${ref}: build it first with \`/image build ${d.tag}\``,
          );
        ctx.state.imageId = image.id;
        // Docker itself records the repository digest of an image it pushed; older clients
        // that do not print it fall back to what this runner remembers having pushed.
        if (image.digest !== undefined)
          return image.digest ? `${ref} already pushed (${image.digest})` : false;
        const seen = readPushed(pushedFile(ctx))[ref];
        return seen?.id === image.id ? `${ref} already pushed (${seen.digest ?? image.id})` : false;
      },
      apply: async (d, ctx) => {
        const ref = ctx.tools.docker.hubRef('hello-node', d.tag);
        const r = await ctx.tools.docker.push(ref);
        if (r.kind !== 'done') return undefined;
        ctx.state.digest = r.value.digest;
        recordPushed(pushedFile(ctx), ref, String(ctx.state.imageId), r.value.digest);
        return `pushed ${ref}${r.value.digest ? ` (${r.value.digest})` : ''}`;
      },
      timeoutMs: 20 * 60_000,
      timeoutHint: 'the push did not finish: is the machine reaching Docker Hub?',
    },
  ],
  result: (d, ctx) => {
    const ref = ctx.tools.docker.hubRef('hello-node', d.tag);
    return {
      summary: ctx.dryRun ? `dry run: would push ${ref}` : `${ref} is on Docker Hub`,
      fields: [
        { name: 'image', value: ref },
        ...(ctx.state.digest ? [{ name: 'digest', value: ctx.state.digest }] : []),
        { name: 'next', value: d.tag === 'v1' ? '`/deploy hello-node`' : `\`/rollout ${d.tag}\`` },
      ],
    };
  },
} satisfies Recipe<D, S>;
