import type {
  V1ContainerPort,
  V1IngressBackend,
  V1IngressLoadBalancerIngress,
  V1LabelSelector,
  V1OwnerReference,
} from '@kubernetes/client-node';

/**
 * Shapes of the API objects the simulated cluster stores and reconciles, in their JSON form.
 * Where @kubernetes/client-node's types describe that form they are used as they are; its
 * types with timestamps (`V1ObjectMeta`, conditions) hold `Date`s, not the JSON's strings,
 * so those are declared here.
 */

/** An owner of an object (the ReplicaSet of a Pod, the Deployment of a ReplicaSet). */
export type OwnerReference = V1OwnerReference;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
}

/** Any stored object: kind-specific parts are read through the narrower interfaces below. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** A label selector (matchLabels and matchExpressions). */
export type LabelSelector = V1LabelSelector;

/** A port a container declares. */
export type ContainerPort = V1ContainerPort;

export interface Container {
  name: string;
  image: string;
  ports?: ContainerPort[];
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string }[];
  [key: string]: unknown;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  spec: { containers: Container[]; [key: string]: unknown };
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
}

export interface Deployment extends KubeObject {
  spec: {
    replicas: number;
    selector: LabelSelector;
    template: PodTemplate;
    strategy: {
      type: string;
      rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
    };
    revisionHistoryLimit: number;
    progressDeadlineSeconds: number;
    minReadySeconds?: number;
    paused?: boolean;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: Condition[];
    collisionCount?: number;
  };
}

export interface ReplicaSet extends KubeObject {
  spec: { replicas: number; selector: LabelSelector; template: PodTemplate; minReadySeconds?: number };
  status?: {
    replicas: number;
    fullyLabeledReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
  };
}

export interface ContainerState {
  waiting?: { reason: string; message?: string };
  running?: { startedAt: string };
  terminated?: { exitCode: number; reason: string; startedAt?: string; finishedAt: string; message?: string };
}

export interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  ready: boolean;
  started: boolean;
  restartCount: number;
  state: ContainerState;
  lastState: ContainerState;
}

export interface Pod extends KubeObject {
  spec: { containers: Container[]; nodeName?: string; [key: string]: unknown };
  status?: {
    phase: string;
    conditions?: Condition[];
    hostIP?: string;
    hostIPs?: { ip: string }[];
    podIP?: string;
    podIPs?: { ip: string }[];
    startTime?: string;
    containerStatuses?: ContainerStatus[];
    qosClass?: string;
  };
}

export interface ServicePort {
  name?: string;
  protocol: string;
  port: number;
  targetPort: number | string;
  nodePort?: number;
}

export interface Service extends KubeObject {
  spec: {
    type: string;
    ports: ServicePort[];
    selector?: Record<string, string>;
    clusterIP?: string;
    clusterIPs?: string[];
    [key: string]: unknown;
  };
  status?: { loadBalancer: { ingress?: { ip: string; ipMode?: string }[] } };
}

/** `backend` of an Ingress path or its `defaultBackend` (networking.k8s.io/v1). */
export type IngressBackend = V1IngressBackend;

export interface IngressPath {
  path?: string;
  pathType?: string;
  backend: IngressBackend;
}

export interface IngressRule {
  host?: string;
  http?: { paths: IngressPath[] };
}

/** One address of `status.loadBalancer.ingress`, with the ports it serves when not 80/443. */
export type IngressLoadBalancerIngress = V1IngressLoadBalancerIngress;

export interface Ingress extends KubeObject {
  spec: {
    ingressClassName?: string;
    defaultBackend?: IngressBackend;
    rules?: IngressRule[];
    tls?: { hosts?: string[]; secretName?: string }[];
  };
  status?: { loadBalancer?: { ingress?: IngressLoadBalancerIngress[] } };
}

export interface IngressClass extends KubeObject {
  spec: { controller?: string; parameters?: Record<string, unknown> };
}
