/**
 * Manual trials: `node dist/sim/kube/dev-main.js [stateDir]` starts the simulated cluster
 * with any `…/hello-node:…` image mapped to the guide's web server and load balancers
 * available, then prints the KUBECONFIG to export.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKubeSim } from './index.js';

const HELLO_NODE = fileURLToPath(new URL('../../../assets/hello-node', import.meta.url));

const stateDir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'labops-kube-'));
const sim = await startKubeSim({
  stateDir,
  port: Number(process.env.PORT ?? 0),
  timeScale: Number(process.env.TIME_SCALE ?? 1),
  resolveImage: async (image) =>
    /(^|\/)hello-node(:[^/]*)?$/.test(image) ? { contextDir: HELLO_NODE } : null,
  loadBalancerReady: () => true,
  log: (msg, fields) => console.error(msg, fields ? JSON.stringify(fields) : ''),
});
console.log(`export KUBECONFIG=${sim.kubeconfigPath}   # API at ${sim.url}`);
const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
