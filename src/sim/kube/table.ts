/**
 * `meta.k8s.io/v1 Table` answers for `kubectl get`: the real printers' columns and cell
 * formats, computed server side like the real API server does.
 */
import { humanDuration } from './duration.js';
import type { ResourceDef } from './resources.js';
import { selectorString } from './selectors.js';
import type { Deployment, KubeObject, Pod, ReplicaSet, Service } from './types.js';

interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  description: string;
  cell: (o: KubeObject) => unknown;
}

const name: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  cell: (o) => o.metadata.name,
};
const age: Column = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: (o) => since(o.metadata.creationTimestamp),
};

interface DaemonSetLike {
  spec: {
    selector: Deployment['spec']['selector'];
    template: {
      spec: { containers: { name: string; image: string }[]; nodeSelector?: Record<string, string> };
    };
  };
  status?: {
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
  };
}

function since(ts: string | undefined): string {
  return ts ? humanDuration(Date.now() - Date.parse(ts)) : '<unknown>';
}

function col(n: string, type: string, cell: (o: never) => unknown, priority = 0): Column {
  return { name: n, type, description: n, priority, cell: cell as (o: KubeObject) => unknown };
}

const containersCols = (get: (o: never) => { containers: { name: string; image: string }[] }): Column[] => [
  col(
    'Containers',
    'string',
    (o) =>
      get(o)
        .containers.map((c) => c.name)
        .join(','),
    1,
  ),
  col(
    'Images',
    'string',
    (o) =>
      get(o)
        .containers.map((c) => c.image)
        .join(','),
    1,
  ),
];

/** Pod STATUS column, following the real pod printer's precedence. */
export function podStatusReason(p: Pod): string {
  if (p.metadata.deletionTimestamp) return 'Terminating';
  let reason = p.status?.phase ?? 'Pending';
  for (const cs of p.status?.containerStatuses ?? []) {
    if (cs.state.waiting?.reason) reason = cs.state.waiting.reason;
    else if (cs.state.terminated?.reason) reason = cs.state.terminated.reason;
  }
  return reason;
}

function podRestarts(p: Pod): string {
  let n = 0;
  let last: string | undefined;
  for (const cs of p.status?.containerStatuses ?? []) {
    n += cs.restartCount;
    const fin = cs.lastState.terminated?.finishedAt;
    if (fin && (!last || fin > last)) last = fin;
  }
  return n > 0 && last ? `${n} (${since(last)} ago)` : String(n);
}

function servicePorts(s: Service): string {
  return (
    s.spec.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(',') ||
    '<none>'
  );
}

function externalIp(s: Service): string {
  const ing = (s.status?.loadBalancer.ingress ?? []).map((i) => i.ip);
  if (s.spec.type === 'LoadBalancer') return ing.length ? ing.join(',') : '<pending>';
  return '<none>';
}

