import { formatP } from '../../probe/format-report.js';
import { probe } from '../../probe/probe.js';
import { histogramItem, pageItem, terminalItem, textItem } from '../collectors.js';
import { APP, externalUrl, serviceOf } from '../facts.js';
import type { LoadBalancerFacts } from '../lab-port.js';
import type { CheckpointManifest, CheckpointRun } from '../types.js';
import { formatResilience, resilienceOf, resilienceVerdict } from './cp6-resilience.js';

/** The balance probe: the guide's "access the external IP many times", 100 requests by default. */
const balance = (run: CheckpointRun) =>
  run.fact('balance', async () => {
    const url = await externalUrl(run);
    const d = await run.lab.deployment(APP);
    return probe({
      url,
      requests: run.settings.balanceRequests,
      concurrency: 10,
      timeoutMs: 5_000,
      expectedBackends: d && d.ready > 0 ? d.ready : undefined,
      signal: run.signal,
    });
  });

/**
 * The Service's load balancer: by cloud-provider-openstack's name (`kube_service_…_<app>`),
 * else by the external IP, which is the VIP's floating IP when the integrator has a
 * `floating-network-id` (the VIP itself otherwise).
 */
export function serviceLoadBalancer(
  lbs: readonly LoadBalancerFacts[],
  externalIp: string | undefined,
): LoadBalancerFacts | undefined {
  return (
    lbs.find((l) => l.name.startsWith('kube_service_') && l.name.endsWith(`_${APP}`)) ??
    (externalIp ? lbs.find((l) => l.floatingIp === externalIp || l.vipAddress === externalIp) : undefined)
  );
}

/**
 * Pure: judged by the answers through the load balancer, not by Octavia's status. Without a
 * health monitor (the charm's cloud config sets no `create-monitor`) members are NO_MONITOR
 * and the load balancer reads ACTIVE/ONLINE even when the amphorae cannot reach the NodePorts.
 */
export function lbAnswerVerdict(
  lb: LoadBalancerFacts,
  probe: { requests: number; failures: number } | undefined,
): { pass: boolean; measured: string } {
  const where = `${lb.name} (VIP ${lb.vipAddress ?? '?'}${lb.floatingIp ? `, floating IP ${lb.floatingIp}` : ''}): ${lb.provisioning}/${lb.operating}`;
  if (!probe) return { pass: false, measured: `${where}; Octavia has not finished it` };
  const answered = probe.requests - probe.failures;
  if (probe.requests > 0 && probe.failures === 0)
    return { pass: true, measured: `${where}; ${answered}/${probe.requests} requests answered through it` };
  return {
    pass: false,
    measured:
      `${where}; only ${answered}/${probe.requests} requests answered through it. Octavia's status does not show it ` +
      '(members NO_MONITOR without a health monitor): the NodePort is closed on some node (the control plane is a ' +
      "member too). Open 30000:32767 on the model's `juju-…` security group (`openstack security group rule create " +
      '--ingress --protocol tcp --dst-port 30000:32767 <group>`) or `juju config openstack-integrator manage-security-groups=true`.',
  };
}

/** CheckPoint-6: the page through the external IP, the spread over replicas, and a pod deleted under load. */
export const checkpoint6: CheckpointManifest = {
  n: 6,
  title: 'load balancer',
  guideTitle: 'CheckPoint-6 Load Balancer (Octavia)',
  requires: ['kubernetes'],
  items: [
    {
      id: 'external-ip-page',
      requires: ['lb-ip'],
      title: 'the service through the load balancer’s external IP',
      guide: 'Dê um print da aba do navegador mostrando o serviço rodando pelo IP externo do load balancer.',
      ...pageItem(externalUrl),
    },
    {
      id: 'balance-histogram',
      requires: ['lb-ip'],
      title: 'answers per replica',
      guide:
        'Verifique o balanceamento de carga acessando o IP externo múltiplas vezes e observe as respostas dos diferentes hosts.',
      ...histogramItem(balance),
    },
    {
      id: 'pod-deleted-under-load',
      requires: ['lb-ip'],
      title: 'a pod deleted while the service is probed',
      guide:
        'Confirme que o serviço é resiliente: force a remoção de uma réplica (kubectl delete pod [pod-name]) …, tire prints desta etapa.',
      ...textItem(
        async (run) =>
          `kubectl delete pod ${(await resilienceOf(run)).victim}   # while probing ${await externalUrl(run)}`,
        async (run) => formatResilience(await resilienceOf(run)),
      ),
    },
    {
      id: 'pods-after',
      requires: ['hello-node'],
      title: 'the pods after the deletion',
      guide: '… observe o load balancer direcionar o tráfego às réplicas restantes, tire prints desta etapa.',
      ...terminalItem(['kubectl', 'get', 'pods', '-l', `app=${APP}`, '-o', 'wide']),
    },
  ],
  criteria: [
    {
      id: 'external-ip',
      requires: ['hello-node'],
      title: 'external IP assigned',
      check: async (run) => {
        const svc = await serviceOf(run);
        if (!svc) return { pass: false, measured: `no service ${APP}` };
        if (svc.type !== 'LoadBalancer')
          return { pass: false, measured: `service ${APP} is of type ${svc.type}` };
        return { pass: Boolean(svc.externalIp), measured: svc.externalIp ?? 'EXTERNAL-IP <pending>' };
      },
    },
    {
      id: 'octavia',
      requires: ['lb-ip'],
      title: 'the Octavia load balancer is ACTIVE and answers through its external IP',
      check: async (run) => {
        const ip = (await serviceOf(run))?.externalIp;
        const lbs = await run.lab.loadBalancers();
        const lb = serviceLoadBalancer(lbs, ip);
        if (!lb) return { pass: false, measured: `no Octavia load balancer for ${APP} among ${lbs.length}` };
        if (lb.provisioning !== 'ACTIVE') return lbAnswerVerdict(lb, undefined);
        return lbAnswerVerdict(lb, await balance(run));
      },
    },
    {
      id: 'balanced',
      requires: ['lb-ip'],
      title: `at least 2 distinct hosts and an even spread`,
      check: async (run) => {
        const r = await balance(run);
        const v = r.verdict;
        const spread =
          v.pValue === null
            ? (v.note ?? 'no verdict')
            : `chi-square p = ${formatP(v.pValue)} (${v.even ? '≥' : '<'} ${v.alpha})`;
        return {
          pass: r.distinctHosts >= 2 && v.even,
          measured: `${r.distinctHosts} hosts in ${r.requests} requests (${r.failures} failed); ${spread}`,
        };
      },
    },
    {
      id: 'resilient',
      requires: ['lb-ip'],
      title: 'a pod deleted: failures stay low and the service recovers',
      check: async (run) => resilienceVerdict(await resilienceOf(run), run.settings.maxFailureShare),
    },
  ],
};
