import { existsSync } from 'node:fs';
import type { RecipeContext } from '../../context.js';
import { kubeconfigPathOf } from '../../lab-tools.js';
import { lbIngress } from '../../tools/kube/index.js';
import { lbVerdict } from '../../tools/openstack/index.js';

const why = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 200);

/** OpenStack side: services, load balancers and the web-server instance; an error is reported, not thrown. */
export async function openstackSide(ctx: RecipeContext) {
  const os = ctx.tools.openstack;
  try {
    const services = (await os.serviceList()).map((s) => s.name);
    const lbs = services.includes('octavia') ? await os.loadbalancerList().catch(() => []) : [];
    const web = await os.serverShow('juju-openstack-web-server');
    return {
      ok: true as const,
      services,
      loadBalancers: lbs.map((lb) => ({
        name: lb.name,
        state: `${lb.provisioning}/${lb.operating}`,
        healthy: lbVerdict(lb).state === 'healthy',
      })),
      webServer: web ? String(web.status) : undefined,
    };
  } catch (err) {
    return { ok: false as const, error: why(err) };
  }
}

/** Kubernetes side: hello-node and its service; "no kubeconfig" or an unreachable API is reported. */
export async function kubeSide(ctx: RecipeContext) {
  if (!existsSync(kubeconfigPathOf(ctx))) {
    return {
      ok: false as const,
      error: `not deployed yet: no kubeconfig at ${kubeconfigPathOf(ctx)} (\`/deploy k8s\` fetches it)`,
    };
  }
  try {
    const { kube } = ctx.tools;
    const d = await kube.getDeployment('hello-node');
    const svc = await kube.getService('hello-node');
    const ing = svc ? lbIngress(svc) : undefined;
    return {
      ok: true as const,
      helloNode: d
        ? {
            replicas: d.spec?.replicas ?? 1,
            ready: d.status?.readyReplicas ?? 0,
            image: d.spec?.template.spec?.containers[0]?.image,
          }
        : undefined,
      service: svc
        ? { type: svc.spec?.type ?? 'ClusterIP', external: ing?.state === 'ready' ? ing.address : undefined }
        : undefined,
    };
  } catch (err) {
    return { ok: false as const, error: why(err) };
  }
}
