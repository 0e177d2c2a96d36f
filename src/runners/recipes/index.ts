import type { Recipe } from '../recipe.js';
import { ping } from './ping.js';
import { status } from './status.js';

/** Every recipe this runner can run, by job name. */
export const recipes: Partial<Record<string, Recipe<any>>> = {
  [ping.job]: ping,
  [status.job]: status,
};
