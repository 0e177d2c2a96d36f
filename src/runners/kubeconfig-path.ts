import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RecipeContext } from './context.js';

/** The kubeconfig path: `LABOPS_KUBECONFIG`, else `KUBECONFIG` (first entry), else `~/.kube/config`. */
export function kubeconfigPathOf(ctx: Pick<RecipeContext, 'config' | 'env'>): string {
  const fromEnv = ctx.env.KUBECONFIG?.split(':').find(Boolean);
  return ctx.config.LABOPS_KUBECONFIG ?? fromEnv ?? join(ctx.env.HOME || homedir(), '.kube', 'config');
}
