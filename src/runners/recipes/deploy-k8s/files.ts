import { join } from 'node:path';
import { stringify } from 'yaml';
import { helloNodeDir } from '../image/context.js';

/** `assets/k8s/<name>` (the course's kubernetes-core bundle and the openstack-integrator overlay). */
export function k8sAsset(name: string): string {
  return join(helloNodeDir(), '..', 'k8s', name);
}

/**
 * Pure: the `clouds.yaml` of `juju add-cloud` for the lab's Keystone. The lab's APIs are signed by
 * Vault's root CA: when the openrc names it (`OS_CACERT`), juju gets it as `ca-certificates`.
 */
export function cloudYaml(cloud: string, authUrl: string, region: string, caCert?: string): string {
  return stringify({
    clouds: {
      [cloud]: {
        type: 'openstack',
        'auth-types': ['userpass'],
        regions: { [region]: { endpoint: authUrl } },
        ...(caCert ? { 'ca-certificates': [caCert] } : {}),
      },
    },
  });
}

/** Pure: the `credentials.yaml` of `juju add-credential`, the guide's answers taken from the openrc. */
export function credentialYaml(cloud: string, env: Record<string, string | undefined>): string {
  return stringify({
    credentials: {
      [cloud]: {
        admin: {
          'auth-type': 'userpass',
          username: env.OS_USERNAME ?? 'admin',
          password: env.OS_PASSWORD ?? '',
          'tenant-name': env.OS_PROJECT_NAME ?? env.OS_TENANT_NAME ?? 'admin',
          'project-domain-name': env.OS_PROJECT_DOMAIN_NAME ?? 'admin_domain',
          'user-domain-name': env.OS_USER_DOMAIN_NAME ?? 'admin_domain',
          version: '3',
        },
      },
    },
  });
}
