// Probe: `labops probe` (a new TCP connection per request, default concurrency) over the 5
// pods of a LoadBalancer service of the simulated lab, N requests, against the guide's loop
// `for i in $(seq 1 N); do curl -s http://<ip>:8080/; done` run as N curl processes one after
// another (execa, no shell). Requests per second and the hosts histogram of both.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { simBinDir } from '../dist/sim/cloud/index.js';
import { OPENSTACK_CONTROLLER } from '../dist/sim/cloud/presets/k8s-model.js';
import { startSimLab } from '../dist/sim/lab.js';
import { round } from './lib.mjs';
import { labopsBin, tmp } from './world.mjs';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: hello-node
spec:
  type: LoadBalancer
  ports:
  - port: 8080
    targetPort: 8080
  selector:
    app: hello-node
`;

/**
 * Starts the simulated lab at `stateDir` with 5 hello-node pods behind a LoadBalancer service;
 * gives the service's URL, the lab's environment and `close`.
 */
export async function startProbeLab(stateDir = tmp('labops-bench-probe-')) {
  const lab = await startSimLab({ stateDir, preset: 'ready', timeScale: 0.005 });
  const env = { ...lab.env, KUBECONFIG: lab.env.LABOPS_KUBECONFIG, HOME: stateDir };
  const kubectl = (...args) => execa('kubectl', args, { env, extendEnv: false });
  try {
    // The `ready` lab was deployed without /deploy k8s's integrator step: open the NodePorts to
    // the load balancer on every node, as that step does (LAB.md, step 9's note).
    await execa(
      join(simBinDir(), 'juju'),
      ['config', '-m', `${OPENSTACK_CONTROLLER}:k8s`, 'openstack-integrator', 'manage-security-groups=true'],
      { env, extendEnv: false },
    );
    await kubectl('create', 'deployment', 'hello-node', '--image=labops/hello-node:v1', '--port=8080');
    await kubectl('scale', 'deployment', 'hello-node', '--replicas=5');
    await kubectl('rollout', 'status', 'deployment/hello-node', '--timeout=90s');
    const manifest = join(stateDir, 'hello-node-service.yaml');
    writeFileSync(manifest, SERVICE);
    await kubectl('apply', '-f', manifest);
    let ip = '';
    for (let i = 0; i < 300 && !ip; i++) {
      ip = (await kubectl('get', 'svc', 'hello-node', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}'))
        .stdout;
      if (!ip) await new Promise((r) => setTimeout(r, 100));
    }
    if (!ip) throw new Error('the load balancer got no address');
    await untilAnswering(`http://${ip}:8080/`);
    return { url: `http://${ip}:8080/`, env, close: () => lab.close() };
  } catch (err) {
    await lab.close();
    throw err;
  }
}

/** Sets up 5 pods behind a load balancer in the simulated lab at `stateDir`, then measures. */
export async function probeBench(stateDir = tmp('labops-bench-probe-'), { n = 1000 } = {}) {
  const lab = await startProbeLab(stateDir);
  try {
    return { url: lab.url, labops: await viaProbe(lab.url, n, lab.env), baseline: await viaCurl(lab.url, n) };
  } finally {
    await lab.close();
  }
}

async function viaProbe(url, n, env) {
  const t0 = performance.now();
  const r = await execa(
    process.execPath,
    [labopsBin, 'probe', url, '-n', String(n), '--expect', '5', '--json'],
    { env, extendEnv: false, reject: false },
  );
  const wallS = (performance.now() - t0) / 1000;
  const report = JSON.parse(r.stdout);
  return {
    requests: n,
    perSecond: round(n / wallS),
    probeOwnPerSecond: round(report.requestsPerSecond),
    /** The probe's own rate (its requests over its run, without the CLI's start-up). */
    rps: round(report.requestsPerSecond),
    failures: report.failures,
    hosts: Object.fromEntries(report.histogram.map((h) => [h.host, h.count])),
    histogram: Object.fromEntries(report.histogram.map((h) => [h.host, h.count])),
  };
}

async function viaCurl(url, n) {
  const hosts = {};
  let failures = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = await execa('curl', ['-s', url], { reject: false });
    const host = /"host":\s*"?([^,"]+)"?,/.exec(r.stdout)?.[1]?.trim();
    if (host) hosts[host] = (hosts[host] ?? 0) + 1;
    else failures++;
  }
  const wallS = (performance.now() - t0) / 1000;
  return {
    requests: n,
    perSecond: round(n / wallS),
    rps: round(n / wallS),
    failures,
    hosts,
    histogram: hosts,
  };
}

/** Waits until `url` answers a few times in a row (the pool's members open), up to 20 s. */
async function untilAnswering(url) {
  let streak = 0;
  for (let i = 0; i < 200 && streak < 5; i++) {
    const r = await execa('curl', ['-s', '-m', '2', url], { reject: false });
    streak = r.exitCode === 0 && r.stdout.includes('host') ? streak + 1 : 0;
    if (streak === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (streak < 5) throw new Error(`${url} does not answer through the load balancer`);
}
