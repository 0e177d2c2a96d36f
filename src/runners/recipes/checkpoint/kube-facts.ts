import type { V1Deployment, V1Pod, V1Service } from '@kubernetes/client-node';
import type { DeploymentFacts, ServiceFacts } from '../../../evidence/checkpoints/index.js';
import { lbIngress } from '../../tools/kube/index.js';

/** Pure: Ready and not being deleted (what a Service sends traffic to). */
export function podReady(p: V1Pod): boolean {
  return (
    !p.metadata?.deletionTimestamp &&
    Boolean(p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
  );
}

/** Pure: the phase `kubectl get pods` shows (a waiting reason such as CrashLoopBackOff wins). */
function shownPhase(p: V1Pod): string {
  if (p.metadata?.deletionTimestamp) return 'Terminating';
  const waiting = p.status?.containerStatuses?.find((c) => c.state?.waiting?.reason)?.state?.waiting?.reason;
  return waiting ?? p.status?.phase ?? 'Unknown';
}

/** Pure: a Deployment and its pods as the checkpoint pictures and criteria see them. */
export function deploymentFacts(d: V1Deployment, pods: readonly V1Pod[], namespace: string): DeploymentFacts {
  const image = d.spec?.template.spec?.containers[0]?.image ?? '?';
  const sorted = [...pods].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  return {
    name: d.metadata?.name ?? '?',
    namespace,
    image,
    desired: d.spec?.replicas ?? 1,
    ready: d.status?.readyReplicas ?? 0,
    updated: d.status?.updatedReplicas ?? 0,
    readyPods: sorted.filter(podReady).map((p) => p.metadata?.name ?? ''),
    pods: sorted.map((p) => ({
      name: p.metadata?.name ?? '?',
      phase: shownPhase(p),
      ready: podReady(p),
      restarts: (p.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0),
      image: p.spec?.containers[0]?.image ?? '?',
    })),
  };
}

/** Pure: a Service's type, first port, NodePort and external IP. */
export function serviceFacts(svc: V1Service): ServiceFacts {
  const ing = lbIngress(svc);
  const port = svc.spec?.ports?.[0];
  return {
    name: svc.metadata?.name ?? '?',
    type: svc.spec?.type ?? 'ClusterIP',
    port: port?.port ?? 8080,
    ...(port?.nodePort ? { nodePort: port.nodePort } : {}),
    ...(ing.state === 'ready' ? { externalIp: ing.address } : {}),
  };
}

/** Pure: `-l k=v,…` of a deployment's selector. */
export function selectorOf(d: V1Deployment): string {
  return Object.entries(d.spec?.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
