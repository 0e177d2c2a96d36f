/**
 * The deployment controller: one ReplicaSet per pod template (named with its
 * pod-template-hash), rolling updates within maxSurge/maxUnavailable, Recreate, revision
 * history for `kubectl rollout undo`, and the status `kubectl rollout status` reads.
 */

import { deploymentStatus } from './deployment-status.js';
import { canonicalJson, podTemplateHash } from './names.js';
import { findResource, type ResourceDef } from './resources.js';
import { REVISION, revisionOf, specSum, surgeAndUnavailable, templateWithoutHash } from './rollout-math.js';
import type { Store } from './store.js';
import type { Deployment, ReplicaSet } from './types.js';

const RS_DEF = findResource('apps', 'v1', 'replicasets') as ResourceDef;
const DEPLOY_DEF = findResource('apps', 'v1', 'deployments') as ResourceDef;

/**
 * Deployment annotations the controller does not copy to its ReplicaSets
 * (kubernetes `pkg/controller/deployment/util/deployment_util.go`, `annotationsToSkip`).
 */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

/** `copyDeploymentAnnotationsToReplicaSet`: every other annotation of the Deployment onto the new ReplicaSet; true when one changed. */
function copyAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  rs.metadata.annotations ??= {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (NOT_COPIED.has(k) || rs.metadata.annotations[k] === v) continue;
    rs.metadata.annotations[k] = v;
    changed = true;
  }
  return changed;
}

function setReplicas(store: Store, rs: ReplicaSet, n: number, d: Deployment, maxSurge: number): void {
  if (rs.spec.replicas === n) return;
  rs.spec.replicas = n;
  rs.metadata.generation = (rs.metadata.generation ?? 1) + 1;
  rs.metadata.annotations = {
    ...rs.metadata.annotations,
    'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas),
    'deployment.kubernetes.io/max-replicas': String(d.spec.replicas + maxSurge),
  };
  store.update(RS_DEF, rs);
}

function createReplicaSet(
  store: Store,
  d: Deployment,
  revision: number,
  replicas: number,
  maxSurge: number,
): ReplicaSet {
  const hash = podTemplateHash(d.spec.template, d.status?.collisionCount ?? 0);
  const template = structuredClone(d.spec.template);
  template.metadata = {
    ...template.metadata,
    labels: { ...template.metadata?.labels, 'pod-template-hash': hash },
  };
  const rs = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
      generation: 1,
      labels: { ...template.metadata.labels },
      annotations: {
        ...Object.fromEntries(
          Object.entries(d.metadata.annotations ?? {}).filter(([k]) => !NOT_COPIED.has(k)),
        ),
        'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas),
        'deployment.kubernetes.io/max-replicas': String(d.spec.replicas + maxSurge),
        [REVISION]: String(revision),
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: d.metadata.name,
          uid: d.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas,
      minReadySeconds: d.spec.minReadySeconds ?? 0,
      selector: {
        ...d.spec.selector,
        matchLabels: { ...d.spec.selector.matchLabels, 'pod-template-hash': hash },
      },
      template,
    },
    status: { replicas: 0 },
  } as ReplicaSet;
  return store.create(RS_DEF, rs) as ReplicaSet;
}

