import type {
  KubeConfig,
  V1Deployment,
  V1Ingress,
  V1Node,
  V1Pod,
  V1ReplicaSet,
  V1Service,
} from '@kubernetes/client-node';
import type { Clock } from '../../clock.js';
import type { Applied } from '../common/applied.js';
import type { LbIngress } from './lb-ingress.js';
import type { PodProblem } from './pod-problems.js';
import type { RolloutVerdict } from './rollout-verdict.js';
import type { AllRow } from './summary.js';

/** The Kubernetes adapter's interface and options (the implementation is in client.ts). */

export interface KubeDeps {
  kubeconfigPath?: string;
  /** A loaded config instead of a file (tests, the simulated lab). */
  kubeConfig?: KubeConfig;
  namespace?: string;
  signal?: AbortSignal;
  /** Server-side dry run (`dryRun=All`): the API validates mutations but stores nothing. */
  dryRun?: boolean;
  /** Per-request timeout. */
  requestTimeoutMs?: number;
  /** Interval of the wait loops, in the lab's time. */
  pollMs?: number;
  /** The lab's clock: the wait loops' interval and deadlines (default: real time). */
  clock?: Clock;
}

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export type Patch = { op: 'replace' | 'add' | 'remove' | 'test'; path: string; value?: unknown }[];

export interface Kube {
  readonly namespace: string;
  getDeployment(name: string): Promise<V1Deployment | null>;
  /** Every Deployment of the namespace (`kubectl get deploy`). */
  listDeployments(): Promise<V1Deployment[]>;
  createDeployment(
    name: string,
    image: string,
    port?: number,
    replicas?: number,
    pull?: { secret?: string },
  ): Promise<Applied<V1Deployment>>;
  /** The `type` of a Secret (never its data), or null when there is none of that name. */
  secretType(name: string): Promise<string | null>;
  scale(name: string, replicas: number): Promise<Applied>;
  /** `spec.replicas`, or null when the deployment does not exist. */
  replicas(name: string): Promise<number | null>;
  waitReady(name: string, replicas: number, o: WaitOptions): Promise<V1Deployment>;
  setImage(name: string, container: string, image: string): Promise<Applied>;
  rolloutStatus(name: string, o: WaitOptions): Promise<RolloutVerdict>;
  rolloutUndo(name: string): Promise<Applied<{ toRevision: string }>>;
  listPods(selector?: string): Promise<V1Pod[]>;
  deletePod(name: string): Promise<Applied>;
  podImagePullProblems(selector?: string): Promise<PodProblem[]>;
  getService(name: string): Promise<V1Service | null>;
  /** `kubectl expose deployment`: a NodePort service, or with `type` ClusterIP a cluster-internal one. */
  exposeNodePort(
    name: string,
    port: number,
    targetPort?: number,
    type?: 'NodePort' | 'ClusterIP',
  ): Promise<Applied<{ nodePort?: number }>>;
  applyLoadBalancerService(name?: string, port?: number): Promise<Applied<V1Service>>;
  waitLoadBalancerIngress(name: string, o: WaitOptions): Promise<Extract<LbIngress, { state: 'ready' }>>;
  createIngress(name: string, workerIp: string, servicePort?: number): Promise<Applied>;
  getIngress(name: string): Promise<V1Ingress | null>;
  /** Sets an annotation on the Deployment's own metadata (not its pod template: no rollout). */
  annotateDeployment(name: string, key: string, value: string): Promise<Applied>;
  /** The ReplicaSets the deployment selects (its revisions). */
  listReplicaSets(deployment: string): Promise<V1ReplicaSet[]>;
  /** The cluster's nodes (their addresses are where NodePorts answer). */
  listNodes(): Promise<V1Node[]>;
  getAllSummary(): Promise<AllRow[]>;
}
