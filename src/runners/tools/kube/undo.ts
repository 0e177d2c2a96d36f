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
