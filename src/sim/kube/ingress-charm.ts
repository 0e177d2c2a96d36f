/**
 * The ingress objects the kubernetes-worker charm creates (charmed-kubernetes/charm-kubernetes-worker
 * `templates/ingress-daemon-set.yaml`): their names, labels and the controller's DaemonSet.
 */
import { findResource, type ResourceDef } from './resources.js';
import { NODE_NAME } from './seed.js';
import type { Store } from './store.js';
import type { KubeObject } from './types.js';

const NODE_DEF = findResource('', 'v1', 'nodes') as ResourceDef;

/** Juju application of the workers; the charm names its ingress objects after it. */
export const APP = 'kubernetes-worker';
export const INGRESS_NAMESPACE = `ingress-nginx-${APP}`;
export const INGRESS_DAEMONSET = `nginx-ingress-controller-${APP}`;
export const INGRESS_CLASS = 'nginx-ingress-controller';
export const IMAGE = 'registry.k8s.io/ingress-nginx/controller:v1.11.2';

/** The labels the charm puts on its ingress objects and selects the controller's pods by. */
export const LABELS = {
  'app.kubernetes.io/name': INGRESS_NAMESPACE,
  'app.kubernetes.io/part-of': INGRESS_NAMESPACE,
};

/** The charm's DaemonSet, its controller listening on `port` of the worker's own address. */
export function ingressDaemonSet(port: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: INGRESS_DAEMONSET,
      namespace: INGRESS_NAMESPACE,
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
      generation: 1,
      labels: {
        ...LABELS,
        'juju-application': `nginx-ingress-${APP}`,
        [`cdk-${APP}-ingress`]: 'true',
        'cdk-restart-on-ca-change': 'true',
      },
    },
    spec: {
      selector: { matchLabels: LABELS },
      template: {
        metadata: {
          labels: LABELS,
          annotations: { 'prometheus.io/port': '10254', 'prometheus.io/scrape': 'true' },
        },
        spec: {
          serviceAccountName: `nginx-ingress-serviceaccount-${APP}`,
          nodeSelector: { 'juju-application': APP },
          terminationGracePeriodSeconds: 60,
          hostNetwork: true,
          containers: [
            {
              name: `nginx-ingress-controller${APP}`,
              image: IMAGE,
              args: [
                '/nginx-ingress-controller',
                '--configmap=$(POD_NAMESPACE)/nginx-configuration',
                '--tcp-services-configmap=$(POD_NAMESPACE)/tcp-services',
                '--udp-services-configmap=$(POD_NAMESPACE)/udp-services',
                '--annotations-prefix=nginx.ingress.kubernetes.io',
                `--http-port=${port}`,
              ],
              ports: [{ name: 'http', containerPort: port, hostPort: port, protocol: 'TCP' }],
            },
          ],
          restartPolicy: 'Always',
          dnsPolicy: 'ClusterFirst',
          schedulerName: 'default-scheduler',
        },
      },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
    status: {
      currentNumberScheduled: 1,
      numberMisscheduled: 0,
      desiredNumberScheduled: 1,
      numberReady: 1,
      observedGeneration: 1,
      updatedNumberScheduled: 1,
      numberAvailable: 1,
    },
  };
}

/** The worker address ingress-nginx reports: the node's ExternalIP, else its InternalIP. */
export function workerAddress(store: Store, fallback: string): string {
  const node = (store.get(NODE_DEF, undefined, NODE_NAME) ?? store.list(NODE_DEF)[0]) as
    | { status?: { addresses?: { type: string; address: string }[] } }
    | undefined;
  const addrs = node?.status?.addresses ?? [];
  return (
    addrs.find((a) => a.type === 'ExternalIP')?.address ??
    addrs.find((a) => a.type === 'InternalIP')?.address ??
    fallback
  );
}
