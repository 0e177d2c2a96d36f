import { addImage, createLbMgmt } from '../juju/action-handlers.js';
import { getCharm } from '../juju/charms.js';
import { OCTAVIA_CERT_KEYS } from '../juju/charms-openstack.js';
import { integrate } from '../juju/integrate.js';
import { addApplication, addUnit } from '../juju/model-ops.js';
import type { CloudState, ModelState } from '../state/types.js';

/**
 * The outcome of LAB.md step 2 (Barbican + Octavia, OVN variant, amphora image, resources),
 * applied directly to the state for the `ready` preset.
 */

const APPS: Array<{ name: string; charm: string; to?: string; config?: Record<string, string> }> = [
  { name: 'barbican', charm: 'barbican', to: 'lxd:1' },
  { name: 'barbican-vault', charm: 'barbican-vault' },
  { name: 'barbican-mysql-router', charm: 'mysql-router' },
  { name: 'octavia', charm: 'octavia', to: 'lxd:2' },
  { name: 'octavia-mysql-router', charm: 'mysql-router' },
  { name: 'octavia-ovn-chassis', charm: 'ovn-chassis' },
  { name: 'octavia-dashboard', charm: 'octavia-dashboard' },
  { name: 'glance-simplestreams-sync', charm: 'glance-simplestreams-sync', to: 'lxd:0' },
  {
    name: 'octavia-diskimage-retrofit',
    charm: 'octavia-diskimage-retrofit',
    config: { 'amp-image-tag': 'octavia-amphora', 'retrofit-series': 'jammy' },
  },
];

/** Relations of the load-balancing overlay (fixtures/real/openstack-bundles-loadbalancer-octavia-overlay.yaml). */
export const OCTAVIA_RELATIONS: Array<[string, string]> = [
  ['barbican-mysql-router:db-router', 'mysql-innodb-cluster:db-router'],
  ['barbican-mysql-router:shared-db', 'barbican:shared-db'],
  ['barbican:identity-service', 'keystone:identity-service'],
  ['barbican:amqp', 'rabbitmq-server:amqp'],
  ['barbican:certificates', 'vault:certificates'],
  ['barbican-vault:secrets', 'barbican:secrets'],
  ['vault:secrets', 'barbican-vault:secrets-storage'],
  ['octavia-mysql-router:db-router', 'mysql-innodb-cluster:db-router'],
  ['octavia-mysql-router:shared-db', 'octavia:shared-db'],
  ['octavia:identity-service', 'keystone:identity-service'],
  ['octavia:amqp', 'rabbitmq-server:amqp'],
  ['octavia:neutron-api', 'neutron-api:neutron-load-balancer'],
  ['octavia:certificates', 'vault:certificates'],
  ['octavia-ovn-chassis:ovsdb-subordinate', 'octavia:ovsdb-subordinate'],
  ['octavia-ovn-chassis:ovsdb', 'ovn-central:ovsdb'],
  ['octavia-ovn-chassis:certificates', 'vault:certificates'],
  ['octavia:ovsdb-cms', 'ovn-central:ovsdb-cms'],
  ['octavia-dashboard:dashboard', 'openstack-dashboard:dashboard-plugin'],
  ['glance-simplestreams-sync:identity-service', 'keystone:identity-service'],
  ['glance-simplestreams-sync:certificates', 'vault:certificates'],
  ['octavia-diskimage-retrofit:juju-info', 'glance-simplestreams-sync:juju-info'],
  ['octavia-diskimage-retrofit:identity-credentials', 'keystone:identity-credentials'],
];

export function applyOctaviaStack(state: CloudState, model: ModelState, at: number): void {
  for (const spec of APPS) {
    const charm = getCharm(spec.charm);
    const app = addApplication(model, { name: spec.name, charm, config: spec.config, base: '22.04' }, at);
    if (!charm.subordinate) addUnit(model, app, charm, spec.to, at);
  }
  for (const [a, b] of OCTAVIA_RELATIONS) integrate(model, a, b, at, state.juju.mode);
  const neutron = model.applications['neutron-api'];
  if (neutron) neutron.config['enable-ml2-port-security'] = 'True';
  const octavia = model.applications.octavia;
  if (octavia) {
    for (const key of OCTAVIA_CERT_KEYS)
      octavia.config[key] = key.endsWith('passphrase') ? 'foobar' : 'LS0tLS1CRUdJTi...';
    octavia.flags.resourcesConfigured = true;
  }
  const gss = model.applications['glance-simplestreams-sync'];
  if (gss) gss.flags.synced = true;
  addImage(state, 'auto-sync/ubuntu-jammy-22.04-amd64-server-20240223-disk1.img', [], at);
  addImage(state, 'amphora-haproxy-x86_64-ubuntu-22.04-20240223', ['octavia-amphora'], at);
  createLbMgmt(state, at);
  state.openstack.roleAssignments.push({ user: 'admin', project: 'admin', role: 'load-balancer_admin' });
}
