import { isUserError, UserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import { k8sModelRef, labTools } from '../../lab-tools.js';
import { ToolCodes } from '../../tools/common/codes.js';
import type { LoadBalancer } from '../../tools/openstack/index.js';

/**
 * The Octavia load balancer the cloud provider made for a Service: openstack-cloud-controller
 * names it `kube_service_<cluster>_<namespace>_<service>`; the external IP is its VIP's
 * floating IP, so the VIP is matched as well.
 */
export function findServiceLb(
  lbs: readonly LoadBalancer[],
  service: string,
  namespace: string,
  externalIp?: string,
): LoadBalancer | undefined {
  const suffix = `_${namespace}_${service}`;
  return (
    lbs.find((lb) => lb.name.startsWith('kube_service_') && lb.name.endsWith(suffix)) ??
    (externalIp ? lbs.find((lb) => lb.vipAddress === externalIp) : undefined)
  );
}

/** The Juju model's own security group: `juju-<controller uuid>-<model uuid>` (machines add `-<n>`). */
export function modelSecurityGroup(
  groups: readonly { name: string }[],
  modelUuid: string,
): string | undefined {
  return groups.find((g) => g.name.startsWith('juju-') && g.name.endsWith(modelUuid))?.name;
}

/**
 * Adds to an "members offline" failure the exact rule to add, naming the Juju model's group,
 * because the model's security group does not let the amphorae reach the NodePorts.
 */
export async function explainOffline(ctx: RecipeContext, err: unknown): Promise<unknown> {
  if (!isUserError(err) || err.code !== ToolCodes.lbUnhealthy) return err;
  const group = await k8sModelGroup(ctx).catch(() => undefined);
  if (!group) return err;
  return new UserError(
    err.code,
    `${err.message} In this lab that group is ${group}: \`openstack security group rule create --ingress --protocol tcp --dst-port 30000:32767 ${group}\`.`,
    { cause: err },
  );
}

async function k8sModelGroup(ctx: RecipeContext): Promise<string | undefined> {
  const { controller, model: want } = k8sModelRef(ctx.config);
  const r = await ctx.exec({
    argv: ['juju', 'models', '-c', controller, '--format=json'],
    timeoutMs: 60_000,
    capture: 'full',
  });
  const doc = JSON.parse(r.stdout) as { models?: { 'short-name'?: string; 'model-uuid'?: string }[] };
  const uuid = doc.models?.find((m) => m['short-name'] === want)?.['model-uuid'];
  if (!uuid) return undefined;
  return modelSecurityGroup(await labTools(ctx).openstack.securityGroupList(), uuid);
}
