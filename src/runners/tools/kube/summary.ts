import type { V1Deployment, V1Pod, V1ReplicaSet, V1Service } from '@kubernetes/client-node';

/** One row of `kubectl get all`, with the columns kubectl shows for its kind. */
export interface AllRow {
  kind: 'pod' | 'service' | 'deployment' | 'replicaset';
  name: string;
  /** `READY` for pods/deployments/replicasets (`2/3`), `TYPE` for services. */
  ready?: string;
  status?: string;
  restarts?: number;
  type?: string;
  clusterIp?: string;
  externalIp?: string;
  ports?: string;
  upToDate?: number;
  available?: number;
  desired?: number;
  current?: number;
}

export function podRow(p: V1Pod): AllRow {
  const cs = p.status?.containerStatuses ?? [];
  const waiting = cs.find((c) => c.state?.waiting?.reason)?.state?.waiting?.reason;
  const terminating = p.metadata?.deletionTimestamp ? 'Terminating' : undefined;
  return {
    kind: 'pod',
    name: p.metadata?.name ?? '',
    ready: `${cs.filter((c) => c.ready).length}/${p.spec?.containers.length ?? cs.length}`,
    status: terminating ?? waiting ?? p.status?.phase ?? 'Unknown',
    restarts: cs.reduce((n, c) => n + (c.restartCount ?? 0), 0),
  };
}

export function serviceRow(s: V1Service): AllRow {
  const ingress = s.status?.loadBalancer?.ingress?.map((i) => i.ip ?? i.hostname).filter(Boolean) ?? [];
  const type = s.spec?.type ?? 'ClusterIP';
  return {
    kind: 'service',
    name: s.metadata?.name ?? '',
    type,
    clusterIp: s.spec?.clusterIP,
    externalIp: ingress.length ? ingress.join(',') : type === 'LoadBalancer' ? '<pending>' : '<none>',
    ports: (s.spec?.ports ?? [])
      .map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`)
      .join(','),
  };
}

export function deploymentRow(d: V1Deployment): AllRow {
  return {
    kind: 'deployment',
    name: d.metadata?.name ?? '',
    ready: `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
    upToDate: d.status?.updatedReplicas ?? 0,
    available: d.status?.availableReplicas ?? 0,
  };
}

export function replicaSetRow(r: V1ReplicaSet): AllRow {
  return {
    kind: 'replicaset',
    name: r.metadata?.name ?? '',
    desired: r.spec?.replicas ?? 0,
    current: r.status?.replicas ?? 0,
    ready: String(r.status?.readyReplicas ?? 0),
  };
}
