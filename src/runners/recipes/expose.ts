import type { JobData } from '../../jobs/definitions.js';
import type { Recipe, Step } from '../recipe.js';
import { clusterIpService, ingress, ingressAnswers, ingressController } from './expose/ingress.js';
import { externalIp, lbAnswers, loadBalancerService, octaviaLb } from './expose/loadbalancer.js';
import { nodePortAnswers, nodePortService, openPortOnWorkers, PORT } from './expose/nodeport.js';
import type { ExposeState } from './expose/state.js';

type D = JobData<'expose'>;

const byMode: Record<D['mode'], Step<D, ExposeState>[]> = {
  nodeport: [nodePortService, openPortOnWorkers, nodePortAnswers],
  ingress: [clusterIpService, ingressController, ingress, ingressAnswers],
  loadbalancer: [loadBalancerService, externalIp, octaviaLb, lbAnswers],
};

/** `/expose <nodeport|ingress|loadbalancer>`: the three ways of the guide to reach hello-node. */
export const expose = {
  job: 'expose',
  requires: (d) => ['hello-node', ...(d.mode === 'loadbalancer' ? (['octavia'] as const) : [])],
  steps: (d) => byMode[d.mode],
  result: (d, ctx) => {
    if (ctx.dryRun) return { summary: `dry run: would expose hello-node as ${d.mode}`, fields: [] };
    const {
      externalIp: ip,
      ingressHost: host,
      ingressEndpoint: controller,
      nodePort,
      lb,
      sample,
    } = ctx.state;
    const url = ctx.state.url ?? (ip ? `http://${ip}:${PORT}/` : undefined);
    const fields = [
      ...(ip ? [{ name: 'external IP', value: ip }] : []),
      ...(d.mode === 'ingress' && host ? [{ name: 'Ingress host', value: host }] : []),
      ...(d.mode === 'ingress' && controller
        ? [{ name: 'ingress controller', value: `${controller.address}:${controller.port}` }]
        : []),
      ...(nodePort ? [{ name: 'NodePort', value: String(nodePort) }] : []),
      ...(lb ? [{ name: 'Octavia load balancer', value: lb }] : []),
      ...(sample ? [{ name: 'sample', value: sample }] : []),
      ...(url ? [{ name: 'try', value: `for i in $(seq 1 10); do curl -s ${url}; echo; done` }] : []),
      // The same through the ingress without a DNS server: curl sends the host, connects to the address.
      ...(d.mode === 'ingress' && url && host && ctx.state.ingressAddress && controller
        ? [
            {
              name: 'without DNS',
              value: `curl -s --resolve ${host}:${controller.port}:${ctx.state.ingressAddress} ${url}`,
            },
          ]
        : []),
    ];
    return { summary: `hello-node exposed (${d.mode})${url ? ` at ${url}` : ''}`, fields };
  },
} satisfies Recipe<D, ExposeState>;