/** Reconciles one deployment; `nowMs` and `timeScale` drive the progress deadline. */
export function syncDeployment(
  store: Store,
  d: Deployment,
  nowMs: number,
  timeScale: number,
  progress: Map<string, number>,
): void {
  const owned = (store.list(RS_DEF, d.metadata.namespace) as ReplicaSet[]).filter((rs) =>
    (rs.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === d.metadata.uid),
  );
  const wanted = canonicalJson(d.spec.template);
  let newRS = owned.find((rs) => canonicalJson(templateWithoutHash(rs)) === wanted);
  const old = owned.filter((rs) => rs !== newRS).sort((a, b) => revisionOf(a) - revisionOf(b));
  const maxRevision = Math.max(0, ...owned.map(revisionOf));
  const { maxSurge, maxUnavailable } = surgeAndUnavailable(d);
  let created = false;

  if (!newRS && !d.spec.paused) {
    const current = specSum(old);
    const replicas =
      d.spec.strategy.type === 'Recreate' && current > 0
        ? 0
        : Math.max(0, Math.min(d.spec.replicas + maxSurge - current, d.spec.replicas));
    newRS = createReplicaSet(store, d, maxRevision + 1, replicas, maxSurge);
    created = true;
  } else if (newRS && revisionOf(newRS) < maxRevision && !d.spec.paused) {
    // Rolling back to an older template: that ReplicaSet becomes the newest revision.
    const prev = newRS.metadata.annotations?.[REVISION] ?? '';
    const history = newRS.metadata.annotations?.['deployment.kubernetes.io/revision-history'];
    newRS.metadata.annotations = {
      ...newRS.metadata.annotations,
      [REVISION]: String(maxRevision + 1),
      'deployment.kubernetes.io/revision-history': history ? `${history},${prev}` : prev,
    };
    copyAnnotations(d, newRS);
    newRS = store.update(RS_DEF, newRS) as ReplicaSet;
  } else if (newRS && !d.spec.paused && copyAnnotations(d, newRS)) {
    newRS = store.update(RS_DEF, newRS) as ReplicaSet;
  }

  if (newRS && !d.spec.paused) {
    if (d.spec.strategy.type === 'Recreate') {
      for (const rs of old) setReplicas(store, rs, 0, d, maxSurge);
      const oldPods = old.reduce((n, r) => n + (r.status?.replicas ?? 0), 0);
      if (oldPods === 0) setReplicas(store, newRS, d.spec.replicas, d, maxSurge);
    } else {
      const total = specSum(old) + newRS.spec.replicas;
      let target = newRS.spec.replicas;
      if (target > d.spec.replicas) target = d.spec.replicas;
      else if (total < d.spec.replicas + maxSurge)
        target = Math.min(newRS.spec.replicas + (d.spec.replicas + maxSurge - total), d.spec.replicas);
      setReplicas(store, newRS, target, d, maxSurge);
      scaleDownOld(store, d, newRS, old, maxUnavailable, maxSurge);
    }
  }

  // Keep at most revisionHistoryLimit old, fully scaled-down ReplicaSets.
  const idle = old.filter((rs) => rs.spec.replicas === 0 && (rs.status?.replicas ?? 0) === 0);
  for (const rs of idle.slice(0, Math.max(0, idle.length - d.spec.revisionHistoryLimit)))
    store.remove(RS_DEF, rs.metadata.namespace, rs.metadata.name);

  const fresh = store.get(DEPLOY_DEF, d.metadata.namespace, d.metadata.name) as Deployment | undefined;
  if (!fresh || fresh.metadata.uid !== d.metadata.uid) return;
  const allRS = (store.list(RS_DEF, d.metadata.namespace) as ReplicaSet[]).filter((rs) =>
    (rs.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === d.metadata.uid),
  );
  const newest = newRS ? allRS.find((rs) => rs.metadata.uid === newRS?.metadata.uid) : undefined;
  const before = JSON.stringify(fresh);
  if (newest)
    fresh.metadata.annotations = { ...fresh.metadata.annotations, [REVISION]: String(revisionOf(newest)) };
  fresh.status = deploymentStatus(
    fresh,
    newest,
    allRS.filter((rs) => rs !== newest),
    { created, nowMs, timeScale, maxUnavailable, progress },
  );
  if (JSON.stringify(fresh) !== before) store.update(DEPLOY_DEF, fresh);
}

function scaleDownOld(
  store: Store,
  d: Deployment,
  newRS: ReplicaSet,
  old: ReplicaSet[],
  maxUnavailable: number,
  maxSurge: number,
): void {
  const minAvailable = d.spec.replicas - maxUnavailable;
  const active = old.filter((rs) => rs.spec.replicas > 0);
  if (active.length === 0) return;
  const newUnavailable = Math.max(0, newRS.spec.replicas - (newRS.status?.availableReplicas ?? 0));
  let budget = specSum(old) + newRS.spec.replicas - minAvailable - newUnavailable;
  // First drop old pods that are not available anyway: they cost no availability.
  for (const rs of active) {
    if (budget <= 0) break;
    const unhealthy = rs.spec.replicas - (rs.status?.availableReplicas ?? 0);
    const cut = Math.min(budget, Math.max(0, unhealthy));
    if (cut > 0) {
      setReplicas(store, rs, rs.spec.replicas - cut, d, maxSurge);
      budget -= cut;
    }
  }
  // Counted against spec too: a ReplicaSet just scaled down still reports its old pods.
  const fresh = [...old, newRS].map(
    (rs) => (store.get(RS_DEF, rs.metadata.namespace, rs.metadata.name) as ReplicaSet | undefined) ?? rs,
  );
  let spare =
    fresh.reduce((n, rs) => n + Math.min(rs.spec.replicas, rs.status?.availableReplicas ?? 0), 0) -
    minAvailable;
  for (const rs of active) {
    if (spare <= 0) break;
    const cur = store.get(RS_DEF, rs.metadata.namespace, rs.metadata.name) as ReplicaSet | undefined;
    if (!cur) continue;
    const cut = Math.min(spare, cur.spec.replicas);
    if (cut > 0) {
      setReplicas(store, cur, cur.spec.replicas - cut, d, maxSurge);
      spare -= cut;
    }
  }
}
