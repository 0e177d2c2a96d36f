import type { JobData } from '../../jobs/definitions.js';
import type { Recipe } from '../recipe.js';
import { answers, type FloatingIpState, floatingIp } from './webserver/floating-ip.js';
import { instance, SERVER } from './webserver/instance.js';
import { type RulesState, SG, securityGroup, securityRules } from './webserver/security-group.js';

type D = JobData<'deploy-webserver'>;
/** What the steps hand on: the rules read, the floating IP and the server's answer. */
type S = FloatingIpState & RulesState;

/** `/deploy webserver`: CheckPoint 1's instance, its own security group, a floating IP, and the guide's server.js answering. */
export const deployWebserver = {
  job: 'deploy-webserver',
  requires: ['openstack'],
  steps: [securityGroup, securityRules, instance, floatingIp, answers],
  result: (_d, ctx) => {
    const { ip } = ctx.state;
    return {
      summary: ctx.dryRun
        ? `dry run: would create ${SERVER}`
        : `${SERVER} answers at http://${String(ip)}:8080`,
      fields: [
        { name: 'instance', value: `${SERVER} (m1.small, ${ctx.config.LABOPS_OS_IMAGE})` },
        { name: 'security group', value: `${SG}: tcp 22, tcp 8080, icmp` },
        ...(ip
          ? [
              { name: 'floating IP', value: ip },
              { name: 'try', value: `curl http://${ip}:8080/ ; ssh ubuntu@${ip}` },
            ]
          : []),
        ...(ctx.state.answer ? [{ name: 'answer', value: ctx.state.answer }] : []),
      ],
    };
  },
} satisfies Recipe<D, S>;
