import { rmSync } from 'node:fs';
import type { JobData } from '../../jobs/definitions.js';
import type { Recipe } from '../recipe.js';
import { sameImageRef } from '../tools/docker/index.js';
import { buildContext, helloNodeDir, messageFor } from './image/context.js';
import { hubRef, hubUser } from './image/hub-user.js';

type D = JobData<'image-build'>;

const hasImage = async (ctx: Parameters<Recipe<D>['result']>[1], ref: string) =>
  (await ctx.tools.docker.images()).some((i) => sameImageRef(`${i.repository}:${i.tag}`, ref));

/** `/image build <tag>`: `docker build -t hello-node:<tag>` of the guide's folder, then `docker tag` to `<user>/hello-node:<tag>`. */
export const imageBuild = {
  job: 'image-build',
  settings: (ctx) => void hubUser(ctx),
  requires: ['docker-host'],
  steps: [
    {
      name: 'docker build',
      check: async (d, ctx) =>
        (await hasImage(ctx, `hello-node:${d.tag}`)) ? `image hello-node:${d.tag} exists` : false,
      apply: async (d, ctx) => {
        const dir = buildContext(d.tag);
        try {
          const r = await ctx.tools.docker.build(`hello-node:${d.tag}`, dir);
          return r.kind === 'done' ? `built hello-node:${d.tag} (${r.value.builder} builder)` : undefined;
        } finally {
          if (dir !== helloNodeDir()) rmSync(dir, { recursive: true, force: true });
        }
      },
      timeoutMs: 20 * 60_000,
      timeoutHint:
        'the build did not finish: is the Docker daemon (DOCKER_HOST) answering, and can it pull node:6.9.2?',
    },
    {
      name: 'docker tag',
      check: async (d, ctx) => {
        const ref = hubRef(ctx, 'hello-node', d.tag);
        return (await hasImage(ctx, ref)) ? `image ${ref} exists` : false;
      },
      apply: async (d, ctx) => {
        const ref = hubRef(ctx, 'hello-node', d.tag);
        await ctx.tools.docker.tag(`hello-node:${d.tag}`, ref);
        return `tagged ${ref}`;
      },
      timeoutMs: 60_000,
    },
  ],
  result: (d, ctx) => {
    const ref = ctx.tools.docker.hubRef('hello-node', d.tag);
    return {
      summary: ctx.dryRun ? `dry run: would build ${ref}` : `image ${ref} built`,
      fields: [
        { name: 'image', value: ref },
        { name: 'answers', value: messageFor(d.tag) },
        { name: 'next', value: `\`/image push ${d.tag}\`` },
      ],
    };
  },
} satisfies Recipe<D>;
