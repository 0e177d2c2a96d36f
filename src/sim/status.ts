import { isKubernetesDeployed, isOctaviaActive, listLoadBalancers, listServers } from './cloud/index.js';
import { runningLab } from './daemon.js';
import { readMeta } from './lab.js';

/** `labops sim status`: what the simulated lab holds, in words. */
export async function describeLab(stateDir: string): Promise<string> {
  const meta = readMeta(stateDir);
  if (!meta) return `no simulated lab in ${stateDir}: start one with \`labops sim up\``;
  const run = runningLab(stateDir);
  const servers = await listServers(stateDir);
  const lbs = await listLoadBalancers(stateDir);
  const lines = [
    `simulated lab in ${stateDir} (preset ${meta.preset}, time scale ${meta.timeScale}, Docker Hub user ${meta.dockerUser})`,
    run
      ? `  running: pid ${run.pid}, Kubernetes API ${run.kubeUrl}`
      : '  stopped: `labops sim up` resumes it',
    `  Octavia: ${(await isOctaviaActive(stateDir)) ? 'active' : 'not deployed'}`,
    `  Kubernetes: ${(await isKubernetesDeployed(stateDir)) ? 'deployed' : 'not deployed'}`,
    ...servers.map(
      (s) => `  instance ${s.name}: ${s.status}${s.floatingIp ? `, floating IP ${s.floatingIp}` : ''}`,
    ),
    ...lbs.map((l) => `  load balancer ${l.name}: ${l.vipAddress} ${l.provisioning}/${l.operating}`),
  ];
  if (run) {
    lines.push(
      "  to use the guide's commands by hand:",
      `    export PATH=${run.env.PATH?.split(':')[0]}:$PATH LABOPS_SIM_DIR=${stateDir} OS_CLOUD=sim KUBECONFIG=${run.env.LABOPS_KUBECONFIG}`,
    );
  }
  return lines.join('\n');
}
