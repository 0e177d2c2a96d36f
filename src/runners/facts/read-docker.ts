import type { RecipeContext } from '../context.js';
import { labTools } from '../lab-tools.js';
import { pushedFile, readPushed } from '../recipes/image/pushed.js';
import type { ImageRow } from '../tools/docker/index.js';
import { sameImageRef } from '../tools/docker/index.js';
import type { FactReading } from './reading.js';
import { causeTail, firstLine } from './reading.js';

/** `docker images` once, or why the Docker host did not answer. */
export type DockerRead = { ok: true; images: ImageRow[] } | { ok: false; error: unknown };

export async function readDocker(ctx: RecipeContext): Promise<DockerRead> {
  try {
    return { ok: true, images: await labTools(ctx).docker.images() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * The Docker host answers. The docker CLI's own words for a daemon it cannot reach are quoted
 * (`Cannot connect to the Docker daemon at … Is the docker daemon running?`, moby
 * `client/errors.go` errConnectionFailed; `error during connect: …` for ssh:// hosts).
 */
export function dockerHostFact(ctx: RecipeContext, d: DockerRead): FactReading {
  const host = ctx.env.DOCKER_HOST
    ? `DOCKER_HOST=${ctx.env.DOCKER_HOST}`
    : 'DOCKER_HOST is not set (local daemon)';
  if (d.ok) return { ok: true, detail: `the Docker host answers (${host})` };
  const said = causeTail(d.error).find((l) =>
    /Cannot connect to the Docker daemon|error during connect/.test(l),
  );
  return { ok: false, detail: `${host}: ${said?.trim() ?? firstLine(d.error)}` };
}

/** The reference an image of the guide goes by: `<user>/hello-node:<tag>` (or `hello-node:<tag>` without a user). */
function refOf(ctx: RecipeContext, tag: string): string {
  const { docker } = labTools(ctx);
  return docker.user ? docker.hubRef('hello-node', tag) : `hello-node:${tag}`;
}

function imageOf(ctx: RecipeContext, d: DockerRead, tag: string): ImageRow | undefined {
  if (!d.ok) return undefined;
  const ref = refOf(ctx, tag);
  return d.images.find((i) => sameImageRef(`${i.repository}:${i.tag}`, ref));
}

/** `hello-node:<tag>` is built on the Docker host. */
export function imageBuiltFact(ctx: RecipeContext, d: DockerRead, tag: string): FactReading {
  if (!d.ok) return { ok: false, detail: 'the Docker host does not answer' };
  const i = imageOf(ctx, d, tag);
  return i
    ? { ok: true, detail: `${refOf(ctx, tag)} is built (${i.id})` }
    : { ok: false, detail: `no local image ${refOf(ctx, tag)}` };
}

/** `<user>/hello-node:<tag>` was pushed: docker recorded its digest, or this runner remembers pushing it. */
export function imagePushedFact(ctx: RecipeContext, d: DockerRead, tag: string): FactReading {
  const ref = refOf(ctx, tag);
  const i = imageOf(ctx, d, tag);
  if (i?.digest) return { ok: true, detail: `${ref} is on Docker Hub (${i.digest})` };
  const seen = readPushed(pushedFile(ctx))[ref];
  if (seen && (!i || seen.id === i.id))
    return { ok: true, detail: `${ref} was pushed (${seen.digest ?? seen.id})` };
  return { ok: false, detail: `${ref} was not pushed from this runner` };
}

/**
 * A container from `hello-node:<tag>` is up on the Docker host (what checkpoint 2 photographs):
 * `docker container ls` shows the image by name, or by the id of the local image.
 */
export async function containerRunningFact(
  ctx: RecipeContext,
  d: DockerRead,
  tag: string,
): Promise<FactReading> {
  const image = imageOf(ctx, d, tag);
  const ref = refOf(ctx, tag);
  const rows = await labTools(ctx).docker.containers();
  const up = rows.find(
    (c) =>
      /^Up\b/.test(c.status) &&
      (sameImageRef(c.image, ref) ||
        c.image === `hello-node:${tag}` ||
        Boolean(image && c.image.length >= 12 && image.id.replace(/^sha256:/, '').startsWith(c.image))),
  );
  return up
    ? { ok: true, detail: `container ${up.names} runs ${up.image} (${up.status})` }
    : { ok: false, detail: `none of ${rows.length} running container(s) is from ${ref}` };
}

/** Docker is logged in to Docker Hub (what `docker push` needs). */
export async function hubLoginFact(ctx: RecipeContext): Promise<FactReading> {
  try {
    const s = await labTools(ctx).docker.loginStatus();
    return s.loggedIn
      ? { ok: true, detail: `logged in${s.username ? ` as ${s.username}` : ''}` }
      : {
          ok: false,
          detail: 'no Docker Hub login on the runner, so `docker push` would be denied',
        };
  } catch (err) {
    return { ok: false, detail: firstLine(err) };
  }
}
