import { randomUUID } from 'node:crypto';
import { mutate, readState } from './cloud/state/store.js';

interface Svc {
  metadata: { name: string; namespace: string };
  spec: { type?: string; ports?: { nodePort?: number }[] };
  status?: { loadBalancer?: { ingress?: { ip?: string }[] } };
}

/**
 * What the OpenStack cloud controller does on a real cluster: every Service of type
 * LoadBalancer that got an address has an Octavia load balancer named
 * `kube_service_<cluster>_<namespace>_<name>`, listed by `openstack loadbalancer list`.
 */
export async function syncOctavia(stateDir: string, kubeUrl: string, cluster = 'kubernetes'): Promise<void> {
  const res = await fetch(`${kubeUrl}/api/v1/services`).catch(() => null);
  if (!res?.ok) return;
  const list = (await res.json()) as { items: Svc[] };
  const wanted = new Map<string, string>();
  const nodePorts = new Map<string, number[]>();
  for (const s of list.items) {
    const ip = s.status?.loadBalancer?.ingress?.[0]?.ip;
    const name = `kube_service_${cluster}_${s.metadata.namespace}_${s.metadata.name}`;
    if (s.spec.type !== 'LoadBalancer' || !ip) continue;
    wanted.set(name, ip);
    nodePorts.set(
      name,
      (s.spec.ports ?? []).flatMap((p) => (p.nodePort ? [p.nodePort] : [])),
    );
  }
  const samePorts = (lb: { name: string; nodePorts?: number[] }) =>
    JSON.stringify(lb.nodePorts ?? []) === JSON.stringify(nodePorts.get(lb.name) ?? []);
  const current =
    readState(stateDir)?.openstack.loadbalancers.filter((lb) => lb.name.startsWith('kube_service_')) ?? [];
  const same =
    current.length === wanted.size &&
    current.every((lb) => wanted.get(lb.name) === lb.vipAddress && samePorts(lb));
  if (same) return;
  mutate(stateDir, (state) => {
    const os = state.openstack;
    os.loadbalancers = os.loadbalancers.filter(
      (lb) => !lb.name.startsWith('kube_service_') || wanted.has(lb.name),
    );
    for (const [name, ip] of wanted) {
      const have = os.loadbalancers.find((lb) => lb.name === name);
      if (have) {
        have.vipAddress = ip;
        have.nodePorts = nodePorts.get(name);
        continue;
      }
      const subnet = os.subnets.find((sn) => !sn.name.includes('lb-mgmt'));
      os.loadbalancers.push({
        id: randomUUID(),
        name,
        vipAddress: ip,
        vipSubnetId: subnet?.id ?? '',
        vipNetworkId: subnet?.networkId ?? '',
        vipPortId: randomUUID(),
        projectId: os.projects[0]?.id ?? '',
        createdAt: Date.now(),
        description: `Kubernetes external service ${name}`,
        tags: ['kube_service'],
        nodePorts: nodePorts.get(name),
      });
    }
  });
}
