import type { JobData } from '../../../jobs/definitions.js';
import { Codes, UserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import type { Step } from '../../recipe.js';
import { converge } from '../../steps.js';
import { lbIngress } from '../../tools/kube/index.js';
import { type LoadBalancer, lbProblem } from '../../tools/openstack/index.js';
import { describeSample, sampleAnswers } from '../common/http-answer.js';
import { kubeChange } from '../common/kube-change.js';
import { mustHaveDeployment } from '../common/kube-wait.js';
import { PORT, SERVICE } from './nodeport.js';
import { explainNoAnswers, findServiceLb } from './octavia-lb.js';
import type { ExposeState } from './state.js';

type D = JobData<'expose'>;

/** The guide's `hello-node-service.yaml` (type LoadBalancer, 8080 → 8080), or a patch of the existing service. */
export const loadBalancerService: Step<D, ExposeState> = {
  name: 'service hello-node (LoadBalancer)',
  check: async (_d, ctx) => {
    await mustHaveDeployment(ctx, SERVICE);
    const svc = await ctx.tools.kube.getService(SERVICE);
    return svc?.spec?.type === 'LoadBalancer' ? `service ${SERVICE} is of type LoadBalancer` : false;
  },
  apply: async (_d, ctx) => {
    const existing = await ctx.tools.kube.getService(SERVICE);
    const argv = existing
      ? ['patch', 'service', SERVICE, '-p', '{"spec":{"type":"LoadBalancer"}}']
      : ['apply', '-f', 'hello-node-service.yaml'];
    await kubeChange(ctx, argv, () => ctx.tools.kube.applyLoadBalancerService(SERVICE, PORT));
    if (!existing) return `service ${SERVICE} created (LoadBalancer)`;
    // A ClusterIP service (the Ingress way) gets its NodePort only now: open on no node yet.
    const nodePort = ctx.dryRun
      ? undefined
      : (await ctx.tools.kube.getService(SERVICE))?.spec?.ports?.[0]?.nodePort;
    return existing.spec?.type === 'ClusterIP' && nodePort
      ? `service ${SERVICE} patched to type LoadBalancer: it was ClusterIP, so NodePort ${nodePort} is new, and the load balancer reaches the pods there only where a security group opens it (the whole range, or openstack-integrator manage-security-groups=true)`
      : `service ${SERVICE} patched to type LoadBalancer`;
  },
  timeoutMs: 60_000,
};

/** Waits for `.status.loadBalancer.ingress[0]` (EXTERNAL-IP stops being `<pending>`). */
export const externalIp: Step<D, ExposeState> = {
  name: 'external IP',
  check: async (_d, ctx) => {
    const svc = await ctx.tools.kube.getService(SERVICE);
    const ing = svc ? lbIngress(svc) : undefined;
    if (ing?.state !== 'ready') return false;
    ctx.state.externalIp = ing.address;
    return `EXTERNAL-IP ${ing.address}`;
  },
  apply: async () => undefined,
  wait: async (_d, ctx) => {
    const ing = await ctx.tools.kube.waitLoadBalancerIngress(SERVICE, {
      timeoutMs: 9 * 60_000,
      signal: ctx.signal,
      onProgress: (m) => ctx.say(m),
    });
    ctx.state.externalIp = ing.address;
    return `EXTERNAL-IP ${ing.address}`;
  },
  timeoutMs: 10 * 60_000,
  timeoutHint:
    'the cloud provider did not create the load balancer: `openstack loadbalancer list` and the openstack-integrator relations',
};

/** The Service's Octavia load balancer, by name or by its external IP (a floating IP of the VIP). */
async function serviceLb(ctx: RecipeContext<ExposeState>): Promise<LoadBalancer | undefined> {
  const os = ctx.tools.openstack;
  const ip = ctx.state.externalIp;
  const lbs = await os.loadbalancerList();
  const ns = ctx.tools.kube.namespace;
  return (
    findServiceLb(lbs, SERVICE, ns, ip) ??
    (ip ? findServiceLb(lbs, SERVICE, ns, ip, await os.floatingIpList()) : undefined)
  );
}

/** What Octavia's status says, and what it cannot say. */
const lbState = (lb: LoadBalancer) =>
  `${lb.name} is ${lb.provisioning}/${lb.operating}${lb.operating === 'ERROR' ? '' : ' (Octavia checks no member without a health monitor: the answers through it decide)'}`;

/**
 * Octavia has built the load balancer (provisioning ACTIVE). Its operating status is not a
 * verdict: cloud-provider-openstack makes no health monitor unless `create-monitor` is set,
 * which charm-openstack-integrator 1.28 does not do, so members are NO_MONITOR and the load
 * balancer reads ONLINE whether or not they answer. The next step asks them.
 */
export const octaviaLb: Step<D, ExposeState> = {
  name: 'Octavia load balancer ACTIVE',
  check: async (_d, ctx) => {
    const lb = await serviceLb(ctx);
    if (!lb) return false;
    ctx.state.lb = lb.name;
    return lb.provisioning === 'ACTIVE' ? lbState(lb) : false;
  },
  apply: async () => undefined,
  wait: async (_d, ctx) => {
    const started = ctx.clock.now();
    const lb = await converge(
      async () => {
        const found = await serviceLb(ctx);
        if (!found) {
          if (ctx.clock.now() - started > 3 * 60_000)
            throw new UserError(
              Codes.osNotFound,
              `no Octavia load balancer for service ${SERVICE} (expected kube_service_…_${ctx.tools.kube.namespace}_${SERVICE} in \`openstack loadbalancer list\`): is openstack-integrator related to the cluster?`,
            );
          return false;
        }
        ctx.say(`${found.name}: ${found.provisioning}/${found.operating}`);
        if (found.provisioning === 'ERROR') throw lbProblem(found, []);
        return found.provisioning === 'ACTIVE' ? found : false;
      },
      { clock: ctx.clock, signal: ctx.signal, intervalMs: 2_000 },
    );
    ctx.state.lb = lb.name;
    return lbState(lb);
  },
  timeoutMs: 12 * 60_000,
  timeoutHint:
    'Octavia did not finish the load balancer: `openstack loadbalancer show <name>` and `openstack loadbalancer amphora list`',
};

/** How long (or for how many samples in a row) requests may keep failing through an ACTIVE load balancer before it is explained. */
const NO_ANSWER_GRACE_MS = 45_000;
const NO_ANSWER_SAMPLES = 5;

/**
 * Ten requests on new connections: every one must answer; the hosts show the spread over pods.
 * Failures that last are explained (the NodePort closed on some members) and end the step.
 */
export const lbAnswers: Step<D, ExposeState> = {
  name: 'answers through the load balancer',
  check: async (_d, ctx) => {
    const ip = ctx.state.externalIp;
    if (!ip) return false;
    const sample = await sampleAnswers(`http://${ip}:${PORT}/`, 10, ctx.signal);
    ctx.state.sample = describeSample(sample);
    return sample.every((a) => a.ok) ? String(ctx.state.sample) : false;
  },
  apply: async () => undefined,
  wait: async (_d, ctx) => {
    const url = `http://${String(ctx.state.externalIp)}:${PORT}/`;
    let failingSince: number | undefined;
    let failingSamples = 0;
    await converge(
      async () => {
        const s = await sampleAnswers(url, 10, ctx.signal);
        ctx.state.sample = describeSample(s);
        ctx.say(String(ctx.state.sample));
        const failed = s.filter((a) => !a.ok).length;
        if (failed === 0) return true;
        failingSince ??= ctx.clock.now();
        failingSamples++;
        if (ctx.clock.now() - failingSince < NO_ANSWER_GRACE_MS && failingSamples < NO_ANSWER_SAMPLES)
          return false;
        const svc = await ctx.tools.kube.getService(SERVICE);
        throw await explainNoAnswers(
          ctx,
          `${failed} of ${s.length} requests through the load balancer (${url}) got no answer (${String(ctx.state.sample)})`,
          svc?.spec?.ports?.[0]?.nodePort,
        );
      },
      { clock: ctx.clock, signal: ctx.signal, intervalMs: 2_000 },
    );
    return String(ctx.state.sample);
  },
  timeoutMs: 3 * 60_000,
  timeoutHint:
    "the external IP does not answer on 8080: the NodePort must be open to the amphorae on every node (workers and control plane): `openstack security group rule create --ingress --protocol tcp --dst-port 30000:32767 <the model's juju-… group>` or `juju config openstack-integrator manage-security-groups=true`",
};
