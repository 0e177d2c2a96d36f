/** Rolling-update arithmetic shared by the deployment controller: surge, unavailability, sums. */
import type { Deployment, ReplicaSet } from './types.js';

/** Annotation holding a ReplicaSet's (and its deployment's) revision. */
export const REVISION = 'deployment.kubernetes.io/revision';

function resolve(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number(v) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** maxSurge (rounded up) and maxUnavailable (rounded down); both 0 would deadlock, so unavailable becomes 1. */
export function surgeAndUnavailable(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  if (d.spec.strategy.type !== 'RollingUpdate') return { maxSurge: 0, maxUnavailable: d.spec.replicas };
  const ru = d.spec.strategy.rollingUpdate ?? {};
  const maxSurge = resolve(ru.maxSurge ?? '25%', d.spec.replicas, true);
  let maxUnavailable = resolve(ru.maxUnavailable ?? '25%', d.spec.replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, d.spec.replicas) };
}

/** Revision number of a ReplicaSet (0 when unset). */
export function revisionOf(rs: ReplicaSet): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

export const specSum = (list: ReplicaSet[]): number => list.reduce((n, r) => n + r.spec.replicas, 0);
export const actualSum = (list: ReplicaSet[]): number =>
  list.reduce((n, r) => n + (r.status?.replicas ?? 0), 0);
export const readySum = (list: ReplicaSet[]): number =>
  list.reduce((n, r) => n + (r.status?.readyReplicas ?? 0), 0);
export const availableSum = (list: ReplicaSet[]): number =>
  list.reduce((n, r) => n + (r.status?.availableReplicas ?? 0), 0);

/** Template of a ReplicaSet without its pod-template-hash label, to compare with a deployment's. */
export function templateWithoutHash(rs: ReplicaSet): unknown {
  const t = structuredClone(rs.spec.template);
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  t.metadata = { ...t.metadata, labels };
  return t;
}
