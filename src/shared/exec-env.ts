import { basename } from 'node:path';

/** Variables every tool gets: enough to find binaries, a home and a locale. */
const base = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'SNAP', 'XDG_RUNTIME_DIR'];

/**
 * The environment allow-list per tool: a tool sees only the variables it needs, so a
 * Docker Hub token never reaches juju and OpenStack credentials never reach docker.
 * Prefix entries end with `*`.
 */
const perTool: Record<string, string[]> = {
  juju: ['JUJU_DATA', 'JUJU_MODEL', 'JUJU_CONTROLLER'],
  openstack: ['OS_*', 'REQUESTS_CA_BUNDLE'],
  docker: [
    'DOCKER_HOST',
    'DOCKER_CONFIG',
    'DOCKER_CERT_PATH',
    'DOCKER_TLS_VERIFY',
    'DOCKER_BUILDKIT',
    'SSH_AUTH_SOCK',
  ],
  kubectl: ['KUBECONFIG'],
  openssl: ['OPENSSL_CONF'],
  vault: ['VAULT_ADDR', 'VAULT_TOKEN', 'VAULT_CACERT'],
  curl: ['SSL_CERT_FILE'],
};

/** Variables the simulated lab's stand-ins need, passed to every tool when present. */
const simulated = ['LABOPS_SIM_*'];

function allowed(name: string, list: string[]): boolean {
  return list.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

/** Builds the child's environment from `source` through the tool's allow-list, plus `extra`. */
export function toolEnv(
  command: string,
  source: NodeJS.ProcessEnv,
  extra: Record<string, string> = {},
  allowExtra: string[] = [],
): Record<string, string> {
  const list = [...base, ...(perTool[basename(command)] ?? []), ...simulated, ...allowExtra];
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && allowed(k, list)) env[k] = v;
  return { ...env, ...extra };
}