const COLUMNS: Record<string, Column[]> = {
  Deployment: [
    name,
    col('Ready', 'string', (d: Deployment) => `${d.status?.readyReplicas ?? 0}/${d.spec.replicas}`),
    col('Up-to-date', 'integer', (d: Deployment) => d.status?.updatedReplicas ?? 0),
    col('Available', 'integer', (d: Deployment) => d.status?.availableReplicas ?? 0),
    age,
    ...containersCols((d: Deployment) => d.spec.template.spec),
    col('Selector', 'string', (d: Deployment) => selectorString(d.spec.selector), 1),
  ],
  ReplicaSet: [
    name,
    col('Desired', 'integer', (r: ReplicaSet) => r.spec.replicas),
    col('Current', 'integer', (r: ReplicaSet) => r.status?.replicas ?? 0),
    col('Ready', 'integer', (r: ReplicaSet) => r.status?.readyReplicas ?? 0),
    age,
    ...containersCols((r: ReplicaSet) => r.spec.template.spec),
    col('Selector', 'string', (r: ReplicaSet) => selectorString(r.spec.selector), 1),
  ],
  Pod: [
    name,
    col(
      'Ready',
      'string',
      (p: Pod) =>
        `${(p.status?.containerStatuses ?? []).filter((c) => c.ready).length}/${p.spec.containers.length}`,
    ),
    col('Status', 'string', (p: Pod) => podStatusReason(p)),
    col('Restarts', 'string', (p: Pod) => podRestarts(p)),
    age,
    col('IP', 'string', (p: Pod) => p.status?.podIP ?? '<none>', 1),
    col('Node', 'string', (p: Pod) => p.spec.nodeName ?? '<none>', 1),
    col('Nominated Node', 'string', () => '<none>', 1),
    col('Readiness Gates', 'string', () => '<none>', 1),
  ],
  Service: [
    name,
    col('Type', 'string', (s: Service) => s.spec.type),
    col('Cluster-IP', 'string', (s: Service) => s.spec.clusterIP ?? '<none>'),
    col('External-IP', 'string', (s: Service) => externalIp(s)),
    col('Port(s)', 'string', (s: Service) => servicePorts(s)),
    age,
    col('Selector', 'string', (s: Service) => selectorString(s.spec.selector) || '<none>', 1),
  ],
  DaemonSet: [
    name,
    col('Desired', 'integer', (d: DaemonSetLike) => d.status?.desiredNumberScheduled ?? 0),
    col('Current', 'integer', (d: DaemonSetLike) => d.status?.currentNumberScheduled ?? 0),
    col('Ready', 'integer', (d: DaemonSetLike) => d.status?.numberReady ?? 0),
    col('Up-to-date', 'integer', (d: DaemonSetLike) => d.status?.updatedNumberScheduled ?? 0),
    col('Available', 'integer', (d: DaemonSetLike) => d.status?.numberAvailable ?? 0),
    col(
      'Node Selector',
      'string',
      (d: DaemonSetLike) =>
        Object.entries(d.spec.template.spec.nodeSelector ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(',') || '<none>',
    ),
    age,
    ...containersCols((d: DaemonSetLike) => d.spec.template.spec),
    col('Selector', 'string', (d: DaemonSetLike) => selectorString(d.spec.selector), 1),
  ],
  IngressClass: [
    name,
    col('Controller', 'string', (c: { spec?: { controller?: string } }) => c.spec?.controller ?? ''),
    col('Parameters', 'string', (c: { spec?: { parameters?: { kind?: string; name?: string } } }) =>
      c.spec?.parameters ? `${c.spec.parameters.kind}/${c.spec.parameters.name}` : '<none>',
    ),
    age,
  ],
  Ingress: [
    name,
    col(
      'Class',
      'string',
      (i: { spec?: { ingressClassName?: string } }) => i.spec?.ingressClassName ?? '<none>',
    ),
    col(
      'Hosts',
      'string',
      (i: { spec?: { rules?: { host?: string }[] } }) =>
        (i.spec?.rules ?? [])
          .map((r) => r.host)
          .filter(Boolean)
          .join(',') || '*',
    ),
    col(
      'Address',
      'string',
      (i: { status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } }) =>
        (i.status?.loadBalancer?.ingress ?? []).map((x) => x.ip ?? x.hostname).join(','),
    ),
    col('Ports', 'string', (i: { spec?: { tls?: unknown[] } }) => (i.spec?.tls?.length ? '80, 443' : '80')),
    age,
  ],
  Namespace: [
    name,
    col('Status', 'string', (n: { status?: { phase?: string } }) => n.status?.phase ?? 'Active'),
    age,
  ],
  Node: [
    name,
    col('Status', 'string', () => 'Ready'),
    col('Roles', 'string', () => '<none>'),
    age,
    col(
      'Version',
      'string',
      (n: { status?: { nodeInfo?: { kubeletVersion?: string } } }) =>
        n.status?.nodeInfo?.kubeletVersion ?? '',
    ),
  ],
  Endpoints: [
    name,
    col(
      'Endpoints',
      'string',
      (e: { subsets?: { addresses?: { ip: string }[]; ports?: { port: number }[] }[] }) => {
        const eps = (e.subsets ?? []).flatMap((s) =>
          (s.addresses ?? []).flatMap((a) => (s.ports ?? []).map((p) => `${a.ip}:${p.port}`)),
        );
        return eps.length
          ? eps.slice(0, 3).join(',') + (eps.length > 3 ? ` + ${eps.length - 3} more...` : '')
          : '<none>';
      },
    ),
    age,
  ],
};

/** Whether an Accept header asks for a Table. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept);
}

/** Builds a Table of `objects`; `includeObject` is None, Metadata (default) or Object. */
export function toTable(
  def: ResourceDef,
  objects: KubeObject[],
  rv: string,
  includeObject = 'Metadata',
): Record<string, unknown> {
  const cols = COLUMNS[def.kind] ?? [name, age];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: rv },
    columnDefinitions: cols.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description,
      priority: c.priority ?? 0,
    })),
    rows: objects.map((o) => ({
      cells: cols.map((c) => c.cell(o)),
      object:
        includeObject === 'None'
          ? undefined
          : includeObject === 'Object'
            ? o
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
