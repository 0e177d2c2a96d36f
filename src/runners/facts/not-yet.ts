import type { RecipeContext } from '../context.js';
import { type Requirement, requirementOf } from './names.js';
import { type FactReadings, readFacts, withPrerequisites } from './read.js';
import { notYetText, unmetOf } from './require.js';

/**
 * Reads every fact in `all` once, and answers for any subset of them: "not yet: run …" naming
 * the earliest missing one, or undefined when they hold. For runs that check many parts of the
 * lab against one reading (a checkpoint's pictures and criteria).
 */
export async function notYetReader(
  ctx: RecipeContext,
  all: readonly Requirement[],
): Promise<(requires: readonly Requirement[]) => string | undefined> {
  const readings = all.length ? await readFacts(ctx, all) : {};
  return (requires) => {
    const names = withPrerequisites(requires.map((r) => requirementOf(r).fact));
    const picked: FactReadings = {};
    for (const n of names) if (readings[n]) picked[n] = readings[n];
    const first = unmetOf(picked, Object.assign({}, ...requires.map(requirementOf)))[0];
    return first && notYetText(first);
  };
}
