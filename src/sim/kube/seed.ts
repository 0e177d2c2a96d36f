/** Objects every cluster has from the start: the usual namespaces and one worker node. */
import { findResource, type ResourceDef } from './resources.js';
import type { Store } from './store.js';
import type { KubeObject } from './types.js';

/** Name of the single simulated worker node. */
export const NODE_NAME = 'kubernetes-worker-0';

/** Creates what is missing of the seed objects (idempotent, so reloads keep user changes). */
export function seedCluster(store: Store): void {
  const ns = findResource('', 'v1', 'namespaces') as ResourceDef;
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    if (store.get(ns, undefined, name)) continue;
    store.create(ns, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        uid: '',
        resourceVersion: '',
        creationTimestamp: '',
        labels: { 'kubernetes.io/metadata.name': name },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    } as KubeObject);
  }
  const svc = findResource('', 'v1', 'services') as ResourceDef;
  if (!store.get(svc, 'default', 'kubernetes')) {
    store.create(svc, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        uid: '',
        resourceVersion: '',
        creationTimestamp: '',
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.152.183.1',
        clusterIPs: ['10.152.183.1'],
        ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 16443 }],
        sessionAffinity: 'None',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
      },
      status: { loadBalancer: {} },
    } as KubeObject);
  }
  const node = findResource('', 'v1', 'nodes') as ResourceDef;
  if (!store.get(node, undefined, NODE_NAME)) {
    store.create(node, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: NODE_NAME,
        uid: '',
        resourceVersion: '',
        creationTimestamp: '',
        labels: {
          'kubernetes.io/hostname': NODE_NAME,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
        },
      },
      spec: { podCIDR: '10.1.0.0/16' },
      status: {
        addresses: [
          { type: 'InternalIP', address: '127.0.0.1' },
          { type: 'Hostname', address: NODE_NAME },
        ],
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
          },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.4',
          containerRuntimeVersion: 'labops-sim://1',
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
      },
    } as KubeObject);
  }
}
