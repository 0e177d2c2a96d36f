import { type Charm, fromFacts, OPENSTACK_LABELS } from './charm-types.js';
import { OPENSTACK_FACTS } from './charms/openstack.js';

/** Compute, storage and dashboard charms of the lab's OpenStack model (same source as charms-openstack.ts). */

const os2023 = '2023.2/stable';

/** nova-compute words two missing relations its own way. */
const NOVA_LABELS = { ...OPENSTACK_LABELS, ceph: 'storage-backend' };

export const COMPUTE_CHARMS: Charm[] = [
  {
    name: 'nova-compute',
    version: '28.0.1',
    rev: 756,
    channel: os2023,
    ...fromFacts({ [os2023]: OPENSTACK_FACTS['nova-compute'] }, NOVA_LABELS),
    required: ['image-service', 'amqp'],
    ready: 'Unit is ready',
  },
  {
    name: 'nova-cloud-controller',
    version: '28.0.1',
    rev: 759,
    channel: os2023,
    ports: ['8774/tcp', '8775/tcp'],
    ...fromFacts({ [os2023]: OPENSTACK_FACTS['nova-cloud-controller'] }),
    required: ['shared-db', 'identity-service', 'amqp', 'image-service'],
    ready: 'Unit is ready',
  },
  {
    name: 'placement',
    version: '10.0.0',
    rev: 100,
    channel: os2023,
    ports: ['8778/tcp'],
    ...fromFacts({ [os2023]: OPENSTACK_FACTS.placement }),
    required: ['shared-db', 'identity-service'],
    ready: 'Unit is ready',
  },
  {
    name: 'glance',
    version: '27.0.0',
    rev: 622,
    channel: os2023,
    ports: ['9292/tcp'],
    ...fromFacts({ [os2023]: OPENSTACK_FACTS.glance }),
    required: ['shared-db', 'identity-service'],
    ready: 'Unit is ready',
  },
  {
    name: 'cinder',
    version: '23.0.0',
    rev: 691,
    channel: os2023,
    ports: ['8776/tcp'],
    ...fromFacts({ [os2023]: OPENSTACK_FACTS.cinder }),
    required: ['shared-db', 'identity-service', 'amqp'],
    ready: 'Unit is ready',
  },
  {
    name: 'cinder-ceph',
    subordinate: true,
    version: '23.0.0',
    rev: 528,
    channel: os2023,
    ...fromFacts({ [os2023]: OPENSTACK_FACTS['cinder-ceph'] }),
    required: ['ceph'],
    ready: 'Unit is ready',
  },
  {
    name: 'ceph-mon',
    version: '18.2.4',
    rev: 229,
    channel: 'reef/stable',
    ...fromFacts({ 'reef/stable': OPENSTACK_FACTS['ceph-mon'] }),
    required: [],
    ready: 'Unit is ready and clustered',
  },
  {
    name: 'ceph-osd',
    version: '18.2.4',
    rev: 616,
    channel: 'reef/stable',
    ...fromFacts({ 'reef/stable': OPENSTACK_FACTS['ceph-osd'] }, { mon: 'monitor' }),
    required: ['mon'],
    ready: 'Unit is ready (1 OSD)',
    missing: (l) => `Missing relation: ${l.join(', ')}`,
  },
  {
    name: 'ceph-radosgw',
    version: '18.2.4',
    rev: 574,
    channel: 'reef/stable',
    ports: ['80/tcp'],
    ...fromFacts({ 'reef/stable': OPENSTACK_FACTS['ceph-radosgw'] }, { mon: 'mon' }),
    required: ['mon'],
    ready: 'Unit is ready',
  },
  {
    name: 'openstack-dashboard',
    version: '23.3.0',
    rev: 655,
    channel: os2023,
    ports: ['80/tcp', '443/tcp'],
    ...fromFacts({ [os2023]: OPENSTACK_FACTS['openstack-dashboard'] }),
    required: ['identity-service', 'shared-db'],
    ready: 'Unit is ready',
  },
];
