import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../shared/config.js';

/** The kubeconfig path: `LABOPS_KUBECONFIG`, else `KUBECONFIG` (first entry), else `~/.kube/config`. */
export function kubeconfigPathOf(ctx: { config: Config; env: NodeJS.ProcessEnv }): string {
  const fromEnv = ctx.env.KUBECONFIG?.split(':').find(Boolean);
  return ctx.config.LABOPS_KUBECONFIG ?? fromEnv ?? join(ctx.env.HOME || homedir(), '.kube', 'config');
}
