import type { Recipe } from '../recipe.js';
import { ping } from './ping.js';
import { status } from './status.js';

/** Every recipe this runner can run, by job name. */
// biome-ignore lint/suspicious/noExplicitAny: recipes are checked per job by `satisfies` in each file
export const recipes: Partial<Record<string, Recipe<any>>> = {
  [ping.job]: ping,
  [status.job]: status,
};
