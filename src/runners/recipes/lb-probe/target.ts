import type { RecipeContext } from '../../context.js';
import { lbIngress } from '../../tools/kube/index.js';

/** Where the probe goes: the LoadBalancer's external IP and port, and how many pods should answer. */
export interface LbTarget {
  url: string;
  address: string;
  port: number;
  readyReplicas: number;
}

/** hello-node's LoadBalancer ingress, or undefined when it has none (not LoadBalancer, or pending). */
export async function lbTarget(ctx: RecipeContext, service = 'hello-node'): Promise<LbTarget | undefined> {
  const { kube } = ctx.tools;
  const svc = await kube.getService(service);
  if (!svc) return undefined;
  const ing = lbIngress(svc);
  if (ing.state !== 'ready') return undefined;
  const port = ing.ports[0]?.port ?? 8080;
  const d = await kube.getDeployment(service);
  return {
    url: `http://${ing.address}:${port}/`,
    address: ing.address,
    port,
    readyReplicas: d?.status?.readyReplicas ?? 0,
  };
}
