import { KubeConfig } from '@kubernetes/client-node';
import type { RecipeContext } from '../context.js';
import { kubeconfigPathOf, labTools } from '../lab-tools.js';
import { kubeSide } from '../recipes/status/sides.js';
import type { FactReading } from './reading.js';
import { firstLine } from './reading.js';

/** The Kubernetes side as `/status` reads it (kubeconfig, hello-node, its service), once. */
export type KubeRead = Awaited<ReturnType<typeof kubeSide>> & { server?: string };

/** The API server a kubeconfig names (its current context's cluster), if it can be read. */
export function apiServerOf(path: string): string | undefined {
  try {
    const kc = new KubeConfig();
    kc.loadFromFile(path);
    return kc.getCurrentCluster()?.server;
  } catch {
    return undefined;
  }
}

export async function readKube(ctx: RecipeContext, deployment: string): Promise<KubeRead> {
  const side = await kubeSide(ctx);
  const server = apiServerOf(kubeconfigPathOf(ctx));
  if (!side.ok || deployment === 'hello-node') return { ...side, server };
  // Another deployment than the guide's: read it too (the service stays hello-node's).
  try {
    const d = await labTools(ctx).kube.getDeployment(deployment);
    return {
      ...side,
      server,
      helloNode: d
        ? { replicas: d.spec?.replicas ?? 1, ready: d.status?.readyReplicas ?? 0, image: undefined }
        : undefined,
    };
  } catch (err) {
    return { ok: false, error: firstLine(err), server };
  }
}

const UNREACHABLE =
  /not reachable|ECONNREFUSED|EHOSTUNREACH|ETIMEDOUT|ENOTFOUND|ECONNRESET|socket hang up|did not answer|timed out/i;

/** A socket error said in words (the error code stays in the job's log). */
const SOCKET_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'no answer in time',
  EHOSTUNREACH: 'no route to the host',
  ENOTFOUND: 'its name does not resolve',
  ECONNRESET: 'the connection was reset',
};

/** A kubeconfig exists and its API server answers. */
export function kubernetesFact(ctx: RecipeContext, k: KubeRead): FactReading {
  const path = kubeconfigPathOf(ctx);
  if (k.ok) return { ok: true, detail: `the API server${k.server ? ` at ${k.server}` : ''} answers` };
  if (k.error.startsWith('not deployed')) return { ok: false, detail: `no kubeconfig at ${path}` };
  if (UNREACHABLE.test(k.error)) {
    const code = /E[A-Z]{4,}/.exec(k.error)?.[0];
    const why = code ? SOCKET_WORDS[code] : undefined;
    return {
      ok: false,
      variant: 'kubernetes-unreachable',
      detail: `the API server ${k.server ?? '?'} named in ${path} is unreachable${why ? `: ${why}` : ''}`,
    };
  }
  return { ok: false, detail: `the kubeconfig at ${path} does not work: ${k.error}` };
}

/** The deployment exists. */
export function helloNodeFact(k: KubeRead, deployment: string): FactReading {
  if (!k.ok) return { ok: false, detail: 'Kubernetes does not answer' };
  if (!k.helloNode) return { ok: false, detail: `no deployment ${deployment} in namespace default` };
  return {
    ok: true,
    detail: `${deployment}: ${k.helloNode.ready}/${k.helloNode.replicas} ready${k.helloNode.image ? `, ${k.helloNode.image}` : ''}`,
  };
}

/** At least `n` ready replicas. */
export function replicasFact(k: KubeRead, deployment: string, n: number): FactReading {
  const h = k.ok ? k.helloNode : undefined;
  if (!h) return { ok: false, detail: `no deployment ${deployment}` };
  return { ok: h.ready >= n, detail: `${deployment}: ${h.ready} of ${n} replicas ready` };
}

/** hello-node is reachable from outside: a NodePort or LoadBalancer service, or an Ingress. */
export async function exposedFact(ctx: RecipeContext, k: KubeRead): Promise<FactReading> {
  if (!k.ok) return { ok: false, detail: 'Kubernetes does not answer' };
  const type = k.service?.type;
  if (type === 'NodePort' || type === 'LoadBalancer')
    return {
      ok: true,
      detail: `service hello-node is ${type}${k.service?.external ? ` ${k.service.external}` : ''}`,
    };
  const ing = await labTools(ctx)
    .kube.getIngress('hello-node')
    .catch(() => null);
  if (ing) return { ok: true, detail: 'through the Ingress hello-node' };
  return { ok: false, detail: k.service ? `service hello-node is ${type}` : 'no service hello-node' };
}

/** The LoadBalancer service has its external IP. */
export function lbIpFact(k: KubeRead): FactReading {
  if (!k.ok) return { ok: false, detail: 'Kubernetes does not answer' };
  if (k.service?.type !== 'LoadBalancer')
    return { ok: false, detail: `service hello-node is ${k.service?.type ?? 'absent'}, not LoadBalancer` };
  return k.service.external
    ? { ok: true, detail: `external IP ${k.service.external}` }
    : { ok: false, detail: 'the LoadBalancer service is still pending its external IP' };
}
