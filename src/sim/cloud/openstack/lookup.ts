import { CliExit } from '../cli/io.js';
import type { OpenStackState } from '../state/types.js';

/**
 * Name-or-id lookups with the two error styles of python-openstackclient: the OSC
 * `find_resource` one (Nova, Keystone) and the openstacksdk one (Neutron, Glance).
 */

interface Named {
  id: string;
  name: string;
}

/** `No server with a name or ID of 'x' exists.` / `More than one server exists with the name 'x'.` */
export function findOsc<T extends Named>(items: T[], key: string, kind: string): T {
  const byId = items.find((i) => i.id === key);
  if (byId) return byId;
  const byName = items.filter((i) => i.name === key);
  if (byName.length > 1) throw new CliExit(`More than one ${kind} exists with the name '${key}'.\n`, 1);
  const found = byName[0];
  if (!found) throw new CliExit(`No ${kind} with a name or ID of '${key}' exists.\n`, 1);
  return found;
}

/** `No SecurityGroup found for x` / `More than one SecurityGroup exists with the name 'x'.` */
export function findSdk<T extends Named>(items: T[], key: string, kind: string): T {
  const byId = items.find((i) => i.id === key);
  if (byId) return byId;
  const byName = items.filter((i) => i.name === key);
  if (byName.length > 1) throw new CliExit(`More than one ${kind} exists with the name '${key}'.\n`, 1);
  const found = byName[0];
  if (!found) throw new CliExit(`No ${kind} found for ${key}\n`, 1);
  return found;
}

export function findProject(os: OpenStackState, key: string): OpenStackState['projects'][number] {
  return findOsc(os.projects, key, 'project');
}
