import { type Charm, fromFacts } from './charm-types.js';
import { K8S_128_FACTS, K8S_LATEST_FACTS } from './charms/kubernetes.js';
import { OPENSTACK_FACTS } from './charms/openstack.js';
import { OCTAVIA_CERT_KEYS } from './charms-openstack.js';

/**
 * The Octavia stack and the kubernetes-core bundle charms. Endpoints, config keys, actions and
 * series come from the charms' own files (charms/openstack.ts, charms/kubernetes.ts, each entry
 * naming its repository, commit and files); the rest (versions, messages) is the stand-in's.
 */

const os2023 = '2023.2/stable';

/** A kubernetes-core charm at the lab's pinned release (1.28/stable, the default here) and at latest/stable. */
const k8sFacts = (name: keyof typeof K8S_128_FACTS) =>
  fromFacts({ '1.28/stable': K8S_128_FACTS[name], 'latest/stable': K8S_LATEST_FACTS[name] }, {});

/** Status texts of charm-octavia (`octavia.py`). */
export const OCTAVIA_MSG = {
  certs: 'Missing required certificate configuration, please examine documentation',
  awaiting: 'Awaiting end-user execution of `configure-resources` action to create required resources',
};

export const OCTAVIA_CHARMS: Charm[] = [
  {
    name: 'barbican',
    version: '17.0.0',
    rev: 247,
    channel: os2023,
    ports: ['9311/tcp', '9312/tcp'],
    ...fromFacts({ [os2023]: OPENSTACK_FACTS.barbican }),
    required: ['shared-db', 'identity-service', 'amqp'],
    ready: 'Unit is ready',
    install: 90,
  },
  {
    name: 'barbican-vault',
    subordinate: true,
    version: '17.0.0',
    rev: 146,
    channel: os2023,
    ...fromFacts({ [os2023]: OPENSTACK_FACTS['barbican-vault'] }),
    required: ['secrets-storage'],
    ready: 'Unit is ready',
  },
  {
    name: 'octavia',
    version: '13.0.0',
    rev: 166,
    channel: os2023,
    ports: ['9876/tcp'],
    ...fromFacts({ [os2023]: OPENSTACK_FACTS.octavia }),
    required: ['shared-db', 'identity-service', 'amqp', 'neutron-api', 'ovsdb-subordinate', 'ovsdb-cms'],
    ready: 'Unit is ready',
    install: 120,
    config: { 'loadbalancer-topology': 'SINGLE', 'spare-pool-size': '0' },
    check: (app) => {
      if (OCTAVIA_CERT_KEYS.some((k) => !app.config[k]))
        return { status: 'blocked', message: OCTAVIA_MSG.certs };
      if (!app.flags.resourcesConfigured) return { status: 'blocked', message: OCTAVIA_MSG.awaiting };
      return null;
    },
  },
  {
    name: 'octavia-dashboard',
    subordinate: true,
    version: '13.0.0',
    rev: 97,
    channel: os2023,
    ...fromFacts({ [os2023]: OPENSTACK_FACTS['octavia-dashboard'] }),
    required: [],
    ready: 'Unit is ready',
  },
  {
    name: 'glance-simplestreams-sync',
    version: '0.2.0',
    rev: 105,
    channel: os2023,
    ...fromFacts({ [os2023]: OPENSTACK_FACTS['glance-simplestreams-sync'] }),
    required: ['identity-service'],
    ready: 'Unit is ready',
    config: { use_swift: 'true', mirror_list: '' },
  },
  {
    name: 'octavia-diskimage-retrofit',
    subordinate: true,
    version: '',
    rev: 112,
    channel: os2023,
    ...fromFacts({ [os2023]: OPENSTACK_FACTS['octavia-diskimage-retrofit'] }),
    required: ['juju-info', 'identity-credentials'],
    ready: 'Unit is ready',
    config: { 'amp-image-tag': 'octavia-amphora', 'retrofit-series': '', 'retrofit-uca-pocket': '' },
  },
];

export const K8S_CHARMS: Charm[] = [
  {
    name: 'kubernetes-control-plane',
    version: '1.28.15',
    rev: 274,
    channel: 'latest/stable',
    ports: ['6443/tcp'],
    ...k8sFacts('kubernetes-control-plane'),
    required: ['etcd', 'certificates', 'cni', 'container-runtime'],
    ready: 'Kubernetes control-plane running.',
    install: 300,
    missing: (l) => `Missing required relations: ${l.join(', ')}`,
  },
  {
    name: 'kubernetes-worker',
    version: '1.28.15',
    rev: 112,
    channel: 'latest/stable',
    ports: ['80/tcp', '443/tcp'],
    ...k8sFacts('kubernetes-worker'),
    required: ['kube-control', 'certificates', 'cni', 'container-runtime'],
    ready: 'Kubernetes worker running.',
    install: 240,
    missing: (l) => `Missing required relations: ${l.join(', ')}`,
  },
  {
    name: 'etcd',
    version: '3.4.22',
    rev: 748,
    channel: 'latest/stable',
    ports: ['2379/tcp'],
    ...k8sFacts('etcd'),
    required: ['certificates'],
    ready: 'Healthy with 1 known peer',
    missing: () => 'Missing relation to certificate authority.',
  },
  {
    name: 'easyrsa',
    version: '3.0.1',
    rev: 48,
    channel: 'latest/stable',
    ...k8sFacts('easyrsa'),
    required: [],
    ready: 'Certificate Authority connected.',
  },
  {
    name: 'calico',
    subordinate: true,
    version: '3.25.1',
    rev: 87,
    channel: 'latest/stable',
    ...k8sFacts('calico'),
    required: ['etcd'],
    ready: 'Ready',
  },
  {
    name: 'containerd',
    subordinate: true,
    version: '1.6.8',
    rev: 54,
    channel: 'latest/stable',
    ...k8sFacts('containerd'),
    required: [],
    ready: 'Container runtime available',
  },
  {
    name: 'openstack-integrator',
    version: 'yoga',
    rev: 69,
    channel: 'latest/stable',
    ...k8sFacts('openstack-integrator'),
    required: [],
    ready: 'Ready',
    config: {
      'subnet-id': '',
      'floating-network-id': '',
      'lb-method': 'ROUND_ROBIN',
      'manage-security-groups': 'false',
    },
  },
  {
    name: 'ubuntu',
    version: '22.04',
    rev: 24,
    channel: 'latest/stable',
    ...fromFacts({ 'latest/stable': K8S_LATEST_FACTS.ubuntu }),
    required: [],
    ready: '',
  },
];
