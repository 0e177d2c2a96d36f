/**
 * Deployment status as the real controller reports it: replica counts (zeros omitted) and
 * the Progressing / Available conditions with their reasons, including
 * ProgressDeadlineExceeded once no progress was made for progressDeadlineSeconds.
 */
import { actualSum, availableSum, readySum } from './rollout-math.js';
import { now } from './store.js';
import type { Condition, Deployment, ReplicaSet } from './types.js';

export interface StatusInputs {
  /** Whether the new ReplicaSet was created in this sync. */
  created: boolean;
  nowMs: number;
  timeScale: number;
  maxUnavailable: number;
  /** Last time each deployment (by uid) made progress, in ms. */
  progress: Map<string, number>;
}

function setCondition(
  conds: Condition[],
  c: Omit<Condition, 'lastUpdateTime' | 'lastTransitionTime'>,
  touch: boolean,
): void {
  const ts = now();
  const cur = conds.find((x) => x.type === c.type);
  if (!cur) {
    conds.push({ ...c, lastUpdateTime: ts, lastTransitionTime: ts });
    return;
  }
  const changed = cur.status !== c.status || cur.reason !== c.reason || cur.message !== c.message;
  if (cur.status !== c.status) cur.lastTransitionTime = ts;
  if (changed || touch) cur.lastUpdateTime = ts;
  Object.assign(cur, { status: c.status, reason: c.reason, message: c.message });
}

/** Computes the next `status` of `d` from its ReplicaSets. */
export function deploymentStatus(
  d: Deployment,
  newRS: ReplicaSet | undefined,
  old: ReplicaSet[],
  o: StatusInputs,
): Deployment['status'] {
  const prev = d.status ?? {};
  const all = newRS ? [newRS, ...old] : old;
  const replicas = actualSum(all);
  const updated = newRS?.status?.replicas ?? 0;
  const ready = readySum(all);
  const available = availableSum(all);
  const unavailable = Math.max(0, all.reduce((n, r) => n + r.spec.replicas, 0) - available);
  const conds: Condition[] = structuredClone(prev.conditions ?? []);
  const want = d.spec.replicas;

  const minOk = available >= want - o.maxUnavailable;
  setCondition(
    conds,
    minOk
      ? {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        }
      : {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
        },
    false,
  );

  const rsName = newRS?.metadata.name ?? '';
  const oldActual = actualSum(old);
  const prevOld = (prev.replicas ?? 0) - (prev.updatedReplicas ?? 0);
  const progressed =
    updated > (prev.updatedReplicas ?? 0) ||
    oldActual < prevOld ||
    ready > (prev.readyReplicas ?? 0) ||
    available > (prev.availableReplicas ?? 0);
  const complete = !!newRS && updated === want && available === want && replicas === want;
  const uid = d.metadata.uid;
  const progressing = conds.find((c) => c.type === 'Progressing');
  if (d.spec.paused) {
    setCondition(
      conds,
      { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' },
      false,
    );
  } else if (o.created) {
    o.progress.set(uid, o.nowMs);
    setCondition(
      conds,
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetCreated',
        message: `Created new replica set "${rsName}"`,
      },
      true,
    );
  } else if (complete) {
    o.progress.set(uid, o.nowMs);
    setCondition(
      conds,
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${rsName}" has successfully progressed.`,
      },
      false,
    );
  } else if (
    progressed ||
    !progressing ||
    progressing.reason === 'NewReplicaSetAvailable' ||
    progressing.reason === 'DeploymentPaused'
  ) {
    o.progress.set(uid, o.nowMs);
    setCondition(
      conds,
      {
        type: 'Progressing',
        status: 'True',
        reason: 'ReplicaSetUpdated',
        message: `ReplicaSet "${rsName}" is progressing.`,
      },
      true,
    );
  } else if (progressing.reason !== 'ProgressDeadlineExceeded') {
    const parsed = Date.parse(progressing.lastUpdateTime ?? '');
    const since = o.progress.get(uid) ?? (Number.isNaN(parsed) ? o.nowMs : parsed);
    if (o.nowMs - since > d.spec.progressDeadlineSeconds * 1000 * o.timeScale)
      setCondition(
        conds,
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: `ReplicaSet "${rsName}" has timed out progressing.`,
        },
        false,
      );
  }
  // The real controller lists Available before Progressing.
  conds.sort((a, b) => (a.type === 'Available' ? -1 : b.type === 'Available' ? 1 : 0));

  const status: NonNullable<Deployment['status']> = { observedGeneration: d.metadata.generation ?? 1 };
  if (replicas) status.replicas = replicas;
  if (updated) status.updatedReplicas = updated;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (unavailable) status.unavailableReplicas = unavailable;
  status.conditions = conds;
  if (prev.collisionCount) status.collisionCount = prev.collisionCount;
  return status;
}
