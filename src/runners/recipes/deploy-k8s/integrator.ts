import type { JobData } from '../../../jobs/definitions.js';
import type { RecipeContext } from '../../context.js';
import type { Step } from '../../recipe.js';
import { controllerOf, k8sModelName } from './controller.js';

type D = JobData<'deploy-k8s'>;

const k8s = (ctx: RecipeContext) => ctx.tools.juju.inModel(`${controllerOf(ctx)}:${k8sModelName(ctx)}`);

/**
 * `juju config openstack-integrator manage-security-groups=true` (charm-openstack-integrator
 * release_1.28 `config.yaml`, default false): the cloud provider then opens each LoadBalancer
 * Service's NodePort to its load balancer on every member, the workers and the control plane
 * (which runs kube-proxy too, so it is a member, though Juju opens only 6443 there), and does
 * so again for a NodePort allocated later (a service patched from ClusterIP to LoadBalancer
 * after `/expose ingress`). Without it, Octavia's members show NO_MONITOR (no health monitor:
 * the charm writes no `create-monitor`) and requests to a closed member simply fail.
 */
export const manageSecurityGroups: Step<D> = {
  name: 'openstack-integrator manage-security-groups',
  check: async (_d, ctx) =>
    (await k8s(ctx)
      .getConfig('openstack-integrator', 'manage-security-groups')
      .catch(() => '')) === 'true'
      ? 'openstack-integrator manages the load balancers’ security groups'
      : false,
  apply: async (_d, ctx) => {
    await k8s(ctx).config('openstack-integrator', { 'manage-security-groups': 'true' });
    return 'openstack-integrator manage-security-groups=true: load balancers reach the NodePorts on every node';
  },
  timeoutMs: 3 * 60_000,
};
