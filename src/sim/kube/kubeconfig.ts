/** The kubeconfig that points kubectl and client-node at the simulated API server. */
import { writeFileSync } from 'node:fs';
import YAML from 'yaml';

/** Writes a kubeconfig with one cluster, one token user and one current context (namespace default). */
export function writeKubeconfig(path: string, url: string): void {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    // client-node refuses plain http unless TLS verification is marked as skipped.
    clusters: [{ name: 'labops-sim', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'labops-sim-admin', user: { token: 'labops-sim-token' } }],
    contexts: [
      {
        name: 'labops-sim',
        context: { cluster: 'labops-sim', user: 'labops-sim-admin', namespace: 'default' },
      },
    ],
    'current-context': 'labops-sim',
  };
  writeFileSync(path, YAML.stringify(config), { mode: 0o600 });
}
