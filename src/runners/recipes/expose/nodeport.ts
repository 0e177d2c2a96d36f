import type { JobData } from '../../../jobs/definitions.js';
import { Codes, UserError } from '../../../shared/errors.js';
import { k8sModelRef } from '../../lab-tools.js';
import type { Step } from '../../recipe.js';
import { converge } from '../../steps.js';
import { firstAnswering, workerAddresses, workerUnits } from '../common/hello-url.js';
import { kubeChange } from '../common/kube-change.js';
import { mustHaveDeployment } from '../common/kube-wait.js';
import type { ExposeState } from './state.js';

type D = JobData<'expose'>;
export const SERVICE = 'hello-node';
export const PORT = 8080;

/** `kubectl expose deployment hello-node --type=NodePort --port=8080`, unless a service exists. */
export const nodePortService: Step<D, ExposeState> = {
  name: 'service hello-node (NodePort)',
  check: async (_d, ctx) => {
    await mustHaveDeployment(ctx, SERVICE);
    const svc = await ctx.tools.kube.getService(SERVICE);
    const nodePort = svc?.spec?.ports?.[0]?.nodePort;
    if (!svc || !nodePort) return false;
    ctx.state.nodePort = nodePort;
    return `service ${SERVICE} (${svc.spec?.type}) has NodePort ${nodePort}`;
  },
  apply: async (_d, ctx) => {
    const r = await kubeChange(
      ctx,
      ['expose', 'deployment', SERVICE, '--type=NodePort', `--port=${PORT}`],
      () => ctx.tools.kube.exposeNodePort(SERVICE, PORT),
    );
    if (r?.kind === 'done') ctx.state.nodePort = r.value.nodePort;
    return `service ${SERVICE} created${ctx.state.nodePort ? ` on NodePort ${String(ctx.state.nodePort)}` : ''}`;
  },
  timeoutMs: 60_000,
};

/**
 * `open-port <port>/tcp` on every kubernetes-worker unit, so Juju opens it in the workers'
 * security group. The adapter writes the client's syntax: `juju exec --unit U -- open-port`
 * on 3.x, `juju run --unit U open-port` on 2.9.
 */
export const openPortOnWorkers: Step<D, ExposeState> = {
  name: 'open-port on every worker',
  check: async (_d, ctx) => {
    const port = ctx.state.nodePort;
    if (!port) return false;
    const units = await workerUnits(ctx);
    if (!units.length)
      throw new UserError(
        Codes.jujuNotFound,
        `no kubernetes-worker units in model ${k8sModelRef(ctx.config).ref}: run \`/deploy k8s\` first`,
      );
    ctx.state.workers = units;
    const missing = units.filter((u) => !u.openPorts.includes(`${port}/tcp`));
    return missing.length === 0 ? `${port}/tcp is open on ${units.map((u) => u.name).join(', ')}` : false;
  },
  apply: async (_d, ctx) => {
    // In a dry run the service was not created, so its port is not known yet.
    const port = ctx.state.nodePort ?? 30000;
    const units = ctx.state.workers ?? (await workerUnits(ctx));
    const k8s = ctx.tools.juju.k8s;
    for (const u of units)
      if (!u.openPorts.includes(`${port}/tcp`)) await k8s.openPort(u.name, `${port}/tcp`);
    return `opened ${port}/tcp on ${units.map((u) => u.name).join(', ')}`;
  },
  timeoutMs: 5 * 60_000,
  timeoutHint: 'is the Kubernetes model reachable (`juju status -m k8s`)?',
};

/** Waits until hello-node answers on the NodePort of a worker. */
export const nodePortAnswers: Step<D, ExposeState> = {
  name: 'answers on the NodePort',
  check: async (_d, ctx) => {
    const port = ctx.state.nodePort;
    if (!port) return false;
    const url = await firstAnswering(await workerAddresses(ctx), port, ctx.signal);
    if (url) ctx.state.url = url;
    return url ? `hello-node answers at ${url}` : false;
  },
  apply: async () => undefined,
  wait: async (_d, ctx) => {
    const port = ctx.state.nodePort;
    if (!port)
      throw new UserError(
        Codes.kubeNotFound,
        `service ${SERVICE} has no NodePort: \`kubectl get svc ${SERVICE}\``,
      );
    const url = await converge(async () => firstAnswering(await workerAddresses(ctx), port, ctx.signal), {
      clock: ctx.clock,
      signal: ctx.signal,
      intervalMs: 1_000,
    });
    ctx.state.url = url;
    return `hello-node answers at ${url}`;
  },
  timeoutMs: 3 * 60_000,
  timeoutHint:
    "nothing answered on the NodePort: check `kubectl get endpoints hello-node` and the workers' security group (open-port)",
};
