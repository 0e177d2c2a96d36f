import type { V1Deployment, V1PodTemplateSpec, V1ReplicaSet } from '@kubernetes/client-node';

export const REVISION = 'deployment.kubernetes.io/revision';

const revisionOf = (o: { metadata?: { annotations?: Record<string, string> } }) => {
  const r = Number(o.metadata?.annotations?.[REVISION]);
  return Number.isFinite(r) ? r : undefined;
};

/**
 * The ReplicaSet `kubectl rollout undo` goes back to: among the Deployment's own
 * ReplicaSets (owner reference), the highest revision below the current one.
 */
export function previousReplicaSet(
  d: V1Deployment,
  replicaSets: readonly V1ReplicaSet[],
): V1ReplicaSet | undefined {
  const uid = d.metadata?.uid;
  const current = revisionOf(d) ?? Number.POSITIVE_INFINITY;
  const owned = replicaSets.filter(
    (rs) => !uid || rs.metadata?.ownerReferences?.some((o) => o.uid === uid && o.kind === 'Deployment'),
  );
  let best: { rs: V1ReplicaSet; rev: number } | undefined;
  for (const rs of owned) {
    const rev = revisionOf(rs);
    if (rev === undefined || rev >= current) continue;
    if (!best || rev > best.rev) best = { rs, rev };
  }
  return best?.rs;
}

/** The ReplicaSet's pod template without the `pod-template-hash` label the controller added. */
export function templateForUndo(rs: V1ReplicaSet): V1PodTemplateSpec {
  const tpl = structuredClone(rs.spec?.template ?? {}) as V1PodTemplateSpec;
  if (tpl.metadata?.labels) delete tpl.metadata.labels['pod-template-hash'];
  return tpl;
}

/**
 * Annotations kept from the Deployment, never copied from the ReplicaSet, when rolling back
 * (kubernetes/kubectl `pkg/polymorphichelpers/rollback.go`, `annotationsToSkip`).
 */
export const UNDO_KEEP_FROM_DEPLOYMENT: readonly string[] = [
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
];

/**
 * The Deployment's annotations after `kubectl rollout undo`: the skipped keys as the
 * Deployment has them, every other key as the ReplicaSet of that revision has it (so
 * `kubernetes.io/change-cause` comes back, and keys the ReplicaSet lacks go away), as
 * `DeploymentRollbacker.Rollback` computes them in kubectl's `rollback.go`.
 */
export function annotationsForUndo(d: V1Deployment, rs: V1ReplicaSet): Record<string, string> {
  const out: Record<string, string> = {};
  const current = d.metadata?.annotations ?? {};
  for (const k of UNDO_KEEP_FROM_DEPLOYMENT) if (current[k] !== undefined) out[k] = current[k];
  for (const [k, v] of Object.entries(rs.metadata?.annotations ?? {}))
    if (!UNDO_KEEP_FROM_DEPLOYMENT.includes(k)) out[k] = v;
  return out;
}

/** kubectl's own refusal (`rollback.go`), word for word. */
export const PAUSED_UNDO_REFUSAL =
  "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again";

/** Why `kubectl rollout undo` would refuse this Deployment, with the command that fixes it; undefined when it would not. */
export function undoRefusal(d: V1Deployment): string | undefined {
  if (!d.spec?.paused) return undefined;
  const name = d.metadata?.name ?? 'hello-node';
  return `deployment ${name} is paused, and kubectl refuses to roll back a paused deployment ("${PAUSED_UNDO_REFUSAL}"): run \`kubectl rollout resume deployment/${name}\`, then roll back again`;
}
