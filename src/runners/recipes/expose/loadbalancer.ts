import type { JobData } from '../../../jobs/definitions.js';
import { UserError } from '../../../shared/errors.js';
import { labTools } from '../../lab-tools.js';
import type { Step } from '../../recipe.js';
import { converge } from '../../steps.js';
import { ToolCodes } from '../../tools/common/codes.js';
import { lbIngress } from '../../tools/kube/index.js';
import { lbVerdict } from '../../tools/openstack/index.js';
import { describeSample, sampleAnswers } from '../common/http-answer.js';
import { kubeChange } from '../common/kube-change.js';
import { mustHaveDeployment } from '../common/kube-wait.js';
import { PORT, SERVICE } from './nodeport.js';
import { explainOffline, findServiceLb } from './octavia-lb.js';

type D = JobData<'expose'>;

/** The guide's `hello-node-service.yaml` (type LoadBalancer, 8080 → 8080), or a patch of the existing service. */
export const loadBalancerService: Step<D> = {
  name: 'service hello-node (LoadBalancer)',
  check: async (_d, ctx) => {
    await mustHaveDeployment(ctx, SERVICE);
    const svc = await labTools(ctx).kube.getService(SERVICE);
    return svc?.spec?.type === 'LoadBalancer' ? `service ${SERVICE} is of type LoadBalancer` : false;
  },
  apply: async (_d, ctx) => {
    const existing = await labTools(ctx).kube.getService(SERVICE);
    const argv = existing
      ? ['patch', 'service', SERVICE, '-p', '{"spec":{"type":"LoadBalancer"}}']
      : ['apply', '-f', 'hello-node-service.yaml'];
    await kubeChange(ctx, argv, () => labTools(ctx).kube.applyLoadBalancerService(SERVICE, PORT));
    return existing
      ? `service ${SERVICE} patched to type LoadBalancer`
      : `service ${SERVICE} created (LoadBalancer)`;
  },
  timeoutMs: 60_000,
};

/** Waits for `.status.loadBalancer.ingress[0]` (EXTERNAL-IP stops being `<pending>`). */
export const externalIp: Step<D> = {
  name: 'external IP',
  check: async (_d, ctx) => {
    const svc = await labTools(ctx).kube.getService(SERVICE);
    const ing = svc ? lbIngress(svc) : undefined;
    if (ing?.state !== 'ready') return false;
    ctx.vars.externalIp = ing.address;
    return `EXTERNAL-IP ${ing.address}`;
  },
  apply: async () => undefined,
  wait: async (_d, ctx) => {
    const ing = await labTools(ctx).kube.waitLoadBalancerIngress(SERVICE, {
      timeoutMs: 9 * 60_000,
      signal: ctx.signal,
      onProgress: (m) => ctx.say(m),
    });
    ctx.vars.externalIp = ing.address;
    return `EXTERNAL-IP ${ing.address}`;
  },
  timeoutMs: 10 * 60_000,
  timeoutHint:
    'the cloud provider did not create the load balancer: `openstack loadbalancer list` and the openstack-integrator relations',
};

/** The Octavia load balancer must be ACTIVE **and** ONLINE (ACTIVE/ERROR means members fail health checks). */
export const octaviaLb: Step<D> = {
  name: 'Octavia load balancer ACTIVE/ONLINE',
  check: async (_d, ctx) => {
    const lb = findServiceLb(
      await labTools(ctx).openstack.loadbalancerList(),
      SERVICE,
      labTools(ctx).kube.namespace,
      ctx.vars.externalIp as string | undefined,
    );
    if (!lb) return false;
    ctx.vars.lb = lb.name;
    return lbVerdict(lb).state === 'healthy' ? `${lb.name} is ${lb.provisioning}/${lb.operating}` : false;
  },
  apply: async () => undefined,
  wait: async (_d, ctx) => {
    const os = labTools(ctx).openstack;
    const started = Date.now();
    const lb = await converge(
      async () => {
        const found = findServiceLb(
          await os.loadbalancerList(),
          SERVICE,
          labTools(ctx).kube.namespace,
          ctx.vars.externalIp as string | undefined,
        );
        if (!found) {
          if (Date.now() - started > 3 * 60_000)
            throw new UserError(
              ToolCodes.osNotFound,
              `no Octavia load balancer for service ${SERVICE} (expected kube_service_…_${labTools(ctx).kube.namespace}_${SERVICE} in \`openstack loadbalancer list\`): is openstack-integrator related to the cluster?`,
            );
          return false;
        }
        ctx.say(`${found.name}: ${found.provisioning}/${found.operating}`);
        const h = await os.lbHealthy(found.id || found.name).catch(async (e: unknown) => {
          // ACTIVE/ERROR right after creation is normal while health checks start; give it a minute.
          if (Date.now() - started < 60_000) return { state: 'pending' as const, lb: found };
          throw await explainOffline(ctx, e);
        });
        return h.state === 'healthy' ? h.lb : false;
      },
      { signal: ctx.signal, intervalMs: 2_000 },
    );
    ctx.vars.lb = lb.name;
    return `${lb.name} is ${lb.provisioning}/${lb.operating}`;
  },
  timeoutMs: 12 * 60_000,
  timeoutHint:
    'Octavia did not finish the load balancer: `openstack loadbalancer show <name>` and `openstack loadbalancer amphora list`',
};

/** Ten requests on new connections: every one must answer; the hosts show the spread over pods. */
export const lbAnswers: Step<D> = {
  name: 'answers through the load balancer',
  check: async (_d, ctx) => {
    const ip = ctx.vars.externalIp as string | undefined;
    if (!ip) return false;
    const sample = await sampleAnswers(`http://${ip}:${PORT}/`, 10, ctx.signal);
    ctx.vars.sample = describeSample(sample);
    return sample.every((a) => a.ok) ? String(ctx.vars.sample) : false;
  },
  apply: async () => undefined,
  wait: async (_d, ctx) => {
    const url = `http://${String(ctx.vars.externalIp)}:${PORT}/`;
    await converge(
      async () => {
        const s = await sampleAnswers(url, 10, ctx.signal);
        ctx.vars.sample = describeSample(s);
        ctx.say(String(ctx.vars.sample));
        return s.every((a) => a.ok);
      },
      { signal: ctx.signal, intervalMs: 2_000 },
    );
    return String(ctx.vars.sample);
  },
  timeoutMs: 3 * 60_000,
  timeoutHint:
    'the external IP does not answer on 8080: check the listener and members with `openstack loadbalancer member list`',
};
