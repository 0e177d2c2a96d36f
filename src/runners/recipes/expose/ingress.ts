import type { JobData } from '../../../jobs/definitions.js';
import { labTools } from '../../lab-tools.js';
import type { Step } from '../../recipe.js';
import { workerAddresses } from '../common/hello-url.js';
import { kubeChange } from '../common/kube-change.js';
import { mustHaveDeployment } from '../common/kube-wait.js';
import { PORT, SERVICE } from './nodeport.js';

type D = JobData<'expose'>;

/**
 * `kubectl expose deployment hello-node --port=8080`: the ClusterIP service the guide's
 * Ingress routes to (an existing hello-node service of any type serves as well).
 */
export const clusterIpService: Step<D> = {
  name: 'service hello-node (ClusterIP)',
  check: async (_d, ctx) => {
    await mustHaveDeployment(ctx, SERVICE);
    const svc = await labTools(ctx).kube.getService(SERVICE);
    return svc ? `service ${SERVICE} (${svc.spec?.type ?? 'ClusterIP'}) exists` : false;
  },
  apply: async (_d, ctx) => {
    await kubeChange(ctx, ['expose', 'deployment', SERVICE, `--port=${PORT}`], () =>
      labTools(ctx).kube.exposeNodePort(SERVICE, PORT, PORT, 'ClusterIP'),
    );
    return `service ${SERVICE} created (ClusterIP, port ${PORT})`;
  },
  timeoutMs: 60_000,
};

/**
 * The guide's Ingress rewritten for today's clusters: `networking.k8s.io/v1` (not
 * extensions/v1beta1) and a `nip.io` host (xip.io is gone): `hello-node.<worker-ip>.nip.io`.
 */
export const ingress: Step<D> = {
  name: 'ingress hello-node (networking.k8s.io/v1, nip.io)',
  check: async (_d, ctx) => {
    const ing = await labTools(ctx).kube.getIngress(SERVICE);
    const host = ing?.spec?.rules?.[0]?.host;
    if (!ing || !host) return false;
    ctx.vars.url = `http://${host}/`;
    return `ingress ${SERVICE} routes ${host}`;
  },
  apply: async (_d, ctx) => {
    const [ip] = await workerAddresses(ctx);
    const worker = ip ?? '127.0.0.1';
    const host = `${SERVICE}.${worker}.nip.io`;
    // `kubectl create ingress` writes networking.k8s.io/v1 with pathType Prefix for `/*`.
    await kubeChange(ctx, ['create', 'ingress', SERVICE, `--rule=${host}/*=${SERVICE}:${PORT}`], () =>
      labTools(ctx).kube.createIngress(SERVICE, worker, PORT),
    );
    ctx.vars.url = `http://${host}/`;
    return `ingress ${SERVICE} routes ${host} to ${SERVICE}:${PORT}`;
  },
  timeoutMs: 2 * 60_000,
};
