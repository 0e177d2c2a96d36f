import { Output } from '../cli/io.js';
import { deployBundle } from '../juju/bundle.js';
import { addMachine, newModel } from '../juju/model-ops.js';
import type { CloudState } from '../state/types.js';

/**
 * LAB.md step 6 done: OpenStack added as a Juju cloud, a controller bootstrapped on it and the
 * shipped kubernetes-core bundle (assets/k8s/kubernetes-core-bundle.yaml: the course's bundle
 * pinned to Charmed Kubernetes 1.28 on jammy) deployed with the openstack-integrator overlay in
 * model `k8s`.
 */

const k8s128 = '1.28/stable';

/** assets/k8s/kubernetes-core-bundle.yaml as data (same machines, charms, channels, options, relations). */
export const KUBERNETES_CORE_BUNDLE = {
  series: 'jammy',
  machines: {
    '0': { constraints: 'cores=2 mem=8G root-disk=16G' },
    '1': { constraints: 'cores=2 mem=8G root-disk=16G' },
    '2': { constraints: 'cores=2 mem=8G root-disk=16G' },
  },
  applications: {
    calico: { channel: k8s128, charm: 'calico', options: { vxlan: 'Always' } },
    containerd: { channel: k8s128, charm: 'containerd' },
    easyrsa: { channel: k8s128, charm: 'easyrsa', num_units: 1, to: ['2'] },
    etcd: { channel: k8s128, charm: 'etcd', num_units: 1, options: { channel: '3.4/stable' }, to: ['0'] },
    'kubernetes-control-plane': {
      channel: k8s128,
      charm: 'kubernetes-control-plane',
      constraints: 'cores=2 mem=8G root-disk=16G',
      expose: true,
      num_units: 1,
      options: { channel: k8s128 },
      to: ['0'],
    },
    'kubernetes-worker': {
      channel: k8s128,
      charm: 'kubernetes-worker',
      constraints: 'cores=2 mem=8G root-disk=16G',
      expose: true,
      num_units: 1,
      options: { channel: k8s128 },
      to: ['1'],
    },
  },
  relations: [
    ['kubernetes-control-plane:kube-control', 'kubernetes-worker:kube-control'],
    ['kubernetes-control-plane:certificates', 'easyrsa:client'],
    ['kubernetes-control-plane:etcd', 'etcd:db'],
    ['kubernetes-worker:certificates', 'easyrsa:client'],
    ['etcd:certificates', 'easyrsa:client'],
    ['calico:etcd', 'etcd:db'],
    ['calico:cni', 'kubernetes-control-plane:cni'],
    ['calico:cni', 'kubernetes-worker:cni'],
    ['containerd:containerd', 'kubernetes-worker:container-runtime'],
    ['containerd:containerd', 'kubernetes-control-plane:container-runtime'],
  ],
};

/** assets/k8s/openstack-overlay.yaml (charmed-kubernetes `release_1.28/overlays/openstack-overlay.yaml`). */
export const OPENSTACK_OVERLAY = {
  applications: {
    'openstack-integrator': { channel: k8s128, charm: 'openstack-integrator', num_units: 1, trust: true },
  },
  relations: [
    ['openstack-integrator', 'kubernetes-control-plane:openstack'],
    ['openstack-integrator', 'kubernetes-worker:openstack'],
  ],
};

export const OPENSTACK_CLOUD = 'insper-openstack';
export const OPENSTACK_CONTROLLER = 'insper-openstack-regionone';

/** Adds the cloud, controller and deployed `k8s` model; does not switch the current model. */
export function applyK8sModel(state: CloudState, keystoneAddress: string, at: number): void {
  state.juju.clouds[OPENSTACK_CLOUD] = {
    type: 'openstack',
    endpoint: `https://${keystoneAddress}:5000/v3`,
    region: 'RegionOne',
  };
  state.juju.credentials[OPENSTACK_CLOUD] = ['admin'];
  const controllerModel = newModel('controller', OPENSTACK_CLOUD, 'RegionOne', 'openstack', at);
  addMachine(controllerModel, at);
  const k8s = newModel('k8s', OPENSTACK_CLOUD, 'RegionOne', 'openstack', at);
  deployBundle(k8s, [KUBERNETES_CORE_BUNDLE, OPENSTACK_OVERLAY], at, new Output(), true);
  const integrator = k8s.applications['openstack-integrator'];
  if (integrator) {
    const ext = state.openstack.networks.find((n) => n.external);
    const internal = state.openstack.subnets.find((s) => s.name === 'int_subnet');
    integrator.config['floating-network-id'] = ext?.id ?? '';
    integrator.config['subnet-id'] = internal?.id ?? '';
    // As `/deploy k8s` leaves it (src/runners/recipes/deploy-k8s/integrator.ts): the cloud
    // provider opens each LoadBalancer service's NodePort on the nodes' security group.
    integrator.config['manage-security-groups'] = 'true';
  }
  state.juju.controllers[OPENSTACK_CONTROLLER] = {
    cloud: OPENSTACK_CLOUD,
    region: 'RegionOne',
    models: { controller: controllerModel, k8s },
    currentModel: 'k8s',
  };
}
