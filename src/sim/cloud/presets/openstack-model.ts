import { getCharm } from '../juju/charms.js';
import { integrate } from '../juju/integrate.js';
import { addApplication, addContainer, newModel } from '../juju/model-ops.js';
import type { JujuMode, MachineState, ModelState } from '../state/types.js';

/**
 * The lab's finished OpenStack model (`maas-controller:openstack`), laid out as in the
 * course's screenshot (fixtures/real/juju-status-tabular-insper-lab-openstack-final.txt):
 * machines 0/1/2 = server3/4/5, services in LXD containers, every app active/idle.
 */

const METAL: Array<[string, string, string]> = [
  ['0', 'server3', '172.16.15.102'],
  ['1', 'server4', '172.16.15.104'],
  ['2', 'server5', '172.16.15.103'],
];

/** Container addresses of the screenshot, by container id. */
const CONTAINERS: Record<string, string> = {
  '0/lxd/0': '172.16.15.106',
  '0/lxd/1': '172.16.15.111',
  '0/lxd/2': '172.16.15.113',
  '0/lxd/3': '172.16.15.119',
  '0/lxd/4': '172.16.15.122',
  '0/lxd/5': '172.16.15.123',
  '1/lxd/0': '172.16.15.105',
  '1/lxd/1': '172.16.15.110',
  '1/lxd/2': '172.16.15.112',
  '1/lxd/3': '172.16.15.115',
  '1/lxd/4': '172.16.15.118',
  '1/lxd/5': '172.16.15.121',
  '2/lxd/0': '172.16.15.107',
  '2/lxd/1': '172.16.15.108',
  '2/lxd/2': '172.16.15.109',
  '2/lxd/3': '172.16.15.114',
  '2/lxd/4': '172.16.15.116',
  '2/lxd/5': '172.16.15.117',
  '2/lxd/6': '172.16.15.120',
};

/** Principal applications and where their units live. */
const PLACEMENT: Record<string, string[]> = {
  'ceph-mon': ['0/lxd/3', '1/lxd/5', '2/lxd/6'],
  'ceph-osd': ['0', '1', '2'],
  'ceph-radosgw': ['0/lxd/5'],
  cinder: ['0/lxd/4'],
  glance: ['1/lxd/4'],
  keystone: ['0/lxd/2'],
  'mysql-innodb-cluster': ['0/lxd/0', '1/lxd/0', '2/lxd/0'],
  'neutron-api': ['1/lxd/2'],
  'nova-cloud-controller': ['1/lxd/3'],
  'nova-compute': ['0', '1', '2'],
  'openstack-dashboard': ['2/lxd/5'],
  'ovn-central': ['0/lxd/1', '1/lxd/1', '2/lxd/2'],
  placement: ['2/lxd/4'],
  'rabbitmq-server': ['2/lxd/3'],
  vault: ['2/lxd/1'],
};

/** mysql-router instances: application name → the principal it serves. */
const ROUTERS: Record<string, string> = {
  'cinder-mysql-router': 'cinder',
  'dashboard-mysql-router': 'openstack-dashboard',
  'glance-mysql-router': 'glance',
  'keystone-mysql-router': 'keystone',
  'ncc-mysql-router': 'nova-cloud-controller',
  'neutron-api-mysql-router': 'neutron-api',
  'placement-mysql-router': 'placement',
  'vault-mysql-router': 'vault',
};

