import { amqp, type Charm, certs, db, ep, identity, peer } from './charm-types.js';

/**
 * Charms of the lab's OpenStack model (versions, revisions, channels and messages as in the
 * course's screenshot of the finished deployment, fixtures/real/juju-status-tabular-insper-
 * lab-openstack-final.txt) plus the Octavia stack of the load-balancing overlay.
 */

/** Config keys octavia blocks on (charm-octavia `octavia.py`). */
export const OCTAVIA_CERT_KEYS = [
  'lb-mgmt-issuing-cacert',
  'lb-mgmt-issuing-ca-private-key',
  'lb-mgmt-issuing-ca-key-passphrase',
  'lb-mgmt-controller-cacert',
  'lb-mgmt-controller-cert',
];

const os2023 = '2023.2/stable';

export const OPENSTACK_CHARMS: Charm[] = [
  {
    name: 'mysql-router',
    subordinate: true,
    version: '8.0.39',
    rev: 200,
    channel: '8.0/stable',
    endpoints: [
      ep('shared-db', 'mysql-shared', 'provides', { scope: 'container' }),
      ep('db-router', 'mysql-router', 'requires'),
      ep('juju-info', 'juju-info', 'requires', { scope: 'container' }),
    ],
    required: ['db-router', 'shared-db'],
    ready: 'Unit is ready',
    install: 40,
  },
  {
    name: 'mysql-innodb-cluster',
    version: '8.0.39',
    rev: 153,
    channel: '8.0/stable',
    endpoints: [
      ep('shared-db', 'mysql-shared', 'provides'),
      ep('db-router', 'mysql-router', 'provides'),
      certs,
      peer('cluster', 'mysql-innodb-cluster'),
    ],
    required: [],
    ready: 'Unit is ready: Mode: R/O, Cluster is ONLINE and can tolerate up to ONE failure.',
  },
  {
    name: 'vault',
    version: '1.8.8',
    rev: 372,
    channel: '1.8/stable',
    ports: ['8200/tcp'],
    endpoints: [
      ep('secrets', 'vault-kv', 'provides'),
      ep('certificates', 'tls-certificates', 'provides'),
      db,
      peer('cluster', 'vault-ha'),
    ],
    required: ['shared-db'],
    ready: 'Unit is ready (active: true, mlock: disabled)',
    check: (app) => (app.flags.sealed ? { status: 'blocked', message: 'Unit is sealed' } : null),
  },
  {
    name: 'keystone',
    version: '24.0.0',
    rev: 682,
    channel: os2023,
    ports: ['5000/tcp'],
    endpoints: [
      ep('identity-service', 'keystone', 'provides'),
      ep('identity-credentials', 'keystone-credentials', 'provides'),
      ep('identity-notifications', 'keystone-notifications', 'provides'),
      db,
      certs,
      peer('cluster', 'keystone-ha'),
    ],
    required: ['shared-db'],
    ready: 'Unit is ready',
    appReady: 'Application Ready',
  },
  {
    name: 'rabbitmq-server',
    version: '3.9.13',
    rev: 188,
    channel: '3.9/stable',
    ports: ['5672/tcp', '15672/tcp'],
    endpoints: [ep('amqp', 'rabbitmq', 'provides'), certs, peer('cluster', 'rabbitmq-ha')],
    required: [],
    ready: 'Unit is ready',
  },
  {
    name: 'neutron-api',
    version: '23.1.0',
    rev: 596,
    channel: os2023,
    ports: ['9696/tcp'],
    endpoints: [
      ep('neutron-api', 'neutron-api', 'provides'),
      ep('neutron-load-balancer', 'neutron-load-balancer', 'provides'),
      ep('neutron-plugin-api-subordinate', 'neutron-plugin-api-subordinate', 'provides', {
        scope: 'container',
      }),
      db,
      identity,
      amqp,
      certs,
      peer('cluster', 'neutron-api-ha'),
    ],
    required: ['shared-db', 'identity-service', 'amqp'],
    ready: 'Unit is ready',
    config: { 'enable-ml2-port-security': 'false', 'enable-ml2-dns': 'false' },
  },
  {
    name: 'neutron-api-plugin-ovn',
    subordinate: true,
    version: '23.1.0',
    rev: 113,
    channel: os2023,
    endpoints: [
      ep('neutron-plugin', 'neutron-plugin-api-subordinate', 'requires', { scope: 'container' }),
      ep('ovsdb-cms', 'ovsdb-cms', 'requires'),
      certs,
    ],
    required: ['neutron-plugin', 'ovsdb-cms'],
    ready: 'Unit is ready',
    config: { 'dns-servers': '' },
  },
  {
    name: 'ovn-central',
    version: '22.09.1',
    rev: 234,
    channel: '23.09/stable',
    ports: ['6641-6642/tcp'],
    endpoints: [
      ep('ovsdb', 'ovsdb', 'provides'),
      ep('ovsdb-cms', 'ovsdb-cms', 'provides'),
      certs,
      peer('ovsdb-peer', 'ovsdb-cluster'),
    ],
    required: ['certificates'],
    ready: 'Unit is ready',
  },
  {
    name: 'ovn-chassis',
    subordinate: true,
    version: '23.09.0',
    rev: 296,
    channel: '23.09/stable',
    endpoints: [
      ep('nova-compute', 'neutron-plugin', 'provides', { scope: 'container' }),
      ep('ovsdb-subordinate', 'ovsdb-subordinate', 'provides', { scope: 'container' }),
      ep('ovsdb', 'ovsdb', 'requires'),
      certs,
      ep('juju-info', 'juju-info', 'requires', { scope: 'container' }),
    ],
    required: ['ovsdb', 'certificates'],
    ready: 'Unit is ready',
  },
];
