import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { readState } from './cloud/state/store.js';

/** The cloud name the simulated lab's `OS_CLOUD` selects. */
export const SIM_CLOUD = 'sim';

/** The Keystone of the simulated cloud: keystone/0's container address, port 5000, v3. */
export function keystoneUrl(stateDir: string): string {
  const model = readState(stateDir)?.juju.controllers['maas-controller']?.models.openstack;
  const machine = model?.applications.keystone?.units[0]?.machine ?? '';
  return `https://${model?.machines[machine]?.address ?? '172.16.15.113'}:5000/v3`;
}

/**
 * Writes `<stateDir>/clouds.yaml` as Horizon's "OpenStack clouds.yaml File" download would
 * read for the lab's admin (Keystone v3, `admin_domain`), so that what reads credentials
 * from `OS_CLOUD` (the openstack CLI, `juju add-credential`) finds them where it would on
 * `main`. Returns its path, for `OS_CLIENT_CONFIG_FILE`.
 */
export function writeSimCloudsYaml(stateDir: string): string {
  const file = join(stateDir, 'clouds.yaml');
  const doc = {
    clouds: {
      [SIM_CLOUD]: {
        auth: {
          auth_url: keystoneUrl(stateDir),
          username: 'admin',
          password: 'simulated-admin-password',
          project_name: 'admin',
          user_domain_name: 'admin_domain',
          project_domain_name: 'admin_domain',
        },
        region_name: 'RegionOne',
        interface: 'public',
        identity_api_version: 3,
      },
    },
  };
  writeFileSync(file, stringify(doc), { mode: 0o600 });
  return file;
}