const RELATIONS: Array<[string, string]> = [
  ['nova-compute:amqp', 'rabbitmq-server:amqp'],
  ['nova-compute:image-service', 'glance:image-service'],
  ['nova-compute:cloud-compute', 'nova-cloud-controller:cloud-compute'],
  ['nova-compute:ceph', 'ceph-mon:client'],
  ['ovn-chassis:nova-compute', 'nova-compute:neutron-plugin'],
  ['ovn-chassis:ovsdb', 'ovn-central:ovsdb'],
  ['ovn-chassis:certificates', 'vault:certificates'],
  ['ceph-osd:mon', 'ceph-mon:osd'],
  ['ceph-radosgw:mon', 'ceph-mon:radosgw'],
  ['ceph-radosgw:identity-service', 'keystone:identity-service'],
  ['cinder-ceph:ceph', 'ceph-mon:client'],
  ['cinder-ceph:storage-backend', 'cinder:storage-backend'],
  ['cinder-ceph:ceph-access', 'nova-compute:ceph-access'],
  ['glance:ceph', 'ceph-mon:client'],
  ['neutron-api-plugin-ovn:neutron-plugin', 'neutron-api:neutron-plugin-api-subordinate'],
  ['neutron-api-plugin-ovn:ovsdb-cms', 'ovn-central:ovsdb-cms'],
  ['neutron-api-plugin-ovn:certificates', 'vault:certificates'],
  ['ovn-central:certificates', 'vault:certificates'],
  ['neutron-api:certificates', 'vault:certificates'],
  ['keystone:certificates', 'vault:certificates'],
  ['glance:certificates', 'vault:certificates'],
  ['cinder:certificates', 'vault:certificates'],
  ['placement:certificates', 'vault:certificates'],
  ['nova-cloud-controller:certificates', 'vault:certificates'],
  ['openstack-dashboard:certificates', 'vault:certificates'],
  ['mysql-innodb-cluster:certificates', 'vault:certificates'],
  ['neutron-api:amqp', 'rabbitmq-server:amqp'],
  ['nova-cloud-controller:amqp', 'rabbitmq-server:amqp'],
  ['cinder:amqp', 'rabbitmq-server:amqp'],
  ['glance:amqp', 'rabbitmq-server:amqp'],
  ['nova-cloud-controller:image-service', 'glance:image-service'],
  ['cinder:image-service', 'glance:image-service'],
  ['nova-cloud-controller:placement', 'placement:placement'],
  ['nova-cloud-controller:neutron-api', 'neutron-api:neutron-api'],
  ...['glance', 'cinder', 'neutron-api', 'nova-cloud-controller', 'placement', 'openstack-dashboard'].map(
    (a): [string, string] => [`${a}:identity-service`, 'keystone:identity-service'],
  ),
];

/** Builds the model; `at` is when everything was deployed (long enough ago to have converged). */
export function openstackModel(at: number, mode: JujuMode): ModelState {
  const model = newModel('openstack', 'maas-one', 'default', 'maas', at);
  model.uuid = `452d2a${model.uuid.slice(6)}`;
  for (const [id, host, address] of METAL) {
    const m: MachineState = {
      id,
      hostname: host,
      instanceId: host,
      address,
      base: '22.04',
      createdAt: at,
      kind: 'metal',
      constraints: 'arch=amd64 tags=compute',
      hardware: 'arch=amd64 cores=4 mem=32768M tags=compute availability-zone=default',
      nextContainer: 0,
    };
    model.machines[id] = m;
  }
  model.nextMachine = 3;
  for (const id of Object.keys(CONTAINERS).sort()) {
    const parent = id.split('/')[0] as string;
    const c = addContainer(model, parent, at);
    c.address = CONTAINERS[id] ?? c.address;
  }
  const add = (name: string, charmName: string): void => {
    const charm = getCharm(charmName);
    const app = addApplication(model, { name, charm, base: '22.04' }, at);
    for (const machine of PLACEMENT[name] ?? []) {
      app.units.push({ n: app.nextUnit++, machine, createdAt: at, ports: [...(charm.ports ?? [])] });
    }
  };
  for (const name of Object.keys(PLACEMENT)) add(name, name);
  for (const sub of ['cinder-ceph', 'neutron-api-plugin-ovn', 'ovn-chassis']) add(sub, sub);
  for (const router of Object.keys(ROUTERS)) add(router, 'mysql-router');
  for (const [a, b] of RELATIONS) integrate(model, a, b, at, mode);
  for (const [router, principal] of Object.entries(ROUTERS)) {
    integrate(model, `${router}:db-router`, 'mysql-innodb-cluster:db-router', at, mode);
    integrate(model, `${router}:shared-db`, `${principal}:shared-db`, at, mode);
  }
  const ncc = model.applications['neutron-api'];
  if (ncc) ncc.config['enable-ml2-dns'] = 'true';
  const ovn = model.applications['neutron-api-plugin-ovn'];
  if (ovn) ovn.config['dns-servers'] = '172.16.0.1';
  return model;
}
