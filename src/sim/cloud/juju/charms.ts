import type { Charm, Endpoint } from './charm-types.js';
import { COMPUTE_CHARMS } from './charms-compute.js';
import { K8S_CHARMS, OCTAVIA_CHARMS } from './charms-extra.js';
import { OPENSTACK_CHARMS } from './charms-openstack.js';

const ALL = new Map<string, Charm>(
  [...OPENSTACK_CHARMS, ...COMPUTE_CHARMS, ...OCTAVIA_CHARMS, ...K8S_CHARMS].map((c) => [c.name, c]),
);

/** Strips `cs:`/`ch:` prefixes and revisions from a charm URL (`cs:octavia` → `octavia`). */
export function charmName(url: string): string {
  const base = url.replace(/^(cs|ch|local):/, '').replace(/^~[^/]+\//, '');
  const last = base.split('/').pop() ?? base;
  return last.replace(/-\d+$/, '');
}

/** The catalog entry for a charm name, or undefined when the charm store would not know it. */
export function findCharm(name: string): Charm | undefined {
  return ALL.get(charmName(name));
}

export function getCharm(name: string): Charm {
  const charm = findCharm(name);
  if (!charm) throw new Error(`charm ${name} is not in the simulated charm store`);
  return charm;
}

/** Every charm also provides `juju-info` implicitly. */
export function endpointsOf(charm: Charm): Endpoint[] {
  const eps = [...charm.endpoints];
  if (!eps.some((e) => e.name === 'juju-info'))
    eps.push({ name: 'juju-info', interface: 'juju-info', role: 'provides' });
  return eps;
}

export function endpoint(charm: Charm, name: string): Endpoint | undefined {
  return endpointsOf(charm).find((e) => e.name === name);
}
