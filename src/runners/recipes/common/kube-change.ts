import type { RecipeContext } from '../../context.js';

/**
 * Kubernetes changes go through @kubernetes/client-node, which spawns nothing. So that a dry
 * run still lists every change, the kubectl command a student would type for the same
 * change is recorded through `ctx.exec` (dry run records mutating commands, never runs them)
 * and the API call is skipped.
 */
export async function kubeChange<T>(
  ctx: RecipeContext,
  kubectlArgs: readonly string[],
  apply: () => Promise<T>,
): Promise<T | undefined> {
  if (!ctx.dryRun) return apply();
  await ctx.exec({ argv: ['kubectl', ...kubectlArgs], mutates: true, timeoutMs: 60_000 });
  return undefined;
}
