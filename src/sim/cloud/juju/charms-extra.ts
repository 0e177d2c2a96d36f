import { amqp, type Charm, certs, db, ep, identity, peer } from './charm-types.js';
import { OCTAVIA_CERT_KEYS } from './charms-openstack.js';

/**
 * The Octavia stack (relation names of openstack-bundles `overlays/loadbalancer-octavia.yaml`)
 * and the kubernetes-core bundle charms (fixtures/real/insper-kubernetes-core-bundle.yaml).
 */

const os2023 = '2023.2/stable';

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
    endpoints: [
      ep('secrets', 'barbican-secrets', 'requires', { scope: 'container' }),
      db,
      identity,
      amqp,
      certs,
      peer('cluster', 'openstack-ha'),
    ],
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
    endpoints: [
      ep('secrets', 'barbican-secrets', 'provides', { scope: 'container' }),
      ep('secrets-storage', 'vault-kv', 'requires'),
    ],
    required: ['secrets-storage'],
    ready: 'Unit is ready',
  },
  {
    name: 'octavia',
    version: '13.0.0',
    rev: 166,
    channel: os2023,
    ports: ['9876/tcp'],
    endpoints: [
      db,
      identity,
      amqp,
      ep('neutron-api', 'neutron-load-balancer', 'requires'),
      ep('ovsdb-subordinate', 'ovsdb-subordinate', 'requires', { scope: 'container' }),
      ep('ovsdb-cms', 'ovsdb-cms', 'requires'),
      certs,
      peer('cluster', 'openstack-ha'),
    ],
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
    endpoints: [ep('dashboard', 'dashboard-plugin', 'provides', { scope: 'container' })],
    required: [],
    ready: 'Unit is ready',
  },
  {
    name: 'glance-simplestreams-sync',
    version: '0.2.0',
    rev: 105,
    channel: os2023,
    endpoints: [identity, certs, ep('simplestreams-image-service', 'glance-simplestreams-sync', 'provides')],
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
    endpoints: [
      ep('juju-info', 'juju-info', 'requires', { scope: 'container' }),
      ep('identity-credentials', 'keystone-credentials', 'requires'),
    ],
    required: ['juju-info', 'identity-credentials'],
    ready: 'Unit is ready',
    config: { 'amp-image-tag': 'octavia-amphora', 'retrofit-series': '', 'retrofit-uca-pocket': '' },
  },
];

export const K8S_CHARMS: Charm[] = [
  {
    name: 'kubernetes-control-plane',
    version: '1.25.16',
    rev: 274,
    channel: 'stable',
    ports: ['6443/tcp'],
    endpoints: [
      ep('kube-control', 'kube-control', 'provides'),
      ep('kube-api-endpoint', 'http', 'provides'),
      ep('cni', 'kubernetes-cni', 'provides', { scope: 'container' }),
      ep('etcd', 'etcd', 'requires'),
      ep('certificates', 'tls-certificates', 'requires'),
      ep('container-runtime', 'container-runtime', 'requires', { scope: 'container' }),
      ep('openstack', 'openstack-integration', 'requires'),
      peer('coordinator', 'coordinator'),
      peer('kube-masters', 'kube-masters'),
    ],
    required: ['etcd', 'certificates', 'cni', 'container-runtime'],
    ready: 'Kubernetes control-plane running.',
    install: 300,
    missing: (l) => `Missing required relations: ${l.join(', ')}`,
  },
  {
    name: 'kubernetes-worker',
    version: '1.25.16',
    rev: 112,
    channel: 'stable',
    ports: ['80/tcp', '443/tcp'],
    endpoints: [
      ep('kube-control', 'kube-control', 'requires'),
      ep('certificates', 'tls-certificates', 'requires'),
      ep('cni', 'kubernetes-cni', 'provides', { scope: 'container' }),
      ep('container-runtime', 'container-runtime', 'requires', { scope: 'container' }),
      ep('openstack', 'openstack-integration', 'requires'),
      peer('coordinator', 'coordinator'),
    ],
    required: ['kube-control', 'certificates', 'cni', 'container-runtime'],
    ready: 'Kubernetes worker running.',
    install: 240,
    missing: (l) => `Missing required relations: ${l.join(', ')}`,
  },
  {
    name: 'etcd',
    version: '3.4.22',
    rev: 748,
    channel: 'stable',
    ports: ['2379/tcp'],
    endpoints: [
      ep('db', 'etcd', 'provides'),
      ep('certificates', 'tls-certificates', 'requires'),
      peer('cluster', 'etcd'),
    ],
    required: ['certificates'],
    ready: 'Healthy with 1 known peer',
    missing: () => 'Missing relation to certificate authority.',
  },
  {
    name: 'easyrsa',
    version: '3.0.1',
    rev: 48,
    channel: 'stable',
    endpoints: [ep('client', 'tls-certificates', 'provides')],
    required: [],
    ready: 'Certificate Authority connected.',
  },
  {
    name: 'calico',
    subordinate: true,
    version: '3.25.1',
    rev: 87,
    channel: 'stable',
    endpoints: [
      ep('etcd', 'etcd', 'requires'),
      ep('cni', 'kubernetes-cni', 'requires', { scope: 'container' }),
    ],
    required: ['etcd'],
    ready: 'Ready',
  },
  {
    name: 'containerd',
    subordinate: true,
    version: '1.6.8',
    rev: 54,
    channel: 'stable',
    endpoints: [ep('containerd', 'container-runtime', 'provides', { scope: 'container' })],
    required: [],
    ready: 'Container runtime available',
  },
  {
    name: 'openstack-integrator',
    version: 'yoga',
    rev: 69,
    channel: 'stable',
    endpoints: [ep('clients', 'openstack-integration', 'provides')],
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
    channel: 'stable',
    endpoints: [],
    required: [],
    ready: '',
  },
];
