import type { Requirement } from './names.js';

/** What a recipe declares it needs before any of its steps runs: a list, or a list for the job's data. */
export type Requires<D> = readonly Requirement[] | ((data: D) => readonly Requirement[]);

/** Pure: the requirements a recipe declares for `data` (none when it declares none). */
export function requirementsOf<D>(recipe: { requires?: Requires<D> }, data: D): readonly Requirement[] {
  const r = recipe.requires;
  if (!r) return [];
  return typeof r === 'function' ? r(data) : r;
}
