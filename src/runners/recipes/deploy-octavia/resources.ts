import type { JobData } from '../../../jobs/definitions.js';
import type { Step } from '../../recipe.js';
import { actionWhenReady } from './amphora.js';

type D = JobData<'deploy-octavia'>;
const CONFIGURE_RESOURCES_TIMEOUT_MS = 30 * 60_000;

/** `juju run octavia/leader configure-resources`: creates lb-mgmt-net and its security groups; Octavia turns active. */
export const configureResources: Step<D> = {
  name: 'configure-resources',
  check: async (_d, ctx) => {
    const s = await ctx.tools.juju.status();
    const units = s.units.filter((u) => u.application === 'octavia');
    return units.length > 0 && units.every((u) => u.workload === 'active') ? 'octavia is active' : false;
  },
  apply: async (_d, ctx) => {
    await actionWhenReady(ctx, 'octavia/leader', 'configure-resources', CONFIGURE_RESOURCES_TIMEOUT_MS);
    return 'configure-resources ran';
  },
  wait: async (_d, ctx) => {
    await ctx.tools.juju.waitFor(
      { octavia: 'active' },
      { timeoutMs: 28 * 60_000, intervalMs: 10_000, signal: ctx.signal },
    );
    return 'octavia is active';
  },
  timeoutMs: CONFIGURE_RESOURCES_TIMEOUT_MS,
  timeoutHint: '`juju status octavia` shows what it waits for (lb-mgmt network, amphora image, certificates)',
};

/** The `load-balancer_admin` role for the lab's user, then `openstack loadbalancer list` must answer. */
export const loadBalancerRole: Step<D> = {
  name: 'load-balancer_admin role',
  check: async (_d, ctx) => {
    const c = ctx.config;
    const list = await ctx.tools.openstack.roleAssignmentList({
      user: c.LABOPS_OS_USER,
      userDomain: c.LABOPS_OS_DOMAIN,
      project: c.LABOPS_OS_PROJECT,
      projectDomain: c.LABOPS_OS_DOMAIN,
    });
    return list.some((a) => a.role === 'load-balancer_admin')
      ? `${c.LABOPS_OS_USER} has load-balancer_admin on ${c.LABOPS_OS_PROJECT}`
      : false;
  },
  apply: async (_d, ctx) => {
    const c = ctx.config;
    await ctx.tools.openstack.roleAdd({
      role: 'load-balancer_admin',
      user: c.LABOPS_OS_USER,
      userDomain: c.LABOPS_OS_DOMAIN,
      project: c.LABOPS_OS_PROJECT,
      projectDomain: c.LABOPS_OS_DOMAIN,
    });
    return `load-balancer_admin given to ${c.LABOPS_OS_USER}`;
  },
  wait: async (_d, ctx) => {
    const lbs = await ctx.tools.openstack.loadbalancerList();
    return `\`openstack loadbalancer list\` answers (${lbs.length} load balancers)`;
  },
  timeoutMs: 3 * 60_000,
  timeoutHint: 'Keystone or Octavia API did not answer: `openstack loadbalancer list`',
};
