import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The credentials of one cloud of `clouds.yaml`, as the openrc variables they stand for.
 * With `OS_CLOUD` the openstack CLI reads them itself; juju's `add-cloud` and
 * `add-credential` need them spelt out (Keystone URL, user, password, project, domains).
 */

interface CloudEntry {
  auth?: Record<string, unknown>;
  region_name?: string;
  cacert?: string;
}

const AUTH_VARS: Record<string, string> = {
  auth_url: 'OS_AUTH_URL',
  username: 'OS_USERNAME',
  password: 'OS_PASSWORD',
  project_name: 'OS_PROJECT_NAME',
  project_id: 'OS_PROJECT_ID',
  user_domain_name: 'OS_USER_DOMAIN_NAME',
  project_domain_name: 'OS_PROJECT_DOMAIN_NAME',
  domain_name: 'OS_DOMAIN_NAME',
};

/** Where openstacksdk looks, first found wins: OS_CLIENT_CONFIG_FILE, ./, ~/.config/openstack/, /etc/openstack/. */
export function cloudsYamlPaths(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME || homedir();
  return [
    ...(env.OS_CLIENT_CONFIG_FILE ? [env.OS_CLIENT_CONFIG_FILE] : []),
    join(process.cwd(), 'clouds.yaml'),
    join(home, '.config', 'openstack', 'clouds.yaml'),
    '/etc/openstack/clouds.yaml',
  ];
}

async function entryIn(file: string, cloud: string): Promise<CloudEntry | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const doc = parse(text) as { clouds?: Record<string, CloudEntry> } | null;
  return doc?.clouds?.[cloud];
}

/** Pure: the openrc variables of a clouds.yaml entry (secure.yaml's auth merged over it). */
export function entryEnv(entry: CloudEntry, secure?: CloudEntry): Record<string, string> {
  const auth = { ...(entry.auth ?? {}), ...(secure?.auth ?? {}) };
  const env: Record<string, string> = {};
  for (const [key, name] of Object.entries(AUTH_VARS)) {
    const v = auth[key];
    if (typeof v === 'string' || typeof v === 'number') env[name] = String(v);
  }
  if (entry.region_name) env.OS_REGION_NAME = entry.region_name;
  if (entry.cacert) env.OS_CACERT = entry.cacert;
  return env;
}

/** The openrc variables of `cloud`, or undefined when no clouds.yaml names it. */
export async function cloudsYamlEnv(
  cloud: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, string> | undefined> {
  for (const file of cloudsYamlPaths(env)) {
    const entry = await entryIn(file, cloud);
    if (!entry) continue;
    const secureFile =
      env.OS_CLIENT_SECURE_FILE ?? join(env.HOME || homedir(), '.config', 'openstack', 'secure.yaml');
    return entryEnv(entry, await entryIn(secureFile, cloud));
  }
  return undefined;
}
