import { type Charm, fromFacts } from './charm-types.js';
import { OPENSTACK_FACTS } from './charms/openstack.js';

/**
 * Charms of the lab's OpenStack model (versions, revisions, channels and messages as in the
 * course's screenshot of the finished deployment, fixtures/real/juju-status-tabular-insper-
 * lab-openstack-final.txt). Endpoints, config keys and actions come from the charms' own files
 * (charms/openstack.ts).
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
    ...fromFacts({ '8.0/stable': OPENSTACK_FACTS['mysql-router'] }),
    required: ['db-router', 'shared-db'],
    ready: 'Unit is ready',
    install: 40,
  },
  {
    name: 'mysql-innodb-cluster',
    version: '8.0.39',
    rev: 153,
    channel: '8.0/stable',
    ...fromFacts({ '8.0/stable': OPENSTACK_FACTS['mysql-innodb-cluster'] }),
    required: [],
    ready: 'Unit is ready: Mode: R/O, Cluster is ONLINE and can tolerate up to ONE failure.',
  },
  {
    name: 'vault',
    version: '1.8.8',
    rev: 372,
    channel: '1.8/stable',
    ports: ['8200/tcp'],
    ...fromFacts({ '1.8/stable': OPENSTACK_FACTS.vault }),
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
    ...fromFacts({ [os2023]: OPENSTACK_FACTS.keystone }),
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
    ...fromFacts({ '3.9/stable': OPENSTACK_FACTS['rabbitmq-server'] }),
    required: [],
    ready: 'Unit is ready',
  },
  {
    name: 'neutron-api',
    version: '23.1.0',
    rev: 596,
    channel: os2023,
    ports: ['9696/tcp'],
    ...fromFacts({ [os2023]: OPENSTACK_FACTS['neutron-api'] }),
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
    ...fromFacts({ [os2023]: OPENSTACK_FACTS['neutron-api-plugin-ovn'] }),
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
    ...fromFacts({ '23.09/stable': OPENSTACK_FACTS['ovn-central'] }),
    required: ['certificates'],
    ready: 'Unit is ready',
  },
  {
    name: 'ovn-chassis',
    subordinate: true,
    version: '23.09.0',
    rev: 296,
    channel: '23.09/stable',
    ...fromFacts({ '23.09/stable': OPENSTACK_FACTS['ovn-chassis'] }),
    required: ['ovsdb', 'certificates'],
    ready: 'Unit is ready',
  },
];
