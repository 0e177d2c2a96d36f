import { Codes, UserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import { k8sModelRef } from '../../lab-tools.js';
import type { FloatingIp, LoadBalancer } from '../../tools/openstack/index.js';

/**
 * The Octavia load balancer the cloud provider made for a Service: openstack-cloud-controller
 * names it `kube_service_<cluster>_<namespace>_<service>`. Failing that, by the Service's
 * external IP, which on OpenStack is the VIP's floating IP when openstack-integrator has a
 * `floating-network-id` (the Service's `status.loadBalancer.ingress[].ip` is then the FIP, not
 * the VIP): a floating IP whose fixed address is the VIP, or the VIP itself without one.
 */
export function findServiceLb(
  lbs: readonly LoadBalancer[],
  service: string,
  namespace: string,
  externalIp?: string,
  floatingIps: readonly FloatingIp[] = [],
): LoadBalancer | undefined {
  const suffix = `_${namespace}_${service}`;
  const byName = lbs.find((lb) => lb.name.startsWith('kube_service_') && lb.name.endsWith(suffix));
  if (byName || !externalIp) return byName;
  const fip = floatingIps.find((f) => f.address === externalIp);
  return lbs.find((lb) =>
    fip ? lb.vipAddress === fip.fixedAddress && Boolean(fip.fixedAddress) : lb.vipAddress === externalIp,
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
 * Pure: why requests through the load balancer fail, and the two ways to fix it. Octavia's
 * status cannot tell: with no health monitor its members are NO_MONITOR and the load balancer
 * stays ACTIVE/ONLINE while the amphorae cannot reach the NodePort.
 */
export function noAnswerMessage(o: {
  detail: string;
  nodePort?: number;
  group?: string;
  model: string;
}): string {
  const port = o.nodePort ? `NodePort ${o.nodePort}` : 'the NodePort';
  const group =
    o.group ?? "the model's group `juju-<controller uuid>-<model uuid>` (`openstack security group list`)";
  return (
    `${o.detail}. Octavia's status does not show this: without a health monitor its members are NO_MONITOR ` +
    'and the load balancer stays ACTIVE/ONLINE. The amphorae reach the pods on ' +
    `${port} of every node, the workers and the control plane (it runs kube-proxy too, so it is a member, ` +
    'and Juju opens only 6443 there); a NodePort opened with `open-port` on the workers only, or one allocated ' +
    'when the service was patched to LoadBalancer after `/expose ingress`, is closed on some of them. ' +
    `Open the NodePort range on the security group all of them share, ${group}: ` +
    `\`openstack security group rule create --ingress --protocol tcp --dst-port 30000:32767 ${o.group ?? '<that group>'}\`, ` +
    `or let the cloud provider open each service's NodePort itself: \`juju config -m ${o.model} openstack-integrator manage-security-groups=true\`.`
  );
}

/** The UserError for a load balancer that does not answer, naming the lab's own group and model. */
export async function explainNoAnswers(
  ctx: RecipeContext,
  detail: string,
  nodePort?: number,
): Promise<UserError> {
  const group = await k8sModelGroup(ctx).catch(() => undefined);
  return new UserError(
    Codes.lbUnhealthy,
    noAnswerMessage({ detail, nodePort, group, model: k8sModelRef(ctx.config).ref }),
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
  return modelSecurityGroup(await ctx.tools.openstack.securityGroupList(), uuid);
}
