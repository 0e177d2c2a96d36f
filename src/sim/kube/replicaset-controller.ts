/**
 * The ReplicaSet controller: keeps `spec.replicas` pods (named `<rs>-<5 chars>`) owned by
 * each ReplicaSet, deletes surplus ones (not-ready and newest first), and reports counts.
 * Also collects objects whose owner is gone (background cascading deletion).
 */
import { randomSuffix } from './names.js';
import { findResource, type ResourceDef } from './resources.js';
import { NODE_NAME } from './seed.js';
import { now, type Store } from './store.js';
import type { KubeObject, Pod, ReplicaSet } from './types.js';

const POD_DEF = findResource('', 'v1', 'pods') as ResourceDef;
const RS_DEF = findResource('apps', 'v1', 'replicasets') as ResourceDef;
const DEPLOY_DEF = findResource('apps', 'v1', 'deployments') as ResourceDef;

function isReady(p: Pod): boolean {
  return (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Marks a pod for graceful deletion, as `DELETE` without a grace period override does. */
export function terminatePod(store: Store, pod: KubeObject): void {
  if (pod.metadata.deletionTimestamp) return;
  pod.metadata.deletionTimestamp = now();
  pod.metadata.deletionGracePeriodSeconds = 30;
  store.update(POD_DEF, pod);
}

function newPod(rs: ReplicaSet): Pod {
  const t = structuredClone(rs.spec.template);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${rs.metadata.name}-${randomSuffix()}`,
      generateName: `${rs.metadata.name}-`,
      namespace: rs.metadata.namespace,
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
      generation: 1,
      labels: { ...t.metadata?.labels },
      ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs.metadata.name,
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { ...t.spec, nodeName: NODE_NAME },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

/** Reconciles one ReplicaSet's pods and status. */
export function syncReplicaSet(store: Store, rs: ReplicaSet): void {
  const pods = (store.list(POD_DEF, rs.metadata.namespace) as Pod[]).filter((p) =>
    (p.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === rs.metadata.uid),
  );
  const active = pods.filter(
    (p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
  );
  const diff = active.length - rs.spec.replicas;
  if (diff < 0) for (let i = 0; i < -diff; i++) active.push(store.create(POD_DEF, newPod(rs)) as Pod);
  if (diff > 0) {
    const victims = [...active].sort((a, b) => {
      if (isReady(a) !== isReady(b)) return isReady(a) ? 1 : -1;
      return b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp);
    });
    for (const p of victims.slice(0, diff)) terminatePod(store, p);
    active.splice(0, active.length, ...victims.slice(diff));
  }
  const ready = active.filter(isReady).length;
  const status: NonNullable<ReplicaSet['status']> = { replicas: active.length };
  if (active.length) status.fullyLabeledReplicas = active.length;
  if (ready) status.readyReplicas = ready;
  if (ready) status.availableReplicas = ready;
  status.observedGeneration = rs.metadata.generation ?? 1;
  const fresh = store.get(RS_DEF, rs.metadata.namespace, rs.metadata.name) as ReplicaSet | undefined;
  if (!fresh || fresh.metadata.uid !== rs.metadata.uid) return;
  if (JSON.stringify(fresh.status) !== JSON.stringify(status)) {
    fresh.status = status;
    store.update(RS_DEF, fresh);
  }
}

/** Deletes ReplicaSets and pods whose controlling owner no longer exists. */
export function collectGarbage(store: Store): void {
  const uids = new Set<string>();
  for (const def of [DEPLOY_DEF, RS_DEF]) for (const o of store.list(def)) uids.add(o.metadata.uid);
  for (const rs of store.list(RS_DEF)) {
    const owner = rs.metadata.ownerReferences?.find((r) => r.controller);
    if (owner && !uids.has(owner.uid)) store.remove(RS_DEF, rs.metadata.namespace, rs.metadata.name);
  }
  const rsUids = new Set(store.list(RS_DEF).map((r) => r.metadata.uid));
  for (const pod of store.list(POD_DEF)) {
    const owner = pod.metadata.ownerReferences?.find((r) => r.controller);
    if (owner && owner.kind === 'ReplicaSet' && !rsUids.has(owner.uid)) terminatePod(store, pod);
  }
}
