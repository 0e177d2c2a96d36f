import type { V1Deployment } from '@kubernetes/client-node';

/**
 * The verdict `kubectl rollout status deployment/x` prints, as a pure function of the
 * Deployment (same order of checks and same words as kubectl's DeploymentStatusViewer),
 * so the bot's messages read like what the lab guide shows.
 */
export type RolloutVerdict =
  | { state: 'progressing'; message: string }
  | { state: 'done'; message: string }
  | { state: 'failed'; message: string };

export function rolloutVerdict(d: V1Deployment): RolloutVerdict {
  const name = d.metadata?.name ?? '';
  const generation = d.metadata?.generation ?? 0;
  const st = d.status ?? {};
  if (generation > (st.observedGeneration ?? 0)) {
    return { state: 'progressing', message: 'Waiting for deployment spec update to be observed...' };
  }
  const progressing = st.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { state: 'failed', message: `deployment "${name}" exceeded its progress deadline` };
  }
  const want = d.spec?.replicas;
  const updated = st.updatedReplicas ?? 0;
  const total = st.replicas ?? 0;
  const available = st.availableReplicas ?? 0;
  if (want !== undefined && updated < want) {
    return {
      state: 'progressing',
      message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...`,
    };
  }
  if (total > updated) {
    return {
      state: 'progressing',
      message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...`,
    };
  }
  if (available < updated) {
    return {
      state: 'progressing',
      message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`,
    };
  }
  return { state: 'done', message: `deployment "${name}" successfully rolled out` };
}
