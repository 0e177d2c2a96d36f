import { wildcardDnsAddress } from '../../../evidence/checkpoints/wildcard-dns.js';
import type { JobData } from '../../../jobs/definitions.js';
import { Codes, UserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import { k8sModelRef } from '../../lab-tools.js';
import type { Step } from '../../recipe.js';
import { converge } from '../../steps.js';
import { workerAddresses } from '../common/hello-url.js';
import { describeSample } from '../common/http-answer.js';
import { kubeChange } from '../common/kube-change.js';
import { mustHaveDeployment } from '../common/kube-wait.js';
import {
  candidatePorts,
  findAnswering,
  getVia,
  type IngressController,
  type IngressEndpoint,
  ingressUrl,
  readIngressController,
} from './ingress-endpoint.js';
import { PORT, SERVICE } from './nodeport.js';
import type { ExposeState } from './state.js';

type D = JobData<'expose'>;

/** Charmed Kubernetes runs ingress-nginx in this namespace (`ingress-nginx-<worker app>`). */
const CONTROLLER_NS = 'ingress-nginx-kubernetes-worker';

/**
 * `kubectl expose deployment hello-node --port=8080`: the ClusterIP service the guide's
 * Ingress routes to (an existing hello-node service of any type serves as well).
 */
export const clusterIpService: Step<D, ExposeState> = {
  name: 'service hello-node (ClusterIP)',
  check: async (_d, ctx) => {
    await mustHaveDeployment(ctx, SERVICE);
    const svc = await ctx.tools.kube.getService(SERVICE);
    return svc ? `service ${SERVICE} (${svc.spec?.type ?? 'ClusterIP'}) exists` : false;
  },
  apply: async (_d, ctx) => {
    await kubeChange(ctx, ['expose', 'deployment', SERVICE, `--port=${PORT}`], () =>
      ctx.tools.kube.exposeNodePort(SERVICE, PORT, PORT, 'ClusterIP'),
    );
    return `service ${SERVICE} created (ClusterIP, port ${PORT})`;
  },
  timeoutMs: 60_000,
};

/** Worker addresses to try; none at all is an error that names both places looked at. */
async function addressesOrFail(ctx: RecipeContext<ExposeState>): Promise<string[]> {
  const addresses = await workerAddresses(ctx);
  if (addresses.length) return addresses;
  throw new UserError(
    Codes.jujuNotFound,
    `no address for the Kubernetes workers: \`juju status -m ${k8sModelRef(ctx.config).ref}\` lists no kubernetes-worker unit with an address and the cluster lists no node address (\`kubectl get nodes -o wide\`); run \`/deploy k8s\` first`,
  );
}

/** Finds the controller and where it answers; remembers both for the next steps. */
async function locateController(
  ctx: RecipeContext<ExposeState>,
): Promise<{ endpoint: IngressEndpoint; controller: IngressController } | undefined> {
  const addresses = await addressesOrFail(ctx);
  const controller = await readIngressController(ctx);
  const endpoint = await findAnswering(addresses, candidatePorts(controller), ctx.signal);
  if (endpoint) ctx.state.ingressEndpoint = endpoint;
  else
    ctx.say(
      `no ingress controller answers yet on ${addresses.join(', ')} (port ${candidatePorts(controller).join(', ')})`,
    );
  return endpoint && { endpoint, controller };
}

function describeController(e: IngressEndpoint, c: IngressController): string {
  const cls = c.classes[0];
  const klass = cls
    ? `IngressClass ${cls.name}${cls.isDefault ? ' (default)' : ''}`
    : 'no IngressClass for ingress-nginx';
  return `ingress controller answers on ${e.address}:${e.port} (${klass})`;
}

/**
 * The workers' ingress controller (Charmed Kubernetes: ingress-nginx on every worker, with
 * the default IngressClass): where it answers HTTP is where the Ingress's host must point.
 * Reads only; waits while the controller is not up yet.
 */
export const ingressController: Step<D, ExposeState> = {
  name: 'ingress controller on the workers',
  check: async (_d, ctx) => {
    const found = await locateController(ctx);
    return found ? describeController(found.endpoint, found.controller) : false;
  },
  apply: async () => undefined,
  wait: async (_d, ctx) => {
    const { endpoint: e, controller: c } = await converge(() => locateController(ctx), {
      clock: ctx.clock,
      signal: ctx.signal,
      intervalMs: 2_000,
    });
    if (!c.classes.some((x) => x.isDefault))
      ctx.say(
        'no default IngressClass for ingress-nginx: an Ingress without `spec.ingressClassName` may not be served',
      );
    return describeController(e, c);
  },
  timeoutMs: 3 * 60_000,
  timeoutHint: `no worker answers HTTP: is kubernetes-worker's \`ingress\` option on (\`juju config kubernetes-worker ingress\`), are the controller's pods running (\`kubectl get pods -n ${CONTROLLER_NS}\`) and is port 80 open on the workers (\`juju expose kubernetes-worker\`)?`,
};

/**
 * The guide's Ingress rewritten for today's clusters: `networking.k8s.io/v1` (not
 * extensions/v1beta1) and a `nip.io` host (xip.io is gone): `hello-node.<worker-ip>.nip.io`,
 * with the worker address where the ingress controller answered.
 */
export const ingress: Step<D, ExposeState> = {
  name: 'ingress hello-node (networking.k8s.io/v1, nip.io)',
  check: async (_d, ctx) => {
    const ing = await ctx.tools.kube.getIngress(SERVICE);
    const host = ing?.spec?.rules?.[0]?.host;
    if (!ing || !host) return false;
    ctx.state.ingressHost = host;
    const cls = ing.spec?.ingressClassName;
    return `ingress ${SERVICE} routes ${host}${cls ? ` (class ${cls})` : ''}`;
  },
  apply: async (_d, ctx) => {
    const endpoint = ctx.state.ingressEndpoint;
    // Only a dry run gets here without it (the previous step waits for the controller).
    if (!endpoint && !ctx.dryRun)
      throw new UserError(Codes.kubeNotFound, 'no worker address where the ingress controller answers');
    const address = endpoint?.address ?? '<worker-ip>';
    const host = `${SERVICE}.${address}.nip.io`;
    // `kubectl create ingress` writes networking.k8s.io/v1 with pathType Prefix for `/*`.
    await kubeChange(ctx, ['create', 'ingress', SERVICE, `--rule=${host}/*=${SERVICE}:${PORT}`], () =>
      ctx.tools.kube.createIngress(SERVICE, address, PORT),
    );
    ctx.state.ingressHost = host;
    return `ingress ${SERVICE} routes ${host} to ${SERVICE}:${PORT}`;
  },
  timeoutMs: 60_000,
};

/** Five requests through the controller with the Ingress's host; every one must get the guide's page. */
async function answersThroughIngress(ctx: RecipeContext<ExposeState>): Promise<string | false> {
  const host = ctx.state.ingressHost;
  const endpoint = ctx.state.ingressEndpoint;
  if (!host || !endpoint) return false;
  // Where the host's name points (nip.io names carry the address), on the controller's port.
  const address = wildcardDnsAddress(host) ?? endpoint.address;
  ctx.state.url = ingressUrl(host, endpoint.port);
  ctx.state.ingressAddress = address;
  const sample = [];
  for (let i = 0; i < 5; i++) sample.push(await getVia(address, endpoint.port, host, 3_000, ctx.signal));
  ctx.state.sample = describeSample(sample);
  if (sample.every((a) => a.ok && a.message))
    return `hello-node answers at ${String(ctx.state.url)}: ${String(ctx.state.sample)}`;
  const bad = sample.find((a) => !a.ok) ?? sample[0];
  ctx.state.lastAnswer = bad?.error
    ? address !== endpoint.address
      ? `${bad.error}: the Ingress's host points to ${address}, but the ingress controller answers on ${endpoint.address} (\`kubectl delete ingress ${SERVICE}\` and expose again)`
      : bad.error
    : bad?.status === 404 && bad.nginx
      ? 'HTTP 404 from ingress-nginx (it has not picked up the rule: check the Ingress class)'
      : bad?.status === 503
        ? 'HTTP 503 from ingress-nginx (no ready endpoints behind service hello-node)'
        : `HTTP ${bad?.status}`;
  return false;
}

/** Waits until hello-node answers through the ingress controller with the Ingress's host. */
export const ingressAnswers: Step<D, ExposeState> = {
  name: 'answers through the ingress',
  check: async (_d, ctx) => answersThroughIngress(ctx),
  apply: async () => undefined,
  wait: async (_d, ctx) =>
    converge(() => answersThroughIngress(ctx), {
      clock: ctx.clock,
      signal: ctx.signal,
      intervalMs: 1_000,
      onWait: (n) => {
        if (n % 5 === 0) ctx.say(`not yet: ${String(ctx.state.lastAnswer ?? 'no answer')}`);
      },
    }),
  timeoutMs: 3 * 60_000,
  timeoutHint: `the page does not answer through the ingress: \`kubectl describe ingress ${SERVICE}\` (class, ADDRESS, backends), \`kubectl get endpoints ${SERVICE}\`, and the controller's logs (\`kubectl logs -n ${CONTROLLER_NS} -l app.kubernetes.io/name=${CONTROLLER_NS}\`)`,
};
