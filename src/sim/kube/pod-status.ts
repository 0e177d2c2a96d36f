/** Pure helpers that write a pod's status the way the kubelet reports it. */
import { createHash, randomBytes } from 'node:crypto';
import { now } from './store.js';
import type { Condition, ContainerState, ContainerStatus, Pod } from './types.js';

/** `labops/hello-node:v1` → `docker.io/labops/hello-node:v1`, as container runtimes report it. */
export function normalizeImage(image: string): string {
  const parts = image.split('/');
  const first = parts[0] ?? '';
  const hasRegistry =
    parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let ref = hasRegistry ? image : `docker.io/${parts.length === 1 ? 'library/' : ''}${image}`;
  const lastSegment = ref.split('/').pop() ?? '';
  if (!lastSegment.includes(':') && !ref.includes('@')) ref += ':latest';
  return ref;
}

/** A digest-style image ID, stable for one image name and build context. */
export function imageId(image: string, contextDir: string): string {
  const digest = createHash('sha256').update(`${image}\0${contextDir}`).digest('hex');
  return `${normalizeImage(image).replace(/:[^:/]+$/, '')}@sha256:${digest}`;
}

/** A fresh containerd-style container ID. */
export function newContainerId(): string {
  return `containerd://${randomBytes(32).toString('hex')}`;
}

/** Sets a pod condition, keeping lastTransitionTime when the status does not change. */
export function setPodCondition(pod: Pod, type: string, status: boolean): void {
  pod.status ??= { phase: 'Pending' };
  const st = pod.status;
  st.conditions ??= [];
  const conds = st.conditions;
  const value: Condition['status'] = status ? 'True' : 'False';
  const existing = conds.find((c) => c.type === type);
  if (existing) {
    if (existing.status !== value) {
      existing.status = value;
      existing.lastTransitionTime = now();
    }
    return;
  }
  conds.push({ type, status: value, lastProbeTime: null, lastTransitionTime: now() });
}

/** The container status of the pod's first container, created when missing. */
export function containerStatus(pod: Pod): ContainerStatus {
  pod.status ??= { phase: 'Pending' };
  const st = pod.status;
  st.containerStatuses ??= [];
  const list = st.containerStatuses;
  const c = pod.spec.containers[0];
  let cs = list[0];
  if (!cs) {
    cs = {
      name: c?.name ?? 'main',
      image: normalizeImage(c?.image ?? ''),
      imageID: '',
      ready: false,
      started: false,
      restartCount: 0,
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
    };
    list.push(cs);
  }
  return cs;
}

/** Updates the container state and the Ready/ContainersReady conditions together. */
export function setContainerState(pod: Pod, state: ContainerState, ready: boolean): void {
  const cs = containerStatus(pod);
  cs.state = state;
  cs.ready = ready;
  cs.started = !!state.running;
  setPodCondition(pod, 'ContainersReady', ready);
  setPodCondition(pod, 'Ready', ready);
}

/** Initial status of a scheduled pod: Pending, ContainerCreating, with host and pod IPs. */
export function initialPodStatus(pod: Pod, podIP: string, hostIP: string): void {
  pod.status = {
    phase: 'Pending',
    conditions: [],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: now(),
    qosClass: 'BestEffort',
  };
  setPodCondition(pod, 'PodReadyToStartContainers', true);
  setPodCondition(pod, 'Initialized', true);
  setPodCondition(pod, 'Ready', false);
  setPodCondition(pod, 'ContainersReady', false);
  setPodCondition(pod, 'PodScheduled', true);
  containerStatus(pod);
}
