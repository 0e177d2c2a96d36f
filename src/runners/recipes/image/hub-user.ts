import { Codes, UserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';

/**
 * The team's Docker Hub user (`LABOPS_DOCKERHUB_USER`). There is no default: a default
 * namespace would be someone else's repository on Docker Hub (or "pull access denied").
 */
export function hubUser(ctx: Pick<RecipeContext, 'config'>): string {
  const user = ctx.config.LABOPS_DOCKERHUB_USER;
  if (user) return user;
  throw new UserError(
    Codes.config,
    "LABOPS_DOCKERHUB_USER is not set: images are pushed to and pulled from the team's own Docker Hub " +
      "repository, <user>/hello-node. Set LABOPS_DOCKERHUB_USER=<your Docker Hub user> in the runner's " +
      'environment, restart the runner, and run `docker login -u <user>` on its machine.',
  );
}

/** `<user>/<name>:<tag>` on the team's own Docker Hub namespace; refuses when the user is not set. */
export function hubRef(ctx: RecipeContext, name: string, tag: string): string {
  hubUser(ctx);
  return ctx.tools.docker.hubRef(name, tag);
}
