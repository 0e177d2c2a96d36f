import type { JobData } from '../../jobs/definitions.js';
import type { Recipe, Step } from '../recipe.js';
import { clusterIpService, ingress } from './expose/ingress.js';
import { externalIp, lbAnswers, loadBalancerService, octaviaLb } from './expose/loadbalancer.js';
import { nodePortAnswers, nodePortService, openPortOnWorkers, PORT } from './expose/nodeport.js';

type D = JobData<'expose'>;

const byMode: Record<D['mode'], Step<D>[]> = {
  nodeport: [nodePortService, openPortOnWorkers, nodePortAnswers],
  ingress: [clusterIpService, ingress],
  loadbalancer: [loadBalancerService, externalIp, octaviaLb, lbAnswers],
};

/** `/expose <nodeport|ingress|loadbalancer>`: the three ways of the guide to reach hello-node. */
export const expose = {
  job: 'expose',
  steps: (d) => byMode[d.mode],
  result: (d, ctx) => {
    if (ctx.dryRun) return { summary: `dry run: would expose hello-node as ${d.mode}`, fields: [] };
    const ip = ctx.vars.externalIp as string | undefined;
    const url = (ctx.vars.url as string | undefined) ?? (ip ? `http://${ip}:${PORT}/` : undefined);
    const fields = [
      ...(ip ? [{ name: 'external IP', value: ip }] : []),
      ...(ctx.vars.nodePort ? [{ name: 'NodePort', value: String(ctx.vars.nodePort) }] : []),
      ...(ctx.vars.lb ? [{ name: 'Octavia load balancer', value: String(ctx.vars.lb) }] : []),
      ...(ctx.vars.sample ? [{ name: 'sample', value: String(ctx.vars.sample) }] : []),
      ...(url ? [{ name: 'try', value: `for i in $(seq 1 10); do curl -s ${url}; echo; done` }] : []),
    ];
    return { summary: `hello-node exposed (${d.mode})${url ? ` at ${url}` : ''}`, fields };
  },
} satisfies Recipe<D>;
