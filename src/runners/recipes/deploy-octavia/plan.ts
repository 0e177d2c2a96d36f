import type { JujuStatusSummary } from '../../tools/juju/status-parse.js';

/** One application of the Octavia stack: charm, name, channel, placement, config. */
export interface AppPlan {
  name: string;
  charm: string;
  channel: string;
  to?: string;
  config?: Record<string, string>;
}

export interface Channels {
  openstack: string;
  ovn: string;
  mysql: string;
}

/** The stack's applications, created by `/deploy octavia` (and excluded from "was it healthy before?"). */
export const STACK = [
  'barbican',
  'barbican-vault',
  'barbican-mysql-router',
  'octavia',
  'octavia-mysql-router',
  'octavia-ovn-chassis',
  'octavia-dashboard',
  'glance-simplestreams-sync',
  'octavia-diskimage-retrofit',
] as const;

/**
 * Pure: channels follow the deployed cloud (LAB.md: read them from `juju status`, do not
 * assume): the OpenStack track from keystone, OVN from ovn-central, MySQL from the cluster.
 */
export function channelsOf(s: JujuStatusSummary): Channels {
  const ch = (app: string, fallback: string) =>
    s.applications.find((a) => a.name === app)?.channel || fallback;
  return {
    openstack: ch('keystone', '2023.2/stable'),
    ovn: ch('ovn-central', '23.09/stable'),
    mysql: ch('mysql-innodb-cluster', '8.0/stable'),
  };
}

/** Pure: the metal machines (0, 1, 2…) whose LXD containers take the new principal units. */
export function metalMachines(s: JujuStatusSummary): string[] {
  const ids = s.machines.map((m) => m.id).filter((id) => /^\d+$/.test(id));
  return ids.length ? ids : ['0'];
}

/** Pure: LAB.md step 2 as data: applications (principals in LXD, like the 2024-1 guide) and relations. */
export function octaviaPlan(
  c: Channels,
  machines: readonly string[],
): { apps: AppPlan[]; relations: [string, string][] } {
  const m = (i: number) => `lxd:${machines[i % machines.length] ?? '0'}`;
  const apps: AppPlan[] = [
    { name: 'barbican', charm: 'barbican', channel: c.openstack, to: m(1) },
    { name: 'barbican-vault', charm: 'barbican-vault', channel: c.openstack },
    { name: 'barbican-mysql-router', charm: 'mysql-router', channel: c.mysql },
    { name: 'octavia', charm: 'octavia', channel: c.openstack, to: m(2) },
    { name: 'octavia-mysql-router', charm: 'mysql-router', channel: c.mysql },
    { name: 'octavia-ovn-chassis', charm: 'ovn-chassis', channel: c.ovn },
    { name: 'octavia-dashboard', charm: 'octavia-dashboard', channel: c.openstack },
    { name: 'glance-simplestreams-sync', charm: 'glance-simplestreams-sync', channel: c.openstack, to: m(0) },
    {
      name: 'octavia-diskimage-retrofit',
      charm: 'octavia-diskimage-retrofit',
      channel: c.openstack,
      config: { 'amp-image-tag': 'octavia-amphora', 'retrofit-series': 'jammy' },
    },
  ];
  const relations: [string, string][] = [
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
  return { apps, relations };
}

/** Pure: the part of the plan `juju status` does not show yet. */
export function missingFromStatus(
  s: JujuStatusSummary,
  plan: { apps: AppPlan[]; relations: [string, string][] },
): { apps: AppPlan[]; relations: [string, string][] } {
  const app = (n: string) => s.applications.find((a) => a.name === n);
  const related = (a: string, b: string) =>
    Boolean(app(a)?.relatedTo.includes(b) || app(b)?.relatedTo.includes(a));
  return {
    apps: plan.apps.filter((a) => !app(a.name)),
    relations: plan.relations.filter(([a, b]) => !related(a.split(':')[0] ?? a, b.split(':')[0] ?? b)),
  };
}
